"""Opening an audit from the pilot (schema version 0) upgrades it after writing a backup.

`tests/fixtures/audit_v0.coprod` is built by `tests/fixtures/make_v0_fixture.py` from the
pilot's frozen schema (`store/schema/v0.sql`); the tests work on copies of it in `tmp_path`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from coprod_desktop.domain import (
    AssetCategory,
    AssetStatus,
    Audit,
    Capability,
    CapabilityKind,
    CommunityAsset,
    ConsentScope,
    Hat,
    Person,
)
from coprod_desktop.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    AuditFileError,
    AuditStore,
    ReadOnlyAuditError,
)
from coprod_desktop.store.migrations import MIGRATIONS
from coprod_desktop.store.schema import REQUIRED_TABLES, frozen

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FIXTURE = FIXTURES / "audit_v0.coprod"
STRAY_SUFFIXES = (".lock", ".partial", "-journal", "-wal", "-shm")


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "make_v0_fixture", FIXTURES / "make_v0_fixture.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILDER = _load_builder()
PEOPLE = {row[0]: row for row in BUILDER.PEOPLE}
SIAN, DAFYDD, AMAL, GRACE, TOMASZ, RHIANNON, ZOE = (row[0] for row in BUILDER.PEOPLE)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.stem}.v0-backup-*.coprod"))


def pragma(path: Path, name: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def v0(tmp_path: Path) -> Path:
    folder = tmp_path / "Pilot audits"
    folder.mkdir()
    path = folder / "Cwm pilot.coprod"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_a_v0_audit_and_matches_its_builder(tmp_path: Path) -> None:
    assert pragma(FIXTURE, "user_version") == 0
    assert pragma(FIXTURE, "application_id") == APPLICATION_ID
    rebuilt = BUILDER.build(tmp_path / "rebuilt.coprod")
    # Compared by content: the header records which SQLite version wrote the file.
    assert dump(rebuilt) == dump(FIXTURE), (
        "tests/fixtures/audit_v0.coprod is out of date: run tests/fixtures/make_v0_fixture.py"
    )


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_there_is_a_migration_step_for_every_older_version() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))
    assert all(callable(step) for step in MIGRATIONS.values())


def test_opening_a_v0_audit_writes_a_byte_identical_backup_first(v0: Path) -> None:
    original = sha256(v0)
    with AuditStore.open(v0) as store:
        (backup,) = backups(v0)
        assert store.backup_path == backup
        assert not store.read_only
    # The backup is next to the audit and is the file as it was, byte for byte.
    assert sha256(backup) == original
    assert sorted(os.listdir(v0.parent)) == sorted([v0.name, backup.name])


def test_opening_a_v0_audit_upgrades_it_with_everything_in_it(v0: Path) -> None:
    with AuditStore.open(v0, user="Migrating user") as store:
        assert not store.read_only
        assert store.schema_version == SCHEMA_VERSION

        assert store.audit().title == "Cwm Tŷ-gwyn pilot audit"
        assert store.audit().organisation == "Cwm Tŷ-gwyn Community Partnership"
        assert store.audit().area == "Cwm Tŷ-gwyn"
        assert store.counts()["people"] == 7
        assert store.counts()["capabilities"] == 7
        assert store.counts()["assets"] == 7

        people = {p.id: p for p in store.iterate(Person)}
        assert set(people) == set(PEOPLE)
        # Hats typed by hand ("Lived experience, volunteer") become coded hats.
        assert people[SIAN].hats == (Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER)
        assert people[DAFYDD].hats == (Hat.STAFF,)
        assert people[AMAL].hats == (Hat.CARER, Hat.COMMUNITY_MEMBER)
        assert people[GRACE].hats == (Hat.PROFESSIONAL, Hat.PARTNER_ORGANISATION)
        assert people[TOMASZ].hats == (Hat.VOLUNTEER,)
        assert people[RHIANNON].hats == ()
        assert people[ZOE].hats == (Hat.LIVED_EXPERIENCE, Hat.CARER)
        # Consent yes/no: yes (in any spelling) is consent for the audit team.
        consent = {pid: p.consent_scope for pid, p in people.items()}
        assert consent == {
            SIAN: ConsentScope.INTERNAL,
            DAFYDD: ConsentScope.INTERNAL,
            AMAL: None,
            GRACE: ConsentScope.INTERNAL,
            TOMASZ: None,
            RHIANNON: None,
            ZOE: ConsentScope.INTERNAL,
        }
        # Names, contact details and times came across.
        assert people[SIAN].name == "Siân Morgan"
        assert people[SIAN].email == "sian.morgan@example.org"
        assert people[SIAN].phone == "07700 900123"
        assert people[DAFYDD].organisation == "Cyngor Sir Cwm Tŷ-gwyn"
        assert people[SIAN].created_at == "2023-03-14T10:02:00Z"
        assert people[AMAL].modified_by == "Migrating user"
        # Pseudonyms are given in the pilot's order, and the next person gets the next one.
        assert [people[pid].pseudonym for pid in PEOPLE] == [
            f"Participant {n}" for n in range(1, 8)
        ]
        assert store.add(Person(name="New after upgrade")).pseudonym == "Participant 8"

        capabilities = {c.id: c for c in store.iterate(Capability)}
        assert {c.id: (c.person_id, c.kind, c.description) for c in capabilities.values()} == {
            row[0]: (row[1], CapabilityKind(row[2]), row[3] or "") for row in BUILDER.CAPABILITIES
        }
        assets = {a.name: (a.category, a.status) for a in store.iterate(CommunityAsset)}
        assert assets == {
            "Canolfan Tŵr community centre": (AssetCategory.PHYSICAL_SPACES, AssetStatus.ACTIVE),
            "Cwm Tŷ-gwyn Walking Group": (AssetCategory.ASSOCIATIONS, AssetStatus.ACTIVE),
            "Valley Credit Union": (AssetCategory.ECONOMIC, AssetStatus.ACTIVE),
            "Eisteddfod committee": (AssetCategory.CULTURAL, AssetStatus.ACTIVE),
            "Cwm Tŷ-gwyn Facebook group": (AssetCategory.DIGITAL, AssetStatus.ACTIVE),
            "Old library": (AssetCategory.PHYSICAL_SPACES, AssetStatus.CLOSED),
            "St Mary's Church hall": (AssetCategory.ASSOCIATIONS, AssetStatus.ACTIVE),
        }

        # Search and filters work on the upgraded data.
        assert [h.record_id for h in store.search("sian")] == [SIAN]
        assert [h.kind for h in store.search("lunch club")] == ["capability"]
        assert [h.title for h in store.search("twr")] == ["Canolfan Tŵr community centre"]
        assert {p.id for p in store.page(Person, hat=Hat.CARER)} == {AMAL, ZOE}
        assert [p.name for p in store.page(Person, sort="name", limit=3)] == [
            "Amal Hassan",
            "Dafydd ap Gwilym",
            "Grace O'Neill",
        ]

        migrated = [c for c in store.changes() if c.action == "migrated"]
        assert len(migrated) == 1
        assert migrated[0].by == "Migrating user"
        assert "version 0" in migrated[0].summary

    # On disk: the current format, the same application id, no pilot tables left.
    assert pragma(v0, "user_version") == SCHEMA_VERSION
    assert pragma(v0, "application_id") == APPLICATION_ID
    connection = sqlite3.connect(v0)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
    finally:
        connection.close()
    assert set(REQUIRED_TABLES) <= names
    assert not {"people", "capabilities", "assets"} & names
    assert not any(name.startswith("v0_") for name in names)
    assert not [name for name in os.listdir(v0.parent) if name.endswith(STRAY_SUFFIXES)]


def test_an_upgraded_audit_is_not_upgraded_again(v0: Path) -> None:
    AuditStore.open(v0).close()
    upgraded = sha256(v0)
    with AuditStore.open(v0) as store:
        assert store.backup_path is None
        assert len([c for c in store.changes() if c.action == "migrated"]) == 1
    assert len(backups(v0)) == 1
    assert sha256(v0) == upgraded


def test_the_backup_is_a_v0_audit_that_still_opens(v0: Path) -> None:
    AuditStore.open(v0).close()
    (backup,) = backups(v0)
    assert pragma(backup, "user_version") == 0
    before = sha256(backup)
    with AuditStore.open(backup, read_only=True) as store:
        assert store.count(Person) == 7
    assert sha256(backup) == before


def test_opening_a_v0_audit_read_only_upgrades_it_in_memory_only(v0: Path) -> None:
    original = sha256(v0)
    with AuditStore.open(v0, read_only=True) as store:
        assert store.read_only
        assert store.read_only_reason is not None
        assert store.read_only_reason.code == "requested"
        assert store.schema_version == SCHEMA_VERSION
        assert store.backup_path is None
        assert store.count(Person) == 7
        assert store.get(Person, SIAN).hats == (Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER)
        assert store.get(Person, SIAN).pseudonym == "Participant 1"
        assert [h.record_id for h in store.search("sian")] == [SIAN]
        assert any(c.action == "migrated" for c in store.changes())
        with pytest.raises(ReadOnlyAuditError):
            store.add(Person(name="Not saved"))
        # Save a copy writes the upgraded audit, which opens as a current one.
        copy = store.save_copy(v0.with_name("upgraded copy.coprod"))
    assert sha256(v0) == original
    assert pragma(v0, "user_version") == 0
    assert backups(v0) == []
    assert sorted(os.listdir(v0.parent)) == sorted([v0.name, copy.name])
    assert pragma(copy, "user_version") == SCHEMA_VERSION
    with AuditStore.open(copy) as store:
        assert not store.read_only
        assert store.count(Person) == 7


def make_broken_v0(path: Path) -> None:
    """A pilot file whose people table lacks the consent column (an early pilot build)."""
    schema = frozen(0).replace("consent TEXT, ", "")
    assert schema != frozen(0)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(schema)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute("PRAGMA user_version = 0")
        connection.execute("INSERT INTO audit VALUES ('Broken pilot', '', '')")
        connection.execute(
            "INSERT INTO people VALUES ('p1', 'Siân Morgan', 'volunteer', '', '', '', NULL)"
        )
        connection.execute(
            "INSERT INTO capabilities VALUES ('c1', 'p1', 'hands', 'Runs the lunch club')"
        )
        connection.commit()
    finally:
        connection.close()


def test_a_failed_upgrade_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "broken pilot.coprod"
    make_broken_v0(path)
    original = sha256(path)
    with pytest.raises(AuditFileError):
        AuditStore.open(path)
    assert sha256(path) == original
    assert pragma(path, "user_version") == 0
    # Nothing is left beside it but, possibly, the backup written before the attempt.
    left = [name for name in os.listdir(tmp_path) if name != path.name]
    assert not [name for name in left if name.endswith(STRAY_SUFFIXES)], left
    assert all(name.startswith(f"{path.stem}.v0-backup-") for name in left), left
    # Read-only, the upgrade runs in memory, fails the same way and changes nothing either.
    with pytest.raises(AuditFileError) as excinfo:
        AuditStore.open(path, read_only=True)
    assert "could not be upgraded" in excinfo.value.problem
    assert sha256(path) == original


def test_a_failed_upgrade_says_so_once_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "broken pilot.coprod"
    make_broken_v0(path)
    with pytest.raises(AuditFileError) as excinfo:
        AuditStore.open(path)
    error = excinfo.value
    text = str(error)
    assert error.path == path
    assert "older version" in error.problem
    assert "could not be upgraded" in error.problem
    assert "unchanged" in error.problem
    assert error.advice.strip()
    assert text.count(str(path)) == 1, f"the message repeats itself: {text!r}"
    assert text.count("Open a backup") + text.count("support contact") == 1, (
        f"the message gives two different pieces of advice: {text!r}"
    )


def test_pilot_capability_kinds_typed_by_hand_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "typed pilot.coprod"
    connection = sqlite3.connect(path)
    connection.executescript(frozen(0))
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("INSERT INTO audit VALUES ('Typed pilot', '', '')")
    connection.execute(
        "INSERT INTO people (uuid, name, hats) VALUES ('p1', 'Gwenllïan', 'Peer mentor, carer')"
    )
    kinds = {"c1": "Hands", "c2": "lived experience", "c3": "Languages", "c4": "peer mentoring"}
    connection.executemany(
        "INSERT INTO capabilities VALUES (?, 'p1', ?, 'Something she does')", kinds.items()
    )
    connection.commit()
    connection.close()
    with AuditStore.open(path) as store:
        stored = {c.id: c.kind for c in store.page(Capability)}
        (person,) = store.page(Person)
    assert stored == {
        "c1": CapabilityKind.HANDS,
        "c2": CapabilityKind.LIVED_EXPERIENCE,
        "c3": CapabilityKind.LANGUAGE,
        "c4": CapabilityKind.HEAD,  # unknown to the pilot's list: kept, as knowledge
    }
    assert person.hats == (Hat.CARER,)  # "peer mentor" was never a hat, but is kept in notes
    assert person.notes == "Other hats recorded in the pilot: Peer mentor"


def index_names(script: str) -> list[str]:
    return re.findall(r"CREATE (?:UNIQUE )?INDEX (\w+)", script)


def test_a_format_1_audit_gains_the_analysis_indexes_and_keeps_its_records(
    tmp_path: Path,
) -> None:
    path = tmp_path / "format 1.coprod"
    with AuditStore.create(path, Audit(title="Format 1")) as store:
        store.add(Person(name="Siân", equality={"age": "35_49"}))
    analysis_indexes = sorted(set(index_names(frozen(2))) - set(index_names(frozen(1))))
    connection = sqlite3.connect(path)
    for name in analysis_indexes:
        connection.execute(f"DROP INDEX {name}")
    connection.execute(
        "CREATE INDEX element_link_by_element ON element_link (element) WHERE deleted = 0"
    )
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()

    with AuditStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.backup_path is not None and store.backup_path.exists()
        assert [p.equality for p in store.iterate(Person)] == [{"age": "35_49"}]
    connection = sqlite3.connect(path)
    indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
    connection.close()
    assert set(analysis_indexes) <= indexes
    assert "element_link_by_element" not in indexes
    assert pragma(path, "user_version") == SCHEMA_VERSION
