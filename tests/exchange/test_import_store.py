"""AuditStore.apply_changes: the one transaction an import is written in."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest

from coprod_desktop.domain import (
    Audit,
    Capability,
    CapabilityKind,
    Element,
    ElementLink,
    Person,
    Role,
    Rung,
    Stage,
    ValidationError,
)
from coprod_desktop.store import AuditStore, ReadOnlyAuditError
from coprod_desktop.store.check import check_audit


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path):
    opened = AuditStore.create(tmp_path / "a.coprod", Audit(title="Imports"), user="importer")
    yield opened
    opened.close()


def test_adds_children_before_parents_and_updates_in_one_go(store):
    jane = store.add(Person(name="Jane Smith", email="jane@example.org"))
    new_person = Person(name="Dai Jones")
    capability = Capability(person_id=new_person.id, kind=CapabilityKind.HANDS, description="Bikes")
    link = ElementLink(element=Element.ASSETS, capability_id=capability.id, strength=2)
    role = Role(person_id=new_person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN)
    changed = dataclasses.replace(jane, phone="01234 567890")

    # Children first on purpose: the store orders them.
    added, updated = store.apply_changes(
        [link, role, capability, new_person], [changed], summary="Imported from p.xlsx"
    )

    assert (added, updated) == (4, 1)
    assert store.get(Person, jane.id).phone == "01234 567890"
    stored = store.get(Person, new_person.id)
    assert stored.pseudonym.startswith("Participant ") and stored.modified_by == "importer"
    assert store.get(ElementLink, link.id).capability_id == capability.id
    log = [(c.action, c.summary) for c in store.changes(limit=10)]
    assert ("imported", "Imported from p.xlsx: changed 1 person") in log
    assert ("imported", "Imported from p.xlsx: added 1 person") in log
    assert ("imported", "Imported from p.xlsx: added 1 capability") in log
    assert all(action == "imported" for action, _ in log[:5])
    assert store.search("Dai")  # new rows are in the search index
    assert check_audit(store.path).ok


def test_unchanged_updates_are_not_counted_or_logged(store):
    jane = store.add(Person(name="Jane Smith"))
    before = len(store.changes())
    assert store.apply_changes([], [jane]) == (0, 0)
    assert len(store.changes()) == before


@pytest.mark.parametrize(
    "bad",
    [
        "invalid new record",
        "invalid change",
        "missing parent",
        "deleted parent",
        "second role at a stage",
        "deleted record changed",
    ],
)
def test_any_bad_record_leaves_the_audit_unchanged(store, bad):
    jane = store.add(Person(name="Jane Smith"))
    gone = store.add(Person(name="Gone Away"))
    store.add(Role(person_id=jane.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT))
    store.delete(Person, gone.id)
    good = [Person(name=f"Person {i}") for i in range(30)]
    adds: list = list(good)
    updates: list = [dataclasses.replace(jane, organisation="Tenants")]
    if bad == "invalid new record":
        adds.append(Person(name="Bad", email="not-an-address"))
    elif bad == "invalid change":
        updates.append(dataclasses.replace(jane, name=""))
    elif bad == "missing parent":
        adds.append(Capability(person_id="no-such-id", kind=CapabilityKind.HEAD, description="x"))
    elif bad == "deleted parent":
        adds.append(Capability(person_id=gone.id, kind=CapabilityKind.HEAD, description="x"))
    elif bad == "second role at a stage":
        adds.append(Role(person_id=jane.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN))
    elif bad == "deleted record changed":
        updates.append(dataclasses.replace(gone, organisation="x"))
    store.close()
    digest = sha256(store.path)
    reopened = AuditStore.open(store.path, user="importer")
    try:
        with pytest.raises(ValidationError):
            reopened.apply_changes(adds, updates)
        assert reopened.count(Person) == 1
    finally:
        reopened.close()
    assert sha256(store.path) == digest


def test_an_exception_from_progress_cancels_everything(store):
    class Cancelled(Exception):
        pass

    calls = []

    def progress(done, total):
        calls.append((done, total))
        if done >= 5000:
            raise Cancelled

    people = [Person(name=f"Person {i}") for i in range(12_000)]
    store.close()
    digest = sha256(store.path)
    reopened = AuditStore.open(store.path, user="importer")
    try:
        with pytest.raises(Cancelled):
            reopened.apply_changes(people, [], progress=progress)
        assert reopened.count(Person) == 0
    finally:
        reopened.close()
    assert calls[0] == (5000, 12_000)
    assert sha256(store.path) == digest


def test_progress_reaches_the_total(store):
    jane = store.add(Person(name="Jane"))
    calls = []
    store.apply_changes(
        [Person(name="A"), Person(name="B")],
        [dataclasses.replace(jane, notes="n")],
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (3, 3)


def test_a_read_only_audit_is_refused(tmp_path):
    path = tmp_path / "r.coprod"
    AuditStore.create(path, Audit(title="R")).close()
    with AuditStore.open(path, read_only=True) as reader, pytest.raises(ReadOnlyAuditError):
        reader.apply_changes([Person(name="A")], [])


def test_update_still_logs_one_line_per_record(store):
    jane = store.add(Person(name="Jane"))
    store.update(dataclasses.replace(jane, phone="1", notes="x"))
    last = store.changes(limit=1)[0]
    assert (last.action, last.summary) == (
        "changed",
        f"Changed person {jane.pseudonym}: phone, notes",
    )
