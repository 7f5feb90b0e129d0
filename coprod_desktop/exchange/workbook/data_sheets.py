"""The data sheets of a workbook, one row per record, as the privacy level's policy allows:
its columns, people named by name or pseudonym (a person shown by pseudonym has what would
identify them left blank too), capabilities people do not want shared left out with their
links; the Roles grid; and a template's example rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.privacy import PrivacyPolicy, Sensitivity
from coprod_desktop.domain.vocabulary import Coded, Rung, Stage
from coprod_desktop.exchange import values as V
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.book import (
    BATCH,
    EXAMPLE_FONT,
    NO,
    YES,
    Cells,
    WorkbookWriter,
    as_cells,
    choice_labels,
)
from coprod_desktop.exchange.workbook.columns import Column, Kind, Sheet
from coprod_desktop.exchange.workbook.names import NameLookup
from coprod_desktop.store.queries.records import private_capability_ids, role_grid_rows

# The People columns left blank for a person shown by pseudonym (organisation, availability...).
IDENTIFYING = tuple(c.key for c in L.PEOPLE.columns if c.sensitivity is Sensitivity.IDENTIFYING)


# -- converting records to rows ---------------------------------------------------------------


def _value_getter(column: Column, cells: Cells) -> Callable[[r.Record, dict], Any]:
    """Return a function of (record, looked-up names) giving the column's cell."""
    kind, key = column.kind, column.key
    if kind is Kind.HAT:
        hat = column.code
        return lambda rec, _n: YES if any(h.value == hat for h in rec.hats) else NO
    if kind is Kind.EQUALITY:
        question = QUESTIONS_BY_KEY[column.code]
        labels = {a.code: a.label for a in question.answers}
        return lambda rec, _n: labels.get(rec.equality.get(question.key, ""))
    if key == "round_held_on":
        return lambda _rec, names: cells.date(names.get(key))
    if kind is Kind.REF_NAME or key in ("target_kind", "target_id"):
        return lambda _rec, names: cells.text(names.get(key) or "")
    if key == "round_participants":
        return lambda _rec, names: cells.text(names.get(key) or "")
    if kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.ID, Kind.REF):
        return lambda rec, _n: cells.text(getattr(rec, key) or "")
    if kind is Kind.DATE:
        return lambda rec, _n: cells.date(getattr(rec, key))
    if kind is Kind.YES_NO:
        return lambda rec, _n: YES if getattr(rec, key) else NO
    if kind is Kind.CHOICE:
        return lambda rec, _n: getattr(rec, key).label if getattr(rec, key) else None
    if kind is Kind.CHOICES:
        return lambda rec, _n: choice_labels(getattr(rec, key)) or None
    if kind is Kind.WORDS:
        # Quoted where a word holds a separator or starts with a dash: read back as it is.
        return lambda rec, _n: cells.text(V.words_text(getattr(rec, key)))
    if kind in (Kind.STRENGTH, Kind.RATING):
        return lambda rec, _n: getattr(rec, key)
    raise ValueError(f"no cell for column kind {kind}")  # a new Kind without a writer


def _names_for(sheet: Sheet, batch: list[r.Record], names: NameLookup, rounds: dict) -> list[dict]:
    """Return, per record of the batch, the values of its derived columns (parent names...)."""
    if sheet is L.CAPABILITIES or sheet is L.ROLES:
        people = names.people(rec.person_id for rec in batch)
        return [{"person_name": people.get(rec.person_id, "")} for rec in batch]
    if sheet is L.ELEMENT_LINKS:
        found = {
            "person": names.people(rec.person_id for rec in batch),
            "capability": names.capabilities(rec.capability_id for rec in batch),
            "asset": names.assets(rec.asset_id for rec in batch),
        }
        derived = []
        for rec in batch:
            kind, target_id = rec.target
            derived.append(
                {
                    "target_kind": kind.label,
                    "target_id": target_id,
                    "target_name": found[kind.value].get(target_id, ""),
                }
            )
        return derived
    if sheet is L.RATINGS:
        return [
            {
                "round_held_on": rounds[rec.round_id][0],
                "round_participants": rounds[rec.round_id][1],
            }
            for rec in batch
        ]
    return [{} for _ in batch]


# -- sheets -----------------------------------------------------------------------------------


def record_rows(
    writer: WorkbookWriter, store, sheet: Sheet, columns: tuple[Column, ...], **filters: Any
) -> Iterator[list[Any]]:
    """Yield the rows of a data sheet, a batch of records at a time."""
    policy = writer.policy
    names = NameLookup(store, policy)
    rounds = (
        {rnd.id: (rnd.held_on, rnd.participants) for rnd in store.iterate(r.AssessmentRound)}
        if sheet is L.RATINGS
        else {}
    )
    records = store.iterate(sheet.record_type, batch_size=BATCH, **filters)
    private = (
        _private_capabilities(store)
        if sheet is L.ELEMENT_LINKS and not policy.unshared_capabilities
        else set()
    )
    getters: list[Callable] | None = None
    while batch := list(itertools.islice(records, BATCH)):
        if getters is None:
            cells = Cells(writer.book.worksheets[-1], writer.notes)
            getters = [_value_getter(c, cells) for c in columns]
        if private:
            batch = [rec for rec in batch if rec.capability_id not in private]
        derived = _names_for(sheet, batch, names, rounds)
        for record, extra in zip(batch, derived, strict=True):
            if sheet is L.PEOPLE:
                record = policy.shared_person(record, IDENTIFYING)
            yield [getter(record, extra) for getter in getters]
        writer.tick(len(batch))


def _private_capabilities(store) -> set[str]:
    """Capabilities their person does not want shared: left out of shared workbooks, with
    their links to the elements."""
    return private_capability_ids(store)


def sheet_filters(sheet: Sheet, policy: PrivacyPolicy) -> dict[str, Any]:
    """The store filter of the records of `sheet` that leave at the policy's level."""
    return policy.capability_filter() if sheet is L.CAPABILITIES else {}


def write_data_sheets(writer: WorkbookWriter, store, sheets: Iterable[Sheet]) -> None:
    for sheet in sheets:
        columns = sheet.columns_at(writer.policy)
        if sheet is L.ROLES:
            _write_role_grid(writer, store)
        rows = record_rows(writer, store, sheet, columns, **sheet_filters(sheet, writer.policy))
        # The generator's cells are made as the sheet is written (they belong to it).
        writer.data_sheet(
            sheet.name, sheet.table_name, columns, rows, hidden_columns=[len(columns)]
        )


GRID_COLUMNS = (
    Column("person_id", "Person ID", Kind.REF, width=12),
    Column("person_name", "Person", Kind.REF_NAME, width=24),
    *(Column(f"stage:{s.value}", s.label, Kind.CHOICE, width=15, choices=Rung) for s in Stage),
)


def _write_role_grid(writer: WorkbookWriter, store) -> None:
    """The Roles sheet: one row per person with roles, the rung at each stage in its column."""
    stages = [s.value for s in Stage]
    ranks = {rung.value: rung.rank for rung in Rung}
    labels = {rung.value: rung.label for rung in Rung}
    policy = writer.policy

    def rows() -> Iterator[list[Any]]:
        # In the order people were added, as the People sheet (see role_grid_rows).
        cursor = role_grid_rows(store)
        for person_id, group in itertools.groupby(cursor, key=lambda row: row[0]):
            best: dict[str, str] = {}
            name = ""
            for _, name_, pseudonym, consent, stage, rung in group:
                name = policy.display_name(name_, pseudonym, consent)
                if stage not in best or ranks[rung] > ranks[best[stage]]:
                    best[stage] = rung
            yield [person_id, name, *(labels.get(best.get(s, "")) for s in stages)]

    writer.data_sheet(
        L.ROLE_GRID_SHEET, "RolesByStage", GRID_COLUMNS, as_cells(writer, rows()), prompts=False
    )


def template_rows(
    writer: WorkbookWriter, sheet: Sheet, columns: tuple[Column, ...], rows: Iterable[list]
) -> Iterator[list[Any]]:
    cells = Cells(writer.book.worksheets[-1], writer.notes)
    for example in sheet.examples:
        row = []
        for column in columns:
            value = L.EXAMPLE_ID if column.kind is Kind.ID else _example_value(column, example)
            row.append(cells.styled(value, font=EXAMPLE_FONT) if value is not None else None)
        yield row
    yield from rows


def _example_value(column: Column, example: dict[str, object]) -> Any:
    if column.kind is Kind.HAT:
        return YES if example.get(column.key) else NO
    value = example.get(column.key)
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Coded):
        return value.label
    if isinstance(value, tuple):
        return L.MULTI_SEPARATOR.join(v.label if isinstance(v, Coded) else str(v) for v in value)
    return value
