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
a progress bar and cancelled at any row. Workbooks are opened with openpyxl in read-only mode
and their cells (the values Excel saved for formulas) read by calamine a slice at a time; CSV
files may be UTF-8 (with or without the mark Excel puts at the start), UTF-16 or Windows-1252,
separated by commas, semicolons or tabs.

This module is the package's entry point; the work is done in `zip_safety` (the checks before a
workbook is read), `xlsx`, `calamine_rows`, `cell_text` and `sheet_xml` (workbooks), `csv_text`
and `csv_file` (CSV files), `sheets` (the header row and the rows under it) and `problems`.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

from coprod_desktop.exchange.spreadsheet.csv_file import CSV_DELIMITERS, CsvFile
from coprod_desktop.exchange.spreadsheet.csv_text import HEAD_BYTES, utf16_without_mark
from coprod_desktop.exchange.spreadsheet.problems import (
    SAVE_AS_XLSX,
    SpreadsheetError,
    not_a_spreadsheet,
    os_error,
)
from coprod_desktop.exchange.spreadsheet.sheets import (
    SheetRows,
    Spreadsheet,
    clean_header,
    header_key,
)
from coprod_desktop.exchange.spreadsheet.zip_safety import MAX_UNCOMPRESSED

# What other modules use, from here: the package's public entry points.
__all__ = [
    "CSV_DELIMITERS",
    "HEAD_BYTES",
    "MAX_UNCOMPRESSED",
    "CsvFile",
    "SheetRows",
    "Spreadsheet",
    "SpreadsheetError",
    "binary_kind",
    "clean_header",
    "header_key",
    "open_spreadsheet",
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


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
    if head.startswith(_ZIP_MAGIC):  # KoboToolbox and ODK Central exports too (importing.kobo)
        from coprod_desktop.exchange.importing.kobo import open_zip

        return open_zip(path)
    if head.startswith(_OLE_MAGIC):
        raise _ole_error(path)
    what = binary_kind(head)
    if what is not None:
        raise not_a_spreadsheet(path, what)
    return CsvFile.open(path, head, size)


def _read_head(path: Path) -> tuple[bytes, int]:
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
            size = stream.seek(0, io.SEEK_END)
    except OSError as error:
        raise os_error(path, error) from error
    return head, size


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


def binary_kind(head: bytes) -> str | None:
    """Name what `head` starts, when it cannot be text; None when it may be a CSV file."""
    for magic, what in _BINARY_KINDS:
        if head.startswith(magic):
            return what
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_mark(head):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "a file of another program (it holds binary data, not text)"
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13))
    if controls > len(sample) // 100:
        return "a file of another program (it holds binary data, not text)"
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
            SAVE_AS_XLSX,
        )
    return not_a_spreadsheet(path, "an older Microsoft Office file, such as a Word document")


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
        raise os_error(path, error) from error
    return found
