"""A thorough check of an audit file: SQLite integrity, schema, references and codes.

Reads only: the file is opened read-only and never locked, migrated or changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from coprod_desktop.domain import equality
from coprod_desktop.domain import vocabulary as v
from coprod_desktop.store.connection import connect, finish_interrupted_save, translate
from coprod_desktop.store.fileformat import read_header
from coprod_desktop.store.migrations import create_current_schema
from coprod_desktop.store.schema import FTS_KINDS, SCHEMA_VERSION

# Coded columns and the codes they may hold.
_CODED = {
    ("person_hat", "hat"): v.Hat,
    ("person", "consent_scope"): v.ConsentScope,
    ("capability", "kind"): v.CapabilityKind,
    ("asset", "category"): v.AssetCategory,
    ("asset", "status"): v.AssetStatus,
    ("element_link", "element"): v.Element,
    ("role", "stage"): v.Stage,
    ("role", "rung"): v.Rung,
    ("assessment_rating", "element"): v.Element,
    ("assessment_rating", "principle"): v.Principle,
    ("action", "element"): v.Element,
    ("action", "status"): v.ActionStatus,
}


@dataclass
class CheckReport:
    path: Path
    schema_version: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _expected_columns() -> dict[str, list[str]]:
    memory = sqlite3.connect(":memory:")
    create_current_schema(memory)
    tables = [
        row[0]
        for row in memory.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'search_index%'"
        )
    ]
    columns = {t: [row[1] for row in memory.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    memory.close()
    return columns


def check_audit(path: Path | str) -> CheckReport:
    """Check the audit at `path`; raise AuditFileError if it cannot be opened at all."""
    path = Path(path).expanduser().absolute()
    header = read_header(path)
    report = CheckReport(path, header.schema_version)
    finish_interrupted_save(path)
    connection = connect(path, read_only=True)
    try:
        _check(connection, report, header.schema_version)
    except sqlite3.DatabaseError as error:
        report.problems.append(f"the file {translate(path, error).problem}")
    finally:
        connection.close()
    return report


def _check(connection: sqlite3.Connection, report: CheckReport, version: int) -> None:
    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        report.problems += [f"database damage: {line}" for line in integrity[:20]]
        return
    if version > SCHEMA_VERSION:
        report.notes.append(
            f"made by a newer version of Coprod Desktop (file format {version}); this version "
            f"knows format {SCHEMA_VERSION}, so it only checked the database itself."
        )
        return
    if version < SCHEMA_VERSION:
        report.notes.append(
            f"in an older file format ({version}); it will be upgraded to format "
            f"{SCHEMA_VERSION} when opened, after a backup copy is written next to it."
        )
        return
    _check_schema(connection, report)
    if report.problems:
        return
    for table, _rowid, parent, _key in connection.execute("PRAGMA foreign_key_check"):
        report.problems.append(f"a row in {table} refers to a missing row in {parent}")
        if len(report.problems) > 20:
            break
    _check_codes(connection, report)
    _check_search_index(connection, report)
    audits = connection.execute("SELECT count(*) FROM audit WHERE deleted = 0").fetchone()[0]
    if audits != 1:
        report.problems.append(f"there should be one set of audit details, there are {audits}")


def _check_schema(connection: sqlite3.Connection, report: CheckReport) -> None:
    for table, expected in _expected_columns().items():
        found = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        if not found:
            report.problems.append(f"the table '{table}' is missing")
        elif missing := [c for c in expected if c not in found]:
            report.problems.append(f"the table '{table}' lacks columns: {', '.join(missing)}")


def _check_codes(connection: sqlite3.Connection, report: CheckReport) -> None:
    for (table, column), codes in _CODED.items():
        allowed = {member.value for member in codes}
        for (value,) in connection.execute(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"
        ):
            if value not in allowed:
                report.problems.append(f"{table}.{column} holds an unknown code '{value}'")
    for question, answer in connection.execute(
        "SELECT DISTINCT question, answer FROM equality_answer"
    ):
        try:
            equality.question(question).answer(answer)
        except ValueError as error:
            report.problems.append(f"equality answers: {error}")


def _check_search_index(connection: sqlite3.Connection, report: CheckReport) -> None:
    live = sum(
        connection.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
        for table in FTS_KINDS
    )
    indexed = connection.execute("SELECT count(*) FROM search_index").fetchone()[0]
    if live != indexed:
        report.problems.append(
            f"the search index is out of step ({indexed} entries for {live} records)"
        )
