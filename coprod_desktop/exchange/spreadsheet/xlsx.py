"""Excel workbooks, after the checks of `zip_safety`: opened with openpyxl in read-only mode (the
sheets, which are hidden, what our own workbooks say about themselves), the values of their cells
(those Excel saved for formulas) read by calamine a slice at a time (`calamine_rows`: about ten
times quicker), or by openpyxl from the row where calamine could not read on."""

from __future__ import annotations

import contextlib
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from openpyxl.utils import coordinate_to_tuple
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.functions import iterparse

from coprod_desktop.exchange.spreadsheet.calamine_rows import (
    BookParts,
    CalamineStopped,
    calamine_rows,
    shared_strings_xml,
)
from coprod_desktop.exchange.spreadsheet.cell_text import (
    BookReader,
    markup_text,
    read_whole,
    tag_name,
)
from coprod_desktop.exchange.spreadsheet.problems import ASK_AGAIN, SpreadsheetError, os_error
from coprod_desktop.exchange.spreadsheet.sheet_xml import (
    SHEET_ROOT,
    XmlScan,
    XmlScanner,
    row_number_pattern,
    scan_sheet_xml,
)
from coprod_desktop.exchange.spreadsheet.sheets import (
    SheetReader,
    SheetRows,
    Spreadsheet,
    clean_header,
)
from coprod_desktop.exchange.spreadsheet.zip_safety import checked_archive
from coprod_desktop.exchange.workbook import columns as layout

# Sheets whose XML is at most this big are scanned for formulas and merged cells before their
# rows are read; bigger ones are scanned for formulas once all their rows have been read.
SCAN_FIRST_BYTES = 32_000_000


class WorkbookFile(Spreadsheet):
    def __init__(
        self,
        path: Path,
        stream: IO[bytes],
        archive: zipfile.ZipFile,
        book: Any,
        strings: list[str] | None = None,
    ) -> None:
        self._stream = stream
        self._archive = archive  # ours, for the checks, scans and calamine; openpyxl has its own
        self._book = book
        self._strings = strings  # the shared strings as cell_text reads them
        self._parts: BookParts | None = None
        self._totals: dict[str, int | None] = {}
        about = _read_about(book[layout.ABOUT_SHEET]) if layout.ABOUT_SHEET in book else None
        # Our own sheets of metadata stay out of the list even if someone unhid them.
        ours = {layout.ABOUT_SHEET}
        if about and about.get("format") == layout.WORKBOOK_FORMAT:
            ours.add(layout.LISTS_SHEET)
        names = [
            ws.title
            for ws in book.worksheets
            if isinstance(ws, ReadOnlyWorksheet)
            and ws.sheet_state == "visible"
            and ws.title not in ours
        ]
        super().__init__(path, "xlsx", names, about)

    @classmethod
    def open(cls, path: Path) -> WorkbookFile:
        archive = checked_archive(path)
        try:
            stream = path.open("rb")
        except OSError as error:
            archive.close()
            raise os_error(path, error) from error
        try:
            # A file object, not the path: openpyxl would refuse a workbook by its name.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = BookReader(stream, read_only=True, data_only=True, keep_links=False)
                reader.read()
            return cls(path, stream, archive, reader.wb, reader.shared_strings)
        except SpreadsheetError:
            stream.close()
            archive.close()
            raise
        except Exception as error:  # openpyxl raises many kinds on a malformed workbook
            stream.close()
            archive.close()
            if isinstance(error, zipfile.BadZipFile | zlib.error | EOFError):
                raise SpreadsheetError(
                    path,
                    "the file is damaged or incomplete (perhaps it was not fully downloaded or "
                    "copied).",
                    ASK_AGAIN,
                ) from error
            raise SpreadsheetError(
                path,
                "the workbook could not be read: it is damaged, or it was saved by a program "
                "that does not follow the Excel format.",
                "Open it in Excel or LibreOffice, save it again as an Excel Workbook (.xlsx), "
                "and import the new file.",
            ) from error

    def close(self) -> None:
        if self._closed:
            return
        super().close()
        with contextlib.suppress(Exception):
            self._book.close()
        self._archive.close()
        self._stream.close()

    def sheet(self, name: str, *, known_headers: Iterable[str] = ()) -> SheetRows:
        if self._closed:
            raise ValueError("the spreadsheet is closed")
        if name not in self._book.sheetnames:
            raise self._no_sheet(name)
        ws = self._book[name]
        if not isinstance(ws, ReadOnlyWorksheet):
            raise SpreadsheetError(
                self.path,
                f"the sheet '{name}' holds a chart, not rows of data.",
                "Choose another sheet.",
            )
        # openpyxl keeps where the sheet's XML is in the zip; scanning that XML is the cheap way
        # to count formulas, which openpyxl hides when it reads the saved values.
        member = getattr(ws, "_worksheet_path", None)
        info = self._member(member)
        if name not in self._totals:
            self._totals[name] = ws.max_row if ws.max_row and ws.max_row > 1 else None
            # The dimension some programs write is wrong: read every row there is.
            ws.reset_dimensions()
        total = self._totals[name]
        scan = None
        if info is not None and info.file_size <= SCAN_FIRST_BYTES:
            scan = self._scan(name, info)
        # For a sheet too big to scan first, the scan is fed the XML as calamine reads it.
        # (calamine_rows reads whole the inline strings openpyxl would not)
        scanner = XmlScanner(inline=False) if scan is None and info is not None else None
        fell_back: list[bool] = []
        source = self._rows(name, ws, info, scan, scanner, fell_back)
        sheet = SheetReader(self.path, name, source)
        rows = sheet.start(known_headers, scan.merges if scan else ())
        if total is None and scan is not None and scan.last_row > 1:
            total = scan.last_row
        elif total is None and info is not None and scan is None:
            # openpyxl's write-only mode (our exports) declares no size: guess one
            total = self._estimate_rows(info)
            rows.total_estimated = total is not None
        rows.total_rows = total
        if scan is not None:
            rows.formula_cells = scan.formulas
            rows.uncalculated_formulas = scan.uncalculated
        elif info is not None and scanner is not None:

            def at_end() -> None:
                if fell_back:
                    self._count_later(rows, name, info)
                else:
                    rows.formula_cells = scanner.scan.formulas
                    rows.uncalculated_formulas = scanner.scan.uncalculated

            sheet.at_end = at_end
        return rows

    def _book_parts(self) -> BookParts:
        """What calamine's workbook of each slice takes from this one (made once)."""
        if self._parts is None:
            try:
                styles = self._archive.read("xl/styles.xml")  # where openpyxl reads it
            except KeyError:
                styles = None
            strings = self._strings
            self._parts = BookParts(
                styles,
                self._book.epoch == CALENDAR_MAC_1904,
                shared_strings_xml(strings) if strings else None,
            )
        return self._parts

    def _rows(
        self,
        name: str,
        ws: ReadOnlyWorksheet,
        info: zipfile.ZipInfo | None,
        scan: XmlScan | None,
        scanner: XmlScanner | None,
        fell_back: list[bool],
    ) -> Iterator[tuple[int, tuple | list]]:
        """The rows of the sheet, read by calamine; from where it cannot read on (a part it
        does not understand, damage), by openpyxl, which says what is wrong if anything."""
        first = 1
        if info is not None:
            try:
                with self._archive.open(info) as stream:
                    yield from calamine_rows(stream, self._book_parts(), scanner)
                return
            except CalamineStopped as stopped:
                if self._closed:
                    raise ValueError(
                        "the spreadsheet was closed while its rows were read"
                    ) from None
                first = stopped.row
                fell_back.append(True)
        source = _row_source(self, name, ws, first)
        if scan is not None and scan.nested_text and info is not None:
            source = _with_texts(source, self._inline_texts(name, info))
        yield from source

    def _member(self, member: str | None) -> zipfile.ZipInfo | None:
        if not member:
            return None
        try:
            return self._archive.getinfo(member)
        except KeyError:
            return None

    def _damaged_sheet(self, name: str) -> SpreadsheetError:
        """The problem of a sheet part that cannot be read (as openpyxl meeting it)."""
        return SpreadsheetError(
            self.path,
            "the sheet could not be read: the file is damaged or incomplete.",
            ASK_AGAIN,
            sheet=name,
        )

    def _scan(self, name: str, info: zipfile.ZipInfo) -> XmlScan:
        try:
            with self._archive.open(info) as stream:
                return scan_sheet_xml(stream)
        except Exception as error:  # a damaged part: the same as openpyxl meeting it
            raise self._damaged_sheet(name) from error

    def _inline_texts(self, name: str, info: zipfile.ZipInfo) -> dict[tuple[int, int], str]:
        """The text of each inline string of the sheet whose text has markup nested in it,
        by (row, column): openpyxl reads only what comes before the first nested element."""
        texts: dict[tuple[int, int], str] = {}
        try:
            with self._archive.open(info) as stream:
                for _, node in iterparse(stream, events=("end",)):
                    tag = tag_name(node)
                    if tag == "c" and node.get("t") == "inlineStr" and node.get("r"):
                        inline = next((c for c in node if tag_name(c) == "is"), None)
                        if inline is not None and not read_whole(inline):
                            with contextlib.suppress(ValueError):
                                texts[coordinate_to_tuple(node.get("r"))] = markup_text(inline)
                    elif tag == "row":
                        node.clear()
        except Exception as error:  # a damaged part: the same as openpyxl meeting it
            raise self._damaged_sheet(name) from error
        return texts

    def _estimate_rows(self, info: zipfile.ZipInfo) -> int | None:
        """Guess a big sheet's number of rows from the size of its first rows in the XML."""
        try:
            with self._archive.open(info) as stream:
                start = stream.read(1 << 20)
        except Exception:  # damaged: reading its rows will say so
            return None
        found = SHEET_ROOT.search(start[:65536])
        prefix = (found.group(1) + b":") if found and found.group(1) else b""
        at = start.rfind(b"<" + prefix + b"row ")
        last = row_number_pattern(prefix).match(start, at) if at > 0 else None
        if last is None or int(last[1]) < 2:
            return None
        return max(int(last[1]), round(info.file_size * int(last[1]) / at))

    def _count_later(self, rows: SheetRows, name: str, info: zipfile.ZipInfo) -> None:
        scan = self._scan(name, info)
        rows.formula_cells = scan.formulas
        rows.uncalculated_formulas = scan.uncalculated
        if scan.nested_text:  # found too late to read those cells whole: never drop them
            raise SpreadsheetError(
                self.path,
                "some cells of this sheet hold text with formatting written inside it in a way "
                "Excel does not write, so their text could not be read whole.",
                "Open the workbook in Excel or LibreOffice, save a new copy as an Excel Workbook "
                "(.xlsx) and import that.",
                sheet=name,
            )


def _row_source(
    book: WorkbookFile, name: str, ws: ReadOnlyWorksheet, first: int = 1
) -> Iterator[tuple[int, tuple]]:
    """Yield (Excel row number, values) of every row of `ws` from row `first`, blank rows
    included."""
    # openpyxl fills gaps between rows with empty ones, so counting gives Excel's numbers.
    number = first - 1
    try:
        rows = ws.iter_rows(min_row=first, values_only=True)
        for number, values in enumerate(rows, start=first):
            yield number, values
    except Exception as error:
        if book._closed:
            raise ValueError("the spreadsheet was closed while its rows were read") from error
        raise SpreadsheetError(
            book.path,
            "the sheet could not be read to the end: the file is damaged or incomplete.",
            ASK_AGAIN,
            sheet=name,
            row=number + 1,
        ) from error


def _with_texts(
    source: Iterator[tuple[int, tuple]], texts: dict[tuple[int, int], str]
) -> Iterator[tuple[int, tuple]]:
    """The rows of `source` with the cells at (row, column) of `texts` holding those texts."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, column), text in texts.items():
        by_row.setdefault(row, []).append((column, text))
    for number, values in source:
        cells = by_row.get(number)
        if cells:
            row = list(values)
            for column, text in cells:
                if len(row) < column:
                    row.extend([None] * (column - len(row)))
                row[column - 1] = text
            values = tuple(row)
        yield number, values


def _read_about(ws: Any) -> dict[str, str] | None:
    """Return column A -> column B of the hidden sheet that identifies one of our workbooks."""
    if not isinstance(ws, ReadOnlyWorksheet):
        return None
    about: dict[str, str] = {}
    try:
        ws.reset_dimensions()
        for number, values in enumerate(ws.iter_rows(max_col=2, values_only=True), start=1):
            if number > 500:
                break
            if not values or values[0] is None:
                continue
            key = clean_header(values[0])
            value = values[1] if len(values) > 1 else None
            if key:
                about[key] = "" if value is None else _about_text(value)
    except Exception:  # a damaged hidden sheet: treat the workbook as a partner's own
        return None
    return about


def _about_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
