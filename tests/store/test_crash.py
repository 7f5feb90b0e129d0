"""Pulling the plug: a process killed in the middle of editing loses nothing that was saved.

A child process edits an audit in a loop and prints each record id right after the store call
returns, that is after the edit is committed. The parent kills it with SIGKILL at a random
moment, again and again on the same file, and checks each time that the file is intact, that
every edit the child reported is there, that no edit is half done, and that the next process
takes over the stale lock and can edit.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from coprod_desktop.domain import Audit, Person
from coprod_desktop.store import AuditFileError, AuditStore
from coprod_desktop.store.lock import lock_path

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="SIGKILL and the lock's pid check are tested on POSIX only"
)

KILLS = 50
BATCH = 20

CHILD = """
import dataclasses, random, sys
from coprod_desktop.domain import (
    Capability, CapabilityKind, CommunityAsset, AssetCategory, ElementLink, Element, Hat,
    Person, Role, Rung, Stage,
)
from coprod_desktop.store import AuditStore

path, run = sys.argv[1], sys.argv[2]
rng = random.Random(run)
store = AuditStore.open(path)
if store.read_only:
    print("read-only", store.read_only_reason.message, flush=True)
    sys.exit(3)
print("ready", flush=True)

def say(*words):
    print(*words, flush=True)

people, capabilities, versions = [], [], {}
n = 0
while True:
    n += 1
    person = store.add(Person(name=f"Crash {run}-{n} Siân", hats=(Hat.VOLUNTEER,), notes="0"))
    say("person", person.id)
    people.append(person)
    versions[person.id] = 0
    capability = store.add(
        Capability(person_id=person.id, kind=CapabilityKind.HANDS, description=f"Skill {n}")
    )
    say("capability", capability.id, person.id)
    capabilities.append(capability)
    link = store.add(ElementLink(element=Element.CAPABILITIES, capability_id=capability.id))
    say("link", link.id, capability.id)
    role = store.add(Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN))
    say("role", role.id, person.id)
    # Update someone: the notes hold a counter that only goes up.
    target = rng.choice(people)
    versions[target.id] += 1
    store.update(dataclasses.replace(target, notes=str(versions[target.id])))
    say("update", target.id, versions[target.id])
    if n % 3 == 0 and len(capabilities) > 1:
        gone = capabilities.pop(rng.randrange(len(capabilities)))
        if store.delete(Capability, gone.id):
            say("delete-capability", gone.id)
    if n % 5 == 0 and len(people) > 1:
        gone = people.pop(rng.randrange(len(people)))
        capabilities = [c for c in capabilities if c.person_id != gone.id]
        store.delete(Person, gone.id)
        say("delete-person", gone.id)
    if n % 4 == 0:
        batch = [Person(name=f"Batch {run}-{n} {i}") for i in range(BATCH_SIZE)]
        store.add_many(batch)
        say("batch", f"{run}-{n}", *[p.id for p in batch])
    if n % 7 == 0:
        asset = store.add(CommunityAsset(name=f"Hall {n}", category=AssetCategory.ASSOCIATIONS))
        say("asset", asset.id)
""".replace("BATCH_SIZE", str(BATCH))


@dataclass
class Reported:
    """Everything the children said was saved, across all runs."""

    people: set[str] = field(default_factory=set)
    capabilities: dict[str, str] = field(default_factory=dict)  # id -> person id
    links: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    assets: set[str] = field(default_factory=set)
    versions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted_people: set[str] = field(default_factory=set)
    deleted_capabilities: set[str] = field(default_factory=set)
    batches: dict[str, list[str]] = field(default_factory=dict)

    def take(self, line: str) -> None:
        kind, *words = line.split()
        if kind == "person":
            self.people.add(words[0])
        elif kind == "capability":
            self.capabilities[words[0]] = words[1]
        elif kind == "link":
            self.links.add(words[0])
        elif kind == "role":
            self.roles.add(words[0])
        elif kind == "asset":
            self.assets.add(words[0])
        elif kind == "update":
            self.versions[words[0]] = max(self.versions[words[0]], int(words[1]))
        elif kind == "delete-capability":
            self.deleted_capabilities.add(words[0])
        elif kind == "delete-person":
            self.deleted_people.add(words[0])
        elif kind == "batch":
            self.batches[words[0]] = words[1:]
        else:
            raise AssertionError(f"unexpected line from the child: {line!r}")


def rows(connection: sqlite3.Connection, sql: str) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in connection.execute(sql)}


def check_file(path: Path, said: Reported, context: str) -> None:
    """The file is intact and holds every reported edit, none of them half done."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], context
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == [], context
        connection.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")

        people = rows(connection, "SELECT id, deleted, notes, name FROM person")
        capabilities = rows(connection, "SELECT id, deleted, person_id FROM capability")
        links = rows(connection, "SELECT id, deleted FROM element_link")
        roles = rows(connection, "SELECT id, deleted FROM role")
        assets = rows(connection, "SELECT id, deleted FROM asset")

        lost = said.people - people.keys()
        assert not lost, f"{context}: people reported saved are missing: {sorted(lost)[:5]}"
        lost = said.capabilities.keys() - capabilities.keys()
        assert not lost, f"{context}: capabilities reported saved are missing"
        assert not said.links - links.keys(), f"{context}: element links are missing"
        assert not said.roles - roles.keys(), f"{context}: roles are missing"
        assert not said.assets - assets.keys(), f"{context}: assets are missing"
        for batch, ids in said.batches.items():
            missing = [i for i in ids if i not in people]
            assert not missing, f"{context}: batch {batch} lost {len(missing)} people"
        # An update reported saved is there (the child may have saved one more after it).
        for person_id, version in said.versions.items():
            stored = int(people[person_id][1])
            assert stored in (version, version + 1), (
                f"{context}: person {person_id} has version {stored}, reported {version}"
            )
        # Deletions reported saved are there, with everything that hangs off the person.
        for person_id in said.deleted_people:
            assert people[person_id][0] == 1, f"{context}: a deleted person came back"
        for capability_id in said.deleted_capabilities:
            assert capabilities[capability_id][0] == 1, f"{context}: a deletion was lost"

        # Nothing is half done: a batch is all there or not at all, a deleted person has no
        # live capabilities or roles, every record has its line in the change log.
        by_batch: dict[str, int] = defaultdict(int)
        for _deleted, _notes, name in people.values():
            if name.startswith("Batch "):
                by_batch[name.split()[1]] += 1
        partial = {batch: count for batch, count in by_batch.items() if count != BATCH}
        assert not partial, f"{context}: half-saved batches {partial}"
        orphans = connection.execute(
            "SELECT count(*) FROM capability c JOIN person p ON p.id = c.person_id "
            "WHERE p.deleted = 1 AND c.deleted = 0"
        ).fetchone()[0]
        orphans += connection.execute(
            "SELECT count(*) FROM role r JOIN person p ON p.id = r.person_id "
            "WHERE p.deleted = 1 AND r.deleted = 0"
        ).fetchone()[0]
        assert orphans == 0, f"{context}: a person was deleted but not their records"
        logged = {
            row[0]
            for row in connection.execute(
                "SELECT record_id FROM change_log WHERE action = 'added' AND record_id != ''"
            )
        }
        single = {pid for pid, (_d, _n, name) in people.items() if not name.startswith("Batch")}
        single |= capabilities.keys() | links.keys() | roles.keys() | assets.keys()
        assert single - logged == set(), f"{context}: records without their change log line"
        assert logged - single - {path_audit_id(connection)} == set(), (
            f"{context}: change log lines for records that are not there"
        )
        live = sum(
            connection.execute(f"SELECT count(*) FROM {table} WHERE deleted = 0").fetchone()[0]
            for table in ("person", "capability", "asset")
        )
        indexed = connection.execute("SELECT count(*) FROM search_index").fetchone()[0]
        assert live == indexed, f"{context}: search index out of step"
    finally:
        connection.close()


def path_audit_id(connection: sqlite3.Connection) -> str:
    return connection.execute("SELECT id FROM audit").fetchone()[0]


def test_killing_an_editing_process_loses_nothing_that_was_saved(tmp_path: Path) -> None:
    seed = int(os.environ.get("COPROD_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    path = tmp_path / "crash test.coprod"
    AuditStore.create(path, Audit(title="Crash test")).close()
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(CHILD), encoding="utf-8")
    said = Reported()
    hot_journals = 0
    started = time.monotonic()

    for kill in range(1, KILLS + 1):
        context = f"kill {kill} (COPROD_CRASH_SEED={seed})"
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), f"{seed}.{kill}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        try:
            first = child.stdout.readline()
            assert first == "ready\n", f"{context}: child said {first!r}: {child.stderr.read()}"
            time.sleep(rng.uniform(0.05, 0.3))
            child.send_signal(signal.SIGKILL)
            output, errors = child.communicate(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL, f"{context}: the child ended early: {errors}"
        for line in output.splitlines(keepends=True):
            if line.endswith("\n"):  # a line cut by the kill was not reported
                said.take(line)

        # The killed child left its lock behind, naming its dead process.
        assert json.loads(lock_path(path).read_text())["pid"] == child.pid, context
        journal = path.with_name(path.name + "-journal")
        hot_journals += journal.exists() and journal.stat().st_size > 0

        try:
            store = AuditStore.open(path)
        except AuditFileError as error:
            pytest.fail(f"{context}: the audit does not open after the kill: {error}")
        with store:
            assert not store.read_only, f"{context}: {store.read_only_reason}"
            assert json.loads(lock_path(path).read_text())["pid"] == os.getpid()
            check_file(path, said, context)
            assert store.count(Person) > 0
            store.add(Person(name=f"Written by the parent after kill {kill}"))
        assert not lock_path(path).exists(), context

    elapsed = time.monotonic() - started
    assert said.people and said.deleted_people and said.batches and said.versions
    # The kills must land inside transactions, or the test proves little.
    assert hot_journals >= KILLS // 10, f"only {hot_journals} kills interrupted a transaction"
    print(
        f"\n{KILLS} kills in {elapsed:.1f} s, {hot_journals} mid-transaction; "
        f"{len(said.people)} people reported saved (COPROD_CRASH_SEED={seed})"
    )


# -- a kill at each step of a save -----------------------------------------------------------

SAVING_CHILD = """
import sys
from coprod_desktop.domain import Person
from coprod_desktop.store import AuditStore
store = AuditStore.open(sys.argv[1])
print("ready", flush=True)
store.add_many(Person(name=f"Interrupted {i}", notes="x" * 100) for i in range(500))
print("saved", flush=True)
"""

# (file, system call, which call): the child is killed as it makes that call. A commit in
# DELETE journal mode writes the old pages to the journal, syncs it, writes the new pages to
# the audit (page 1 first, so the header already gives the new size while the file has not
# grown yet), syncs the audit and deletes the journal.
KILL_POINTS = [
    ("journal", "pwrite64", 1),
    ("journal", "pwrite64", 5),
    ("journal", "fdatasync", 1),
    ("audit", "pwrite64", 1),
    ("audit", "pwrite64", 2),
    ("audit", "pwrite64", 3),
    ("audit", "pwrite64", 50),
    ("audit", "fdatasync", 1),
    ("journal", "unlink", 1),
]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses strace (Linux)")
@pytest.mark.parametrize(
    ("target", "call", "when"), KILL_POINTS, ids=[f"{t}-{c}-{w}" for t, c, w in KILL_POINTS]
)
def test_a_kill_at_any_step_of_a_save_leaves_an_audit_that_opens(
    tmp_path: Path, target: str, call: str, when: int
) -> None:
    """The same as pulling the plug, at an exact system call of the commit (strace injects
    SIGKILL there), so that the narrow moments are tested every time, not by luck."""
    if not shutil.which("strace"):
        pytest.skip("strace is not installed")
    path = tmp_path / "audit.coprod"
    with AuditStore.create(path, Audit(title="Kill points")) as store:
        store.add_many(Person(name=f"Before {i}") for i in range(50))
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(SAVING_CHILD), encoding="utf-8")
    watched = path if target == "audit" else path.with_name(path.name + "-journal")
    result = subprocess.run(
        [
            "strace",
            "-qq",
            "-o",
            os.devnull,
            "-P",
            str(watched),
            "-e",
            f"trace={call}",
            "-e",
            f"inject={call}:signal=SIGKILL:when={when}",
            sys.executable,
            str(script),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "ready" not in result.stdout:
        pytest.skip(f"strace cannot trace here: {result.stderr.strip()[:300]}")
    assert "saved" not in result.stdout, "the child was not killed during the save"
    assert result.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL), result.stderr

    try:
        store = AuditStore.open(path)
    except AuditFileError as error:
        journal = path.with_name(path.name + "-journal")
        pytest.fail(
            f"the audit does not open after a kill at {call} #{when} on the {target} "
            f"(journal left: {journal.exists()}): {error}"
        )
    with store:
        assert not store.read_only, store.read_only_reason
        assert store.count(Person) == 50  # the interrupted save is rolled back, all of it
        names = {p.name for p in store.page(Person, limit=1000)}
        assert names == {f"Before {i}" for i in range(50)}
        store.add(Person(name="Saved after the crash"))
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT count(*) FROM person").fetchone() == (51,)
    finally:
        connection.close()
    assert sorted(os.listdir(tmp_path)) == ["audit.coprod", "child.py"]
