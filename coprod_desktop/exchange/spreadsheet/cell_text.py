"""The text of a workbook's shared and inline strings as Excel shows it, markup and all; and
openpyxl's reader of a workbook, which reads them so (and opens sheets without reading them)."""

from __future__ import annotations

import contextlib
import re
from typing import IO, Any

from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import iterparse


def tag_name(node: Any) -> str:
    """An element's name without its namespace; "" for a comment."""
    return node.tag.rpartition("}")[2] if isinstance(node.tag, str) else ""


_NOT_TEXT = frozenset({"rPh", "phoneticPr", "rPr"})  # reading hints and formats of a text


def markup_text(node: Any) -> str:
    """The text of a shared or inline string as Excel shows it: all its text elements' text,
    in runs or not, with the text of markup nested in them or around them, without reading
    hints (rPh)."""
    parts = []
    for child in node:
        tag = tag_name(child)
        if tag == "t":
            parts.append("".join(child.itertext()))
        elif tag and tag not in _NOT_TEXT:
            parts.append(markup_text(child))
    return "".join(parts)


def read_whole(node: Any) -> bool:
    """Whether openpyxl reads this inline string's whole text: one text element, then runs of
    at most one each (and reading hints), no element nested in a text or around one."""
    runs = texts = False
    for child in node:
        tag = tag_name(child)
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
    texts = [child for child in run if tag_name(child) not in ("rPr", "")]
    return not texts or (len(texts) == 1 and tag_name(texts[0]) == "t" and not len(texts[0]))


# The size a sheet declares, before its rows: <dimension ref="A1:H200"/>
DIMENSION = re.compile(rb"<(?:[\w.\-]+:)?dimension\s[^>]*?ref=\"([A-Za-z0-9:$]+)\"")


class _SheetSizedQuickly(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, whose size is looked for only where it is written, before
    the rows: openpyxl reads a sheet that declares none (our exports) to its end on opening."""

    def _get_size(self) -> None:
        with self._get_source() as source:
            start = source.read(65536)
        found = DIMENSION.search(start)
        if found is not None:
            with contextlib.suppress(ValueError, TypeError):
                bounds = range_boundaries(found[1].decode("ascii"))
                self._min_column, self._min_row, self._max_column, self._max_row = bounds


class BookReader(ExcelReader):
    """openpyxl's reader of a workbook in read-only mode, but for the shared strings, read as
    Excel shows them, and the sheets' sizes, found without reading their rows.

    openpyxl keeps only one text element of a string (or its runs), and of that only the text
    before an element nested in it: "Si<b>â</b>n" would be "Si", <x><t>Siân</t></x> nothing.
    """

    def read_worksheets(self) -> None:
        # openpyxl's own, for read-only mode (openpyxl 3.1), with the sheet above
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            rels_path = get_rels_path(rel.target)
            if rels_path in self.valid_files:
                get_dependents(self.archive, rels_path)  # as openpyxl: a damaged part says so
            ws = _SheetSizedQuickly(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)

    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)
        if found is not None:
            with self.archive.open(found.PartName[1:]) as stream:
                self.shared_strings = _shared_strings(stream)


def _shared_strings(stream: IO[bytes]) -> list[str]:
    strings: list[str] = []
    depth = 0
    for event, node in iterparse(stream, events=("start", "end")):
        if tag_name(node) != "si":
            continue
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            strings.append(markup_text(node).replace("x005F_", ""))  # as openpyxl
            node.clear()
    return strings
