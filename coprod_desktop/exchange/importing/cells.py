"""Reading one cell of an import: a parser per column, and when a value counts as changed.

The parsing itself is `exchange.values` (UK dates, yes/no variants, labels of coded values,
several values in a cell). This module picks the parser for each column of `exchange.layout`
and remembers the answers for values that repeat (a column of Yes and No, a few dozen labels,
dates): a large workbook has millions of cells but few distinct coded values. A sheet's own
values mapped onto ours (`SheetMapping.values`: "Listed" is "Active") are turned into ours
before the cell is read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.vocabulary import NOT_ASSESSED_LABEL, RATING_LABELS, STRENGTH_LABELS
from coprod_desktop.exchange import values as V
from coprod_desktop.exchange.importing.capability_columns import (
    is_capability_key,
    parse_capabilities,
)
from coprod_desktop.exchange.importing.mapping import squash
from coprod_desktop.exchange.workbook.columns import Column, Kind

Parser = Callable[[Any], Any]
ValueProblem = V.ValueProblem
# Remembered answers per column; a column of free text is never remembered.
CACHE_LIMIT = 20_000
MAX_CELL_TEXT = 32_767  # what Excel holds in a cell: an export shortens longer text


def _text(raw: Any) -> str:
    # Most cells are text already: skip the call for them.
    if type(raw) is str:
        return raw.strip()
    return V.parse_text(raw)


def _equality_parser(column: Column) -> Parser:
    question = QUESTIONS_BY_KEY[column.code]
    answers = {}
    for answer in question.answers:
        answers[squash(answer.label)] = answer.code
        answers[squash(answer.code)] = answer.code

    def parse(raw: Any) -> str | None:
        text = V.parse_text(raw)
        if not text:
            return None
        code = answers.get(squash(text))
        if code is None:
            choices = "; ".join(a.label for a in question.answers)
            raise ValueProblem(
                f"'{_short(text)}' is not an answer to the question on {question.label.lower()}",
                f"Use one of: {choices}; or leave it empty.",
            )
        return code

    return parse


_RATING_LABELS = {int(score): label for score, label in RATING_LABELS.items()}


def _rating(raw: Any) -> int | None:
    if isinstance(raw, str) and squash(raw) == squash(NOT_ASSESSED_LABEL):
        return None
    return V.parse_int(raw, 1, 5, labels=_RATING_LABELS)


def _strength(raw: Any) -> int | None:
    return V.parse_int(raw, 0, 3, labels=STRENGTH_LABELS)


def _short(text: str, most: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _remembered(parse: Parser) -> Parser:
    """Wrap `parse` so that each distinct raw value is parsed once (errors too)."""
    cache: dict[tuple[type, Any], tuple[bool, Any]] = {}

    def parse_remembered(raw: Any) -> Any:
        # Keyed with the type: True, 1 and 1.0 are equal as keys but not as cells.
        key = (type(raw), raw)
        try:
            ok, value = cache[key]
        except KeyError:
            try:
                ok, value = True, parse(raw)
            except ValueProblem as problem:
                ok, value = False, problem
            except TypeError:  # an unhashable value: never from a reader, but be safe
                return parse(raw)
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            cache[key] = (ok, value)
        if ok:
            return value
        raise value

    return parse_remembered


def fold_value(text: Any) -> str:
    """A sheet's value as `SheetMapping.values` matches it: trimmed, no case, single spaces."""
    return " ".join(V.parse_text(text).casefold().split())


def folded_table(values: Mapping[str, str] | None) -> dict[str, str]:
    """A value mapping keyed by folded value (empty values left out)."""
    return {
        fold_value(theirs): ours for theirs, ours in (values or {}).items() if fold_value(theirs)
    }


def _mapped(parse: Parser, table: dict[str, str], several: bool) -> Parser:
    """Wrap `parse` so that a value of the sheet's own is read as ours; with `several` (a cell
    of several choices) each value in the cell too."""

    def parse_mapped(raw: Any) -> Any:
        if raw is None:
            return parse(raw)
        ours = table.get(fold_value(raw))
        if ours is not None:
            return parse(ours)
        if several:
            parts = V.split_multi(raw)
            if any(fold_value(part) in table for part in parts):
                return parse("; ".join(table.get(fold_value(p), p) for p in parts))
        return parse(raw)

    return parse_mapped


def parser_for(column: Column, values: Mapping[str, str] | None = None) -> Parser:
    """Return the function that turns a raw cell of `column` into the field's value.

    It raises `ValueProblem` (plain problem and advice) for a value it cannot read. `values`
    maps the sheet's own values onto ours (their value -> our value text, matched after
    `fold_value`), applied before reading."""
    table = folded_table(values)
    parse = _parser(column)
    if not table:
        return parse
    return _remembered(_mapped(parse, table, column.kind is Kind.CHOICES))


def _parser(column: Column) -> Parser:
    kind = column.kind
    if is_capability_key(column.key):
        return parse_capabilities  # free text: not remembered
    if kind in (Kind.ID, Kind.REF, Kind.REF_NAME, Kind.TEXT, Kind.LONG_TEXT):
        return _text
    if kind is Kind.DATE:
        parse = V.parse_date
    elif kind in (Kind.YES_NO, Kind.HAT):
        parse = V.parse_yes_no
    elif kind is Kind.CHOICE:
        vocabulary = column.choices

        def parse(raw: Any) -> Any:
            return V.parse_choice(vocabulary, raw)

    elif kind is Kind.CHOICES:
        vocabulary = column.choices

        def parse(raw: Any) -> Any:
            return V.parse_choices(vocabulary, raw)

    elif kind is Kind.WORDS:
        parse = V.parse_words
    elif kind is Kind.STRENGTH:
        parse = _strength

    elif kind is Kind.RATING:
        parse = _rating
    elif kind is Kind.EQUALITY:
        parse = _equality_parser(column)
    else:  # a new Kind without a reader
        raise ValueError(f"no parser for column kind {kind}")
    return _remembered(parse)


def same_text(new: str, old: str) -> bool:
    """Whether a text read back from a workbook is the text stored (not a change).

    Reading strips spaces at the ends, a workbook turns line breaks into one kind, and an
    export shortens text longer than a cell of Excel holds."""
    if new == old:
        return True
    if not isinstance(old, str):
        return False
    tidy = old.replace("\r\n", "\n").replace("\r", "\n").strip()
    if new.replace("\r\n", "\n").replace("\r", "\n") == tidy:
        return True
    return len(old) > MAX_CELL_TEXT and new.endswith("…") and tidy.startswith(new[:-1].rstrip())


def same_items(new: tuple, old: tuple) -> bool:
    """Several values in a cell: the same ones in another order are no change."""
    return new == old or set(new) == set(old)
