"""Bad input never changes the audit: each case gives a clear message and the same file hash."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import Person
from coprod_desktop.exchange.importing.importer import (
    ImportRefused,
    SpreadsheetError,
    apply_import,
    plan_import,
)
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import TODAY, sha256

FIXTURES = Path(__file__).parent.parent / "fixtures" / "spreadsheets"


@pytest.fixture
def audit(copy_of_sample) -> Iterator[Path]:
    """The path of a closed copy of the sample audit, to hash before and after."""
    copy_of_sample.close()
    return copy_of_sample.path


def refused(audit: Path, path: Path, error=SpreadsheetError, **options) -> str:
    """Plan (and try to apply) an import of `path`; return the message; check the hash."""
    digest = sha256(audit)
    with AuditStore.open(audit) as store, pytest.raises(error) as caught:
        plan = plan_import(store, path, today=TODAY, **options)
        apply_import(store, plan)
    assert sha256(audit) == digest
    message = str(caught.value)
    assert "\n" not in message and len(message) > 40
    return message


def not_written(audit: Path, path: Path, **options):
    """Plan an import of `path` and try to apply it; return the plan; check the hash."""
    digest = sha256(audit)
    with AuditStore.open(audit) as store:
        plan = plan_import(store, path, today=TODAY, **options)
        if plan.has_errors:
            with pytest.raises(ImportRefused, match="Nothing was imported"):
                apply_import(store, plan)
    assert sha256(audit) == digest
    return plan


def test_not_a_workbook(audit, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert "not a spreadsheet: it is a PDF" in refused(audit, path)


def test_an_old_xls_workbook(audit):
    message = refused(audit, FIXTURES / "old-excel.xls")
    assert ".xls" in message and "Save As" in message


def test_a_password_protected_workbook(audit):
    message = refused(audit, FIXTURES / "password-protected.xlsx")
    assert "password" in message and "remove the password" in message


def test_a_truncated_workbook(audit, exported, tmp_path):
    data = exported("internal").read_bytes()
    path = tmp_path / "half.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "damaged or incomplete" in refused(audit, path)


def test_a_zip_bomb_is_refused_before_reading(audit, tmp_path):
    path = tmp_path / "bomb.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(60_000_000))
    assert "too big to read safely" in refused(audit, path)


def test_a_public_export(audit, sample_store, tmp_path):
    from coprod_desktop.domain.vocabulary import PrivacyLevel
    from coprod_desktop.exchange.workbook.writer import export_workbook

    path = tmp_path / "public.xlsx"
    export_workbook(sample_store, path, privacy=PrivacyLevel.PUBLIC)
    assert "totals only" in refused(audit, path, ImportRefused)


def test_another_audits_workbook_is_flagged_and_writes_nothing(audit, tmp_path):
    from coprod_desktop.domain import Audit
    from coprod_desktop.exchange.workbook.writer import export_workbook

    other = tmp_path / "Other.coprod"
    with AuditStore.create(other, Audit(title="Another town")) as store:
        store.add(Person(name="Someone Else"))
        path = tmp_path / "other.xlsx"
        export_workbook(store, path)
    plan = not_written(audit, path)
    assert plan.other_audit and 'another audit ("Another town")' in plan.to_text()


# -- wrong values in every column ------------------------------------------------------------

WRONG = {
    Kind.DATE: "the day after tomorrow",
    Kind.YES_NO: "perhaps",
    Kind.HAT: datetime(2025, 1, 1),
    Kind.CHOICE: "Something else entirely",
    Kind.CHOICES: "Nonsense; More nonsense",
    Kind.STRENGTH: 17,
    Kind.RATING: "eleven",
    Kind.EQUALITY: 3.5,
}


def wrong_cells(sheet: L.Sheet) -> list[L.Column]:
    return [c for c in sheet.columns if c.kind in WRONG and c.key != "target_kind"]


def test_wrong_types_in_every_column_are_each_reported(audit, exported, tmp_path):
    """One new row per column that can hold a wrong value, with only that cell wrong."""
    path = tmp_path / "wrong.xlsx"
    shutil.copyfile(exported("internal"), path)
    book = openpyxl.load_workbook(path)
    expected = []
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        where = {cell.value: cell.column for cell in ws[1]}
        first = ws[2]  # a valid row to copy
        for column in wrong_cells(sheet):
            row = ws.max_row + 1
            for cell in first:
                ws.cell(row, cell.column, cell.value)
            ws.cell(row, ws.max_column).value = None  # a new row: no ID
            ws.cell(row, where[column.header], WRONG[column.kind])
            expected.append((sheet.name, row, column.header))
    book.save(path)

    plan = not_written(audit, path)
    found = {(p.sheet, p.row, p.column.split(" (", 1)[1][:-1]) for p in plan.errors if p.column}
    missing = [e for e in expected if e not in found]
    assert not missing, missing
    for problem in plan.errors:
        assert problem.advice and problem.row


def test_every_text_column_takes_any_type(audit, exported, tmp_path):
    path = tmp_path / "types.xlsx"
    shutil.copyfile(exported("internal"), path)
    book = openpyxl.load_workbook(path)
    ws = book["People"]
    where = {cell.value: cell.column for cell in ws[1]}
    row = ws.max_row + 1
    ws.cell(row, where["Name"], 12345)
    ws.cell(row, where["Organisation"], datetime(2025, 4, 3))
    ws.cell(row, where["Phone"], 1.5e10)
    ws.cell(row, where["Notes"], True)
    book.save(path)
    with AuditStore.open(audit) as store:
        plan = plan_import(store, path, today=TODAY)
        assert not plan.has_errors, plan.to_text()
        (person,) = plan.adds
        assert (person.name, person.organisation, person.phone, person.notes) == (
            "12345",
            "03/04/2025",
            "15000000000",
            "Yes",
        )


# -- formulas ---------------------------------------------------------------------------------


def _with_cached_values(path: Path, values: dict[str, tuple[str, str]]) -> None:
    """Give formula cells the value Excel would have saved with them: {ref: (type, value)}."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, (kind, value) in values.items():
        xml = re.sub(
            rf'<c r="{ref}"><f>(.*?)</f><v></v></c>',
            lambda m, ref=ref, kind=kind, value=value: (
                f'<c r="{ref}" t="{kind}"><f>{m[1]}</f><v>{value}</v></c>'
            ),
            xml,
        )
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formulas_give_their_saved_values_or_are_reported(new_audit, tmp_path):
    path = tmp_path / "formulas.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "People"
    ws.append(["Name", "Volunteer", "Organisation"])
    ws.append(['=CONCAT("Jane"," Smith")', "=1=1", "Cwm FC"])
    ws.append(["Dai Jones", "no", '=UPPER("cwm fc")'])
    book.save(path)
    _with_cached_values(path, {"A2": ("str", "Jane Smith"), "B2": ("b", "1")})

    plan = plan_import(new_audit, path, today=TODAY)
    assert not plan.has_errors, plan.to_text()
    names = {p.name: p for p in plan.adds}
    assert set(names) == {"Jane Smith", "Dai Jones"}
    assert names["Jane Smith"].hats and names["Dai Jones"].organisation == ""
    notes = [str(p) for p in plan.warnings]
    assert any("formulas that were never calculated" in n for n in notes), notes


def test_a_sheet_of_rows_without_anything_readable(audit, tmp_path):
    path = tmp_path / "blank.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Nothing"
    book.save(path)
    plan = not_written(audit, path)
    assert plan.nothing_to_do


def test_a_huge_sheet_is_streamed_with_progress_and_can_be_cancelled(audit, tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("Name,Email\n")
        for i in range(30_000):
            stream.write(f"Person {i},not-an-address-{i}\n")

    class Cancelled(Exception):
        pass

    seen = []

    def progress(done, total):
        seen.append((done, total))
        if done >= 20_000:
            raise Cancelled

    digest = sha256(audit)
    with AuditStore.open(audit) as store, pytest.raises(Cancelled):
        plan_import(store, path, progress=progress, today=TODAY)
    assert sha256(audit) == digest
    assert seen[0] == (1000, 30_001) and seen[-1][0] == 20_000
