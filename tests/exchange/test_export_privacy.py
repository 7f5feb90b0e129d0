"""What a partner or the public may see: every cell of every sheet (hidden ones too) of the
sample's `partner` and `public` workbooks is scanned for what must not leave the audit team.

Each scan also runs on the `internal` workbook, where it must find what it looks for: a scan
that cannot fail proves nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import openpyxl
import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.equality import QUESTIONS
from coprod_desktop.domain.vocabulary import Coded, ConsentScope, Rung
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.writer import display_name
from tests.exchange.conftest import all_cells, sheet_records

SHARING = (ConsentScope.PARTNERS, ConsentScope.PUBLIC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PSEUDONYM = re.compile(r"\bParticipant \d+\b")
# A count written out in words of a sentence (e.g. "it has 2 strong links").
COUNT_IN_TEXT = re.compile(
    r"\b(?:no|[0-4]) (?:strong links?|links?|people|persons?|capabilit(?:y|ies)|assets?)\b"
)


def _every_label() -> set[str]:
    labels = set()
    for vocabulary in Coded.__subclasses__():
        labels |= {member.label for member in vocabulary}
    return labels | {"Yes", "No"}


# Equality answers that mean nothing else in a workbook ("Yes" and "No" are also hats, paid...).
EQUALITY_LABELS = {
    answer.label for question in QUESTIONS for answer in question.answers
} - _every_label()


@dataclass
class Secrets:
    """What the sample holds that only the audit team may see."""

    contact: dict[str, set[str]] = field(default_factory=dict)  # found as substrings
    notes: dict[str, set[str]] = field(default_factory=dict)  # found as whole cells
    hidden_names: set[str] = field(default_factory=set)  # no consent to be named
    shown_names: set[str] = field(default_factory=set)
    pseudonyms: set[str] = field(default_factory=set)
    unshared_capabilities: set[str] = field(default_factory=set)  # IDs
    person_ids: set[str] = field(default_factory=set)
    equality_answers: int = 0


@pytest.fixture(scope="module")
def secrets(sample_store) -> Secrets:
    found = Secrets()
    people = list(sample_store.iterate(r.Person))
    found.contact = {
        "e-mail": {p.email for p in people if p.email},
        "phone": {p.phone for p in people if p.phone},
        "address": {p.address for p in people if p.address},
        "asset contact": {a.contact for a in sample_store.iterate(r.CommunityAsset) if a.contact},
    }
    found.notes = {
        "person note": {p.notes for p in people if p.notes},
        "accessibility note": {p.accessibility_note for p in people if p.accessibility_note},
        "role note": {role.notes for role in sample_store.iterate(r.Role) if role.notes},
    }
    found.shown_names = {p.name for p in people if p.consent_scope in SHARING}
    found.hidden_names = {p.name for p in people if p.consent_scope not in SHARING}
    found.hidden_names -= found.shown_names  # two people of the same name
    found.pseudonyms = {p.pseudonym for p in people}
    found.person_ids = {p.id for p in people}
    found.unshared_capabilities = {
        c.id for c in sample_store.iterate(r.Capability) if not c.willing_to_share
    }
    found.equality_answers = sum(len(p.equality) for p in people)
    # The sample must hold enough of each for the scans to mean something.
    assert all(len(values) > 5 for values in found.contact.values())
    assert all(values for values in found.notes.values())
    assert len(found.hidden_names) > 20 and len(found.shown_names) > 20
    assert len(found.unshared_capabilities) > 5 and found.equality_answers > 100
    return found


@pytest.fixture(scope="module")
def texts(exported) -> dict[str, list[tuple[str, str, str]]]:
    """level -> every non-empty cell of the sample's workbook as (sheet, cell, text)."""
    return {
        level: [(sheet, where, str(value)) for sheet, where, value in all_cells(exported(level))]
        for level in ("internal", "partner", "public")
    }


def where(hits: list[tuple[str, str, str]]) -> str:
    return "; ".join(f"{sheet}!{cell} {text[:60]!r}" for sheet, cell, text in hits[:5])


def substring_hits(cells, needles: set[str]) -> list[tuple[str, str, str]]:
    return [cell for cell in cells if any(needle in cell[2] for needle in needles)]


def name_hits(cells, names: set[str]) -> list[tuple[str, str, str]]:
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\b")
    return [cell for cell in cells if pattern.search(cell[2])]


def equality_hits(cells) -> list[tuple[str, str, str]]:
    return [cell for cell in cells if cell[2].startswith("Equality:") or cell[2] in EQUALITY_LABELS]


# -- the scans find what they look for in the internal workbook ------------------------------


def test_the_internal_workbook_has_everything(texts, secrets, exported):
    cells = texts["internal"]
    for what, values in secrets.contact.items():
        assert len(substring_hits(cells, values)) >= len(values), what
    for what, values in secrets.notes.items():
        assert {text for _, _, text in cells} >= values, what
    assert len(equality_hits(cells)) > secrets.equality_answers // 2
    people = openpyxl.load_workbook(exported("internal"))["People"]
    answers = sum(
        cell.value is not None
        for column in people.iter_cols(min_row=1)
        if str(column[0].value).startswith("Equality: ")
        for cell in column[1:]
    )
    assert answers == secrets.equality_answers
    assert name_hits(cells, secrets.hidden_names)
    assert {text for _, _, text in cells} >= secrets.unshared_capabilities


# -- partner -----------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["partner", "public"])
def test_no_contact_details(texts, secrets, level):
    for what, values in secrets.contact.items():
        hits = substring_hits(texts[level], values)
        assert hits == [], f"{level} workbook shows a {what}: {where(hits)}"


@pytest.mark.parametrize("level", ["partner", "public"])
def test_no_private_notes(texts, secrets, level):
    for what, values in secrets.notes.items():
        hits = [cell for cell in texts[level] if cell[2] in values]
        assert hits == [], f"{level} workbook shows a {what}: {where(hits)}"


@pytest.mark.parametrize("level", ["partner", "public"])
def test_no_equality_data(texts, exported, level):
    hits = equality_hits(texts[level])
    assert hits == [], f"{level} workbook shows equality data: {where(hits)}"
    book = openpyxl.load_workbook(exported(level))
    for ws in book.worksheets:
        assert not any(
            str(cell.value).startswith("Equality") and ":" in str(cell.value) for cell in ws[1]
        ), ws.title


def test_partner_columns_leave_out_contact_notes_and_equality(exported):
    book = openpyxl.load_workbook(exported("partner"))
    people = [cell.value for cell in book["People"][1]]
    for header in ("Email", "Phone", "Address", "Notes", "Accessibility needs"):
        assert header not in people
    assert "Contact" not in [cell.value for cell in book["Assets"][1]]
    assert "Notes" not in [cell.value for cell in book["Role details"][1]]


def test_partner_names_only_people_who_agreed(texts, secrets):
    hits = name_hits(texts["partner"], secrets.hidden_names)
    assert hits == [], (
        f"{len(hits)} cells of the partner workbook name people whose consent does not cover "
        f"partners: {where(hits)}"
    )
    shown = {text for _, _, text in texts["partner"]}
    assert secrets.shown_names <= shown


def test_partner_shows_the_pseudonym_of_everyone_else(exported, sample_store):
    book = openpyxl.load_workbook(exported("partner"))
    people = {p.id: p for p in sample_store.iterate(r.Person)}
    rows = sheet_records(book["People"])
    assert len(rows) == len(people)
    for row in rows:
        person = people[row["Person ID (leave as it is)"]]
        expected = person.name if person.consent_scope in SHARING else person.pseudonym
        assert row["Name"] == expected
        assert row["Pseudonym"] == person.pseudonym
    for sheet in ("Capabilities", "Role details", L.ROLE_GRID_SHEET):
        for row in sheet_records(book[sheet]):
            person = people[row["Person ID"]]
            expected = person.name if person.consent_scope in SHARING else person.pseudonym
            assert row["Person"] == expected, sheet


def test_partner_leaves_out_capabilities_people_keep_to_themselves(texts, secrets, exported):
    hits = [cell for cell in texts["partner"] if cell[2] in secrets.unshared_capabilities]
    assert hits == [], (
        f"{len(hits)} cells of the partner workbook hold capabilities their person does not "
        f"want shared: {where(hits)}"
    )
    book = openpyxl.load_workbook(exported("partner"))
    rows = sheet_records(book["Capabilities"])
    assert rows and all(row["Willing to share"] == "Yes" for row in rows)


@pytest.mark.parametrize(
    ("name", "pseudonym", "consent", "shown"),
    [
        ("Siân Evans", "Participant 4", ConsentScope.PARTNERS, "Siân Evans"),
        ("Siân Evans", "Participant 4", ConsentScope.PUBLIC, "Siân Evans"),
        ("Siân Evans", "Participant 4", ConsentScope.INTERNAL, "Participant 4"),
        ("Siân Evans", "Participant 4", None, "Participant 4"),
        ("Siân Evans", "Participant 4", "partners", "Siân Evans"),  # as the database holds it
        ("Siân Evans", "Participant 4", "internal", "Participant 4"),
    ],
)
def test_display_name_at_partner_level(name, pseudonym, consent, shown):
    from coprod_desktop.domain.vocabulary import PrivacyLevel

    assert display_name(name, pseudonym, consent, PrivacyLevel.PARTNER) == shown
    assert display_name(name, pseudonym, consent, PrivacyLevel.INTERNAL) == name


# -- public ------------------------------------------------------------------------------------


def test_public_names_nobody(texts, secrets):
    cells = texts["public"]
    hits = name_hits(cells, secrets.hidden_names | secrets.shown_names)
    assert hits == [], f"the public workbook names people: {where(hits)}"
    hits = [cell for cell in cells if PSEUDONYM.search(cell[2])]
    hits += substring_hits(cells, secrets.pseudonyms)
    assert hits == [], f"the public workbook shows pseudonyms: {where(hits)}"
    hits = [cell for cell in cells if set(UUID.findall(cell[2])) & secrets.person_ids]
    assert hits == [], f"the public workbook holds people's IDs: {where(hits)}"


# Cells that count assets, asset links, actions or rounds: not about people, so exact however
# small (analysis.small_counts). By sheet: the headers of such columns, or (Overview) the
# labels of such rows.
WORK_COLUMNS = {
    "Assets": {"Active", "At risk", "Closed", "All"},
    "Overview": {"Assets", "Open", "Of which overdue", "Done", "Dropped", "All"},
}
WORK_ROWS = {
    "Community assets",
    "Links of community assets to elements",
    "Self-assessment rounds",
    "Actions",
}


def _small_people_counts(path) -> tuple[list[str], int]:
    """Counts of people under 5 shown in a workbook (each block of a sheet has its header
    row), and how many cells show "<5"."""
    book = openpyxl.load_workbook(path)
    small = []
    suppressed = 0
    for ws in book.worksheets:
        header: list = []
        for row in ws.iter_rows():
            values = [cell.value for cell in row]
            starts = not header or values[0] in ("Element", "What")
            if starts and all(isinstance(v, str) or v is None for v in values):
                header = values
                continue
            for cell in row:
                value = cell.value
                suppressed += value == "<5"
                if isinstance(value, bool) or not isinstance(value, int) or value >= 5:
                    continue
                column = header[cell.column - 1] if cell.column <= len(header) else None
                # Ratings of 1 to 5 are not counts.
                if ws.title == "Self-assessment" and column == "Rating":
                    continue
                if column in WORK_COLUMNS.get(ws.title, ()) or values[0] in WORK_ROWS:
                    continue
                small.append(f"{ws.title}!{cell.coordinate}={value}")
    return small, suppressed


def test_public_shows_no_count_of_people_under_five(exported):
    small, suppressed = _small_people_counts(exported("public"))
    assert small == [], f"counts of people under 5 in the public workbook: {small[:10]}"
    assert suppressed > 10  # the sample has small groups: the rule is exercised


def test_the_small_count_scan_finds_small_counts_in_the_internal_workbook(exported):
    small, _ = _small_people_counts(exported("internal"))
    assert len(small) > 5


def test_public_sentences_do_not_give_away_a_suppressed_count(texts):
    hits = [cell for cell in texts["public"] if COUNT_IN_TEXT.search(cell[2])]
    assert hits == [], f"the public workbook states counts under 5 in words: {where(hits)}"


def test_public_role_totals_cover_every_stage_and_rung(exported):
    rows = sheet_records(openpyxl.load_workbook(exported("public"))["Roles"])
    assert len(rows) == 6
    assert all(set(row) >= {rung.label for rung in Rung} for row in rows)


# -- a shared workbook depends on nothing it hides ---------------------------------------------


def _shown(path) -> list[tuple[str, str, object]]:
    """Every cell of a workbook but the time it was made (which differs between two exports)."""
    made = {"exported_at"}
    cells = []
    for sheet, where, value in all_cells(path):
        if sheet == L.ABOUT_SHEET and where.startswith("B") and cells[-1][2] in made:
            continue
        cells.append((sheet, where, value))
    return cells


def change_what_partners_may_not_see(store, *, equality: bool = True) -> None:
    """Change, in place, only what a partner workbook must hide. `equality`: also change two
    people's equality answers (a report shows their totals, so its test leaves them)."""
    import dataclasses

    people = list(store.iterate(r.Person))
    with_roles = {role.person_id for role in store.iterate(r.Role)}
    hidden = [p for p in people if p.consent_scope not in SHARING and p.id in with_roles]
    # Names that sort first and last: a list ordered by real names would move these rows.
    for person, name in ((hidden[0], "Aaron Aaberg"), (hidden[-1], "Zygmunt Zyskowski")):
        store.update(
            dataclasses.replace(
                person,
                name=name,
                email="changed@example.org",
                phone="01632 960000",
                address="1 Changed Street",
                notes="Changed note",
                accessibility_note="Changed access note",
                **({"equality": {"age": "75_plus", "sex": "female"}} if equality else {}),
            )
        )
    asset = next(a for a in store.iterate(r.CommunityAsset) if a.contact)
    store.update(dataclasses.replace(asset, contact="someone.else@example.org"))
    role = next(store.iterate(r.Role))
    store.update(dataclasses.replace(role, notes="A changed private note"))
    action = next(store.iterate(r.Action))
    store.update(dataclasses.replace(action, owner="Somebody Else"))
    private = next(c for c in store.iterate(r.Capability) if not c.willing_to_share)
    store.update(dataclasses.replace(private, description="A changed private capability"))


@pytest.mark.parametrize("level", ["partner", "public"])
def test_changing_only_hidden_details_changes_nothing_in_the_workbook(
    copy_of_sample, exported, tmp_path, level
):
    from coprod_desktop.domain.vocabulary import PrivacyLevel
    from coprod_desktop.exchange.workbook.writer import export_workbook

    change_what_partners_may_not_see(copy_of_sample)
    changed = tmp_path / f"changed-{level}.xlsx"
    export_workbook(copy_of_sample, changed, privacy=PrivacyLevel(level))
    before, after = _shown(exported(level)), _shown(changed)
    differences = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
    assert len(before) == len(after)
    assert differences == [], (
        f"the {level} workbook changed where only hidden details changed: {differences[:4]}"
    )


# -- a person shown by pseudonym: nothing beside it says who they are --------------------------

# The People columns that, in a small place, would say who a pseudonym is.
IDENTIFYING_HEADERS = ("Organisation", "Availability", "About what they want back")


def test_partner_leaves_blank_what_identifies_a_pseudonymised_person(exported, sample_store):
    book = openpyxl.load_workbook(exported("partner"))
    people = {p.id: p for p in sample_store.iterate(r.Person)}
    blanked = kept = 0
    for row in sheet_records(book["People"]):
        person = people[row["Person ID (leave as it is)"]]
        stored = (person.organisation, person.availability, person.reciprocity_note)
        cells = tuple(row[header] for header in IDENTIFYING_HEADERS)
        if person.consent_scope in SHARING:
            assert cells == tuple(value or None for value in stored), person.name
            kept += any(stored)
        else:
            assert row["Name"] == person.pseudonym
            assert cells == (None, None, None), f"{person.pseudonym}: {cells}"
            blanked += any(stored)
    assert blanked > 20 and kept > 20  # the sample has both: the rule is exercised


def test_a_partner_workbook_imported_back_changes_no_pseudonymised_person(
    copy_of_sample, exported, tmp_path
):
    """Importing the partner copy back keeps what it left blank; a partner's edit of another
    cell of a pseudonymised person changes that field only."""
    from coprod_desktop.exchange.importing.importer import apply_import, plan_import

    store = copy_of_sample
    people = list(store.iterate(r.Person))
    person = next(
        p for p in people if p.consent_scope not in SHARING and p.organisation and p.availability
    )
    plan = plan_import(store, exported("partner"))
    assert plan.changed == 0 and not plan.has_errors

    book = openpyxl.load_workbook(exported("partner"))
    ws = book["People"]
    header = [cell.value for cell in ws[1]]
    id_column = header.index("Person ID (leave as it is)")
    row = next(row for row in ws.iter_rows(min_row=2) if row[id_column].value == person.id)
    assert [row[header.index(h)].value for h in IDENTIFYING_HEADERS] == [None, None, None]
    row[header.index("Languages")].value = "Polish"
    edited = tmp_path / "edited-partner.xlsx"
    book.save(edited)

    plan = plan_import(store, edited)
    assert [(change.sheet, change.fields) for change in plan.changes] == [
        ("People", ("Languages",))
    ]
    apply_import(store, plan)
    after = store.get(r.Person, person.id)
    assert after.languages == ("Polish",)
    assert (after.name, after.organisation, after.availability, after.reciprocity_note) == (
        person.name,
        person.organisation,
        person.availability,
        person.reciprocity_note,
    )
