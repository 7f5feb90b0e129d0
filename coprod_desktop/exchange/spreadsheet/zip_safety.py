"""Checks of a workbook's zip before openpyxl reads any of it: not a zip bomb (from the zip's
directory alone), a workbook and not another zipped document, and no part declaring a document
type or entities (each part read to its end)."""

from __future__ import annotations

import codecs
import contextlib
import re
import zipfile
from pathlib import Path
from typing import IO

from coprod_desktop.exchange.spreadsheet.problems import (
    ASK_AGAIN,
    SAVE_AS_XLSX,
    SUPPORTED,
    SpreadsheetError,
    not_a_spreadsheet,
    os_error,
)

# Zip bomb: a workbook whose parts add up to more than this is refused before anything is read.
MAX_UNCOMPRESSED = 1_000_000_000
# ...and so is a part that unpacks to more than BIG_PART from more than MAX_RATIO times less:
# Excel's sheets compress about ten to twenty times.
MAX_RATIO = 200
BIG_PART = 50_000_000


def checked_archive(path: Path) -> zipfile.ZipFile:
    """Open the zip at `path` and check, from its directory alone, that it is a sane workbook."""
    try:
        archive = zipfile.ZipFile(path)
    except OSError as error:
        raise os_error(path, error) from error
    except Exception as error:  # BadZipFile, EOFError, ValueError and others on a broken zip
        raise SpreadsheetError(
            path,
            "the file is damaged or incomplete (perhaps it was not fully downloaded or copied).",
            ASK_AGAIN,
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
            SAVE_AS_XLSX,
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
        return not_a_spreadsheet(path, "a Word document")
    if "ppt/presentation.xml" in names:
        return not_a_spreadsheet(path, "a PowerPoint presentation")
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
            found = declaration_in(stream)
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
            ASK_AGAIN,
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


def declaration_in(stream: IO[bytes], *, piece: int = XML_SCAN_PIECE) -> str | None:
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
