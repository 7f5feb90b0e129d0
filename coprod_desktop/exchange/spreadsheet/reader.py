"""Open a spreadsheet someone sent (an Excel workbook or a CSV file) and read its sheets row by row.

What a file is is decided by its content, never by its name: a workbook renamed `.csv` is read as
a workbook, a PDF renamed `.xlsx` is refused as a PDF. Files that cannot be read are refused with
a `SpreadsheetError` saying what is wrong and what to do: an old `.xls` workbook, a workbook
protected by a password, a damaged or half-downloaded file, a workbook that would unpack to more
than `MAX_UNCOMPRESSED` bytes (checked from the zip's directory before any sheet is read), a file
that is open in another program. Reading never touches an audit.

Sheets are streamed: `Spreadsheet.sheet` finds the header row among the first rows (titles,
notes and blank rows may come before it; merged header cells are filled in) and hands back
`SheetRows`, whose `rows` yield one row at a time, so a sheet of a million rows can be read with
a progress bar and cancelled at any row. Workbooks are read with openpyxl in read-only mode with
the values Excel saved for formulas; CSV files may be UTF-8 (with or without the mark Excel puts
at the start), UTF-16 or Windows-1252, separated by commas, semicolons or tabs.
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import csv
import io
import itertools
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import iterparse

from coprod_desktop.exchange.errors import FileProblem
from coprod_desktop.exchange.workbook import columns as layout

# Zip bomb: a workbook whose parts add up to more than this is refused before anything is read.
MAX_UNCOMPRESSED = 1_000_000_000
# ...and so is a part that unpacks to more than BIG_PART from more than MAX_RATIO times less:
# Excel's sheets compress about ten to twenty times.
MAX_RATIO = 200
BIG_PART = 50_000_000
HEADER_SEARCH_ROWS = 30  # non-blank rows searched for the header row
# Sheets whose XML is at most this big are scanned for formulas and merged cells before their
# rows are read; bigger ones are scanned for formulas once all their rows have been read.
SCAN_FIRST_BYTES = 32_000_000
SUPPORTED = "an Excel workbook (.xlsx) or a CSV file"
CSV_DELIMITERS = ",;\t"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_HEAD_BYTES = 65_536
_SAVE_AS_XLSX = (
    "Open it in Excel and choose File > Save As > Excel Workbook (.xlsx), then import the new file."
)
_ASK_AGAIN = (
    "Ask for it again (or download or copy it again); if Excel can open it, save a new copy "
    "as .xlsx and import that."
)


class SpreadsheetError(FileProblem):
    """Cannot read the file; str() is one complete plain-language message.

    `problem` says what is wrong and `advice` what to do; `sheet`, `row` (as Excel numbers rows)
    and `column` (a letter, perhaps with its header: "C (Email)") say where, when it has a place.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        advice: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.sheet = sheet
        super().__init__(path, problem, advice, row=row, column=column)

    def _places(self) -> list[str]:
        sheet = [f"sheet '{self.sheet}'"] if self.sheet is not None else []
        return sheet + super()._places()


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


# -- opening ---------------------------------------------------------------------------------


def open_spreadsheet(path: Path | str) -> Spreadsheet:
    """Open the workbook or CSV file at `path`, or raise SpreadsheetError saying why not.

    Workbooks (.xlsx, .xlsm, .xltx, .xltm) and CSV or text files are told apart by their
    content. Nothing but the zip's directory, the workbook's list of sheets and its hidden
    "About this file" sheet is read here; sheets are read when their rows are iterated.
    """
    path = Path(path)
    head, size = _read_head(path)
    if size == 0:
        raise SpreadsheetError(
            path,
            "the file is empty: it is not a spreadsheet, or it was not saved completely.",
            "Choose the file again; if it came by e-mail or as a download, ask for it again.",
        )
    if head.startswith(_ZIP_MAGIC):
        return _Workbook.open(path)
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(path)
    what = _binary_kind(head)
    if what is not None:
        raise _not_a_spreadsheet(path, what)
    return _CsvFile.open(path, head, size)


def _read_head(path: Path) -> tuple[bytes, int]:
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
            size = stream.seek(0, io.SEEK_END)
    except OSError as error:
        raise _os_error(path, error) from error
    return head, size


def _os_error(path: Path, error: OSError) -> SpreadsheetError:
    if isinstance(error, FileNotFoundError):
        return SpreadsheetError(
            path,
            "the file could not be found.",
            "Check that it has not been moved, renamed or deleted, and choose it again.",
        )
    if isinstance(error, IsADirectoryError):
        return SpreadsheetError(
            path, "this is a folder, not a file.", f"Choose {SUPPORTED} inside it."
        )
    if isinstance(error, PermissionError):
        return SpreadsheetError(
            path,
            "the file could not be opened: it is open in another program, or you are not "
            "allowed to read it.",
            "Close it in Excel (or the other program) and try again; if it is on a shared drive, "
            "copy it to your computer first.",
        )
    return SpreadsheetError(
        path,
        f"the file could not be read ({error.strerror or error}).",
        "Check that it still exists and that you may open it, then try again.",
    )


def _not_a_spreadsheet(path: Path, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        path, f"this is not a spreadsheet: it is {what}.", f"Choose {SUPPORTED}."
    )


# Magic numbers of files people pick by mistake, and how to name them.
_BINARY_KINDS: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"SQLite format 3\x00", "a database file (perhaps an audit file)"),
    (b"\x1f\x8b", "a compressed file (gzip)"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed file (7-Zip)"),
    (b"Rar!", "a compressed file (RAR)"),
    (b"{\\rtf", "a document (RTF)"),
    (b"MZ", "a program"),
    (b"\x7fELF", "a program"),
)


def _binary_kind(head: bytes) -> str | None:
    """Name what `head` starts, when it cannot be text; None when it may be a CSV file."""
    for magic, what in _BINARY_KINDS:
        if head.startswith(magic):
            return what
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_mark(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "a file of another program (it holds binary data, not text)"
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    if controls > len(sample) // 100:
        return "a file of another program (it holds binary data, not text)"
    return None


def _utf16_without_mark(head: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when `head` looks like UTF-16 text without a mark."""
    sample = head[:4096]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    odd_zeros = sample[1::2].count(0)
    even_zeros = sample[0::2].count(0)
    if odd_zeros > pairs * 0.6 and even_zeros < pairs * 0.05:
        return "utf-16-le"
    if even_zeros > pairs * 0.6 and odd_zeros < pairs * 0.05:
        return "utf-16-be"
    return None


def _ole_error(path: Path) -> SpreadsheetError:
    """Refuse an OLE compound file: a password-protected workbook, an old .xls, or neither."""
    names = _ole_stream_names(path)
    if names & {"EncryptionInfo", "EncryptedPackage"}:
        return SpreadsheetError(
            path,
            "the workbook is protected with a password, so it cannot be read.",
            "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt "
            "with Password, then clear the password and press OK), save it, and import it again.",
        )
    if names & {"Workbook", "Book"}:
        return SpreadsheetError(
            path,
            "this is an old Excel file (.xls, Excel 97-2003), which cannot be read.",
            _SAVE_AS_XLSX,
        )
    return _not_a_spreadsheet(path, "an older Microsoft Office file, such as a Word document")


_OLE_NAMES = ("EncryptionInfo", "EncryptedPackage", "Workbook", "Book")


def _ole_stream_names(path: Path) -> set[str]:
    """Return which of _OLE_NAMES name a stream of the compound file at `path`.

    Directory entries start at multiples of 128 bytes of the file (sectors are 512 or 4096
    bytes long and each holds whole entries), with the name first, in UTF-16-LE, ending with a
    zero character: enough to find them without reading the file's structure.
    """
    wanted = {name: (name + "\x00").encode("utf-16-le") for name in _OLE_NAMES}
    found: set[str] = set()
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):  # whole sectors: the offsets stay aligned
                for start in range(0, len(chunk), 128):
                    entry = chunk[start : start + 64]
                    for name, encoded in wanted.items():
                        if entry.startswith(encoded):
                            found.add(name)
    except OSError as error:
        raise _os_error(path, error) from error
    return found


# -- workbooks -------------------------------------------------------------------------------


class _Workbook(Spreadsheet):
    def __init__(self, path: Path, stream: IO[bytes], archive: zipfile.ZipFile, book: Any) -> None:
        self._stream = stream
        self._archive = archive  # ours, for the checks and scans; openpyxl has its own
        self._book = book
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
    def open(cls, path: Path) -> _Workbook:
        archive = _checked_archive(path)
        try:
            stream = path.open("rb")
        except OSError as error:
            archive.close()
            raise _os_error(path, error) from error
        try:
            # A file object, not the path: openpyxl would refuse a workbook by its name.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = _BookReader(stream, read_only=True, data_only=True, keep_links=False)
                reader.read()
            return cls(path, stream, archive, reader.wb)
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
                    _ASK_AGAIN,
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
        if name not in self._totals:
            self._totals[name] = ws.max_row if ws.max_row and ws.max_row > 1 else None
            # The dimension some programs write is wrong: read every row there is.
            ws.reset_dimensions()
        total = self._totals[name]
        # openpyxl keeps where the sheet's XML is in the zip; scanning that XML is the cheap way
        # to count formulas, which openpyxl hides when it reads the saved values.
        member = getattr(ws, "_worksheet_path", None)
        info = self._member(member)
        scan = None
        if info is not None and info.file_size <= SCAN_FIRST_BYTES:
            scan = self._scan(name, info)
        source = _row_source(self, name, ws)
        if scan is not None and scan.nested_text and info is not None:
            source = _with_texts(source, self._inline_texts(name, info))
        sheet = _SheetReader(self.path, name, source)
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
        elif info is not None:
            sheet.at_end = lambda: self._count_later(rows, name, info)
        return rows

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
            _ASK_AGAIN,
            sheet=name,
        )

    def _scan(self, name: str, info: zipfile.ZipInfo) -> _XmlScan:
        try:
            with self._archive.open(info) as stream:
                return _scan_sheet_xml(stream)
        except Exception as error:  # a damaged part: the same as openpyxl meeting it
            raise self._damaged_sheet(name) from error

    def _inline_texts(self, name: str, info: zipfile.ZipInfo) -> dict[tuple[int, int], str]:
        """The text of each inline string of the sheet whose text has markup nested in it,
        by (row, column): openpyxl reads only what comes before the first nested element."""
        texts: dict[tuple[int, int], str] = {}
        try:
            with self._archive.open(info) as stream:
                for _, node in iterparse(stream, events=("end",)):
                    tag = _tag(node)
                    if tag == "c" and node.get("t") == "inlineStr" and node.get("r"):
                        inline = next((c for c in node if _tag(c) == "is"), None)
                        if inline is not None and not _read_whole(inline):
                            with contextlib.suppress(ValueError):
                                texts[coordinate_to_tuple(node.get("r"))] = _markup_text(inline)
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
        found = _ROOT.search(start[:65536])
        prefix = (found.group(1) + b":") if found and found.group(1) else b""
        at = start.rfind(b"<" + prefix + b"row ")
        last = _row_number(prefix).match(start, at) if at > 0 else None
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


def _row_source(book: _Workbook, name: str, ws: ReadOnlyWorksheet) -> Iterator[tuple[int, tuple]]:
    """Yield (Excel row number, values) of every row of `ws`, blank rows included."""
    # openpyxl fills gaps between rows with empty ones, so counting gives Excel's numbers.
    number = 0
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, values
    except Exception as error:
        if book._closed:
            raise ValueError("the spreadsheet was closed while its rows were read") from error
        raise SpreadsheetError(
            book.path,
            "the sheet could not be read to the end: the file is damaged or incomplete.",
            _ASK_AGAIN,
            sheet=name,
            row=number + 1,
        ) from error


def _tag(node: Any) -> str:
    """An element's name without its namespace; "" for a comment."""
    return node.tag.rpartition("}")[2] if isinstance(node.tag, str) else ""


_NOT_TEXT = frozenset({"rPh", "phoneticPr", "rPr"})  # reading hints and formats of a text


def _markup_text(node: Any) -> str:
    """The text of a shared or inline string as Excel shows it: all its text elements' text,
    in runs or not, with the text of markup nested in them or around them, without reading
    hints (rPh)."""
    parts = []
    for child in node:
        tag = _tag(child)
        if tag == "t":
            parts.append("".join(child.itertext()))
        elif tag and tag not in _NOT_TEXT:
            parts.append(_markup_text(child))
    return "".join(parts)


def _read_whole(node: Any) -> bool:
    """Whether openpyxl reads this inline string's whole text: one text element, then runs of
    at most one each (and reading hints), no element nested in a text or around one."""
    runs = texts = False
    for child in node:
        tag = _tag(child)
        if tag in ("rPh", "phoneticPr") or not tag:
            continue
        if tag == "t" and not (runs or texts or len(child)):
            texts = True
        elif tag == "r" and _run_read_whole(child):
            runs = True
        else:
            return False
    return True


def _run_read_whole(run: Any) -> bool:
    texts = [child for child in run if _tag(child) not in ("rPr", "")]
    return not texts or (len(texts) == 1 and _tag(texts[0]) == "t" and not len(texts[0]))


class _BookReader(ExcelReader):
    """openpyxl's reader of a workbook, but for the shared strings, read as Excel shows them.

    openpyxl keeps only one text element of a string (or its runs), and of that only the text
    before an element nested in it: "Si<b>â</b>n" would be "Si", <x><t>Siân</t></x> nothing.
    """

    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)
        if found is not None:
            with self.archive.open(found.PartName[1:]) as stream:
                self.shared_strings = _shared_strings(stream)


def _shared_strings(stream: IO[bytes]) -> list[str]:
    strings: list[str] = []
    depth = 0
    for event, node in iterparse(stream, events=("start", "end")):
        if _tag(node) != "si":
            continue
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            strings.append(_markup_text(node).replace("x005F_", ""))  # as openpyxl
            node.clear()
    return strings


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


def _checked_archive(path: Path) -> zipfile.ZipFile:
    """Open the zip at `path` and check, from its directory alone, that it is a sane workbook."""
    try:
        archive = zipfile.ZipFile(path)
    except OSError as error:
        raise _os_error(path, error) from error
    except Exception as error:  # BadZipFile, EOFError, ValueError and others on a broken zip
        raise SpreadsheetError(
            path,
            "the file is damaged or incomplete (perhaps it was not fully downloaded or copied).",
            _ASK_AGAIN,
        ) from error
    try:
        _check_archive(path, archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED:
        raise SpreadsheetError(
            path,
            f"the workbook is too big to read safely: it would unpack to {_size(total)}.",
            "If it is a real workbook, copy the rows you need into a smaller workbook or save "
            "each sheet as a CSV file, and import those.",
        )
    for info in infos:
        if info.file_size > BIG_PART and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SpreadsheetError(
                path,
                f"the workbook is too big to read safely: one of its parts would unpack from "
                f"{_size(info.compress_size)} to {_size(info.file_size)}, which is not how "
                "Excel saves workbooks.",
                "If it is a real workbook, open it in Excel, save a new copy and import that; "
                "otherwise do not open it.",
            )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        raise _not_a_workbook(path, names, archive)
    # Every part, whatever its name: openpyxl follows the relationships, so a sheet may be
    # called "sheet1.bin"; and a declaration may come after any amount of comment.
    for info in infos:
        if info.file_size and not info.is_dir():
            _check_xml_part(path, archive, info)


def _not_a_workbook(path: Path, names: set[str], archive: zipfile.ZipFile) -> SpreadsheetError:
    if "xl/workbook.bin" in names:
        return SpreadsheetError(
            path,
            "this is an Excel binary workbook (.xlsb), which cannot be read.",
            _SAVE_AS_XLSX,
        )
    mimetype = b""
    if "mimetype" in names:
        with contextlib.suppress(Exception):
            mimetype = archive.read("mimetype")[:100]
    if b"opendocument.spreadsheet" in mimetype:
        return SpreadsheetError(
            path,
            "this is an OpenDocument spreadsheet (.ods), which cannot be read.",
            "Open it in LibreOffice and choose File > Save As > Excel 2007-365 (.xlsx), then "
            "import the new file.",
        )
    if "word/document.xml" in names:
        return _not_a_spreadsheet(path, "a Word document")
    if "ppt/presentation.xml" in names:
        return _not_a_spreadsheet(path, "a PowerPoint presentation")
    return SpreadsheetError(
        path,
        "this is a zipped file, but not an Excel workbook.",
        f"Choose {SUPPORTED}; if the workbook is inside this zipped folder, take it out first.",
    )


def _check_xml_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a part declaring a document type or an entity: Excel never writes one, and it
    is how a file makes an XML parser expand text a billion times or read other files.

    The part is read to its end, a piece at a time (the zip's directory, checked above, bounds
    how much there is to read).
    """
    try:
        with archive.open(info) as stream:
            found = _declaration_in(stream)
    except NotImplementedError as error:
        raise SpreadsheetError(
            path,
            "the workbook is compressed in a way that cannot be read.",
            "Open it in Excel, save a new copy as an Excel Workbook (.xlsx) and import that.",
        ) from error
    except Exception as error:  # BadZipFile, zlib.error, EOFError, a part "encrypted"...
        raise SpreadsheetError(
            path,
            "the file is damaged or incomplete (perhaps it was not fully downloaded or copied).",
            _ASK_AGAIN,
        ) from error
    if found is None:
        return
    if found.startswith("encoding "):
        what = f"is written in an encoding Excel never uses ({found.removeprefix('encoding ')})"
    else:
        what = "declares a document type or entities (<!DOCTYPE or <!ENTITY)"
    raise SpreadsheetError(
        path,
        f'its part "{info.filename}" {what}, which Excel never writes, so the workbook is not '
        "read, to be safe.",
        "Open it in Excel, save a new copy as an Excel Workbook (.xlsx) and import that.",
    )


# A part is read in pieces of this size; the pieces overlap by enough to find a declaration
# cut in two.
XML_SCAN_PIECE = 1 << 20
_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")
_DECLARATION_TEXT = re.compile(r"<!(?i:doctype|entity)")
_OVERLAP = len("<!DOCTYPE") - 1
_XML_ENCODING = re.compile(
    rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"'>]{1,40})["']"""
)
# Encodings in which "<!DOCTYPE" can only be written as its ASCII bytes. Others (UTF-7,
# EBCDIC...) could spell it otherwise; parsers read some of them, Excel writes UTF-8.
_ASCII_LIKE = re.compile(
    r"(?:utf-?8|us-ascii|ascii|iso[-_]?8859-\d{1,2}|latin-?1|(?:windows|cp)-?125\d)", re.I
)


def _declaration_in(stream: IO[bytes], *, piece: int = XML_SCAN_PIECE) -> str | None:
    """What makes the part read from `stream` unsafe to parse, or None: "<!DOCTYPE" (any case),
    "<!ENTITY", or "encoding NAME" for an encoding that could hide them."""
    head = stream.read(piece)
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00"):
        return "encoding UTF-32"
    if head[:4] == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC
        return "encoding EBCDIC"
    utf16 = None
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        utf16 = "utf-16"
    elif head[:4] == b"<\x00?\x00":
        utf16 = "utf-16-le"
    elif head[:4] == b"\x00<\x00?":
        utf16 = "utf-16-be"
    if utf16 is not None:
        return _declaration_in_text(stream, head, utf16, piece)
    declared = _XML_ENCODING.match(head)
    if declared is not None:
        name = declared[1].decode("ascii", "replace").strip()
        if not _ASCII_LIKE.fullmatch(name):
            return f"encoding {name}"
    tail = b""
    chunk = head
    while chunk:
        buffer = tail + chunk
        found = _DECLARATION.search(buffer)
        if found is not None:
            return found[0].decode("ascii")
        tail = buffer[-_OVERLAP:]
        chunk = stream.read(piece)
    return None


def _declaration_in_text(stream: IO[bytes], head: bytes, encoding: str, piece: int) -> str | None:
    """The same for a part in UTF-16, whose letters each come with a zero byte."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    tail = ""
    chunk = head
    while True:
        buffer = tail + decoder.decode(chunk, final=not chunk)
        found = _DECLARATION_TEXT.search(buffer)
        if found is not None:
            return found[0]
        if not chunk:
            return None
        tail = buffer[-_OVERLAP:]
        chunk = stream.read(piece)


def _size(count: int) -> str:
    if count >= 1_000_000_000:
        return f"{count / 1_000_000_000:.1f} GB"
    if count >= 1_000_000:
        return f"{count / 1_000_000:.0f} MB"
    return f"{max(count, 1) / 1000:.0f} KB"


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


@dataclass
class _XmlScan:
    formulas: int = 0
    uncalculated: int = 0
    last_row: int = 0  # the number of the last row element
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min col, row, max...
    nested_text: bool = False  # an inline string openpyxl would not read whole (see _read_whole)


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?worksheet[\s>/]")
MERGE_ROWS = 1000  # merged cells below this row cannot touch a header row: not kept


def _row_number(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<" + re.escape(prefix) + rb"row\s[^>]*?\br=\"(\d+)\"")


def _inline_patterns(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Patterns of the start of an inline string, and of a whole one openpyxl reads whole
    (as `_read_whole`): one text without markup in it, then runs of a format and one text.

    Each ends with an empty group, so that findall counts matches without copying them.
    """
    p = re.escape(prefix)

    def element(name: bytes, content: bytes) -> bytes:
        return rb"<" + p + name + rb"(?:\s[^>]*?)?(?:/>|>" + content + rb"</" + p + name + rb">)"

    text = element(rb"t", rb"[^<]*")
    hint = rb"(?:" + element(rb"rPh", rb"\s*(?:" + text + rb")?\s*") + rb"|<" + p
    hint += rb"phoneticPr(?:\s[^>]*?)?/>)\s*"
    run_format = element(rb"rPr", rb"(?:\s*<[^<>]*/>)*\s*")
    run = element(rb"r", rb"\s*(?:" + run_format + rb"\s*)?(?:" + text + rb"\s*)?")
    # hints, at most one text, then runs and hints
    content = rb"\s*(?:" + hint + rb")*(?:" + text + rb"\s*)?"
    content += rb"(?:(?:" + run + rb")\s*|" + hint + rb")*"
    start = re.compile(rb"<" + p + rb"is[\s/>]()")
    return start, re.compile(element(rb"is", content) + rb"()")


def _scan_sheet_xml(stream: IO[bytes]) -> _XmlScan:
    """Count the formula cells of a sheet's XML, and those without a saved value; find merges.

    The XML is read in pieces cut after a cell's end, so no formula is split; only a piece's
    formulas are matched against the slower pattern that sees whether a value follows.
    """
    scan = _XmlScan()
    prefix = b""
    formula: re.Pattern[bytes] | None = None
    merge: re.Pattern[bytes] | None = None
    cell_end = formula_start = row_start = b"</c>"
    row_number = _row_number(b"")
    inline_start, inline_whole = _inline_patterns(b"")
    rest = b""
    first = True
    while True:
        chunk = stream.read(1 << 20)
        buffer = rest + chunk
        if first:
            found = _ROOT.search(buffer[:65536])
            prefix = (found.group(1) + b":") if found and found.group(1) else b""
            p = re.escape(prefix)
            # group 1 matches when no value (or an empty one) follows before the cell's end
            formula = re.compile(
                rb"<" + p + rb"f(?:\s[^>]*)?(?:/>|>[^<]*</" + p + rb"f>)"
                rb"(\s*(?:<" + p + rb"v\s*/>|<" + p + rb"v>\s*</" + p + rb"v>)?\s*</" + p + rb"c>)?"
            )
            merge = re.compile(
                rb"<" + p + rb"mergeCell\s[^>]*?ref=\"([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)\""
            )
            cell_end = b"</" + prefix + b"c>"
            formula_start = b"<" + prefix + b"f"
            row_start = b"<" + prefix + b"row "
            row_number = _row_number(prefix)
            inline_start, inline_whole = _inline_patterns(prefix)
            first = False
        if chunk:
            cut = buffer.rfind(cell_end)
            cut = cut + len(cell_end) if cut >= 0 else -1
            if cut < 0 and len(buffer) > (8 << 20):
                cut = buffer.rfind(b"<")
            if cut <= 0:
                rest = buffer
                continue
            piece, rest = buffer[:cut], buffer[cut:]
        else:
            piece, rest = buffer, b""
        assert formula is not None and merge is not None
        at = piece.rfind(row_start)
        last = row_number.match(piece, at) if at >= 0 else None
        if last is not None:
            scan.last_row = int(last[1])
        if formula_start in piece:
            found_all = formula.findall(piece)
            scan.formulas += len(found_all)
            scan.uncalculated += len(found_all) - found_all.count(b"")
        if not scan.nested_text and b"inlineStr" in piece:
            # Matches never overlap and each holds one start: equal counts, all read whole.
            starts = len(inline_start.findall(piece))
            scan.nested_text = starts != len(inline_whole.findall(piece))
        if b"mergeCell" in piece:
            for ref in merge.findall(piece):
                with contextlib.suppress(ValueError, TypeError):
                    bounds = range_boundaries(ref.decode("ascii"))
                    if bounds[1] <= MERGE_ROWS:
                        scan.merges.append(bounds)  # type: ignore[arg-type]
        if not chunk:
            return scan


# -- CSV files -------------------------------------------------------------------------------


class _CsvFile(Spreadsheet):
    def __init__(self, path: Path, check: TextCheck, dialect: _Dialect) -> None:
        super().__init__(path, "csv", [path.stem], None)
        self._check = check
        self._dialect = dialect
        self._lines = check.lines
        self._open: set[IO] = set()
        note = check.note()
        if note:
            self.warnings.append(note)

    @classmethod
    def open(cls, path: Path, head: bytes, size: int) -> _CsvFile:
        check = _csv_encoding(path, head)
        encoding = "utf-8-sig" if check.encoding == MIXED else check.encoding
        try:
            with path.open(encoding=encoding, errors="replace", newline="") as stream:
                sample = stream.read(_HEAD_BYTES)
        except OSError as error:
            raise _os_error(path, error) from error
        if not sample.strip():
            raise SpreadsheetError(
                path,
                "the file is empty: it is not a spreadsheet, or it was not saved completely.",
                "Choose the file again; if it came by e-mail or as a download, ask for it again.",
            )
        start = sample.lstrip()[:2000].lower()
        if start.startswith("<") and any(
            tag in start for tag in ("<html", "<table", "<?xml", "<!doctype")
        ):
            # Some systems save a web page or Excel 2003 XML under the name of a workbook.
            raise SpreadsheetError(
                path,
                "this is a web page or an XML file saved under a spreadsheet's name, not a "
                "workbook.",
                _SAVE_AS_XLSX,
            )
        return cls(path, check, _sniff(sample, size > len(head)))

    def close(self) -> None:
        super().close()
        for stream in list(self._open):
            stream.close()
        self._open.clear()

    def sheet(self, name: str, *, known_headers: Iterable[str] = ()) -> SheetRows:
        if self._closed:
            raise ValueError("the spreadsheet is closed")
        if name not in self.sheet_names:
            raise self._no_sheet(name)
        reader = _SheetReader(self.path, name, self._records(name))
        rows = reader.start(known_headers, ())
        rows.kind = "csv"
        rows.total_rows = self._lines or None
        return rows

    def _quote_left_open(self, count: int) -> bool:
        """Whether the file's last `count` lines end inside a quoted cell."""
        encoding = self._check.encoding
        if encoding.startswith(("utf-16", "utf-32")):
            with self.path.open(encoding=encoding, errors="replace", newline="") as stream:
                tail = "".join(collections.deque(stream, maxlen=count))
        else:
            lines = _last_lines(self.path, count, encoding == MIXED and self._check.separator)
            if encoding == MIXED:
                tail = "".join(decode_line(line) for line in lines)
            else:
                tail = b"".join(lines).decode(encoding, "replace")
        return _ends_in_quotes(tail.removeprefix("\ufeff"), self._dialect)

    def _records(self, name: str) -> Iterator[tuple[int, list]]:
        encoding = self._check.encoding
        stream: IO
        try:
            if encoding == MIXED:
                stream = self.path.open("rb")
            else:
                # Windows-1252 leaves five bytes undefined; a file with them is still read.
                errors = "replace" if encoding == "cp1252" else "strict"
                stream = self.path.open(encoding=encoding, errors=errors, newline="")
        except OSError as error:
            raise _os_error(self.path, error) from error
        self._open.add(stream)
        number = 0
        try:
            dialect = self._dialect
            lines = (
                _mixed_text_lines(stream, self._check.separator) if encoding == MIXED else stream
            )
            records = csv.reader(
                lines,
                delimiter=dialect.delimiter,
                skipinitialspace=dialect.skipinitialspace,
                quotechar='"',
                doublequote=True,
                strict=False,
            )
            last: list[str] | None = None
            # Lines read before the last record and after it: a quotation mark still open at
            # the end of the file is looked for in the last record's lines.
            before = after = 0
            for number, record in enumerate(records, start=1):
                if last is not None:
                    yield number - 1, [value if value != "" else None for value in last]
                last = record
                before, after = after, records.line_num
            # A quotation mark never closed makes the rest of the file one cell.
            if last and self._quote_left_open(after - before):
                raise SpreadsheetError(
                    self.path,
                    'a quotation mark (") on this line is never closed, so the rest of the file '
                    "would be read as one cell.",
                    "Open the file in a text editor, close the quotation mark or remove it, save "
                    "it and try again.",
                    row=number,
                )
            if last is not None:
                yield number, [value if value != "" else None for value in last]
        except csv.Error as error:
            raise SpreadsheetError(
                self.path,
                'this line could not be read: a quotation mark (") is never closed, or a cell '
                "is far too long.",
                "Open the file in Excel or a text editor, check the quotation marks on this line "
                "and the lines after it, save it and try again.",
                row=number + 1,
            ) from error
        except UnicodeDecodeError as error:
            raise SpreadsheetError(
                self.path,
                "the file changed while it was read, or its letters are in a mixed encoding.",
                "Save it again as 'CSV UTF-8' in Excel and import the new file.",
                row=number + 1,
            ) from error
        except OSError as error:
            if self._closed:
                raise ValueError("the spreadsheet was closed while its rows were read") from error
            raise _os_error(self.path, error) from error
        except ValueError as error:  # reading a closed file
            if self._closed:
                raise ValueError("the spreadsheet was closed while its rows were read") from error
            raise
        finally:
            stream.close()
            self._open.discard(stream)


MIXED = "mixed"  # UTF-8, with some lines in Windows-1252: each line decoded on its own
LINES_NAMED = 3  # lines in another encoding named in a note


@dataclass
class TextCheck:
    """What checking a text file's bytes found: its encoding, lines, and lines not in UTF-8.

    `encoding` is a codec name, or MIXED: lines in UTF-8 but for `odd_lines` of them, which
    are in Windows-1252 (`first_odd`: their numbers and a word with a letter beyond ASCII,
    as Windows-1252 reads it, for the first few).
    """

    encoding: str = ""
    lines: int = 0
    odd_lines: int = 0
    first_odd: list[tuple[int, str]] = field(default_factory=list)
    utf8_letters: bool = False  # some line holds letters beyond ASCII in valid UTF-8
    separator: bytes = b"\n"

    def note(self) -> str | None:
        """The sentence a preview shows when some or all lines were read as Windows-1252."""
        if not self.odd_lines or not self.first_odd:
            return None
        number, word = self.first_odd[0]
        check = f"check '{word}'" if word else "check its accented letters"
        advice = (
            " If a name or word looks wrong, save the file in Excel as 'CSV UTF-8' and import "
            "it again."
        )
        if self.encoding != MIXED:
            return (
                "The whole file is not in UTF-8, so it was read as Windows-1252 (what Excel's "
                f"plain 'CSV' saves): {check} on line {number:,}." + advice
            )
        if self.odd_lines == 1:
            return (
                f"Line {number:,} was not in UTF-8 like the rest of the file: it was read as "
                f"Windows-1252 — {check}." + advice
            )
        named = [f"{n:,}" for n, _ in self.first_odd[:LINES_NAMED]]
        more = self.odd_lines - len(named)
        listed = ", ".join(named[:-1]) + " and " + named[-1] if not more else ", ".join(named)
        if more:
            listed += f" and {more:,} more"
        return (
            f"Lines {listed} were not in UTF-8 like the rest of the file: they were read as "
            f"Windows-1252 — {check} on line {number:,}." + advice
        )

    def scan(self, chunks: Iterable[bytes]) -> TextCheck:
        """Check `chunks` (the file's bytes, in order) line by line as UTF-8."""
        carry = b""
        base = 1  # the number of the first line of the piece
        newline = self.separator
        for chunk in itertools.chain(chunks, (b"",)):
            if chunk:
                buffer = carry + chunk if carry else chunk
                cut = buffer.rfind(newline) + 1
                if cut == 0:
                    carry = buffer
                    continue
                piece, carry = buffer[:cut], buffer[cut:]
            else:
                piece, carry = carry, b""
            if piece:
                self._piece(piece, base)
                base += piece.count(newline)
        return self

    def _piece(self, piece: bytes, base: int) -> None:
        newline = self.separator
        view = memoryview(piece)
        start = 0
        while start < len(piece):
            try:
                text = str(view[start:], "utf-8")
            except UnicodeDecodeError as error:
                at = start + error.start
                begin = piece.rfind(newline, 0, at) + 1
                end = piece.find(newline, at)
                end = len(piece) if end < 0 else end + 1
                if begin > start and not str(view[start:begin], "utf-8").isascii():
                    self.utf8_letters = True
                self.odd_lines += 1
                if len(self.first_odd) < LINES_NAMED:
                    line = piece[begin:end].decode("cp1252", "replace")
                    self.first_odd.append((base + piece.count(newline, 0, at), _odd_word(line)))
                start = end
                continue
            if not text.isascii():
                self.utf8_letters = True
            return


def _odd_word(line: str) -> str:
    """The first word of `line` with a letter beyond ASCII, as a note quotes it."""
    for word in re.split(r'[\s,;"|]+', line):
        if not word.isascii():
            return word if len(word) <= 40 else word[:39] + "…"
    return ""


def decode_line(raw: bytes) -> str:
    """A line of a MIXED file: UTF-8 when it is valid UTF-8, else Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Return the text of a small text file held in memory, and a note as `TextCheck.note`.

    UTF-8 (the mark at the start dropped) when all of it is; Windows-1252 when none of its
    letters beyond ASCII are UTF-8; otherwise line by line, lines not in UTF-8 read as
    Windows-1252 and named in the note. UTF-16 and UTF-32 with a mark are decoded whole.
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32"), None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    check = TextCheck(separator=_separator(data[:_HEAD_BYTES])).scan([data])
    check.encoding = MIXED if check.utf8_letters else "cp1252"
    if check.encoding != MIXED:
        return data.decode("cp1252", "replace"), check.note()
    text = "".join(decode_line(raw) for raw in _split_lines(data, check.separator))
    return text.removeprefix("\ufeff"), check.note()


def _separator(head: bytes) -> bytes:
    """The line break a file's lines end with: "\n" (Windows and Linux), or "\r" alone."""
    return b"\r" if b"\n" not in head and b"\r" in head else b"\n"


def _split_lines(data: bytes, separator: bytes) -> Iterator[bytes]:
    start = 0
    while start < len(data):
        end = data.find(separator, start)
        end = len(data) if end < 0 else end + 1
        yield data[start:end]
        start = end


def _stream_lines(stream: IO[bytes], separator: bytes) -> Iterator[bytes]:
    """The lines of a binary stream, each with its line break, whichever byte ends them."""
    if separator == b"\n":
        yield from stream
        return
    rest = b""
    while chunk := stream.read(1 << 20):
        rest += chunk
        cut = rest.rfind(separator) + 1
        if cut:
            yield from _split_lines(rest[:cut], separator)
            rest = rest[cut:]
    if rest:
        yield rest


def _mixed_text_lines(stream: IO[bytes], separator: bytes) -> Iterator[str]:
    first = True
    for raw in _stream_lines(stream, separator):
        line = decode_line(raw)
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line


def _csv_encoding(path: Path, head: bytes) -> TextCheck:
    """Return the encoding and number of lines of the text file at `path`.

    A byte order mark decides; UTF-16 without a mark is recognised by its zero bytes; otherwise
    the whole file is checked, line by line, to be UTF-8 (quick, and it counts the lines for a
    progress bar). Lines that are not UTF-8 are read as Windows-1252 (Excel's "CSV" on English
    Windows): the whole file when none of its letters beyond ASCII are UTF-8, else only those
    lines (MIXED), never a valid UTF-8 line.
    """
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_mark(head) or ""
    check = TextCheck(separator=_separator(head))
    counts = [0, 0]  # line feeds, carriage returns
    last = [b""]

    def chunks() -> Iterator[bytes]:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                counts[0] += chunk.count(b"\n")
                if not counts[0]:
                    counts[1] += chunk.count(b"\r")
                last[0] = chunk[-1:]
                yield chunk

    try:
        if encoding:
            for _ in chunks():
                pass
        else:
            check.scan(chunks())
    except OSError as error:
        raise _os_error(path, error) from error
    lines = counts[0] or counts[1]
    if last[0] not in (b"\n", b"\r", b"\x00", b""):
        lines += 1
    check.lines = lines
    if not encoding and check.odd_lines:
        encoding = MIXED if check.utf8_letters else "cp1252"
    elif not encoding:
        encoding = "utf-8-sig"  # drops the mark Excel's "CSV UTF-8" starts with
    check.encoding = encoding
    return check


@dataclass(frozen=True)
class _Dialect:
    delimiter: str
    skipinitialspace: bool


def _sniff(sample: str, truncated: bool) -> _Dialect:
    """Guess the separator with csv.Sniffer over the first lines; a comma when in doubt."""
    lines = sample.splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut short
    lines = [line for line in lines if line.strip()][:50]
    first = lines[0].strip().strip('"') if lines else ""
    if first.casefold().startswith("sep=") and len(first) == 5:  # Excel's own hint
        return _Dialect(first[4], False)
    text = "\n".join(lines)
    delimiter, skip = "", False
    with contextlib.suppress(csv.Error):  # the Sniffer gives up on some files
        dialect = csv.Sniffer().sniff(text, delimiters=CSV_DELIMITERS)
        if dialect.delimiter in text:
            delimiter, skip = dialect.delimiter, bool(dialect.skipinitialspace)
    if not delimiter:
        counts = {d: text.count(d) for d in CSV_DELIMITERS}
        best = max(CSV_DELIMITERS, key=lambda d: counts[d])
        delimiter = best if counts[best] else ","
    # Excel in much of Europe separates with ";" and writes decimal commas (1,5): when every
    # line has as many semicolons as the first, the commas are inside the values.
    semicolons = lines[0].count(";") if lines else 0
    if delimiter == "," and semicolons and all(line.count(";") == semicolons for line in lines):
        return _Dialect(";", False)
    return _Dialect(delimiter, skip)


_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _last_lines(path: Path, count: int, separator: bytes | bool) -> list[bytes]:
    """The last `count` lines of the file at `path`, as bytes with their line breaks.

    Lines end with \\r\\n, \\n or \\r as when Python reads text, or with `separator` alone.
    """
    with path.open("rb") as stream:
        position = stream.seek(0, io.SEEK_END)
        data = b""
        step = 1 << 16
        while True:
            start = max(0, position - step)
            stream.seek(start)
            data = stream.read(position - start) + data
            position = start
            if isinstance(separator, bytes):
                lines = list(_split_lines(data, separator))
            else:
                lines = _LINE.findall(data)
            # The first line of the data may have begun before it: one more than asked for.
            if position == 0 or len(lines) > count:
                return lines[-count:] if count else []
            step *= 2


def _ends_in_quotes(text: str, dialect: _Dialect) -> bool:
    """Whether the text of a CSV record ends inside a quoted cell (a quote never closed)."""
    if '"' not in text:
        return False
    try:
        for _ in csv.reader(
            io.StringIO(text, newline=""),
            delimiter=dialect.delimiter,
            skipinitialspace=dialect.skipinitialspace,
            strict=True,
        ):
            pass
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            return True
    else:
        return False
    # A stray quotation mark that strict reading refuses: follow the forgiving reading.
    start, plain, quoted, closing = range(4)
    state = start
    for char in text:
        if state == quoted:
            if char == '"':
                state = closing
        elif char == dialect.delimiter or char in "\r\n":
            state = start
        elif state == start:
            if char == '"':
                state = quoted
            elif not (char == " " and dialect.skipinitialspace):
                state = plain
        elif state == closing:
            state = quoted if char == '"' else plain
    return state == quoted


# -- header row and rows ---------------------------------------------------------------------

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


class _SheetReader:
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
