"""The live records of each table, as TEMP views of every connection the store reads with.

A deleted record stays in its table as a tombstone (`deleted = 1`): queries read
`live_person` (the records not deleted, with their rowid) and `deleted_person` (the ids of the
tombstones) rather than repeating the test. The views are TEMP: they live in the connection,
never in the file, so the file format is untouched. SQLite flattens them into the queries that
use them, so a query on a view is planned as the same query on the table.
"""

from __future__ import annotations

import sqlite3

from coprod_desktop.store import tables as t

LIVE_TABLES = tuple(table.name for table in t.TABLES.values())


def install_live_views(connection: sqlite3.Connection) -> None:
    """Create the live_* and deleted_* views on `connection` (after any upgrade: an ALTER
    TABLE of a migration would check them against tables not made yet)."""
    for table in LIVE_TABLES:
        connection.execute(
            f"CREATE TEMP VIEW IF NOT EXISTS live_{table} AS "
            f"SELECT rowid, * FROM main.{table} WHERE deleted = 0"
        )
        connection.execute(
            f"CREATE TEMP VIEW IF NOT EXISTS deleted_{table} AS "
            f"SELECT id FROM main.{table} WHERE deleted = 1"
        )
