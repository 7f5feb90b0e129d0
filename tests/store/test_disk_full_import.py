"""An import onto a disk that fills up: refused in plain words, and the audit left whole.

A real small disk: a 4 MB tmpfs mounted for each test (root can mount one; CI runs as root).
When the disk fills in the middle of the import's transaction, SQLite stops with the new pages
half written into the audit and the old ones in a "hot" journal beside it; until something
rolls that journal back, a copy of the .coprod alone is a damaged audit. The store finishes the
rollback before the command exits, so the audit is byte for byte as it was and no journal is
left. The command says "The disk is full" with how much is free there, never "read-only", and
refuses an import that clearly cannot fit before spending a minute planning it.
"""

from __future__ import annotations

import errno
import math
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import Person
from coprod_desktop.exchange.importing.importer import apply_import, plan_import
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore
from coprod_desktop.store.connection import journal_path
from coprod_desktop.store.errors import DiskFullError, megabytes
from coprod_desktop.store.lock import lock_path
from tests.exchange.conftest import sha256

DISK_MB = 4


def _mount(where: Path, megabytes: int) -> str | None:
    """Mount a tmpfs of `megabytes` at `where`; return why not, or None."""
    if os.name != "posix" or not shutil.which("mount"):
        return "needs mount (Linux)"
    where.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0777", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"cannot mount a small tmpfs here ({result.stderr.strip() or 'not root'})"
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a disk of DISK_MB megabytes."""
    where = tmp_path / "small disk"
    why = _mount(where, DISK_MB)
    if why:
        pytest.skip(why)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` with a file until `leave` bytes are free (with 0, to the last byte)."""
    filler = disk / "filler.bin"
    free = shutil.disk_usage(disk).free
    with filler.open("ab", buffering=0) as handle:
        handle.write(b"\0" * max(free - leave, 0))
        if leave == 0:
            with pytest.raises(OSError) as caught:
                while True:
                    handle.write(b"\0" * 4096)
            assert caught.value.errno == errno.ENOSPC
    return filler


def people_csv(path: Path, rows: int, notes: int) -> Path:
    """New people with `notes` characters of notes each (what makes the audit grow)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Name,Organisation,Notes\n")
        for n in range(rows):
            words = f"Gwirfoddolwr {n} yn helpu gyda'r clwb pêl-droed bob dydd Sadwrn. "
            handle.write(f"Newcomer {n} Siân,Cwm FC {n % 7},{(words * notes)[:notes]}\n")
    return path


def assert_disk_full_message(message: str, disk: Path) -> None:
    assert message.startswith("The disk is full: free "), message
    assert f" MB on {disk} or choose another place" in message, message
    assert "MB free there)" in message or "(nothing is left there)" in message, message
    assert "read-only" not in message and "cannot be changed" not in message, message
    assert message.count("\n") == 1, message


def assert_whole(audit: Path, digest: str, tmp_path: Path, capsys) -> None:
    """The audit is as it was, with no journal beside it, and a copy of it alone checks."""
    assert not journal_path(audit).exists(), sorted(p.name for p in audit.parent.iterdir())
    assert not lock_path(audit).exists()
    assert sha256(audit) == digest
    alone = tmp_path / "copied alone" / audit.name
    alone.parent.mkdir()
    shutil.copyfile(audit, alone)
    capsys.readouterr()
    assert main(["check", str(alone)]) == 0, capsys.readouterr()
    assert "no problems found" in capsys.readouterr().out


@pytest.fixture
def audit_on_small_disk(small_disk: Path, tmp_path: Path) -> Path:
    """The sample audit of 60 people, on the small disk: importing changes pages it has."""
    made = write_sample(tmp_path / "made.coprod", people=60)
    audit = small_disk / "audit.coprod"
    shutil.copyfile(made, audit)
    return audit


# -- the disk fills up in the middle of the import's transaction -------------------------------


def test_a_disk_filling_up_during_the_import_leaves_the_audit_as_it_was(
    audit_on_small_disk, small_disk, tmp_path, capsys
):
    audit = audit_on_small_disk
    # Small enough for the estimate made before planning (3 MB read here), too big for the
    # disk once written: each person's notes are stored and indexed for search.
    source = people_csv(tmp_path / "newcomers.csv", rows=1500, notes=1200)
    assert shutil.disk_usage(small_disk).free > source.stat().st_size
    digest = sha256(audit)

    assert main(["import", str(audit), str(source)]) == 1
    captured = capsys.readouterr()
    assert_disk_full_message(captured.err, small_disk)
    assert "Nothing was imported" in captured.err
    assert_whole(audit, digest, tmp_path, capsys)
    with AuditStore.open(audit) as store:  # and it opens for editing, as before
        assert not store.read_only
        assert not store.page(Person, text="Newcomer")

    # The advice is enough: with as much more room as it asks for, the import goes through.
    to_free = float(re.match(r"The disk is full: free ([\d.,]+) MB", captured.err)[1])
    grown = DISK_MB + math.ceil(to_free)
    remount = ["mount", "-o", f"remount,size={grown}m", str(small_disk)]
    subprocess.run(remount, check=True)
    assert main(["import", str(audit), str(source)]) == 0
    assert "Imported 1,500 new" in capsys.readouterr().out


def test_after_a_full_disk_the_open_audit_goes_on_working(audit_on_small_disk, small_disk):
    """The window keeps the audit open: after the failed import its connection is a fresh one
    (the old one was closed to roll the journal back), and the next edit saves."""
    audit = audit_on_small_disk
    with AuditStore.open(audit) as store:
        big = [Person(name=f"Newcomer {n}", notes="x" * 3000) for n in range(2000)]
        with pytest.raises(DiskFullError) as caught:
            store.apply_changes(big, [])
        assert not journal_path(audit).exists()
        assert caught.value.place == str(small_disk)
        before = store.counts()["people"]
        saved = store.add(Person(name="Nia After"))
        assert store.get(Person, saved.id).name == "Nia After"
        assert store.counts()["people"] == before + 1


# -- refused before planning ------------------------------------------------------------------


def test_an_import_that_cannot_fit_is_refused_before_its_rows_are_read(
    audit_on_small_disk, small_disk, tmp_path, capsys
):
    audit = audit_on_small_disk
    fill(small_disk, leave=1_500_000)
    source = people_csv(tmp_path / "many.csv", rows=20_000, notes=100)  # 2.8 MB
    digest = sha256(audit)

    rows_read = []
    with AuditStore.open(audit) as store, pytest.raises(DiskFullError) as caught:
        plan_import(
            store, source, check_room=True, progress=lambda done, total: rows_read.append(done)
        )
    assert not rows_read  # not one row was planned
    assert caught.value.needed > caught.value.free

    started = time.perf_counter()
    assert main(["import", str(audit), str(source)]) == 1
    seconds = time.perf_counter() - started
    captured = capsys.readouterr()
    assert_disk_full_message(captured.err, small_disk)
    assert captured.out == ""  # no preview: it was refused before
    assert seconds < 5, seconds  # planning the 20,000 rows takes longer than this
    assert_whole(audit, digest, tmp_path, capsys)

    # A dry run writes nothing, so it is not refused.
    assert main(["import", str(audit), str(source), "--dry-run"]) == 0
    assert "20,000" in capsys.readouterr().out


def test_an_import_planned_before_the_disk_filled_is_refused_before_writing(
    audit_on_small_disk, small_disk, tmp_path
):
    """The window plans first and imports when asked: by then the disk may have filled. The
    records the plan adds need room the disk clearly has not: refused before the transaction."""
    audit = audit_on_small_disk
    source = people_csv(tmp_path / "names.csv", rows=8000, notes=0)
    with AuditStore.open(audit) as store:
        plan = plan_import(store, source, check_room=True)
        assert len(plan.adds) == 8000
        fill(small_disk, leave=1_000_000)  # 8,000 records need 2 MB at the very least
        digest = sha256(audit)
        with pytest.raises(DiskFullError) as caught:
            apply_import(store, plan)
        assert caught.value.needed >= 8000 * 500
        to_free = megabytes(caught.value.to_free, up=True)
        assert str(caught.value).startswith(f"The disk is full: free {to_free} MB on {small_disk}")
        assert "Nothing was imported" in str(caught.value)
    assert sha256(audit) == digest and not journal_path(audit).exists()


def test_a_full_disk_is_not_called_read_only(audit_on_small_disk, small_disk, tmp_path, capsys):
    """With no byte left, not even the lock file can be written: still "the disk is full"."""
    audit = audit_on_small_disk
    fill(small_disk, leave=0)
    source = people_csv(tmp_path / "few.csv", rows=3, notes=10)
    digest = sha256(audit)

    assert main(["import", str(audit), str(source)]) == 1
    assert_disk_full_message(capsys.readouterr().err, small_disk)
    assert not lock_path(audit).exists()  # no empty lock file left behind
    assert_whole(audit, digest, tmp_path, capsys)


def test_making_a_new_audit_on_a_full_disk_says_so(small_disk, capsys):
    fill(small_disk, leave=0)
    assert main(["new", str(small_disk / "new.coprod"), "--title", "Full"]) == 1
    message = capsys.readouterr().err
    assert message.startswith("The disk is full: free "), message
    assert not (small_disk / "new.coprod").exists()
    assert not (small_disk / "new.coprod.partial").exists()
    assert "was not created" in message, message
