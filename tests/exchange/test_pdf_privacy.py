"""What a partner or the public may read in the PDF report: the text of the sample's `partner`
and `public` reports (pdftotext) is scanned for what must not leave the audit team, as
test_export_privacy.py does for the workbooks.

Each scan also runs on the `internal` report where that report shows what the scan looks for:
a scan that cannot fail proves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.equality import QUESTIONS
from coprod_desktop.domain.vocabulary import ConsentScope, PrivacyLevel, Rung, Stage
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.workbook.writer import display_name
from tests.exchange.test_export_privacy import change_what_partners_may_not_see
from tests.exchange.test_pdf_report import Built, build, flat, pdf_text

SHARING = (ConsentScope.PARTNERS, ConsentScope.PUBLIC)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PSEUDONYM = re.compile(r"\bParticipant \d+\b")
# Equality answers specific enough not to be said by anything else in a report (single words
# such as "White" or "Christian" may be part of a capability or an asset's name).
EQUALITY_PHRASES = {
    flat(answer.label)
    for question in QUESTIONS
    for answer in question.answers
    if len(answer.label.split()) >= 3 and answer.label != "Prefer not to say"
}


@dataclass
class Secrets:
    """What the sample holds that only the audit team may see."""

    contact: dict[str, set[str]] = field(default_factory=dict)  # found as substrings
    notes: dict[str, set[str]] = field(default_factory=dict)  # found as substrings
    hidden_names: set[str] = field(default_factory=set)  # no consent to be named to partners
    shown_names: set[str] = field(default_factory=set)
    pseudonyms: dict[str, str] = field(default_factory=dict)  # name -> pseudonym
    people_owners: set[str] = field(default_factory=set)  # action owners who are people
    # Rows of the inventory as pdftotext reads them: "<description> <person>".
    unshared: dict[str, set[str]] = field(default_factory=dict)  # level -> rows
    shared: set[str] = field(default_factory=set)  # descriptions of shared capabilities
    person_ids: set[str] = field(default_factory=set)


@pytest.fixture(scope="module")
def secrets(sample_store) -> Secrets:
    found = Secrets()
    people = list(sample_store.iterate(r.Person))
    found.contact = {
        "e-mail": {p.email for p in people if p.email},
        "phone": {p.phone for p in people if p.phone},
        "address": {flat(p.address) for p in people if p.address},
        "street": {p.address.split(",")[0] for p in people if "," in p.address},
        "asset contact": {a.contact for a in sample_store.iterate(r.CommunityAsset) if a.contact},
    }
    found.notes = {
        "person note": {flat(p.notes) for p in people if p.notes},
        "accessibility note": {flat(p.accessibility_note) for p in people if p.accessibility_note},
        "role note": {flat(x.notes) for x in sample_store.iterate(r.Role) if x.notes},
    }
    found.shown_names = {p.name for p in people if p.consent_scope in SHARING}
    found.hidden_names = {p.name for p in people if p.consent_scope not in SHARING}
    found.hidden_names -= found.shown_names  # two people of the same name
    found.pseudonyms = {p.name: p.pseudonym for p in people}
    found.person_ids = {p.id for p in people}
    names = {p.name for p in people} | {op.split(" (")[0] for op in sample_store.audit().operators}
    found.people_owners = {a.owner for a in sample_store.iterate(r.Action) if a.owner in names}
    capabilities = list(sample_store.iterate(r.Capability))
    found.shared = {flat(c.description) for c in capabilities if c.willing_to_share}
    by_id = {p.id: p for p in people}
    found.unshared = {
        level.value: {
            f"{flat(c.description)} "
            + display_name(
                by_id[c.person_id].name,
                by_id[c.person_id].pseudonym,
                by_id[c.person_id].consent_scope,
                level,
            )
            for c in capabilities
            if not c.willing_to_share
        }
        for level in (PrivacyLevel.INTERNAL, PrivacyLevel.PARTNER)
    }
    # The sample must hold enough of each for the scans to mean something.
    assert all(len(values) > 5 for values in found.contact.values()), found.contact.keys()
    assert all(values for values in found.notes.values())
    assert len(found.hidden_names) > 20 and len(found.shown_names) > 20
    assert len(found.unshared["partner"]) > 20 and len(found.people_owners) > 3
    return found


@pytest.fixture(scope="module")
def report(sample_store, tmp_path_factory) -> Callable[[str], Built]:
    """report("partner") -> the sample's full report at that level (made once)."""
    folder = tmp_path_factory.mktemp("pdf-privacy")
    made: dict[str, Built] = {}

    def make(level: str) -> Built:
        if level not in made:
            made[level] = build(sample_store, folder / f"sample-{level}.pdf", level)
        return made[level]

    return make


def context(text: str, needle: str, width: int = 60) -> str:
    at = text.find(needle)
    return text[max(0, at - width) : at + len(needle) + width] if at >= 0 else ""


def substring_hits(text: str, needles: set[str]) -> list[str]:
    return sorted(needle for needle in needles if needle in text)


def packed_hits(text: str, needles: set[str]) -> list[str]:
    """The needles found in the text with all white space taken out of both: a long e-mail
    address in a narrow column is broken across lines, even within a word."""
    packed = "".join(text.split())
    return sorted(needle for needle in needles if "".join(needle.split()) in packed)


def name_pattern(names: set[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)")


def name_hits(text: str, names: set[str]) -> list[str]:
    return sorted({m[0] for m in name_pattern(names).finditer(text)})


def show(text: str, hits: list[str]) -> str:
    return "; ".join(f"{hit!r} in …{context(text, hit)}…" for hit in hits[:4])


# -- the scans find what they look for in the internal report -----------------------------------


def test_the_internal_report_names_people_and_their_capabilities(report, secrets):
    text = report("internal").flat
    assert name_hits(text, secrets.hidden_names)
    rows = secrets.unshared["internal"]
    assert len(name_hits(text, rows)) == len(rows), "the scan for inventory rows fails"
    assert substring_hits(text, secrets.people_owners), "the internal plan names no owner"
    assert substring_hits(text, EQUALITY_PHRASES), "the scan for equality answers finds nothing"
    contacts = secrets.contact["asset contact"]
    assert len(packed_hits(text, contacts)) == len(contacts), "the scan for contacts fails"


# -- partner and public ------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["partner", "public"])
def test_no_contact_details(report, secrets, level):
    text = report(level).flat
    for what, values in secrets.contact.items():
        hits = packed_hits(text, values)
        assert hits == [], f"the {level} report shows a {what}: {hits[:4]}"


@pytest.mark.parametrize("level", ["partner", "public"])
def test_no_private_notes(report, secrets, level):
    text = report(level).flat
    for what, values in secrets.notes.items():
        hits = packed_hits(text, values)
        assert hits == [], f"the {level} report shows a {what}: {hits[:4]}"


@pytest.mark.parametrize("level", ["partner", "public"])
def test_no_action_owners(report, secrets, level):
    built = report(level)
    plan = flat(built.section_text("actions"))
    assert "Owner" not in plan.split()
    # The plan and the summary's top actions (owners who agreed to be named may still appear
    # elsewhere, as people who offer capabilities).
    for key in ("summary", "actions"):
        text = flat(built.section_text(key))
        hits = substring_hits(text, secrets.people_owners)
        assert hits == [], f"the {level} report's {key} names owners: {show(text, hits)}"


@pytest.mark.parametrize("level", ["internal", "partner", "public"])
def test_equality_answers_are_only_counted_never_told_per_person(report, secrets, level):
    built = report(level)
    # Outside "who are we leaving out?" (which counts answers) no equality answer is said.
    for key in ("summary", "elements", "roles", "capabilities", "assets", "actions"):
        text = flat(built.section_text(key))
        if key in ("summary", "roles") and "leaving_out" in built.result.sections:
            # A page may hold the end of one section and the start of the next.
            text = text.replace(flat(built.section_text("leaving_out")), "")
        # The summary may name the groups under-represented (totals, not people).
        text = re.sub(r"Under-represented compared with the area: [^.]*\.", "", text)
        hits = substring_hits(text, EQUALITY_PHRASES)
        assert hits == [], f"{level} report, section {key}, says {show(text, hits)}"
    # And the counts never sit beside a person's name.
    counted = flat(built.section_text("leaving_out"))
    names = name_hits(counted, secrets.hidden_names | secrets.shown_names)
    assert names == [], f"{level}: people named among equality counts: {show(counted, names)}"


def test_partner_names_only_people_who_agreed(report, secrets):
    text = report("partner").flat
    hits = name_hits(text, secrets.hidden_names)
    assert hits == [], (
        f"the partner report names {len(hits)} people whose consent does not cover partners: "
        f"{show(text, hits)}"
    )


def test_partner_shows_pseudonyms_and_the_names_of_those_who_agreed(report, secrets, sample_store):
    text = report("partner").flat
    people = {p.id: p for p in sample_store.iterate(r.Person)}
    holders = {
        c.person_id
        for c in sample_store.iterate(r.Capability)
        if c.willing_to_share and c.person_id in people
    }
    for person in map(people.get, holders):
        expected = person.name if person.consent_scope in SHARING else person.pseudonym
        assert re.search(rf"(?<!\w){re.escape(expected)}(?!\w)", text), (
            f"the partner inventory does not show {expected!r} (consent {person.consent_scope})"
        )


def test_partner_leaves_out_capabilities_people_keep_to_themselves(report, secrets):
    text = report("partner").flat
    hits = name_hits(text, secrets.unshared["partner"])
    assert hits == [], (
        f"the partner report holds {len(hits)} capabilities their person does not want shared: "
        f"{show(text, hits)}"
    )
    assert len(substring_hits(text, secrets.shared)) > len(secrets.shared) // 2


# -- public --------------------------------------------------------------------------------------


def test_public_names_nobody(report, secrets):
    text = report("public").flat
    hits = name_hits(text, secrets.hidden_names | secrets.shown_names)
    assert hits == [], f"the public report names people: {show(text, hits)}"
    hits = [m[0] for m in PSEUDONYM.finditer(text)]
    assert hits == [], f"the public report shows pseudonyms: {show(text, hits)}"
    hits = sorted(set(UUID.findall(text)) & secrets.person_ids)
    assert hits == [], f"the public report holds people's IDs: {hits[:3]}"


def test_public_lists_no_capabilities_and_no_assets(report, secrets, sample_store):
    """Totals only, as the public workbook: no capability (they are people's) and no row of
    the asset register (names that also appear in an action's title may be there)."""
    text = report("public").flat
    long_enough = {d for d in secrets.shared if len(d) > 25}
    hits = substring_hits(text, long_enough)
    assert hits == [], f"the public report lists capabilities: {show(text, hits)}"
    titles = " ".join(flat(a.title) for a in sample_store.iterate(r.Action))
    names = {flat(a.name) for a in sample_store.iterate(r.CommunityAsset)}
    names = {n for n in names if n not in titles}
    assert len(names) > 20
    hits = substring_hits(text, names)
    assert hits == [], f"the public report lists assets: {show(text, hits)}"


def test_public_role_table_shows_each_count_or_under_five(report, sample_store):
    """The stage-by-rung counts a reader sees are exactly the public totals of the Excel
    export: every count under 5 as "<5" and the others as they are."""
    _, _, _, rows = public_tables._roles(sample_store)
    expected = {row[0]: [str(v) for v in row[1 : 1 + len(Rung)]] for row in rows}
    assert any("<5" in values for values in expected.values())
    assert any(v != "<5" for values in expected.values() for v in values)
    built = report("public")
    first, last = built.section_pages("roles")
    text = pdf_text(built.path, layout=True, first=first, last=last)
    found = {}
    for line in text.splitlines():
        for stage in Stage:
            label = re.escape(stage.label)
            match = re.match(rf"\s*{label}((?:\s+(?:<5|hidden|\d[\d,]*))+)\s*$", line)
            if match and stage.label not in found:
                found[stage.label] = match[1].split()
    assert set(found) == set(expected), f"stage rows found: {found}"
    for stage, values in expected.items():
        assert found[stage][: len(values)] == values, stage


def _small_numbers(line: str) -> list[str]:
    """Whole numbers 0 to 4 standing on their own in a line (not a part of a date, a
    percentage, a decimal, a longer number, a page number or "<5")."""
    line = re.sub(r"Page \d+ of \d+", "", line)
    line = re.sub(
        r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
        r"October|November|December) \d{4}\b",
        "",
        line,
    )
    return re.findall(r"(?<![\w.,<%/:-])[0-4](?![\w.,%/:-])", line)


# Where a small whole number is not a count: the self-assessment scale (ratings 1 to 5) and
# its change, the radar's rings, the appendix's numbered definitions, the checklist's numbers.
RATING_CONTEXT = re.compile(
    r"rating|rated|scale|Not yet|Starting out|Developing|Established|Embedded|out of 5|"
    r"since|round|^\s*[1-3][.)]\s",
    re.IGNORECASE,
)


def small_count_lines(built: Built, keys: tuple[str, ...]) -> list[str]:
    """Lines of the given sections (as the page shows them) holding a small whole number that
    is not a rating, a rank or a date: a count under 5."""
    small = []
    for key in keys:
        first, last = built.section_pages(key)
        text = pdf_text(built.path, layout=True, first=first, last=last)
        for line in text.splitlines():
            if _small_numbers(line) and not RATING_CONTEXT.search(line):
                small.append(f"{key}: {line.strip()[:110]}")
    return small


# The sections that count people. The asset register and the action plan count assets and
# actions, which are not about people and are shown exactly (analysis.small_counts): their
# small numbers are checked in test_public_numbers.py.
COUNTED = ("summary", "roles", "leaving_out", "capabilities")


def test_the_small_count_scan_finds_small_counts_in_the_internal_report(report):
    assert len(small_count_lines(report("internal"), COUNTED)) > 5


def test_public_shows_no_count_under_five(report):
    built = report("public")
    small = small_count_lines(built, COUNTED)
    assert small == [], "lines of the public report with a count under 5:\n" + "\n".join(small[:15])
    assert built.flat.count("<5") > 10  # the sample has small groups: the rule is exercised


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_equality_counts_under_five_are_hidden_at_every_level(report, level):
    small = small_count_lines(report(level), ("leaving_out",))
    assert small == [], f"{level}: equality counts under 5:\n" + "\n".join(small[:10])


# A small count written into a sentence (e.g. "it has 2 strong links", "1 of 8 people").
COUNT_IN_TEXT = re.compile(
    r"(?<![\w.,/])(?<!than )[0-4] (?:of \d|strong links?|links?|people|persons?|capabilit(?:y|ies)|"
    r"assets?|members? of staff|staff|volunteers?|carers?|roles?|actions?)\b"
)


def test_public_sentences_do_not_give_away_a_small_count(report):
    text = report("public").flat
    hits = [m[0] for m in COUNT_IN_TEXT.finditer(text)]
    assert hits == [], f"the public report states small counts in words: {show(text, hits)}"


# -- a shared report depends on nothing it hides -----------------------------------------------


@pytest.mark.parametrize("level", ["partner", "public"])
def test_changing_only_hidden_details_changes_nothing_in_the_report(
    copy_of_sample, report, tmp_path, level
):
    # Equality answers are left: the report shows their totals (who are we leaving out?).
    change_what_partners_may_not_see(copy_of_sample, equality=False)
    changed = build(copy_of_sample, tmp_path / f"changed-{level}.pdf", level)
    before, after = report(level).pages, changed.pages
    assert len(before) == len(after)
    differences = [
        (number, b, a) for number, (b, a) in enumerate(zip(before, after, strict=True), 1) if b != a
    ]
    assert differences == [], (
        f"the {level} report changed where only hidden details changed, first on page "
        f"{differences[0][0]}"
    )
