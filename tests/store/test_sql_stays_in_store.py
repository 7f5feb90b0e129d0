"""The store owns SQL: no module outside coprod_desktop/store runs a query or tests for
tombstones (`deleted = 0`) itself. They ask the store (AuditStore's methods and the query
functions of store/queries, which read the live_* views), so that the schema can change in
one place."""

from __future__ import annotations

import re
from pathlib import Path

import coprod_desktop

PACKAGE = Path(coprod_desktop.__file__).parent
# Running SQL (a connection's execute, the store's raw query), SQL text, a tombstone test.
SQL = re.compile(
    r"\.execute(many|script)?\(|\.query\(|\bSELECT\b|\bINSERT INTO\b|\bDELETE FROM\b"
    r"|\bUPDATE \w+ SET\b|\bdeleted = [01]\b"
)
# Modules that still hold SQL, and why. Take a module out once its queries have moved.
ALLOWED: dict[str, str] = {}


def _sql_lines(path: Path) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SQL.search(line)
    ]


def _modules_outside_store() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] != "store"
    ]


def test_no_sql_outside_the_store():
    found = [
        line
        for path in _modules_outside_store()
        if path.relative_to(PACKAGE).as_posix() not in ALLOWED
        for line in _sql_lines(path)
    ]
    assert not found, "SQL outside coprod_desktop/store (ask the store instead):\n" + "\n".join(
        found
    )


def test_every_allowed_module_still_needs_it():
    for name in ALLOWED:
        assert _sql_lines(PACKAGE / name), f"{name} has no SQL left: take it out of ALLOWED"


def test_the_check_finds_sql():
    # The pattern catches the shapes the modules used to have.
    for line in (
        'store.query("SELECT id FROM person WHERE deleted = 0")',
        "connection.execute(sql)",
        "    WHERE r.deleted = 0",
        '"UPDATE person SET name = ?"',
    ):
        assert SQL.search(line), line
    for line in ("dialog.exec()", "select the same person", "self.deleted_count = 0"):
        assert not SQL.search(line), line
