"""A quick scan of a sheet's XML for what openpyxl's read-only mode does not tell: formula cells
(and those without a saved value), the last row, merged cells, inline strings it would not read
whole."""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass, field
from typing import IO

from openpyxl.utils import range_boundaries


@dataclass
class XmlScan:
    formulas: int = 0
    uncalculated: int = 0
    last_row: int = 0  # the number of the last row element
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min col, row, max...
    nested_text: bool = False  # an inline string openpyxl would not read whole (see read_whole)


SHEET_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?worksheet[\s>/]")
MERGE_ROWS = 1000  # merged cells below this row cannot touch a header row: not kept


def row_number_pattern(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<" + re.escape(prefix) + rb"row\s[^>]*?\br=\"(\d+)\"")


@functools.lru_cache(maxsize=8)
def nested_text(prefix: bytes) -> re.Pattern[bytes]:
    """A text element with another element inside it: <t>Si<b>â</b>n</t>. (Starting with the
    element's own name, the pattern is looked for as quickly as plain bytes.)"""
    return re.compile(rb"<" + re.escape(prefix) + rb"t(?:\s[^>]*)?>[^<]*<(?!/)")


def plain_inline(piece: bytes, prefix: bytes) -> bool:
    """Whether every inline string of `piece` is one text element alone, <is><t>..</t></is>, as
    Excel and our exports write them: counting is much quicker than matching each string.

    Each string ends with a text element's end, and there are as many texts as strings
    (or a string is odd, and a text more), so each holds one text, directly inside it; and no
    text holds an element. Strings written otherwise are left to the patterns.
    """
    strings = piece.count(b"<" + prefix + b"is>")
    return (
        strings == piece.count(b"</" + prefix + b"t></" + prefix + b"is>")
        and strings == piece.count(b"<" + prefix + b"t")  # <t>, <t ...> (and <tableParts>)
        and not nested_text(prefix).search(piece)
    )


def inline_patterns(prefix: bytes) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    """Patterns of the start of an inline string, and of a whole one openpyxl reads whole
    (as `read_whole`): one text without markup in it, then runs of a format and one text.

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


class XmlScanner:
    """Counts formulas and finds merges in pieces of a sheet's XML, fed in order, each cut
    after a cell's end (so that no formula is split); `scan` holds what was found so far."""

    def __init__(self, *, inline: bool = True) -> None:
        self.inline = inline  # look for inline strings openpyxl would not read whole
        self.scan = XmlScan()
        self.prefix = b""
        self._started = False

    def _start(self, head: bytes) -> None:
        found = SHEET_ROOT.search(head[:65536])
        self.prefix = prefix = (found.group(1) + b":") if found and found.group(1) else b""
        p = re.escape(prefix)
        # group 1 matches when no value (or an empty one) follows before the cell's end
        self._formula = re.compile(
            rb"<" + p + rb"f(?:\s[^>]*)?(?:/>|>[^<]*</" + p + rb"f>)"
            rb"(\s*(?:<" + p + rb"v\s*/>|<" + p + rb"v>\s*</" + p + rb"v>)?\s*</" + p + rb"c>)?"
        )
        self._merge = re.compile(
            rb"<" + p + rb"mergeCell\s[^>]*?ref=\"([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)\""
        )
        self._formula_start = b"<" + prefix + b"f"
        self._row_start = b"<" + prefix + b"row "
        self._row_number = row_number_pattern(prefix)
        self._inline_start, self._inline_whole = inline_patterns(prefix)
        self._started = True

    def feed(self, piece: bytes) -> None:
        if not self._started:
            self._start(piece)
        scan, prefix = self.scan, self.prefix
        at = piece.rfind(self._row_start)
        last = self._row_number.match(piece, at) if at >= 0 else None
        if last is not None:
            scan.last_row = int(last[1])
        if self._formula_start in piece:
            found_all = self._formula.findall(piece)
            scan.formulas += len(found_all)
            scan.uncalculated += len(found_all) - found_all.count(b"")
        if (
            self.inline
            and not scan.nested_text
            and b"inlineStr" in piece
            and not plain_inline(piece, prefix)
        ):
            # Matches never overlap and each holds one start: equal counts, all read whole.
            starts = len(self._inline_start.findall(piece))
            scan.nested_text = starts != len(self._inline_whole.findall(piece))
        if b"mergeCell" in piece:
            for ref in self._merge.findall(piece):
                with contextlib.suppress(ValueError, TypeError):
                    bounds = range_boundaries(ref.decode("ascii"))
                    if bounds[1] <= MERGE_ROWS:
                        scan.merges.append(bounds)  # type: ignore[arg-type]


def scan_sheet_xml(stream: IO[bytes]) -> XmlScan:
    """Count the formula cells of a sheet's XML, and those without a saved value; find merges.

    The XML is read in pieces cut after a cell's end, so no formula is split; only a piece's
    formulas are matched against the slower pattern that sees whether a value follows.
    """
    scanner = XmlScanner()
    cell_end = b"</c>"
    rest = b""
    first = True
    while True:
        chunk = stream.read(1 << 20)
        buffer = rest + chunk
        if first:
            scanner._start(buffer)
            cell_end = b"</" + scanner.prefix + b"c>"
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
        scanner.feed(piece)
        if not chunk:
            return scanner.scan
