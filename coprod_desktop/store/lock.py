"""The lock file beside an audit that names who has it open.

A second user opens the audit read-only and is told who has it. A lock left by a process that
died on this computer is stale and is taken over; a lock from another computer is respected,
because we cannot see whether that process is still alive.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        when = self.since[:16].replace("T", " ")
        return f"{self.user} on {self.host} (since {when} UTC)"


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


def read_holder(path: Path) -> LockHolder | None:
    """Return who holds the lock at `path`, or None if it is absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(str(data["user"]), str(data["host"]), int(data["pid"]), data["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


class AuditLock:
    """The lock on one audit, held by this process until `release()`."""

    def __init__(self, audit_path: Path) -> None:
        self.path = lock_path(audit_path)
        self.holder = _this_holder()
        self.held = False

    def acquire(self) -> LockHolder | None:
        """Take the lock; return None on success or the holder who has it.

        Raises OSError when the lock cannot be written (read-only folder or medium).
        """
        for _attempt in range(3):
            try:
                self._create()
                self.held = True
                return None
            except FileExistsError:
                existing = read_holder(self.path)
                if existing is not None and not self._is_stale(existing):
                    return existing
                # Stale or unreadable (a crash while writing it): take it over.
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
        return read_holder(self.path) or self.holder

    def _is_stale(self, existing: LockHolder) -> bool:
        if existing.host != self.holder.host:
            return False
        if existing.pid == self.holder.pid:
            return False  # this process has it open already, in another window
        return not _pid_alive(existing.pid)

    def _create(self) -> None:
        descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(self.holder), handle)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        if read_holder(self.path) == self.holder:
            with contextlib.suppress(OSError):
                self.path.unlink()
