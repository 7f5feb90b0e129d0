"""The format of a CSV of the reference population: the names its columns, questions and groups
may be given by, and writing it.

`write_reference_csv` writes the format with labels and percentages, in UTF-8 with the mark
Excel needs to read accented and Welsh letters; `reference_csv` reads it back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from coprod_desktop.domain.equality import QUESTIONS, QUESTIONS_BY_KEY, Answer, Question
from coprod_desktop.domain.records import ReferenceShare

# The names a column may be called by (case, spaces and dashes do not count).
QUESTION_NAMES = {
    "question",
    "characteristic",
    "protected characteristic",
    "topic",
    "equality question",
    "variable",
}
GROUP_NAMES = {"group", "answer", "category", "response", "option"}
FRACTION_NAMES = {"share", "proportion", "fraction", "value"}
PERCENT_NAMES = {"percentage", "percent", "per cent", "pct", "%"}
SOURCE_NAMES = {"source", "sources", "reference"}
COLUMNS = ("question", "group", "share", "source")  # the columns of the format


def normalise(text: str) -> str:
    """Fold a name for matching: case, spaces, underscores and dashes do not count."""
    return re.sub(r"[\s_\-–]+", " ", text.replace("\u00a0", " ")).strip().casefold()


_QUESTION_LOOKUP: dict[str, Question] = {}
for _question in QUESTIONS:
    _QUESTION_LOOKUP[normalise(_question.key)] = _question
    _QUESTION_LOOKUP[normalise(_question.label)] = _question


def find_question(text: str) -> Question | None:
    """Return the question whose code or label is `text` (forgiving case and spaces)."""
    return _QUESTION_LOOKUP.get(normalise(text))


def find_answer(question: Question, text: str) -> Answer | None:
    """Return the answer to `question` whose code or label is `text`."""
    wanted = normalise(text)
    for answer in question.answers:
        if wanted in (normalise(answer.code), normalise(answer.label)):
            return answer
    return None


def column_kind(header: str) -> str | None:
    """What a header names: "question", "group", "fraction", "percent", "source", or None."""
    name = normalise(header.strip().strip('"'))
    bare = re.sub(r"\s*\(.*\)\s*$", "", name)  # "Share (%)", "Percentage (2021)"
    if "%" in name or "percent" in name or bare in PERCENT_NAMES:
        return "percent"
    for kind, names in (
        ("question", QUESTION_NAMES),
        ("group", GROUP_NAMES),
        ("fraction", FRACTION_NAMES),
        ("source", SOURCE_NAMES),
    ):
        if bare in names:
            return kind
    return None


def _percent_text(share: float) -> str:
    return format(round(share * 100, 6), "g")


def write_reference_csv(
    path: Path | str, shares: Iterable[ReferenceShare], *, every_group: bool = False
) -> Path:
    """Write `shares` as a CSV that Excel opens and `read_reference_csv` reads back.

    Columns question, group, percentage and source, by their labels, one row per group in
    the order of the questions. With `every_group`, groups without a figure get a row with an
    empty percentage, to be filled in. UTF-8 with a byte order mark, so that Excel shows "Tŷ"
    and "£" as written.
    """
    path = Path(path)
    given = {(s.question, s.group): s for s in shares}
    lines: list[list[str]] = [["question", "group", "percentage", "source"]]
    for question in QUESTIONS:
        for answer in question.answers:
            share = given.pop((question.key, answer.code), None)
            if share is not None:
                lines.append(
                    [question.label, answer.label, _percent_text(share.share), share.source]
                )
            elif every_group:
                lines.append([question.label, answer.label, "", ""])
    for share in given.values():  # not one of today's questions: kept as written
        question = QUESTIONS_BY_KEY.get(share.question)
        lines.append(
            [
                question.label if question else share.question,
                share.group,
                _percent_text(share.share),
                share.source,
            ]
        )
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    return path
