"""A volunteer sign-up sheet: one row per person, their capabilities in columns (issue 15)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl

from coprod_desktop.cli import main
from coprod_desktop.domain import Capability, CapabilityKind, Person
from coprod_desktop.domain.vocabulary import ConsentScope
from coprod_desktop.exchange.importing.importer import (
    ImportMapping,
    apply_import,
    guess_mapping,
    plan_import,
)
from coprod_desktop.exchange.importing.mapping import ENTITIES, guess_columns
from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet
from coprod_desktop.store.check import check_audit
from tests.exchange.conftest import TODAY

SHEET = "Sign-ups"
SIGN_UPS = [
    # name, e-mail, I can help with, what I care about, when I'm free, groups, consent on
    (
        "Jane Smith",
        "jane@example.org",
        "Gardening; baking, DIY / lifts to appointments",
        "Young people\nParks and green spaces",
        "Weekends",
        "Riverside Tenants' Association",
        "03/04/2025",
    ),
    (
        "Dai Jones",
        None,
        "gardening, Gardening ,  GARDENING",
        None,
        "Evenings",
        None,
        "4 April 2025",
    ),
    ("Siân Ŵyn", "sian@example.org", "• Welsh lessons\n• Knitting", "Climate", None, None, None),
    ("Priya Patel", None, None, None, "Any time", "Mosque youth group; Food bank", "05/04/2025"),
]


def sign_up_sheet(path: Path) -> Path:
    """A sign-up sheet as a volunteer coordinator keeps it: a title row above the header,
    the person's gifts in columns, no consent scope column (consent dates only)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = SHEET
    ws["A1"] = "Riverside fun day: volunteer sign-ups, spring 2025"
    ws.append([])
    ws.append(
        [
            "Full name",
            "Email address",
            "I can help with",
            "What I care about",
            "When I'm free",
            "Groups I belong to",
            "Consent given on",
        ]
    )
    for row in SIGN_UPS:
        ws.append(list(row))
    book.save(path)
    return path


def fixed_consent(path: Path) -> ImportMapping:
    with open_spreadsheet(path) as book:
        mapping = guess_mapping(book)
    mapping.sheets[SHEET].fixed["consent_scope"] = "partners"
    return mapping


def capabilities(store) -> dict[str, list[tuple[CapabilityKind, str]]]:
    names = {p.id: p.name for p in store.iterate(Person)}
    found: dict[str, list[tuple[CapabilityKind, str]]] = {}
    for capability in store.iterate(Capability):
        found.setdefault(names[capability.person_id], []).append(
            (capability.kind, capability.description)
        )
    return {name: sorted(items) for name, items in found.items()}


def test_the_headers_of_a_sign_up_sheet_are_guessed(tmp_path):
    path = sign_up_sheet(tmp_path / "Sign-ups.xlsx")
    with open_spreadsheet(path) as book:
        sheet = guess_mapping(book).sheets[SHEET]
    assert sheet.entity == "people"
    assert sheet.columns == {
        "Full name": "name",
        "Email address": "email",
        "I can help with": "capabilities:hands",
        "What I care about": "capabilities:heart",
        "When I'm free": "availability",
        "Groups I belong to": "capabilities:connections",
        "Consent given on": "consent_date",
    }


def test_other_headers_of_capabilities_and_availability():
    people = ENTITIES["people"]
    expected = {
        "Skills": "capabilities:hands",
        "What I can do": "capabilities:hands",
        "Interests": "capabilities:heart",
        "Causes": "capabilities:heart",
        "What I know about": "capabilities:head",
        "Knowledge": "capabilities:head",
        "Experience": "capabilities:head",
        "Groups": "capabilities:connections",
        "Networks": "capabilities:connections",
        "Lived experiences": "capabilities:lived_experience",
        "When are you available": "availability",
        "Availability": "availability",
        # Not stolen from the person's own fields: their languages, the hat of our template.
        "Languages": "languages",
        "Language": "languages",
        "Lived experience": "hats:lived_experience",
        "Organisation": "organisation",
    }
    for header, key in expected.items():
        assert guess_columns([header], people)[header] == key, header
    # The capability columns are for partners' sheets: not in our own workbook's mapping.
    assert guess_columns(["I can help with"], people, own=True) == {"I can help with": ""}


def test_capabilities_in_columns_are_imported_once_and_undone_with_the_import(new_audit, tmp_path):
    path = sign_up_sheet(tmp_path / "Sign-ups.xlsx")
    mapping = fixed_consent(path)
    plan = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    (sheet,) = plan.sheets
    assert (sheet.new, sheet.capabilities) == (4, 13)
    assert plan.capabilities_added == 13
    assert plan.to_json()["sheets"][0]["capabilities"] == 13
    assert plan.to_json()["totals"]["capabilities"] == 13
    assert "Capabilities added to the people of Sign-ups from its columns: 13." in plan.to_text()
    assert "4 new and 0 changed records and 13 capabilities" in plan.verdict()
    result = apply_import(new_audit, plan)
    assert result.added == {SHEET: 17}
    assert result.step_text() == "Import 4 people, 13 capabilities from Sign-ups.xlsx"

    hands, heart, links = CapabilityKind.HANDS, CapabilityKind.HEART, CapabilityKind.CONNECTIONS
    assert capabilities(new_audit) == {
        "Jane Smith": sorted(
            [
                (hands, "Gardening"),
                (hands, "baking"),
                (hands, "DIY"),
                (hands, "lifts to appointments"),
                (heart, "Young people"),
                (heart, "Parks and green spaces"),
                (links, "Riverside Tenants' Association"),
            ]
        ),
        "Dai Jones": [(hands, "gardening")],  # the first spelling, once
        "Siân Ŵyn": sorted([(hands, "Welsh lessons"), (hands, "Knitting"), (heart, "Climate")]),
        "Priya Patel": sorted([(links, "Mosque youth group"), (links, "Food bank")]),
    }
    people = {p.name: p for p in new_audit.iterate(Person)}
    assert people["Jane Smith"].availability == "Weekends"
    assert people["Jane Smith"].consent_scope is ConsentScope.PARTNERS
    assert people["Dai Jones"].consent_date == date(2025, 4, 4)
    assert all(p.consent_scope is ConsentScope.PARTNERS for p in people.values())
    assert check_audit(new_audit.path).ok

    # The same sheet again: nothing changes, nothing is added twice.
    again = plan_import(new_audit, path, mapping=mapping, today=TODAY)
    assert not again.has_errors, again.to_text()
    assert (again.new, again.changed, again.unchanged, again.capabilities_added) == (0, 0, 4, 0)
    assert again.nothing_to_do
    assert apply_import(new_audit, again).total_added == 0
    assert len(list(new_audit.iterate(Capability))) == 13

    # Undone as one step: the people and their capabilities go.
    new_audit.undo_changes(result.added_ids, result.record_changes, summary=result.summary)
    assert list(new_audit.iterate(Person)) == []
    assert list(new_audit.iterate(Capability)) == []


def test_a_person_already_in_the_audit_gets_only_what_they_do_not_have(new_audit, tmp_path):
    jane = Person(name="Jane Smith", email="jane@example.org")
    new_audit.add(jane)
    new_audit.add(Capability(person_id=jane.id, kind=CapabilityKind.HANDS, description="BAKING"))
    new_audit.add(Capability(person_id=jane.id, kind=CapabilityKind.HEAD, description="Gardening"))
    path = sign_up_sheet(tmp_path / "Sign-ups.xlsx")
    plan = plan_import(new_audit, path, mapping=fixed_consent(path), today=TODAY)
    assert not plan.has_errors, plan.to_text()
    assert plan.sheets[0].matched == 1  # Jane found by name and e-mail address
    apply_import(new_audit, plan)
    mine = capabilities(new_audit)["Jane Smith"]
    # "baking" is her "BAKING"; "Gardening" of the hands is not the knowledge of gardening.
    assert (CapabilityKind.HANDS, "baking") not in mine
    assert (CapabilityKind.HANDS, "BAKING") in mine
    assert (CapabilityKind.HANDS, "Gardening") in mine and (
        CapabilityKind.HEAD,
        "Gardening",
    ) in mine
    assert len(mine) == 8


def test_a_row_with_a_problem_adds_no_capability(new_audit, tmp_path):
    path = tmp_path / "Bad.csv"
    path.write_text(
        "Name,Skills,Consent given on,Consent covers\n"
        "Good Person,Cooking,01/02/2024,The public\n"
        "Bad Date,Painting,31/02/2025,The public\n",
        encoding="utf-8",
    )
    plan = plan_import(new_audit, path, today=TODAY)
    assert plan.error_rows == 1 and plan.capabilities_added == 1
    apply_import(new_audit, plan, valid_only=True)
    assert [c.description for c in new_audit.iterate(Capability)] == ["Cooking"]


def test_the_command_line_imports_with_a_fixed_value_and_saves_it(new_audit, tmp_path, capsys):
    path = sign_up_sheet(tmp_path / "Sign-ups.xlsx")
    audit = new_audit.path
    new_audit.close()
    saved = tmp_path / "sign-ups.json"
    args = ["import", str(audit), str(path), "--json", "--save-mapping", str(saved)]
    assert main([*args, "--fixed", f"{SHEET}:Consent covers=Partner organisations"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["new"] == 4 and data["totals"]["capabilities"] == 13
    written = json.loads(saved.read_text(encoding="utf-8"))
    assert written["version"] == 2
    assert written["sheets"][SHEET]["fixed"] == {"consent_scope": "Partner organisations"}
    assert written["sheets"][SHEET]["columns"]["I can help with"] == "capabilities:hands"

    # With the saved mapping, the same file again changes nothing.
    assert main(["import", str(audit), str(path), "--mapping", str(saved)]) == 0
    assert "Nothing to import" in capsys.readouterr().out

    assert main(["import", str(audit), str(path), "--fixed", "Sign-ups:consent_scope"]) == 1
    assert "is not SHEET:FIELD=VALUE" in capsys.readouterr().err
    assert main(["import", str(audit), str(path), "--fixed", f"{SHEET}:consent_scope=all"]) == 1
    error = capsys.readouterr().err
    assert f'sheet "{SHEET}"' in error and "Consent covers" in error
    assert "Partner organisations" in error  # the choices, named
