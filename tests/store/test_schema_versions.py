"""Every file format's DDL is frozen in store/schema/vN.sql, and the schema matches the records.

Genuine old files are built from the frozen DDL of their version, with records written in that
version's own columns, then opened as a user would: the store writes a backup and upgrades
them, and the result must have exactly the schema of a new file. A record field that the
schema lacks fails a test here: at run time the store could only report it as a damaged file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from coprod_desktop.domain import Audit, Capability, CommunityAsset, Person, Role
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import Hat, Stage
from coprod_desktop.store import APPLICATION_ID, SCHEMA_VERSION, AuditStore
from coprod_desktop.store import schema as schema_package
from coprod_desktop.store.check import check_audit
from coprod_desktop.store.migrations import MIGRATIONS, create_current_schema, statements
from coprod_desktop.store.schema import RECORD_TABLES, SEARCH_SOURCES, frozen
from coprod_desktop.store.tables import TABLES

SCHEMA_FOLDER = Path(schema_package.__file__).parent

# Digests of each frozen format's DDL as SQLite keeps it (sqlite_master without the tables
# FTS5 makes itself, whose text is SQLite's). A frozen format never changes: files of it exist.
FROZEN_DIGESTS = {
    0: "29613b67a93e6105ce004785731a97f78ca589a3d27bc5c510cb740e02d533b2",
    1: "0c5326b73809f7a7f092efb6f17afa450ff7ab0bcd72f1e5cc0b67d8a401c0a3",
    2: "356ce57c6a84cb5e7b71d9233565d8424f4d220798910b1b9357cc4efd9cdd22",
    3: "1b500261bb06d6ae89379729f1a90116a88183769234f2da03710aed88fbf445",
}

# A person's fields kept in a table of their own rather than in a column of the person table.
PERSON_CHILD_TABLES = {"hats": "person_hat", "equality": "equality_answer"}
# Columns computed from a field (for sorting), not fields themselves.
COMPUTED_COLUMNS = {"sort_name"}

STAMP = "2024-05-01T09:00:00Z"
PILOT_STAMP = "2023-03-14T10:02:00Z"


def schema_rows(connection: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """The schema as SQLite keeps it, normalised: sorted, no page numbers, spaces collapsed."""
    return sorted(
        (kind, name, table, " ".join((sql or "").split()))
        for kind, name, table, sql in connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema"
        )
    )


def file_schema(path: Path) -> list[tuple[str, str, str, str]]:
    connection = sqlite3.connect(path)
    try:
        return schema_rows(connection)
    finally:
        connection.close()


def frozen_rows(version: int) -> list[tuple[str, str, str, str]]:
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(frozen(version))
        return schema_rows(connection)
    finally:
        connection.close()


def columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def pragma(path: Path, name: str) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def fresh_schema(tmp_path: Path) -> list[tuple[str, str, str, str]]:
    path = tmp_path / "fresh.coprod"
    AuditStore.create(path, Audit(title="Fresh")).close()
    return file_schema(path)


# -- genuine old files ------------------------------------------------------------------------


def build_v0(connection: sqlite3.Connection) -> None:
    """A pilot file: hats typed by hand, consent as yes/no, free-word categories."""
    connection.execute("INSERT INTO audit VALUES ('Pilot audit', 'Cwm Partnership', 'Cwm')")
    connection.executemany(
        "INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("p1", "Siân Morgan", "Lived experience, volunteer", "", "s@example.org", "", "yes",
             PILOT_STAMP),
            ("p2", "Dafydd Rees", "Staff", "Cyngor Sir", "", "01632 960001", "no", None),
        ],
    )  # fmt: skip
    connection.executemany(
        "INSERT INTO capabilities VALUES (?, ?, ?, ?)",
        [("c1", "p1", "hands", "Runs the lunch club"), ("c2", "p2", "Head", None)],
    )
    connection.execute("INSERT INTO assets VALUES ('a1', 'Old library', 'building', 'Closed')")


def build_v1(connection: sqlite3.Connection) -> None:
    """A file of the first full version: a record in every table, in format 1's columns."""
    record = "id, created_at, modified_at, modified_by"
    stamp = (STAMP, STAMP, "Siân")
    rows = {
        "audit": (
            "title, organisation, area, purpose, start_date, operators",
            [("au1", *stamp, "Format 1 audit", "Cwm Partnership", "Cwm", "Listening",
              "2024-01-10", '["Siân"]')],
        ),
        "person": (
            "name, sort_name, pseudonym, organisation, email, languages, wants_in_return, "
            "accessibility_needs, consent_date, consent_scope, consent_review, notes",
            [("p1", *stamp, "Siân Morgan", "sian morgan", "Participant 1", "", "s@example.org",
              '["Welsh", "English"]', '["learning"]', '["step_free"]', "2024-01-12",
              "internal", "2025-01-12", "Runs the lunch club"),
             ("p2", *stamp, "Dafydd Rees", "dafydd rees", "Participant 2", "Cyngor Sir", "",
              "[]", "[]", "[]", None, None, None, "")],
        ),
        "capability": (
            "person_id, kind, description, tags, willing_to_share",
            [("c1", *stamp, "p1", "hands", "Cooks for forty", '["food"]', 1)],
        ),
        "asset": (
            "name, sort_name, category, status, area, postcode, accessibility",
            [("a1", *stamp, "Canolfan Tŵr", "canolfan twr", "physical_spaces", "active", "Cwm",
              "CF1 1AA", '["step_free"]')],
        ),
        "asset_person": (
            "asset_id, person_id, relation",
            [("ap1", *stamp, "a1", "p1", "volunteers there")],
        ),
        "element_link": (
            "element, person_id, capability_id, asset_id, strength, evidence",
            [("e1", *stamp, "capabilities", None, "c1", None, 2, "Lunch club"),
             ("e2", *stamp, "assets", None, None, "a1", 3, "")],
        ),
        "role": (
            "person_id, stage, rung, title, decisions, paid, reciprocity, notes",
            [("r1", *stamp, "p1", "design", "co_design", "Design group", 1, 0, '["expenses"]',
              "")],
        ),
        "assessment_round": (
            "held_on, participants, notes",
            [("ar1", *stamp, "2024-03-01", "Steering group", "")],
        ),
        "assessment_rating": (
            "round_id, element, principle, score, evidence",
            [("rt1", *stamp, "ar1", "reciprocity", None, 3, "Vouchers"),
             ("rt2", *stamp, "ar1", None, "equality", None, "")],
        ),
        "action": (
            "title, element, owner, due, status, notes",
            [("ac1", *stamp, "Pay expenses on the day", "reciprocity", "Dafydd", "2024-06-01",
              "planned", "")],
        ),
        "reference_share": (
            'question, "group", share, source',
            [("rs1", *stamp, "age", "35_49", 0.21, "Census 2021")],
        ),
    }  # fmt: skip
    for table, (names, values) in rows.items():
        marks = ", ".join("?" * (4 + len(names.split(","))))
        connection.executemany(f"INSERT INTO {table} ({record}, {names}) VALUES ({marks})", values)
    connection.executemany(
        "INSERT INTO person_hat VALUES (?, ?)",
        [("p1", "lived_experience"), ("p1", "volunteer"), ("p2", "staff")],
    )
    connection.execute("INSERT INTO equality_answer VALUES ('p1', 'age', '35_49')")
    connection.execute("INSERT INTO meta VALUES ('next_pseudonym', '3')")
    connection.execute(
        "INSERT INTO change_log (at, by, entity, record_id, action, summary) "
        "VALUES (?, 'Siân', 'audit', 'au1', 'added', 'Created the audit')",
        (STAMP,),
    )


# Format 2 has format 1's tables and columns (it only changed indexes): the same records.
BUILDERS: dict[int, Callable[[sqlite3.Connection], None]] = {0: build_v0, 1: build_v1, 2: build_v1}


def build_old_file(path: Path, version: int) -> Path:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(frozen(version))
        BUILDERS[version](connection)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {version}")
        connection.commit()
    finally:
        connection.close()
    return path


def test_there_is_a_frozen_ddl_and_a_builder_for_every_version() -> None:
    found = sorted(int(p.stem[1:]) for p in SCHEMA_FOLDER.glob("v*.sql"))
    assert found == list(range(SCHEMA_VERSION + 1))
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))
    assert sorted(BUILDERS) == list(range(SCHEMA_VERSION)), (
        "a new format needs a builder here of a genuine file of the format before it"
    )
    with pytest.raises(ValueError):
        frozen(SCHEMA_VERSION + 1)


@pytest.mark.parametrize("version", range(SCHEMA_VERSION + 1))
def test_a_frozen_format_never_changes(version: int) -> None:
    kept = [row for row in frozen_rows(version) if not re.match(r"search_index_", row[1])]
    digest = hashlib.sha256(repr(kept).encode()).hexdigest()
    assert digest == FROZEN_DIGESTS[version], (
        f"schema/v{version}.sql changed, but files of format {version} exist: make the change "
        f"a new format (v{SCHEMA_VERSION + 1}.sql, a migration step, SCHEMA_VERSION) instead"
    )


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_a_genuine_old_file_upgrades_to_exactly_the_schema_of_a_new_file(
    tmp_path: Path, version: int, fresh_schema: list
) -> None:
    path = build_old_file(tmp_path / f"format {version}.coprod", version)
    original = path.read_bytes()
    assert file_schema(path) == frozen_rows(version)

    with AuditStore.open(path, user="Upgrader") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.backup_path is not None
        assert store.backup_path.read_bytes() == original
        person = store.get(Person, "p1")
        assert person.name == "Siân Morgan"
        assert person.hats == (Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER)
        assert [h.record_id for h in store.search("sian")] == ["p1"]
        assert store.get(Capability, "c1").person_id == "p1"
        assert len(list(store.iterate(CommunityAsset))) == 1

    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert pragma(path, "application_id") == APPLICATION_ID
    assert file_schema(path) == fresh_schema
    report = check_audit(path)
    assert report.all_problems == [], report.all_problems


def test_a_format_1_file_keeps_every_row_of_every_table(tmp_path: Path) -> None:
    path = build_old_file(tmp_path / "format 1.coprod", 1)

    def rows(file: Path) -> dict[str, list[tuple]]:
        connection = sqlite3.connect(file)
        try:
            tables = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' "
                    "AND name NOT LIKE 'search_index%'"
                )
            ]
            return {
                t: connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables
            }
        finally:
            connection.close()

    before = rows(path)
    with AuditStore.open(path) as store:
        assert store.get(Person, "p1").equality == {"age": "35_49"}
        assert store.get(Role, "r1").stage is Stage.DESIGN
    after = rows(path)
    # Format 3 adds an asset's seven ACV columns, at their defaults.
    assert [row[:-7] for row in after.pop("asset")] == before.pop("asset")
    assert after == before  # format 2 only adds indexes: not even a line in the log
    with AuditStore.open(path) as store:
        assert store.add(Person(name="Next")).pseudonym == "Participant 3"


# -- the records and the current schema -------------------------------------------------------


def record_classes() -> list[type[r.Record]]:
    return [
        cls
        for _, cls in inspect.getmembers(r, inspect.isclass)
        if issubclass(cls, r.Record) and cls is not r.Record and cls.__module__ == r.__name__
    ]


def missing_columns(
    connection: sqlite3.Connection, record_type: type[r.Record], table: str
) -> list[str]:
    """The fields of `record_type` that have nowhere to be stored in the schema."""
    have = set(columns(connection, table))
    missing = []
    for f in dataclasses.fields(record_type):
        if issubclass(record_type, r.Person) and f.name in PERSON_CHILD_TABLES:
            child = PERSON_CHILD_TABLES[f.name]
            if not columns(connection, child):
                missing.append(f"{f.name} (table {child})")
        elif f.name not in have:
            missing.append(f.name)
    return missing


@pytest.fixture
def current() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    create_current_schema(connection)
    yield connection
    connection.close()


def test_every_record_class_has_its_table(current: sqlite3.Connection) -> None:
    classes = record_classes()
    assert set(r.RECORD_TYPES) <= set(classes)
    assert {TABLES[cls].name for cls in classes} == set(RECORD_TABLES)
    for table in RECORD_TABLES:
        assert columns(current, table), f"the current schema has no table {table}"


def test_every_field_of_every_record_has_a_column_in_the_current_schema(
    current: sqlite3.Connection,
) -> None:
    missing = {
        cls.__name__: gaps
        for cls in record_classes()
        if (gaps := missing_columns(current, cls, TABLES[cls].name))
    }
    assert not missing, (
        f"record fields with no column in schema/v{SCHEMA_VERSION}.sql: {missing}. Add them "
        "in a new format (vN.sql and a migration step), or every audit would open as damaged."
    )


def test_every_column_of_a_record_table_is_a_field(current: sqlite3.Connection) -> None:
    for cls in record_classes():
        table = TABLES[cls].name
        fields = {f.name for f in dataclasses.fields(cls)}
        extra = set(columns(current, table)) - fields - COMPUTED_COLUMNS
        assert not extra, f"{table} has columns that {cls.__name__} never reads: {extra}"


def test_a_field_the_schema_lacks_is_caught(current: sqlite3.Connection) -> None:
    @dataclasses.dataclass(kw_only=True)
    class PersonWithShoeSize(r.Person):
        shoe_size: str = ""

    assert missing_columns(current, PersonWithShoeSize, "person") == ["shoe_size"]


# -- the frozen current format is what the store makes ----------------------------------------


def test_the_newest_frozen_ddl_is_what_a_new_file_gets(fresh_schema: list) -> None:
    assert fresh_schema == frozen_rows(SCHEMA_VERSION)
    memory = sqlite3.connect(":memory:")
    create_current_schema(memory)
    assert schema_rows(memory) == fresh_schema
    memory.close()


def test_the_search_triggers_in_python_are_those_of_the_frozen_ddl() -> None:
    """The store indexes rows in bulk and puts the insert triggers back from SEARCH_SOURCES."""

    def triggers(script: str) -> list[str]:
        return sorted(
            " ".join(s.split()).rstrip(";")
            for s in statements(script)
            if s.lstrip().startswith("CREATE TRIGGER")
        )

    made = "".join(source.triggers for source in SEARCH_SOURCES)
    assert triggers(made) == triggers(frozen(SCHEMA_VERSION))
    inserts = "".join(source.insert_trigger for source in SEARCH_SOURCES)
    assert set(triggers(inserts)) <= set(triggers(frozen(SCHEMA_VERSION)))
