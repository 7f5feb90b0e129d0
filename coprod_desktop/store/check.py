"""A thorough check of an audit file: SQLite integrity, schema, references, codes and dates.

`check_audit` reads only: the file is opened read-only and never locked, migrated or changed.
`clear_old_dates` is the one repair: it clears the dates the first version saved for "not set"
(1 January 1900 or thereabouts), after writing a backup copy beside the audit.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from coprod_desktop.domain import equality
from coprod_desktop.domain import records as r
from coprod_desktop.domain import vocabulary as v
from coprod_desktop.domain.validation import EARLIEST_DATE, YEARS_AHEAD, latest_date
from coprod_desktop.domain.validation import problems as record_problems
from coprod_desktop.store.connection import connect, finish_interrupted_save, translate
from coprod_desktop.store.fileformat import read_header
from coprod_desktop.store.migrations import create_current_schema
from coprod_desktop.store.schema import FTS_KINDS, SCHEMA_VERSION
from coprod_desktop.store.tables import TABLES

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


# The range of dates validation accepts (2000 to ten years ahead). Earlier ones are mistyped
# years or the first version's "not set": its date fields saved 1 January 1900 when left empty.
# How many dates of one field are listed one by one; the rest are counted.
DATES_LISTED = 20

# The dates people type, in words; other date fields are named after their column.
_DATE_LABELS = {
    "start_date": "start date",
    "consent_date": "consent date",
    "consent_review": "consent review date",
    "held_on": "date",
    "due": "due date",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The column that names a record for the user.
_NAME_COLUMNS = {
    "audit": "title",
    "person": "name",
    "asset": "name",
    "action": "title",
    "assessment_round": "participants",
}


@dataclass(frozen=True)
class DateField:
    """A column holding a date a user typed (or left empty)."""

    record_type: type[r.Record]
    table: str
    column: str
    field: str
    optional: bool  # may be cleared

    @property
    def label(self) -> str:
        return _DATE_LABELS.get(self.field, self.field.replace("_", " "))


def date_fields() -> list[DateField]:
    """Return every date column of the current schema (found from the records' fields)."""
    found = []
    for record_type, table in TABLES.items():
        hints = typing.get_type_hints(record_type)
        for column in table.columns:
            hint = hints[column.field]
            args = typing.get_args(hint)
            if hint is date or date in args:
                optional = type(None) in args
                found.append(
                    DateField(record_type, table.name, column.name, column.field, optional)
                )
    return found


@dataclass(frozen=True)
class BadDate:
    """A date that cannot be right: before 2000, over ten years ahead, or not a date at all."""

    where: DateField
    record_id: str
    record: str  # the record in words: "Person 'Siân Evans'"
    stored: str  # as it is in the file

    @property
    def value(self) -> date | None:
        """The date, if it is stored as the store writes dates (YYYY-MM-DD), else None."""
        if not _ISO_DATE.fullmatch(self.stored):
            return None
        try:
            return date.fromisoformat(self.stored)
        except ValueError:
            return None

    @property
    def clearable(self) -> bool:
        """True when `clear_old_dates` clears it: an optional date before 2000."""
        value = self.value
        return self.where.optional and value is not None and value < EARLIEST_DATE

    @property
    def what(self) -> str:
        """The record, the field and the date: "Person 'Siân Evans': consent date 01/01/1900"."""
        value = self.value
        shown = f"'{self.stored}'" if value is None else f"{value:%d/%m}/{value.year:04d}"
        return f"{self.record}: {self.where.label} {shown}"

    def describe(self) -> str:
        """The problem and what to do, in words."""
        value = self.value
        fix = "clear it or type the real date" if self.where.optional else "type the real date"
        if value is None:
            return f"{self.what} is not a date; {fix}"
        if value.year <= 1900:
            return f"{self.what} looks like an empty date saved by an older version; {fix}"
        if value < EARLIEST_DATE:
            return f"{self.what} is before {EARLIEST_DATE.year}; check the year and {fix}"
        return f"{self.what} is more than {YEARS_AHEAD} years from now; check the year and {fix}"


@dataclass
class CheckReport:
    path: Path
    schema_version: int | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: list[BadDate] = field(default_factory=list)  # every one, however many

    @property
    def ok(self) -> bool:
        return not self.problems and not self.dates

    @property
    def date_problems(self) -> list[str]:
        """The bad dates in words: up to `DATES_LISTED` of each field, then how many more."""
        lines: list[str] = []
        by_field: dict[DateField, list[BadDate]] = {}
        for bad in self.dates:
            by_field.setdefault(bad.where, []).append(bad)
        for where, bad_dates in by_field.items():
            lines += [bad.describe() for bad in bad_dates[:DATES_LISTED]]
            if (more := len(bad_dates) - DATES_LISTED) > 0:
                kind = where.record_type
                lines.append(
                    f"... and {more:,} more {kind.noun if more == 1 else kind.plural} with a "
                    f"{where.label} that cannot be right"
                )
        return lines

    @property
    def all_problems(self) -> list[str]:
        return self.problems + self.date_problems


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
        if version >= 1:  # the same tables and dates as now (format 0 had others)
            _check_dates(connection, report)
        return
    _check_schema(connection, report)
    if report.problems:
        return
    for table, _rowid, parent, _key in connection.execute("PRAGMA foreign_key_check"):
        report.problems.append(f"a row in {table} refers to a missing row in {parent}")
        if len(report.problems) > 20:
            break
    _check_codes(connection, report)
    _check_dates(connection, report)
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


def _record_words(where: DateField, record_id: str, name: str, created: str) -> str:
    """The record in words: "Person 'Siân Evans'", "Self-assessment round added on ..."."""
    if where.table == "assessment_round":  # a round has no name: when it was added, and who
        words = f"Self-assessment round added on {created[8:10]}/{created[5:7]}/{created[:4]}"
        return words + (f" with {_short(name)}" if name.strip() else "")
    noun = "audit details" if where.table == "audit" else where.record_type.noun
    if where.table not in _NAME_COLUMNS:
        return f"{noun.capitalize()} {record_id}"
    return f"{noun.capitalize()} '{_short(name)}'"


def _short(text: str, most: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _check_dates(connection: sqlite3.Connection, report: CheckReport) -> None:
    """Find the dates of records in use that validation would refuse, or that are not dates."""
    earliest, latest = EARLIEST_DATE.isoformat(), latest_date(date.today()).isoformat()
    for where in date_fields():
        columns = {row[1] for row in connection.execute(f'PRAGMA table_info("{where.table}")')}
        if where.column not in columns:
            continue
        # ISO dates sort as text; date() gives back exactly a well-formed one, else NULL.
        name = _NAME_COLUMNS.get(where.table, "''")
        rows = connection.execute(
            f"SELECT id, {where.column}, {name}, created_at FROM {where.table} WHERE deleted = 0 "
            f"AND {where.column} IS NOT NULL "
            f"AND ({where.column} < ? OR {where.column} > ? "
            f"OR date({where.column}) IS NOT {where.column}) "
            "ORDER BY rowid",
            (earliest, latest),
        ).fetchall()
        for record_id, stored, name, created in rows:
            words = _record_words(where, record_id, str(name or ""), str(created))
            report.dates.append(BadDate(where, record_id, words, str(stored)))


@dataclass(frozen=True)
class DateFix:
    """What `clear_old_dates` did."""

    backup: Path | None  # the copy written before any change (None: nothing to change)
    cleared: list[BadDate]
    left: list[BadDate]  # dates that must be typed (a round's date) or are not dates


def clear_old_dates(path: Path | str, *, user: str | None = None) -> DateFix:
    """Clear every optional date before 2000 of the audit at `path`, in one transaction.

    A backup copy is written beside the audit first (NAME.before-date-fix-STAMP.coprod). The
    changes go through the store, so each record is stamped and the change log says what was
    cleared, as for an edit in the window. A record that could still not be saved (another of
    its dates is wrong) is left as it is, among `left`. Raises AuditFileError when the audit
    cannot be changed (read-only, open elsewhere, damaged); then nothing is changed.
    """
    from coprod_desktop.store.audit_store import AuditStore
    from coprod_desktop.store.errors import ReadOnlyAuditError

    report = check_audit(path)
    fixable = [bad for bad in report.dates if bad.clearable]
    left = [bad for bad in report.dates if not bad.clearable]
    if not fixable:
        return DateFix(None, [], left)
    with AuditStore.open(report.path, user=user) as store:
        if store.read_only_reason is not None:
            raise ReadOnlyAuditError(
                store.path,
                f"cannot be changed ({store.read_only_reason.message}).",
                "Close it wherever it is open, or make it writable, and try again.",
            )
        by_record: dict[tuple[type[r.Record], str], list[BadDate]] = {}
        for bad in fixable:
            by_record.setdefault((bad.where.record_type, bad.record_id), []).append(bad)
        updates, cleared = [], []
        for (record_type, record_id), bad_dates in by_record.items():
            try:
                record = store.get(record_type, record_id)
            except ValueError:  # another of its dates is not a date: it cannot be read
                record = None
            # Read again under the lock: only a date still before 2000 is cleared.
            old = [
                bad
                for bad in bad_dates
                if record is not None
                and (getattr(record, bad.where.field) or EARLIEST_DATE) < EARLIEST_DATE
            ]
            if not old:
                left += bad_dates if record is None else []
                continue
            changed = dataclasses.replace(record, **dict.fromkeys(b.where.field for b in old))
            if record_problems(changed):
                left += bad_dates  # saving it would be refused: the user corrects it
                continue
            updates.append(changed)
            cleared += old
        if not updates:
            return DateFix(None, [], left)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = store.save_copy(
            store.path.with_name(f"{store.path.stem}.before-date-fix-{stamp}.coprod")
        )
        try:
            store.apply_changes(
                [], updates, summary="Cleared dates before 2000 saved by an older version"
            )
        except BaseException:
            backup.unlink()  # nothing was changed: the copy would only confuse
            raise
    return DateFix(backup, cleared, left)
