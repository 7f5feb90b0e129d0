"""The store's queries read the live records through TEMP views (live_person, deleted_person):
they live in the connection, never in the file, and agree with the store's own reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from coprod_desktop.domain import Audit, Capability, CapabilityKind, Hat, Person
from coprod_desktop.store import AuditStore
from coprod_desktop.store.queries.counts import COUNTED, INFO_COUNTS
from coprod_desktop.store.queries.positions import position_by_name, position_in_order_added
from coprod_desktop.store.queries.records import columns_by_id, is_deleted, live_columns


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "Views.coprod"


@pytest.fixture
def store(path: Path) -> Iterator[AuditStore]:
    with AuditStore.create(path, Audit(title="Views")) as s:
        names = ["Nia", "Alun", "Bethan", "alun", "Carys", "Dai"]
        people = [
            s.add(Person(name=name, hats=(Hat.LIVED_EXPERIENCE,) if i % 2 else ()))
            for i, name in enumerate(names)
        ]
        for person in people:
            s.add(Capability(person_id=person.id, kind=CapabilityKind.HEAD, description="maps"))
        s.delete(Person, people[2].id)  # Bethan, with her capability
        yield s


def test_the_views_are_not_in_the_file(store: AuditStore, path: Path) -> None:
    assert store.counts("people")["people"] == 5  # the views are made by the first query
    plain = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        names = {row[0] for row in plain.execute("SELECT name FROM sqlite_schema")}
    finally:
        plain.close()
    assert not {name for name in names if name.startswith(("live_", "deleted_"))}


def test_live_and_deleted_records(store: AuditStore) -> None:
    ids = {row[0] for row in live_columns(store, Person, "id")}
    assert ids == {p.id for p in store.iterate(Person)}
    deleted = store.query("SELECT id FROM deleted_person")
    assert len(deleted) == 1 and is_deleted(store, Person, deleted[0][0])
    assert not is_deleted(store, Person, next(iter(ids)))
    # Deleted or not, records are found by ID (an export names what a link points at).
    assert columns_by_id(store, Person, ("name",), [deleted[0][0], None, ""]) == [("Bethan",)]
    with pytest.raises(ValueError, match="no column"):
        live_columns(store, Person, "id; DROP TABLE person")


def test_the_one_count_of_live_records(store: AuditStore) -> None:
    counts = store.counts()
    assert tuple(counts) == INFO_COUNTS  # what `info --json` shows, in its order
    assert counts["people"] == store.count(Person) == 5
    assert counts["capabilities"] == store.count(Capability) == 5
    every = store.counts(*COUNTED)
    assert tuple(every) == tuple(COUNTED) and every["reference_shares"] == 0
    assert store.counts("capabilities", "people") == {"capabilities": 5, "people": 5}
    with pytest.raises(ValueError, match="cannot count"):
        store.counts("hats")


def test_positions_agree_with_the_pages(store: AuditStore) -> None:
    by_name = store.page(Person, sort="name", limit=100)
    for row, person in enumerate(by_name):
        assert position_by_name(store, Person, person.id) == row
    lived = store.page(Person, sort="name", limit=100, hat=Hat.LIVED_EXPERIENCE)
    for row, person in enumerate(lived):
        assert position_by_name(store, Person, person.id, hat=Hat.LIVED_EXPERIENCE) == row
    others = {p.id for p in by_name} - {p.id for p in lived}
    assert all(position_by_name(store, Person, i, hat=Hat.LIVED_EXPERIENCE) is None for i in others)
    added = list(store.iterate(Capability))
    for row, capability in enumerate(added):
        assert position_in_order_added(store, Capability, capability.id) == row
    gone = store.query("SELECT id FROM deleted_person")[0][0]
    assert position_by_name(store, Person, gone) is None


def test_a_reader_has_the_views(store: AuditStore) -> None:
    reader = store.reader()
    try:
        assert reader.counts() == store.counts()
    finally:
        reader.close()
