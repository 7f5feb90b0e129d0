"""Reading records: one by ID, pages sorted and filtered in the database, counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from coprod_desktop.domain import records as r
from coprod_desktop.store import tables as t
from coprod_desktop.store.connection import sqlite_errors
from coprod_desktop.store.queries.counts import INFO_COUNTS, live_counts
from coprod_desktop.store.queries.live import install_live_views
from coprod_desktop.store.search import fts_query
from coprod_desktop.store.writes import chunks

R = TypeVar("R", bound=r.Record)
PAGE_LIMIT_MAX = 1000


class Reading:
    """The store's reads (a mixin of AuditStore)."""

    _views_on: sqlite3.Connection | None = None  # the connection the live views are made on

    def get(
        self, record_type: type[R], record_id: str, *, include_deleted: bool = False
    ) -> R | None:
        with sqlite_errors(self.path):
            return self._get(self._connection, record_type, record_id, include_deleted)

    def _get(
        self,
        connection: sqlite3.Connection,
        record_type: type[R],
        record_id: str,
        include_deleted: bool,
    ) -> R | None:
        table = t.table_for(record_type)
        columns = ", ".join(c.name for c in table.columns)
        sql = f"SELECT {columns} FROM {table.name} WHERE id = ?"
        if not include_deleted:
            sql += " AND deleted = 0"
        rows = connection.execute(sql, (record_id,)).fetchall()
        return self._decode_rows(table, rows)[0] if rows else None

    def count(self, record_type: type[r.Record], **filters: Any) -> int:
        table = t.table_for(record_type)
        where, parameters = where_clause(table, filters)
        return self._read(f"SELECT count(*) FROM {table.name} WHERE {where}", parameters)[0][0]

    def page(
        self,
        record_type: type[R],
        *,
        offset: int = 0,
        limit: int = 100,
        sort: str | None = None,
        descending: bool = False,
        **filters: Any,
    ) -> list[R]:
        """Return one page of live records, sorted and filtered in the database.

        Filters are column=value pairs; people also take hat=Hat and text="words" (search).
        """
        table = t.table_for(record_type)
        limit = max(0, min(limit, PAGE_LIMIT_MAX))
        where, parameters = where_clause(table, filters)
        order = order_clause(table, sort, descending)
        columns = ", ".join(c.name for c in table.columns)
        rows = self._read(
            f"SELECT {columns} FROM {table.name} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*parameters, limit, max(0, offset)],
        )
        return self._decode_rows(table, rows)

    def query(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple]:
        """Run a read-only SQL query: for `store/queries`, which sums in the database (the
        modules outside the store ask those functions, never SQL of their own)."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise ValueError("query() only reads; edits go through add, update and delete")
        if self._views_on is not self._connection:
            # Made at the first query of each connection (a failed write may have replaced
            # it), not at opening: opening stays as quick as it was.
            with sqlite_errors(self.path):
                install_live_views(self._connection)
            self._views_on = self._connection
        return self._read(sql, parameters)

    def filter_sql(self, record_type: type[r.Record], **filters: Any) -> tuple[str, list]:
        """Return the WHERE clause and its parameters that `count` and `page` use for
        `filters`, for the queries of `store/queries` that must agree with them."""
        return where_clause(t.table_for(record_type), filters)

    def related(self, record_type: type[R], field: str, ids: Iterable[str]) -> list[R]:
        """Return the live records whose `field` (e.g. person_id) is one of `ids`."""
        table = t.table_for(record_type)
        column = table.columns[table.index(field)].name
        columns = ", ".join(c.name for c in table.columns)
        rows: list[tuple] = []
        for chunk in chunks(list(dict.fromkeys(ids)), 500):
            marks = ", ".join("?" * len(chunk))
            rows += self._read(
                f"SELECT {columns} FROM {table.name} "
                f"WHERE deleted = 0 AND {column} IN ({marks}) ORDER BY rowid",
                chunk,
            )
        return self._decode_rows(table, rows)

    def iterate(
        self, record_type: type[R], *, batch_size: int = 2000, **filters: Any
    ) -> Iterator[R]:
        """Yield every live record in the order added, a batch at a time (for exports)."""
        table = t.table_for(record_type)
        where, parameters = where_clause(table, filters)
        columns = ", ".join(c.name for c in table.columns)
        last = 0
        while True:
            rows = self._read(
                f"SELECT rowid, {columns} FROM {table.name} WHERE {where} AND rowid > ? "
                "ORDER BY rowid LIMIT ?",
                [*parameters, last, batch_size],
            )
            if not rows:
                return
            last = rows[-1][0]
            yield from self._decode_rows(table, [row[1:] for row in rows])

    def _decode_rows(self, table: t.Table, rows: list[tuple]) -> list:
        if table is not t.PERSON:
            return [table.decode(row) for row in rows]
        ids = [row[0] for row in rows]
        hats: dict[str, list] = {i: [] for i in ids}
        answers: dict[str, dict] = {i: {} for i in ids}
        for chunk in chunks(ids, 500):
            marks = ", ".join("?" * len(chunk))
            for person_id, hat in self._connection.execute(
                f"SELECT person_id, hat FROM person_hat WHERE person_id IN ({marks})", chunk
            ):
                hats[person_id].append(r.Hat(hat))
            for person_id, question, answer in self._connection.execute(
                f"SELECT person_id, question, answer FROM equality_answer "
                f"WHERE person_id IN ({marks})",
                chunk,
            ):
                answers[person_id][question] = answer
        order = list(r.Hat)
        return [
            table.decode(
                row, hats=tuple(sorted(hats[row[0]], key=order.index)), equality=answers[row[0]]
            )
            for row in rows
        ]

    def counts(self, *kinds: str) -> dict[str, int]:
        """Return the number of live records of each kind: those named (the keys of
        `queries.counts.COUNTED`: "people", "actions"...), or else the seven that
        `coprod-desktop info` shows. Every count of records is taken here."""
        return live_counts(self, kinds or INFO_COUNTS)

    def changes(self, *, limit: int = 100, offset: int = 0) -> list[r.ChangeLogEntry]:
        rows = self._read(
            "SELECT seq, at, by, entity, record_id, action, summary FROM change_log "
            "ORDER BY seq DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [r.ChangeLogEntry(*row) for row in rows]


def where_clause(table: t.Table, filters: dict[str, Any]) -> tuple[str, list[Any]]:
    clauses, parameters = ["deleted = 0"], []
    allowed = {c.name for c in table.columns}
    by_field = {c.field: c for c in table.columns}
    for key, value in filters.items():
        if table is t.PERSON and key == "hat":
            clauses.append("id IN (SELECT person_id FROM person_hat WHERE hat = ?)")
            parameters.append(str(value))
        elif table is t.PERSON and key == "text":
            match = fts_query(str(value))
            if match:
                clauses.append(
                    "rowid IN (SELECT rowid / 4 FROM search_index WHERE search_index MATCH ? "
                    "AND kind = 'person')"
                )
                parameters.append(match)
        elif key in by_field and by_field[key].name in allowed:
            column = by_field[key]
            if value is None:
                clauses.append(f"{column.name} IS NULL")
            else:
                clauses.append(f"{column.name} = ?")
                parameters.append(column.encode(value))
        else:
            raise ValueError(f"cannot filter {table.entity} records by '{key}'")
    return " AND ".join(clauses), parameters


def order_clause(table: t.Table, sort: str | None, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    if sort in (None, "name") and table.sort_source:
        sort = "sort_name"
    if sort is None:
        return f"rowid {direction}"
    if sort not in table.sortable:
        raise ValueError(f"cannot sort {table.entity} records by '{sort}'")
    ties = ["id"] if sort == "sort_name" else [*_TIES.get((table.name, sort), ()), "rowid"]
    return ", ".join(f"{column} {direction}" for column in (sort, *ties))


# Columns that order ties, as in each table's index for that sort (store/schema/v2.sql).
_TIES = {("person", "organisation"): ("sort_name",), ("asset", "category"): ("sort_name",)}
