"""A sheet's rows read by calamine (python-calamine, in Rust), a slice of the sheet at a time.

calamine reads a whole sheet into memory before it hands out a row. So that memory stays flat
however many rows a sheet holds, the sheet's XML is cut after a row's end into slices of about
`SLICE_BYTES`, and calamine reads each slice as a workbook of its own, made in memory: the
slice's rows, the workbook's styles (number formats tell dates from numbers), its date system
(1900 or 1904) and its shared strings as `cell_text` reads them (Excel's text, markup and all).

Where calamine reads a cell otherwise than openpyxl, the cell is what openpyxl gave (the reader
before calamine; tests/exchange/test_calamine_reading.py shows each case):
- an empty cell is None (calamine: ""), a whole number an int (calamine: 7.0), a date a
  datetime (calamine: a date when there is no time of day);
- an error cell is its text, "#N/A" (calamine: empty);
- spaces at the ends of a text element without xml:space="preserve" are kept (calamine drops
  them: the slice's plain text elements are given the attribute);
- an inline string with markup in a text, several texts, _xHHHH_ escapes (calamine decodes
  them, openpyxl did not) or other attributes on a text: its text is read from the slice's
  XML as `cell_text.markup_text` reads it.
What calamine cannot read raises `CalamineStopped` with the first row not handed out, so that
the caller reads on from there another way.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

import python_calamine
from openpyxl.xml.functions import iterparse

from coprod_desktop.exchange.spreadsheet.cell_text import markup_text, tag_name
from coprod_desktop.exchange.spreadsheet.sheet_xml import SHEET_ROOT, XmlScanner, plain_inline

# Slices of the sheet's XML handed to calamine: big enough that making each into a workbook
# costs little, small enough that a slice's cells take a few tens of MB.
SLICE_BYTES = 4 << 20
FIRST_SLICE_BYTES = 256 << 10  # the first rows come quickly (a preview reads 30 rows)
READ_BYTES = 1 << 20
WHOLE_NUMBER = 1e15  # Excel keeps 15 digits: whole numbers below this were written without "."

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
_ROOT_RELS = (
    f'<Relationships xmlns="{_PKG_NS}"><Relationship Id="rId1" '
    f'Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


class CalamineStopped(Exception):
    """calamine could not read a slice of the sheet: read on from `row` another way."""

    def __init__(self, row: int) -> None:
        super().__init__(row)
        self.row = row


@dataclass
class BookParts:
    """What every slice's workbook takes from the workbook itself."""

    styles: bytes | None  # xl/styles.xml as it is
    date1904: bool
    shared: bytes | None  # the shared strings, each as one text element (shared_strings_xml)

    def workbook(self, sheet: bytes) -> io.BytesIO:
        """A workbook in memory, of one sheet whose XML is `sheet`."""
        relations = [
            f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/s.xml"/>'
        ]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
            book.writestr("[Content_Types].xml", _CONTENT_TYPES)
            book.writestr("_rels/.rels", _ROOT_RELS)
            system = '<workbookPr date1904="1"/>' if self.date1904 else ""
            book.writestr(
                "xl/workbook.xml",
                f'<workbook xmlns="{MAIN_NS}" xmlns:r="{_REL_NS}">{system}<sheets>'
                '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
            )
            if self.styles is not None:
                book.writestr("xl/styles.xml", self.styles)
                relations.append(
                    f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
                )
            if self.shared is not None:
                book.writestr("xl/sharedStrings.xml", self.shared)
                relations.append(
                    f'<Relationship Id="rId3" Type="{_REL_NS}/sharedStrings" '
                    'Target="sharedStrings.xml"/>'
                )
            book.writestr(
                "xl/_rels/workbook.xml.rels",
                f'<Relationships xmlns="{_PKG_NS}">{"".join(relations)}</Relationships>',
            )
            book.writestr("xl/worksheets/s.xml", sheet)
        out.seek(0)
        return out


_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def shared_strings_xml(strings: list[str]) -> bytes:
    """The shared strings as calamine reads them back unchanged: each one text element that
    keeps its spaces, with "_x" of what looks like an Excel escape escaped itself (calamine
    decodes _xHHHH_; our texts are as they were written)."""
    parts = [f'<sst xmlns="{MAIN_NS}">']
    for text in strings:
        text = text.translate(_ESCAPE)
        if "_x" in text:
            text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
        parts.append(f'<si><t xml:space="preserve">{text}</t></si>')
    parts.append("</sst>")
    return "".join(parts).encode("utf-8")


def sheet_head(start: bytes) -> tuple[bytes, bytes, bytes, int] | None:
    """From the start of a sheet's XML: the root element's start tag and the sheetData's, the
    end of both, and where the rows start; None when calamine should not read it (not UTF-8,
    no rows found where they should be)."""
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
    declared = re.match(rb"\s*<\?xml[^>]*?encoding=[\"']([\w.\-]+)", start)
    if declared and declared[1].lower() not in (b"utf-8", b"utf8"):
        return None
    root = SHEET_ROOT.search(start[:65536])
    if root is None:
        return None
    prefix = (root.group(1) + b":") if root.group(1) else b""
    root_end = start.find(b">", root.start())
    data = re.compile(rb"<" + re.escape(prefix) + rb"sheetData(\s[^>]*)?(/?)>").search(
        start, root_end
    )
    if root_end < 0 or data is None:
        return None
    head = start[root.start() : root_end + 1] + b"<" + prefix + b"sheetData>"
    tail = b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
    rows_at = data.end() if not data[2] else -1  # -1: <sheetData/>, no rows
    return head, tail, prefix, rows_at


def calamine_rows(
    stream: IO[bytes], parts: BookParts, scanner: XmlScanner | None = None
) -> Iterator[tuple[int, list]]:
    """Yield (Excel row number, values) of the rows of the sheet whose XML `stream` reads
    (not blank rows before a slice's first cell). `scanner`, if given, is fed the XML."""
    next_row = 1
    try:
        start = stream.read(READ_BYTES)
        found = sheet_head(start)
    except Exception as error:  # the same damage shows where the caller reads on
        raise CalamineStopped(next_row) from error
    if found is None:
        raise CalamineStopped(next_row)
    head, tail, prefix, rows_at = found
    if start.startswith(b"\xef\xbb\xbf"):
        start = start[3:]
    if scanner is not None:
        scanner.feed(start[:rows_at] if rows_at >= 0 else start)
    if rows_at < 0:
        return
    row_end = b"</" + prefix + b"row>"
    data_end = b"</" + prefix + b"sheetData>"
    odd = _odd_cells_test(prefix)
    buffer, ended, last = start[rows_at:], False, False
    # A slice holds the shared strings too: slices twice their size read them at most half
    # as often again as the rows.
    most = max(SLICE_BYTES, 2 * len(parts.shared or b""))
    size = FIRST_SLICE_BYTES
    while not last:
        try:
            while len(buffer) < size and not ended:
                chunk = stream.read(READ_BYTES)
                ended = not chunk
                buffer += chunk
            rows_end = buffer.find(data_end) if ended else len(buffer)
            if rows_end < 0:
                raise ValueError("the sheet's rows do not end")
            # cut after the last row's end within the slice's size (or the first, if longer)
            cut = buffer.rfind(row_end, 0, min(size, rows_end))
            if cut < 0:
                cut = buffer.find(row_end, 0, rows_end)
            if cut >= 0:
                cut += len(row_end)
                piece, rest, buffer = buffer[:cut], b"", buffer[cut:]
            elif ended:
                piece, rest, last = buffer[:rows_end], buffer[rows_end:], True
            else:
                size += SLICE_BYTES  # no row has ended yet: read more
                continue
            size = min(most, size * 2)
            sheet = head + _keeping_spaces(piece, prefix) + tail
            cells = _odd_cells(head + piece + tail) if odd(piece) else {}
            first, lead, rows = _read_slice(parts, sheet)
        except Exception as error:
            raise CalamineStopped(next_row) from error
        if scanner is not None:
            scanner.feed(piece + rest)
        padding = [None] * lead
        for number, values in enumerate(rows, start=first):
            values = padding + _as_openpyxl(values)
            for column, value in cells.get(number, ()):
                if len(values) < column:
                    values.extend([None] * (column - len(values)))
                values[column - 1] = value
            next_row = number + 1
            yield number, values


_PRESERVED = b't xml:space="preserve">'


def _odd_cells_test(prefix: bytes) -> Callable[[bytes], bool]:
    """Whether a slice holds cells calamine reads otherwise than openpyxl (see the module),
    once its plain text elements keep their spaces (`_keeping_spaces`)."""
    p = re.escape(prefix)
    error = re.compile(rb"<" + p + rb"c\s[^>]*?\bt=\"e\"")
    escape = re.compile(rb"_x[0-9A-Fa-f]{4}_")
    # a text element with attributes other than the one that keeps its spaces
    attributed = re.compile(rb"<" + p + rb"t\s(?!" + re.escape(_PRESERVED[2:]) + rb")")

    def odd(piece: bytes) -> bool:
        if b't="e"' in piece and error.search(piece):
            return True
        if b"inlineStr" not in piece:
            return False
        if b"_x" in piece and escape.search(piece):
            return True
        # Markup in a text (spaces around it), several texts, and strings not well formed,
        # which calamine reads on where openpyxl says the sheet is damaged.
        if not plain_inline(piece, prefix):
            return True
        return attributed.search(piece) is not None

    return odd


def _keeping_spaces(piece: bytes, prefix: bytes) -> bytes:
    """The slice with each text element without attributes told to keep its spaces, which
    calamine otherwise drops at its ends ("Cwm " and "Arts" in two runs read "CwmArts")."""
    if b"inlineStr" not in piece:
        return piece
    return piece.replace(b"<" + prefix + b"t>", b"<" + prefix + _PRESERVED)


def _read_slice(parts: BookParts, sheet: bytes) -> tuple[int, int, list[list]]:
    """The number of the slice's first row, the columns before its first, and its rows as
    calamine reads them."""
    book = python_calamine.CalamineWorkbook.from_filelike(parts.workbook(sheet))
    try:
        found = book.get_sheet_by_index(0)
        start = found.start
        values = found.to_python() if start is not None else []
    finally:
        book.close()
    if start is None:
        return 1, 0, []
    return start[0] + 1, start[1], values


def _as_openpyxl(row: list) -> list:
    return [
        (v or None)
        if v.__class__ is str
        else (
            int(v)
            if v.__class__ is float and v.is_integer() and -WHOLE_NUMBER < v < WHOLE_NUMBER
            else (datetime(v.year, v.month, v.day) if v.__class__ is date else v)
        )
        for v in row
    ]


def _odd_cells(sheet: bytes) -> dict[int, list[tuple[int, Any]]]:
    """By row, the (column, value) of each inline string and error cell of the sheet's XML."""
    from openpyxl.utils.cell import column_index_from_string

    cells: dict[int, list[tuple[int, Any]]] = {}
    number = column = 0
    for event, node in iterparse(io.BytesIO(sheet), events=("start", "end")):
        tag = tag_name(node)
        if event == "start":
            if tag == "row":
                ref = node.get("r")
                number = int(ref) if ref and ref.isdigit() else number + 1
                column = 0
            continue
        if tag == "c":
            ref = node.get("r")
            letters = ref.rstrip("0123456789") if ref else ""
            column = column_index_from_string(letters) if letters else column + 1
            kind = node.get("t")
            if kind == "inlineStr":
                inline = next((c for c in node if tag_name(c) == "is"), None)
                text = markup_text(inline) if inline is not None else None
                cells.setdefault(number, []).append((column, text))
            elif kind == "e":
                value = next((c for c in node if tag_name(c) == "v"), None)
                text = value.text if value is not None else None
                cells.setdefault(number, []).append((column, text))
        elif tag == "row":
            node.clear()
    return cells
