"""The audit store: one `.coprod` file, opened for reading and autosaved editing.

AuditStore is put together from mixins, one module each: writing (add, update, delete,
restore, apply_changes), steps (undo and redo of an apply_changes), reading (get, page,
count, counts, related, iterate), search and sharing (the exports in the change log). This
module opens, upgrades, copies and closes the file and holds the transactions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.validation import validate
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
from coprod_desktop.store.reading import Reading
from coprod_desktop.store.schema import APPLICATION_ID, REQUIRED_TABLES, SCHEMA_VERSION
from coprod_desktop.store.search import Searching
from coprod_desktop.store.sharing import Sharing
from coprod_desktop.store.steps import StepUndo
from coprod_desktop.store.writes import insert_rows, log_change, next_stamp, now_stamp
from coprod_desktop.store.writing import RecordWriting

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


def _copy_database(source: sqlite3.Connection, destination: Path) -> None:
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
    finally:
        target.close()


class AuditStore(RecordWriting, StepUndo, Reading, Searching, Sharing):
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
                insert_rows(connection, t.AUDIT, [t.AUDIT.encode(stamped)])
                log_change(connection, now, user, "audit", audit.id, "added", "Created the audit")
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
                yield connection, next_stamp(connection)
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
