"""Lock paths that are not lock files: a named pipe, a folder, links, devices, huge files.

Each kind is put where the lock goes, beside a real audit, and the audit is opened by the real
store in a child process with a time limit and a memory limit: the open must return at once,
read-only, with a message that says what to do, and must leave the thing at the lock path (and
anything a link points to) exactly as it was. On the first version a named pipe hung the open
for ever, a link to /dev/zero or a 2 GB file was read into memory, a folder gave the wrong
message and a link was deleted and replaced.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from coprod_desktop.domain import Audit, Person
from coprod_desktop.store import AuditStore
from coprod_desktop.store.lock import (
    DAMAGED,
    MAX_LOCK_BYTES,
    AuditLock,
    ForeignLock,
    LockHolder,
    inspect_lock,
    lock_path,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="named pipes and links as on POSIX")

# The child opens the audit and says how it went. Its address space is limited, so that the
# first version's reading of /dev/zero fails there instead of eating the machine's memory.
OPEN_CHILD = textwrap.dedent(
    """
    import json, os, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (1024 ** 3, 1024 ** 3))
    from coprod_desktop.store import AuditStore, lock
    if sys.argv[2] == "no-flags":  # as on Windows: neither O_NOFOLLOW nor O_NONBLOCK
        lock._READ_FLAGS = os.O_RDONLY
    started = time.perf_counter()
    store = AuditStore.open(sys.argv[1])
    seconds = time.perf_counter() - started
    reason = store.read_only_reason
    result = {
        "read_only": store.read_only,
        "code": reason.code if reason else None,
        "message": reason.message if reason else None,
        "seconds": seconds,
        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    store.close()
    print(json.dumps(result))
    """
)


def open_in_child(audit: Path, flags: str = "platform") -> dict:
    """Open `audit` in a child process (20 s at most); return what it reported."""
    result = subprocess.run(
        [sys.executable, "-c", OPEN_CHILD, str(audit), flags],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    (tmp_path / "audits").mkdir()
    path = tmp_path / "audits" / "Cwm Tŷ-gwyn.coprod"
    with AuditStore.create(path, Audit(title="Cwm Tŷ-gwyn audit")) as store:
        store.add(Person(name="Siân Evans"))
    assert not lock_path(path).exists()
    return path


SINCE = "2026-11-02T09:30:00+00:00"


def holder_json(pid: int) -> str:
    return json.dumps(
        {
            "user": "Gwen Price",
            "host": socket.gethostname(),
            "pid": pid,
            "since": "2026-11-02T09:30",
        }
    )


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    return int(child.stdout)


def lock_state(path: Path) -> tuple:
    """What is at `path`, to compare before and after: its kind, size, link target, content."""
    info = os.lstat(path)
    if os.path.islink(path):
        return ("link", os.readlink(path))
    if path.is_dir():
        return ("folder", sorted(os.listdir(path)))
    if path.is_fifo():
        return ("pipe", info.st_ino)
    content = path.read_bytes() if info.st_size <= 1 << 20 else None
    return ("file", info.st_size, content)


# Each kind: a function that puts it at the lock path (given the audit's folder), and the words
# the message uses for it.
def _pipe(lock: Path, folder: Path) -> None:
    os.mkfifo(lock)


def _folder(lock: Path, folder: Path) -> None:
    lock.mkdir()
    (lock / "keep me.txt").write_text("something of the user's")


def _link_to_live_lock(lock: Path, folder: Path) -> None:
    target = folder / "elsewhere.lock"
    target.write_text(holder_json(os.getpid()))  # a valid lock, held by a live process
    lock.symlink_to(target)


def _link_to_stale_lock(lock: Path, folder: Path) -> None:
    target = folder / "elsewhere.lock"
    target.write_text(holder_json(dead_pid()))  # would be taken over if it were the lock itself
    lock.symlink_to(target)


def _link_to_nothing(lock: Path, folder: Path) -> None:
    lock.symlink_to(folder / "nowhere" / "planted.lock")


def _link_to_dev_zero(lock: Path, folder: Path) -> None:
    lock.symlink_to("/dev/zero")


def _sparse_2gb(lock: Path, folder: Path) -> None:
    with lock.open("wb") as handle:
        handle.truncate(2 * 1024**3)


def _five_kb(lock: Path, folder: Path) -> None:
    lock.write_text(holder_json(os.getpid()) + " " * 5000)


KINDS: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "named pipe": (_pipe, "a named pipe"),
    "folder": (_folder, "a folder"),
    "link to a live lock": (_link_to_live_lock, "a link to another file"),
    "link to a stale lock": (_link_to_stale_lock, "a link to another file"),
    "link to nothing": (_link_to_nothing, "a link to another file"),
    "link to /dev/zero": (_link_to_dev_zero, "a link to another file"),
    "2 GB sparse file": (_sparse_2gb, "a large file (2.0 GB)"),
    "5 KB file": (_five_kb, "a large file (5.0 KB)"),
}


@pytest.mark.parametrize("flags", ["platform", "no-flags"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_lock_path_that_is_not_a_lock_file_opens_read_only_at_once(
    audit: Path, kind: str, flags: str
) -> None:
    make, words = KINDS[kind]
    lock = lock_path(audit)
    make(lock, audit.parent)
    before = lock_state(lock)
    others = {p.name: lock_state(p) for p in audit.parent.iterdir() if p != lock}
    baseline_peak = None
    if kind == "2 GB sparse file":
        # The same open beside an ordinary lock of someone else, for the peak memory to beat.
        other = audit.parent.parent / "baseline.coprod"
        AuditStore.create(other, Audit(title="Baseline")).close()
        lock_path(other).write_text(holder_json(os.getpid()))
        baseline_peak = open_in_child(other, flags)["peak_kb"]

    result = open_in_child(audit, flags)

    assert result["read_only"] is True
    assert result["code"] == "foreign_lock"
    message = result["message"]
    assert message.startswith("Read-only: ")
    assert words in message
    assert "not a lock Coprod Desktop can use" in message
    assert f"delete {lock.name} and open it again" in message
    assert "If nobody else has the audit open".lower() in message.lower()
    assert result["seconds"] < 5, result
    if baseline_peak is not None:
        # A 2 GB file read into memory would show here; a few KB read does not.
        assert result["peak_kb"] < baseline_peak + 20 * 1024, (result, baseline_peak)
    # Nothing at the lock path, or pointed to by it, was touched, deleted or replaced.
    assert lock_state(lock) == before
    assert {p.name: lock_state(p) for p in audit.parent.iterdir() if p != lock} == others
    assert not (audit.parent / "nowhere").exists(), "a lock was written through a planted link"


def test_the_window_and_errors_get_the_same_plain_message(audit: Path) -> None:
    lock = lock_path(audit)
    lock.mkdir()
    with AuditStore.open(audit) as store:
        reason = store.read_only_reason
        assert reason is not None and reason.code == "foreign_lock"
        assert reason.holder is None
        assert reason.message == (
            "Read-only: its lock file is a folder, not a lock Coprod Desktop can use; if nobody "
            "else has the audit open, delete Cwm Tŷ-gwyn.coprod.lock and open it again"
        )
        assert store.count(Person) == 1  # it can be read
        with pytest.raises(Exception, match=re.escape("delete Cwm Tŷ-gwyn.coprod.lock")) as excinfo:
            store.add(Person(name="Not saved"))
        assert "Save a copy" in str(excinfo.value)
    assert lock.is_dir() and not any(lock.iterdir())
    # Once it is gone, the audit opens for editing again.
    lock.rmdir()
    with AuditStore.open(audit) as store:
        assert not store.read_only
        assert lock_path(audit).is_file()
    assert not lock_path(audit).exists()


def test_inspect_lock_reads_at_most_a_few_kb_of_a_huge_file(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "huge.coprod.lock"
    with path.open("wb") as handle:
        handle.write(holder_json(1).encode())
        handle.truncate(2 * 1024**3)
    tracemalloc.start()
    try:
        found = inspect_lock(path)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(found, ForeignLock) and found.kind == "a large file (2.0 GB)"
    assert peak < 64 * 1024, peak


def test_inspect_lock_tells_the_kinds_apart(tmp_path: Path) -> None:
    path = tmp_path / "a.coprod.lock"
    assert inspect_lock(path) is None
    path.write_text(holder_json(123))
    assert inspect_lock(path) == LockHolder(
        "Gwen Price", socket.gethostname(), 123, "2026-11-02T09:30"
    )
    path.write_bytes(b'{"user": "cut off')
    assert inspect_lock(path) == DAMAGED
    path.write_bytes(b"x" * MAX_LOCK_BYTES)  # as large as a lock may be: still ours, damaged
    assert inspect_lock(path) == DAMAGED
    path.write_bytes(b"x" * (MAX_LOCK_BYTES + 1))
    assert inspect_lock(path) == ForeignLock(path, "a large file (4.0 KB)")
    path.unlink()
    os.mkfifo(path)
    assert inspect_lock(path) == ForeignLock(path, "a named pipe")
    path.unlink()
    path.symlink_to("/dev/null")
    assert inspect_lock(path) == ForeignLock(path, "a link to another file")


def test_a_lock_is_not_written_through_a_link_planted_at_the_lock_path(tmp_path: Path) -> None:
    audit = tmp_path / "a.coprod"
    target = tmp_path / "victim.txt"
    lock_path(audit).symlink_to(target)  # dangling: O_CREAT alone would create victim.txt
    lock = AuditLock(audit)
    found = lock.acquire()
    assert isinstance(found, ForeignLock)
    assert not lock.held
    assert not target.exists()
    assert os.readlink(lock_path(audit)) == str(target)
    lock.release()  # not held: leaves the link alone
    assert os.path.islink(lock_path(audit))


def test_a_stale_lock_that_is_a_regular_file_is_still_taken_over(tmp_path: Path) -> None:
    audit = tmp_path / "a.coprod"
    lock_path(audit).write_text(holder_json(dead_pid()))
    lock = AuditLock(audit)
    assert lock.acquire() is None
    assert inspect_lock(lock_path(audit)) == lock.holder
    lock.release()
    assert not lock_path(audit).exists()


@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero"])
def test_an_audit_path_that_is_a_pipe_or_a_device_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "odd.coprod"
    if kind == "named pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    # As a user runs it; the first version waited for ever on the pipe.
    result = subprocess.run(
        [sys.executable, "-m", "coprod_desktop", "info", str(path)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 1
    assert "is not an ordinary file (it is a named pipe or a device)" in result.stderr
    assert "Open a .coprod file." in result.stderr
    assert result.stderr.count("\n") == 1
