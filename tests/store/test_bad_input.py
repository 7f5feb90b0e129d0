"""Bad input of every kind gives a clear message and leaves the audit file exactly as it was.

Every case uses real files in `tmp_path`, the real store and, where another program is
involved, a real child process. "Unchanged" is checked by the file's SHA-256 before and after,
and by the folder listing: no lock file, `.partial` or journal may be left beside the audit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import queue
import random
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coprod_desktop.domain import (
    AssetCategory,
    Audit,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Hat,
    Person,
    ValidationError,
)
from coprod_desktop.domain.validation import MAX_TEXT_LENGTH
from coprod_desktop.store import (
    SCHEMA_VERSION,
    AuditBusyError,
    AuditFileError,
    AuditNotFoundError,
    AuditStore,
    CorruptAuditError,
    NotAnAuditError,
    ReadOnlyAuditError,
)
from coprod_desktop.store.check import check_audit
from coprod_desktop.store.connection import BUSY_TIMEOUT_MS
from coprod_desktop.store.lock import current_user, lock_path

POSIX = os.name == "posix"
STRAY_SUFFIXES = (".lock", ".partial", "-journal", "-wal", "-shm")
# Words that mean nothing to a community volunteer and must not reach them.
JARGON = ("sqlite", "traceback", "errno", "operationalerror", "pragma")


# -- helpers ---------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def assert_no_strays(folder: Path) -> None:
    strays = [name for name in listing(folder) if name.endswith(STRAY_SUFFIXES)]
    assert not strays, f"files left beside the audit: {strays}"


def assert_clear(
    error: AuditFileError,
    path: Path,
    problem: list[str | tuple[str, ...]],
    advice: list[str | tuple[str, ...]],
) -> None:
    """The message names the file and the problem in plain words and says what to do.

    `problem` and `advice` list words the message must contain (a tuple: any one of them).
    """
    text = str(error)
    assert error.path == path
    assert str(path) in text
    for part, words in ((error.problem, problem), (error.advice, advice)):
        for word in words:
            choices = word if isinstance(word, tuple) else (word,)
            assert any(c.lower() in part.lower() for c in choices), f"{word!r} not in {text!r}"
    assert error.advice.strip(), f"the message does not say what to do: {text!r}"
    words = text.replace(str(path), "").lower()
    for word in JARGON:
        assert word not in words, f"jargon {word!r} in message: {text!r}"


def make_audit(path: Path, people: int = 30) -> list[str]:
    """Write a real audit with people, capabilities and an asset; return the people's ids."""
    ids = []
    with AuditStore.create(path, Audit(title="Cwm Tŷ-gwyn co-production audit")) as store:
        for number in range(people):
            person = store.add(
                Person(
                    name=f"Person {number} Siân ap Rhys",
                    hats=(Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER) if number % 2 else (Hat.STAFF,),
                    notes="Helps at the Tuesday lunch club. " * 10,
                )
            )
            store.add(
                Capability(person_id=person.id, kind=CapabilityKind.HANDS, description="Gardening")
            )
            ids.append(person.id)
        store.add(CommunityAsset(name="Canolfan Tŵr", category=AssetCategory.PHYSICAL_SPACES))
    return ids


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    folder = tmp_path / "audits"
    folder.mkdir()
    path = folder / "audit.coprod"
    make_audit(path)
    return path


def snapshot(store: AuditStore) -> tuple[dict[str, int], int]:
    return store.counts(), len(store.changes(limit=100_000))


class Child:
    """A child Python process that we talk to line by line (portable: a reader thread)."""

    def __init__(self, script: str, *args: str | Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("<eof>")

    def expect(self, prefix: str, timeout: float = 30) -> str:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            pytest.fail(f"the child process did not say {prefix!r} within {timeout} s")
        if not line.startswith(prefix):
            self.kill()
            stderr = self.process.stderr.read() if self.process.stderr else ""
            pytest.fail(f"the child process said {line!r}, not {prefix!r}; stderr:\n{stderr}")
        return line

    def finish(self, timeout: float = 30) -> int:
        """Tell the child to finish (a line on stdin) and wait for it to exit."""
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        self.process.stdin.close()
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def children() -> Iterator[list[Child]]:
    started: list[Child] = []
    yield started
    for child in started:
        child.kill()


def dead_pid() -> int:
    """The pid of a process that has finished (on this host)."""
    result = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout)


def write_lock(audit_path: Path, content: str | bytes) -> Path:
    path = lock_path(audit_path)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def assert_refused_unchanged(path: Path, error_type: type[AuditFileError]) -> AuditFileError:
    """Opening `path` raises `error_type`; the file and its folder are exactly as before."""
    before_hash, before_listing = sha256(path), listing(path.parent)
    with pytest.raises(error_type) as excinfo:
        AuditStore.open(path)
    assert sha256(path) == before_hash
    assert listing(path.parent) == before_listing
    assert_no_strays(path.parent)
    return excinfo.value


# -- files that are not audits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("text", "Name,Hats\nSiân,Volunteer\n".encode() * 50),
        ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        ("random", random.Random(20240607).randbytes(8192)),
        ("short text", b"hello"),
    ],
)
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, kind: str, content: bytes) -> None:
    path = tmp_path / f"not an audit ({kind}).coprod"
    path.write_bytes(content)
    error = assert_refused_unchanged(path, NotAnAuditError)
    assert_clear(error, path, ["not a Coprod audit"], ["open a .coprod file"])
    assert isinstance(error, AuditFileError)


@pytest.mark.parametrize(
    "application_id", [0, 0x47504B47, 0x0F055112], ids=["zero", "geopackage", "other"]
)
def test_an_sqlite_database_of_another_application_is_refused(
    tmp_path: Path, application_id: int
) -> None:
    path = tmp_path / "members.coprod"
    connection = sqlite3.connect(path)
    connection.executescript(
        f"""
        PRAGMA application_id = {application_id};
        PRAGMA user_version = 1;
        CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, joined TEXT);
        CREATE TABLE person (id TEXT, name TEXT);  -- even a table with one of our names
        """
    )
    connection.executemany(
        "INSERT INTO members (name, joined) VALUES (?, ?)",
        [(f"Member {n}", "2024-01-01") for n in range(100)],
    )
    connection.commit()
    connection.close()
    error = assert_refused_unchanged(path, NotAnAuditError)
    assert_clear(error, path, ["another program", "not a Coprod audit"], ["Coprod Desktop"])


# -- damaged audits --------------------------------------------------------------------------


def test_an_audit_cut_in_half_is_refused(audit: Path) -> None:
    data = audit.read_bytes()
    assert len(data) > 8192
    cut = audit.with_name("cut in half.coprod")
    cut.write_bytes(data[: len(data) // 2 + 123])
    audit.unlink()
    error = assert_refused_unchanged(cut, CorruptAuditError)
    assert_clear(error, cut, ["cut off"], ["backup"])


def test_an_audit_cut_shorter_than_its_header_is_refused(audit: Path) -> None:
    cut = audit.with_name("fifty bytes.coprod")
    cut.write_bytes(audit.read_bytes()[:50])
    error = assert_refused_unchanged(cut, CorruptAuditError)
    assert_clear(error, cut, ["cut off"], ["backup"])


def test_an_empty_audit_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.coprod"
    path.touch()
    error = assert_refused_unchanged(path, CorruptAuditError)
    assert_clear(error, path, ["empty", "0 bytes"], ["backup"])
    assert path.stat().st_size == 0


def test_an_audit_whose_table_list_is_damaged_is_refused(audit: Path) -> None:
    # The header is intact, so the file is recognised, but the first page (the list of tables)
    # is overwritten with noise, as a failing USB stick might leave it.
    data = bytearray(audit.read_bytes())
    data[100:4096] = random.Random(7).randbytes(4096 - 100)
    audit.write_bytes(bytes(data))
    error = assert_refused_unchanged(audit, CorruptAuditError)
    assert_clear(error, audit, ["damaged"], ["backup"])


# -- newer files -----------------------------------------------------------------------------


def test_an_audit_from_a_newer_version_opens_read_only(audit: Path) -> None:
    connection = sqlite3.connect(audit)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    before_hash, before_listing = sha256(audit), listing(audit.parent)

    store = AuditStore.open(audit)
    try:
        assert store.read_only
        assert store.read_only_reason is not None
        assert store.read_only_reason.code == "newer_version"
        message = store.read_only_reason.message
        assert "newer version" in message
        assert str(SCHEMA_VERSION + 1) in message
        assert "update Coprod Desktop" in message
        # It can still be read.
        assert store.count(Person) == 30
        assert store.audit().title == "Cwm Tŷ-gwyn co-production audit"
        assert len(store.search("sian")) > 0
        person = store.page(Person, limit=1)[0]
        # Every kind of edit is refused with a message naming the reason.
        edits = [
            lambda: store.add(Person(name="New person")),
            lambda: store.update(dataclasses.replace(person, notes="changed")),
            lambda: store.delete(Person, person.id),
            lambda: store.restore(Person, person.id),
            lambda: store.add_many([Person(name="Another")]),
        ]
        for edit in edits:
            with pytest.raises(ReadOnlyAuditError) as excinfo:
                edit()
            assert "newer version" in str(excinfo.value)
            assert "Save a copy" in excinfo.value.advice
        assert not lock_path(audit).exists(), "a read-only audit must not take the lock"
    finally:
        store.close()
    assert sha256(audit) == before_hash
    assert listing(audit.parent) == before_listing


# -- wrong paths -----------------------------------------------------------------------------


def test_a_missing_file_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "no such audit.coprod"
    with pytest.raises(AuditNotFoundError) as excinfo:
        AuditStore.open(path)
    assert_clear(excinfo.value, path, [("does not exist", "no file")], ["check the name"])
    assert not path.exists()
    assert listing(tmp_path) == []


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "audit.coprod"
    with pytest.raises(AuditNotFoundError) as excinfo:
        AuditStore.open(path)
    assert_clear(excinfo.value, path, [("does not exist", "no file")], ["folder"])
    assert listing(tmp_path) == []


def test_a_folder_passed_as_the_audit_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "Audits 2024.coprod"
    folder.mkdir()
    (folder / "inside.txt").write_text("x")
    with pytest.raises(NotAnAuditError) as excinfo:
        AuditStore.open(folder)
    assert listing(folder) == ["inside.txt"]
    assert listing(tmp_path) == ["Audits 2024.coprod"]
    assert_clear(excinfo.value, folder, ["folder"], ["choose"])


def test_creating_over_an_existing_file_is_refused(audit: Path) -> None:
    before_hash, before_listing = sha256(audit), listing(audit.parent)
    with pytest.raises(AuditFileError) as excinfo:
        AuditStore.create(audit, Audit(title="Another audit"))
    assert_clear(excinfo.value, audit, ["already exists"], ["another name"])
    assert sha256(audit) == before_hash
    assert listing(audit.parent) == before_listing


# -- read-only folders -----------------------------------------------------------------------

READ_ONLY_CHILD = """
import json, sys
from pathlib import Path
from coprod_desktop.domain import Audit, Person
from coprod_desktop.store import AuditFileError, AuditStore

folder, elsewhere = Path(sys.argv[1]), Path(sys.argv[2])
out = {}
try:
    (folder / "probe.txt").write_text("x")
    out["probe_written"] = True
except OSError:
    out["probe_written"] = False

def describe(error):
    return {"type": type(error).__name__, "message": str(error), "problem": error.problem,
            "advice": error.advice, "bases": [c.__name__ for c in type(error).__mro__]}

store = AuditStore.open(folder / "audit.coprod")
out["read_only"] = store.read_only
out["reason_code"] = store.read_only_reason and store.read_only_reason.code
out["reason_message"] = store.read_only_reason and store.read_only_reason.message
out["people"] = store.count(Person)
try:
    store.add(Person(name="Not saved"))
    out["add_error"] = None
except AuditFileError as error:
    out["add_error"] = describe(error)
copy = store.save_copy(elsewhere / "editable copy.coprod")
store.close()
with AuditStore.open(copy) as editable:
    out["copy_read_only"] = editable.read_only
    editable.add(Person(name="Saved in the copy"))
    out["copy_people"] = editable.count(Person)
try:
    AuditStore.create(folder / "new audit.coprod", Audit(title="New"))
    out["create_error"] = None
except AuditFileError as error:
    out["create_error"] = describe(error)
print(json.dumps(out))
"""


def _run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=60)


def run_in_read_only_folder(folder: Path, elsewhere: Path, script: Path, how: str) -> dict:
    """Run `script` with `folder` read-only for it; return the JSON it prints.

    `how` is "permissions" (a folder the user may not write to: chmod 555, and as root the
    child also drops the capabilities that let root ignore permissions) or "mount" (a
    read-only medium: a read-only bind mount in a private mount namespace, root only).
    """
    if not POSIX:
        pytest.skip("read-only folders are made with ACLs on Windows; not covered here")
    arguments = [sys.executable, str(script), str(folder), str(elsewhere)]
    root = os.geteuid() == 0
    if how == "permissions":
        if root and not shutil.which("setpriv"):
            pytest.skip("running as root without `setpriv`: chmod does not stop root writing")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        mode = folder.stat().st_mode
        folder.chmod(0o555)
        try:
            result = _run([*prefix, *arguments] if root else arguments)
        finally:
            folder.chmod(mode)
        if root and result.returncode != 0 and "setpriv" in result.stderr:
            pytest.skip(f"cannot drop root's capabilities here: {result.stderr.strip()}")
    else:
        if not root:
            pytest.skip("a read-only bind mount needs root; the permissions case covers this")
        if not shutil.which("unshare"):
            pytest.skip("running as root without `unshare`: cannot make a read-only mount")
        d = shlex.quote(str(folder))
        inner = (
            f"mount --bind {d} {d} && mount -o remount,bind,ro {d} {d} && "
            f"exec {shlex.join(arguments)}"
        )
        result = _run(["unshare", "-m", "--propagation", "private", "sh", "-c", inner])
        failed_early = result.returncode != 0 and not result.stdout.strip()
        if failed_early and ("unshare" in result.stderr or "mount" in result.stderr):
            pytest.skip(f"cannot make a read-only bind mount here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("how", ["permissions", "mount"])
def test_an_audit_in_a_read_only_folder_opens_read_only(
    audit: Path, tmp_path: Path, how: str
) -> None:
    folder = audit.parent
    elsewhere = tmp_path / "writable"
    elsewhere.mkdir()
    script = tmp_path / "read_only_child.py"
    script.write_text(READ_ONLY_CHILD, encoding="utf-8")
    before_hash, before_listing = sha256(audit), listing(folder)

    out = run_in_read_only_folder(folder, elsewhere, script, how)

    assert out["probe_written"] is False, "the folder was not read-only for the child"
    assert out["read_only"] is True
    assert out["reason_code"] == "read_only_location"
    assert "cannot be written" in out["reason_message"]
    assert out["people"] == 30
    # An edit is refused with our error, naming the reason and what to do.
    add_error = out["add_error"]
    assert add_error is not None
    assert add_error["type"] == "ReadOnlyAuditError"
    assert "cannot be written" in add_error["message"]
    assert "Save a copy" in add_error["advice"]
    # "Save a copy" elsewhere gives an editable audit.
    assert out["copy_read_only"] is False
    assert out["copy_people"] == 31
    # Making a new audit there fails with a write error that says what to do.
    create_error = out["create_error"]
    assert create_error is not None
    assert "AuditFileError" in create_error["bases"]
    assert create_error["type"] in ("AuditWriteError", "ReadOnlyAuditError")
    assert "could not be created" in create_error["problem"], create_error["message"]
    assert "folder you can write to" in create_error["advice"], create_error["message"]
    for word in JARGON:
        assert word not in create_error["message"].lower()
    # Nothing changed in the folder.
    assert sha256(audit) == before_hash
    assert listing(folder) == before_listing
    assert_no_strays(folder)


# -- names with spaces and letters beyond ASCII ----------------------------------------------


def test_a_path_with_spaces_and_non_ascii_letters_works_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "Archwiliadau cyd-gynhyrchu ŵ" / "Ffolder gyda bylchau"
    folder.mkdir(parents=True)
    path = folder / "Cwm Tŷ-gwyn audit ŵ é 日本.coprod"
    with AuditStore.create(path, Audit(title="Archwiliad Cwm Tŷ-gwyn")) as store:
        assert not store.read_only
        assert lock_path(path).exists()
        person = store.add(Person(name="Siân Ŵyn", hats=(Hat.CARER,)))
        store.add(
            Capability(
                person_id=person.id, kind=CapabilityKind.LANGUAGE, description="Cymraeg, 日本語"
            )
        )
    assert listing(folder) == [path.name]
    with AuditStore.open(path) as store:
        assert not store.read_only
        assert store.audit().title == "Archwiliad Cwm Tŷ-gwyn"
        assert store.get(Person, person.id) == person
        assert [hit.record_id for hit in store.search("sian")] == [person.id]
        assert [hit.kind for hit in store.search("日本語")] == ["capability"]
        copy = store.save_copy(folder / "copi ŵ 日本.coprod")
    with AuditStore.open(copy) as store:
        assert store.count(Person) == 1
    assert sorted(listing(folder)) == sorted([path.name, copy.name])


# -- the lock file ---------------------------------------------------------------------------

HOLDER_CHILD = """
import sys
from coprod_desktop.store import AuditStore
store = AuditStore.open(sys.argv[1])
print("ready", store.read_only, flush=True)
sys.stdin.readline()
store.close()
print("closed", flush=True)
"""


def test_an_audit_open_in_another_process_opens_read_only(
    audit: Path, children: list[Child]
) -> None:
    before_hash = sha256(audit)
    child = Child(HOLDER_CHILD, audit)
    children.append(child)
    assert child.expect("ready") == "ready False"
    assert lock_path(audit).exists()

    store = AuditStore.open(audit)
    try:
        assert store.read_only
        reason = store.read_only_reason
        assert reason is not None and reason.code == "opened_by"
        assert current_user() in reason.message
        assert socket.gethostname() in reason.message
        assert reason.holder is not None and reason.holder.pid == child.process.pid
        assert store.count(Person) == 30
        with pytest.raises(ReadOnlyAuditError) as excinfo:
            store.add(Person(name="Not saved"))
        assert socket.gethostname() in str(excinfo.value)
        assert "Save a copy" in excinfo.value.advice
        person = store.page(Person, limit=1)[0]
        with pytest.raises(ReadOnlyAuditError):
            store.delete(Person, person.id)
    finally:
        store.close()
    assert lock_path(audit).exists(), "closing a read-only store must not remove another's lock"
    assert sha256(audit) == before_hash

    assert child.finish() == 0
    assert child.expect("closed")
    assert not lock_path(audit).exists(), "the lock is released when its holder closes"
    with AuditStore.open(audit) as store:
        assert not store.read_only
        store.add(Person(name="Now it can be edited"))
        assert store.count(Person) == 31
    assert_no_strays(audit.parent)


def test_a_stale_lock_from_a_dead_process_on_this_host_is_taken_over(audit: Path) -> None:
    holder = {
        "user": "someone",
        "host": socket.gethostname(),
        "pid": dead_pid(),
        "since": "2024-05-01T09:00:00+00:00",
    }
    lock = write_lock(audit, json.dumps(holder))
    with AuditStore.open(audit) as store:
        assert not store.read_only, store.read_only_reason
        assert json.loads(lock.read_text())["pid"] == os.getpid()
        store.add(Person(name="Saved"))
    assert not lock.exists()
    assert_no_strays(audit.parent)


def test_a_lock_from_another_host_is_respected(audit: Path) -> None:
    holder = {
        "user": "Gwen Price",
        "host": "LAPTOP-GWEN-0042",
        "pid": os.getpid(),
        "since": "2024-05-01T09:00:00+00:00",
    }
    lock = write_lock(audit, json.dumps(holder))
    lock_bytes, before_hash, before_listing = (
        lock.read_bytes(),
        sha256(audit),
        listing(audit.parent),
    )
    store = AuditStore.open(audit)
    try:
        assert store.read_only
        reason = store.read_only_reason
        assert reason is not None and reason.code == "opened_by"
        assert "Gwen Price" in reason.message
        assert "LAPTOP-GWEN-0042" in reason.message
        assert "2024-05-01 09:00" in reason.message
        with pytest.raises(ReadOnlyAuditError) as excinfo:
            store.add(Person(name="Not saved"))
        assert "Gwen Price" in str(excinfo.value)
    finally:
        store.close()
    assert lock.read_bytes() == lock_bytes
    assert sha256(audit) == before_hash
    assert listing(audit.parent) == before_listing


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xffnot json at all{",
        b"",
        b'{"user": "half written"',
        b'{"user": "x", "host": "y"}',
        b'["a", "list"]',
        b'{"user": "x", "host": "y", "pid": "not a number", "since": ""}',
    ],
    ids=["binary", "empty", "cut-off", "missing-keys", "list", "bad-pid"],
)
def test_a_garbage_lock_file_is_taken_over(audit: Path, content: bytes) -> None:
    lock = write_lock(audit, content)
    with AuditStore.open(audit) as store:
        assert not store.read_only, store.read_only_reason
        assert json.loads(lock.read_text())["pid"] == os.getpid()
        store.add(Person(name="Saved"))
    assert not lock.exists()
    assert_no_strays(audit.parent)


# -- SQLite's own write lock -----------------------------------------------------------------

EXCLUSIVE_CHILD = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("ready", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
connection.close()
"""


def test_an_edit_while_another_process_writes_raises_busy(
    audit: Path, children: list[Child]
) -> None:
    store = AuditStore.open(audit)
    try:
        before = snapshot(store)
        before_hash = sha256(audit)
        child = Child(EXCLUSIVE_CHILD, audit)
        children.append(child)
        child.expect("ready")
        started = time.monotonic()
        with pytest.raises(AuditBusyError) as excinfo:
            store.add(Person(name="Waits for the other program"))
        waited = time.monotonic() - started
        assert waited < BUSY_TIMEOUT_MS / 1000 + 3, f"waited {waited:.1f} s"
        assert_clear(excinfo.value, audit, ["busy", "another program"], ["try again"])
        assert child.finish() == 0
        assert sha256(audit) == before_hash
        assert snapshot(store) == before
        # Once the other program is done, editing works again.
        store.add(Person(name="Saved after the wait"))
        assert store.count(Person) == 31
    finally:
        store.close()
    assert_no_strays(audit.parent)


# -- text of every kind ----------------------------------------------------------------------

EMOJI = "👩🏽‍🔬 👨‍👩‍👧‍👦 🏳️‍🌈 🏴󠁧󠁢󠁷󠁬󠁳󠁿 🇬🇧 🇺🇦 ❤️ 🧑🏿‍🦽"
ARABIC = "أمل الحسن، مركز المجتمع"
HEBREW = "שלום עליכם, מרכז קהילתי"
MIXED = f"Amal {ARABIC} (Cardiff) {HEBREW} 123"
DECOMPOSED = "Sia\u0302n Tw\u0302r e\u0301"  # combining accents stay as typed


def long_text(length: int) -> str:
    base = "Mae hen wlad fy nhadau yn annwyl i mi ŵ ŷ â 日本 "
    text = (base * (length // len(base) + 1))[:length]
    assert len(text) == length
    return text


def test_unusual_text_round_trips_exactly(tmp_path: Path) -> None:
    path = tmp_path / "text.coprod"
    long = long_text(10_000)
    values = {
        "name": f"{ARABIC} {EMOJI}",
        "organisation": HEBREW,
        "notes": long,
        "availability": MIXED,
        "address": DECOMPOSED,
        "reciprocity_note": "line one\nline two\r\n\ttabbed",
    }
    with AuditStore.create(path, Audit(title=f"Audit {EMOJI} {HEBREW}")) as store:
        person = store.add(Person(**values, languages=("العربية", "עברית", "Cymraeg")))
        capability = store.add(
            Capability(person_id=person.id, kind=CapabilityKind.LANGUAGE, description=MIXED)
        )
        asset = store.add(
            CommunityAsset(
                name=f"{HEBREW} {EMOJI}", category=AssetCategory.CULTURAL, description=long
            )
        )
        for key, value in values.items():
            assert getattr(person, key) == value
        checks(store, person, capability, asset)
    with AuditStore.open(path) as store:
        assert store.audit().title == f"Audit {EMOJI} {HEBREW}"
        checks(store, person, capability, asset)
    with AuditStore.open(path, read_only=True) as store:
        checks(store, person, capability, asset)


def checks(
    store: AuditStore, person: Person, capability: Capability, asset: CommunityAsset
) -> None:
    assert store.get(Person, person.id) == person
    assert store.get(Capability, capability.id) == capability
    assert store.get(CommunityAsset, asset.id) == asset
    assert store.page(Person) == [person]
    assert store.page(Person, sort="name", descending=True) == [person]
    assert store.page(Capability) == [capability]
    assert list(store.iterate(CommunityAsset)) == [asset]
    assert store.page(Person, text="أمل") == [person]
    assert {hit.record_id for hit in store.search("الحسن")} == {person.id, capability.id}
    assert {hit.record_id for hit in store.search("קהילתי")} == {person.id, capability.id, asset.id}
    hits = {hit.record_id: hit for hit in store.search("Mae hen wlad")}
    assert set(hits) == {person.id, asset.id}
    assert hits[asset.id].title == asset.name
    assert store.search(EMOJI) == []  # emoji are not words; searching for them is harmless


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda pid, c: Person(name=f"Siân{c}Jones"), "name"),
        (lambda pid, c: Person(name="Siân", notes=f"Line one{c}"), "notes"),
        (lambda pid, c: Person(name="Siân", languages=("Cymraeg", f"Saesneg{c}")), "languages"),
        (lambda pid, c: Person(name="Siân", email=f"sian{c}@example.org"), "email"),
        (
            lambda pid, c: Capability(
                person_id=pid, kind=CapabilityKind.HEAD, description=f"Knows{c}first aid"
            ),
            "description",
        ),
        (
            lambda pid, c: CommunityAsset(name=f"Hall{c}", category=AssetCategory.ASSOCIATIONS),
            "name",
        ),
    ],
    ids=["person-name", "person-notes", "person-languages", "person-email", "capability", "asset"],
)
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x0b", "\x7f"])
def test_control_characters_are_refused_and_nothing_is_written(
    audit: Path, make, field: str, char: str
) -> None:
    with AuditStore.open(audit) as store:
        person_id = store.page(Person, limit=1)[0].id
        before, before_hash = snapshot(store), sha256(audit)
        record = make(person_id, char)
        with pytest.raises(ValidationError) as excinfo:
            store.add(record)
        fields = [problem.field for problem in excinfo.value.problems]
        assert field in fields
        message = str(excinfo.value)
        assert "control character" in message
        assert f"{ord(char):#04x}" in message
        assert "remove it" in message
        assert field.replace("_", " ") in message or field in message
        # All or nothing in a batch, too.
        with pytest.raises(ValidationError):
            store.add_many([Person(name="Good one"), record, Person(name="Good two")])
        assert snapshot(store) == before
        assert sha256(audit) == before_hash


def test_control_characters_are_refused_on_update(audit: Path) -> None:
    with AuditStore.open(audit) as store:
        person = store.page(Person, limit=1)[0]
        before, before_hash = snapshot(store), sha256(audit)
        with pytest.raises(ValidationError) as excinfo:
            store.update(dataclasses.replace(person, notes="bad\x00byte"))
        assert [p.field for p in excinfo.value.problems] == ["notes"]
        assert store.get(Person, person.id) == person
        assert snapshot(store) == before
        assert sha256(audit) == before_hash


def test_a_new_audit_with_a_control_character_in_its_title_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "new.coprod"
    with pytest.raises(ValidationError) as excinfo:
        AuditStore.create(path, Audit(title="Audit\x00"))
    assert [p.field for p in excinfo.value.problems] == ["title"]
    assert listing(tmp_path) == []


def test_text_over_the_maximum_length_is_refused(audit: Path) -> None:
    with AuditStore.open(audit) as store:
        before, before_hash = snapshot(store), sha256(audit)
        with pytest.raises(ValidationError) as excinfo:
            store.add(Person(name="Siân", notes="x" * (MAX_TEXT_LENGTH + 1)))
        assert [p.field for p in excinfo.value.problems] == ["notes"]
        message = str(excinfo.value)
        assert f"{MAX_TEXT_LENGTH + 1:,}" in message
        assert f"{MAX_TEXT_LENGTH:,}" in message
        assert "Shorten" in message
        assert snapshot(store) == before
        assert sha256(audit) == before_hash
        # Exactly the maximum is fine, and round-trips.
        longest = long_text(MAX_TEXT_LENGTH)
        person = store.add(Person(name="Siân", notes=longest))
        assert store.get(Person, person.id).notes == longest


# -- a save cut off by a crash, then opened read-only ----------------------------------------

CUT_OFF_SAVE = """
import os, signal, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA cache_size = 5")  # a tiny cache: the save spills into the file
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE person SET notes = hex(randomblob(3000))")
connection.execute("UPDATE person SET notes = hex(randomblob(3000))")
os.kill(os.getpid(), signal.SIGKILL)
"""

INTERRUPTED_CHILD = """
import json, sys
from pathlib import Path
from coprod_desktop.store import AuditFileError, AuditStore
try:
    AuditStore.open(Path(sys.argv[1]) / "audit.coprod", read_only=True)
    print(json.dumps({"error": None}))
except AuditFileError as error:
    print(json.dumps({"error": type(error).__name__, "problem": error.problem,
                      "advice": error.advice}))
"""


def cut_a_save_off(audit: Path, tmp_path: Path) -> None:
    script = tmp_path / "cut_off_save.py"
    script.write_text(CUT_OFF_SAVE, encoding="utf-8")
    subprocess.run([sys.executable, str(script), str(audit)], timeout=60, check=False)
    assert Path(f"{audit}-journal").exists(), "the child did not leave a half-made save"


@pytest.mark.skipif(not POSIX, reason="the child kills itself with SIGKILL")
def test_read_only_opening_after_a_crash_shows_the_last_saved_state(
    audit: Path, tmp_path: Path
) -> None:
    with AuditStore.open(audit) as store:
        saved = {p.id: p.notes for p in store.page(Person, limit=100)}
    cut_a_save_off(audit, tmp_path)
    with AuditStore.open(audit, read_only=True) as store:  # as `coprod-desktop info` does
        assert {p.id: p.notes for p in store.page(Person, limit=100)} == saved
    assert not Path(f"{audit}-journal").exists()
    assert_no_strays(audit.parent)
    report = check_audit(audit)
    assert report.ok, report.problems


@pytest.mark.skipif(not POSIX, reason="the child kills itself with SIGKILL")
def test_a_crashed_save_in_a_read_only_folder_says_what_to_do(audit: Path, tmp_path: Path) -> None:
    cut_a_save_off(audit, tmp_path)
    before = sha256(audit)
    script = tmp_path / "interrupted_child.py"
    script.write_text(INTERRUPTED_CHILD, encoding="utf-8")
    out = run_in_read_only_folder(audit.parent, tmp_path, script, "mount")
    assert out["error"] == "AuditWriteError"
    assert "was not closed properly" in out["problem"]
    assert "read-only" in out["problem"]
    assert "audit.coprod-journal" in out["advice"] and "folder you can write to" in out["advice"]
    assert sha256(audit) == before
