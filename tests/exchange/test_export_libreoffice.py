"""A real client opens what we write: LibreOffice headless reads every exported workbook and
template, and re-saves them as .xlsx; openpyxl then checks what LibreOffice kept.

What LibreOffice 7.4 keeps when it re-saves one of our workbooks headless: every table (same
name and range, with its filter), every drop-down (its range cut down to the rows in use plus
about a thousand), the hidden sheets and the folded-away ID columns, the colour scales and
rung colours. It drops frozen panes, for any workbook, ours or openpyxl's plainest: without a
window there is no view to keep them in. Our own files are checked for them in test_export.py.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.exchange.values import words_text
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.exchange.workbook.writer import export_workbook, write_template
from tests.exchange.conftest import (
    CSV_EVERY_SHEET,
    FORMULA_LIKE,
    formula_email,
    libreoffice_convert,
    list_source,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed"),
]
UK_DATE = re.compile(r"\d\d/\d\d/\d{4}")


@pytest.fixture(scope="module")
def workbooks(exported, sample_store, tmp_path_factory) -> dict[str, Path]:
    """Every kind of workbook we write, by name (the name is also the file's stem)."""
    folder = tmp_path_factory.mktemp("for-libreoffice")
    books = {}
    for level in ("internal", "partner", "public"):
        books[level] = shutil.copyfile(exported(level), folder / f"{level}.xlsx")
    books["template"] = folder / "template.xlsx"
    write_template(books["template"])
    books["template-assets"] = folder / "template-assets.xlsx"
    write_template(books["template-assets"], store=sample_store)
    return books


def converted(run, outputs: list[Path]) -> None:
    problems = [line for line in run.stderr.splitlines() if "javaldx" not in line and line]
    assert run.returncode == 0, run.stderr
    assert not [p for p in problems if "rror" in p], problems
    missing = [p.name for p in outputs if not p.exists() or p.stat().st_size == 0]
    assert missing == [], f"LibreOffice made nothing for {missing}: {run.stdout} {run.stderr}"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_libreoffice_converts_every_workbook_to_csv(workbooks, sample_store, tmp_path):
    sources = list(workbooks.values())
    run = libreoffice_convert(sources, "csv", tmp_path / "csv", tmp_path / "home")
    converted(run, [tmp_path / "csv" / f"{p.stem}.csv" for p in sources])
    # The first sheet is the Read me, headed by the audit's title (in the system's encoding:
    # the title is plain ASCII).
    first = (tmp_path / "csv" / "internal.csv").read_bytes().decode("ascii", "replace")
    assert first.startswith(sample_store.audit().title)


@pytest.fixture(scope="module")
def every_sheet(workbooks, tmp_path_factory) -> Path:
    """Every sheet of every workbook as LibreOffice shows it, one CSV file per sheet."""
    folder = tmp_path_factory.mktemp("sheets")
    run = libreoffice_convert(list(workbooks.values()), CSV_EVERY_SHEET, folder, folder / "home")
    expected = []
    for name, path in workbooks.items():
        expected += [
            folder / f"{name}-{sheet}.csv" for sheet in openpyxl.load_workbook(path).sheetnames
        ]
    converted(run, expected)
    return folder


def test_libreoffice_reads_every_row(every_sheet, sample_store):
    counts = sample_store.counts()
    assert len(read_csv(every_sheet / "internal-People.csv")) == counts["people"] + 1
    assert len(read_csv(every_sheet / "internal-Capabilities.csv")) == counts["capabilities"] + 1
    shared = sample_store.count(r.Capability, willing_to_share=True)
    assert len(read_csv(every_sheet / "partner-Capabilities.csv")) == shared + 1
    assets = read_csv(every_sheet / "template-assets-Assets.csv")
    assert len(assets) == counts["assets"] + 2  # header, example, the audit's assets
    about = dict(row[:2] for row in read_csv(every_sheet / "public-About this file.csv"))
    assert about["privacy"] == "public"


def test_libreoffice_shows_dates_day_first(every_sheet):
    shown = []
    for sheet, header in [
        ("People", "Consent given on"),
        ("Actions", "Due"),
        ("Self-assessment", "Round held on"),
    ]:
        rows = read_csv(every_sheet / f"internal-{sheet}.csv")
        index = rows[0].index(header)
        values = [row[index] for row in rows[1:] if row[index]]
        assert values, sheet
        wrong = [v for v in values if not UK_DATE.fullmatch(v)]
        shown.append((sheet, header, wrong[:3]))
    assert all(not wrong for _, _, wrong in shown), f"dates not shown as dd/mm/yyyy: {shown}"


def test_libreoffice_keeps_tables_and_drop_downs_when_it_resaves(workbooks, tmp_path):
    sources = list(workbooks.values())
    run = libreoffice_convert(sources, "xlsx", tmp_path / "xlsx", tmp_path / "home")
    resaved = {name: tmp_path / "xlsx" / f"{path.stem}.xlsx" for name, path in workbooks.items()}
    converted(run, list(resaved.values()))
    for name, path in workbooks.items():
        ours = openpyxl.load_workbook(path)
        theirs = openpyxl.load_workbook(resaved[name])
        assert theirs.sheetnames == ours.sheetnames, name
        for ws in ours.worksheets:
            kept = theirs[ws.title]
            where = f"{name}: {ws.title}"
            assert kept.sheet_state == ws.sheet_state, where
            assert {n: t for n, t in kept.tables.items()} == dict(ws.tables.items()), where
            for table in kept.tables.values():
                assert table.autoFilter is not None, where
            ours_lists = _list_sources(ours, ws)
            assert _list_sources(theirs, kept) == ours_lists, where
            # Every folded ID column stays folded (LibreOffice joins neighbours into one range).
            assert _hidden_columns(kept) == _hidden_columns(ws), f"{where}: an ID column shows"
            assert len(list(kept.conditional_formatting)) == len(list(ws.conditional_formatting)), (
                where
            )
            assert ws.title in (L.README_SHEET, L.ABOUT_SHEET, L.LISTS_SHEET) or (
                ws.freeze_panes == "A2"
            ), where


def _hidden_columns(ws) -> set[int]:
    """The numbers of the hidden columns, whichever way their ranges are written."""
    return {
        i
        for dimension in ws.column_dimensions.values()
        if dimension.hidden and dimension.min
        for i in range(dimension.min, min(dimension.max, ws.max_column) + 1)
    }


def _list_sources(book, ws) -> dict[str, list[str]]:
    """Column letter -> the values its list drop-down offers (read through the Lists sheet)."""
    found = {}
    for rule in ws.data_validations.dataValidation:
        if rule.type == "list":
            for cells in rule.sqref.ranges:
                found[re.match(r"[A-Z]+", cells.coord)[0]] = list_source(book, rule.formula1)
    return found


def test_libreoffice_shows_formula_like_text_as_typed(formula_audit, tmp_path):
    path = tmp_path / "formulas.xlsx"
    export_workbook(formula_audit, path)
    folder = tmp_path / "csv"
    run = libreoffice_convert([path], CSV_EVERY_SHEET, folder, tmp_path / "home")
    sheets = [*(s.name for s in L.DATA_SHEETS), L.ROLE_GRID_SHEET]
    converted(run, [folder / f"formulas-{sheet}.csv" for sheet in sheets])
    wrong = []
    for sheet in L.DATA_SHEETS:
        rows = read_csv(folder / f"formulas-{sheet.name}.csv")
        for column in sheet.columns:
            if column.kind not in (Kind.TEXT, Kind.LONG_TEXT, Kind.WORDS, Kind.REF_NAME):
                continue
            index = rows[0].index(column.header)
            expected = set(FORMULA_LIKE)
            if column.key == "email":
                expected = {formula_email(v) for v in FORMULA_LIKE}
            if column.key == "target_name":
                expected |= {f"{v} ({v})" for v in FORMULA_LIKE}
            if column.kind is Kind.WORDS:  # a word that starts with a dash or tab is quoted
                expected = {words_text([v]) for v in FORMULA_LIKE}
            shown = {row[index] for row in rows[1:]}
            if not shown <= expected:
                wrong.append(f"{sheet.name}/{column.header}: {sorted(shown - expected)[:3]}")
    rows = read_csv(folder / f"formulas-{L.ROLE_GRID_SHEET}.csv")
    shown = {row[1] for row in rows[1:]}
    if shown != set(FORMULA_LIKE):
        wrong.append(f"{L.ROLE_GRID_SHEET}/Person: {sorted(shown - set(FORMULA_LIKE))}")
    assert wrong == [], f"LibreOffice calculated or changed these texts: {wrong}"
