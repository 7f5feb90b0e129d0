"""Importing again after a correction: what came in the first time is not added twice.

A partner sends their own workbook (title rows, their own column names, no IDs of ours) with a
few bad rows; the valid rows are imported; the partner corrects the others and sends it back;
importing it again adds only the corrected rows. Rows already imported are found by what they
say (exchange.importer_matching) and count as unchanged, or changed when they say something
new. And an import can be taken back as one step (AuditStore.undo_changes) and done again.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import AssetCategory, CapabilityKind, Element
from coprod_desktop.exchange.importing.importer import apply_import, plan_import
from coprod_desktop.exchange.workbook.writer import export_workbook
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import TODAY, sha256

# What each sheet of the partner's workbook holds, and its rows once corrected.
PEOPLE = ["Jane Smith", "Dai Jones", "Megan Hughes", "Priya Patel", "Owen Morgan"]
SHEETS = ("Our volunteers", "Skills", "Venues", "Roles", "Action plan")


def partner_book(path: Path, *, corrected: bool) -> Path:
    """A partner's own workbook as first sent (a typo on five sheets) or as corrected."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Our volunteers"
    ws["A1"] = "Riverside Tenants' Association: volunteers, spring 2026"
    ws["A2"] = "Please keep this list up to date"
    ws.append([])
    ws.append(
        [
            "Full name",
            "E-mail address",
            "Tel",
            "Organisation",
            "Volunteer?",
            "Date of consent",
            "Consent covers",
        ]
    )
    ws.append(
        [
            "Jane Smith",
            "jane@example.org",
            "01234 567890",
            "Riverside Tenants",
            "Y",
            "03/04/2025",
            "Partner organisations",
        ]
    )
    ws.append(["Dai Jones", None, "07700 900123", None, "yes", "3 April 2025", "partners"])
    email = "megan@example.org" if corrected else "megan.example.org"  # the typo: no @
    ws.append(["Megan Hughes", email, None, None, None, None, None])
    consent = "28/02/2025" if corrected else "31/02/2025"  # no such day
    ws.append(["Priya Patel", None, None, None, "yes", consent, "partners"])
    ws.append(["Owen Morgan", None, None, None, None, None, None])  # no contact details

    skills = book.create_sheet("Skills")
    skills["A1"] = "What people can offer"
    skills.append([])
    skills.append(["Who", "Type", "What they offer"])
    skills.append(["Jane Smith", "Hands", "Fixes bikes"])
    skills.append(["Dai Jones", "Heart" if corrected else "hart", "Cares about the river"])
    skills.append(["Priya Patel", "Head", "Bookkeeping"])  # Priya is not imported at first
    skills.append(["Owen Morgan", "head", "Local history"])

    venues = book.create_sheet("Venues")
    venues.append(["Venue", "Asset type", "Post code", "Ward"])
    venues.append(["Riverside Hall", "Physical spaces", "AB1 2CD", "Riverside"])
    venues.append(["Library", "Institutions", None, None])
    venues.append(["Cwm Allotments", "Physical spaces" if corrected else "Parks", None, None])

    roles = book.create_sheet("Roles")
    roles.append(["Name", "Stage", "Ladder", "Role title"])
    roles.append(["Jane Smith", "Design", "Co-design", "Design group"])
    rung = "Co-production" if corrected else "Top"
    roles.append(["Dai Jones", "Delivery", rung, "Runs the café"])

    actions = book.create_sheet("Action plan")
    actions.append(["Action", "Lead", "By when", "Status"])
    actions.append(["Set up a peer support group", "Jane", "01/06/2026", "Planned"])
    due = "31/12/2026" if corrected else "31/13/2026"  # no month 13
    actions.append(["Map the venues", None, due, None])
    book.save(path)
    return path


def counts(store: AuditStore) -> dict[str, int]:
    return {k: v for k, v in store.counts().items() if v}


def doubled(store: AuditStore) -> list[tuple]:
    """Records that came in twice: the same person, capability, asset, role or action."""
    return store.query(
        "SELECT 'person', lower(name), count(*) FROM person WHERE deleted = 0 "
        "GROUP BY lower(name) HAVING count(*) > 1 "
        "UNION ALL SELECT 'capability', description, count(*) FROM capability "
        "WHERE deleted = 0 GROUP BY person_id, kind, lower(description) HAVING count(*) > 1 "
        "UNION ALL SELECT 'asset', name, count(*) FROM asset WHERE deleted = 0 "
        "GROUP BY lower(name) HAVING count(*) > 1 "
        "UNION ALL SELECT 'action', title, count(*) FROM action WHERE deleted = 0 "
        "GROUP BY lower(title) HAVING count(*) > 1"
    )


def by_sheet(plan) -> dict[str, tuple[int, int, int, int]]:
    """(new, changed, unchanged, with problems) of each sheet."""
    return {s.sheet: (s.new, s.changed, s.unchanged, s.errors) for s in plan.sheets}


def live_state(store: AuditStore) -> dict[str, dict[str, dict]]:
    """Every live record's fields (without times and editor), by kind and ID."""
    skip = {"created_at", "modified_at", "modified_by"}
    state = {}
    for kind in r.RECORD_TYPES:
        state[kind.plural] = {
            record.id: {
                f.name: getattr(record, f.name)
                for f in dataclasses.fields(record)
                if f.name not in skip
            }
            for record in store.iterate(kind)
        }
    return state


# -- the round: import the valid rows, correct, import again ---------------------------------


def test_a_corrected_workbook_imported_again_adds_only_the_corrected_rows(new_audit, tmp_path):
    first = partner_book(tmp_path / "partners.xlsx", corrected=False)
    plan = plan_import(new_audit, first, today=TODAY)
    assert not plan.own_workbook
    assert by_sheet(plan) == {
        "Our volunteers": (3, 0, 0, 2),
        "Skills": (2, 0, 0, 2),  # hart; and Priya, whose row is wrong
        "Venues": (2, 0, 0, 1),
        "Roles": (1, 0, 0, 1),
        "Action plan": (1, 0, 0, 1),
    }
    apply_import(new_audit, plan, valid_only=True)
    assert counts(new_audit) == {
        "people": 3,
        "capabilities": 2,
        "assets": 2,
        "roles": 1,
        "actions": 1,
    }

    corrected = partner_book(tmp_path / "partners.xlsx", corrected=True)
    again = plan_import(new_audit, corrected, today=TODAY)
    assert not again.has_errors, again.to_text()
    assert not again.duplicates
    assert by_sheet(again) == {
        "Our volunteers": (2, 0, 3, 0),  # Megan and Priya are new; the others came in before
        "Skills": (2, 0, 2, 0),
        "Venues": (1, 0, 2, 0),
        "Roles": (1, 0, 1, 0),
        "Action plan": (1, 0, 1, 0),
    }
    assert again.matched == 9
    text = again.to_text()
    assert "9 rows without an ID are already in the audit" in text
    assert "people by name and e-mail address or phone number" in text
    assert "Ready to import 7 new and 0 changed records" in text
    apply_import(new_audit, again)

    assert counts(new_audit) == {
        "people": 5,
        "capabilities": 4,
        "assets": 3,
        "roles": 2,
        "actions": 2,
    }
    assert doubled(new_audit) == []
    assert sorted(p.name for p in new_audit.iterate(r.Person)) == sorted(PEOPLE)
    priya = new_audit.page(r.Person, text="Priya")[0]
    (bookkeeping,) = new_audit.related(r.Capability, "person_id", [priya.id])
    assert bookkeeping.description == "Bookkeeping"

    # And a third time: nothing new, nothing written.
    digest = sha256(new_audit.path)
    third = plan_import(new_audit, corrected, today=TODAY)
    assert third.nothing_to_do and not third.has_errors
    assert third.unchanged == 16 and third.new == 0
    assert "Nothing to import" in third.to_text()
    apply_import(new_audit, third)
    assert sha256(new_audit.path) == digest


def test_a_csv_imported_twice_is_unchanged_the_second_time(new_audit, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text(
        "Volunteers of the allotment society,,\n"
        "Name;Email;Phone\n"
        "Rhys Bowen;rhys@example.org;\n"
        "Ffion Rees;;029 2000 0000\n"
        "Gareth Lloyd;;\n",
        encoding="utf-8",
    )
    apply_import(new_audit, plan_import(new_audit, source, today=TODAY))
    again = plan_import(new_audit, source, today=TODAY)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    assert not again.problems or all(p.severity != "error" for p in again.problems)
    assert new_audit.count(r.Person) == 3


# -- what counts as the same record ------------------------------------------------------------


@pytest.fixture
def audit_with_people(new_audit):
    store = new_audit
    store.add(
        r.Person(
            name="Jane Smith",
            email="jane@example.org",
            phone="01234 567890",
            organisation="Riverside Tenants",
        )
    )
    store.add(r.Person(name="Dai Jones", phone="07700 900123"))
    store.add(r.Person(name="Owen Morgan"))
    store.add(r.Person(name="John Parry", email="john@example.org"))
    store.add(r.Person(name="Sam Lee"))
    store.add(r.Person(name="Sam Lee"))  # two of them, neither with contact details
    store.add(r.Person(name="Ann Evans"))
    return store


def test_case_spaces_and_empty_cells_make_no_change(audit_with_people, tmp_path):
    store = audit_with_people
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,E-mail,Phone,Organisation\n"
        "  JANE   smith ,Jane@Example.ORG,,\n"  # the phone and organisation left empty
        "dai jones,,7700900123,\n"  # as Excel shows a number typed without its 0
        "Owen  Morgan,,,\n",
        encoding="utf-8",
    )
    plan = plan_import(store, source, today=TODAY)
    assert (plan.new, plan.changed, plan.unchanged, plan.error_rows) == (0, 0, 3, 0)
    assert plan.nothing_to_do
    jane = store.page(r.Person, text="Jane")[0]
    assert jane.name == "Jane Smith" and jane.phone == "01234 567890"
    assert jane.organisation == "Riverside Tenants"


def test_a_row_that_says_something_new_is_a_change(audit_with_people, tmp_path):
    store = audit_with_people
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Email,Tel,Organisation\n"
        "Jane Smith,jane.smith@example.org,+44 1234 567890,Cwm Allotment Society\n",
        encoding="utf-8",
    )
    plan = plan_import(store, source, today=TODAY)  # found by her name and phone number
    assert (plan.new, plan.changed, plan.unchanged) == (0, 1, 0)
    (change,) = plan.changes
    assert change.row == 2 and change.label == "Jane Smith"
    assert change.fields == ("Email", "Organisation")  # the phone is the same number
    apply_import(store, plan)
    jane = store.page(r.Person, text="Jane")[0]
    assert jane.email == "jane.smith@example.org"
    assert jane.organisation == "Cwm Allotment Society"
    assert jane.phone == "01234 567890"
    assert store.count(r.Person) == 7


def test_people_need_a_name_and_an_email_or_phone_unless_neither_has_any(
    audit_with_people, tmp_path
):
    store = audit_with_people
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Email\n"
        "Owen Morgan,\n"  # 2: the one Owen Morgan, no contact details either side: the same
        "John Parry,\n"  # 3: the audit's John has an e-mail address, the row none: not sure
        "Sam Lee,\n"  # 4: two Sam Lees in the audit: which one?
        "Ann Evans,ann@example.org\n"  # 5: an e-mail address the audit's Ann does not have
        "John Parry,jp@example.com\n",  # 6: another e-mail address: maybe another John Parry
        encoding="utf-8",
    )
    plan = plan_import(store, source, today=TODAY)
    assert plan.unchanged == 1 and plan.matched == 1
    # The rest are likely duplicates, for the user to decide, as before.
    flagged = {p.row: str(p) for p in plan.duplicates}
    assert set(flagged) == {3, 4, 5, 6}
    assert all("already in the audit" in text for text in flagged.values())
    assert plan.new == 0


def test_a_duplicate_within_the_same_sheet_is_still_flagged(audit_with_people, tmp_path):
    store = audit_with_people
    jane = store.page(r.Person, text="Jane")[0]
    store.add(r.Capability(person_id=jane.id, kind=CapabilityKind.HANDS, description="Fixes bikes"))
    path = tmp_path / "twice.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Volunteers"
    ws.append(["Full name", "E-mail address"])
    ws.append(["Jane Smith", "jane@example.org"])  # 2: in the audit
    ws.append(["Jane Smith", "jane@example.org"])  # 3: the same person again
    ws.append(["Nia Price", "nia@example.org"])  # 4: new
    ws.append(["Nia Price", "nia@example.org"])  # 5: the same new person again
    skills = book.create_sheet("Skills")
    skills.append(["Who", "Type", "What they offer"])
    skills.append(["Jane Smith", "Hands", "Fixes bikes"])  # 2: in the audit
    skills.append(["Jane Smith", "hands", "fixes  bikes"])  # 3: the same again
    skills.append(["Nia Price", "Head", "Welsh tutor"])  # 4: new
    skills.append(["Nia Price", "Head", "Welsh tutor"])  # 5: the same new one again
    book.save(path)

    plan = plan_import(store, path, today=TODAY)
    assert by_sheet(plan) == {"Volunteers": (1, 0, 1, 2), "Skills": (1, 0, 1, 2)}
    errors = {(p.sheet, p.row): str(p) for p in plan.errors}
    assert set(errors) == {("Volunteers", 3), ("Volunteers", 5), ("Skills", 3), ("Skills", 5)}
    assert "the same e-mail address as 'jane smith'" in errors[("Volunteers", 3)].lower()
    assert "'Nia Price' (row 4 of Volunteers in this file)" in errors[("Volunteers", 5)]
    assert "The same capability as row 2 of Skills in this file" in errors[("Skills", 3)]
    assert "The same capability as row 4 of Skills in this file" in errors[("Skills", 5)]
    assert "Delete one of the two rows" in errors[("Skills", 5)]


def test_assets_by_name_with_the_postcode_or_area_when_given(new_audit, tmp_path):
    store = new_audit
    store.add(
        r.CommunityAsset(name="Library", category=AssetCategory.INSTITUTIONS, postcode="CF10 1AA")
    )
    store.add(r.CommunityAsset(name="Riverside Hall", category=AssetCategory.PHYSICAL_SPACES))
    store.add(r.CommunityAsset(name="Youth club", category=AssetCategory.ASSOCIATIONS, area="Cwm"))
    source = tmp_path / "venues.csv"
    source.write_text(
        "Venue,Asset type,Post code,Ward\n"
        "library,Institutions,cf101aa,\n"  # 2: the same library
        "Library,Institutions,NP20 4AA,\n"  # 3: another library, in another town
        "Riverside Hall,Physical spaces,AB1 2CD,\n"  # 4: the hall, with its postcode now
        "Youth Club,Associations,,Riverside\n",  # 5: in another area: not the same one
        encoding="utf-8",
    )
    plan = plan_import(store, source, today=TODAY)
    assert (plan.new, plan.changed, plan.unchanged) == (1, 1, 1)
    (change,) = plan.changes
    assert change.row == 4 and change.fields == ("Postcode",)
    # Not found as the same club, but a likely duplicate for the user to decide, as before.
    assert [p.row for p in plan.duplicates] == [5]
    apply_import(store, plan, valid_only=True)
    assert store.count(r.CommunityAsset) == 4
    halls = [a for a in store.iterate(r.CommunityAsset) if a.name == "Riverside Hall"]
    assert [hall.postcode for hall in halls] == ["AB1 2CD"]


def test_roles_and_actions_imported_again_are_unchanged_or_changed(new_audit, tmp_path):
    path = partner_book(tmp_path / "partners.xlsx", corrected=True)
    apply_import(new_audit, plan_import(new_audit, path, today=TODAY))
    book = openpyxl.load_workbook(path)
    book["Roles"]["C2"] = "Co-production"  # Jane's role at the design stage: another rung
    book["Action plan"]["D3"] = "Done"  # the venues are mapped
    book.save(path)
    plan = plan_import(new_audit, path, today=TODAY)
    assert by_sheet(plan)["Roles"] == (0, 1, 1, 0)
    assert by_sheet(plan)["Action plan"] == (0, 1, 1, 0)
    assert {c.sheet: c.fields for c in plan.changes} == {
        "Roles": ("Rung of the ladder",),
        "Action plan": ("Status",),
    }
    apply_import(new_audit, plan)
    assert new_audit.count(r.Role) == 2 and new_audit.count(r.Action) == 2
    (mapped,) = [a for a in new_audit.iterate(r.Action) if a.title == "Map the venues"]
    assert mapped.status.value == "done"


def test_another_audits_workbook_imported_as_new_twice_is_not_added_twice(new_audit, tmp_path):
    other = AuditStore.create(tmp_path / "Other.coprod", r.Audit(title="Other audit"), user="t")
    person = other.add(r.Person(name="Gwen Morgan", email="gwen@example.org"))
    other.add(
        r.Capability(person_id=person.id, kind=CapabilityKind.HEAD, description="Local history")
    )
    other.add(r.CommunityAsset(name="Chapel vestry", category=AssetCategory.PHYSICAL_SPACES))
    workbook = tmp_path / "other.xlsx"
    export_workbook(other, workbook)
    other.close()

    first = plan_import(new_audit, workbook, as_new=True, today=TODAY)
    apply_import(new_audit, first, valid_only=True)
    assert counts(new_audit) == {"people": 1, "capabilities": 1, "assets": 1}
    again = plan_import(new_audit, workbook, as_new=True, today=TODAY)
    assert again.new == 0 and again.unchanged == 3 and not again.errors
    assert again.nothing_to_do


# -- the command line ------------------------------------------------------------------------


def test_the_command_line_round_adds_nothing_twice(tmp_path, capsys):
    audit = tmp_path / "Riverside.coprod"
    assert main(["new", str(audit), "--title", "Riverside"]) == 0
    source = partner_book(tmp_path / "partners.xlsx", corrected=False)
    assert main(["import", str(audit), str(source)]) == 1  # errors: nothing imported
    assert main(["import", str(audit), str(source), "--valid-only"]) == 0
    out = capsys.readouterr().out
    assert "Imported 9 new and 0 changed records." in out

    partner_book(source, corrected=True)
    assert main(["import", str(audit), str(source)]) == 0
    out = capsys.readouterr().out
    assert "Our volunteers    2        0          3        0         0" in out
    assert "9 rows without an ID are already in the audit" in out
    assert "Imported 7 new and 0 changed records." in out
    with AuditStore.open(audit, read_only=True) as store:
        assert counts(store) == {
            "people": 5,
            "capabilities": 4,
            "assets": 3,
            "roles": 2,
            "actions": 2,
        }
        assert doubled(store) == []

    digest = sha256(audit)
    assert main(["import", str(audit), str(source), "--valid-only", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["new"] == 0 and data["totals"]["unchanged"] == 16
    assert data["totals"]["matched"] == 16
    assert data["imported"] is None
    assert sha256(audit) == digest


# -- one step to take back and to do again --------------------------------------------------


def test_an_import_is_taken_back_and_done_again_exactly(new_audit, tmp_path):
    store = new_audit
    first = partner_book(tmp_path / "partners.xlsx", corrected=False)
    apply_import(store, plan_import(store, first, today=TODAY), valid_only=True)
    book = partner_book(tmp_path / "partners.xlsx", corrected=True)
    edited = openpyxl.load_workbook(book)
    edited["Our volunteers"]["D5"] = "Cwm Allotment Society"  # Jane's organisation: a change
    edited.save(book)
    before = live_state(store)
    before_counts = counts(store)

    plan = plan_import(store, book, today=TODAY)
    assert (plan.new, plan.changed) == (7, 1)
    result = apply_import(store, plan)
    after = live_state(store)
    assert result.step_text() == (
        "Import 2 people, 2 capabilities, 1 community asset, 1 role, 1 action and changes to "
        "1 person from partners.xlsx"
    )
    (change,) = result.record_changes
    assert change.before == {"organisation": "Riverside Tenants"}
    assert change.after == {"organisation": "Cwm Allotment Society"}

    store.undo_changes(result.added_ids, result.record_changes, summary=result.summary)
    assert counts(store) == before_counts
    assert live_state(store) == before
    assert store.search("Bookkeeping") == []  # the search index forgot it too
    log = store.changes(limit=1)[0]
    assert log.summary.startswith("Imported from partners.xlsx (undone): 2 people")

    store.redo_changes(result.added_ids, result.record_changes, summary=result.summary)
    assert live_state(store) == after
    assert [hit.title for hit in store.search("Bookkeeping")]
    assert "(redone)" in store.changes(limit=1)[0].summary


def test_undo_refuses_when_the_records_changed_since_and_writes_nothing(new_audit, tmp_path):
    store = new_audit
    source = partner_book(tmp_path / "partners.xlsx", corrected=True)
    result = apply_import(store, plan_import(store, source, today=TODAY))
    owen = store.page(r.Person, text="Owen")[0]
    store.add(r.Capability(person_id=owen.id, kind=CapabilityKind.HEAD, description="Maps"))
    digest = sha256(store.path)
    with pytest.raises(ValueError, match="added since then belong to the records it added"):
        store.undo_changes(result.added_ids, result.record_changes, summary=result.summary)
    assert sha256(store.path) == digest
    assert store.count(r.Person) == 5


def test_element_links_without_their_id_are_found_by_element_and_target(new_audit, tmp_path):
    store = new_audit
    gwen = store.add(r.Person(name="Gwen Morgan"))
    store.add(r.ElementLink(element=Element.PEER_NETWORKS, person_id=gwen.id, strength=1))
    workbook = tmp_path / "audit.xlsx"
    export_workbook(store, workbook)
    book = openpyxl.load_workbook(workbook)
    ws = book["Element links"]
    headers = [cell.value for cell in ws[1]]
    ws.cell(2, ws.max_column).value = None  # the link's ID, deleted by a partner
    ws.cell(2, headers.index("Strength (0-3)") + 1).value = 3
    for column in range(1, ws.max_column):  # and the same link again, below
        ws.cell(3, column).value = ws.cell(2, column).value
    book.save(workbook)

    plan = plan_import(store, workbook, today=TODAY)
    links = {s.sheet: (s.new, s.changed, s.unchanged, s.errors) for s in plan.sheets}
    assert links["Element links"] == (0, 1, 0, 1)
    (change,) = plan.changes
    assert change.row == 2 and change.fields == ("Strength (0-3)",)
    (error,) = plan.errors
    assert error.row == 3 and "same element link as row 2 of Element links" in error.message
    apply_import(store, plan, valid_only=True)
    (link,) = store.iterate(r.ElementLink)
    assert link.strength == 3
