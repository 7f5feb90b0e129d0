"""Assets of Community Value in workbooks (exported, in the template, imported back unchanged)
and in the report's asset register.

The ACV columns of the Assets sheet hold what the council's register says (public
information: every privacy level that has rows shows them). The dates the Act derives are not
columns, so a listing end left empty stays empty after a round trip.
"""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import AcvStatus, AssetCategory, PrivacyLevel
from coprod_desktop.exchange.importing.importer import apply_import, plan_import
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.writer import export_workbook, write_template
from coprod_desktop.report.pdf import export_report
from tests.exchange.conftest import TODAY, allowed_labels, headers, sheet_records
from tests.exchange.test_pdf_report import flat, pdf_text

ACV_HEADERS = [
    "ACV status",
    "ACV register reference",
    "ACV nominated by",
    "ACV date nominated",
    "ACV date listed",
    "ACV listing ends",
    "ACV notice of sale",
]


@pytest.fixture
def acv_audit(new_audit):
    store = new_audit
    store.add(
        r.CommunityAsset(
            name="The Red Lion",
            category=AssetCategory.ECONOMIC,
            postcode="BK2 3DG",
            acv_status=AcvStatus.LISTED,
            acv_reference="ACV/2024/07",
            acv_nominated_by="Friends of the Red Lion",
            acv_nominated_on=date(2024, 1, 3),
            acv_listed_on=date(2024, 2, 29),
            acv_sale_notice_on=date(2026, 8, 31),
        )
    )
    store.add(
        r.CommunityAsset(
            name="Capel Bethel",
            category=AssetCategory.PHYSICAL_SPACES,
            acv_status=AcvStatus.LISTED,
            acv_listed_on=date(2022, 5, 1),
            acv_listing_ends=date(2025, 5, 1),  # the council gave a shorter listing
        )
    )
    store.add(r.CommunityAsset(name="Millfield Allotments", category=AssetCategory.ASSOCIATIONS))
    return store


def assets(store) -> list[r.CommunityAsset]:
    return sorted(store.iterate(r.CommunityAsset), key=lambda a: a.name)


@pytest.mark.parametrize("level", [PrivacyLevel.INTERNAL, PrivacyLevel.PARTNER])
def test_the_assets_sheet_holds_the_acv_columns(acv_audit, tmp_path, level):
    path = tmp_path / f"{level.value}.xlsx"
    export_workbook(acv_audit, path, privacy=level)
    ws = openpyxl.load_workbook(path)["Assets"]
    found = headers(ws)
    assert found[found.index("Description") + 1 : found.index("Asset ID (leave as it is)")] == (
        ACV_HEADERS
    )
    rows = {row["Name"]: row for row in sheet_records(ws)}
    pub = rows["The Red Lion"]
    assert pub["ACV status"] == "Listed"
    assert pub["ACV register reference"] == "ACV/2024/07"
    assert pub["ACV nominated by"] == "Friends of the Red Lion"
    assert pub["ACV date listed"].date() == date(2024, 2, 29)
    assert pub["ACV listing ends"] is None  # worked out, not a value of the asset
    assert pub["ACV notice of sale"].date() == date(2026, 8, 31)
    assert rows["Capel Bethel"]["ACV listing ends"].date() == date(2025, 5, 1)
    assert rows["Millfield Allotments"]["ACV status"] == "Not nominated"
    assert allowed_labels(L.ASSETS.column("acv_status")) == [s.label for s in AcvStatus]


def test_the_template_offers_the_acv_columns(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    found = headers(openpyxl.load_workbook(path)["Assets"])
    assert all(header in found for header in ACV_HEADERS)


@pytest.mark.parametrize("level", [PrivacyLevel.INTERNAL, PrivacyLevel.PARTNER])
def test_the_exported_workbook_imported_back_changes_nothing(acv_audit, tmp_path, level):
    before = assets(acv_audit)
    path = tmp_path / "round trip.xlsx"
    export_workbook(acv_audit, path, privacy=level)
    plan = plan_import(acv_audit, path, today=TODAY)
    assert not plan.errors and plan.nothing_to_do, (plan.errors, plan.changes)
    apply_import(acv_audit, plan)
    assert assets(acv_audit) == before


def test_a_changed_acv_cell_is_one_change(acv_audit, tmp_path):
    path = tmp_path / "changed.xlsx"
    export_workbook(acv_audit, path)
    book = openpyxl.load_workbook(path)
    ws = book["Assets"]
    column = headers(ws).index("ACV status") + 1
    names = headers(ws).index("Name") + 1
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, names).value == "Millfield Allotments":
            ws.cell(row, column).value = "Nominated"
            ws.cell(row, column + 3).value = "14/09/2026"  # ACV date nominated
    book.save(path)
    plan = plan_import(acv_audit, path, today=TODAY)
    (change,) = plan.changes
    assert set(change.fields) == {"ACV status", "ACV date nominated"}
    apply_import(acv_audit, plan)
    (allotments,) = [a for a in assets(acv_audit) if a.name == "Millfield Allotments"]
    assert allotments.acv_status is AcvStatus.NOMINATED
    assert allotments.acv_nominated_on == date(2026, 9, 14)


def test_a_partners_sheet_of_acvs_is_read_by_its_own_headers(new_audit, tmp_path):
    source = tmp_path / "register.csv"
    source.write_text(
        "Asset name,Asset type,Nomination outcome,Listing reference,Nominated by,"
        "Date nominated,Date listed,Listing ends\n"
        "The Red Lion,Economic,Listed,ACV/2024/07,Friends of the Red Lion,3 Jan 2024,"
        "29/02/2024,\n"
        "Old Chapel,Physical spaces,Refused,,Chapel Trust,01/06/2023,,\n",
        encoding="utf-8",
    )
    plan = plan_import(new_audit, source, today=TODAY)
    assert not plan.errors, plan.errors
    apply_import(new_audit, plan)
    chapel, pub = assets(new_audit)
    assert pub.acv_status is AcvStatus.LISTED and pub.acv_reference == "ACV/2024/07"
    assert pub.acv_listed_on == date(2024, 2, 29) and pub.acv_listing_ends is None
    assert pub.acv_listed_until == date(2029, 2, 28)
    assert chapel.acv_status is AcvStatus.REFUSED
    assert chapel.acv_nominated_by == "Chapel Trust"


def test_a_listing_end_before_the_date_listed_is_a_problem_of_its_row(new_audit, tmp_path):
    source = tmp_path / "register.csv"
    source.write_text(
        "Name,Category,ACV status,ACV date listed,ACV listing ends\n"
        "The Red Lion,Economic,Listed,29/02/2024,01/01/2024\n",
        encoding="utf-8",
    )
    plan = plan_import(new_audit, source, today=TODAY)
    (problem,) = plan.errors
    assert (problem.row, problem.column) == (2, "E (ACV listing ends)")
    assert problem.message.startswith("the listing ends before the date listed")


@pytest.mark.parametrize("level", [PrivacyLevel.INTERNAL, PrivacyLevel.PARTNER])
def test_the_reports_asset_register_lists_the_acvs(acv_audit, tmp_path, level):
    path = tmp_path / "report.pdf"
    export_report(acv_audit, path, privacy=level, sections=["assets"], today=TODAY)
    text = flat(pdf_text(path))
    assert "Assets of Community Value (2)" in text
    # The Red Lion: listed, the end worked out (five years), the moratoriums after the notice.
    assert "ACV/2024/07" in text and "Friends of the Red Lion" in text
    assert "29/02/2024 28/02/2029 (five years)" in text
    assert "Interim 12/10/2026; full 28/02/2027" in text
    assert "01/05/2022 01/05/2025" in text  # Capel Bethel: the end the council gave
    assert "ACV listed" in text  # under the status, in the register's own table


def test_a_public_report_gives_the_acvs_as_totals(acv_audit, tmp_path):
    path = tmp_path / "public.pdf"
    export_report(acv_audit, path, privacy=PrivacyLevel.PUBLIC, sections=["assets"], today=TODAY)
    text = flat(pdf_text(path))
    assert "Assets of Community Value" in text and "Listed 2" in text
    assert "The Red Lion" not in text and "ACV/2024/07" not in text


def test_a_report_without_acvs_has_no_acv_table(new_audit, tmp_path):
    new_audit.add(r.CommunityAsset(name="Millfield Allotments", category=AssetCategory.ECONOMIC))
    path = tmp_path / "report.pdf"
    export_report(new_audit, path, sections=["assets"], today=TODAY)
    assert "Community Value" not in flat(pdf_text(path))
