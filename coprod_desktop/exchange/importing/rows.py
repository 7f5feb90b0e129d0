"""The rows of one sheet of an import: read, matched to the audit, compared, checked.

A row with an ID is compared field by field with the record of that ID (changed or unchanged);
a row without one is a new record; an example row of a template is skipped. Parents are found
by ID, else by name (a person, an asset) or date (a self-assessment round), among the records
of the audit and the new rows of the same file. Every record to write is checked with
`domain.validation`. A row with any problem is not imported, and the problem says where it
is and what to do.

A value for the whole sheet (`SheetMapping.fixed`) is read once, like a cell, and fills every
row's empty cell of that field (every row when no column gives it). The capability columns of
a people sheet (`capability_columns`) add capability records to the row's person (new or
found), each once: what the person has already is not added again.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import Sensitivity
from coprod_desktop.domain.vocabulary import Hat
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.exchange.importing.capability_columns import is_capability_key
from coprod_desktop.exchange.importing.cells import (
    ValueProblem,
    parser_for,
    same_items,
    same_text,
)
from coprod_desktop.exchange.importing.mapping import ENTITY_OF_SHEET, SheetMapping, every_column
from coprod_desktop.exchange.importing.matching import HOW, KEY_FIELDS, content_key
from coprod_desktop.exchange.importing.parents import ParentFinder
from coprod_desktop.exchange.importing.plan import (
    ERROR,
    WARNING,
    ImportProblem,
    RowChange,
    SheetPlan,
)
from coprod_desktop.exchange.importing.row_capabilities import RowCapabilities
from coprod_desktop.exchange.importing.row_checks import RowChecks
from coprod_desktop.exchange.importing.row_matching import DuplicateRow, RowMatching
from coprod_desktop.exchange.importing.state import (
    ImportState,
    RowError,
    a_noun,
    fold,
)
from coprod_desktop.exchange.importing.whole_sheet import EMPTY, SheetWide, WholeSheetValues
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Column, Kind, Sheet

PROGRESS_EVERY = 1000  # rows
# Problems kept per sheet; past this a sheet is plainly the wrong file, and the rest are
# counted in one closing line.
MOST_PROBLEMS = 5000
_BASE_FIELDS = {"id", "created_at", "modified_at", "modified_by", "deleted"}
# Columns read only to find a parent, never written to the record.
_REFERENCE_KEYS = {
    "person_id",
    "person_name",
    "target_kind",
    "target_id",
    "target_name",
    "round_id",
    "round_held_on",
    "round_participants",
}
_FIELD, _HAT, _ANSWER, _REFERENCE, _CAPABILITY = range(5)

_TEXT_KINDS = (Kind.TEXT, Kind.LONG_TEXT)
_HATS = tuple((hat, hat.value) for hat in Hat)  # in the order the audit keeps them
_ITEM_KINDS = (Kind.CHOICES, Kind.WORDS)


@functools.cache
def _record_fields(record_type: type[r.Record]) -> tuple[dict[str, bool], set[str]]:
    """Return {field: can it be None} and the fields without a default (required)."""
    hints = typing.get_type_hints(record_type)
    nullable, required = {}, set()
    for f in dataclasses.fields(record_type):
        if f.name in _BASE_FIELDS:
            continue
        nullable[f.name] = type(None) in typing.get_args(hints[f.name])
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.add(f.name)
    return nullable, required


@dataclass
class _Cell:
    """One mapped column of a sheet."""

    index: int
    column: Column
    label: str  # "C (Email)"
    parse: Callable[[Any], Any]


def column_label(index: int, header: str) -> str:
    return f"{get_column_letter(index + 1)} ({header})" if header else get_column_letter(index + 1)


class SheetImport(RowMatching, ParentFinder, RowChecks, RowCapabilities, WholeSheetValues):
    """Plans the rows of one sheet."""

    def __init__(
        self,
        state: ImportState,
        sheet: Sheet,
        name: str,
        headers: list[str],
        mapping: dict[str, str],
        *,
        fixed: dict[str, str] | None = None,
        values: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.state = state
        self.sheet = sheet
        self.name = name
        self.entity = ENTITY_OF_SHEET.get(sheet.name, "")
        self.mapping = SheetMapping(self.entity, dict(mapping), dict(fixed or {}), values or {})
        self.record_type = sheet.record_type
        self.summary = SheetPlan(name, sheet.record_type)
        self.nullable, self.required = _record_fields(sheet.record_type)
        self.problem_count = 0
        self.cells: list[_Cell] = []
        self.by_key: dict[str, _Cell] = {}
        self.seen_ids: dict[str, int] = {}
        values = values or {}
        by_key = {c.key: c for c in every_column(sheet)}
        for index, header in enumerate(headers):
            key = mapping.get(header, "")
            column = by_key.get(key)
            if column is None or key in self.by_key:
                continue  # unmapped, or a second column for a field already read
            parse = parser_for(column, values.get(key))
            cell = _Cell(index, column, column_label(index, header), parse)
            self.cells.append(cell)
            self.by_key[key] = cell
        self.read_fixed(by_key, fixed or {}, values)
        self.has_capabilities = any(
            is_capability_key(k) for k in (*self.by_key, *self.fixed_always)
        )
        if self.has_capabilities:
            self.summary.capabilities = 0
        # What each column's value is for: a field, a hat, an equality answer, a reference.
        self.roles = {key: self._role(key) for key in (*self.by_key, *self.fixed_always)}

    def _role(self, key: str) -> int:
        if is_capability_key(key):
            return _CAPABILITY
        if key.startswith("hats:"):
            return _HAT
        if key.startswith("equality:"):
            return _ANSWER
        if key in _REFERENCE_KEYS or key not in self.nullable:
            return _REFERENCE  # read to find a parent (or the row's own ID), never written
        return _FIELD

    # -- problems ---------------------------------------------------------------------------

    def problem(
        self,
        row: int | None,
        message: str,
        advice: str,
        *,
        column: str | None = None,
        severity: str = ERROR,
    ) -> ImportProblem | None:
        self.problem_count += 1
        if self.problem_count > MOST_PROBLEMS:
            return None
        found = ImportProblem(self.name, row, column, message, advice, severity)
        self.state.plan.problems.append(found)
        return found

    def where_column(self, key: str) -> str | None:
        cell = self.by_key.get(key)
        return cell.label if cell else None

    def header(self, key: str) -> str:
        return self.sheet.column(key).header

    # -- rows -------------------------------------------------------------------------------

    def run(self, rows: Iterable[tuple[int, list]], tick: Callable[[], None]) -> None:
        # The loop every cell of the file goes through: names bound once, not looked up.
        reads = [(c.index, c.column.key, c.parse, c.label) for c in self.cells]
        width = max((c.index for c in self.cells), default=-1) + 1
        summary = self.summary
        always, default = self.fixed_always, self.fixed_default
        for excel_row, values in rows:
            tick()
            if len(values) < width:  # the reader aligns rows with the headers; be safe
                values = [*values, *([None] * (width - len(values)))]
            if _is_total_row(values):
                self._total_row(excel_row, values)
                continue
            parsed: dict[str, Any] = {}
            bad = False
            for index, key, parse, label in reads:
                try:
                    parsed[key] = parse(values[index])
                except ValueProblem as problem:
                    bad = True
                    self.problem(excel_row, problem.problem, problem.advice, column=label)
            if always:
                parsed.update(always)
            for key, value in default.items():
                if parsed.get(key) in EMPTY:
                    parsed[key] = value
            if bad:
                summary.errors += 1
                self._note_failed(parsed, excel_row)
                continue
            try:
                self._row(excel_row, parsed)
            except (DuplicateRow, SheetWide):  # its problem is listed already
                summary.errors += 1
                self._note_failed(parsed, excel_row)
            except RowError as error:
                summary.errors += 1
                self._note_failed(parsed, excel_row)
                self.problem(excel_row, error.message, error.advice, column=error.column)
        self.list_needs()
        if self.problem_count > MOST_PROBLEMS:
            more = self.problem_count - MOST_PROBLEMS
            self.state.plan.problems.append(
                ImportProblem(
                    self.name,
                    None,
                    None,
                    f"{number_of(more, 'more problem')} on this sheet "
                    f"{noun_for(more, 'is', 'are')} not listed",
                    "Is it the right file? Correct the problems above first and look again.",
                    WARNING,
                )
            )

    def _total_row(self, excel_row: int, values: list) -> None:
        said = next(v for v in values if v not in (None, ""))
        self.summary.skipped += 1
        self.problem(
            excel_row,
            f"“{said}” is a total, not {a_noun(self.record_type.noun)}: this row is left out",
            "Nothing to do, unless it is a record: then change its first cell.",
            severity=WARNING,
        )

    def _note_failed(self, parsed: dict[str, Any], excel_row: int) -> None:
        where = f"row {excel_row} of {self.name}"
        file_id = parsed.get("id")
        if file_id:
            self.state.failed_ids[file_id] = where
        name = parsed.get("name")
        if isinstance(name, str) and name:
            self.state.failed_names[(self.record_type, fold(name))] = where

    def _row(self, excel_row: int, parsed: dict[str, Any]) -> None:
        offered = self._offered(excel_row, parsed) if self.has_capabilities else []
        record_id = self._record_row(excel_row, parsed)
        if offered and record_id:
            self._add_capabilities(record_id, offered)

    def _record_row(self, excel_row: int, parsed: dict[str, Any]) -> str | None:
        """Plan the row's record; return its ID (None for a skipped example row)."""
        file_id = parsed.pop("id", "") or ""
        if file_id.casefold() == L.EXAMPLE_ID.casefold():
            self.summary.skipped += 1
            return None
        if file_id:
            if file_id in self.seen_ids:
                raise RowError(
                    f"the same ID as row {self.seen_ids[file_id]}",
                    "Each row must have its own ID: delete one of the two rows, or clear the "
                    "ID of a row that is a new record.",
                    self.where_column("id"),
                )
            self.seen_ids[file_id] = excel_row
        if file_id and not self.state.as_new:
            current = self._existing(file_id)
            if current is None:
                self._unknown_id(file_id)
            earlier = self.state.claimed.get((self.record_type, current.id))
            if earlier is not None:  # a row without an ID above was found to be this one
                raise RowError(
                    f"the same {self.record_type.noun} as {earlier} in this file",
                    "Delete one of the two rows: the one without an ID if it is not another "
                    f"{self.record_type.noun}.",
                    self.where_column("id"),
                )
            self._compare(excel_row, current, parsed)
            return current.id
        fields = self._fields(parsed, None)
        found = self._match(excel_row, fields)
        if found is None:
            return self._new(excel_row, fields, file_id)
        # A record already in the audit (imported before, from this file or another).
        if file_id:
            self.state.id_map[file_id] = found.id  # its children in the file find it
        self._compare(excel_row, found, _given(parsed), by_content=True)
        self.summary.matched += 1
        return found.id

    # -- the values of a row as record fields ----------------------------------------------

    def _fields(self, parsed: dict[str, Any], base: r.Record | None) -> dict[str, Any]:
        """The record fields the row sets, with parents resolved; hats and equality answers
        merged with `base` (the record as it is, or None for a new one)."""
        fields: dict[str, Any] = {}
        hats: dict[str, bool | None] = {}
        answers: dict[str, str | None] = {}
        roles, nullable = self.roles, self.nullable
        for key, value in parsed.items():
            role = roles[key]
            if role == _FIELD:
                if value is None and not nullable[key]:
                    continue  # an empty yes/no or a required choice: as it is (or the default)
                fields[key] = value
            elif role == _HAT:
                hats[key[5:]] = value
            elif role == _ANSWER:
                answers[key[9:]] = value
        if hats:
            worn = {h.value for h in base.hats} if base is not None else set()
            for code, yes in hats.items():
                if yes:
                    worn.add(code)
                elif yes is not None:
                    worn.discard(code)
            fields["hats"] = tuple(hat for hat, code in _HATS if code in worn)
        if answers:
            given = dict(base.equality) if base is not None else {}
            for question, code in answers.items():
                if code is None:
                    given.pop(question, None)
                else:
                    given[question] = code
            fields["equality"] = given
        fields.update(self._parents(parsed))
        return fields

    # -- changed rows -----------------------------------------------------------------------

    def _compare(
        self,
        excel_row: int,
        current: r.Record,
        parsed: dict[str, Any],
        *,
        by_content: bool = False,
    ) -> None:
        """Count the row as unchanged or changed; `by_content`: found by what it says (not
        by ID), so the fields that identify it count as the same written another way."""
        fields = self._fields(parsed, current)
        same_key = KEY_FIELDS.get(type(current), {}) if by_content else {}
        changes: dict[str, Any] = {}
        pseudonymised = False
        if isinstance(current, r.Person):
            # A partner export names people who did not agree to be named by their pseudonym,
            # and leaves blank what would identify them (the columns of Sensitivity.IDENTIFYING:
            # organisation, availability...): none of that is a change.
            name = fields.get("name")
            if name is not None and name != current.name and name == current.pseudonym:
                pseudonymised = True
                del fields["name"]
            if not fields.get("pseudonym", True):
                del fields["pseudonym"]
        for key, value in fields.items():
            old = getattr(current, key)
            if value == old:
                continue
            if key in same_key and same_key[key](value) == same_key[key](old):
                continue  # "jane smith" for "Jane Smith", "01234567890" for "01234 567890"
            cell = self.by_key.get(key)
            kind = cell.column.kind if cell else None
            if kind in _TEXT_KINDS:
                if same_text(value, old) or (
                    pseudonymised
                    and not value
                    and cell.column.sensitivity is Sensitivity.IDENTIFYING
                ):
                    continue
            elif kind in _ITEM_KINDS and same_items(value, old):
                continue
            changes[key] = value
        if not changes:
            self.summary.unchanged += 1
            return
        record = dataclasses.replace(current, **changes)
        self._check(excel_row, record)
        self.summary.changed += 1
        self.state.plan.updates.append((record, tuple(changes)))
        self.state.plan.changes.append(
            RowChange(self.name, excel_row, _label(current), self._headers(changes))
        )

    def _headers(self, changes: dict[str, Any]) -> tuple[str, ...]:
        headers = []
        for key in changes:
            if key == "hats":
                headers.append("hats")
            elif key == "equality":
                headers.append("equality answers")
            else:
                cell = self.by_key.get(key)
                headers.append(cell.column.header if cell else key.replace("_", " "))
        return tuple(headers)

    # -- new rows ---------------------------------------------------------------------------

    def _new(self, excel_row: int, fields: dict[str, Any], file_id: str) -> str:
        for name in sorted(self.required - set(fields)):
            column = next((c for c in self.sheet.columns if c.key == name), None)
            header = column.header if column else name.replace("_", " ")
            where = self.where_column(name)
            raise RowError(
                f"the {header} is empty" if where else f"the sheet has no {header} column",
                "Fill it in, or delete the row if it is not needed."
                if where
                else f"Add {a_noun(header)} column, or map one of the columns to it.",
                where,
            )
        if self.state.as_new:
            fields.pop("pseudonym", None)  # the audit gives its own pseudonyms
        record = self.record_type(**fields)
        self._check(excel_row, record)
        state = self.state
        if isinstance(record, r.Person | r.CommunityAsset):
            self._duplicate(excel_row, record)
        elif self.record_type in HOW and self.record_type is not r.Role:
            # (A second role at a stage is refused already, with its own words.)
            key = content_key(self.record_type, fields)
            if key is not None:
                earlier = state.new_keys.get((self.record_type, key))
                if earlier is not None:
                    self._same_as(earlier, fields)
                state.new_keys[(self.record_type, key)] = f"row {excel_row} of {self.name}"
        if file_id:
            state.id_map[file_id] = record.id
        state.new_ids[self.record_type].add(record.id)
        label = getattr(record, "name", None)
        if label:
            state.new_names[(self.record_type, fold(label))].append(
                (record.id, f"row {excel_row} of {self.name}")
            )
        self.summary.new += 1
        state.plan.adds.append(record)
        return record.id


_TOTAL = re.compile(r"(grand\s+|sub-?\s*)?totals?\b", re.IGNORECASE)


def _is_total_row(values: list) -> bool:
    """A row added under a list to count it: its first filled cell says "Total…"."""
    for value in values:
        if value is None or value == "":
            continue
        return isinstance(value, str) and _TOTAL.match(value.lstrip()) is not None
    return False


def _given(parsed: dict[str, Any]) -> dict[str, Any]:
    """The values a row gives: an empty cell of a row found by what it says keeps what the
    audit holds (a partner leaves out what they do not know)."""
    return {
        key: value
        for key, value in parsed.items()
        if key in _REFERENCE_KEYS or not (value is None or value == "" or value == ())
    }


def _label(record: r.Record) -> str:
    for name in ("name", "title", "description"):
        value = getattr(record, name, "")
        if value:
            text = " ".join(str(value).split())
            return text if len(text) <= 40 else text[:39] + "…"
    return record.noun
