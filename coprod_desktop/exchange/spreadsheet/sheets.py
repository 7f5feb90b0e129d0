"""The sheets of an open spreadsheet: `Spreadsheet`, `SheetRows`, and how a sheet's header row
is found among its first rows (titles, notes and blank rows may come before it; merged header
cells are filled in) before the rows under it are handed out one at a time."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from coprod_desktop.exchange.spreadsheet.problems import SpreadsheetError

HEADER_SEARCH_ROWS = 30  # non-blank rows searched for the header row


@dataclass
class SheetRows:
    """The rows of one sheet under its header row, read as they are iterated.

    `rows` yields (Excel row number, values aligned with `headers`) for each row after the
    header that is not wholly blank; values are None/str/int/float/bool/datetime as the file
    holds them (CSV: str, or None for an empty cell); formulas give the value Excel saved.
    Cells to the right of the last header are not read. `total_rows` is the number of the
    sheet's last row, for progress: as the workbook declares it or found in a sheet small
    enough to scan first; for a big sheet that does not declare it, an estimate from its size
    (`total_estimated`); for a CSV file, its number of lines.
    """

    name: str
    header_row: int  # Excel row number of the header row; 0 for a sheet with nothing in it
    headers: list[str]
    rows: Iterator[tuple[int, list]]
    total_rows: int | None
    formula_cells: int = 0  # formula cells seen so far; complete once `rows` is exhausted
    # Formula cells without a saved value (a file written by a program that does not calculate:
    # they read as empty). Complete when `formula_cells` is.
    uncalculated_formulas: int = 0
    kind: str = "xlsx"
    total_estimated: bool = False

    def column_name(self, index: int) -> str:
        """Return how people name the column at `index` (from 0): "C (Email)", or "C"."""
        letter = get_column_letter(index + 1)
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{letter} ({header})" if header else letter


def header_key(text: object) -> str:
    """Fold a header for matching: case, spaces, underscores, dashes, a trailing * do not count."""
    cleaned = clean_header(text)
    return re.sub(r"[\s_\-–]+", " ", cleaned).strip().casefold()


def clean_header(value: object) -> str:
    """Return a header cell as people read it: one line, trimmed, without a trailing "*"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.replace("\ufeff", "").replace("\u200b", "")
    text = " ".join(text.split())
    return re.sub(r"\s*\*+$", "", text)


class Spreadsheet:
    """An open spreadsheet file: its visible sheets and, for our own workbooks, what it is.

    Use it as a context manager, or call `close()`: a workbook stays open while it is read.
    """

    path: Path
    kind: str  # "xlsx" or "csv"
    about: dict[str, str] | None  # key -> value of the hidden sheet layout.ABOUT_SHEET
    sheet_names: list[str]  # visible sheets, in order (CSV: one, named after the file stem)
    # Sentences for the preview about how the file was read (a CSV's lines in another
    # encoding); known once the file is open.
    warnings: list[str]

    def __init__(
        self, path: Path, kind: str, sheet_names: list[str], about: dict[str, str] | None
    ) -> None:
        self.path = path
        self.kind = kind
        self.sheet_names = sheet_names
        self.about = about
        self.warnings = []
        self._closed = False

    def sheet(self, name: str, *, known_headers: Iterable[str] = ()) -> SheetRows:
        """Return the rows of sheet `name` under its header row.

        The header row is looked for among the first 30 non-blank rows: the row matching most of
        `known_headers` (case and spaces do not count), else the first row of at least two text
        cells, about as wide as the table, that names most columns filled under it.

        Those first rows are read here, the others as `rows` is iterated: a damaged file raises
        SpreadsheetError from either.
        """
        raise NotImplementedError

    def close(self) -> None:
        self._closed = True

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Spreadsheet {self.kind} {self.path.name!r} sheets={self.sheet_names!r}>"

    def _no_sheet(self, name: str) -> SpreadsheetError:
        listed = ", ".join(f"'{n}'" for n in self.sheet_names) or "none"
        return SpreadsheetError(
            self.path,
            f"there is no sheet called '{name}'.",
            f"The sheets in this file are: {listed}.",
        )


_NUMBERISH = re.compile(r"[-+(£$€]?\s*\d[\d\s,.:/\-]*%?\)?")


def _is_blank(values: Iterable[object]) -> bool:
    for value in values:
        if value is None:
            continue
        if value.__class__ is str:
            if value.strip():  # type: ignore[attr-defined]
                return False
            continue
        return False
    return True


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and not _NUMBERISH.fullmatch(value)


class SheetReader:
    """Finds the header row of a stream of (row number, values) and yields the rows under it."""

    def __init__(self, path: Path, name: str, source: Iterator[tuple[int, Any]]) -> None:
        self.path = path
        self.name = name
        self.source = source
        self.at_end: Callable[[], None] | None = None

    def start(self, known_headers: Iterable[str], merges: Iterable[tuple[int, ...]]) -> SheetRows:
        window: list[tuple[int, Any]] = []  # the first non-blank rows
        for number, values in self.source:
            if values and not _is_blank(values):
                window.append((number, values))
                if len(window) >= HEADER_SEARCH_ROWS:
                    break
        exhausted = len(window) < HEADER_SEARCH_ROWS
        if not window:
            rows = SheetRows(self.name, 0, [], iter(()), None)
            rows.rows = self._rows(rows, [], 0, exhausted=True)
            return rows
        filled = _fill_merges(window, list(merges))
        position = _header_position(filled, {header_key(h) for h in known_headers} - {""})
        header_number = window[position][0]
        headers = [clean_header(v) for v in filled[position]]
        while headers and not headers[-1]:
            headers.pop()
        rows = SheetRows(self.name, header_number, headers, iter(()), None)
        rows.rows = self._rows(rows, window[position + 1 :], len(headers), exhausted=exhausted)
        return rows

    def _rows(
        self, rows: SheetRows, buffered: list[tuple[int, Any]], width: int, *, exhausted: bool
    ) -> Iterator[tuple[int, list]]:
        for number, values in buffered:
            yield number, _aligned(values, width)
        if not exhausted:
            is_blank = _is_blank
            for number, values in self.source:
                if not values or is_blank(values):
                    continue
                if len(values) == width:
                    yield number, list(values)
                else:
                    yield number, _aligned(values, width)
        if self.at_end is not None:
            self.at_end()


def _aligned(values: Any, width: int) -> list:
    row = list(values[:width])
    if len(row) < width:
        row.extend([None] * (width - len(row)))
    return row


def _fill_merges(window: list[tuple[int, Any]], merges: list[tuple[int, ...]]) -> list[list]:
    """Return the window's rows with each merged range's text in every cell it covers."""
    filled = [list(values) for _, values in window]
    if not merges:
        return filled
    by_number = {number: index for index, (number, _) in enumerate(window)}
    for min_col, min_row, max_col, max_row in merges:
        top = by_number.get(min_row)
        if top is None or min_col - 1 >= len(window[top][1]):
            continue
        value = window[top][1][min_col - 1]
        if value is None:
            continue
        for number in range(min_row, max_row + 1):
            index = by_number.get(number)
            if index is None:
                continue
            row = filled[index]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for column in range(min_col - 1, max_col):
                if row[column] is None or row[column] == "":
                    row[column] = value
    return filled


def _header_position(rows: list[list], known: set[str]) -> int:
    """Return the index in `rows` (the first non-blank rows) of the header row."""
    if known:
        scores = [len(known & {header_key(v) for v in row if v is not None}) for row in rows]
        best = max(scores)
        at = scores.index(best)
        text_cells = sum(1 for v in rows[at] if _is_text(v))
        if best >= 2 or (best == 1 and (len(known) == 1 or text_cells >= 2)):
            return at
    used = [{i for i, v in enumerate(row) if v is not None and str(v).strip()} for row in rows]
    wide = max(2, (max(len(columns) for columns in used) + 1) // 2)
    candidates = []
    for index, row in enumerate(rows):
        texts = sum(1 for v in row if _is_text(v))
        if texts >= 2 and texts * 2 >= len(used[index]) and len(used[index]) >= wide:
            candidates.append(index)
    # The header names most of the columns the rows under it fill; a note above it does not.
    for index in candidates:
        below = set().union(*used[index + 1 : index + 6])
        if below and len(used[index] & below) * 5 >= len(below) * 3:
            return index
    for index in candidates:
        if index + 1 < len(rows):  # data under it
            return index
    return candidates[0] if candidates else 0
