"""Turn the cells of a spreadsheet, as people fill them in, into the values of an audit.

Each `parse_*` function takes a cell as `spreadsheet_file` reads it (None, text, a number, a
date, True/False) and returns the value, or raises `ValueProblem` saying what is wrong with the
cell and how to write it. They are forgiving in the ways people are: UK dates in any common form
(03/04/2025 is 3 April), Excel's date serial numbers, Yes/No written as Y, x or a tick, coded
values by their label or code in any case, several values in one cell. They never guess where a
person would have to: "04/13/2025" is refused (there is no month 13), not read as an American date.

The importer adds where the cell is (sheet, row, column) to the problem it reports.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from datetime import time as clock

from dateutil import parser as date_parser
from openpyxl.utils.datetime import from_excel
from rapidfuzz import fuzz, process

from coprod_desktop.domain.vocabulary import Coded, Element

# Excel's serial numbers of 1 January 1900 up to a day in 2119: beyond, a number is not a date.
SERIAL_RANGE = (1, 80_000)
YEAR_RANGE = (1900, 2200)
DATE_ADVICE = "Write dates day first, like 03/04/2025 or 3 April 2025."

YES_WORDS = frozenset(
    {"yes", "y", "true", "t", "1", "x", "ticked", "tick", "✓", "✔", "☑", "☒", "✅", "on"}
)
NO_WORDS = frozenset(
    {"no", "n", "false", "f", "0", "unticked", "not ticked", "✗", "✘", "☐", "❌", "off"}
)
YES_NO_ADVICE = "Write Yes or No (Y, N, x for yes, True and False work too), or leave it empty."

# Separators of several values in one cell. Labels never contain them (a test checks).
_MULTI = re.compile(r"[;,/\n\r]+")
_WORDS = re.compile(r"[;,\n\r]+")
_BULLET = re.compile(r"^[\s•·\-*–]+")

_WELSH_MONTHS = {
    "ionawr": "January",
    "chwefror": "February",
    "mawrth": "March",
    "ebrill": "April",
    "mai": "May",
    "mehefin": "June",
    "gorffennaf": "July",
    "awst": "August",
    "medi": "September",
    "hydref": "October",
    "tachwedd": "November",
    "rhagfyr": "December",
}
_WELSH = re.compile(r"\b(" + "|".join(_WELSH_MONTHS) + r")\b", re.IGNORECASE)
# 03/04/2025, 3.4.25, 03-04-2025, optionally with a time after it.
_NUMERIC_DATE = re.compile(
    r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})"
    r"(?:[ T]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
# 2025-04-03, 2025/04/03, 2025-04-03T10:00:00 (and str() of a datetime).
_ISO_DATE = re.compile(
    r"(\d{4})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_TWO_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


class ValueProblem(ValueError):
    """A cell that cannot be read as the value its column holds.

    `problem` says what is wrong ("'31/02/2025' is not a date"), `advice` how to write it.
    """

    def __init__(self, problem: str, advice: str) -> None:
        self.problem = problem
        self.advice = advice
        super().__init__(f"{problem}. {advice}" if advice else problem)


def shown(raw: object) -> str:
    """A cell as a message quotes it: on one line, and not too long."""
    text = " ".join(parse_text(raw).split()) if not isinstance(raw, str) else " ".join(raw.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


# -- text ------------------------------------------------------------------------------------


def parse_text(raw: object) -> str:
    """Return a cell as text: "" for an empty cell, 12 as "12" (not "12.0"), dates as 03/04/2025."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return ""
        if raw.is_integer() and abs(raw) < 1e16:
            return str(int(raw))
        return repr(raw)
    if isinstance(raw, datetime):
        if raw.time() == clock():
            return raw.strftime("%d/%m/%Y")
        return raw.strftime("%d/%m/%Y %H:%M")
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, clock):
        return raw.strftime("%H:%M")
    return str(raw).strip()


# -- dates -----------------------------------------------------------------------------------


def parse_date(raw: object) -> date | None:
    """Return the date in a cell, None when it is empty; UK order: 03/04/2025 is 3 April.

    Accepts real dates, Excel serial numbers (a date cell formatted as a number), 03/04/2025,
    3/4/25, 3.4.2025, 3 April 2025, 3rd Apr 2025, 3-Apr-25, Thursday 3 April 2025, 2025-04-03
    and 20250403, with or without a time after it; Welsh month names too (3 Ebrill 2025).
    A date without a day or a year ("April 2025") is refused, not filled in.
    """
    if _blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        raise ValueProblem(f"'{shown(raw)}' is not a date", DATE_ADVICE)
    if isinstance(raw, int | float):
        return _from_number(raw, shown(raw))
    if not isinstance(raw, str):
        raise ValueProblem(f"'{shown(raw)}' is not a date", DATE_ADVICE)
    text = " ".join(raw.split())
    if re.fullmatch(r"\d+(\.\d+)?", text):
        if re.fullmatch(r"\d{8}", text):  # 20250403
            return _checked(text, int(text[:4]), int(text[4:6]), int(text[6:]))
        if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial number written out by a CSV export
            return _from_number(float(text), text)
        raise ValueProblem(f"'{shown(text)}' is not a date", DATE_ADVICE)
    found = _ISO_DATE.fullmatch(text)
    if found:
        return _checked(text, int(found[1]), int(found[3]), int(found[4]))
    found = _NUMERIC_DATE.fullmatch(text)
    if found:
        year = int(found[4])
        if len(found[4]) == 2:
            year += 2000 if year < 70 else 1900
        return _checked(text, year, int(found[3]), int(found[1]))
    if not re.search(r"[^\W\d_]{3}", text):  # no month name: 3 4 2025, 2025, 12:30
        raise ValueProblem(f"'{shown(text)}' is not a date", DATE_ADVICE)
    english = _WELSH.sub(lambda m: _WELSH_MONTHS[m[1].casefold()], text)
    try:
        # Parsed twice with different defaults: a part the text lacks would take the default's.
        first, second = (
            date_parser.parse(english, dayfirst=True, default=d) for d in _TWO_DEFAULTS
        )
    except (ValueError, OverflowError, TypeError) as error:  # ParserError is a ValueError
        if "out of range" in str(error) or "must be in" in str(error):
            raise ValueProblem(
                f"'{shown(text)}' is not a date: there is no such day", DATE_ADVICE
            ) from None
        raise ValueProblem(f"'{shown(text)}' is not a date", DATE_ADVICE) from None
    if first.date() != second.date():
        raise ValueProblem(
            f"'{shown(text)}' is not a whole date: the day, month or year is missing",
            DATE_ADVICE,
        )
    return _checked(text, first.year, first.month, first.day)


def _from_number(value: float, text: str) -> date:
    low, high = SERIAL_RANGE
    if not (math.isfinite(value) and low <= value <= high):
        if isinstance(value, int) and 19000101 <= value <= 22001231:  # 20250403 as a number
            digits = str(value)
            return _checked(digits, int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        raise ValueProblem(f"'{text}' is not a date", DATE_ADVICE)
    moment = from_excel(value)
    if not isinstance(moment, datetime):
        raise ValueProblem(f"'{text}' is not a date", DATE_ADVICE)
    return moment.date()


def _checked(text: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ValueProblem(f"'{shown(text)}' is not a date: there is no month {month}", DATE_ADVICE)
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueProblem(
            f"'{shown(text)}' is not a date: there is no such day", DATE_ADVICE
        ) from None
    low, high = YEAR_RANGE
    if not low <= value.year <= high:
        raise ValueProblem(
            f"'{shown(text)}' is not a date this audit can hold: the year is {value.year}",
            DATE_ADVICE + " Check the year.",
        )
    return value


# -- yes or no -------------------------------------------------------------------------------


def parse_yes_no(raw: object) -> bool | None:
    """Return True or False for a Yes/No cell, None when it is empty.

    Yes: yes, y, true, 1, x, ticked, ✓; no: no, n, false, 0, unticked, ✗ (any case).
    """
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    word = " ".join(parse_text(raw).split()).casefold().rstrip(".!")
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    raise ValueProblem(f"'{shown(raw)}' is not Yes or No", YES_NO_ADVICE)


# -- numbers ---------------------------------------------------------------------------------


def parse_int(
    raw: object, low: int, high: int, *, labels: Mapping[int, str] | None = None
) -> int | None:
    """Return a whole number from `low` to `high`, None when the cell is empty.

    "3", 3.0 and "3 - Strong" are 3. With `labels` (number -> label, e.g. 3 -> "Strong"), a
    cell may hold the label instead of the number.
    """
    if _blank(raw):
        return None
    advice = f"Write a whole number from {low} to {high}"
    if labels:
        named = ", ".join(f"{int(n)} {label}" for n, label in sorted(labels.items()))
        advice += f" ({named})"
    advice += ", or leave it empty."
    if isinstance(raw, bool):
        raise ValueProblem(f"'{shown(raw)}' is not a number", advice)
    value: float | None = None
    if isinstance(raw, int | float):
        value = raw
    else:
        text = parse_text(raw)
        found = re.fullmatch(r"([+-]?\d+(?:\.0*)?)(?:\s*[-–:(=]?\s*[^\W\d_].*)?", text)
        if found:
            value = float(found[1])
        else:
            wanted = _fold(text)
            value = next((n for n, label in (labels or {}).items() if _fold(label) == wanted), None)
            if value is None:
                try:
                    value = float(text)
                except ValueError:
                    value = None
    if value is None or not math.isfinite(value):
        raise ValueProblem(f"'{shown(raw)}' is not a number", advice)
    if not float(value).is_integer():
        raise ValueProblem(f"'{shown(raw)}' is not a whole number", advice)
    number = int(value)
    if not low <= number <= high:
        raise ValueProblem(f"{number} is not between {low} and {high}", advice)
    return number


# -- coded values ----------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Fold a label for matching: case, spaces, hyphens, underscores and punctuation ignored."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_LOOKUPS: dict[type[Coded], tuple[dict[str, Coded], dict[str, Coded]]] = {}


def _lookups(vocabulary: type[Coded]) -> tuple[dict[str, Coded], dict[str, Coded]]:
    """Return (exact, looser) names -> member: codes and labels first, then other names.

    Looser names are the part of a label before ":" ("Head" for "Head: knowledge") and, for the
    elements, the New Economics Foundation's names; a looser name two members share is dropped.
    """
    if vocabulary not in _LOOKUPS:
        exact: dict[str, Coded] = {}
        for member in vocabulary:
            exact.setdefault(_fold(member.value), member)
            exact.setdefault(_fold(member.label), member)
        looser: dict[str, Coded] = {}
        clashes: set[str] = set()
        for member in vocabulary:
            names = [member.label.split(":", 1)[0]]
            if isinstance(member, Element):
                names += [member.info.nef_name, member.info.lga_name]
            for name in names:
                key = _fold(name)
                if not key or key in exact:
                    continue
                if looser.get(key, member) is not member:
                    clashes.add(key)
                looser[key] = member
        for key in clashes:
            del looser[key]
        _LOOKUPS[vocabulary] = (exact, looser)
    return _LOOKUPS[vocabulary]


def choices_text(vocabulary: type[Coded]) -> str:
    """The labels of `vocabulary` as an error message lists them: 'A', 'B' or 'C'."""
    labels = [f"'{member.label}'" for member in vocabulary]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def find_choice(vocabulary: type[Coded], text: str) -> Coded | None:
    """Return the member of `vocabulary` that `text` names, or None."""
    exact, looser = _lookups(vocabulary)
    key = _fold(text)
    return exact.get(key) or looser.get(key)


def _choice_problem(vocabulary: type[Coded], text: str) -> ValueProblem:
    exact, looser = _lookups(vocabulary)
    guess = process.extractOne(
        _fold(text), {**looser, **exact}.keys(), scorer=fuzz.ratio, score_cutoff=80
    )
    hint = ""
    if guess is not None:
        hint = f"Did you mean '{({**looser, **exact})[guess[0]].label}'? "
    return ValueProblem(
        f"'{shown(text)}' is not one of the choices",
        f"{hint}Use one of {choices_text(vocabulary)}.",
    )


def parse_choice(vocabulary: type[Coded], raw: object) -> Coded | None:
    """Return the coded value a cell names by its label or its code, None when it is empty.

    Case, spaces, hyphens and underscores do not count ("co-design", "Co Design", "co_design");
    "Head" names "Head: knowledge"; an element may also be named as the New Economics
    Foundation names it ("Mutuality"). An unknown value is refused with the list of choices.
    """
    if _blank(raw):
        return None
    if isinstance(raw, vocabulary):
        return raw
    text = parse_text(raw)
    member = find_choice(vocabulary, text)
    if member is None:
        raise _choice_problem(vocabulary, text)
    return member


def parse_choices(vocabulary: type[Coded], raw: object) -> tuple[Coded, ...]:
    """Return the coded values in a cell, each once, in order; () when it is empty.

    Values are separated by ; , / or new lines. Every unknown value is named in one problem.
    """
    if _blank(raw):
        return ()
    if isinstance(raw, vocabulary):
        return (raw,)
    parts: list[object]
    if isinstance(raw, list | tuple | set | frozenset):
        parts = list(raw)
    else:
        text = parse_text(raw)
        whole = find_choice(vocabulary, text)
        if whole is not None:
            return (whole,)
        parts = list(split_multi(text))
    found: list[Coded] = []
    unknown: list[str] = []
    for part in parts:
        if _blank(part):
            continue
        member = part if isinstance(part, vocabulary) else find_choice(vocabulary, parse_text(part))
        if member is None:
            unknown.append(parse_text(part))
        elif member not in found:
            found.append(member)
    if len(unknown) == 1:
        raise _choice_problem(vocabulary, unknown[0])
    if unknown:
        listed = ", ".join(f"'{shown(u)}'" for u in unknown[:-1]) + f" and '{shown(unknown[-1])}'"
        raise ValueProblem(
            f"{listed} are not among the choices",
            f"Use {choices_text(vocabulary)}, separated by ;.",
        )
    return tuple(found)


# -- several values --------------------------------------------------------------------------


def split_multi(raw: object, *, slash: bool = True) -> list[str]:
    """Return the values in a cell separated by ; , / or new lines, trimmed, without empties.

    A bullet (•, - or *) before a value is dropped. With `slash=False`, "/" does not separate.
    """
    if _blank(raw):
        return []
    if isinstance(raw, list | tuple | set | frozenset):
        return [part for item in raw for part in split_multi(item, slash=slash)]
    pattern = _MULTI if slash else _WORDS
    parts = (_BULLET.sub("", part).strip() for part in pattern.split(parse_text(raw)))
    return [part for part in parts if part]


# A word in quotation marks, as `words_text` writes one, up to the separator after it.
_QUOTED_WORD = re.compile(r'"((?:[^"]|"")*)"[ \t]*(?=[;,\n\r]|\Z)')
_PLAIN_WORD = re.compile(r"[^;,\n\r]*")
_SEPARATORS = re.compile(r"[;,\s]*")
# What `parse_words` would split, trim or drop in a word unless it is in quotation marks.
_NEEDS_QUOTES = re.compile(r'[;,\n\r]|\A[\s•·\-*–"]|\s\Z|\A\Z')


def words_text(words: Iterable[str]) -> str:
    """Several words or phrases (languages, tags) as one cell that `parse_words` reads back.

    Words are separated by "; "; a word that holds a comma, a semicolon or a line break, that
    starts with a dash, a bullet, a space, a tab or a quotation mark, or ends with a space, is
    written in quotation marks (a quotation mark in it doubled), as in a CSV file; so is a
    word differing from an earlier one only in case, which reading would otherwise drop.
    """
    cells, seen = [], set()
    for word in words:
        folded = word.casefold()
        if _NEEDS_QUOTES.search(word) or folded in seen:
            word = '"' + word.replace('"', '""') + '"'
        seen.add(folded)
        cells.append(word)
    return "; ".join(cells)


def _word_parts(text: str) -> list[tuple[str, bool]]:
    """Split a cell of words on ; , and line breaks: (word, whether it was in quotation marks).

    A word in quotation marks is kept as it is written; others are trimmed, without a bullet.
    """
    parts: list[tuple[str, bool]] = []
    at, end = 0, len(text)
    while True:
        at = _SEPARATORS.match(text, at).end()  # type: ignore[union-attr]
        if at >= end:
            return parts
        if text[at] == '"':
            quoted = _QUOTED_WORD.match(text, at)
            if quoted is not None:
                parts.append((quoted[1].replace('""', '"'), True))
                at = quoted.end()
                continue
        plain = _PLAIN_WORD.match(text, at)
        assert plain is not None
        part = _BULLET.sub("", plain[0]).strip()
        if part:
            parts.append((part, False))
        at = max(plain.end(), at + 1)


def parse_words(raw: object) -> tuple[str, ...]:
    """Return the words or phrases in a cell (languages, tags): split on ; , and new lines.

    Each is trimmed, without a bullet before it, and kept once (the first spelling of words
    differing only in case). A word in quotation marks ("Welsh, North") is taken as it is
    written, separators, dashes and spaces included: `words_text` writes them so.
    """
    if _blank(raw):
        return ()
    if isinstance(raw, list | tuple | set | frozenset):
        parts = [(part, False) for item in raw for part in parse_words(item)]
    else:
        parts = _word_parts(parse_text(raw))
    words: dict[tuple[bool, str], str] = {}
    for part, quoted in parts:
        # A word in quotation marks differing from another only in case is kept: an export
        # writes it so (`words_text`).
        key = (True, part) if quoted else (False, part.casefold())
        if key not in words and part not in words.values():
            words[key] = part
    return tuple(words.values())


def labels_of(members: Iterable[Coded]) -> str:
    """The labels of `members` as a cell holds several: 'A; B'."""
    return "; ".join(member.label for member in members)
