"""Where a record stands in a sorted list, counted in SQL: for the window's long lists,
which page through 100,000 people and cannot read every page to find one row."""

from __future__ import annotations

from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.store import tables as t


def position_in_order_added(store, record_type: type[r.Record], record_id: str) -> int | None:
    """The row of a live record among all the live ones in the order added; None when it is
    not live."""
    table = t.table_for(record_type).name
    found = store.query(
        f"SELECT count(*) FROM live_{table} WHERE rowid < "
        f"(SELECT rowid FROM live_{table} WHERE id = ?)",
        [record_id],
    )
    exists = store.get(record_type, record_id) is not None
    return found[0][0] if found and exists else None


def position_by_name(
    store, record_type: type[r.Record], record_id: str, **filters: Any
) -> int | None:
    """The row of a person or asset among those `filters` show (as `AuditStore.page` takes
    them), sorted by name, ties by ID as the pages are; None when it is not shown.

    Three lookups on the index by name: far quicker than joining the table to itself."""
    table = t.table_for(record_type).name
    found = store.query(f"SELECT sort_name FROM live_{table} WHERE id = ?", [record_id])
    if not found:
        return None
    where, parameters = store.filter_sql(record_type, **filters)
    shown = store.query(
        f"SELECT count(*) FROM {table} WHERE {where} AND id = ?", [*parameters, record_id]
    )[0][0]
    if not shown:
        return None
    sort_name = found[0][0]
    return store.query(
        f"SELECT count(*) FROM {table} WHERE {where} "
        "AND (sort_name < ? OR (sort_name = ? AND id < ?))",
        [*parameters, sort_name, sort_name, record_id],
    )[0][0]


def people_before(store, key: str, **filters: Any) -> int:
    """How many of the people `filters` show sort before the sort key `key`."""
    where, parameters = store.filter_sql(r.Person, **filters)
    return store.query(
        f"SELECT count(*) FROM person WHERE {where} AND sort_name < ?", [*parameters, key]
    )[0][0]


def people_by_stage(store, **filters: Any) -> list[tuple]:
    """(stage, how many) of the live roles of the people `filters` show, by stage."""
    where, parameters = store.filter_sql(r.Person, **filters)
    # A lookup per role (EXISTS) is four times faster than listing every person (IN).
    return store.query(
        "SELECT stage, count(*) FROM live_role AS role WHERE EXISTS "
        f"(SELECT 1 FROM person WHERE person.id = role.person_id AND {where}) GROUP BY stage",
        parameters,
    )
