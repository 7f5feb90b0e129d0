"""The sheets of a survey export (`kobo` reads it), as the importer maps any partner's sheets.

- the submissions, one row per person (the same submission sent twice, by its `_uuid` or
  instanceID, is kept once: the last one sent), with the name, e-mail, phone and consent
  questions under our headers, Kobo's and ODK's own columns left out, groups left out of XML
  names ("about_you/email" is "email"), and a select-multiple as its choices separated by ";"
  (from its 0/1 columns when there are, as labels may hold spaces);
- a repeat of things people offer: "Person", "Kind", "Capability", one row per thing;
- a repeat of groups people belong to is not a sheet: `survey_connections` plans it, after
  the people, as connections of each person to the community asset of that name.

Any other repeat is a sheet with an "Answered by" column (the person's name), for the user to
map: not guessed as people, which its rows are not. The rows keep their numbers in the file,
so the preview's problems point at the export's own rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from coprod_desktop.domain.vocabulary import CapabilityKind, ConsentScope
from coprod_desktop.exchange.spreadsheet.sheets import SheetRows, Spreadsheet, header_key

KOBO, ODK = "KoboToolbox", "ODK Central"
# Columns the tools add about each submission, never answers.
_KOBO_META = {
    "start", "end", "today", "deviceid", "username", "phonenumber", "simserial",
    "subscriberid", "audit", "__version__", "meta/instanceid", "meta/rootuuid",
    "meta/deprecatedid", "formhub/uuid",
}  # fmt: skip
_ODK_META = {
    "submissiondate", "key", "parent_key", "submitterid", "submittername",
    "attachmentspresent", "attachmentsexpected", "status", "reviewstate", "deviceid",
    "edits", "formversion", "start", "end", "today", "__version__",
}  # fmt: skip
_XML_PATH = re.compile(r"^[A-Za-z_][\w.]*([/-][A-Za-z_][\w.]*)+$")
_NAME = re.compile(
    r"^(what is )?(your |full |first and last |volunteer |participant |person )*name( in full)?$"
)
_YES = {"yes", "y", "1", "true", "i agree", "agree", "i do", "ok"}
_NO = {"no", "n", "0", "false", "i do not", "disagree"}
# Words of a repeat's name or headers that say what it holds.
_OFFERS = ("offer", "skill", "capabilit", "gift", "talent", "can help", "can do", "strength")
_GROUPS = ("group", "belong", "member", "club", "organisation", "organization", "network")
# A kind of capability as people answer it, first match wins.
_KIND_WORDS: tuple[tuple[tuple[str, ...], CapabilityKind], ...] = (
    (("lived",), CapabilityKind.LIVED_EXPERIENCE),
    (("language",), CapabilityKind.LANGUAGE),
    (("connection", "people and groups", "who i know", "network"), CapabilityKind.CONNECTIONS),
    (("heart", "care"), CapabilityKind.HEART),
    (("head", "know"), CapabilityKind.HEAD),
    (("hand", "can do", "practical", "skill", "make"), CapabilityKind.HANDS),
)


# The person's name on a repeat's sheet that is not of things offered: a header the importer
# does not guess as a person's name, so that its rows are not taken for people.
ANSWERED_BY = "Answered by"


@dataclass
class Table:
    """One sheet or CSV file of an export: its rows as (row number in the file, values)."""

    name: str
    headers: list[str]
    rows: list[tuple[int, list]]
    keys: list[str] = field(default_factory=list)  # each row's own key
    parents: list[str] = field(default_factory=list)  # each row's parent's key ("" for none)
    uuid_column: int | None = None  # of the submission's uuid (the table of submissions)

    def column(self, *names: str) -> int | None:
        wanted = {n.casefold() for n in names}
        return next((i for i, h in enumerate(self.headers) if h.casefold() in wanted), None)

    def values(self, index: int | None, row: list) -> Any:
        return row[index] if index is not None and index < len(row) else None


@dataclass
class GroupLinks:
    """The rows of a repeat of groups people belong to: (row, person's name, group's name)."""

    sheet: str
    header: str  # the group name's column, as the preview names it
    rows: list[tuple[int, str, str]]


class SurveySpreadsheet(Spreadsheet):
    """An export of a survey tool, as sheets made when it was read (the rows held in memory)."""

    def __init__(self, path: Path, source: str) -> None:
        super().__init__(path, "xlsx", [], None)
        self.source = source  # KOBO or ODK
        self._sheets: dict[str, tuple[list[str], list[tuple[int, list]]]] = {}
        self.group_links: list[GroupLinks] = []

    def add_sheet(self, name: str, headers: list[str], rows: list[tuple[int, list]]) -> None:
        self.sheet_names.append(name)
        self._sheets[name] = (headers, rows)

    def sheet(self, name: str, *, known_headers: Iterable[str] = ()) -> SheetRows:
        if name not in self._sheets:
            raise self._no_sheet(name)
        headers, rows = self._sheets[name]
        last = rows[-1][0] if rows else 1
        return SheetRows(name, 1, list(headers), iter(list(rows)), last, kind=self.kind)


def survey_spreadsheet(path: Path, source: str, tables: list[Table]) -> SurveySpreadsheet:
    """The export as sheets of people, of their capabilities and (for later) their groups."""
    book = SurveySpreadsheet(path, source)
    main = tables[0]
    kept, dropped = _kept_submissions(main)
    people = _people_sheet(main, kept, source)
    book.add_sheet(main.name, people.headers, people.rows)
    names = people.names  # a kept row's key -> the person's name
    shown = zip(people.rows, people.names.values(), strict=False)  # no names: none shown
    by_number = {number: name for (number, _values), name in shown}
    for first, later in dropped:
        who = by_number.get(later) or "a submission"
        book.warnings.append(
            f"{who} ({main.name}, row {first}) was sent twice: row {later} is the same "
            f"submission (the same {'_uuid' if source == KOBO else 'instanceID'}), so it is "
            f"imported once, as row {later}"
        )
    _people_of_repeats(tables[1:], names)
    for table in tables[1:]:
        rows = [
            (number, row, names[parent])
            for (number, row), parent in zip(table.rows, table.parents, strict=True)
            if parent in names
        ]
        _repeat_sheet(book, table, rows)
    return book


def _people_of_repeats(repeats: list[Table], names: dict[str, str]) -> None:
    """Give each row of a repeat its person's name, as `names` (key -> name) gives their
    submission's: a repeat within a repeat is the person's too, whatever order the files
    come in (ODK names each file after its repeat only). A row of a submission left out
    (sent twice) gets none."""
    found = True
    while found:
        found = False
        for table in repeats:
            for key, parent in zip(table.keys, table.parents, strict=True):
                if key not in names and parent in names:
                    names[key] = names[parent]
                    found = True


def _kept_submissions(main: Table) -> tuple[set[int], list[tuple[int, int]]]:
    """The positions of the rows kept (the last of each submission) and (row, kept row) of
    the others."""
    uuid = main.uuid_column
    last: dict[str, int] = {}
    for position, (_number, row) in enumerate(main.rows):
        submission = str(main.values(uuid, row) or "").removeprefix("uuid:").strip()
        last[submission or f"#{position}"] = position
    kept = set(last.values())
    dropped = []
    for position, (number, row) in enumerate(main.rows):
        if position not in kept:
            submission = str(main.values(uuid, row) or "").removeprefix("uuid:").strip()
            dropped.append((number, main.rows[last[submission]][0]))
    return kept, dropped


@dataclass
class _People:
    headers: list[str]
    rows: list[tuple[int, list]]
    names: dict[str, str]


def _people_sheet(main: Table, kept: set[int], source: str) -> _People:
    """The submissions as a people sheet: Kobo's and ODK's columns left out, the questions
    we know under our headers, a select-multiple as its choices separated by ";"."""
    meta = _KOBO_META if source == KOBO else _ODK_META
    columns = _columns(main.headers, meta)
    selects = _select_multiples(main, columns)
    options = {i for opts in selects.values() for i, _label in opts}
    shown = [i for i in columns if i not in options]
    headers = _shown_headers(main.headers, shown)
    named = _recognise(headers)
    surname = None  # the name asked as first name and surname: joined, under "Name"
    if "name" not in named and {"first name", "surname"} <= set(named):
        surname = shown[named["surname"]]
        del shown[named["surname"]], headers[named["surname"]]
        named = _recognise(headers)
        named["name"] = named.pop("first name")
    consent = named.get("consent")
    consent_scope = _consent_scope(main.headers[shown[consent]]) if consent is not None else None
    out_headers = [named.get_header(i, h) for i, h in enumerate(headers)]
    dated = consent is not None
    if dated:
        out_headers.append("Consent given on")
    when = main.column("_submission_time", "SubmissionDate", "end")
    name_at = named.get("name")
    rows, names = [], {}
    for position, ((number, row), key) in enumerate(zip(main.rows, main.keys, strict=True)):
        if position not in kept:
            continue
        values = []
        for at, index in enumerate(shown):
            value = main.values(index, row)
            if index in selects:
                value = _chosen(main, row, value, selects[index])
            elif at == consent:
                value = _consent_value(value, consent_scope)
            elif at == name_at and surname is not None:
                parts = (value, main.values(surname, row))
                value = " ".join(str(v).strip() for v in parts if v) or None
            values.append(value)
        if dated:
            given = consent_scope and _is_yes(main.values(shown[consent], row))
            values.append(_day(main.values(when, row)) if given else None)
        rows.append((number, values))
        if name_at is not None:
            names[key] = str(values[name_at] or "").strip()
    return _People(out_headers, rows, names)


def _columns(headers: list[str], meta: set[str]) -> list[int]:
    """The columns that hold answers (not the tools' own: `_id`, `KEY`, `meta-instanceID`...)."""
    found = []
    for index, header in enumerate(headers):
        folded = header.casefold()
        if not header or folded.startswith("_") or folded in meta or folded.startswith("meta-"):
            continue
        found.append(index)
    return found


def _select_multiples(table: Table, columns: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Select-multiple questions with a 0/1 column per choice: column -> [(column, choice)]."""
    found: dict[int, list[tuple[int, str]]] = {}
    for index in columns:
        prefix = table.headers[index] + "/"
        options = [
            (i, table.headers[i][len(prefix) :])
            for i in columns
            if i != index and table.headers[i].startswith(prefix)
        ]
        if options and all(
            str(table.values(i, row) if table.values(i, row) is not None else "").strip()
            in ("", "0", "1", "0.0", "1.0")
            for i, _label in options
            for _n, row in table.rows
        ):
            found[index] = options
    return found


def _chosen(table: Table, row: list, summary: Any, options: list[tuple[int, str]]) -> str | None:
    """A select-multiple's choices separated by ";" (a label may hold spaces, so the 0/1
    columns say which were chosen)."""
    chosen = [label for i, label in options if str(table.values(i, row)).strip() in ("1", "1.0")]
    if chosen:
        return "; ".join(chosen)
    return None if summary in (None, "") else str(summary)


def _shown_headers(headers: list[str], shown: list[int]) -> list[str]:
    """Headers without the groups of XML names ("about_you/email" is "email"), unless two
    questions of different groups would then have the same header."""
    last = [_last_part(headers[i]) for i in shown]
    return [
        part if last.count(part) == 1 else headers[i] for part, i in zip(last, shown, strict=True)
    ]


def _last_part(header: str) -> str:
    if _XML_PATH.match(header):
        return re.split(r"[/-]", header)[-1]
    return header


# The headers of our People sheet for the questions recognised.
_OUR_HEADERS = {"name": "Name", "email": "Email", "phone": "Phone", "consent": "Consent covers"}


class _Recognised(dict):
    """What each recognised column is: "name", "email", "phone", "consent" -> position."""

    def get_header(self, position: int, header: str) -> str:
        for what, at in self.items():
            if at == position:
                return _OUR_HEADERS.get(what, header)
        return header


def _recognise(headers: list[str]) -> _Recognised:
    found = _Recognised()
    for position, header in enumerate(headers):
        # The question itself, without its groups ("About you/Your name").
        words = header_key(header.split("/")[-1]).replace("_", " ").rstrip("?:. ")
        what = None
        if _NAME.match(words):
            what = "name"
        elif re.match(r"^(your )?(first|given|fore) ?names?$", words):
            what = "first name"
        elif re.match(r"^(your )?((last|family) ?names?|surname)$", words):
            what = "surname"
        elif re.search(r"\be ?-?mail\b", words):
            what = "email"
        elif re.search(r"\b(phone|mobile|telephone|tel)\b", words) or words.endswith("phone"):
            what = "phone"
        elif "consent" in words or ("share" in words and "detail" in words):
            what = "consent"
        if what and what not in found:
            found[what] = position
    return found


def _consent_scope(question: str) -> ConsentScope:
    """What a yes to the consent question agrees to: sharing with partners, or (a consent to
    keep the details at all) the audit team only."""
    words = question.casefold()
    if "public" in words or "publish" in words:
        return ConsentScope.PUBLIC
    if "partner" in words or "share" in words or "other organisations" in words:
        return ConsentScope.PARTNERS
    return ConsentScope.INTERNAL


def _is_yes(value: Any) -> bool:
    return " ".join(str(value or "").casefold().split()) in _YES


def _consent_value(value: Any, scope: ConsentScope | None) -> Any:
    text = " ".join(str(value or "").casefold().split())
    if text in _YES and scope is not None:
        return scope.label
    if text in _NO:
        return ConsentScope.INTERNAL.label
    return value


def _day(value: Any) -> str | None:
    """The date of a submission's time ("2026-10-05T09:12:44" or with a zone)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value or "").strip()
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else None


# -- repeats ----------------------------------------------------------------------------------


def _repeat_sheet(book: SurveySpreadsheet, table: Table, rows: list[tuple[int, list, str]]) -> None:
    """A repeat as a sheet of capabilities, as group links, or as a sheet of its own with a
    "Answered by" column."""
    meta = _KOBO_META if book.source == KOBO else _ODK_META
    columns = _columns(table.headers, meta)
    headers = _shown_headers(table.headers, columns)
    words = " ".join([table.name.replace("_", " "), *headers]).casefold()
    name_words = table.name.replace("_", " ").casefold()
    offers = any(w in name_words for w in _OFFERS)
    groups = any(w in name_words for w in _GROUPS)
    if not offers and not groups:
        offers = any(w in words for w in _OFFERS)
        groups = not offers and any(w in words for w in _GROUPS)
    if groups and columns:
        at = columns[0]
        named = [(n, person, str(table.values(at, row) or "").strip()) for n, row, person in rows]
        links = [link for link in named if link[2]]  # an entry left empty says nothing
        book.group_links.append(GroupLinks(table.name, headers[0], links))
        return
    if offers and columns:
        kind_at = _kind_column(table, columns, headers)
        text_at = next((i for i in columns if i != kind_at), None)
        if text_at is not None:
            out = []
            for number, row, person in rows:
                # Without a question of the kind, what people offer is what they can do.
                given = table.values(kind_at, row) if kind_at is not None else None
                kind = _kind(given) if kind_at is not None else CapabilityKind.HANDS.label
                text = table.values(text_at, row)
                if given in (None, "") and text in (None, ""):
                    continue  # an entry left empty
                out.append((number, [person, kind, text]))
            book.add_sheet(table.name, ["Person", "Kind", "Capability"], out)
            return
    shown = [[table.values(i, row) for i in columns] + [person] for _n, row, person in rows]
    numbered = [(n, values) for (n, _row, _p), values in zip(rows, shown, strict=True)]
    book.add_sheet(table.name, [*headers, ANSWERED_BY], numbered)


def _kind_column(table: Table, columns: list[int], headers: list[str]) -> int | None:
    """The column saying what kind of thing is offered: by its header, or its answers."""
    for index, header in zip(columns, headers, strict=True):
        if re.search(r"\b(kind|type|sort|category)\b", header.casefold().replace("_", " ")):
            return index
    for index in columns:
        answers = [table.values(index, row) for _n, row in table.rows]
        given = [a for a in answers if a not in (None, "")]
        if given and all(_kind_of(a) for a in given) and len({str(a) for a in given}) < 8:
            return index
    return None


def _kind(value: Any) -> str | None:
    """Our label of the kind of capability an answer names, or the answer as it is (the
    importer then says it is not a kind we know); None for an empty answer."""
    if value in (None, ""):
        return None
    kind = _kind_of(value)
    return kind.label if kind is not None else str(value)


def _kind_of(value: Any) -> CapabilityKind | None:
    text = " ".join(str(value or "").casefold().replace("_", " ").split())
    for words, kind in _KIND_WORDS:
        if text and any(w in text for w in words):
            return kind
    return None
