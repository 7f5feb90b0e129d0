"""The area's reference population as a CSV of question, group and share, read and written.

A council officer makes such a file from the local authority's Census 2021 tables, in Excel or
by hand, so the reader is forgiving: the columns may be called by several names and come in any
order, questions and groups may be given by their codes or their labels (in any case and
spacing), shares as fractions (0.072) or percentages (7.2% or 7.2), and the file may be UTF-8
(with or without the mark Excel puts at its start), UTF-16 or Windows-1252, separated by commas,
semicolons or tabs. Anything it cannot read is refused with a `ReferenceCsvError` that names the
file, row and column, what is wrong and what to do. Reading never touches an audit.

`write_reference_csv` (in `reference_format`, with the names the columns may have) writes the
same format, with labels and percentages, in UTF-8 with the mark Excel needs to read accented
and Welsh letters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coprod_desktop.domain.equality import QUESTIONS, Answer, Question
from coprod_desktop.domain.records import ReferenceShare
from coprod_desktop.exchange.errors import FileProblem
from coprod_desktop.exchange.importing.reference_format import (
    column_kind,
    find_answer,
    find_question,
    write_reference_csv,
)
from coprod_desktop.exchange.spreadsheet.reader import (
    CSV_DELIMITERS,
    HEAD_BYTES,
    CsvFile,
    SpreadsheetError,
    binary_kind,
)

# Shares of one question may add up to a little over 100% through rounding of each group.
MOST_TOTAL = 1.01
# Below this, the file leaves out some of the population: accepted, with a note.
ABOUT_ALL = 0.99
HEADER_SEARCH_ROWS = 20  # a title or notes may come before the header row
# A table of shares has a few hundred rows at most; a bigger file is the wrong file.
MAX_BYTES = 5_000_000

__all__ = [  # what the dialog and the tests import from here
    "ABOUT_ALL",
    "MOST_TOTAL",
    "ReferenceCsvError",
    "ReferenceTable",
    "read_reference_csv",
    "write_reference_csv",
]


class ReferenceCsvError(FileProblem, ValueError):
    """A CSV of the reference population could not be read; the message says where and why.

    `path`, `row` (as Excel numbers rows, from 1) and `column` (a letter, as in Excel) locate
    the problem when it has a place; `problem` says what is wrong and `advice` what to do.
    """

    def __init__(
        self,
        path: Path,
        problem: str,
        advice: str = "",
        *,
        row: int | None = None,
        column: str | None = None,
        rows: Iterable[int] = (),
    ) -> None:
        self.rows = tuple(rows)
        super().__init__(path, problem, advice, row=row, column=column)

    def _places(self) -> list[str]:
        if self.row is None and self.rows:
            return [_rows_text(self.rows)]
        return super()._places()


@dataclass(frozen=True)
class ReferenceTable:
    """The shares read from a file, in the order of the questions and their answers.

    `notes` say what the reader accepted but a person should know (groups left out, rows
    skipped). `questions` are the keys of the questions the file gives figures for.
    """

    shares: tuple[ReferenceShare, ...]
    notes: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(share.question for share in self.shares))

    @property
    def source(self) -> str:
        """The sources named in the file, each once, joined by "; " ("" when none)."""
        return "; ".join(dict.fromkeys(s.source for s in self.shares if s.source))


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _rows_text(rows: Iterable[int]) -> str:
    rows = sorted(set(rows))
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]} to {rows[-1]}"
    return "rows " + ", ".join(str(r) for r in rows[:-1]) + f" and {rows[-1]}"


def _quoted(items: Iterable[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


def _shown(text: str) -> str:
    """A cell as a message quotes it: on one line, and not too long."""
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


# -- reading ---------------------------------------------------------------------------------


def _open(path: Path) -> CsvFile:
    """Open the file with the spreadsheet reader's CSV reading (the same encodings, separators
    and problems as an import), after the checks whose words are about a table of shares."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReferenceCsvError(
                path,
                f"the file is too large for a table of shares ({size / 1_000_000:.0f} MB).",
                "Choose the CSV file with a row for each group: question, group and share.",
            )
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
    except OSError as error:
        raise ReferenceCsvError(
            path,
            f"the file could not be read ({error.strerror or error}).",
            "Check that it still exists and that you may open it.",
        ) from error
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise ReferenceCsvError(
            path,
            "this is an Excel workbook or another zipped file, not a CSV file.",
            "In Excel, use File > Save As and choose 'CSV UTF-8 (Comma delimited)', "
            "then import that file.",
        )
    if binary_kind(head) is not None:
        raise ReferenceCsvError(
            path,
            "this is not a CSV file: it holds binary data, not text.",
            "Choose a CSV file with the columns question, group and share "
            "(in Excel: File > Save As, 'CSV UTF-8').",
        )
    try:
        return CsvFile.open(path, head, size, blank_ok=True)
    except SpreadsheetError as error:
        raise _refused(path, error) from error


def _refused(path: Path, error: SpreadsheetError) -> ReferenceCsvError:
    """The spreadsheet reader's problem, in its words, as a problem of this file."""
    return ReferenceCsvError(path, error.problem, error.advice, row=error.row, column=error.column)


def _records(path: Path, csv_file: CsvFile, delimiter: str) -> list[list[str]]:
    """Every record of the file (blank ones too, so that index + 1 is the row number)."""
    try:
        return [
            ["" if cell is None else cell for cell in cells]
            for _, cells in csv_file.records(delimiter)
        ]
    except SpreadsheetError as error:
        raise _refused(path, error) from error


@dataclass
class _Layout:
    header_row: int | None  # index of the header row in the records (None: no header)
    columns: dict[str, int]  # question, group, fraction|percent, source -> index
    names: dict[str, str]  # the same -> the header as written (for messages)


def _find_header(records: list[list[str]]) -> _Layout | None:
    seen = 0
    for index, record in enumerate(records):
        if not any(cell.strip() for cell in record):
            continue
        seen += 1
        if seen > HEADER_SEARCH_ROWS:
            break
        columns: dict[str, int] = {}
        names: dict[str, str] = {}
        for position, cell in enumerate(record):
            kind = column_kind(cell)
            if kind and kind not in columns:
                if kind in ("fraction", "percent") and (
                    "fraction" in columns or "percent" in columns
                ):
                    continue
                columns[kind] = position
                names[kind] = cell.strip()
        if (
            "question" in columns
            and "group" in columns
            and ("fraction" in columns or "percent" in columns)
        ):
            return _Layout(index, columns, names)
    return None


def _headerless(records: list[list[str]]) -> _Layout | None:
    """A file without a header whose first row is plainly question, group, share."""
    first = next((r for r in records if any(c.strip() for c in r)), None)
    if first is None or len(first) < 3:
        return None
    question = find_question(first[0])
    if question is None or find_answer(question, first[1]) is None:
        return None
    if first[2].strip() and _number(first[2], ",") is None:
        return None
    columns = {"question": 0, "group": 1, "fraction": 2}
    names = {"question": "question", "group": "group", "fraction": "share"}
    if len(first) > 3:
        columns["source"] = 3
        names["source"] = "source"
    return _Layout(None, columns, names)


def _number(text: str, delimiter: str) -> tuple[float, bool] | None:
    """Return (value, written with a % sign) or None when `text` is not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if delimiter != "," and re.fullmatch(r"[-+]?\d*,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")  # a decimal comma, as Excel writes in Europe
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return value, percent


@dataclass
class _Row:
    number: int  # as Excel numbers it
    question: Question
    answer: Answer
    value: float
    percent: bool
    source: str


def _layout(path: Path, csv_file: CsvFile) -> tuple[list[list[str]], _Layout, str]:
    """The records, where the columns are, and the separator: the one the spreadsheet reader
    guesses, else the others, the most used in the first line first."""
    records = _records(path, csv_file, csv_file.delimiter)
    first = next((r for r in records if any(c.strip() for c in r)), None)
    if first is None:
        raise ReferenceCsvError(
            path,
            "the file is empty.",
            "Choose a CSV file with a row for each group: question, group and share.",
        )
    line = csv_file.delimiter.join(first)
    others = [d for d in CSV_DELIMITERS if d != csv_file.delimiter]
    for delimiter in [csv_file.delimiter, *sorted(others, key=lambda d: -line.count(d))]:
        if delimiter != csv_file.delimiter:
            records = _records(path, csv_file, delimiter)
        layout = _find_header(records) or _headerless(records)
        if layout is not None:
            return records, layout, delimiter
    raise ReferenceCsvError(
        path,
        "no header row names the columns for the question, the group and the share.",
        "Put the column names question, group and share (and, if you like, source) in the "
        "first row; 'percentage' is fine instead of 'share'.",
        row=1,
    )


def read_reference_csv(path: Path | str) -> ReferenceTable:
    """Return the shares in the CSV at `path`, or raise ReferenceCsvError saying what is wrong.

    A question's numbers are read as percentages when they carry a % sign, when the column is
    called percentage, or when the numbers of any question add up to more than 1 (fractions
    cannot); otherwise as fractions. A share left empty means no figure for that group.
    """
    path = Path(path)
    with _open(path) as csv_file:
        records, layout, delimiter = _layout(path, csv_file)
        encoding_notes = csv_file.warnings
    rows, notes = _rows(path, records, layout, delimiter)
    notes[:0] = encoding_notes
    if not rows:
        raise ReferenceCsvError(
            path,
            "there are no figures under the header.",
            "Fill in a share for each group, e.g. 'Ethnic group, White, 86.2%'.",
        )
    return _table(path, rows, layout, notes)


def _rows(
    path: Path, records: list[list[str]], layout: _Layout, delimiter: str
) -> tuple[list[_Row], list[str]]:
    columns, names = layout.columns, layout.names
    share_kind = "percent" if "percent" in columns else "fraction"
    start = 0 if layout.header_row is None else layout.header_row + 1

    def cell(record: list[str], kind: str) -> str:
        at = columns.get(kind)
        return record[at].strip() if at is not None and at < len(record) else ""

    def where(kind: str) -> str:
        return f"{_letter(columns[kind])} ({names[kind]})"

    rows: list[_Row] = []
    notes: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for index in range(start, len(records)):
        record = records[index]
        number = index + 1
        question_text = cell(record, "question")
        group_text = cell(record, "group")
        share_text = cell(record, share_kind)
        if not group_text and not share_text:
            if question_text:
                notes.append(f"Row {number} was skipped: it names no group and no share.")
            continue
        if not question_text:
            raise ReferenceCsvError(
                path,
                "the question is empty.",
                "Say which equality question the row is about, e.g. 'Ethnic group'.",
                row=number,
                column=where("question"),
            )
        question = find_question(question_text)
        if question is None:
            raise ReferenceCsvError(
                path,
                f"'{_shown(question_text)}' is not one of the equality questions.",
                f"Use one of: {_quoted(q.label for q in QUESTIONS)}.",
                row=number,
                column=where("question"),
            )
        if not group_text:
            raise ReferenceCsvError(
                path,
                "the group is empty.",
                f"Name one of the answers to '{question.label}': "
                f"{_quoted(a.label for a in question.answers)}.",
                row=number,
                column=where("group"),
            )
        answer = find_answer(question, group_text)
        if answer is None:
            raise ReferenceCsvError(
                path,
                f"'{_shown(group_text)}' is not an answer to '{question.label}'.",
                f"Use one of: {_quoted(a.label for a in question.answers)}.",
                row=number,
                column=where("group"),
            )
        if not share_text:
            continue  # no figure for this group
        parsed = _number(share_text, delimiter)
        if parsed is None:
            raise ReferenceCsvError(
                path,
                f"'{_shown(share_text)}' is not a number.",
                "Write the share as a fraction (0.072) or a percentage (7.2%).",
                row=number,
                column=where(share_kind),
            )
        value, percent = parsed
        percent = percent or share_kind == "percent"
        if value < 0:
            raise ReferenceCsvError(
                path,
                f"the share {share_text} is below zero.",
                "A share is between 0 and 100%.",
                row=number,
                column=where(share_kind),
            )
        if value > 100:
            raise ReferenceCsvError(
                path,
                f"the share {share_text} is more than 100%.",
                "A share is between 0 and 100%; if these are numbers of people, turn them "
                "into percentages of the area's population first.",
                row=number,
                column=where(share_kind),
            )
        key = (question.key, answer.code)
        if key in seen:
            raise ReferenceCsvError(
                path,
                f"'{answer.label}' of '{question.label}' is given twice "
                f"(rows {seen[key]} and {number}).",
                "Keep one of the two rows.",
                row=number,
                column=where("group"),
            )
        seen[key] = number
        rows.append(_Row(number, question, answer, value, percent, cell(record, "source")))
    return rows, notes


def _table(path: Path, rows: list[_Row], layout: _Layout, notes: list[str]) -> ReferenceTable:
    by_question: dict[str, list[_Row]] = {}
    for row in rows:
        by_question.setdefault(row.question.key, []).append(row)
    # Plain numbers are percentages if fractions cannot explain them: some question's plain
    # numbers add up to more than a whole. One reading for the whole file, as people fill in
    # a file one way.
    plain_totals = [sum(r.value for r in group if not r.percent) for group in by_question.values()]
    plain_percent = any(total > MOST_TOTAL for total in plain_totals)
    share_column = next(k for k in ("percent", "fraction") if k in layout.columns)
    column = f"{_letter(layout.columns[share_column])} ({layout.names[share_column]})"

    shares: list[ReferenceShare] = []
    for question in QUESTIONS:
        group = by_question.get(question.key)
        if not group:
            continue
        fractions = {
            r.answer.code: round(r.value / 100, 10) if (r.percent or plain_percent) else r.value
            for r in group
        }
        total = sum(fractions.values())
        if total > MOST_TOTAL + 1e-9:
            raise ReferenceCsvError(
                path,
                f"the shares of '{question.label}' add up to {_percent(total)}, more than 100%.",
                "Check for a group counted twice or a wrong figure; if these are numbers of "
                "people, turn them into percentages of the area's population first.",
                rows=[r.number for r in group],
                column=column,
            )
        if total < ABOUT_ALL:
            missing = [f"'{a.label}'" for a in question.answers if a.code not in fractions]
            if missing:
                listed = ", ".join(missing[:-1]) + " and " if len(missing) > 1 else ""
                why = f"the file has no figure for {listed}{missing[-1]}."
            else:
                why = "check the figures if the whole population should be there."
            notes.append(
                f"The shares of '{question.label}' add up to {_percent(total)}, not 100%: {why}"
            )
        for answer in question.answers:
            if answer.code in fractions:
                source = next(r.source for r in group if r.answer.code == answer.code)
                shares.append(
                    ReferenceShare(
                        question=question.key,
                        group=answer.code,
                        share=fractions[answer.code],
                        source=source,
                    )
                )
    return ReferenceTable(tuple(shares), tuple(notes))
