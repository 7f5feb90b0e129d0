"""Importing our own workbooks back: round trips, edits, new rows, other audits, templates."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import (
    AssessmentRating,
    AssessmentRound,
    Audit,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Element,
    ElementLink,
    Hat,
    Person,
    Role,
    Rung,
)
from coprod_desktop.domain.vocabulary import AssetStatus, ConsentScope, PrivacyLevel
from coprod_desktop.exchange.importing.importer import (
    ImportRefused,
    apply_import,
    plan_import,
)
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.writer import export_workbook, write_template
from coprod_desktop.store import AuditStore
from coprod_desktop.store.check import check_audit
from tests.exchange.conftest import TODAY, sha256


def columns(ws) -> dict[str, int]:
    """Header -> column number of a data sheet (headers in row 1)."""
    return {cell.value: cell.column for cell in ws[1] if cell.value}


def row_of(ws, record_id: str) -> int:
    """The row number holding the record with this ID (the last column)."""
    id_column = ws.max_column
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, id_column).value == record_id:
            return row
    raise AssertionError(f"{record_id} not on {ws.title}")


def append(ws, values: dict[str, object]) -> int:
    """Add a row after the last one, by header; return its number."""
    where = columns(ws)
    row = ws.max_row + 1
    for header, value in values.items():
        ws.cell(row, where[header], value)
    return row


def edit(path: Path, change) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    book.close()
    return path


@pytest.fixture
def workbook(exported, tmp_path):
    """An editable copy of the sample's internal export."""
    copy = tmp_path / "Edited.xlsx"
    shutil.copyfile(exported("internal"), copy)
    return copy


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_an_export_of_the_same_audit_changes_nothing(sample_store, exported, level):
    plan = plan_import(sample_store, exported(level), today=TODAY)

    assert plan.own_workbook and not plan.other_audit
    assert plan.problems == []
    assert (plan.new, plan.changed) == (0, 0)
    counts = sample_store.counts()
    by_sheet = {s.sheet: s.unchanged for s in plan.sheets}
    assert by_sheet["People"] == counts["people"]
    assert by_sheet["Assets"] == counts["assets"]
    assert by_sheet["Role details"] == counts["roles"]
    if level == "internal":
        assert by_sheet["Element links"] == counts["element_links"]
    else:  # links to capabilities their people keep to the audit team are left out
        assert 0 < by_sheet["Element links"] <= counts["element_links"]
    assert {"Read me", "Overview", "Roles"} <= set(plan.ignored_sheets)
    assert plan.to_text().rstrip().endswith("the audit already holds everything in this file.")


def test_a_partner_export_shows_pseudonyms_which_are_not_changes(sample_store, exported):
    book = openpyxl.load_workbook(exported("partner"), read_only=True)
    names = [row[0] for row in book["People"].iter_rows(min_row=2, values_only=True)]
    book.close()
    assert any(str(name).startswith("Participant ") for name in names)
    assert "Email" not in [c.header for c in L.PEOPLE.columns_at(PrivacyLevel.PARTNER)]

    plan = plan_import(sample_store, exported("partner"), today=TODAY)
    assert plan.changed == 0 and not plan.has_errors


def test_applying_an_unchanged_export_writes_nothing(copy_of_sample, exported):
    copy_of_sample.close()
    digest = sha256(copy_of_sample.path)
    with AuditStore.open(copy_of_sample.path) as store:
        plan = plan_import(store, exported("internal"), today=TODAY)
        result = apply_import(store, plan)
    assert (result.total_added, result.total_changed) == (0, 0)
    assert sha256(copy_of_sample.path) == digest


# -- edits ------------------------------------------------------------------------------------


def test_edited_cells_become_changes_of_those_fields_only(copy_of_sample, workbook):
    store = copy_of_sample
    person = store.page(Person, limit=1, sort="name")[0]
    capability = store.page(Capability, limit=1)[0]
    asset = store.page(CommunityAsset, limit=1)[0]
    new_status = next(s for s in AssetStatus if s != asset.status)
    wears = Hat.CARER in person.hats

    def change(book):
        ws = book["People"]
        where, row = columns(ws), row_of(ws, person.id)
        ws.cell(row, where["Email"], "  new.address@example.org ")
        ws.cell(row, where["Carer"], "No" if wears else "Yes")
        ws = book["Capabilities"]
        ws.cell(row_of(ws, capability.id), columns(ws)["Capability"], "Mends bicycles")
        ws = book["Assets"]
        ws.cell(row_of(ws, asset.id), columns(ws)["Status"], new_status.label.upper())

    edit(workbook, change)
    plan = plan_import(store, workbook, today=TODAY)

    assert not plan.problems, plan.to_text()
    assert (plan.new, plan.changed) == (0, 3)
    changes = {c.sheet: c.fields for c in plan.changes}
    assert set(changes["People"]) == {"Email", "hats"}
    assert changes["Capabilities"] == ("Capability",)
    assert changes["Assets"] == ("Status",)
    text = plan.to_text()
    assert "Changes:" in text and "Ready to import 0 new and 3 changed records" in text

    result = apply_import(store, plan)
    assert result.changed == {"People": 1, "Capabilities": 1, "Assets": 1}
    stored = store.get(Person, person.id)
    assert stored.email == "new.address@example.org"
    assert (Hat.CARER in stored.hats) is not wears
    assert stored.name == person.name and stored.notes == person.notes
    assert store.get(Capability, capability.id).description == "Mends bicycles"
    assert store.get(CommunityAsset, asset.id).status is new_status
    assert store.changes(limit=1)[0].action == "imported"
    assert "Imported from Edited.xlsx" in store.changes(limit=1)[0].summary

    # The same file again: nothing left to change.
    again = plan_import(store, workbook, today=TODAY)
    assert (again.new, again.changed) == (0, 0)
    assert check_audit(store.path).ok


def test_values_in_another_order_or_spelling_are_not_changes(copy_of_sample, workbook):
    store = copy_of_sample
    person = next(p for p in store.iterate(Person) if len(p.wants_in_return) >= 2)

    def change(book):
        ws = book["People"]
        where, row = columns(ws), row_of(ws, person.id)
        labels = [w.label for w in reversed(person.wants_in_return)]
        ws.cell(row, where["Wants in return"], ", ".join(label.lower() for label in labels))
        ws.cell(row, where["Name"], f"  {person.name}  ")

    edit(workbook, change)
    plan = plan_import(store, workbook, today=TODAY)
    assert plan.changed == 0 and not plan.problems


def test_new_rows_are_added_with_their_children(copy_of_sample, workbook):
    store = copy_of_sample
    asset = store.page(CommunityAsset, limit=1)[0]

    def change(book):
        append(
            book["People"],
            {
                "Name": "Gwenllian Ŵyn Prydderch",
                "Volunteer": "yes",
                "Languages": "Welsh; English",
                "Consent given on": "3 April 2025",
                "Consent covers": "Partner organisations",
            },
        )
        append(
            book["Capabilities"],
            {"Person": "gwenllian ŵyn prydderch", "Kind": "Hands", "Capability": "Knits"},
        )
        append(
            book["Role details"],
            {
                "Person": "Gwenllian Ŵyn Prydderch",
                "Stage": "Design",
                "Rung of the ladder": "Co-design",
            },
        )
        append(
            book["Element links"],
            {
                "Element": "Mutuality",
                "Linked to": "Community asset",
                "Linked ID": asset.id,
                "Strength (0-3)": 3,
            },
        )
        append(book["Actions"], {"Action": "Book the hall", "Due": datetime(2027, 1, 5)})

    edit(workbook, change)
    plan = plan_import(store, workbook, today=TODAY)

    assert not plan.problems, plan.to_text()
    assert {s.sheet: s.new for s in plan.sheets if s.new} == {
        "People": 1,
        "Capabilities": 1,
        "Element links": 1,
        "Role details": 1,
        "Actions": 1,
    }
    people_before = store.count(Person)
    result = apply_import(store, plan)
    assert result.total_added == 5
    assert store.count(Person) == people_before + 1
    new = store.page(Person, text="Gwenllian Prydderch")[0]
    assert new.hats == (Hat.VOLUNTEER,) and new.languages == ("Welsh", "English")
    assert new.consent_date == date(2025, 4, 3) and new.consent_scope is ConsentScope.PARTNERS
    assert new.pseudonym.startswith("Participant ")
    (knits,) = store.related(Capability, "person_id", [new.id])
    assert knits.kind is CapabilityKind.HANDS and knits.description == "Knits"
    (role,) = store.related(Role, "person_id", [new.id])
    assert role.rung is Rung.CO_DESIGN
    (link,) = [
        x
        for x in store.related(ElementLink, "asset_id", [asset.id])
        if x.strength == 3 and x.element is Element.RECIPROCITY
    ]
    assert link.evidence == ""
    assert check_audit(store.path).ok


def test_a_template_from_the_audit_adds_rows_and_skips_examples(copy_of_sample, tmp_path):
    store = copy_of_sample
    template = tmp_path / "Template.xlsx"
    write_template(template, store=store)

    def change(book):
        append(book["People"], {"Name": "Dai Davies", "Organisation": "Cwm Youth Club"})
        append(
            book["Assets"],
            {"Name": "Cwm Youth Club", "Category": "Associations", "Postcode": "CF10 1AA"},
        )

    edit(template, change)
    plan = plan_import(store, template, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    summary = {s.sheet: s for s in plan.sheets}
    assert summary["People"].skipped == 1 and summary["People"].new == 1
    assert summary["Assets"].new == 1 and summary["Assets"].unchanged == store.count(CommunityAsset)
    assert summary["Capabilities"].skipped == 1 and summary["Capabilities"].new == 0
    assert not [p for p in plan.problems if "Example" in p.message]


# -- rows that point at the wrong records ------------------------------------------------------


def test_unknown_ids_and_people_are_errors_naming_the_row(copy_of_sample, workbook):
    store = copy_of_sample
    people = list(store.iterate(Person))
    twins = people[0].name
    busy = store.page(Role, limit=1)[0]

    def change(book):
        ws = book["People"]
        ws.cell(row_of(ws, people[1].id), ws.max_column, "not-an-id-of-this-audit")
        append(book["Capabilities"], {"Person": "Nobody Atall", "Kind": "Head", "Capability": "x"})
        row = append(
            book["Role details"],
            {"Person": "", "Stage": busy.stage.label, "Rung of the ladder": "Informing"},
        )
        book["Role details"].cell(row, 1, busy.person_id)
        append(
            book["Self-assessment"],
            {"Round held on": "01/01/2020", "Element": "Assets", "Rating (1-5)": 3},
        )

    store.add(Person(name=twins))  # now two people share the name
    edit(workbook, change)

    def change_twins(book):
        append(book["Capabilities"], {"Person": twins, "Kind": "Head", "Capability": "Maps"})

    edit(workbook, change_twins)
    plan = plan_import(store, workbook, today=TODAY)
    texts = [str(p).lower() for p in plan.errors]

    assert any(
        "is not the id of a person in this audit" in t and "clear its id" in t for t in texts
    )
    assert any("there is no person called 'nobody atall'" in t for t in texts)
    assert any(f"2 people are called '{twins.lower()}'" in t for t in texts)
    assert any(
        "no self-assessment round held on 01/01/2020" in t and "add the round in the app" in t
        for t in texts
    )
    assert any(f"already has a role at the {busy.stage.label.lower()} stage" in t for t in texts)
    for problem in plan.errors:
        assert problem.sheet and problem.row and problem.column
        assert problem.column[0].isupper() and "(" in problem.column


def test_new_ratings_need_an_existing_round(copy_of_sample, workbook):
    store = copy_of_sample
    round_ = store.page(AssessmentRound, limit=1)[0]

    def change(book):
        append(
            book["Self-assessment"],
            {
                "Round held on": round_.held_on.strftime("%d %B %Y"),
                "Principle": "Diversity",
                "Rating (1-5)": "Developing",
                "Evidence": "New groups joined",
            },
        )

    edit(workbook, change)
    plan = plan_import(store, workbook, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    apply_import(store, plan)
    added = [
        x
        for x in store.related(AssessmentRating, "round_id", [round_.id])
        if x.evidence == "New groups joined"
    ]
    assert len(added) == 1 and added[0].score == 3


# -- other audits, public exports -------------------------------------------------------------


def test_a_workbook_of_another_audit_is_flagged_and_can_be_imported_as_new(
    sample_store, exported, new_audit
):
    plan = plan_import(new_audit, exported("partner"), today=TODAY)
    assert plan.other_audit and plan.has_errors
    assert "exported from another audit" in plan.to_text()
    assert any("import it as new" in p.advice.lower() for p in plan.warnings)

    as_new = plan_import(new_audit, exported("internal"), as_new=True, today=TODAY)
    # Only the ratings cannot come: their rounds are not in the new audit.
    assert {p.sheet for p in as_new.errors} == {"Self-assessment"}
    assert all("add the round in the app first" in str(p).lower() for p in as_new.errors)
    counts = sample_store.counts()
    by_sheet = {s.sheet: s.new for s in as_new.sheets}
    assert by_sheet["People"] == counts["people"]
    assert by_sheet["Assets"] == counts["assets"]
    assert by_sheet["Element links"] == counts["element_links"]
    apply_import(new_audit, as_new, valid_only=True)
    assert new_audit.count(Person) == counts["people"]
    # Children follow their parents under new IDs.
    old_ids = {p.id for p in sample_store.iterate(Person)}
    assert not old_ids & {p.id for p in new_audit.iterate(Person)}
    capability = new_audit.page(Capability, limit=1)[0]
    assert new_audit.get(Person, capability.person_id) is not None
    assert new_audit.count(ElementLink) == counts["element_links"]
    assert new_audit.count(Role) == counts["roles"]
    assert check_audit(new_audit.path).ok


def test_a_public_export_is_refused(sample_store, exported, tmp_path):
    path = tmp_path / "public.xlsx"
    export_workbook(sample_store, path, privacy=PrivacyLevel.PUBLIC)
    with pytest.raises(ImportRefused, match=r"public export.*totals only"):
        plan_import(sample_store, path)


# -- errors, valid rows only, cancelling ------------------------------------------------------


def test_with_errors_nothing_is_written_unless_only_valid_rows_are_asked_for(
    copy_of_sample, workbook
):
    store = copy_of_sample

    def change(book):
        append(book["People"], {"Name": "Valid Newperson"})
        append(book["People"], {"Name": "Bad Email", "Email": "bad@"})
        append(book["People"], {"Name": "Bad Date", "Consent given on": "31/02/2025"})

    edit(workbook, change)
    store.close()
    digest = sha256(store.path)
    with AuditStore.open(store.path) as reopened:
        plan = plan_import(reopened, workbook, today=TODAY)
        assert plan.has_errors and plan.new == 1
        texts = [str(p) for p in plan.errors]
        assert any("column" in t and "(Email)" in t and "'bad@'" in t for t in texts)
        assert any("(Consent given on)" in t and "31/02/2025" in t for t in texts)
        with pytest.raises(ImportRefused, match="Nothing was imported"):
            apply_import(reopened, plan)
    assert sha256(store.path) == digest
    with AuditStore.open(store.path) as reopened:
        result = apply_import(reopened, plan, valid_only=True)
        assert result.total_added == 1
        assert reopened.page(Person, text="Valid Newperson")
        assert not reopened.page(Person, text="Bad Email")


def test_cancelling_from_progress_stops_the_plan(sample_store, exported):
    class Cancelled(Exception):
        pass

    seen = []

    def progress(done, total):
        seen.append((done, total))
        raise Cancelled

    with pytest.raises(Cancelled):
        plan_import(sample_store, exported("internal"), progress=progress)
    assert seen == [(1000, seen[0][1])] and seen[0][1] >= 1000


def test_changes_made_since_the_preview_are_kept(copy_of_sample, workbook):
    store = copy_of_sample
    person = store.page(Person, limit=1)[0]

    def change(book):
        ws = book["People"]
        ws.cell(row_of(ws, person.id), columns(ws)["Phone"], "07000 000000")

    edit(workbook, change)
    plan = plan_import(store, workbook, today=TODAY)
    import dataclasses

    store.update(dataclasses.replace(store.get(Person, person.id), notes="edited meanwhile"))
    apply_import(store, plan)
    stored = store.get(Person, person.id)
    assert stored.phone == "07000 000000" and stored.notes == "edited meanwhile"


def test_plan_json_has_counts_problems_and_mapping(sample_store, exported):
    data = plan_import(sample_store, exported("internal"), today=TODAY).to_json()
    assert data["own_workbook"] is True and data["totals"]["changed"] == 0
    assert data["mapping"]["sheets"]["People"]["entity"] == "people"
    assert data["mapping"]["sheets"]["People"]["columns"]["Email"] == "email"
    assert {s["sheet"] for s in data["sheets"]} >= {"People", "Capabilities", "Actions"}


def test_a_new_audit_takes_a_template_without_an_audit(new_audit, tmp_path):
    template = tmp_path / "Blank template.xlsx"
    write_template(template)

    def change(book):
        append(book["People"], {"Name": "Sam Jones", "Carer": "x"})
        append(
            book["Capabilities"],
            {
                "Person": "Sam Jones",
                "Kind": "Connections",
                "Capability": "Knows the allotment society",
                "Willing to share": "N",
            },
        )

    edit(template, change)
    plan = plan_import(new_audit, template, today=TODAY)
    assert not plan.other_audit and not plan.has_errors, plan.to_text()
    apply_import(new_audit, plan)
    sam = new_audit.page(Person)[0]
    assert sam.hats == (Hat.CARER,)
    (capability,) = new_audit.page(Capability)
    assert capability.person_id == sam.id and capability.willing_to_share is False


def test_an_audit_of_its_own_is_unaffected_by_rows_marked_as_examples(tmp_path):
    path = tmp_path / "a.coprod"
    with AuditStore.create(path, Audit(title="A")) as store:
        template = tmp_path / "t.xlsx"
        write_template(template, store=store)
        plan = plan_import(store, template, today=TODAY)
        assert plan.nothing_to_do and not plan.problems
        assert sum(s.skipped for s in plan.sheets) == len(
            [e for s in L.TEMPLATE_SHEETS for e in s.examples]
        )


def test_a_sheet_sorted_in_excel_still_matches_every_row(copy_of_sample, workbook):
    store = copy_of_sample

    def change(book):
        ws = book["People"]
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
        rows.sort(key=lambda values: str(values[0]))  # sorted by name, as people do
        for number, values in enumerate(rows, start=2):
            for column, value in enumerate(values, start=1):
                ws.cell(number, column).value = value  # ws.cell(r, c, None) keeps the old one

    edit(workbook, change)
    plan = plan_import(store, workbook, today=TODAY)
    assert not plan.problems and plan.changed == 0
    assert {s.sheet: s.unchanged for s in plan.sheets}["People"] == store.count(Person)


def test_awkward_text_comes_back_unchanged(new_audit, tmp_path):
    """Text Excel would take for a formula, line breaks, spaces at the ends, Welsh letters and
    a note longer than a cell holds (shortened by the export) are not changes."""
    person = new_audit.add(
        Person(
            name='=HYPERLINK("x")',
            organisation="+44 Club",
            phone="-0123",
            availability="@weekends",
            notes="Line one\r\nLine two  ",
            address="Tŷ Gwyn, Ffordd yr Orsaf",
            reciprocity_note="x" * 40_000,
            languages=("Cymraeg", "=English"),
        )
    )
    new_audit.add(Capability(person_id=person.id, kind=CapabilityKind.HEAD, description="\tTabs"))
    path = tmp_path / "awkward.xlsx"
    export_workbook(new_audit, path)
    plan = plan_import(new_audit, path, today=TODAY)
    assert not plan.problems and (plan.new, plan.changed) == (0, 0), plan.to_text()
