"""The ordinary behaviour of the audit store, on real files in `tmp_path`."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coprod_desktop.domain import (
    AssetCategory,
    AssetConnection,
    Audit,
    Capability,
    CapabilityKind,
    CommunityAsset,
    ConsentScope,
    Element,
    ElementLink,
    Hat,
    Person,
    Role,
    Rung,
    Stage,
    ValidationError,
)
from coprod_desktop.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    AuditExistsError,
    AuditStore,
    ReadOnlyAuditError,
)
from coprod_desktop.store.connection import BUSY_TIMEOUT_MS
from coprod_desktop.store.lock import lock_path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def plain(path: Path) -> sqlite3.Connection:
    """A second, ordinary SQLite connection to the file, as another program would open it."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "Cwm audit.coprod"


@pytest.fixture
def store(path: Path) -> Iterator[AuditStore]:
    with AuditStore.create(path, Audit(title="Cwm Tŷ-gwyn", organisation="Partneriaeth")) as s:
        yield s


# -- creating and opening --------------------------------------------------------------------


def test_create_writes_an_audit_file_and_open_reads_it_back(path: Path) -> None:
    audit = Audit(
        title="Cwm Tŷ-gwyn audit",
        organisation="Cwm Tŷ-gwyn Community Partnership",
        area="Cwm Tŷ-gwyn",
        purpose="Find out who takes part, and how",
        operators=("Siân Morgan", "Dafydd ap Gwilym"),
    )
    with AuditStore.create(path, audit, user="Siân") as store:
        assert not store.read_only
        assert store.schema_version == SCHEMA_VERSION
        assert lock_path(path).exists()
        stored = store.audit()
        assert stored.id == audit.id
        assert stored.created_at and stored.modified_by == "Siân"
        assert store.counts() == dict.fromkeys(store.counts(), 0)
        assert [c.action for c in store.changes()] == ["added"]
    assert sorted(os.listdir(path.parent)) == [path.name]
    connection = plain(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    with AuditStore.open(path) as store:
        assert store.audit() == stored


def test_create_refuses_to_overwrite(store: AuditStore, path: Path) -> None:
    store.add(Person(name="Siân"))
    before = sha256(path)
    with pytest.raises(AuditExistsError):
        AuditStore.create(path, Audit(title="Another"))
    assert sha256(path) == before


def test_the_connection_has_the_settings_the_design_asks_for(store: AuditStore) -> None:
    connection = store._connection  # the settings are per connection: look at the store's own
    assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert connection.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced_by_sqlite(store: AuditStore) -> None:
    # Beyond the store's own checks, SQLite itself refuses a row pointing nowhere.
    with pytest.raises(sqlite3.IntegrityError):
        store._connection.execute(
            "INSERT INTO person_hat (person_id, hat) VALUES ('no such person', 'carer')"
        )


# -- autosave --------------------------------------------------------------------------------


def test_every_edit_is_on_disk_before_the_call_returns(store: AuditStore, path: Path) -> None:
    person = store.add(Person(name="Siân Morgan", hats=(Hat.CARER,)))
    other = plain(path)  # opened while the store is still open; nothing is closed or saved
    try:

        def row() -> tuple:
            return other.execute(
                "SELECT name, notes, deleted FROM person WHERE id = ?", (person.id,)
            ).fetchone()

        assert row() == ("Siân Morgan", "", 0)
        assert other.execute("SELECT hat FROM person_hat").fetchall() == [("carer",)]
        store.update(dataclasses.replace(person, notes="Runs the lunch club"))
        assert row() == ("Siân Morgan", "Runs the lunch club", 0)
        store.delete(Person, person.id)
        assert row() == ("Siân Morgan", "Runs the lunch club", 1)
        logged = other.execute("SELECT action FROM change_log ORDER BY seq").fetchall()
        assert logged == [("added",), ("added",), ("changed",), ("deleted",)]
    finally:
        other.close()
    assert not path.with_name(path.name + "-journal").exists()


# -- tombstones ------------------------------------------------------------------------------


@dataclasses.dataclass
class Family:
    person: Person
    kept: Capability
    deleted_before: Capability
    person_link: ElementLink
    capability_link: ElementLink
    role: Role
    connection: AssetConnection
    asset: CommunityAsset
    other_person: Person
    other_capability: Capability


def family(store: AuditStore) -> Family:
    person = store.add(Person(name="Siân Morgan"))
    kept = store.add(
        Capability(person_id=person.id, kind=CapabilityKind.HANDS, description="Cooking")
    )
    deleted_before = store.add(
        Capability(person_id=person.id, kind=CapabilityKind.HEAD, description="First aid")
    )
    person_link = store.add(ElementLink(element=Element.PEER_NETWORKS, person_id=person.id))
    capability_link = store.add(ElementLink(element=Element.CAPABILITIES, capability_id=kept.id))
    role = store.add(Role(person_id=person.id, stage=Stage.DELIVERY, rung=Rung.CO_PRODUCTION))
    asset = store.add(CommunityAsset(name="Lunch club", category=AssetCategory.ASSOCIATIONS))
    connection = store.add(AssetConnection(asset_id=asset.id, person_id=person.id))
    other_person = store.add(Person(name="Dafydd"))
    other_capability = store.add(
        Capability(person_id=other_person.id, kind=CapabilityKind.HEART, description="Parks")
    )
    return Family(
        person,
        kept,
        deleted_before,
        person_link,
        capability_link,
        role,
        connection,
        asset,
        other_person,
        other_capability,
    )


def test_delete_hides_a_record_and_what_hangs_off_it_and_restore_brings_those_back(
    store: AuditStore,
) -> None:
    f = family(store)
    store.delete(Capability, f.deleted_before.id)
    time.sleep(0.01)  # a later transaction (see the same-millisecond test below)
    cascade = [
        (Person, f.person.id),
        (Capability, f.kept.id),
        (ElementLink, f.person_link.id),
        (ElementLink, f.capability_link.id),
        (Role, f.role.id),
        (AssetConnection, f.connection.id),
    ]

    assert store.delete(Person, f.person.id) == len(cascade)
    for kind, record_id in cascade:
        assert store.get(kind, record_id) is None
        assert store.get(kind, record_id, include_deleted=True).deleted
    assert store.page(Person) == [store.get(Person, f.other_person.id)]
    assert store.count(Capability) == 1
    assert store.page(ElementLink) == []
    assert store.page(Role) == []
    assert store.page(AssetConnection) == []
    assert store.get(CommunityAsset, f.asset.id) is not None  # the other end stays
    assert store.counts()["people"] == 1
    assert store.delete(Person, f.person.id) == 0  # already deleted: nothing more happens

    assert store.restore(Person, f.person.id) == len(cascade)
    for kind, record_id in cascade:
        assert store.get(kind, record_id) is not None
    assert store.get(Capability, f.deleted_before.id) is None  # deleted on its own, earlier
    assert store.count(Capability) == 2
    assert store.restore(Person, f.person.id) == 0

    actions = [(c.action, c.record_id) for c in store.changes(limit=3)]
    assert actions == [
        ("restored", f.person.id),
        ("deleted", f.person.id),
        ("deleted", f.deleted_before.id),
    ]
    assert store.changes(limit=2)[1].summary == "Deleted a person and 5 linked records"


@pytest.fixture
def fast_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder on a RAM disk where there is one (Linux), else `tmp_path`: edits there take
    microseconds, as on a fast SSD, so several fall within one millisecond."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="coprod-test-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_restore_brings_back_only_what_was_deleted_together_even_within_a_millisecond(
    fast_folder: Path,
) -> None:
    """A capability deleted on its own just before its person stays deleted on restore,
    even when the two deletions fall within the same millisecond (times are kept to the
    millisecond). On a fast disk that happens often; this repeats it for up to 1.5 seconds."""
    came_back, rounds = None, 0
    with AuditStore.create(fast_folder / "fast.coprod", Audit(title="Fast")) as store:
        deadline = time.monotonic() + 1.5
        while came_back is None and time.monotonic() < deadline:
            rounds += 1
            person = store.add(Person(name=f"Person {rounds}"))
            alone = store.add(
                Capability(person_id=person.id, kind=CapabilityKind.HEAD, description="Alone")
            )
            store.delete(Capability, alone.id)
            deleted_at = store.get(Capability, alone.id, include_deleted=True).modified_at
            store.delete(Person, person.id)
            store.restore(Person, person.id)
            came_back = store.get(Capability, alone.id) and deleted_at
    assert came_back is None, (
        f"round {rounds}: a capability deleted on its own (at {came_back}) came back when "
        "its person, deleted in the same millisecond, was restored"
    )


# -- times, editors and the change log -------------------------------------------------------


def test_an_update_changes_modified_at_and_by_but_not_created_at(path: Path) -> None:
    with AuditStore.create(path, Audit(title="Times"), user="Alice") as store:
        added = store.add(Person(name="Siân"))
    assert added.created_at == added.modified_at
    assert added.modified_by == "Alice"
    time.sleep(0.005)
    with AuditStore.open(path, user="Bob") as store:
        updated = store.update(dataclasses.replace(added, notes="New notes"))
        assert store.get(Person, added.id) == updated
    assert updated.created_at == added.created_at
    assert updated.modified_at > added.modified_at
    assert updated.modified_by == "Bob"
    assert updated.notes == "New notes"
    assert updated.pseudonym == added.pseudonym


def test_the_change_log_says_who_did_what_without_naming_people(store: AuditStore) -> None:
    person = store.add(Person(name="Siân Morgan", email="sian@example.org"))
    store.update(dataclasses.replace(person, notes="Lunch club", organisation="Cwm Foodbank"))
    store.delete(Person, person.id)
    store.restore(Person, person.id)
    entries = store.changes()
    assert [(e.action, e.entity, e.record_id) for e in entries[:4]] == [
        ("restored", "person", person.id),
        ("deleted", "person", person.id),
        ("changed", "person", person.id),
        ("added", "person", person.id),
    ]
    assert entries[3].summary == f"Added person {person.pseudonym}"
    assert entries[2].summary == f"Changed person {person.pseudonym}: organisation, notes"
    assert all(e.by == store.user and e.at for e in entries)
    assert entries[0].at >= entries[1].at >= entries[2].at >= entries[3].at
    for entry in entries:  # the log is shown to every user of the file
        assert "Siân" not in entry.summary and "sian@" not in entry.summary
    assert [e.seq for e in store.changes(limit=2, offset=1)] == [e.seq for e in entries[1:3]]


def test_an_update_with_no_change_writes_nothing(store: AuditStore, path: Path) -> None:
    person = store.add(Person(name="Siân", hats=(Hat.CARER, Hat.VOLUNTEER), languages=("cy",)))
    before_log, before_hash = len(store.changes()), sha256(path)
    same = store.update(dataclasses.replace(person))
    assert same == person
    # A copy with other times and editor (e.g. from a stale window) is no change either.
    stale = dataclasses.replace(person, modified_at="2020-01-01T00:00:00.000Z", modified_by="x")
    assert store.update(stale) == person
    # Leaving the pseudonym empty means "keep it".
    assert store.update(dataclasses.replace(person, pseudonym="")) == person
    assert len(store.changes()) == before_log
    assert sha256(path) == before_hash
    assert store.get(Person, person.id).modified_at == person.modified_at


def test_pseudonyms_are_numbered_and_never_reused(store: AuditStore) -> None:
    first = store.add(Person(name="One"))
    second = store.add(Person(name="Two"))
    store.delete(Person, second.id)
    third = store.add(Person(name="Three"))
    chosen = store.add(Person(name="Four", pseudonym="Ffion"))
    batch = [Person(name="Five"), Person(name="Six")]
    store.add_many(batch)
    assert [first.pseudonym, second.pseudonym, third.pseudonym] == [
        "Participant 1",
        "Participant 2",
        "Participant 3",
    ]
    assert chosen.pseudonym == "Ffion"
    assert [store.get(Person, p.id).pseudonym for p in batch] == [
        "Participant 4",
        "Participant 5",
    ]


# -- pages: sorted, filtered, offset ---------------------------------------------------------

PEOPLE = [
    ("Azad", (Hat.CARER,), "Cwm Foodbank"),
    ("Zoë", (Hat.STAFF,), "Cyngor Sir"),
    ("Ávila", (Hat.CARER, Hat.VOLUNTEER), ""),
    ("bryn", (Hat.VOLUNTEER,), "Cwm Foodbank"),
    ("Aston", (), "Cyngor Sir"),
    ("Émile", (Hat.LIVED_EXPERIENCE, Hat.CARER), ""),
    ("zara", (), "Aelwyd"),
]
BY_NAME = ["Aston", "Ávila", "Azad", "bryn", "Émile", "zara", "Zoë"]


@pytest.fixture
def people(store: AuditStore) -> dict[str, Person]:
    added = {}
    for name, hats, organisation in PEOPLE:
        added[name] = store.add(Person(name=name, hats=hats, organisation=organisation))
    gone = store.add(Person(name="Aardvark (deleted)", hats=(Hat.CARER,)))
    store.delete(Person, gone.id)
    return added


def names(people: list[Person]) -> list[str]:
    return [p.name for p in people]


def test_pages_sort_by_name_ignoring_case_and_accents(
    store: AuditStore, people: dict[str, Person]
) -> None:
    assert names(store.page(Person, sort="name")) == BY_NAME
    assert names(store.page(Person)) == BY_NAME  # name order is the default for people
    assert names(store.page(Person, sort="name", descending=True)) == BY_NAME[::-1]
    assert names(store.page(Person, sort="name", limit=2)) == ["Aston", "Ávila"]
    assert names(store.page(Person, sort="name", offset=2, limit=2)) == ["Azad", "bryn"]
    assert names(store.page(Person, sort="name", offset=6, limit=5)) == ["Zoë"]
    assert store.page(Person, sort="name", offset=7) == []
    assert names(store.page(Person, sort="name", descending=True, offset=1, limit=2)) == [
        "zara",
        "Émile",
    ]
    # Paging through gives each person once.
    paged = [p for start in range(0, 7, 3) for p in store.page(Person, offset=start, limit=3)]
    assert names(paged) == BY_NAME


def test_pages_filter_by_hat_column_and_text(store: AuditStore, people: dict[str, Person]) -> None:
    assert names(store.page(Person, hat=Hat.CARER)) == ["Ávila", "Azad", "Émile"]
    assert names(store.page(Person, hat=Hat.CARER, descending=True)) == ["Émile", "Azad", "Ávila"]
    assert names(store.page(Person, hat=Hat.CARER, offset=1, limit=1)) == ["Azad"]
    assert store.count(Person, hat=Hat.CARER) == 3
    assert names(store.page(Person, organisation="Cwm Foodbank")) == ["Azad", "bryn"]
    assert names(store.page(Person, organisation="Cwm Foodbank", hat=Hat.VOLUNTEER)) == ["bryn"]
    assert names(store.page(Person, text="avila")) == ["Ávila"]
    assert names(store.page(Person, text="AZ")) == ["Azad"]
    assert names(store.page(Person, text="foodbank")) == ["Azad", "bryn"]
    assert names(store.page(Person, text="aardvark")) == []  # deleted
    assert store.count(Person, text="foodbank") == 2
    assert names(store.page(Person, consent_scope=None)) == BY_NAME
    assert store.page(Person, consent_scope=ConsentScope.PUBLIC) == []


def test_pages_sort_by_other_columns(store: AuditStore, people: dict[str, Person]) -> None:
    # By organisation, then by name within each organisation (as the index is built).
    by_organisation = names(store.page(Person, sort="organisation"))
    assert by_organisation == ["Ávila", "Émile", "zara", "Azad", "bryn", "Aston", "Zoë"]
    assert names(store.page(Person, sort="modified_at")) == [name for name, _, _ in PEOPLE]
    assert names(store.page(CommunityAsset)) == []


def test_unknown_sorts_and_filters_are_refused(store: AuditStore) -> None:
    with pytest.raises(ValueError, match="sort person records by 'email'"):
        store.page(Person, sort="email")
    with pytest.raises(ValueError, match="filter person records by 'shoe_size'"):
        store.page(Person, shoe_size=9)


def test_iterate_yields_every_live_record_in_the_order_added(store: AuditStore) -> None:
    added = [store.add(Person(name=f"Person {n:03d}")) for n in range(25)]
    store.delete(Person, added[3].id)
    expected = [p.id for i, p in enumerate(added) if i != 3]
    assert [p.id for p in store.iterate(Person, batch_size=4)] == expected


def query_plan(store: AuditStore, path: Path, call) -> tuple[str, str]:
    """Run `call` and return the SQL the store ran for it and SQLite's plan for that SQL."""
    statements: list[str] = []
    store._connection.set_trace_callback(statements.append)
    try:
        call()
    finally:
        store._connection.set_trace_callback(None)
    sql = statements[0]  # the page itself; then hats and equality answers of its people
    assert sql.lstrip().upper().startswith("SELECT"), statements
    connection = plain(path)
    try:
        plan = "\n".join(row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}"))
    finally:
        connection.close()
    return sql, plan


@pytest.mark.parametrize(
    ("record_type", "options", "index"),
    [
        (Person, {"sort": "name"}, "person_by_name"),
        (Person, {"sort": "name", "descending": True}, "person_by_name"),
        (Person, {"sort": "name", "offset": 500, "limit": 50}, "person_by_name"),
        (Person, {"sort": "organisation"}, "person_by_organisation"),
        (CommunityAsset, {"sort": "name"}, "asset_by_name"),
        (CommunityAsset, {"sort": "category"}, "asset_by_category"),
    ],
    ids=["name", "name-desc", "name-offset", "organisation", "asset-name", "asset-category"],
)
def test_pages_are_read_in_index_order_without_sorting(
    store: AuditStore, path: Path, record_type, options: dict, index: str
) -> None:
    store.add_many(Person(name=f"Person {n}", organisation=f"Org {n % 7}") for n in range(300))
    store.add_many(
        CommunityAsset(name=f"Asset {n}", category=AssetCategory.CULTURAL) for n in range(50)
    )
    sql, plan = query_plan(store, path, lambda: store.page(record_type, **options))
    assert "USE TEMP B-TREE FOR ORDER BY" not in plan, f"{sql}\n{plan}"
    assert "TEMP B-TREE" not in plan, f"sorts part of the order:\n{sql}\n{plan}"
    assert index in plan, f"{sql}\n{plan}"


# -- save a copy -----------------------------------------------------------------------------


def test_save_copy_writes_an_audit_that_opens_with_the_same_records(
    store: AuditStore, path: Path, tmp_path: Path
) -> None:
    f = family(store)
    store.delete(Capability, f.deleted_before.id)
    copy = store.save_copy(tmp_path / "copy of audit.coprod")
    assert copy == tmp_path / "copy of audit.coprod"
    assert not lock_path(copy).exists()
    with AuditStore.open(copy) as copied:
        assert not copied.read_only
        assert copied.counts() == store.counts()
        assert copied.audit() == store.audit()
        assert copied.get(Person, f.person.id) == store.get(Person, f.person.id)
        assert copied.get(Capability, f.deleted_before.id, include_deleted=True).deleted
        assert len(copied.changes(limit=1000)) == len(store.changes(limit=1000))
        assert [h.record_id for h in copied.search("sian")] == [f.person.id]
    assert not [n for n in os.listdir(tmp_path) if n.endswith((".partial", "-journal"))]


def test_save_copy_refuses_to_overwrite(store: AuditStore, path: Path, tmp_path: Path) -> None:
    store.add(Person(name="Siân"))
    existing = tmp_path / "existing.coprod"
    existing.write_bytes(b"someone else's file")
    with pytest.raises(AuditExistsError) as excinfo:
        store.save_copy(existing)
    assert "already exists" in excinfo.value.problem
    assert excinfo.value.advice
    assert existing.read_bytes() == b"someone else's file"
    with pytest.raises(AuditExistsError):
        store.save_copy(path)  # the audit itself
    # Not even when asked to: it is not an audit (store/outputs.py).
    with pytest.raises(AuditExistsError, match="not a Coprod audit"):
        store.save_copy(existing, overwrite=True)
    assert existing.read_bytes() == b"someone else's file"
    # An audit there is overwritten when asked to.
    existing.unlink()
    store.save_copy(existing)
    store.add(Person(name="Bob"))
    store.save_copy(existing, overwrite=True)
    with AuditStore.open(existing) as copied:
        assert copied.count(Person) == 2


def test_a_read_only_audit_can_be_saved_as_an_editable_copy(path: Path, tmp_path: Path) -> None:
    with AuditStore.create(path, Audit(title="Original")) as store:
        store.add(Person(name="Siân"))
    before = sha256(path)
    with AuditStore.open(path, read_only=True) as store:
        with pytest.raises(ReadOnlyAuditError):
            store.add(Person(name="Not saved"))
        copy = store.save_copy(tmp_path / "mine.coprod")
    with AuditStore.open(copy) as mine:
        assert not mine.read_only
        mine.add(Person(name="Saved in my copy"))
        assert mine.count(Person) == 2
    assert sha256(path) == before


# -- search ----------------------------------------------------------------------------------


def test_search_matches_word_prefixes_without_accents(store: AuditStore) -> None:
    sian = store.add(Person(name="Siân Morgan", notes="Runs the lunch club"))
    twr = store.add(CommunityAsset(name="Canolfan Tŵr", category=AssetCategory.PHYSICAL_SPACES))
    skill = store.add(
        Capability(person_id=sian.id, kind=CapabilityKind.HANDS, description="Gardening, bikes")
    )
    assert [h.record_id for h in store.search("sian")] == [sian.id]
    assert [h.record_id for h in store.search("SIÂN")] == [sian.id]
    assert [h.record_id for h in store.search("Sia")] == [sian.id]
    assert [h.record_id for h in store.search("twr")] == [twr.id]
    assert [h.record_id for h in store.search("tŵ")] == [twr.id]
    assert [(h.kind, h.record_id) for h in store.search("garden")] == [("capability", skill.id)]
    assert [h.record_id for h in store.search("siân morg")] == [sian.id]  # every word
    assert store.search("sian gardening") == []  # words must be in the same record
    hit = store.search("lunch")[0]
    assert (hit.kind, hit.title) == ("person", "Siân Morgan")
    assert "lunch" in hit.snippet
    assert store.search("") == [] and store.search("   ") == []


@pytest.mark.parametrize(
    "query", ['"', "'", "AND", "OR NOT", "a*b(", "NEAR(", "col:value", "^", "-", "*", "\\"]
)
def test_search_is_safe_with_any_typing(store: AuditStore, query: str) -> None:
    store.add(Person(name="Siân Morgan"))
    assert isinstance(store.search(query), list)
    assert isinstance(store.page(Person, text=query), list)


def test_search_follows_deletes_restores_and_renames(store: AuditStore) -> None:
    person = store.add(Person(name="Siân Morgan"))
    skill = store.add(
        Capability(person_id=person.id, kind=CapabilityKind.HANDS, description="Gardening")
    )
    store.delete(Person, person.id)
    assert store.search("sian") == []
    assert store.search("gardening") == []  # deleted with the person
    assert store.page(Person, text="sian") == []
    store.restore(Person, person.id)
    assert [h.record_id for h in store.search("sian")] == [person.id]
    assert [h.record_id for h in store.search("gardening")] == [skill.id]
    store.update(dataclasses.replace(person, name="Rhiannon Price"))
    assert store.search("sian") == []
    assert store.search("morgan") == []
    assert [h.record_id for h in store.search("rhiannon")] == [person.id]
    assert store.search("rhiannon")[0].title == "Rhiannon Price"


def test_contact_details_and_equality_answers_are_not_searchable(store: AuditStore) -> None:
    store.add(
        Person(
            name="Siân",
            email="sian.private@example.org",
            phone="07700 900123",
            address="12 Heol y Felin",
            equality={"age": "25_34", "disability": "limited_a_lot"},
        )
    )
    for query in ("private", "example", "07700", "Felin", "limited", "25_34"):
        assert store.search(query) == [], query


# -- rules the store enforces ----------------------------------------------------------------


def test_one_role_per_person_per_stage(store: AuditStore, path: Path) -> None:
    person = store.add(Person(name="Siân"))
    first = store.add(Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN))
    before_log, before_hash = len(store.changes()), sha256(path)
    with pytest.raises(ValidationError) as excinfo:
        store.add(Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CONSULTATION))
    assert [p.field for p in excinfo.value.problems] == ["stage"]
    assert "already has a role at this stage" in str(excinfo.value)
    assert len(store.changes()) == before_log and sha256(path) == before_hash
    assert store.count(Role) == 1
    # Another stage is fine; so is the same stage once the first role is deleted.
    store.add(Role(person_id=person.id, stage=Stage.DELIVERY, rung=Rung.CO_PRODUCTION))
    store.delete(Role, first.id)
    second = store.add(Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT))
    # Bringing the first back would make two: refused, and nothing changes.
    before_log = len(store.changes())
    with pytest.raises(ValidationError) as excinfo:
        store.restore(Role, first.id)
    assert "already has a role at this stage" in str(excinfo.value)
    assert store.get(Role, first.id) is None
    assert store.get(Role, second.id) == second
    assert len(store.changes()) == before_log
    # Moving a role onto a stage that is taken is refused too.
    delivery = store.page(Role, stage=Stage.DELIVERY)[0]
    with pytest.raises(ValidationError):
        store.update(dataclasses.replace(delivery, stage=Stage.DESIGN))
    assert store.get(Role, delivery.id) == delivery


def test_records_cannot_point_at_deleted_or_missing_records(store: AuditStore) -> None:
    person = store.add(Person(name="Siân"))
    other = store.add(Person(name="Dafydd"))
    skill = store.add(
        Capability(person_id=other.id, kind=CapabilityKind.HEAD, description="Grants")
    )
    store.delete(Person, person.id)
    before = (store.counts(), len(store.changes()))
    with pytest.raises(ValidationError) as excinfo:
        store.add(Capability(person_id=person.id, kind=CapabilityKind.HANDS, description="x"))
    assert [p.field for p in excinfo.value.problems] == ["person_id"]
    assert "not in the audit" in str(excinfo.value)
    with pytest.raises(ValidationError):
        store.add(Capability(person_id="no-such-id", kind=CapabilityKind.HANDS, description="x"))
    with pytest.raises(ValidationError):
        store.add(Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN))
    with pytest.raises(ValidationError):
        store.add(ElementLink(element=Element.ASSETS, person_id=person.id))
    with pytest.raises(ValidationError):  # moving a capability to a deleted person
        store.update(dataclasses.replace(skill, person_id=person.id))
    with pytest.raises(ValidationError) as excinfo:  # updating a deleted record
        store.update(dataclasses.replace(store.get(Person, person.id, include_deleted=True)))
    assert [p.field for p in excinfo.value.problems] == ["id"]
    assert (store.counts(), len(store.changes())) == before
    assert store.get(Capability, skill.id) == skill


def test_search_says_whose_capability_it_found(store: AuditStore) -> None:
    person = store.add(Person(name="Gwenllïan Rhys"))
    store.add(
        Capability(person_id=person.id, kind=CapabilityKind.HANDS, description="Mends bicycles")
    )
    (hit,) = store.search("bicyc")
    assert (hit.kind, hit.title, hit.person) == ("capability", "Mends bicycles", "Gwenllïan Rhys")
    (hit,) = store.search("gwenllian")
    assert (hit.kind, hit.person) == ("person", "")


def test_bulk_added_records_are_searchable_and_later_edits_still_index(
    store: AuditStore,
) -> None:
    people = [Person(name=f"Bulk Person {i}") for i in range(50)]
    store.add_many(people)
    assert len(store.search("bulk", limit=100)) == 50
    later = store.add(Person(name="Tŷ-isaf Resident"))  # the insert trigger is back
    assert [h.record_id for h in store.search("resident")] == [later.id]
    assert store.page(Person, limit=1, text="bulk")[0].name.startswith("Bulk Person")


def test_the_audit_details_are_edited_like_any_record(store: AuditStore, path: Path) -> None:
    audit = store.audit()
    changed = store.update(
        dataclasses.replace(audit, purpose="Redesign the hubs with the people who use them")
    )
    assert changed.created_at == audit.created_at and changed.modified_at > audit.modified_at
    store.close()
    with AuditStore.open(path) as reopened:
        assert reopened.audit().purpose == "Redesign the hubs with the people who use them"
        latest = reopened.changes(limit=1)[0]
        assert latest.summary.startswith("Changed audit") and latest.summary.endswith(": purpose")


def test_a_finished_file_never_replaces_one_that_appeared_meanwhile(tmp_path: Path) -> None:
    from coprod_desktop.store.files import move_into_place

    source, target = tmp_path / "new.partial", tmp_path / "Audit.coprod"
    source.write_bytes(b"new")
    target.write_bytes(b"someone else's")
    with pytest.raises(AuditExistsError, match="already exists"):
        move_into_place(source, target)
    assert target.read_bytes() == b"someone else's" and source.read_bytes() == b"new"
    move_into_place(source, target, overwrite=True)
    assert target.read_bytes() == b"new" and not source.exists()
    other = tmp_path / "other.partial"
    other.write_bytes(b"other")
    move_into_place(other, tmp_path / "Fresh.coprod")
    assert (tmp_path / "Fresh.coprod").read_bytes() == b"other" and not other.exists()


def test_a_reader_sees_saved_edits_and_cannot_write(tmp_path):
    import threading

    from coprod_desktop.domain import Audit, Person
    from coprod_desktop.store import AuditStore, ReadOnlyAuditError

    path = tmp_path / "reader.coprod"
    with AuditStore.create(path, Audit(title="Reader")) as store:
        store.add(Person(name="Ann"))
        reader = store.reader()
        counted = []
        worker = threading.Thread(target=lambda: counted.append(reader.count(Person)))
        worker.start()
        worker.join()
        assert counted == [1]
        store.add(Person(name="Bob"))
        assert reader.count(Person) == 2
        with pytest.raises(ReadOnlyAuditError):
            reader.add(Person(name="Cai"))
        reader.close()
        assert store.count(Person) == 2  # closing the reader leaves the audit open
