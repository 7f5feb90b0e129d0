"""The workbook being written: its cells (text that stays text, UK dates), its data sheets as
Excel tables with drop-downs and colours, the hidden sheet of lists, and saving it in place.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.privacy import PrivacyPolicy
from coprod_desktop.domain.vocabulary import Coded, Rung
from coprod_desktop.exchange.output_file import replacing
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Column, Kind
from coprod_desktop.store.outputs import OutputKind, audit_files

Progress = Callable[[int, int], None]

BATCH = 2000
LAST_ROW = 1_048_576  # Excel's last row: drop-downs cover rows people add below the table
MAX_CELL_TEXT = 32_767  # Excel refuses longer text in a cell ("repair" on opening)
# Text Excel would run as a formula, or which a later edit would turn into one; Excel reads
# the full-width signs (typed with East Asian keyboards) as the signs themselves.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
YES, NO = "Yes", "No"
README_TEXT_WIDTH = 90
TABLE_STYLE = "TableStyleMedium2"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=16, color="1F4E78")
HEADING_FONT = Font(bold=True, size=12, color="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
EXAMPLE_FONT = Font(italic=True, color="7F7F7F")
UK_DATE = "dd/mm/yyyy"
# From the lowest rung (red) to the highest (green), so that a glance shows the ladder.
RUNG_FILLS = ("F8696B", "F98570", "FBAA77", "FFEB84", "CDDD82", "9BCE7F", "63BE7B")


# -- cells ------------------------------------------------------------------------------------


class Cells:
    """Makes the cells of one workbook: text that stays text, dates with a UK format."""

    def __init__(self, sheet: Any, notes: list[str]) -> None:
        self.sheet = sheet
        self.notes = notes

    def text(self, value: str) -> Any:
        if not value:
            return None
        if len(value) > MAX_CELL_TEXT:
            self.notes.append(
                f"A text of {len(value):,} characters on {self.sheet.title} was shortened to "
                f"{MAX_CELL_TEXT:,}, the most a cell of Excel can hold."
            )
            value = value[: MAX_CELL_TEXT - 1] + "…"
        if value.startswith(FORMULA_STARTS):
            return self.styled(value)
        return value

    def date(self, value: date | None) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = UK_DATE
        return cell

    def styled(self, value: Any, *, font: Font | None = None, wrap: bool = False) -> Any:
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            # Text with Excel's "quote prefix": shown as typed, never calculated, and it stays
            # text when someone edits it.
            cell.data_type = "s"
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
        if wrap:
            cell.alignment = WRAP
        return cell

    def header(self, value: str) -> Any:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        return cell


def choice_labels(values: Iterable[Coded]) -> str:
    return L.MULTI_SEPARATOR.join(v.label for v in values)


# -- the workbook -----------------------------------------------------------------------------


class WorkbookWriter:
    """One workbook as it is written, at the privacy level of `policy`."""

    def __init__(
        self, policy: PrivacyPolicy, progress: Progress | None, total: int, kind: str
    ) -> None:
        self.policy = policy
        self.kind = kind
        self.book = Workbook(write_only=True)
        self.result_sheets: dict[str, int] = {}
        self.notes: list[str] = []
        self.progress = progress
        self.total = max(total, 1)
        self.done = 0
        self.lists = _Lists()

    def tick(self, rows: int) -> None:
        self.done += rows
        if self.progress:
            self.progress(min(self.done, self.total), self.total)

    # A data sheet: header, rows, table, drop-downs, colours.
    def data_sheet(
        self,
        name: str,
        table_name: str,
        columns: tuple[Column, ...] | list[Column],
        rows: Iterable[list[Any]],
        *,
        hidden_columns: Iterable[int] = (),
        prompts: bool = True,
    ) -> None:
        ws = self.book.create_sheet(name)
        cells = Cells(ws, self.notes)
        for i, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        folded = {i for i, column in enumerate(columns, 1) if column.folded}
        for i in sorted(folded.union(hidden_columns)):
            # IDs: kept for matching the rows when the workbook comes back, folded away.
            dimension = ws.column_dimensions[get_column_letter(i)]
            dimension.hidden = True
            dimension.outlineLevel = 1
        ws.freeze_panes = "A2"
        fit_to_page_width(ws, landscape=True)
        ws.print_title_rows = "1:1"  # the header on every printed page
        ws.append([cells.header(c.header) for c in columns])
        count = 0
        for row in rows:
            ws.append(row)
            count += 1
        last = get_column_letter(len(columns))
        ref = f"A1:{last}{max(count, 1) + 1}"
        table = Table(displayName=table_name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
        table.tableColumns = [TableColumn(id=i, name=c.header) for i, c in enumerate(columns, 1)]
        table.autoFilter = AutoFilter(ref=ref)
        with warnings.catch_warnings():  # "add table columns manually": done above
            warnings.simplefilter("ignore", UserWarning)
            ws.add_table(table)
        for i, column in enumerate(columns, 1):
            self._column_rules(ws, column, get_column_letter(i), prompts)
        self.result_sheets[name] = count

    def _column_rules(self, ws: Any, column: Column, letter: str, prompts: bool) -> None:
        cells = f"{letter}2:{letter}{LAST_ROW}"
        source = self.lists.range_for(column)
        if source:
            rule = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header[:32],  # Excel's limit
                error=f"Choose one of the values in the list for {column.header}.",
            )
        elif column.kind in (Kind.CHOICES, Kind.WORDS) or column.prompt:
            rule = DataValidation(allow_blank=True)  # any value: only the prompt
        else:
            rule = None
        if rule is not None:
            if prompts and column.prompt:
                rule.promptTitle = column.header[:32]
                rule.prompt = column.prompt[:255]
                rule.showInputMessage = True
            rule.add(cells)
            ws.data_validations.append(rule)
        if column.kind is Kind.STRENGTH:
            ws.conditional_formatting.add(
                cells,
                ColorScaleRule(
                    start_type="num",
                    start_value=0,
                    start_color="FFFFFF",
                    end_type="num",
                    end_value=3,
                    end_color="63BE7B",
                ),
            )
        elif column.kind is Kind.RATING:
            ws.conditional_formatting.add(
                cells,
                ColorScaleRule(
                    start_type="num",
                    start_value=1,
                    start_color="F8696B",
                    mid_type="num",
                    mid_value=3,
                    mid_color="FFEB84",
                    end_type="num",
                    end_value=5,
                    end_color="63BE7B",
                ),
            )
        elif column.choices is Rung:
            _rung_colours(ws, cells, letter)


def fit_to_page_width(ws: Any, *, landscape: bool) -> None:
    """Print on as many pages as it takes, but never cut a row across pages sideways."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"


class _Lists:
    """The hidden sheet of drop-down lists: one column per list of choices."""

    def __init__(self) -> None:
        self.columns: dict[str, list[str]] = {}

    def range_for(self, column: Column) -> str | None:
        values = _choices(column)
        if values is None:
            return None
        key = "|".join(values)
        if key not in self.columns:
            self.columns[key] = values
        index = list(self.columns).index(key) + 1
        letter = get_column_letter(index)
        return f"{quote_sheetname(L.LISTS_SHEET)}!${letter}$1:${letter}${len(values)}"

    def write(self, book: Workbook) -> None:
        ws = book.create_sheet(L.LISTS_SHEET)
        ws.sheet_state = "hidden"
        lists = list(self.columns.values())
        for row in itertools.zip_longest(*lists):
            ws.append(list(row))


def _choices(column: Column) -> list[str] | None:
    kind = column.kind
    if kind in (Kind.YES_NO, Kind.HAT):
        return [YES, NO]
    if kind is Kind.CHOICE and column.choices is not None:
        return [member.label for member in column.choices]
    if kind is Kind.EQUALITY:
        return [a.label for a in QUESTIONS_BY_KEY[column.code].answers]
    if kind is Kind.STRENGTH:
        return ["0", "1", "2", "3"]
    if kind is Kind.RATING:
        return ["1", "2", "3", "4", "5"]
    return None


def _rung_colours(ws: Any, cells: str, letter: str) -> None:
    for rung, colour in zip(Rung, RUNG_FILLS, strict=True):
        ws.conditional_formatting.add(
            cells,
            FormulaRule(
                formula=[f'${letter}2="{rung.label}"'],
                fill=PatternFill("solid", start_color=colour, end_color=colour),
            ),
        )


def save(writer: WorkbookWriter, path: Path, build: Callable[[], None], store) -> None:
    """Build the workbook and save it at `path`; on any failure leave nothing behind. Never
    onto the audit read (`store`), its lock or backups, nor onto a file that is not a
    workbook: `ExportError` before anything is written."""
    protected = audit_files(store.path) if getattr(store, "path", None) else []
    try:
        with replacing(path, "Excel", OutputKind.WORKBOOK, protected) as temporary:
            build()
            writer.lists.write(writer.book)
            writer.book.save(temporary)
    finally:
        _discard(writer.book)


def _discard(book: Workbook) -> None:
    """Close the sheets of a workbook that was not saved and remove their temporary files."""
    for ws in book.worksheets:
        sheet_writer = getattr(ws, "_writer", None)
        if sheet_writer is None:
            continue
        with contextlib.suppress(Exception):  # already saved, or stopped half-way
            ws.close()
        with contextlib.suppress(OSError):
            os.remove(sheet_writer.out)


def as_cells(writer: WorkbookWriter, rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """Rows as cells of the sheet being written: dates as dates, text as text."""
    cells = None
    for row in rows:
        cells = cells or Cells(writer.book.worksheets[-1], writer.notes)
        yield [
            cells.date(v) if isinstance(v, date) else cells.text(v) if isinstance(v, str) else v
            for v in row
        ]
