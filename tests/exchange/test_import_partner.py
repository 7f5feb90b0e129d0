"""Importing partners' own sheets and CSV files: headers, guesses, values, duplicates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import (
    Action,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Hat,
    Person,
)
from coprod_desktop.domain.vocabulary import (
    Access,
    ActionStatus,
    AssetCategory,
    ConsentScope,
    Element,
    Reciprocity,
)
from coprod_desktop.exchange.importing.importer import (
    ImportMapping,
    SheetMapping,
    apply_import,
    guess_mapping,
    plan_import,
)
from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet
from coprod_desktop.store.check import check_audit
from tests.exchange.conftest import TODAY, sha256

VOLUNTEERS = [
    # name, e-mail, phone, volunteer?, lived experience, languages, wants back, consent on
    (
        "Jane Smith",
        "jane@example.org",
        "01234 567890",
        "Y",
        "no",
        "English, Welsh",
        "learning; expenses",
        "03/04/2025",
    ),
    ("Dai Jones", None, 7700900123, "x", "TRUE", "Welsh", "Friendship and company", "3 April 2025"),
    ("Siân Ŵyn", "sian@example.org", None, "✓", False, "English\nBSL", None, datetime(2025, 4, 3)),
    ("Priya Patel", None, None, "yes", "Yes", "Gujarati; English", "payment / learning", 45750),
    ("Tomos Rees", None, None, "N", "n", None, None, "3rd Apr 2025"),
    ("Ann O'Brien", None, None, False, None, None, None, "2025-04-03"),
]


def partner_workbook(path: Path) -> Path:
    """A partner's own sheet: a title, a blank row, odd headers, a merged header cell."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Our volunteers"
    ws["A1"] = "Riverside Tenants' Association: volunteers, spring 2025"
    ws["A2"] = "Please keep this list up to date"
    headers = [
        "Full name",
        "E-mail adress",
        "Tel",
        "Volunteer?",
        "Lived experience",
        "Languages spoken",
        "What they want back",
        "Date of consent",
    ]
    for column, header in enumerate(headers, start=1):
        ws.cell(4, column, header)
    # "Consent covers" spans two columns, as people merge a header over a wide cell.
    ws.cell(4, 9, "Consent covers")
    ws.merge_cells(start_row=4, start_column=9, end_row=4, end_column=10)
    for offset, values in enumerate(VOLUNTEERS):
        for column, value in enumerate(values, start=1):
            ws.cell(5 + offset, column, value)
        ws.cell(5 + offset, 9, "partners" if offset % 2 else "Partner organisations")
    book.save(path)
    return path


def test_a_partners_own_sheet_is_mapped_read_and_imported(new_audit, tmp_path):
    path = partner_workbook(tmp_path / "Volunteers.xlsx")
    with open_spreadsheet(path) as book:
        mapping = guess_mapping(book)
    sheet = mapping.sheets["Our volunteers"]
    assert sheet.entity == "people"
    assert sheet.columns["Full name"] == "name"
    assert sheet.columns["E-mail adress"] == "email"  # a near miss
    assert sheet.columns["Tel"] == "phone"
    assert sheet.columns["Volunteer?"] == "hats:volunteer"
    assert sheet.columns["Lived experience"] == "hats:lived_experience"
    assert sheet.columns["Languages spoken"] == "languages"
    assert sheet.columns["What they want back"] == "wants_in_return"
    assert sheet.columns["Date of consent"] == "consent_date"
    assert sheet.columns["Consent covers"] == "consent_scope"

    plan = plan_import(new_audit, path, today=TODAY)
    assert not plan.own_workbook
    assert not plan.has_errors, plan.to_text()
    assert plan.new == len(VOLUNTEERS)
    apply_import(new_audit, plan)

    people = {p.name: p for p in new_audit.iterate(Person)}
    assert set(people) == {v[0] for v in VOLUNTEERS}
    assert all(p.consent_date == date(2025, 4, 3) for p in people.values())
    assert all(p.consent_scope is ConsentScope.PARTNERS for p in people.values())
    jane, dai, sian = people["Jane Smith"], people["Dai Jones"], people["Siân Ŵyn"]
    assert jane.email == "jane@example.org" and jane.phone == "01234 567890"
    assert dai.phone == "7700900123"
    assert jane.hats == (Hat.VOLUNTEER,)
    assert dai.hats == (Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER)
    assert sian.hats == (Hat.VOLUNTEER,)
    assert people["Tomos Rees"].hats == () and people["Ann O'Brien"].hats == ()
    assert jane.languages == ("English", "Welsh") and sian.languages == ("English", "BSL")
    assert jane.wants_in_return == (Reciprocity.LEARNING, Reciprocity.EXPENSES)
    assert people["Priya Patel"].wants_in_return == (Reciprocity.PAYMENT, Reciprocity.LEARNING)
    assert check_audit(new_audit.path).ok


def test_bad_values_are_reported_with_sheet_row_column_and_advice(new_audit, tmp_path):
    path = tmp_path / "Bad.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "People"
    ws.append(["Name", "Email", "Volunteer", "Consent given on", "Consent covers", "Languages"])
    ws.append(["Good Person", "good@example.org", "yes", "01/02/2024", "The public", "Welsh"])
    ws.append(["Bad Date", None, "no", "31/02/2025", "The public", None])
    ws.append(["Bad Yes", None, "perhaps", None, None, None])
    ws.append(["Bad Choice", None, None, "01/02/2024", "Everybody", None])
    ws.append(["Future", None, None, "01/02/2099", "The public", None])
    ws.append([None, "nameless@example.org", None, None, None, None])
    book.save(path)

    plan = plan_import(new_audit, path, today=TODAY)
    assert plan.new == 1 and plan.error_rows == 5
    by_row = {p.row: p for p in plan.errors}
    assert by_row[3].column == "D (Consent given on)" and "31/02/2025" in by_row[3].message
    assert "day first" in by_row[3].advice
    assert by_row[4].column == "C (Volunteer)" and "Yes or No" in str(by_row[4])
    assert by_row[5].column == "E (Consent covers)" and "Everybody" in by_row[5].message
    assert "The audit team only" in by_row[5].advice
    assert by_row[6].column == "D (Consent given on)" and "future" in by_row[6].message
    assert by_row[7].column == "A (Name)" and "name" in by_row[7].message.lower()
    assert str(by_row[3]).startswith("People, row 3, column D (Consent given on): ")


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("cp1252", ","), ("utf-8-sig", "\t")],
)
def test_csv_files_in_every_encoding_and_separator(new_audit, tmp_path, encoding, separator):
    rows = [
        ["Name", "Organisation", "Carer", "Notes"],
        ["Zoë Ångström", "Café Club", "yes", "Likes tea, and cake"],
        ["José Núñez", "Parc Cymunedol", "n", ""],
    ]

    def cell(text: str) -> str:
        return f'"{text}"' if separator in text or "," in text else text

    text = "\r\n".join(separator.join(cell(v) for v in row) for row in rows) + "\r\n"
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode(encoding))

    plan = plan_import(new_audit, path, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    assert plan.mapping.sheets["people"].entity == "people"
    apply_import(new_audit, plan)
    people = {p.name: p for p in new_audit.iterate(Person)}
    assert set(people) == {"Zoë Ångström", "José Núñez"}
    assert people["Zoë Ångström"].organisation == "Café Club"
    assert people["Zoë Ångström"].hats == (Hat.CARER,)
    assert people["Zoë Ångström"].notes == "Likes tea, and cake"
    assert people["José Núñez"].hats == ()


def test_a_csv_of_assets_and_one_of_actions_are_told_apart(new_audit, tmp_path):
    assets = tmp_path / "places.csv"
    assets.write_text(
        "Venue,Type,Post code,Opening hours,Access\n"
        "Riverside Hall,Physical spaces,CF10 1AA,Mon-Fri 9-5,Step-free access; hearing loop\n"
        "Cwm Library,institutions,CF11 2BB,,\n",
        encoding="utf-8",
    )
    actions = tmp_path / "todo.csv"
    actions.write_text(
        "Task,Element,Who,Deadline,Status\n"
        "Invite the youth club,Peer support networks,Sam,1/12/2026,in progress\n",
        encoding="utf-8",
    )
    plan = plan_import(new_audit, assets, today=TODAY)
    assert plan.mapping.sheets["places"].entity == "assets"
    assert not plan.has_errors, plan.to_text()
    apply_import(new_audit, plan)
    hall = new_audit.page(CommunityAsset, text="Riverside")[0] if False else None
    hall = next(a for a in new_audit.iterate(CommunityAsset) if a.name == "Riverside Hall")
    assert hall.category is AssetCategory.PHYSICAL_SPACES and hall.postcode == "CF10 1AA"
    assert hall.accessibility == (Access.STEP_FREE, Access.HEARING_LOOP)

    plan = plan_import(new_audit, actions, today=TODAY)
    assert plan.mapping.sheets["todo"].entity == "actions"
    assert not plan.has_errors, plan.to_text()
    apply_import(new_audit, plan)
    (action,) = new_audit.iterate(Action)
    assert action.title == "Invite the youth club" and action.owner == "Sam"
    assert action.due == date(2026, 12, 1) and action.status is ActionStatus.IN_PROGRESS
    assert action.element is Element.PEER_NETWORKS


def test_capabilities_name_their_people(new_audit, tmp_path):
    new_audit.add(Person(name="Jane Smith"))
    path = tmp_path / "skills.csv"
    path.write_text(
        "Person name,Skill,Capability type,Willing\n"
        "jane smith,Plays the piano,hands,y\n"
        "Nobody Known,Juggling,hands,y\n",
        encoding="utf-8",
    )
    plan = plan_import(new_audit, path, today=TODAY)
    assert plan.mapping.sheets["skills"].entity == "capabilities"
    assert plan.new == 1 and plan.error_rows == 1
    (problem,) = plan.errors
    assert problem.row == 3 and "Nobody Known" in problem.message
    apply_import(new_audit, plan, valid_only=True)
    (capability,) = new_audit.iterate(Capability)
    assert capability.kind is CapabilityKind.HANDS and capability.description == "Plays the piano"


# -- duplicates ------------------------------------------------------------------------------


def test_likely_duplicates_are_flagged_not_added(new_audit, tmp_path):
    new_audit.add(Person(name="Jane Smith", email="jane@example.org"))
    new_audit.add(Person(name="Participant Seven"))
    new_audit.add(
        CommunityAsset(
            name="Riverside Community Hall",
            category=AssetCategory.PHYSICAL_SPACES,
            postcode="CF10 1AA",
        )
    )
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Email\n"
        "Smith  Jane,\n"  # words in another order
        "Jane Smyth,\n"  # a typo
        "J. Bloggs,JANE@example.org\n"  # the same e-mail address
        "Owen Morgan,\n"
        "Owen Morgen,\n"  # like a new row above it
        "Participant 1,\n"
        "Participant 11,\n",  # numbers differ: not duplicates
        encoding="utf-8",
    )
    plan = plan_import(new_audit, people, today=TODAY)
    flagged = {p.row: str(p).lower() for p in plan.duplicates}
    assert set(flagged) == {2, 3, 4, 6}
    assert "likely the same person as 'jane smith' (already in the audit)" in flagged[2]
    assert "the same e-mail address as 'jane smith'" in flagged[4]
    assert "'owen morgan' (row 5 of people in this file)" in flagged[6]
    assert "to add it anyway" in flagged[2]
    assert all(p.severity == "error" for p in plan.duplicates)
    assert plan.new == 3

    keep = plan_import(new_audit, people, add_duplicates=True, today=TODAY)
    assert not keep.has_errors and keep.new == 7
    assert all(p.severity == "warning" for p in keep.duplicates)

    assets = tmp_path / "assets.csv"
    assets.write_text(
        "Asset name,Category,Postcode\n"
        "Riverside Community Hall,Physical spaces,NP20 4AA\n"  # another hall, another place
        "Riverside community hall.,Physical spaces,cf10 1aa\n"
        "Riverside Community Hal,Physical spaces,\n",
        encoding="utf-8",
    )
    plan = plan_import(new_audit, assets, today=TODAY)
    assert {p.row for p in plan.duplicates} == {3, 4}
    assert plan.new == 1


def test_duplicate_search_is_quick_with_many_people(new_audit, tmp_path):
    import itertools
    import time

    firsts = [f"{a}{b}an" for a, b in itertools.product("BCDFGHJKLMNPRSTVW", "aeiouy")]
    lasts = [f"{a}{b}rton" for a, b in itertools.product("BCDFGHJKLMNPRSTVW", "aeiouy")]
    names = [f"{f} {s}" for f, s in itertools.product(firsts, lasts)][:10_000]
    new_audit.add_many(Person(name=name) for name in names)
    lines = ["Name", *(f"{n}e" for n in names[::10]), *(f"Zed Q{i}" for i in range(1000))]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    plan = plan_import(new_audit, path, today=TODAY)
    seconds = time.perf_counter() - started
    assert len(plan.duplicates) == 1000 and plan.new == 1000
    assert seconds < 5


# -- mappings ---------------------------------------------------------------------------------


def test_a_mapping_is_saved_loaded_and_used_next_time(new_audit, tmp_path):
    first = tmp_path / "march.csv"
    first.write_text("Who,Contact,Bits\nJane Smith,jane@example.org,xyz\n", encoding="utf-8")
    mapping = ImportMapping(
        {"march": SheetMapping("people", {"Who": "name", "Contact": "email", "Bits": ""})}
    )
    saved = tmp_path / "mapping.json"
    mapping.save(saved)
    loaded = ImportMapping.load(saved)
    assert loaded == mapping

    # Next month's file has another name and a new column: the one-sheet mapping still fits.
    second = tmp_path / "april.csv"
    second.write_text(
        "Who,Contact,Bits,Organisation\nDai Jones,dai@example.org,abc,Cwm FC\n", encoding="utf-8"
    )
    plan = plan_import(new_audit, second, mapping=loaded, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    assert plan.mapping.sheets["april"].columns == {
        "Who": "name",
        "Contact": "email",
        "Bits": "",
        "Organisation": "organisation",
    }
    apply_import(new_audit, plan)
    (dai,) = new_audit.iterate(Person)
    assert (dai.name, dai.email, dai.organisation) == ("Dai Jones", "dai@example.org", "Cwm FC")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not a column mapping"),
        ('{"sheets": {"S": {"entity": "unicorns"}}}', "not one of"),
        ('{"sheets": {"S": {"entity": "people", "columns": {"A": "shoe_size"}}}}', "shoe_size"),
        ("[1, 2]", "cannot be used as a column mapping"),
    ],
)
def test_a_broken_mapping_file_is_refused_plainly(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        ImportMapping.load(path)


def test_a_sheet_nobody_can_place_is_left_out_with_a_note(new_audit, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Colour,Flavour\nred,lemon\n", encoding="utf-8")
    digest = sha256(new_audit.path)
    plan = plan_import(new_audit, path, today=TODAY)
    assert plan.sheets == [] and plan.ignored_sheets == ["odd"]
    assert "not clear what this sheet holds" in plan.to_text()
    assert sha256(new_audit.path) == digest
