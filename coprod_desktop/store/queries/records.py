"""Columns of records as stored (codes, JSON text), in bulk: for the importer's matching and
the exports, which read a few columns of many records without building the records."""

from __future__ import annotations

from collections.abc import Iterable

from coprod_desktop.domain import records as r
from coprod_desktop.store import tables as t
from coprod_desktop.store.writes import chunks


def _columns(table: t.Table, columns: tuple[str, ...]) -> str:
    known = set(table.column_names())
    if unknown := [column for column in columns if column not in known]:
        raise ValueError(f"{table.name} has no column {', '.join(unknown)}")
    return ", ".join(columns)


def live_columns(
    store, record_type: type[r.Record], *columns: str, in_order_added: bool = False
) -> list[tuple]:
    """The values of `columns` (as stored) of every live record of a kind; in the order the
    records were added when asked (else in whatever order SQLite reads them fastest)."""
    table = t.table_for(record_type)
    order = " ORDER BY rowid" if in_order_added else ""
    return store.query(f"SELECT {_columns(table, columns)} FROM live_{table.name}{order}")


def columns_by_id(
    store, record_type: type[r.Record], columns: tuple[str, ...], ids: Iterable[str | None]
) -> list[tuple]:
    """The values of `columns` of the records with these IDs, deleted or not (a batch at a
    time); empty IDs and repeats are left out."""
    table = t.table_for(record_type)
    wanted = list(dict.fromkeys(i for i in ids if i))
    names = _columns(table, columns)
    rows: list[tuple] = []
    for chunk in chunks(wanted, 500):
        marks = ", ".join("?" * len(chunk))
        rows += store.query(f"SELECT {names} FROM {table.name} WHERE id IN ({marks})", chunk)
    return rows


def is_deleted(store, record_type: type[r.Record], record_id: str) -> bool:
    """Whether the audit holds `record_id` as a deleted record (a tombstone)."""
    table = t.table_for(record_type).name
    return bool(store.query(f"SELECT 1 FROM deleted_{table} WHERE id = ?", (record_id,)))


def capability_names(store) -> list[tuple]:
    """(ID, description, person's name, person's pseudonym) of the live capabilities of live
    people."""
    return store.query(
        "SELECT c.id, c.description, p.name, p.pseudonym FROM live_capability AS c "
        "JOIN live_person AS p ON p.id = c.person_id"
    )


def private_capability_ids(store) -> set[str]:
    """The live capabilities their person does not want shared."""
    rows = store.query("SELECT id FROM live_capability WHERE willing_to_share = 0")
    return {capability_id for (capability_id,) in rows}


def role_grid_rows(store) -> list[tuple]:
    """(person ID, name, pseudonym, consent scope, stage, rung) of every live role of a live
    person, in the order the people were added (as the People sheet: sorting by name would
    give away the real names of people shown by pseudonym)."""
    return store.query(
        "SELECT p.id, p.name, p.pseudonym, p.consent_scope, role.stage, role.rung "
        "FROM live_role AS role JOIN live_person AS p ON p.id = role.person_id "
        "ORDER BY p.rowid"
    )
