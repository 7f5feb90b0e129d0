"""The audit as an Excel workbook, and the partner template, written with openpyxl.

Rows are streamed (openpyxl's write-only mode, a batch of records at a time), so memory stays
flat however large the audit. The workbook is written to a temporary file beside the
destination and moved into place at the end: a cancelled or failed export leaves nothing
behind and never damages a workbook of the same name.

What each sheet holds, and which columns each privacy level keeps, is in `exchange.layout`.
A `public` workbook holds no rows about people at all, only totals (`exchange.public_tables`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import math
import os
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
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

from coprod_desktop import __version__
from coprod_desktop.domain import records as r
from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.vocabulary import (
    ELEMENT_INFO,
    NOT_ASSESSED_LABEL,
    RATING_LABELS,
    STRENGTH_LABELS,
    Coded,
    ConsentScope,
    PrivacyLevel,
    Rung,
    Stage,
)
from coprod_desktop.domain.wording import COUNT_LABELS
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange import values as V
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.output_file import replacing
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Column, Kind, Sheet
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


@dataclass
class ExportResult:
    path: Path
    privacy: PrivacyLevel
    sheets: dict[str, int] = field(default_factory=dict)  # data rows per sheet
    notes: list[str] = field(default_factory=list)  # e.g. text shortened to fit a cell


# -- cells ------------------------------------------------------------------------------------


class _Cells:
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


def _labels(values: Iterable[Coded]) -> str:
    return L.MULTI_SEPARATOR.join(v.label for v in values)


def display_name(name: str, pseudonym: str, consent: ConsentScope | str | None, level) -> str:
    """Return how a person is named at `level`: by pseudonym unless consent covers partners."""
    if level is PrivacyLevel.INTERNAL or consent in L.NAMED_TO_PARTNERS:
        return name
    return pseudonym


class NameLookup:
    """Names of people, assets and capabilities by ID, looked up a batch at a time."""

    def __init__(self, store, level: PrivacyLevel) -> None:
        self.store = store
        self.level = level

    def people(self, ids: Iterable[str | None]) -> dict[str, str]:
        return {
            person_id: display_name(name, pseudonym, consent, self.level)
            for person_id, name, pseudonym, consent in self._rows(
                "SELECT id, name, pseudonym, consent_scope FROM person WHERE id IN ({})", ids
            )
        }

    def assets(self, ids: Iterable[str | None]) -> dict[str, str]:
        return dict(self._rows("SELECT id, name FROM asset WHERE id IN ({})", ids))

    def capabilities(self, ids: Iterable[str | None]) -> dict[str, str]:
        """A capability is named by its description and its person, as people know it."""
        rows = self._rows("SELECT id, person_id, description FROM capability WHERE id IN ({})", ids)
        people = self.people(person_id for _, person_id, _ in rows)
        return {
            capability_id: f"{description} ({people.get(person_id, '')})"
            for capability_id, person_id, description in rows
        }

    def _rows(self, sql: str, ids: Iterable[str | None]) -> list[tuple]:
        wanted = list(dict.fromkeys(i for i in ids if i))
        rows: list[tuple] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows += self.store.query(sql.format(", ".join("?" * len(chunk))), chunk)
        return rows


# -- converting records to rows ---------------------------------------------------------------


def _value_getter(column: Column, cells: _Cells) -> Callable[[r.Record, dict], Any]:
    """Return a function of (record, looked-up names) giving the column's cell."""
    kind, key = column.kind, column.key
    if kind is Kind.HAT:
        hat = column.code
        return lambda rec, _n: YES if any(h.value == hat for h in rec.hats) else NO
    if kind is Kind.EQUALITY:
        question = QUESTIONS_BY_KEY[column.code]
        labels = {a.code: a.label for a in question.answers}
        return lambda rec, _n: labels.get(rec.equality.get(question.key, ""))
    if key == "round_held_on":
        return lambda _rec, names: cells.date(names.get(key))
    if kind is Kind.REF_NAME or key in ("target_kind", "target_id"):
        return lambda _rec, names: cells.text(names.get(key) or "")
    if key == "round_participants":
        return lambda _rec, names: cells.text(names.get(key) or "")
    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.ID, Kind.REF):
        return lambda rec, _n: cells.text(getattr(rec, key) or "")
    if kind is Kind.DATE:
        return lambda rec, _n: cells.date(getattr(rec, key))
    if kind is Kind.YES_NO:
        return lambda rec, _n: YES if getattr(rec, key) else NO
    if kind is Kind.CHOICE:
        return lambda rec, _n: getattr(rec, key).label if getattr(rec, key) else None
    if kind is Kind.CHOICES:
        return lambda rec, _n: _labels(getattr(rec, key)) or None
    if kind is Kind.WORDS:
        # Quoted where a word holds a separator or starts with a dash: read back as it is.
        return lambda rec, _n: cells.text(V.words_text(getattr(rec, key)))
    if kind in (Kind.STRENGTH, Kind.RATING):
        return lambda rec, _n: getattr(rec, key)
    raise ValueError(f"no cell for column kind {kind}")  # a new Kind without a writer


def _names_for(sheet: Sheet, batch: list[r.Record], names: NameLookup, rounds: dict) -> list[dict]:
    """Return, per record of the batch, the values of its derived columns (parent names...)."""
    if sheet is L.CAPABILITIES or sheet is L.ROLES:
        people = names.people(rec.person_id for rec in batch)
        return [{"person_name": people.get(rec.person_id, "")} for rec in batch]
    if sheet is L.ELEMENT_LINKS:
        found = {
            "person": names.people(rec.person_id for rec in batch),
            "capability": names.capabilities(rec.capability_id for rec in batch),
            "asset": names.assets(rec.asset_id for rec in batch),
        }
        derived = []
        for rec in batch:
            kind, target_id = rec.target
            derived.append(
                {
                    "target_kind": kind.label,
                    "target_id": target_id,
                    "target_name": found[kind.value].get(target_id, ""),
                }
            )
        return derived
    if sheet is L.RATINGS:
        return [
            {
                "round_held_on": rounds[rec.round_id][0],
                "round_participants": rounds[rec.round_id][1],
            }
            for rec in batch
        ]
    return [{} for _ in batch]


# -- the workbook -----------------------------------------------------------------------------


class _WorkbookWriter:
    def __init__(
        self, level: PrivacyLevel, progress: Progress | None, total: int, kind: str
    ) -> None:
        self.level = level
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
        cells = _Cells(ws, self.notes)
        for i, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(i)].width = column.width
        folded = {i for i, column in enumerate(columns, 1) if column.folded}
        for i in sorted(folded.union(hidden_columns)):
            # IDs: kept for matching the rows when the workbook comes back, folded away.
            dimension = ws.column_dimensions[get_column_letter(i)]
            dimension.hidden = True
            dimension.outlineLevel = 1
        ws.freeze_panes = "A2"
        _fit_to_page_width(ws, landscape=True)
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


def _fit_to_page_width(ws: Any, *, landscape: bool) -> None:
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


def _write(writer: _WorkbookWriter, path: Path, build: Callable[[], None], store) -> None:
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


# -- sheets -----------------------------------------------------------------------------------


def _record_rows(
    writer: _WorkbookWriter, store, sheet: Sheet, columns: tuple[Column, ...], **filters: Any
) -> Iterator[list[Any]]:
    """Yield the rows of a data sheet, a batch of records at a time."""
    names = NameLookup(store, writer.level)
    rounds = (
        {rnd.id: (rnd.held_on, rnd.participants) for rnd in store.iterate(r.AssessmentRound)}
        if sheet is L.RATINGS
        else {}
    )
    records = store.iterate(sheet.record_type, batch_size=BATCH, **filters)
    private = (
        _private_capabilities(store)
        if sheet is L.ELEMENT_LINKS and writer.level is not PrivacyLevel.INTERNAL
        else set()
    )
    getters: list[Callable] | None = None
    while batch := list(itertools.islice(records, BATCH)):
        if getters is None:
            cells = _Cells(writer.book.worksheets[-1], writer.notes)
            getters = [_value_getter(c, cells) for c in columns]
        if private:
            batch = [rec for rec in batch if rec.capability_id not in private]
        derived = _names_for(sheet, batch, names, rounds)
        for record, extra in zip(batch, derived, strict=True):
            if sheet is L.PEOPLE and writer.level is not PrivacyLevel.INTERNAL:
                record = _as_shared(record, writer.level)
            yield [getter(record, extra) for getter in getters]
        writer.tick(len(batch))


def _private_capabilities(store) -> set[str]:
    """Capabilities their person does not want shared: left out of partner workbooks, with
    their links to the elements."""
    rows = store.query("SELECT id FROM capability WHERE willing_to_share = 0 AND deleted = 0")
    return {capability_id for (capability_id,) in rows}


def _as_shared(person: r.Person, level: PrivacyLevel) -> r.Person:
    name = display_name(person.name, person.pseudonym, person.consent_scope, level)
    return person if name == person.name else dataclasses.replace(person, name=name)


def _sheet_filters(sheet: Sheet, level: PrivacyLevel) -> dict[str, Any]:
    if sheet is L.CAPABILITIES and level is not PrivacyLevel.INTERNAL:
        return {"willing_to_share": True}
    return {}


def _write_data_sheets(writer: _WorkbookWriter, store, sheets: Iterable[Sheet]) -> None:
    for sheet in sheets:
        columns = sheet.columns_at(writer.level)
        if sheet is L.ROLES:
            _write_role_grid(writer, store)
        rows = _record_rows(writer, store, sheet, columns, **_sheet_filters(sheet, writer.level))
        # The generator's cells are made as the sheet is written (they belong to it).
        writer.data_sheet(
            sheet.name, sheet.table_name, columns, rows, hidden_columns=[len(columns)]
        )


GRID_COLUMNS = (
    Column("person_id", "Person ID", Kind.REF, width=12),
    Column("person_name", "Person", Kind.REF_NAME, width=24),
    *(Column(f"stage:{s.value}", s.label, Kind.CHOICE, width=15, choices=Rung) for s in Stage),
)


def _write_role_grid(writer: _WorkbookWriter, store) -> None:
    """The Roles sheet: one row per person with roles, the rung at each stage in its column."""
    stages = [s.value for s in Stage]
    ranks = {rung.value: rung.rank for rung in Rung}
    labels = {rung.value: rung.label for rung in Rung}
    level = writer.level

    def rows() -> Iterator[list[Any]]:
        cursor = store.query(
            "SELECT p.id, p.name, p.pseudonym, p.consent_scope, role.stage, role.rung "
            "FROM role JOIN person AS p ON p.id = role.person_id "
            "WHERE role.deleted = 0 AND p.deleted = 0 "
            # In the order people were added, as the People sheet: sorting by name would give
            # away the real names of people shown by pseudonym.
            "ORDER BY p.rowid"
        )
        for person_id, group in itertools.groupby(cursor, key=lambda row: row[0]):
            best: dict[str, str] = {}
            name = ""
            for _, name_, pseudonym, consent, stage, rung in group:
                name = display_name(name_, pseudonym, consent, level)
                if stage not in best or ranks[rung] > ranks[best[stage]]:
                    best[stage] = rung
            yield [person_id, name, *(labels.get(best.get(s, "")) for s in stages)]

    writer.data_sheet(
        L.ROLE_GRID_SHEET, "RolesByStage", GRID_COLUMNS, _as_cells(writer, rows()), prompts=False
    )


# -- read me, overview and the hidden sheet ---------------------------------------------------


def _write_read_me(writer: _WorkbookWriter, audit: r.Audit | None, sheets: list[str]) -> None:
    ws = writer.book.create_sheet(L.README_SHEET)
    cells = _Cells(ws, writer.notes)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = README_TEXT_WIDTH
    _fit_to_page_width(ws, landscape=False)
    for number, line in enumerate(readme_lines(audit, writer.level, writer.kind, sheets), 1):
        if isinstance(line, tuple) and len(line[1]) > README_TEXT_WIDTH:
            # Excel does not grow a row for wrapped text it did not type itself.
            lines = math.ceil(len(line[1]) / (README_TEXT_WIDTH * 1.05))
            ws.row_dimensions[number].height = 15 * lines
        if isinstance(line, str):
            ws.append([cells.styled(line, font=HEADING_FONT)] if line else [])
        elif line[0] == "title":
            ws.append([cells.styled(line[1], font=TITLE_FONT)])
        else:
            ws.append(
                [cells.styled(line[0], font=BOLD, wrap=True), cells.styled(line[1], wrap=True)]
            )


def readme_lines(
    audit: r.Audit | None, level: PrivacyLevel, kind: str, sheets: list[str]
) -> list[str | tuple[str, str]]:
    """The Read me sheet, as headings (str) and label/text pairs."""
    title = audit.title if audit else "Co-production audit"
    lines: list[str | tuple[str, str]] = [("title", title)]
    if kind == "template":
        lines.append(("", "A workbook for partners to fill in and send back."))
    if audit is not None:
        lines += [
            ("Organisation", audit.organisation or "-"),
            ("Area", audit.area or "-"),
            ("Purpose", audit.purpose or "-"),
        ]
    lines += [
        ("Privacy level", f"{level.label}: {level.description}"),
        ("Made on", date.today().strftime("%d/%m/%Y") + f" by Coprod Desktop {__version__}"),
        "",
        "What is in this workbook",
    ]
    about = {s.name: s.about for s in L.DATA_SHEETS}
    about[L.ROLE_GRID_SHEET] = (
        "For reading: one row per person, the rung of the ladder at each stage (the highest "
        "where they have several roles there). Change roles on Role details."
    )
    about[L.OVERVIEW_SHEET] = (
        "How many records the audit holds, how well each element is covered, and the actions "
        "by element."
    )
    if level is PrivacyLevel.PUBLIC:
        about.update(public_tables.SHEET_ABOUT)
    for name in sheets:
        lines.append((name, about.get(name, "Totals, without any names.")))
    if level is not PrivacyLevel.PUBLIC:
        lines += ["", "How to fill it in"] + [("", text) for text in HOW_TO_FILL_IN]
    lines += ["", "The six elements of co-production"]
    lines += [
        (info.lga_name, f"{info.summary} {info.explanation} (Also called: {info.nef_name}.)")
        for info in ELEMENT_INFO.values()
    ]
    lines += ["", "The ladder of co-production (lowest rung first)"]
    lines += [(rung.label, f"{rung.band.label}. {rung.description}") for rung in Rung]
    lines += ["", "Ratings in self-assessment"]
    lines += [(f"{score.value} {label}", "") for score, label in RATING_LABELS.items()]
    lines.append(("(empty)", NOT_ASSESSED_LABEL))
    lines += ["", "Strength of a link to an element"]
    lines += [(str(n), label) for n, label in STRENGTH_LABELS.items()]
    lines += ["", "The values of each list"]
    for column_header, vocabulary in _vocabularies():
        lines.append(
            (
                column_header,
                "; ".join(
                    f"{m.label}" + (f" ({m.description})" if m.description else "")
                    for m in vocabulary
                ),
            )
        )
    return lines


HOW_TO_FILL_IN = (
    "Each sheet is a table: add a row at the bottom and it becomes part of the table.",
    "Columns with a small arrow offer a list: choose from it. Where a column takes several "
    "values (languages, what people want in return, accessibility), separate them with ; "
    '(a language or tag that holds a comma or ; goes in quotation marks: "Welsh, North").',
    "Dates as 03/04/2025 or 3 April 2025. Yes or No where asked.",
    "Rows that start with \u201cExample\u201d are examples: overwrite or delete them.",
    "Leave the ID columns (folded away on the right) as they are: they match each row to the "
    "audit when the workbook comes back. New rows have no ID.",
    "Capabilities and roles name their person exactly as on the People sheet.",
    "Send the workbook back to the audit team, who import it with Coprod Desktop. Nothing is "
    "changed until they have seen a preview of every change.",
)


def _vocabularies() -> list[tuple[str, type[Coded]]]:
    seen: dict[type[Coded], str] = {}
    for sheet in L.DATA_SHEETS:
        for column in sheet.columns:
            if column.choices is not None and column.choices not in seen:
                seen[column.choices] = column.header
    return [(header, vocabulary) for vocabulary, header in seen.items()]


def _write_overview(writer: _WorkbookWriter, store) -> None:
    from coprod_desktop.analysis.coverage import element_coverage
    from coprod_desktop.analysis.small_counts import PEOPLE, WORK, shown_count

    public = writer.level is PrivacyLevel.PUBLIC

    def count(n: int, counted=PEOPLE) -> int | str:
        """As the small-count rule shows it in a public workbook: of people "<5"."""
        return shown_count(n, counted) if public else n

    if public:
        rows = public_tables.overview_counts(store)
    else:
        rows = [[COUNT_LABELS.get(key, key), n] for key, n in store.counts().items()]
    writer.data_sheet(
        L.OVERVIEW_SHEET,
        "Counts",
        (Column("what", "What", Kind.TEXT, width=36), Column("n", "How many", Kind.TEXT, 12)),
        rows,
        prompts=False,
    )
    ws = writer.book.worksheets[-1]
    ws.append([])
    cells = _Cells(ws, writer.notes)
    ws.append([cells.styled("How well each element is covered", font=HEADING_FONT)])
    headers = ["Element", "People", "Capabilities", "Assets", "Strong links", "Thin?", "Why"]
    ws.append([cells.header(h) for h in headers])
    for c in element_coverage(store):
        ws.append(
            [
                c.element.label,
                count(c.people),
                count(c.capabilities),
                count(c.assets, WORK),
                count(c.strong),  # links of people among them
                YES if c.thin else NO,
                # A public workbook says why without the counts (which may be under 5).
                cells.styled(c.plain_reason if public else c.reason, wrap=True),
            ]
        )
    ws.append([])
    ws.append([cells.styled("Actions by element", font=HEADING_FONT)])
    header, action_rows = public_tables.action_totals(store, date.today())
    ws.append([cells.header(h) for h in header])
    for row in action_rows:
        ws.append(row)  # actions are not people: exact at every level
    for letter, width in zip("CDEFG", (12, 12, 12, 10, 60), strict=True):
        ws.column_dimensions[letter].width = width


def _write_about(writer: _WorkbookWriter, store, audit: r.Audit | None) -> None:
    ws = writer.book.create_sheet(L.ABOUT_SHEET)
    ws.sheet_state = "hidden"
    values = {
        "format": L.WORKBOOK_FORMAT,
        "audit_id": audit.id if audit else "",
        "audit_title": audit.title if audit else "",
        "schema_version": str(store.schema_version) if store else "",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "privacy": writer.level.value,
        "kind": writer.kind,
        "app_version": __version__,
    }
    cells = _Cells(ws, writer.notes)
    for key in L.ABOUT_KEYS:
        ws.append([key, cells.text(values[key])])


# -- entry points -----------------------------------------------------------------------------


def export_workbook(
    store,
    path: Path | str,
    *,
    privacy: PrivacyLevel = PrivacyLevel.INTERNAL,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the audit to `path` as an Excel workbook at the privacy level given."""
    path = Path(path)
    audit = store.audit()
    total = sum(
        store.count(sheet.record_type, **_sheet_filters(sheet, privacy)) for sheet in L.DATA_SHEETS
    )
    writer = _WorkbookWriter(privacy, progress, total, "export")
    if privacy is PrivacyLevel.PUBLIC:
        names = [L.OVERVIEW_SHEET, *public_tables.SHEET_NAMES]
    else:
        names = [L.OVERVIEW_SHEET]
        for sheet in L.DATA_SHEETS:
            if sheet is L.ROLES:
                names.append(L.ROLE_GRID_SHEET)
            names.append(sheet.name)

    def build() -> None:
        _write_read_me(writer, audit, names)
        _write_overview(writer, store)
        if privacy is PrivacyLevel.PUBLIC:
            for name, table_name, columns, rows in public_tables.tables(store):
                writer.data_sheet(name, table_name, columns, _as_cells(writer, rows), prompts=False)
        else:
            _write_data_sheets(writer, store, L.DATA_SHEETS)
        _write_about(writer, store, audit)
        if progress:
            progress(writer.total, writer.total)  # a public export counts no records

    _write(writer, path, build, store)
    return ExportResult(path, privacy, writer.result_sheets, writer.notes)


def write_template(
    path: Path | str, *, store=None, progress: Progress | None = None
) -> ExportResult:
    """Write the partner template: the sheets partners add to, with instructions, examples
    and, given an audit, its community assets for partners to extend (partner level)."""
    path = Path(path)
    level = PrivacyLevel.PARTNER
    audit = store.audit() if store is not None else None
    assets = store.count(r.CommunityAsset) if store is not None else 0
    writer = _WorkbookWriter(level, progress, assets, "template")

    def build() -> None:
        _write_read_me(writer, audit, [s.name for s in L.TEMPLATE_SHEETS])
        for sheet in L.TEMPLATE_SHEETS:
            columns = sheet.columns_at(level)
            existing: Iterable[list[Any]] = []
            if sheet is L.ASSETS and store is not None:
                existing = _record_rows(writer, store, sheet, columns)
            writer.data_sheet(
                sheet.name,
                sheet.table_name,
                columns,
                _template_rows(writer, sheet, columns, existing),
                hidden_columns=[len(columns)],
            )
        _write_about(writer, store, audit)

    _write(writer, path, build, store)
    return ExportResult(path, level, writer.result_sheets, writer.notes)


def _as_cells(writer: _WorkbookWriter, rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """Rows as cells of the sheet being written: dates as dates, text as text."""
    cells = None
    for row in rows:
        cells = cells or _Cells(writer.book.worksheets[-1], writer.notes)
        yield [
            cells.date(v) if isinstance(v, date) else cells.text(v) if isinstance(v, str) else v
            for v in row
        ]


def _template_rows(
    writer: _WorkbookWriter, sheet: Sheet, columns: tuple[Column, ...], rows: Iterable[list]
) -> Iterator[list[Any]]:
    cells = _Cells(writer.book.worksheets[-1], writer.notes)
    for example in sheet.examples:
        row = []
        for column in columns:
            value = L.EXAMPLE_ID if column.kind is Kind.ID else _example_value(column, example)
            row.append(cells.styled(value, font=EXAMPLE_FONT) if value is not None else None)
        yield row
    yield from rows


def _example_value(column: Column, example: dict[str, object]) -> Any:
    if column.kind is Kind.HAT:
        return YES if example.get(column.key) else NO
    value = example.get(column.key)
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Coded):
        return value.label
    if isinstance(value, tuple):
        return L.MULTI_SEPARATOR.join(v.label if isinstance(v, Coded) else str(v) for v in value)
    return value


__all__ = [
    "ExportError",
    "ExportResult",
    "display_name",
    "export_workbook",
    "readme_lines",
    "write_template",
]
