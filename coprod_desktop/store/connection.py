"""Opening SQLite connections to audit files, and turning SQLite's errors into ours."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from coprod_desktop.store.errors import (
    AuditBusyError,
    AuditFileError,
    AuditWriteError,
    CorruptAuditError,
    DiskFullError,
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


# With less than this free, a write that failed for any reason is taken as the disk being full.
NEARLY_FULL = 1_000_000


def free_space(path: Path) -> tuple[int | None, str]:
    """Return (bytes free, the drive or mount point) where `path` is or would be written;
    None for the bytes when the drive cannot be asked (it went away)."""
    folder = _folder(path)
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    return free, _place(folder)


def _folder(path: Path) -> Path:
    folder = Path(path).absolute().parent
    with contextlib.suppress(OSError):
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
    return folder


def _place(folder: Path) -> str:
    """The drive (C:\\, a network share) or, elsewhere, the mount point the folder is on."""
    if os.name == "nt":
        return folder.anchor or str(folder)
    place = folder
    with contextlib.suppress(OSError):
        place = folder.resolve()
        while not os.path.ismount(place) and place != place.parent:
            place = place.parent
    return str(place)


def disk_full(
    path: Path, *, needed: int = 0, unsaved: str = "The last change was not saved."
) -> DiskFullError:
    """The error for a disk too full to save to, saying how much is free there."""
    free, place = free_space(path)
    return DiskFullError(path, free=free, place=place, needed=needed, unsaved=unsaved)


def require_free_space(path: Path, least: int, *, likely: int = 0, unsaved: str) -> None:
    """Raise DiskFullError when the disk of `path` has less than `least` bytes free; it asks
    for room for `likely` bytes (what the work is likely to take) when that is more."""
    free = free_space(path)[0]
    if free is not None and free < least:
        raise disk_full(path, needed=max(least, likely), unsaved=unsaved)


def is_disk_full(error: BaseException, path: Path) -> bool:
    """Whether `error` (SQLite's or the system's) means that the disk is full."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and code & 0xFF == sqlite3.SQLITE_FULL:
            return True
        if code is not None and code & 0xFF != sqlite3.SQLITE_IOERR:
            return "disk is full" in str(error).lower()
    elif not isinstance(error, OSError):
        return False
    elif error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return True
    # A failed write or sync (SQLite's "disk I/O error", EIO...) on a disk with next to
    # nothing left: the full disk is the likely cause, and the one that helps to say.
    free = free_space(path)[0]
    return free is not None and free < NEARLY_FULL


def settle_failed_write(path: Path, connection: sqlite3.Connection) -> sqlite3.Connection:
    """After a write that failed part-way, put the file back to its last saved state now.

    Return the connection to go on with. When a write fails on a full disk, SQLite has
    written some new pages into the audit and keeps the old ones in a "hot" journal beside it;
    ROLLBACK only marks the connection as in error, and the journal is played back by the next
    connection that reads the file. Until then a copy of the audit alone is a damaged file, so
    the connection is closed and a new one reads the file at once, which plays it back.
    Raises AuditWriteError if the journal is still there after that.
    """
    with contextlib.suppress(sqlite3.Error):
        if connection.in_transaction:
            connection.execute("ROLLBACK")
    if not journal_path(path).exists():
        return connection
    with contextlib.suppress(sqlite3.Error):
        connection.close()
    fresh = None
    try:
        fresh = connect(path, read_only=False)
        fresh.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # plays the journal back
    except sqlite3.Error as error:
        if fresh is not None:
            fresh.close()
        raise _not_put_back(path) from error
    if journal_path(path).exists():  # someone else's transaction, or it could not be played
        with contextlib.suppress(sqlite3.Error):
            fresh.execute("BEGIN IMMEDIATE")  # waits for another writer to finish
            fresh.execute("ROLLBACK")
        if journal_path(path).exists():
            fresh.close()
            raise _not_put_back(path)
    return fresh


def _not_put_back(path: Path) -> AuditWriteError:
    return AuditWriteError(
        path,
        "could not be put back to its last saved state after a save failed part-way.",
        f'Keep "{journal_path(path).name}" beside it: it holds what is needed. Free some space '
        "on the disk, then open the audit again, which puts it back.",
    )


def translate(
    path: Path, error: sqlite3.Error, *, unsaved: str = "The last change was not saved."
) -> AuditFileError:
    """Return the user-facing error for an SQLite error on the audit at `path`."""
    text = str(error).lower()
    if is_disk_full(error, path):  # before "read-only": a full disk is not read-only
        return disk_full(path, unsaved=unsaved)
    if "locked" in text or "busy" in text:
        return AuditBusyError(
            path,
            "is busy: another program is writing to it right now.",
            "Wait a moment and try again; if it keeps happening, close other programs that "
            "have the audit open.",
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
            f"could not be read or written ({error}). {unsaved}",
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
