"""CSV files: the separator guessed (commas, semicolons or tabs), records read as the rows of
one sheet, a quotation mark never closed refused with its line."""

from __future__ import annotations

import collections
import contextlib
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from coprod_desktop.exchange.spreadsheet.csv_text import (
    HEAD_BYTES,
    MIXED,
    TextCheck,
    csv_encoding,
    decode_line,
    mixed_text_lines,
    split_lines,
)
from coprod_desktop.exchange.spreadsheet.problems import SAVE_AS_XLSX, SpreadsheetError, os_error
from coprod_desktop.exchange.spreadsheet.sheets import SheetReader, SheetRows, Spreadsheet

CSV_DELIMITERS = ",;\t"


class CsvFile(Spreadsheet):
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
    def open(cls, path: Path, head: bytes, size: int, *, blank_ok: bool = False) -> CsvFile:
        """Open the text file at `path` (`head`: its first HEAD_BYTES bytes, `size`: its size).

        With `blank_ok`, a file of nothing but blank lines opens, for a caller that says so
        in its own words; otherwise it is refused.
        """
        check = csv_encoding(path, head)
        encoding = "utf-8-sig" if check.encoding == MIXED else check.encoding
        try:
            with path.open(encoding=encoding, errors="replace", newline="") as stream:
                sample = stream.read(HEAD_BYTES)
        except OSError as error:
            raise os_error(path, error) from error
        if not sample.strip() and not blank_ok:
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
                SAVE_AS_XLSX,
            )
        return cls(path, check, _sniff(sample, size > len(head)))

    @property
    def delimiter(self) -> str:
        """The separator of the cells, as guessed from the first lines."""
        return self._dialect.delimiter

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
        reader = SheetReader(self.path, name, self.records())
        rows = reader.start(known_headers, ())
        rows.kind = "csv"
        rows.total_rows = self._lines or None
        return rows

    def _quote_left_open(self, count: int, dialect: _Dialect) -> bool:
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
        return _ends_in_quotes(tail.removeprefix("\ufeff"), dialect)

    def records(self, delimiter: str | None = None) -> Iterator[tuple[int, list]]:
        """Yield (Excel row number, cells) of every record of the file, blank ones included,
        an empty cell as None; separated by `delimiter` if given, else as guessed.

        Raises SpreadsheetError for a quotation mark never closed, or a line that cannot be read.
        """
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
            raise os_error(self.path, error) from error
        self._open.add(stream)
        number = 0
        try:
            dialect = self._dialect
            if delimiter is not None and delimiter != dialect.delimiter:
                dialect = _Dialect(delimiter, False)
            lines = mixed_text_lines(stream, self._check.separator) if encoding == MIXED else stream
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
            if last and self._quote_left_open(after - before, dialect):
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
            raise os_error(self.path, error) from error
        except ValueError as error:  # reading a closed file
            if self._closed:
                raise ValueError("the spreadsheet was closed while its rows were read") from error
            raise
        finally:
            stream.close()
            self._open.discard(stream)


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
                lines = list(split_lines(data, separator))
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
