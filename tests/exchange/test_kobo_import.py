"""KoboToolbox and ODK Central exports: read as sheets of people, capabilities and groups, and
imported with the preview, the all-or-nothing guarantee and undo of any other import.

The exports in tests/fixtures/spreadsheets/kobo/ were written by KoboToolbox's own export
library, formpack (its README says which version and how), and laid out as ODK Central's
backend writes its CSV ZIP.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import AssetCategory, CapabilityKind, ConsentScope
from coprod_desktop.exchange.importing.importer import apply_import, plan_import
from coprod_desktop.exchange.importing.kobo import KOBO, ODK, SurveySpreadsheet, open_zip
from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError, open_spreadsheet
from coprod_desktop.store import AuditStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "spreadsheets" / "kobo"
LABELS = FIXTURES / "volunteers_labels.xlsx"
XML_NAMES = FIXTURES / "volunteers_xml_names.xlsx"
LATER = FIXTURES / "volunteers_labels_later.xlsx"
ODK_ZIP = FIXTURES / "volunteers_odk_central.zip"
ODK_LATER = FIXTURES / "volunteers_odk_central_later.zip"
PEOPLE = {"Amira Hassan", "Tom Price", "Grace Owusu", "Dafydd Jones"}
COUNTED = ("people", "capabilities", "assets", "asset_connections")
GROUPS = {
    "Riverside Tenants' Association",
    "Friday Lunch Club",
    "Hilltop Allotment Society",
    "St Mark's Church choir",
}


def rows_of(book, name: str) -> list[tuple[int, list]]:
    return list(book.sheet(name).rows)


def by_name(store, record_type):
    return {
        getattr(record, "name", None) or record.id: record for record in store.iterate(record_type)
    }


def capabilities_of(store, person: r.Person) -> set[tuple[CapabilityKind, str]]:
    return {
        (c.kind, c.description) for c in store.iterate(r.Capability) if c.person_id == person.id
    }


def groups_of(store, person: r.Person) -> set[str]:
    assets = {a.id: a.name for a in store.iterate(r.CommunityAsset)}
    return {
        assets[c.asset_id] for c in store.iterate(r.AssetConnection) if c.person_id == person.id
    }


# -- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LABELS, XML_NAMES, ODK_ZIP], ids=["labels", "xml", "odk"])
def test_an_export_is_read_as_people_capabilities_and_groups(path):
    with open_spreadsheet(path) as book:
        assert isinstance(book, SurveySpreadsheet)
        assert book.source == (ODK if path is ODK_ZIP else KOBO)
        people, offers = book.sheet_names  # the groups are links, not a sheet
        sheet = book.sheet(people)
        # Kobo's and ODK's own columns (_id, _uuid, KEY, start...) and the 0/1 columns are left
        # out; the questions we know are under our headers.
        assert sheet.headers[:3] == ["Name", "Email", "Phone"]
        assert "Consent covers" in sheet.headers and "Consent given on" in sheet.headers
        assert not [h for h in sheet.headers if h.startswith("_") or "/" in h]
        rows = [values for _n, values in sheet.rows]
        assert [v[0] for v in rows] == ["Amira Hassan", "Tom Price", "Grace Owusu", "Dafydd Jones"]
        amira = dict(zip(sheet.headers, rows[0], strict=True))
        assert amira["Consent covers"] == ConsentScope.PARTNERS.label
        assert amira["Consent given on"] == "2026-10-05"
        tom = dict(zip(sheet.headers, rows[1], strict=True))
        assert tom["Consent covers"] == ConsentScope.INTERNAL.label  # he answered No
        assert tom["Consent given on"] is None
        assert book.sheet(offers).headers == ["Person", "Kind", "Capability"]
        kinds = {(p, k) for _n, (p, k, _d) in rows_of(book, offers)}
        assert ("Grace Owusu", CapabilityKind.LIVED_EXPERIENCE.label) in kinds
        assert ("Dafydd Jones", CapabilityKind.CONNECTIONS.label) in kinds
        (links,) = book.group_links
        assert {group for _n, _p, group in links.rows} == GROUPS


def test_a_select_multiple_is_read_from_its_0_1_columns():
    """Kobo's one cell joins the labels with spaces ("Driving people to appointments
    Gardening"): the 0/1 columns say which choices were ticked."""
    with open_spreadsheet(LABELS) as book:
        sheet = book.sheet(book.sheet_names[0])
        offer = sheet.headers.index("What I can offer")
        tom = [values for _n, values in sheet.rows][1]
        assert tom[offer] == "Driving people to appointments; Gardening"
    with open_spreadsheet(XML_NAMES) as book:  # the choices' XML names, groups left out
        sheet = book.sheet(book.sheet_names[0])
        assert sheet.headers[3] == "ward"
        offer = sheet.headers.index("what_i_can_offer")
        amira = next(values for _n, values in sheet.rows)
        assert amira[offer] == "cooking; befriending; translating"


def test_a_submission_sent_twice_is_one_person_with_its_own_rows():
    with open_spreadsheet(LABELS) as book:
        people, offers = book.sheet_names
        numbers = [n for n, _v in rows_of(book, people)]
        assert numbers == [2, 4, 5, 6]  # Excel rows of the export: row 3 was sent again as 4
        assert book.warnings[0].startswith(
            "Tom Price (Volunteer sign-up, row 3) was sent twice: row 4 is the same submission"
        )
        toms = [d for _n, (p, _k, d) in rows_of(book, offers) if p == "Tom Price"]
        assert sorted(toms) == [
            "Drives a minibus (D1 licence)",
            "Knows the bus routes, and the timetables",
        ]
        (links,) = book.group_links
        assert [g for _n, p, g in links.rows if p == "Tom Price"] == ["Hilltop Allotment Society"]


def test_a_long_title_still_ties_the_repeats_to_their_submissions():
    """formpack shortens the submissions' sheet to 31 characters ("Riverside & Hilltop_
    volunte...") while `_parent_table_name` keeps the form's title."""
    with open_spreadsheet(FIXTURES / "volunteers_long_title.xlsx") as book:
        people, offers = book.sheet_names
        assert people == "Riverside & Hilltop_ volunte..."
        assert len(rows_of(book, offers)) == 6
        assert {p for _n, (p, _k, _d) in rows_of(book, offers)} == PEOPLE
        assert len(book.group_links[0].rows) == 5


def test_other_workbooks_and_zips_are_read_as_before(tmp_path):
    plain = tmp_path / "people.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Email"])
    workbook.active.append(["Sam Jones", "sam@example.org"])
    workbook.save(plain)
    with open_spreadsheet(plain) as book:
        assert not isinstance(book, SurveySpreadsheet)
        assert book.sheet_names == ["Sheet"]
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.csv", "Name,Email\nSam,sam@example.org\n")
    with pytest.raises(SpreadsheetError):
        open_spreadsheet(other)  # a zip of CSV files that is not ODK's: not a workbook either


def test_a_repeat_it_does_not_know_is_a_sheet_with_the_person(new_audit, tmp_path):
    path = tmp_path / "kobo.xlsx"
    shutil.copyfile(LABELS, path)
    workbook = openpyxl.load_workbook(path)
    workbook["things_i_can_offer"].title = "pets"  # no longer tells what it holds
    sheet = workbook["pets"]
    sheet["A1"], sheet["B1"] = "Animal", "Its name"
    workbook.save(path)
    book = open_zip(path)
    assert book.sheet_names[1] == "pets"
    assert book.sheet("pets").headers == ["Animal", "Its name", "Answered by"]
    # Not guessed as anything: left out with a note, the rest imported.
    plan = plan_import(new_audit, path)
    assert not plan.has_errors and "pets" in plan.ignored_sheets


# -- importing --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LABELS, ODK_ZIP], ids=["kobo", "odk"])
def test_an_export_imports_and_again_changes_nothing(new_audit, path):
    store = new_audit
    plan = plan_import(store, path)
    assert not plan.has_errors, plan.to_text()
    apply_import(store, plan)
    people = by_name(store, r.Person)
    assert set(people) == PEOPLE  # Tom once, though he sent the form twice
    amira, tom = people["Amira Hassan"], people["Tom Price"]
    assert amira.email == "amira.hassan@example.org" and amira.phone == "07700 900101"
    assert amira.consent_scope is ConsentScope.PARTNERS
    assert str(amira.consent_date) == "2026-10-05"
    assert tom.consent_scope is ConsentScope.INTERNAL
    # The repeat of things offered, and the select-multiple as hands.
    assert (CapabilityKind.HEAD, "Knows the bus routes, and the timetables") in capabilities_of(
        store, tom
    )
    assert (CapabilityKind.HEART, "Loneliness, older neighbours") in capabilities_of(store, amira)
    offered = {d.casefold() for k, d in capabilities_of(store, tom) if k is CapabilityKind.HANDS}
    assert {"drives a minibus (d1 licence)", "gardening"} <= offered  # the select-multiple too
    # The groups: connections to community assets, made as associations.
    assets = by_name(store, r.CommunityAsset)
    assert set(assets) == GROUPS
    assert {a.category for a in assets.values()} == {AssetCategory.ASSOCIATIONS}
    assert groups_of(store, amira) == {"Riverside Tenants' Association", "Friday Lunch Club"}
    assert groups_of(store, people["Grace Owusu"]) == {
        "Friday Lunch Club",
        "St Mark's Church choir",
    }
    assert groups_of(store, people["Dafydd Jones"]) == set()
    counts = store.counts(*COUNTED)

    again = plan_import(store, path)
    assert again.nothing_to_do and not again.has_errors, again.to_text()
    assert store.counts(*COUNTED) == counts


@pytest.mark.parametrize(
    "first, later", [(LABELS, LATER), (ODK_ZIP, ODK_LATER)], ids=["kobo", "odk"]
)
def test_a_later_export_adds_only_the_new_submissions(new_audit, first, later):
    store = new_audit
    apply_import(store, plan_import(store, first))
    before = {kind: store.count(kind) for kind in (r.Person, r.CommunityAsset, r.AssetConnection)}
    plan = plan_import(store, later)
    assert not plan.has_errors, plan.to_text()
    apply_import(store, plan)
    assert store.count(r.Person) == before[r.Person] + 1
    assert store.count(r.CommunityAsset) == before[r.CommunityAsset] + 1  # the school's parents
    assert store.count(r.AssetConnection) == before[r.AssetConnection] + 2
    priya = by_name(store, r.Person)["Priya Shah"]
    assert groups_of(store, priya) == {"Hilltop Allotment Society", "Parents of Hilltop Primary"}
    assert plan_import(store, later).nothing_to_do


def test_groups_already_in_the_audit_are_found_not_added(new_audit):
    store = new_audit
    hall = r.CommunityAsset(name="Friday lunch club", category=AssetCategory.PHYSICAL_SPACES)
    store.add(hall)
    apply_import(store, plan_import(store, LABELS))
    assets = by_name(store, r.CommunityAsset)
    assert "Friday Lunch Club" not in assets  # the audit's own, found without case
    assert assets["Friday lunch club"].category is AssetCategory.PHYSICAL_SPACES  # unchanged
    connected = {c.person_id for c in store.iterate(r.AssetConnection) if c.asset_id == hall.id}
    assert len(connected) == 2  # Amira and Grace


def test_a_problem_row_stops_the_import_and_writes_nothing(new_audit, tmp_path):
    """All or nothing: a likely duplicate group stops its row, and the import with it."""
    store = new_audit
    store.add(r.CommunityAsset(name="St Marks Church Choir", category=AssetCategory.ASSOCIATIONS))
    counts = store.counts(*COUNTED)
    plan = plan_import(store, LABELS)
    assert plan.has_errors
    (problem,) = plan.errors
    assert problem.sheet == "groups_i_belong_to" and problem.row == 7
    assert "St Marks Church Choir" in problem.message
    with pytest.raises(Exception, match="Nothing was imported"):
        apply_import(store, plan)
    assert store.counts(*COUNTED) == counts


def test_the_import_is_undone_as_one_step(new_audit):
    store = new_audit
    counts = store.counts(*COUNTED)
    result = apply_import(store, plan_import(store, XML_NAMES))
    assert store.count(r.AssetConnection) == 5
    store.undo_changes(result.added_ids, result.record_changes, summary=result.summary)
    assert store.counts(*COUNTED) == counts
    assert store.count(r.AssetConnection) == 0


# -- messier exports --------------------------------------------------------------------------


def kobo_workbook(path: Path, people: list[list], groups: list[list]) -> Path:
    """A workbook in formpack's layout, as other writers leave it: groups in the labels, the
    name asked in two questions, indexes as numbers with a decimal point, an HXL tag row."""
    workbook = openpyxl.Workbook()
    main = workbook.active
    main.title = "Sign-up at the fun day"
    main.append(
        [
            "start",
            "About you/First name",
            "About you/Surname",
            "About you/Mobile",
            "Do you consent to us keeping your details?",
            "_id",
            "_uuid",
            "_submission_time",
            "_index",
        ]
    )
    main.append(["", "#contact+first", "#contact+last", "", "", "", "", "", ""])
    for row in people:
        main.append(row)
    repeat = workbook.create_sheet("clubs_and_groups")
    repeat.append(["Club or group", "_index", "_parent_table_name", "_parent_index"])
    for row in groups:
        repeat.append(row)
    workbook.save(path)
    return path


def test_a_name_in_two_questions_and_labels_with_groups(new_audit, tmp_path):
    path = kobo_workbook(
        tmp_path / "fun day.xlsx",
        [
            [
                "2026-09-01",
                "Siân",
                "Evans",
                "07700 900201",
                "Yes",
                7,
                "u-1",
                "2026-09-01T10:00:00",
                1.0,
            ],
            ["2026-09-01", "Bob", "Lee", "", "No", 8, "u-2", "2026-09-01T11:00:00", 2.0],
        ],
        [
            ["Bowls club", 1.0, "Sign-up at the fun day", 1.0],
            ["Bowls club", 2.0, "Sign-up at the fun day", 2.0],
        ],
    )
    with open_spreadsheet(path) as book:
        sheet = book.sheet("Sign-up at the fun day")
        assert sheet.headers == ["Name", "Phone", "Consent covers", "Consent given on"]
        assert next(v for _n, v in sheet.rows) == [
            "Siân Evans",
            "07700 900201",
            ConsentScope.INTERNAL.label,  # a consent to keep the details, not to share them
            "2026-09-01",
        ]
    store = new_audit
    plan = plan_import(store, path)
    assert not plan.has_errors, plan.to_text()
    apply_import(store, plan)
    club = by_name(store, r.CommunityAsset)["Bowls club"]
    members = {c.person_id for c in store.iterate(r.AssetConnection) if c.asset_id == club.id}
    assert {p.name for p in store.iterate(r.Person) if p.id in members} == {"Siân Evans", "Bob Lee"}


def test_a_kind_it_cannot_read_is_a_problem_of_its_row(new_audit, tmp_path):
    path = tmp_path / "kobo.xlsx"
    shutil.copyfile(LABELS, path)
    workbook = openpyxl.load_workbook(path)
    workbook["things_i_can_offer"]["A3"] = "Something else entirely"
    workbook.save(path)
    store = new_audit
    plan = plan_import(store, path)
    (problem,) = plan.errors
    assert (problem.sheet, problem.row) == ("things_i_can_offer", 3)
    assert "Something else entirely" in problem.message
    assert problem.column.endswith("(Kind)")
    counts = store.counts(*COUNTED)
    with pytest.raises(Exception, match="Nothing was imported"):
        apply_import(store, plan)
    assert store.counts(*COUNTED) == counts


def test_the_groups_of_a_person_who_cannot_be_imported_say_why(new_audit, tmp_path):
    path = tmp_path / "kobo.xlsx"
    shutil.copyfile(LABELS, path)
    workbook = openpyxl.load_workbook(path)
    workbook["Volunteer sign-up"]["D2"] = "not an e-mail address"
    workbook.save(path)
    plan = plan_import(new_audit, path)
    where = {(p.sheet, p.row) for p in plan.errors}
    assert ("Volunteer sign-up", 2) in where
    group_problems = [p for p in plan.errors if p.sheet == "groups_i_belong_to"]
    assert [p.row for p in group_problems] == [2, 3]  # Amira's two groups
    assert "row 2 of Volunteer sign-up" in group_problems[0].message


def test_the_command_line_imports_an_export_and_then_nothing(new_audit, capsys):
    from coprod_desktop.cli import main

    path = new_audit.path
    new_audit.close()
    assert main(["import", str(path), str(ODK_ZIP)]) == 0
    out = capsys.readouterr().out
    assert "volunteer_signup-groups_i_belong_to (connections to community assets)" in out
    with AuditStore.open(path, read_only=True) as store:
        assert store.counts(*COUNTED) == {
            "people": 4,
            "capabilities": 14,  # 6 offered in the repeat, 8 ticked in "What I can offer"
            "assets": 4,
            "asset_connections": 5,
        }
    assert main(["import", str(path), str(ODK_ZIP), "--dry-run"]) == 0
    assert "Nothing to import" in capsys.readouterr().out


def test_entries_of_a_repeat_left_empty_are_left_out(tmp_path):
    path = tmp_path / "kobo.xlsx"
    shutil.copyfile(LABELS, path)
    workbook = openpyxl.load_workbook(path)
    workbook["groups_i_belong_to"]["A3"] = None
    offers = workbook["things_i_can_offer"]
    offers["A3"] = offers["B3"] = None
    workbook.save(path)
    with open_spreadsheet(path) as book:
        (links,) = book.group_links
        assert [n for n, _p, _g in links.rows] == [2, 5, 6, 7]
        assert [n for n, _v in book.sheet("things_i_can_offer").rows] == [2, 6, 7, 8, 9]


def test_a_repeat_within_a_repeat_of_odk_finds_its_person(tmp_path):
    """ODK names each CSV after its repeat alone, so a repeat within a repeat may come first."""
    with zipfile.ZipFile(ODK_ZIP) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    amira = "uuid:5c3b8a3e-6f0e-4a4f-9a3e-1f0b2f6b7a01/things_i_can_offer[1]"
    nested = f"day,PARENT_KEY,KEY\nFriday,{amira},{amira}/when[1]\n"
    path = tmp_path / "odk.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("volunteer_signup-when.csv", nested)
        for name, data in files.items():
            archive.writestr(name, data)
    with open_spreadsheet(path) as book:
        assert book.sheet_names[0] == "volunteer_signup"
        sheet = book.sheet("volunteer_signup-when")
        assert sheet.headers == ["day", "Answered by"]
        assert [values for _n, values in sheet.rows] == [["Friday", "Amira Hassan"]]
