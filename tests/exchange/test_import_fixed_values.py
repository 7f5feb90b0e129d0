"""Values for the whole sheet and a sheet's own values mapped onto ours (issue 15): a partner
list without a consent column, an assets list without a category, typos and other words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import CommunityAsset, Hat, Person
from coprod_desktop.domain.vocabulary import AssetCategory, AssetStatus, ConsentScope
from coprod_desktop.exchange.importing.importer import (
    ImportMapping,
    SheetMapping,
    apply_import,
    guess_mapping,
    plan_import,
)
from coprod_desktop.exchange.importing.mapping import MAPPING_VERSION
from coprod_desktop.exchange.importing.value_mapping import (
    add_fixed,
    check_sheet_mapping,
    choices_for,
    closest_choices,
    missing_required,
    unknown_values,
)
from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet
from tests.exchange.conftest import TODAY

PARTNERS = [
    ("Ann Evans", "ann@example.org", "Riverside Tenants", "Yes", "12/03/2025"),
    ("Bob Lloyd", "bob@example.org", "Cwm FC", "Yse", "13/03/2025"),
    ("Carys Hughes", None, "Food bank", "no", "14/03/2025"),
]


def partner_list(path: Path) -> Path:
    """A partner's contact list: consent dates but no column of what the consent covers."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Contacts"
    ws.append(["Name", "Email", "Organisation", "Volunteer", "Date of consent"])
    for row in PARTNERS:
        ws.append(list(row))
    book.save(path)
    return path


def assets_list(path: Path) -> Path:
    """A council's list of places: no Category column; statuses in the council's own words,
    with a typo; two title rows and a blank row above the header."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Places"
    ws["A1"] = "Community buildings register"
    ws["A2"] = "Updated March 2025"
    ws.append([])
    ws.append(["Asset name", "Status", "Post code", "Opening hours"])
    ws.append(["Riverside Hall", "Listed", "CF10 1AA", "Mon-Fri 9-5"])
    ws.append(["Cwm Library", "Open", "CF11 2BB", None])
    ws.append(["Old Baths", "closed", "CF11 3CC", None])
    ws.append(["Park Pavilion", "LISTED ", "CF11 4DD", "Weekends"])
    ws.append(["Chapel Vestry", None, "CF11 5EE", None])
    book.save(path)
    return path


def mapping_of(path: Path) -> ImportMapping:
    with open_spreadsheet(path) as book:
        return guess_mapping(book)


# -- a required field without a column: one problem for the sheet ----------------------------


def test_an_assets_list_without_a_category_is_one_problem_for_the_sheet(new_audit, tmp_path):
    path = assets_list(tmp_path / "Places.xlsx")
    mapping = mapping_of(path)
    sheet = mapping.sheets["Places"]
    assert sheet.entity == "assets" and "category" not in sheet.columns.values()
    assert [c.key for c in missing_required("assets", sheet)] == ["category"]

    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    (problem,) = plan.errors  # one for the sheet, none per row
    assert (problem.sheet, problem.row, problem.column) == ("Places", 4, None)
    assert '"Category"' in problem.message and "not imported" in problem.message
    assert "give one value for the whole sheet" in problem.advice
    assert '"fixed": {"category": "..."}' in problem.advice
    assert plan.error_rows == 5 and plan.new == 0
    assert plan.adds == []


def test_a_partner_list_without_a_consent_column(new_audit, tmp_path):
    """Each row has a consent date, so it needs what the consent covers: today every row
    fails; now it is one problem for the sheet, and a fixed value imports them all."""
    path = partner_list(tmp_path / "Contacts.xlsx")
    mapping = mapping_of(path)
    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    consent = [p for p in plan.errors if "Consent covers" in p.message]
    assert len(consent) == 1 and consent[0].row is None
    assert consent[0].message.startswith('2 rows need "Consent covers"')  # row 3: its cell
    assert "consent_scope" in consent[0].advice
    # "Yse" is a cell problem of its own, until it is mapped.
    (typo,) = [p for p in plan.errors if p.column == "D (Volunteer)"]
    assert typo.row == 3 and "Yse" in typo.message
    assert plan.error_rows == 3

    with open_spreadsheet(path) as book:
        assert unknown_values(book, mapping) == {"Contacts": {"hats:volunteer": ["Yse"]}}
    assert closest_choices("Yse", "people", "hats:volunteer", limit=1) == ["Yes"]

    sheet = mapping.sheets["Contacts"]
    sheet.fixed["consent_scope"] = "partners"
    sheet.values["hats:volunteer"] = {" yse ": "Yes"}
    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    assert plan.mapping.sheets["Contacts"].fixed == {"consent_scope": "partners"}
    result = apply_import(new_audit, plan)
    people = {p.name: p for p in new_audit.iterate(Person)}
    assert set(people) == {"Ann Evans", "Bob Lloyd", "Carys Hughes"}
    assert all(p.consent_scope is ConsentScope.PARTNERS for p in people.values())
    assert people["Bob Lloyd"].hats == (Hat.VOLUNTEER,)
    assert people["Carys Hughes"].hats == ()
    assert people["Ann Evans"].consent_date == date(2025, 3, 12)

    again = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    assert again.nothing_to_do and not again.has_errors, again.to_text()
    assert again.unchanged == 3

    new_audit.undo_changes(result.added_ids, result.record_changes, summary=result.summary)
    assert list(new_audit.iterate(Person)) == []


# -- values for the whole sheet and mapped values ---------------------------------------------


def test_an_assets_list_with_a_fixed_category_and_its_statuses_mapped(new_audit, tmp_path):
    path = assets_list(tmp_path / "Places.xlsx")
    mapping = mapping_of(path)
    sheet = mapping.sheets["Places"]
    with open_spreadsheet(path) as book:
        assert unknown_values(book, mapping) == {"Places": {"status": ["Listed", "Open"]}}
    assert closest_choices("Listed", "assets", "status")[0] in choices_for("assets", "status")

    sheet.fixed["category"] = "Physical spaces"
    sheet.values["status"] = {"Listed": "Active", "open": "Active"}
    assert missing_required("assets", sheet) == []
    with open_spreadsheet(path) as book:
        assert unknown_values(book, mapping) == {}
    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    assert plan.new == 5
    apply_import(new_audit, plan)
    assets = {a.name: a for a in new_audit.iterate(CommunityAsset)}
    assert all(a.category is AssetCategory.PHYSICAL_SPACES for a in assets.values())
    assert assets["Riverside Hall"].status is AssetStatus.ACTIVE
    assert assets["Park Pavilion"].status is AssetStatus.ACTIVE  # "LISTED " trimmed, any case
    assert assets["Cwm Library"].status is AssetStatus.ACTIVE
    assert assets["Old Baths"].status is AssetStatus.CLOSED
    assert assets["Chapel Vestry"].status is AssetStatus.ACTIVE  # the default
    assert assets["Riverside Hall"].postcode == "CF10 1AA"

    # Saved and loaded again, the mapping imports nothing more.
    saved = tmp_path / "places.json"
    plan.mapping.save(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["version"] == MAPPING_VERSION == 2
    assert data["sheets"]["Places"]["fixed"] == {"category": "Physical spaces"}
    assert data["sheets"]["Places"]["values"] == {"status": {"Listed": "Active", "open": "Active"}}
    again = plan_import(new_audit, path, mapping=ImportMapping.load(saved), today=TODAY)
    assert again.nothing_to_do and again.unchanged == 5, again.to_text()
    assert len(list(new_audit.iterate(CommunityAsset))) == 5


def test_a_cell_wins_over_the_value_for_the_whole_sheet_and_typos_map(new_audit, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text(
        "Name,Type,Access\n"
        "Knit and Natter,Associations,Step-free access\n"
        "Old Town Hall,Phyiscal spaces,Step free; hearing lop\n"
        "Youth Club,,\n",
        encoding="utf-8",
    )
    mapping = mapping_of(path)
    sheet = mapping.sheets["groups"]
    assert sheet.columns["Type"] == "category" and sheet.columns["Access"] == "accessibility"
    with open_spreadsheet(path) as book:
        assert unknown_values(book, mapping) == {
            "groups": {"category": ["Phyiscal spaces"], "accessibility": ["hearing lop"]}
        }
    assert closest_choices("Phyiscal spaces", "assets", "category")[0] == "Physical spaces"
    assert closest_choices("hearing lop", "assets", "accessibility", limit=1) == ["Hearing loop"]
    sheet.fixed["category"] = "Associations"
    sheet.values["category"] = {"Phyiscal spaces": "Physical spaces"}
    sheet.values["accessibility"] = {"hearing lop": "Hearing loop"}
    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    apply_import(new_audit, plan)
    assets = {a.name: a for a in new_audit.iterate(CommunityAsset)}
    assert assets["Old Town Hall"].category is AssetCategory.PHYSICAL_SPACES  # the cell wins
    assert assets["Youth Club"].category is AssetCategory.ASSOCIATIONS  # empty: the fixed one
    assert len(assets["Old Town Hall"].accessibility) == 2


def test_a_fixed_value_our_choices_do_not_know_is_one_problem(new_audit, tmp_path):
    path = assets_list(tmp_path / "Places.xlsx")
    mapping = mapping_of(path)
    mapping.sheets["Places"].fixed["category"] = "Shops"  # as the wizard may hand it in
    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    (problem,) = plan.errors
    assert problem.row == 4 and '"Shops"' in problem.message and "Category" in problem.message
    assert "Physical spaces" in problem.advice
    assert plan.error_rows == 5 and plan.adds == []


def test_what_the_wizard_asks():
    assert choices_for("people", "consent_scope") == [
        "The audit team only",
        "Partner organisations",
        "The public",
    ]
    assert choices_for("people", "hats:volunteer") == ["Yes", "No"]
    assert choices_for("people", "name") is None
    assert choices_for("people", "consent_date") is None
    assert choices_for("people", "capabilities:hands") is None
    assert choices_for("people", "no such field") is None
    assert choices_for("capabilities", "kind")[0] == "Head: knowledge"
    assert closest_choices("Yse", "people", "hats:volunteer") == ["Yes", "No"]
    assert closest_choices("partners", "people", "consent_scope", limit=1) == [
        "Partner organisations"
    ]
    assert closest_choices("anything", "people", "name") == []
    people = SheetMapping("people", {"Who": ""})
    assert [c.key for c in missing_required("people", people)] == ["name"]
    people.fixed["name"] = "Anon"
    assert missing_required("people", people) == []
    capabilities = SheetMapping("capabilities", {"Person": "person_name"})
    assert [c.key for c in missing_required("capabilities", capabilities)] == [
        "kind",
        "description",
    ]


def test_unknown_values_stop_at_the_limit(tmp_path):
    path = tmp_path / "many.csv"
    lines = ["Name,Status"] + [f"Place {n},Status {n % 80}" for n in range(1000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = ImportMapping({"many": SheetMapping("assets", {"Name": "name", "Status": "status"})})
    with open_spreadsheet(path) as book:
        found = unknown_values(book, mapping, limit_per_column=10)
    assert found == {"many": {"status": [f"Status {n}" for n in range(10)]}}


# -- the mapping file --------------------------------------------------------------------------


def test_a_mapping_file_of_version_1_still_loads(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(
        json.dumps(
            {
                "format": "coprod-desktop import mapping",
                "version": 1,
                "sheets": {"march": {"entity": "people", "columns": {"Who": "name"}}},
            }
        ),
        encoding="utf-8",
    )
    sheet = ImportMapping.load(path).sheets["march"]
    assert (sheet.entity, sheet.columns, sheet.fixed, sheet.values) == (
        "people",
        {"Who": "name"},
        {},
        {},
    )
    # Written again as version 2, without empty "fixed" and "values".
    assert ImportMapping.load(path).to_json()["sheets"]["march"] == {
        "entity": "people",
        "columns": {"Who": "name"},
    }


def _sheet(**item) -> dict:
    return {"format": "coprod-desktop import mapping", "version": 2, "sheets": {"Places": item}}


@pytest.mark.parametrize(
    ("item", "words"),
    [
        (
            {"entity": "assets", "fixed": {"category": "Buildings"}},
            ['"Buildings"', 'sheet "Places"', "Category", "Physical spaces; Economic"],
        ),
        (
            {"entity": "assets", "fixed": {"colour": "red"}},
            ['sheet "Places"', '"colour"', "not a field of assets"],
        ),
        (
            {"entity": "assets", "fixed": {"id": "123"}},
            ['sheet "Places"', "own ID"],
        ),
        (
            {"entity": "assets", "fixed": ["category", "Economic"]},
            ['sheet "Places"', '"fixed"', "not readable"],
        ),
        (
            {"entity": "assets", "values": {"status": "Active"}},
            ['sheet "Places"', '"values"', "not readable"],
        ),
        (
            {"entity": "assets", "values": {"status": {"Listed": "Open"}}},
            ['"Listed" is mapped to "Open"', "Status", "Active; At risk; Closed"],
        ),
        (
            {"entity": "people", "fixed": {"consent_date": "31/02/2025"}},
            ["Consent given on", "31/02/2025", "day first"],
        ),
    ],
)
def test_a_malformed_mapping_file_gives_a_plain_message(tmp_path, item, words):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_sheet(**item)), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        ImportMapping.load(path)
    message = str(caught.value)
    assert message.startswith(f'"{path}" cannot be used as a column mapping: ')
    for word in words:
        assert word in message, message
    assert "Traceback" not in message and "KeyError" not in message


def test_a_mapping_of_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.json"
    path.write_text(json.dumps({**_sheet(entity="assets"), "version": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="newer version of Coprod Desktop"):
        ImportMapping.load(path)


def test_fixed_values_given_on_the_command_line(tmp_path):
    path = assets_list(tmp_path / "Places.xlsx")
    with open_spreadsheet(path) as book:
        mapping = add_fixed(None, book, ["Places:Category=Economic", ":status=At risk"])
        assert mapping.sheets["Places"].fixed == {"category": "Economic", "status": "At risk"}
        for given, words in [
            ("Places:category", "is not SHEET:FIELD=VALUE"),
            ("Nowhere:category=Economic", 'no sheet "Nowhere"'),
            ("Places:category=Shops", "not one of our choices"),
        ]:
            with pytest.raises(ValueError, match=words):
                add_fixed(None, book, [given])
    check_sheet_mapping("Places", mapping.sheets["Places"])  # no error
    contacts = partner_list(tmp_path / "Contacts.xlsx")
    with open_spreadsheet(contacts) as book:
        mapping = add_fixed(None, book, ["Contacts:hats=carer", "Contacts:consent_scope=public"])
        assert mapping.sheets["Contacts"].fixed == {
            "hats:carer": "Yes",
            "consent_scope": "public",
        }
        with pytest.raises(ValueError, match="not one of the hats"):
            add_fixed(None, book, ["Contacts:hats=juggler"])
