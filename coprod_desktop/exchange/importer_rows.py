"""The rows of one sheet of an import: read, matched to the audit, compared, checked.

A row with an ID is compared field by field with the record of that ID (changed or unchanged);
a row without one is a new record; an example row of a template is skipped. Parents are found
by ID, else by name (a person, an asset) or date (a self-assessment round), among the records
of the audit and the new rows of the same file. Every record to write is checked with
`domain.validation`. A row with any problem is not imported, and the problem says where it
is and what to do.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl.utils import get_column_letter

from coprod_desktop.domain import records as r
from coprod_desktop.domain.validation import problems as record_problems
from coprod_desktop.domain.vocabulary import Hat, LinkTarget
from coprod_desktop.exchange import layout as L
from coprod_desktop.exchange.importer_cells import (
    ValueProblem,
    parser_for,
    same_items,
    same_text,
)
from coprod_desktop.exchange.importer_duplicates import Match, NameIndex
from coprod_desktop.exchange.importer_plan import (
    ERROR,
    WARNING,
    ImportPlan,
    ImportProblem,
    RowChange,
    SheetPlan,
)
from coprod_desktop.exchange.layout import Column, Kind, Sheet

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
_FIELD, _HAT, _ANSWER, _REFERENCE = range(4)
_TEXT_KINDS = (Kind.TEXT, Kind.LONG_TEXT)
_HATS = tuple((hat, hat.value) for hat in Hat)  # in the order the audit keeps them
_ITEM_KINDS = (Kind.CHOICES, Kind.WORDS)


class _RowError(Exception):
    """A problem that stops one row from being imported."""

    def __init__(self, message: str, advice: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message, self.advice, self.column = message, advice, column


def fold(name: str) -> str:
    """A name as matched: no case, single spaces."""
    return " ".join(name.casefold().split())


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


class ImportState:
    """What the sheets of one import share: the audit's records, the new rows, the plan."""

    def __init__(self, store, plan: ImportPlan, *, add_duplicates: bool, today: date) -> None:
        self.store = store
        self.plan = plan
        self.as_new = plan.as_new
        self.add_duplicates = add_duplicates
        self.today = today
        # as_new: the ID a row had in the file -> the new record's ID.
        self.id_map: dict[str, str] = {}
        # Rows not imported, by the ID they had in the file and by folded name: children
        # that point at them say so.
        self.failed_ids: dict[str, str] = {}
        self.failed_names: dict[tuple[type, str], str] = {}
        self.new_ids: dict[type, set[str]] = defaultdict(set)
        self.new_names: dict[tuple[type, str], list[tuple[str, str]]] = defaultdict(list)
        self._live: dict[type, set[str]] = {}
        self._names: dict[type, dict[str, list[str]]] = {}
        self._duplicates: dict[type, NameIndex] = {}
        self._rounds: list[tuple[str, date]] | None = None
        self._role_stages: dict[tuple[str, str], str] | None = None

    # -- the audit's records, read in bulk when first needed ------------------------------

    def live_ids(self, record_type: type[r.Record]) -> set[str]:
        if record_type not in self._live:
            table = _table(record_type)
            self._live[record_type] = {
                row[0] for row in self.store.query(f"SELECT id FROM {table} WHERE deleted = 0")
            }
        return self._live[record_type]

    def is_deleted(self, record_type: type[r.Record], record_id: str) -> bool:
        table = _table(record_type)
        return bool(
            self.store.query(f"SELECT 1 FROM {table} WHERE id = ? AND deleted = 1", (record_id,))
        )

    def names(self, record_type: type[r.Record]) -> dict[str, list[str]]:
        """Folded names of the audit's live people (and pseudonyms), assets or capabilities."""
        if record_type not in self._names:
            found: dict[str, list[str]] = defaultdict(list)
            if record_type is r.Person:
                rows = self.store.query("SELECT id, name, pseudonym FROM person WHERE deleted = 0")
                for person_id, name, pseudonym in rows:
                    found[fold(name)].append(person_id)
                    if pseudonym and fold(pseudonym) != fold(name):
                        found[fold(pseudonym)].append(person_id)
            elif record_type is r.CommunityAsset:
                for asset_id, name in self.store.query(
                    "SELECT id, name FROM asset WHERE deleted = 0"
                ):
                    found[fold(name)].append(asset_id)
            elif record_type is r.Capability:
                # As an export names them: "description (person)".
                for capability_id, description, name, pseudonym in self.store.query(
                    "SELECT c.id, c.description, p.name, p.pseudonym FROM capability AS c "
                    "JOIN person AS p ON p.id = c.person_id "
                    "WHERE c.deleted = 0 AND p.deleted = 0"
                ):
                    for who in dict.fromkeys((name, pseudonym)):
                        found[fold(f"{description} ({who})")].append(capability_id)
            self._names[record_type] = found
        return self._names[record_type]

    def rounds(self) -> list[tuple[str, date]]:
        if self._rounds is None:
            self._rounds = [(rnd.id, rnd.held_on) for rnd in self.store.iterate(r.AssessmentRound)]
        return self._rounds

    def role_stages(self) -> dict[tuple[str, str], str]:
        """(person ID, stage) -> role ID, of the audit's live roles and the new ones."""
        if self._role_stages is None:
            self._role_stages = {
                (person_id, stage): role_id
                for role_id, person_id, stage in self.store.query(
                    "SELECT id, person_id, stage FROM role WHERE deleted = 0"
                )
            }
        return self._role_stages

    def duplicates(self, record_type: type[r.Record]) -> NameIndex:
        if record_type not in self._duplicates:
            if record_type is r.Person:
                index = NameIndex()
                for name, email in self.store.query(
                    "SELECT name, email FROM person WHERE deleted = 0"
                ):
                    index.add(name, "already in the audit", email=email)
            else:
                index = NameIndex(by_postcode=True)
                for name, postcode in self.store.query(
                    "SELECT name, postcode FROM asset WHERE deleted = 0"
                ):
                    index.add(name, "already in the audit", postcode=postcode)
            self._duplicates[record_type] = index
        return self._duplicates[record_type]


def _table(record_type: type[r.Record]) -> str:
    from coprod_desktop.store import tables

    return tables.table_for(record_type).name


class SheetImport:
    """Plans the rows of one sheet."""

    def __init__(
        self,
        state: ImportState,
        sheet: Sheet,
        name: str,
        headers: list[str],
        mapping: dict[str, str],
    ) -> None:
        self.state = state
        self.sheet = sheet
        self.name = name
        self.record_type = sheet.record_type
        self.summary = SheetPlan(name, sheet.record_type)
        self.nullable, self.required = _record_fields(sheet.record_type)
        self.problem_count = 0
        self.cells: list[_Cell] = []
        self.by_key: dict[str, _Cell] = {}
        self.seen_ids: dict[str, int] = {}
        by_key = {c.key: c for c in sheet.columns}
        for index, header in enumerate(headers):
            key = mapping.get(header, "")
            column = by_key.get(key)
            if column is None or key in self.by_key:
                continue  # unmapped, or a second column for a field already read
            cell = _Cell(index, column, column_label(index, header), parser_for(column))
            self.cells.append(cell)
            self.by_key[key] = cell
        # What each column's value is for: a field, a hat, an equality answer, a reference.
        self.roles = {key: self._role(key) for key in self.by_key}

    def _role(self, key: str) -> int:
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
        for excel_row, values in rows:
            tick()
            if len(values) < width:  # the reader aligns rows with the headers; be safe
                values = [*values, *([None] * (width - len(values)))]
            parsed: dict[str, Any] = {}
            bad = False
            for index, key, parse, label in reads:
                try:
                    parsed[key] = parse(values[index])
                except ValueProblem as problem:
                    bad = True
                    self.problem(excel_row, problem.problem, problem.advice, column=label)
            if bad:
                summary.errors += 1
                self._note_failed(parsed, excel_row)
                continue
            try:
                self._row(excel_row, parsed)
            except _Duplicate:  # its problem is listed already
                summary.errors += 1
                self._note_failed(parsed, excel_row)
            except _RowError as error:
                summary.errors += 1
                self._note_failed(parsed, excel_row)
                self.problem(excel_row, error.message, error.advice, column=error.column)
        if self.problem_count > MOST_PROBLEMS:
            more = self.problem_count - MOST_PROBLEMS
            self.state.plan.problems.append(
                ImportProblem(
                    self.name,
                    None,
                    None,
                    f"{more:,} more problems on this sheet are not listed",
                    "Is it the right file? Correct the problems above first and look again.",
                    WARNING,
                )
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
        file_id = parsed.pop("id", "") or ""
        if file_id.casefold() == L.EXAMPLE_ID.casefold():
            self.summary.skipped += 1
            return
        if file_id:
            if file_id in self.seen_ids:
                raise _RowError(
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
            self._compare(excel_row, current, parsed)
        else:
            self._new(excel_row, parsed, file_id)

    def _existing(self, file_id: str) -> r.Record | None:
        """The audit's live record with this ID, or None.

        The audit's records are read in bulk, in the order they were added, as the rows ask
        for them, and held until their row comes: an export lists them in that order, so only
        a few are held at a time however large the audit (a sorted sheet, or a partner copy
        that leaves some out, holds more)."""
        window = self._window
        found = window.pop(file_id, None)
        if found is not None or self._records is None:
            return found
        for record in self._records:
            if record.id == file_id:
                return record
            window[record.id] = record
        self._records = None  # all read: the ID is not the audit's
        return None

    @functools.cached_property
    def _window(self) -> dict[str, r.Record]:
        return {}

    @functools.cached_property
    def _records(self) -> Iterator[r.Record] | None:
        return self.state.store.iterate(self.record_type)

    def _unknown_id(self, file_id: str) -> typing.NoReturn:
        noun = self.record_type.noun
        column = self.where_column("id")
        if self.state.is_deleted(self.record_type, file_id):
            raise _RowError(
                f"this {noun} has been deleted from the audit since the workbook was made",
                f"To bring it back, restore it in Coprod Desktop and import again; to add it "
                f"as a new {noun}, clear its ID cell.",
                column,
            )
        raise _RowError(
            f"the ID '{file_id}' is not the ID of {_a(noun)} in this audit",
            f"If the row is a new {noun}, clear its ID cell. If the workbook comes from "
            "another audit, import it as new records.",
            column,
        )

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

    def _parents(self, parsed: dict[str, Any]) -> dict[str, Any]:
        sheet = self.sheet
        if sheet.parent is not None and sheet.parent[1] is r.Person:
            return {"person_id": self._person(parsed)}
        if sheet is L.ELEMENT_LINKS:
            return self._link_target(parsed)
        if sheet is L.RATINGS:
            return {"round_id": self._round(parsed)}
        return {}

    def _person(self, parsed: dict[str, Any]) -> str:
        file_id = parsed.get("person_id") or ""
        name = parsed.get("person_name") or ""
        if file_id:
            return self._reference(r.Person, file_id, "person_id")
        if name:
            return self._by_name(r.Person, name, "person_name")
        raise _RowError(
            "it does not say whose it is",
            f"Write the person's name in the {self.header('person_name')} column, exactly as "
            "on the People sheet.",
            self.where_column("person_name"),
        )

    def _reference(self, record_type: type[r.Record], file_id: str, key: str) -> str:
        """The ID of the parent a row names by ID: in the audit, or a new row of the file."""
        state = self.state
        column = self.where_column(key)
        if state.as_new:
            if file_id in state.id_map:
                return state.id_map[file_id]
        elif file_id in state.live_ids(record_type) or file_id in state.new_ids[record_type]:
            return file_id
        noun = record_type.noun
        if file_id in state.failed_ids:
            raise _RowError(
                f"its {noun} ({state.failed_ids[file_id]}) is not imported because of a problem "
                "there",
                "Correct that row first.",
                column,
            )
        if state.as_new:
            raise _RowError(
                f"its {noun} (ID '{file_id}') is not in this file, and the rows of this file "
                "are imported as new records",
                f"Add the {noun} to the file, or write "
                f"{'their' if record_type is r.Person else 'its'} name instead of the ID.",
                column,
            )
        raise _RowError(
            f"the ID '{file_id}' is not the ID of {_a(noun)} in this audit",
            f"Clear the ID and name the {noun} instead, exactly as in the audit.",
            column,
        )

    def _by_name(self, record_type: type[r.Record], name: str, key: str) -> str:
        state = self.state
        folded = fold(name)
        found = list(state.names(record_type).get(folded, ()))
        found += [new_id for new_id, _where in state.new_names.get((record_type, folded), ())]
        noun = record_type.noun
        column = self.where_column(key)
        if len(found) == 1:
            return found[0]
        if not found:
            if (record_type, folded) in state.failed_names:
                where = state.failed_names[(record_type, folded)]
                raise _RowError(
                    f"its {noun} '{name}' ({where}) is not imported because of a problem there",
                    "Correct that row first.",
                    column,
                )
            if record_type is r.Person:
                advice = (
                    "Write the name exactly as on the People sheet or in the audit, or add "
                    "the person on the People sheet."
                )
            else:
                advice = f"Write the name exactly as in the audit, or add the {noun} first."
            raise _RowError(f"there is no {noun} called '{name}'", advice, column)
        raise _RowError(
            f"{len(found)} {record_type.plural} are called '{name}'",
            f"Say which one: copy the ID of the right {noun} from an export of the audit.",
            column,
        )

    def _link_target(self, parsed: dict[str, Any]) -> dict[str, Any]:
        kind = parsed.get("target_kind")
        file_id = parsed.get("target_id") or ""
        name = parsed.get("target_name") or ""
        types = {
            LinkTarget.PERSON: r.Person,
            LinkTarget.CAPABILITY: r.Capability,
            LinkTarget.ASSET: r.CommunityAsset,
        }
        if kind is None:
            if file_id and not self.state.as_new:
                kind = next(
                    (k for k, t in types.items() if file_id in self.state.live_ids(t)), None
                )
            if kind is None:
                raise _RowError(
                    "it does not say what is linked to the element",
                    f"Choose Person, Capability or Community asset in the "
                    f"{self.header('target_kind')} column.",
                    self.where_column("target_kind"),
                )
        record_type = types[kind]
        if file_id:
            target = self._reference(record_type, file_id, "target_id")
        elif name:
            target = self._by_name(record_type, name, "target_name")
        else:
            raise _RowError(
                f"it does not say which {record_type.noun} is linked",
                f"Write its name in the {self.header('target_name')} column.",
                self.where_column("target_name"),
            )
        return {
            "person_id": target if kind is LinkTarget.PERSON else None,
            "capability_id": target if kind is LinkTarget.CAPABILITY else None,
            "asset_id": target if kind is LinkTarget.ASSET else None,
        }

    def _round(self, parsed: dict[str, Any]) -> str:
        file_id = parsed.get("round_id") or ""
        held_on = parsed.get("round_held_on")
        rounds = self.state.rounds()
        if file_id and any(round_id == file_id for round_id, _ in rounds):
            return file_id
        if held_on is not None:
            found = [round_id for round_id, day in rounds if day == held_on]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise _RowError(
                    f"{len(found)} self-assessment rounds were held on {held_on:%d/%m/%Y}",
                    "Copy the Round ID of the right round from an export of the audit.",
                    self.where_column("round_held_on"),
                )
            raise _RowError(
                f"this audit has no self-assessment round held on {held_on:%d/%m/%Y}",
                "Add the round in the app first (Self-assessment), then import again.",
                self.where_column("round_held_on"),
            )
        raise _RowError(
            "it does not say which self-assessment round the rating belongs to",
            "Write the date the round was held on; add the round in the app first if it is new.",
            self.where_column("round_held_on") or self.where_column("round_id"),
        )

    # -- changed rows -----------------------------------------------------------------------

    def _compare(self, excel_row: int, current: r.Record, parsed: dict[str, Any]) -> None:
        fields = self._fields(parsed, current)
        changes: dict[str, Any] = {}
        pseudonymised = False
        if isinstance(current, r.Person):
            # A partner export names people who did not agree to be named by their pseudonym,
            # and leaves out their organisation and availability: none of that is a change.
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
            cell = self.by_key.get(key)
            kind = cell.column.kind if cell else None
            if kind in _TEXT_KINDS:
                if same_text(value, old) or (
                    pseudonymised and not value and key in ("organisation", "availability")
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

    def _new(self, excel_row: int, parsed: dict[str, Any], file_id: str) -> None:
        fields = self._fields(parsed, None)
        for name in sorted(self.required - set(fields)):
            column = next((c for c in self.sheet.columns if c.key == name), None)
            header = column.header if column else name.replace("_", " ")
            where = self.where_column(name)
            raise _RowError(
                f"the {header} is empty" if where else f"the sheet has no {header} column",
                "Fill it in, or delete the row if it is not needed."
                if where
                else f"Add {_a(header)} column, or map one of the columns to it.",
                where,
            )
        if self.state.as_new:
            fields.pop("pseudonym", None)  # the audit gives its own pseudonyms
        record = self.record_type(**fields)
        self._check(excel_row, record)
        if isinstance(record, r.Person | r.CommunityAsset):
            self._duplicate(excel_row, record)
        state = self.state
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

    def _duplicate(self, excel_row: int, record: r.Person | r.CommunityAsset) -> None:
        index = self.state.duplicates(type(record))
        email = getattr(record, "email", "")
        postcode = getattr(record, "postcode", "")
        match = index.find(record.name, email=email, postcode=postcode)
        where = f"row {excel_row} of {self.name} in this file"
        index.add(record.name, where, email=email, postcode=postcode)
        if match is None:
            return
        noun = "person" if isinstance(record, r.Person) else "community asset"
        found = self._duplicate_problem(excel_row, noun, match)
        if found is not None:
            self.state.plan.duplicates.append(found)
        if not self.state.add_duplicates:
            raise _Duplicate()

    def _duplicate_problem(self, excel_row: int, noun: str, match: Match) -> ImportProblem | None:
        how = "the same e-mail address as" if match.why == "e-mail" else "likely the same"
        message = (
            f"{how} '{match.name}' ({match.where})"
            if match.why == "e-mail"
            else f"{how} {noun} as '{match.name}' ({match.where})"
        )
        if self.state.add_duplicates:
            advice = "Added anyway, as asked."
            severity = WARNING
        else:
            advice = (
                f"If it is the same {noun}, delete this row. To add it anyway, import again "
                "choosing to add likely duplicates."
            )
            severity = ERROR
        column = self.where_column("email" if match.why == "e-mail" else "name")
        return self.problem(excel_row, message, advice, column=column, severity=severity)

    # -- checks -----------------------------------------------------------------------------

    def _check(self, excel_row: int, record: r.Record) -> None:
        found = record_problems(record, self.state.today)
        if not found:
            if isinstance(record, r.Role):
                self._role_stage(record)
            return
        first = found[0]
        for problem in found[1:]:
            self.problem(
                excel_row,
                problem.message,
                "Correct it and import again.",
                column=self._field_column(problem.field),
            )
        raise _RowError(
            first.message, "Correct it and import again.", self._field_column(first.field)
        )

    def _field_column(self, field_name: str) -> str | None:
        keys = {
            "target": ("target_id", "target_name", "target_kind"),
            "subject": ("element", "principle"),
            "equality": tuple(c.column.key for c in self.cells if c.column.kind is Kind.EQUALITY),
            "person_id": ("person_id", "person_name"),
            "round_id": ("round_id", "round_held_on"),
        }.get(field_name, (field_name,))
        return next((self.where_column(k) for k in keys if self.where_column(k)), None)

    def _role_stage(self, role: r.Role) -> None:
        """A person has one role per stage: refuse a second (the audit would)."""
        stages = self.state.role_stages()
        key = (role.person_id, role.stage.value)
        holder = stages.get(key)
        if holder is not None and holder != role.id:
            raise _RowError(
                f"this person already has a role at the {role.stage.label} stage",
                "A person has one role per stage: change that role instead of adding another.",
                self.where_column("stage"),
            )
        stages[key] = role.id


class _Duplicate(_RowError):
    """A new row that is likely a duplicate: its problem is already listed."""

    def __init__(self) -> None:
        super().__init__("", "")


def _a(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def _label(record: r.Record) -> str:
    for name in ("name", "title", "description"):
        value = getattr(record, name, "")
        if value:
            text = " ".join(str(value).split())
            return text if len(text) <= 40 else text[:39] + "…"
    return record.noun
