"""The lock file beside an audit that names who has it open.

A second user opens the audit read-only and is told who has it. A lock left by a process that
died on this computer is stale and is taken over; a lock from another computer is respected,
because we cannot see whether that process is still alive.

The lock path is read without following links and without blocking, and only its first few
KB: something there that Coprod Desktop did not write (a folder, a link, a named pipe, a
device, a large file) is a foreign lock. The audit then opens read-only and the thing is left
exactly as it is.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import stat
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal

# A lock we write is about 100 bytes; nothing larger is read.
MAX_LOCK_BYTES: Final = 4096

# A small regular file at the lock path that is not a lock we can read: most likely one cut
# off while it was written (a crash, a full disk). It is taken over like a stale lock.
DAMAGED: Final = "damaged"

# Where the platform has them (not on Windows): open a link itself (and fail), never wait for
# a writer at the other end of a named pipe.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_CREATE_FLAGS = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
# open() of a link with O_NOFOLLOW fails with ELOOP (Linux, macOS) or EMLINK (FreeBSD).
_LINK_ERRORS = (errno.ELOOP, errno.EMLINK)
# Windows reparse tags of symbolic links and junctions (stat has names for them on Windows only).
_LINK_TAGS = (0xA000000C, 0xA0000003)


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since[:16].replace("T", " ")
        return f"{self.user} on {self.host} (since {when} UTC)"


@dataclass(frozen=True)
class ForeignLock:
    """Something at the lock path that Coprod Desktop did not write; it is never replaced."""

    path: Path
    kind: str  # in words: "a folder", "a link to another file", "a large file (2.1 GB)"...

    @property
    def message(self) -> str:
        """Why the audit opened read-only and what to do, for the status bar."""
        return (
            f"Read-only: its lock file is {self.kind}, not a lock Coprod Desktop can use; if "
            f"nobody else has the audit open, delete {self.path.name} and open it again"
        )


LockState = LockHolder | ForeignLock | Literal["damaged"] | None


def lock_path(audit_path: Path) -> Path:
    return audit_path.with_name(audit_path.name + ".lock")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors when no user name is set
        return "unknown user"


def _this_holder() -> LockHolder:
    return LockHolder(
        user=current_user(),
        host=socket.gethostname(),
        pid=os.getpid(),
        since=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        process = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # query limited info
        if not process:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(process, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(process)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True


def _size(size: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _not_a_lock(info: os.stat_result) -> str | None:
    """Return what `info` describes in words if it cannot be a lock we wrote, else None."""
    mode = info.st_mode
    # Windows: a junction is a link too; other reparse points (OneDrive's placeholders) are not.
    if stat.S_ISLNK(mode) or getattr(info, "st_reparse_tag", 0) in _LINK_TAGS:
        return "a link to another file"  # even to a valid lock: links are not followed
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if not stat.S_ISREG(mode):
        return "not a file"
    if info.st_size > MAX_LOCK_BYTES:
        return f"a large file ({_size(info.st_size)})"
    return None


def inspect_lock(path: Path) -> LockState:
    """Return what is at the lock path `path`, never blocking and reading at most a few KB.

    None: nothing there; a LockHolder: a lock Coprod Desktop wrote; DAMAGED: a small file
    that is not a readable lock; a ForeignLock: anything else.
    """
    # lstat first: Windows has neither O_NOFOLLOW nor O_NONBLOCK, and a named pipe or a
    # device is then never opened at all. The flags and fstat close the gap until the open.
    try:
        kind = _not_a_lock(os.lstat(path))
    except FileNotFoundError:
        return None
    except OSError as error:
        return ForeignLock(path, f"a file that cannot be read ({error.strerror or error})")
    if kind is not None:
        return ForeignLock(path, kind)
    try:
        descriptor = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno in _LINK_ERRORS:
            return ForeignLock(path, "a link to another file")
        return ForeignLock(path, f"a file that cannot be read ({error.strerror or error})")
    try:
        kind = _not_a_lock(os.fstat(descriptor))
        data = b"" if kind else os.read(descriptor, MAX_LOCK_BYTES + 1)
    except OSError as error:
        kind = f"a file that cannot be read ({error.strerror or error})"
    finally:
        os.close(descriptor)
    if kind is None and len(data) > MAX_LOCK_BYTES:  # it grew since fstat
        kind = f"a large file (over {_size(MAX_LOCK_BYTES)})"
    if kind is not None:
        return ForeignLock(path, kind)
    try:
        found = json.loads(data.decode("utf-8"))
        return LockHolder(str(found["user"]), str(found["host"]), int(found["pid"]), found["since"])
    except (ValueError, KeyError, TypeError):
        return DAMAGED


def read_holder(path: Path) -> LockHolder | None:
    """Return who holds the lock at `path`, or None if it is absent or not a lock we wrote."""
    found = inspect_lock(path)
    return found if isinstance(found, LockHolder) else None


class AuditLock:
    """The lock on one audit, held by this process until `release()`."""

    def __init__(self, audit_path: Path) -> None:
        self.path = lock_path(audit_path)
        self.holder = _this_holder()
        self.held = False

    def acquire(self) -> LockHolder | ForeignLock | None:
        """Take the lock; return None on success, else the holder or the foreign thing there.

        Raises OSError when the lock cannot be written (read-only folder or medium).
        """
        for _attempt in range(3):
            try:
                self._create()
                self.held = True
                return None
            except FileExistsError:
                found = inspect_lock(self.path)
            if isinstance(found, ForeignLock):
                return found
            if isinstance(found, LockHolder) and not self._is_stale(found):
                return found
            if found is not None:
                # Stale, or a small file cut off while it was written: take it over. Only a
                # regular file gets here (a link or a folder is foreign, above); unlinking a
                # link that replaced it since would remove the link, never what it points to.
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
        found = inspect_lock(self.path)
        return found if isinstance(found, LockHolder | ForeignLock) else self.holder

    def _is_stale(self, existing: LockHolder) -> bool:
        if existing.host != self.holder.host:
            return False
        if existing.pid == self.holder.pid:
            return False  # this process has it open already, in another window
        return not _pid_alive(existing.pid)

    def _create(self) -> None:
        # O_EXCL fails on anything already at the path, a link included (even one pointing at
        # nothing), so a planted link never makes us write somewhere else. The lexists check
        # says the same where O_EXCL's handling of links is less clear (Windows).
        if os.path.lexists(self.path):
            raise FileExistsError(errno.EEXIST, "exists", str(self.path))
        descriptor = os.open(self.path, _CREATE_FLAGS, 0o644)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(asdict(self.holder), handle)
        except OSError:
            # A full disk: the file was made but not written. Leave no empty lock behind.
            with contextlib.suppress(OSError):
                self.path.unlink()
            raise

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        if read_holder(self.path) == self.holder:
            with contextlib.suppress(OSError):
                self.path.unlink()
