"""How the bytes of a text file are decoded: UTF-8 (with or without the mark Excel puts at the
start), UTF-16, UTF-32 or Windows-1252, or line by line when lines not in UTF-8 come among UTF-8
ones, with a note naming them."""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from coprod_desktop.exchange.spreadsheet.problems import os_error

HEAD_BYTES = 65_536
MIXED = "mixed"  # UTF-8, with some lines in Windows-1252: each line decoded on its own
LINES_NAMED = 3  # lines in another encoding named in a note


def utf16_without_mark(head: bytes) -> str | None:
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


def _separator(head: bytes) -> bytes:
    """The line break a file's lines end with: "\n" (Windows and Linux), or "\r" alone."""
    return b"\r" if b"\n" not in head and b"\r" in head else b"\n"


def split_lines(data: bytes, separator: bytes) -> Iterator[bytes]:
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
            yield from split_lines(rest[:cut], separator)
            rest = rest[cut:]
    if rest:
        yield rest


def mixed_text_lines(stream: IO[bytes], separator: bytes) -> Iterator[str]:
    first = True
    for raw in _stream_lines(stream, separator):
        line = decode_line(raw)
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line


def csv_encoding(path: Path, head: bytes) -> TextCheck:
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
        encoding = utf16_without_mark(head) or ""
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
        raise os_error(path, error) from error
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
