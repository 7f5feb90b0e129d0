"""Opening SQLite connections to audit files, and turning SQLite's errors into ours."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from coprod_desktop.store.errors import (
    AuditBusyError,
    AuditFileError,
    AuditWriteError,
    CorruptAuditError,
    ReadOnlyAuditError,
)
from coprod_desktop.store.lock import AuditLock

BUSY_TIMEOUT_MS = 5000


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Open `path` with the settings every audit connection uses.

    Autocommit mode: the store opens its own transactions, so that each edit is committed at
    once (autosave). DELETE journal and FULL sync, because audits live on network drives and
    USB sticks where WAL does not work and power cuts happen. The window opens audits in a
    worker thread and then uses them in its own, one thread at a time: hence no thread check.
    """
    if read_only:
        connection = sqlite3.connect(
            f"{path.absolute().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
    return connection


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def finish_interrupted_save(path: Path) -> None:
    """Put the audit back to its last saved state if a save was cut off by a crash.

    A crash in the middle of a save leaves a "hot" journal beside the file; SQLite undoes the
    half-made save from it, but only through a connection that may write. Read-only
    connections (the read-only commands, a second window) would fail instead, so they call
    this first. It does nothing when someone else has the audit open (their SQLite does it)
    or when the place is read-only.
    """
    if not journal_path(path).exists():
        return
    lock = AuditLock(path)
    try:
        if lock.acquire() is not None:
            return
    except OSError:
        return
    try:
        connection = connect(path, read_only=False)  # reading rolls a hot journal back
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        connection.close()
    except sqlite3.Error:
        pass  # the read-only open that follows reports the problem
    finally:
        lock.release()


def translate(path: Path, error: sqlite3.Error) -> AuditFileError:
    """Return the user-facing error for an SQLite error on the audit at `path`."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return AuditBusyError(
            path,
            "is busy: another program is writing to it right now.",
            "Wait a moment and try again; if it keeps happening, close other programs that "
            "have the audit open.",
        )
    if "full" in text:
        return AuditWriteError(
            path,
            "could not be saved because the disk is full. The last change was not saved.",
            "Free some space (or save a copy elsewhere) and try again.",
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyAuditError(
            path,
            "cannot be changed: the file or its folder is read-only.",
            "Use Save a copy to keep an editable copy somewhere you can write.",
        )
    if "disk i/o" in text or "unable to open" in text:
        return AuditWriteError(
            path,
            f"could not be read or written ({error}). The last change was not saved.",
            "Check that the drive or network share is still connected, then try again.",
        )
    return CorruptAuditError(
        path,
        f"is damaged and cannot be used ({error}).",
        "Open a backup or an earlier copy of the audit.",
    )


@contextlib.contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Raise our error, with its message for the user, for any SQLite error inside."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise  # the store turns these into messages about the record
    except sqlite3.Error as error:
        raise translate(path, error) from error
