"""The audit store: one `.coprod` file, opened for reading and autosaved editing."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path, PureWindowsPath
from typing import Any, TypeVar

from coprod_desktop.domain import records as r
from coprod_desktop.domain.validation import Problem, ValidationError, validate
from coprod_desktop.domain.vocabulary import AssetCategory, CapabilityKind, PrivacyLevel
from coprod_desktop.store import tables as t
from coprod_desktop.store.connection import (
    connect,
    disk_full,
    finish_interrupted_save,
    is_disk_full,
    journal_path,
    settle_failed_write,
    sqlite_errors,
    translate,
)
from coprod_desktop.store.errors import (
    AuditExistsError,
    AuditFileError,
    AuditWriteError,
    CorruptAuditError,
    ReadOnlyAuditError,
)
from coprod_desktop.store.fileformat import read_header
from coprod_desktop.store.files import already_exists, copy_file, move_into_place
from coprod_desktop.store.lock import AuditLock, ForeignLock, LockHolder, current_user
from coprod_desktop.store.migrations import create_current_schema, migrate
from coprod_desktop.store.outputs import OutputKind, audit_files, check_output
from coprod_desktop.store.schema import (
    APPLICATION_ID,
    REQUIRED_TABLES,
    SCHEMA_VERSION,
    SEARCH_SOURCES,
)

R = TypeVar("R", bound=r.Record)
PAGE_LIMIT_MAX = 1000

# Folders where mail programs keep opened attachments: edits there would be lost.
_ATTACHMENT_FOLDERS = ("content.outlook", "inetcache", "temporary internet files")


@dataclass(frozen=True)
class ReadOnlyReason:
    """Why an audit is open read-only, in words for the status bar."""

    # requested, opened_by, foreign_lock, newer_version, older_version, read_only_location,
    # attachment
    code: str
    message: str
    holder: LockHolder | None = None


@dataclass(frozen=True)
class RecordChange:
    """One record an `apply_changes` changed: the fields it changed, before and after.

    Kept (with the IDs of the records added) to take the changes back in one step and to
    make them again: `undo_changes`, `redo_changes`."""

    record_type: type[r.Record]
    record_id: str
    before: dict[str, Any]
    after: dict[str, Any]


@dataclass(frozen=True)
class SearchHit:
    kind: str  # person, capability or asset
    record_id: str
    title: str
    snippet: str  # the matching words, without codes (see `what`)
    person: str = ""  # for a capability, whose it is
    what: str = ""  # the label of a capability's kind or an asset's category

    @property
    def noun(self) -> str:
        """The kind of record in words: "person", "capability", "community asset"."""
        return _SEARCH_TYPES[self.kind].noun


_SEARCH_TYPES: dict[str, type[r.Record]] = {
    "person": r.Person,
    "capability": r.Capability,
    "asset": r.CommunityAsset,
}


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _next_stamp(connection: sqlite3.Connection) -> str:
    """Now, but later than the last edit of this file, so each transaction has its own stamp
    (restore finds what was deleted together by it)."""
    now = now_stamp()
    row = connection.execute("SELECT at FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
    if row and row[0] >= now:
        last = datetime.strptime(row[0], "%Y-%m-%dT%H:%M:%S.%fZ")
        now = (last + timedelta(milliseconds=1)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return now


def _copy_database(source: sqlite3.Connection, destination: Path) -> None:
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()


class AuditStore:
    """An open audit. Every edit is its own transaction, committed before the call returns."""

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        *,
        user: str,
        lock: AuditLock | None,
        read_only_reason: ReadOnlyReason | None,
        file_schema_version: int,
        backup_path: Path | None = None,
    ) -> None:
        self.path = path
        self.user = user
        self.read_only_reason = read_only_reason
        self.file_schema_version = file_schema_version
        self.backup_path = backup_path
        self._connection = connection
        self._lock = lock

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, audit: r.Audit, *, user: str | None = None) -> AuditStore:
        """Make a new audit file at `path` (which must not exist) and open it."""
        path = Path(path).expanduser().absolute()
        user = user or current_user()
        validate(audit)
        if path.exists():
            raise already_exists(path)
        partial = path.with_name(path.name + ".partial")
        try:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            connection = connect(partial, read_only=False)
            try:
                now = now_stamp()
                connection.execute("BEGIN IMMEDIATE")
                create_current_schema(connection)
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                connection.execute("INSERT INTO meta VALUES ('next_pseudonym', '1')")
                stamped = dataclasses.replace(
                    audit, created_at=now, modified_at=now, modified_by=user
                )
                _insert_rows(connection, t.AUDIT, [t.AUDIT.encode(stamped)])
                _log(connection, now, user, "audit", audit.id, "added", "Created the audit")
                connection.execute("COMMIT")
            finally:
                connection.close()
            move_into_place(partial, path)
        except sqlite3.Error as error:
            if getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_CANTOPEN:
                raise AuditWriteError(
                    path,
                    "could not be created: its folder cannot be written to.",
                    "Choose a folder you can write to, with free space.",
                ) from error
            raise translate(path, error, unsaved="The audit was not created.") from error
        except OSError as error:
            if is_disk_full(error, path):
                raise disk_full(path, unsaved="The audit was not created.") from error
            raise AuditWriteError(
                path,
                f"could not be created ({error.strerror or error}).",
                "Choose a folder you can write to, with free space.",
            ) from error
        finally:  # after a successful move there is no partial file left to remove
            with contextlib.suppress(OSError):
                partial.unlink()
        return cls.open(path, user=user)

    @classmethod
    def open(
        cls, path: Path | str, *, user: str | None = None, read_only: bool = False
    ) -> AuditStore:
        """Open the audit at `path`, read-only when asked or when it cannot be edited safely.

        Raises AuditFileError subclasses, with a message for the user, for files that cannot
        be opened at all (missing, not an audit, damaged).
        """
        path = Path(path).expanduser().absolute()
        user = user or current_user()
        header = read_header(path)
        reason = _read_only_reason(path, header.schema_version, read_only)
        lock = None
        if reason is None:
            lock = AuditLock(path)
            try:
                holder = lock.acquire()
            except OSError as error:
                lock, holder = None, None
                reason = (
                    ReadOnlyReason("disk_full", "Read-only: the disk is full")
                    if is_disk_full(error, path)
                    else ReadOnlyReason(
                        "read_only_location",
                        "Read-only: the file or its folder cannot be written to",
                    )
                )
            if isinstance(holder, ForeignLock):  # a folder, link, pipe... at the lock path
                lock, reason, holder = None, ReadOnlyReason("foreign_lock", holder.message), None
            if holder is not None:
                lock = None
                reason = ReadOnlyReason(
                    "opened_by", f"Read-only: opened by {holder.describe()}", holder
                )
        if reason is not None:
            finish_interrupted_save(path)
        connection = None
        try:
            connection = connect(path, read_only=reason is not None)
            store = cls(
                path,
                connection,
                user=user,
                lock=lock,
                read_only_reason=reason,
                file_schema_version=header.schema_version,
            )
            store._prepare()
        except BaseException as error:
            if connection is not None:
                connection.close()
            if lock:
                lock.release()
            if isinstance(error, sqlite3.Error):
                error = translate(path, error)
            if isinstance(error, ReadOnlyAuditError) and journal_path(path).exists():
                raise AuditWriteError(
                    path,
                    "was not closed properly: the program stopped or the power went off while "
                    "it was saving. It cannot be put back to its last saved state here, because "
                    "the file or its folder is read-only.",
                    f'Copy it together with "{journal_path(path).name}" beside it to a folder '
                    "you can write to, and open it there.",
                ) from error
            raise error
        return store

    def _prepare(self) -> None:
        """Check the file's tables and bring an older file up to the current schema."""
        with sqlite_errors(self.path):
            names = {row[0] for row in self._connection.execute("SELECT name FROM sqlite_schema")}
        if self.file_schema_version == 0:
            if "people" not in names:
                raise CorruptAuditError(self.path, "is missing the tables of an audit.")
        elif missing := [name for name in REQUIRED_TABLES if name not in names]:
            raise CorruptAuditError(
                self.path,
                f"is damaged: parts of the audit are missing ({', '.join(missing)}).",
                "Open a backup or an earlier copy of the audit.",
            )
        if self.file_schema_version < SCHEMA_VERSION:
            self._upgrade()

    def _upgrade(self) -> None:
        old = self.file_schema_version
        now = now_stamp()
        if self.read_only:
            # Upgrade a copy in memory so the audit can be read; the file stays as it is.
            memory = sqlite3.connect(":memory:", isolation_level=None)
            self._connection.backup(memory)
            self._connection.close()
            self._connection = memory
            memory.execute("PRAGMA foreign_keys = ON")
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = self.path.with_name(f"{self.path.stem}.v{old}-backup-{stamp}.coprod")
            try:
                with sqlite_errors(self.path):
                    # Hold the write lock from the copy to the end of the upgrade.
                    self._connection.execute("BEGIN IMMEDIATE")
                copy_file(self.path, backup)
            except (OSError, AuditFileError) as error:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise AuditWriteError(
                    self.path,
                    f"comes from an older version and must be upgraded, but the backup copy "
                    f"could not be written first ({error}). The file is unchanged.",
                    "Free some space in its folder, or copy the audit to a folder you can "
                    "write to, and open it again.",
                ) from error
            self.backup_path = backup
        connection = self._connection
        try:
            with sqlite_errors(self.path):
                if not connection.in_transaction:
                    connection.execute("BEGIN IMMEDIATE")
                migrate(connection, old, now, self.user)
                connection.execute("COMMIT")
        except BaseException as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            if not isinstance(error, Exception):
                raise
            cause = error.__cause__ if isinstance(error, AuditFileError) else error
            raise CorruptAuditError(
                self.path,
                f"comes from an older version (format {old}) and could not be upgraded "
                f"({cause or error}). The file is unchanged.",
                "Send the file to your Coprod Desktop support contact.",
            ) from error

    def reader(self) -> AuditStore:
        """Return a second, read-only connection to this audit, for one worker thread.

        The window sums up large audits (analyses) on it while it goes on using this one.
        An older file opened read-only was upgraded in memory only: the reader gets a copy.
        """
        if self.read_only and self.file_schema_version < SCHEMA_VERSION:
            connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            with sqlite_errors(self.path):
                self._connection.backup(connection)
        else:
            connection = connect(self.path, read_only=True)
        return AuditStore(
            self.path,
            connection,
            user=self.user,
            lock=None,
            read_only_reason=ReadOnlyReason("reader", "Read-only: a view for reading"),
            file_schema_version=SCHEMA_VERSION,
        )

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._connection.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def schema_version(self) -> int:
        """The version of the schema in use: older files are upgraded (on disk or in memory)."""
        return max(SCHEMA_VERSION, self.file_schema_version)

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[tuple[sqlite3.Connection, str]]:
        """One committed transaction: everything inside is saved, or nothing is."""
        if self.read_only_reason is not None:
            raise ReadOnlyAuditError(
                self.path,
                f"cannot be changed ({self.read_only_reason.message}).",
                "Use Save a copy to keep your own editable copy.",
            )
        connection = self._connection
        with sqlite_errors(self.path):
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection, _next_stamp(connection)
                connection.execute("COMMIT")
            except BaseException:
                # Roll back, and on a full disk finish the rollback now (a fresh connection
                # plays the journal back), so the file alone is the audit as it was.
                self._connection = settle_failed_write(self.path, connection)
                raise

    def _read(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple]:
        with sqlite_errors(self.path):
            return self._connection.execute(sql, tuple(parameters)).fetchall()

    # -- the audit itself ------------------------------------------------------------------

    def audit(self) -> r.Audit:
        """Return the audit's own details (title, area...); `update()` saves changes to them."""
        rows = self._read(
            f"SELECT {', '.join(c.name for c in t.AUDIT.columns)} FROM audit "
            "WHERE deleted = 0 ORDER BY rowid LIMIT 1"
        )
        if not rows:
            raise CorruptAuditError(self.path, "has no audit details (title, organisation).")
        return t.AUDIT.decode(rows[0])

    # -- records ---------------------------------------------------------------------------

    def add(self, record: R) -> R:
        """Save a new record and return it as stored (times, editor, pseudonym filled in)."""
        validate(record)
        table = t.table_for(type(record))
        with self._write() as (connection, now):
            self._check_references(connection, record)
            stored = self._stamp(record, now, _pseudonyms(connection, [record]))
            self._insert(connection, table, [stored], [table.encode(stored)])
            _log(
                connection,
                now,
                self.user,
                table.entity,
                stored.id,
                "added",
                f"Added {_what(stored)}",
            )
        return stored

    def add_many(
        self,
        records: Iterable[r.Record],
        *,
        progress: Callable[[int], None] | None = None,
        batch_size: int = 5000,
    ) -> int:
        """Save many new records in one transaction; return how many.

        All or nothing: a record that fails validation, or an exception raised by `progress`
        (how a caller cancels), leaves the audit as it was. Parents must come before their
        children. The change log gets one line per kind of record, not one per record.
        """
        added: dict[type[r.Record], int] = {}
        with self._write() as (connection, now), _search_index_deferred(connection):
            batch: list[r.Record] = []
            total = 0
            for record in records:
                if (batch and type(record) is not type(batch[0])) or len(batch) >= batch_size:
                    total += self._insert_batch(connection, batch, now, added)
                    batch = []
                    if progress:
                        progress(total)
                batch.append(record)
            if batch:
                total += self._insert_batch(connection, batch, now, added)
                if progress:
                    progress(total)
            for kind, count in added.items():
                noun = kind.noun if count == 1 else kind.plural
                _log(connection, now, self.user, kind.noun, "", "added", f"Added {count:,} {noun}")
        return total

    def _insert_batch(
        self, connection: sqlite3.Connection, batch: list[r.Record], now: str, added: dict
    ) -> int:
        kind = type(batch[0])
        table = t.table_for(kind)
        today = date.today()
        for record in batch:
            validate(record, today)
        # Stamp the encoded rows rather than copies of the records: a third of the time saved.
        rows = [table.encode(record) for record in batch]
        for column in ("created_at", "modified_at"):
            _set_column(rows, table.index(column), now)
        _set_column(rows, table.index("modified_by"), self.user)
        _set_column(rows, table.index("deleted"), 0)
        if kind is r.Person:
            numbers = _pseudonyms(connection, batch)
            at = table.index("pseudonym")
            for row, person in zip(rows, batch, strict=True):
                if not person.pseudonym:
                    row[at] = f"Participant {next(numbers)}"
        self._insert(connection, table, batch, rows)
        added[kind] = added.get(kind, 0) + len(rows)
        return len(rows)

    def update(self, record: R) -> R:
        """Save changes to an existing record; return it as stored."""
        validate(record)
        table = t.table_for(type(record))
        with self._write() as (connection, now):
            stored, changed = self._update_in(connection, record, now)
            if changed:
                fields = ", ".join(f.replace("_", " ") for f in changed)
                _log(
                    connection,
                    now,
                    self.user,
                    table.entity,
                    stored.id,
                    "changed",
                    f"Changed {_what(stored)}: {fields}",
                )
        return stored

    def _update_in(
        self, connection: sqlite3.Connection, record: R, now: str
    ) -> tuple[R, list[str]]:
        """Write `record` over the stored one inside the caller's transaction.

        Return the record as stored and the names of the fields that changed (none: nothing
        was written). The caller has validated the record.
        """
        table = t.table_for(type(record))
        current = self._get(connection, type(record), record.id, include_deleted=False)
        if current is None:
            raise ValidationError(
                record,
                [Problem("id", f"this {record.noun} is no longer in the audit (deleted?).")],
            )
        changed = _changed_fields(current, record)
        if not changed:
            return current, []
        self._check_references(connection, record)
        stored = dataclasses.replace(
            record,
            created_at=current.created_at,
            modified_at=now,
            modified_by=self.user,
            deleted=False,
            **(
                {"pseudonym": current.pseudonym}
                if isinstance(record, r.Person) and not record.pseudonym
                else {}
            ),
        )
        names = table.column_names()
        assignments = ", ".join(f"{name} = ?" for name in names)
        try:
            connection.execute(
                f"UPDATE {table.name} SET {assignments} WHERE id = ?",
                [*table.encode(stored), stored.id],
            )
        except sqlite3.IntegrityError as error:
            raise _integrity_problem(stored, error) from error
        if isinstance(stored, r.Person):
            _replace_person_children(connection, [stored])
        return stored, changed

    def apply_changes(
        self,
        adds: Sequence[r.Record],
        updates: Sequence[r.Record],
        *,
        progress: Callable[[int, int], None] | None = None,
        summary: str = "Imported from a spreadsheet",
        record_changes: list[RecordChange] | None = None,
    ) -> tuple[int, int]:
        """Add new records and save changes to existing ones in one transaction.

        Return (how many added, how many changed). All or nothing: a record that fails
        validation or points at a parent that is not in the audit (nor among `adds`), or an
        exception raised by `progress(done, total)` (how a caller cancels), leaves the audit
        as it was. New parents are written before their children whatever the order given.
        The change log gets one line per kind of record and action ("imported"), each
        starting with `summary`. With `record_changes`, each record changed is appended to it
        with its fields before and after (to undo the whole step later: `undo_changes`).
        """
        today = date.today()
        for record in (*adds, *updates):
            validate(record, today)
        rank = {kind: i for i, kind in enumerate(_PARENTS_FIRST)}
        ordered = sorted(adds, key=lambda record: rank.get(type(record), len(rank)))
        total = len(ordered) + len(updates)
        done = 0
        added: dict[type[r.Record], int] = {}
        changed: dict[type[r.Record], int] = {}
        with self._write() as (connection, now):
            with _search_index_deferred(connection):
                for _kind, group in itertools.groupby(ordered, key=type):
                    for batch in _chunks(list(group), 5000):
                        # Parents are written first, so new parents are found like old ones.
                        self._check_references_many(connection, batch)
                        self._insert_batch(connection, batch, now, added)
                        done += len(batch)
                        if progress:
                            progress(done, total)
            for record in updates:
                before = (
                    self._get(connection, type(record), record.id, include_deleted=False)
                    if record_changes is not None
                    else None
                )
                stored, fields = self._update_in(connection, record, now)
                if fields:
                    changed[type(record)] = changed.get(type(record), 0) + 1
                    if before is not None and record_changes is not None:
                        record_changes.append(
                            RecordChange(
                                type(record),
                                record.id,
                                {f: getattr(before, f) for f in fields},
                                {f: getattr(stored, f) for f in fields},
                            )
                        )
                done += 1
                if progress and (done % 1000 == 0 or done == total):
                    progress(done, total)
            for verb, counts in (("added", added), ("changed", changed)):
                for kind, count in counts.items():
                    noun = kind.noun if count == 1 else kind.plural
                    _log(
                        connection,
                        now,
                        self.user,
                        kind.noun,
                        "",
                        "imported",
                        f"{summary}: {verb} {count:,} {noun}",
                    )
        return sum(added.values()), sum(changed.values())

    def undo_changes(
        self,
        added: dict[type[r.Record], Sequence[str]],
        changes: Sequence[RecordChange],
        *,
        summary: str,
    ) -> None:
        """Take back what one `apply_changes` did, in one transaction: the records it changed
        get their fields as they were before, the records it added are deleted.

        All or nothing: a record that is no longer as the step left it (changed or deleted
        since, or a record added since that hangs off an added one) raises ValueError and
        nothing is written. The change log gets one line, starting with `summary`.
        """
        with self._write() as (connection, now):
            self._rewrite(connection, changes, now, undo=True)
            total = wanted = 0
            # Children before parents: a live record left hanging off an added one counts.
            for kind in reversed(_PARENTS_FIRST):
                ids = list(dict.fromkeys(added.get(kind, ())))
                if not ids:
                    continue
                wanted += len(ids)
                self._all_live(connection, kind, ids, deleted=False)
                total += _tombstone(connection, t.table_for(kind), ids, now, self.user)
            if total != wanted:
                raise ValueError(
                    f"{total - wanted:,} records added since then belong to the records it "
                    "added; undo or delete them first"
                )
            _log(
                connection,
                now,
                self.user,
                "audit",
                "",
                "imported",
                _step_text(summary, added, changes, "undone"),
            )

    def redo_changes(
        self,
        added: dict[type[r.Record], Sequence[str]],
        changes: Sequence[RecordChange],
        *,
        summary: str,
    ) -> None:
        """Do again, in one transaction, what `undo_changes` took back: the added records
        back in the audit, the changed fields as the step left them.

        All or nothing, like `undo_changes` (ValueError when a record is no longer as the
        undo left it)."""
        with self._write() as (connection, now):
            for kind in _PARENTS_FIRST:
                ids = list(dict.fromkeys(added.get(kind, ())))
                if not ids:
                    continue
                self._all_live(connection, kind, ids, deleted=True)
                table = t.table_for(kind)
                for chunk in _chunks(ids, 500):
                    marks = ", ".join("?" * len(chunk))
                    try:
                        connection.execute(
                            f"UPDATE {table.name} SET deleted = 0, modified_at = ?, "
                            f"modified_by = ? WHERE id IN ({marks}) AND deleted = 1",
                            [now, self.user, *chunk],
                        )
                    except sqlite3.IntegrityError as error:
                        raise _integrity_problem(None, error) from error
            self._rewrite(connection, changes, now, undo=False)
            _log(
                connection,
                now,
                self.user,
                "audit",
                "",
                "imported",
                _step_text(summary, added, changes, "redone"),
            )

    def _all_live(
        self, connection: sqlite3.Connection, kind: type[r.Record], ids: list[str], *, deleted: bool
    ) -> None:
        """Refuse (ValueError) unless every one of `ids` is live (or, `deleted`, deleted)."""
        table = t.table_for(kind).name
        found = 0
        for chunk in _chunks(ids, 500):
            marks = ", ".join("?" * len(chunk))
            found += connection.execute(
                f"SELECT count(*) FROM {table} WHERE id IN ({marks}) AND deleted = ?",
                [*chunk, int(deleted)],
            ).fetchone()[0]
        if found != len(ids):
            missing = len(ids) - found
            state = "in the audit again" if deleted else "no longer in the audit"
            noun = kind.noun if missing == 1 else kind.plural
            raise ValueError(
                f"{missing:,} of the {noun} it added {'is' if missing == 1 else 'are'} {state}"
            )

    def _rewrite(
        self,
        connection: sqlite3.Connection,
        changes: Sequence[RecordChange],
        now: str,
        *,
        undo: bool,
    ) -> None:
        """Write the fields of `changes` as before (undo) or after, inside the caller's
        transaction; refuse (ValueError) a record whose fields are not as expected."""
        for change in changes:
            expected, wanted = (
                (change.after, change.before) if undo else (change.before, change.after)
            )
            current = self._get(connection, change.record_type, change.record_id, False)
            if current is None or any(getattr(current, f) != v for f, v in expected.items()):
                # Not named: a person would be named by a pseudonym the user may not know.
                raise ValueError(
                    f"{_a(change.record_type.noun)} it changed has been changed or deleted since"
                )
            # A state the audit held already: not validated again (rules may have tightened).
            self._update_in(connection, dataclasses.replace(current, **wanted), now)

    def delete(self, record_type: type[r.Record], record_id: str) -> int:
        """Mark a record and what hangs off it as deleted; return how many records."""
        table = t.table_for(record_type)
        with self._write() as (connection, now):
            count = _tombstone(connection, table, [record_id], now, self.user)
            if count:
                _log(
                    connection,
                    now,
                    self.user,
                    table.entity,
                    record_id,
                    "deleted",
                    f"Deleted {_a(table.entity)}"
                    + (f" and {count - 1} linked records" if count > 1 else ""),
                )
        return count

    def restore(self, record_type: type[r.Record], record_id: str) -> int:
        """Bring back a deleted record and what was deleted with it; return how many."""
        table = t.table_for(record_type)
        with self._write() as (connection, now):
            row = connection.execute(
                f"SELECT modified_at FROM {table.name} WHERE id = ? AND deleted = 1",
                (record_id,),
            ).fetchone()
            if row is None:
                return 0
            try:
                count = _untombstone(connection, table, [record_id], row[0], now, self.user)
            except sqlite3.IntegrityError as error:
                record = self._get(connection, record_type, record_id, include_deleted=True)
                raise _integrity_problem(record, error) from error
            _log(
                connection,
                now,
                self.user,
                table.entity,
                record_id,
                "restored",
                f"Restored {_a(table.entity)}",
            )
        return count

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
        where, parameters = _where(table, filters)
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
        where, parameters = _where(table, filters)
        order = _order(table, sort, descending)
        columns = ", ".join(c.name for c in table.columns)
        rows = self._read(
            f"SELECT {columns} FROM {table.name} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*parameters, limit, max(0, offset)],
        )
        return self._decode_rows(table, rows)

    def query(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple]:
        """Run a read-only SQL query (for `analysis/`, which sums in the database)."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise ValueError("query() only reads; edits go through add, update and delete")
        return self._read(sql, parameters)

    def filter_sql(self, record_type: type[r.Record], **filters: Any) -> tuple[str, list]:
        """Return the WHERE clause and its parameters that `count` and `page` use for
        `filters`, for queries of `analysis/` and the window that must agree with them."""
        return _where(t.table_for(record_type), filters)

    def related(self, record_type: type[R], field: str, ids: Iterable[str]) -> list[R]:
        """Return the live records whose `field` (e.g. person_id) is one of `ids`."""
        table = t.table_for(record_type)
        column = table.columns[table.index(field)].name
        columns = ", ".join(c.name for c in table.columns)
        rows: list[tuple] = []
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
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
        where, parameters = _where(table, filters)
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
        for chunk in _chunks(ids, 500):
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

    # -- search, counts, history, copies ---------------------------------------------------

    def search(self, query: str, *, limit: int = 50) -> list[SearchHit]:
        """Find people, capabilities and assets whose words start with the words typed."""
        match = fts_query(query)
        if not match:
            return []
        rows = self._read(
            "SELECT hit.kind, hit.record_id, hit.title, hit.snippet, coalesce(person.name, ''), "
            "       coalesce(capability.kind, asset.category, '') "
            "FROM (SELECT rowid, kind, record_id, title, "
            "      snippet(search_index, 3, '', '', '…', 10) AS snippet "
            "      FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?) AS hit "
            "LEFT JOIN capability ON hit.kind = 'capability' AND capability.rowid = hit.rowid / 4 "
            "LEFT JOIN person ON person.id = capability.person_id "
            "LEFT JOIN asset ON hit.kind = 'asset' AND asset.rowid = hit.rowid / 4",
            (match, limit),
        )
        return [
            SearchHit(kind, record_id, title, _tidy_snippet(snippet, code), person, _label(code))
            for kind, record_id, title, snippet, person, code in rows
        ]

    def counts(self) -> dict[str, int]:
        """Return the number of live records of each kind, as `coprod-desktop info` shows."""
        tables = {
            "people": "person",
            "capabilities": "capability",
            "assets": "asset",
            "roles": "role",
            "element_links": "element_link",
            "assessments": "assessment_round",
            "actions": "action",
        }
        return {
            key: self._read(f"SELECT count(*) FROM {table} WHERE deleted = 0")[0][0]
            for key, table in tables.items()
        }

    def changes(self, *, limit: int = 100, offset: int = 0) -> list[r.ChangeLogEntry]:
        rows = self._read(
            "SELECT seq, at, by, entity, record_id, action, summary FROM change_log "
            "ORDER BY seq DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [r.ChangeLogEntry(*row) for row in rows]

    # -- what was shared ---------------------------------------------------------------------

    def record_export(
        self, kind: str, level: PrivacyLevel | None, file_name: str = ""
    ) -> r.ChangeLogEntry:
        """Write in the change log that the audit was shared, and return the entry.

        `kind` is one of EXPORT_KINDS (workbook, template, report, print); `level` who it was
        for; `file_name` the file written ("" for paper). Only the name is kept, never the
        folder (paths can hold people's names). Raises ReadOnlyAuditError when read-only.
        """
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown kind of export {kind!r}")
        summary = export_summary(kind, level, file_name)
        action = "printed" if kind == "print" else "exported"
        with self._write() as (connection, now):
            _log(connection, now, self.user, EXPORT_ENTITY, "", action, summary)
            seq = connection.execute("SELECT last_insert_rowid()").fetchone()[0]
        return r.ChangeLogEntry(seq, now, self.user, EXPORT_ENTITY, "", action, summary)

    def exports(self, *, limit: int = 5) -> list[r.ChangeLogEntry]:
        """Return the last `limit` exports and prints of the audit, the latest first."""
        rows = self._read(
            "SELECT seq, at, by, entity, record_id, action, summary FROM change_log "
            "WHERE entity = ? ORDER BY seq DESC LIMIT ?",
            (EXPORT_ENTITY, limit),
        )
        return [r.ChangeLogEntry(*row) for row in rows]

    def save_copy(self, destination: Path | str, *, overwrite: bool = False) -> Path:
        """Write a consistent copy of the audit (SQLite's backup API) to `destination`."""
        destination = Path(destination).expanduser().absolute()
        # Never onto the audit, its lock or backups under any name (a link, a linked folder),
        # nor onto a file that is not an audit (OutputRefused, an AuditExistsError).
        check_output(destination, OutputKind.AUDIT, audit_files(self.path))
        if destination.exists() and not overwrite:
            raise AuditExistsError(destination, "already exists.", "Choose another name.")
        partial = destination.with_name(destination.name + ".partial")
        try:
            with sqlite_errors(destination):
                _copy_database(self._connection, partial)
            move_into_place(partial, destination, overwrite=overwrite)
        except OSError as error:
            raise AuditWriteError(
                destination,
                f"could not be written ({error.strerror or error}).",
                "Choose a folder you can write to, with free space.",
            ) from error
        finally:
            with contextlib.suppress(OSError):
                partial.unlink()
        return destination

    # -- helpers ---------------------------------------------------------------------------

    def _stamp(self, record: R, now: str, pseudonyms: Iterator[int]) -> R:
        """Return `record` as it is saved new: times, editor, and a pseudonym for people."""
        extra: dict[str, Any] = {}
        if isinstance(record, r.Person) and not record.pseudonym:
            extra["pseudonym"] = f"Participant {next(pseudonyms)}"
        return dataclasses.replace(
            record,
            created_at=now,
            modified_at=now,
            modified_by=self.user,
            deleted=False,
            **extra,
        )

    def _insert(
        self, connection: sqlite3.Connection, table: t.Table, records: list, rows: list[list]
    ) -> None:
        try:
            _insert_rows(connection, table, rows)
            if table is t.PERSON:
                _replace_person_children(connection, records, fresh=True)
        except sqlite3.IntegrityError as error:
            raise _integrity_problem(records[0] if len(records) == 1 else None, error) from error

    def _check_references(self, connection: sqlite3.Connection, record: r.Record) -> None:
        """Refuse a record that points at a deleted or missing parent."""
        self._check_references_many(connection, [record])

    def _check_references_many(
        self, connection: sqlite3.Connection, records: Sequence[r.Record]
    ) -> None:
        """Refuse the first of `records` (all of one kind) that points at a deleted or
        missing parent."""
        if not records:
            return
        for field, parent in _REFERENCES.get(type(records[0]), ()):
            wanted = {getattr(record, field) for record in records} - {None}
            if not wanted:
                continue
            table = t.table_for(parent).name
            live: set[str] = set()
            for chunk in _chunks(sorted(wanted), 500):
                marks = ", ".join("?" * len(chunk))
                live.update(
                    row[0]
                    for row in connection.execute(
                        f"SELECT id FROM {table} WHERE id IN ({marks}) AND deleted = 0", chunk
                    )
                )
            if missing := wanted - live:
                record = next(record for record in records if getattr(record, field) in missing)
                raise ValidationError(
                    record,
                    [
                        Problem(
                            field,
                            f"the {parent.noun} it belongs to is not in the audit (deleted?).",
                        )
                    ],
                )


# Kinds of record in an order where every parent comes before its children.
_PARENTS_FIRST: tuple[type[r.Record], ...] = (
    r.Person,
    r.CommunityAsset,
    r.AssessmentRound,
    r.Capability,
    r.AssetConnection,
    r.ElementLink,
    r.Role,
    r.AssessmentRating,
    r.Action,
    r.ReferenceShare,
)

_REFERENCES: dict[type[r.Record], tuple[tuple[str, type[r.Record]], ...]] = {
    r.Capability: (("person_id", r.Person),),
    r.AssetConnection: (("asset_id", r.CommunityAsset), ("person_id", r.Person)),
    r.ElementLink: (
        ("person_id", r.Person),
        ("capability_id", r.Capability),
        ("asset_id", r.CommunityAsset),
    ),
    r.Role: (("person_id", r.Person),),
    r.AssessmentRating: (("round_id", r.AssessmentRound),),
}


def _read_only_reason(path: Path, version: int, requested: bool) -> ReadOnlyReason | None:
    if requested:
        return ReadOnlyReason("requested", "Read-only: opened for reading only")
    if version > SCHEMA_VERSION:
        return ReadOnlyReason(
            "newer_version",
            f"Read-only: made by a newer version of Coprod Desktop (file format {version}); "
            "update Coprod Desktop to edit it",
        )
    if any(part.lower() in _ATTACHMENT_FOLDERS for part in path.parts):
        return ReadOnlyReason(
            "attachment",
            "Read-only: opened from an e-mail attachment; use Save a copy to edit it",
        )
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return ReadOnlyReason(
            "read_only_location", "Read-only: the file or its folder cannot be written to"
        )
    return None


# Sharing, in the change log: entity "export", the summary in plain words.
EXPORT_ENTITY = "export"
EXPORT_KINDS = {
    "workbook": "Workbook",
    "template": "Partner template",
    "report": "PDF report",
    "print": "Printed report",
}
_AUDIENCES = {
    PrivacyLevel.INTERNAL: "for the audit team",
    PrivacyLevel.PARTNER: "for partners",
    PrivacyLevel.PUBLIC: "for the public",
}


def export_summary(kind: str, level: PrivacyLevel | None, file_name: str = "") -> str:
    """ "Workbook for partners: partners.xlsx", "Printed report for the public"."""
    what = EXPORT_KINDS[kind]
    if level is not None and kind != "template":  # a template is for partners by nature
        what = f"{what} {_AUDIENCES[PrivacyLevel(level)]}"
    name = PureWindowsPath(file_name).name  # no folder, whichever the separator
    return f"{what}: {name}" if name else what


def _log(
    connection: sqlite3.Connection,
    now: str,
    user: str,
    entity: str,
    record_id: str,
    action: str,
    summary: str,
) -> None:
    connection.execute(
        "INSERT INTO change_log (at, by, entity, record_id, action, summary) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (now, user, entity, record_id, action, summary),
    )


def _step_text(
    summary: str,
    added: dict[type[r.Record], Sequence[str]],
    changes: Sequence[RecordChange],
    done: str,
) -> str:
    """The change-log line of an undo or redo of `apply_changes`: "Imported from x.xlsx
    (undone): 2 people, 1 community asset removed; 1 person changed back"."""
    parts = []
    for kind in _PARENTS_FIRST:
        count = len(set(added.get(kind, ())))
        if count:
            parts.append(f"{count:,} {kind.noun if count == 1 else kind.plural}")
    what = []
    if parts:
        what.append(", ".join(parts) + (" removed" if done == "undone" else " added again"))
    changed: dict[type[r.Record], int] = {}
    for change in changes:
        changed[change.record_type] = changed.get(change.record_type, 0) + 1
    if changed:
        back = ", ".join(
            f"{count:,} {kind.noun if count == 1 else kind.plural}"
            for kind, count in changed.items()
        )
        what.append(back + (" changed back" if done == "undone" else " changed again"))
    return f"{summary} ({done}): {'; '.join(what) or 'nothing'}"


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _what(record: r.Record) -> str:
    # People appear in the change log by pseudonym: the log is shown to every user of the file.
    label = (
        getattr(record, "pseudonym", "")
        or getattr(record, "name", "")
        or getattr(record, "title", "")
    )
    return f"{record.noun} {label}".strip()


def _insert_rows(connection: sqlite3.Connection, table: t.Table, rows: list[list]) -> None:
    names = table.column_names()
    connection.executemany(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        rows,
    )


def _replace_person_children(
    connection: sqlite3.Connection, people: list[r.Person], fresh: bool = False
) -> None:
    if not fresh:
        ids = [(p.id,) for p in people]
        connection.executemany("DELETE FROM person_hat WHERE person_id = ?", ids)
        connection.executemany("DELETE FROM equality_answer WHERE person_id = ?", ids)
    connection.executemany(
        "INSERT OR IGNORE INTO person_hat (person_id, hat) VALUES (?, ?)",
        [(p.id, hat.value) for p in people for hat in p.hats],
    )
    connection.executemany(
        "INSERT INTO equality_answer (person_id, question, answer) VALUES (?, ?, ?)",
        [(p.id, q, a) for p in people for q, a in p.equality.items()],
    )


def _set_column(rows: list[list], index: int, value: Any) -> None:
    for row in rows:
        row[index] = value


def _pseudonyms(connection: sqlite3.Connection, records: list[r.Record]) -> Iterator[int]:
    """Reserve a pseudonym number for each person among `records` who has none."""
    count = sum(1 for p in records if isinstance(p, r.Person) and not p.pseudonym)
    row = connection.execute("SELECT value FROM meta WHERE key = 'next_pseudonym'").fetchone()
    first = int(row[0]) if row else 1
    if count:
        connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_pseudonym', ?)",
            (str(first + count),),
        )
    return iter(range(first, first + count))


@contextlib.contextmanager
def _search_index_deferred(connection: sqlite3.Connection) -> Iterator[None]:
    """Index rows added inside in one statement per table, not one trigger call per row.

    Five times faster for big imports. The insert triggers are dropped and recreated inside
    the caller's transaction, so a rollback (or a crash) brings them back as they were.
    """
    last_rowids = {}
    for source in SEARCH_SOURCES:
        last_rowids[source] = connection.execute(
            f"SELECT coalesce(max(rowid), 0) FROM {source.table}"
        ).fetchone()[0]
        connection.execute(f"DROP TRIGGER {source.table}_search_insert")
    yield
    for source, last in last_rowids.items():
        connection.execute(source.bulk_insert(), (last,))
        connection.execute(source.insert_trigger)


def _tombstone(
    connection: sqlite3.Connection, table: t.Table, ids: list[str], now: str, user: str
) -> int:
    """Mark records and, recursively, their live dependants deleted, all stamped `now`."""
    if not ids:
        return 0
    count = 0
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" * len(chunk))
        count += connection.execute(
            f"UPDATE {table.name} SET deleted = 1, modified_at = ?, modified_by = ? "
            f"WHERE id IN ({marks}) AND deleted = 0",
            [now, user, *chunk],
        ).rowcount
        for child, column in t.DEPENDANTS.get(table.record_type, ()):
            child_ids = [
                row[0]
                for row in connection.execute(
                    f"SELECT id FROM {child.name} WHERE {column} IN ({marks}) AND deleted = 0",
                    chunk,
                )
            ]
            count += _tombstone(connection, child, child_ids, now, user)
    return count


def _untombstone(
    connection: sqlite3.Connection,
    table: t.Table,
    ids: list[str],
    deleted_at: str,
    now: str,
    user: str,
) -> int:
    """Undo `_tombstone`: the records and the dependants deleted in the same transaction."""
    count = 0
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" * len(chunk))
        count += connection.execute(
            f"UPDATE {table.name} SET deleted = 0, modified_at = ?, modified_by = ? "
            f"WHERE id IN ({marks}) AND deleted = 1 AND modified_at = ?",
            [now, user, *chunk, deleted_at],
        ).rowcount
        for child, column in t.DEPENDANTS.get(table.record_type, ()):
            child_ids = [
                row[0]
                for row in connection.execute(
                    f"SELECT id FROM {child.name} WHERE {column} IN ({marks}) AND deleted = 1 "
                    "AND modified_at = ?",
                    [*chunk, deleted_at],
                )
            ]
            count += _untombstone(connection, child, child_ids, deleted_at, now, user)
    return count


def _changed_fields(old: r.Record, new: r.Record) -> list[str]:
    skip = {"id", "created_at", "modified_at", "modified_by", "deleted"}
    changed = []
    for f in dataclasses.fields(new):
        if f.name in skip:
            continue
        if f.name == "pseudonym" and not getattr(new, f.name):
            continue
        if getattr(old, f.name) != getattr(new, f.name):
            changed.append(f.name)
    return changed


def _integrity_problem(record: r.Record | None, error: sqlite3.IntegrityError) -> Exception:
    text = str(error)
    if "role.person_id, role.stage" in text:
        message = "this person already has a role at this stage; change that role instead."
        field = "stage"
    elif "FOREIGN KEY" in text:
        message = "it refers to a record that is not in this audit."
        field = "reference"
    elif "UNIQUE" in text and ".id" in text:
        message = "a record with the same ID is already in the audit."
        field = "id"
    else:
        message = f"the audit refused it ({text})."
        field = "record"
    if record is None:
        return ValueError(f"The records were not saved: {message}")
    return ValidationError(record, [Problem(field, message)])


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word, as a prefix."""
    words = _WORD.findall(text)
    # A one-letter prefix matches most of the audit; treat it as a whole word.
    return " ".join(f'"{w}"*' if len(w) > 1 else f'"{w}"' for w in words)


def _tidy_snippet(snippet: str, code: str = "") -> str:
    # The indexed text joins fields with " · "; empty fields would leave stray dots. The first
    # field of a capability or asset is its kind or category as a code ("lived experience"),
    # shown by its label instead (SearchHit.what): left out here, even when the snippet starts
    # inside it ("…spaces" of "physical spaces").
    parts = [part.strip() for part in snippet.split("·") if part.strip()]
    if code and parts:
        words, first = code.replace("_", " "), parts[0]
        cut = first.startswith("…") and len(parts) > 1 and words.endswith(first[1:].strip())
        if first == words or cut:
            parts.pop(0)
    return " · ".join(parts)


_LABELS = {
    member.value: member.label for coded in (CapabilityKind, AssetCategory) for member in coded
}


def _label(code: str) -> str:
    """The label of a capability kind or asset category code ("" for none)."""
    return _LABELS.get(code, code.replace("_", " "))


def _where(table: t.Table, filters: dict[str, Any]) -> tuple[str, list[Any]]:
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


def _order(table: t.Table, sort: str | None, descending: bool) -> str:
    direction = "DESC" if descending else "ASC"
    if sort in (None, "name") and table.sort_source:
        sort = "sort_name"
    if sort is None:
        return f"rowid {direction}"
    if sort not in table.sortable:
        raise ValueError(f"cannot sort {table.entity} records by '{sort}'")
    ties = ["id"] if sort == "sort_name" else [*_TIES.get((table.name, sort), ()), "rowid"]
    return ", ".join(f"{column} {direction}" for column in (sort, *ties))


# Columns that order ties, as in each table's index for that sort (see schema._INDEXES).
_TIES = {("person", "organisation"): ("sort_name",), ("asset", "category"): ("sort_name",)}


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
