"""Upgrading audit files written by older versions of Coprod Desktop.

`MIGRATIONS[n]` turns a file of schema version n into version n + 1: the delta between the
frozen DDL of the two versions (`schema/vN.sql`), with the data moved where it has to be. The
store writes a backup copy next to the file first, then runs every step in one transaction, so
an upgrade that fails leaves the file exactly as it was.

Version 0 is the prototype format of the first pilot (a few tables, hats as a comma-separated
list, consent as yes/no).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator

from coprod_desktop.domain.vocabulary import CapabilityKind, Hat
from coprod_desktop.store.schema import CURRENT_SCHEMA, SCHEMA_VERSION, frozen
from coprod_desktop.store.tables import sort_key


def statements(script: str) -> Iterator[str]:
    """Split an SQL script into statements (trigger bodies stay whole).

    `executescript` would commit the open transaction first, which a migration must not do.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


def run_script(connection: sqlite3.Connection, script: str) -> None:
    """Run every statement of `script` inside the caller's transaction."""
    for statement in statements(script):
        connection.execute(statement)


def create_current_schema(connection: sqlite3.Connection) -> None:
    run_script(connection, CURRENT_SCHEMA)


_V0_HATS = {  # the prototype's free-text hats, as people typed them
    "lived experience": Hat.LIVED_EXPERIENCE,
    "carer": Hat.CARER,
    "community": Hat.COMMUNITY_MEMBER,
    "community member": Hat.COMMUNITY_MEMBER,
    "volunteer": Hat.VOLUNTEER,
    "staff": Hat.STAFF,
    "professional": Hat.PROFESSIONAL,
    "partner": Hat.PARTNER_ORGANISATION,
    "partner organisation": Hat.PARTNER_ORGANISATION,
}
_V0_CATEGORIES = {
    "group": "associations",
    "association": "associations",
    "organisation": "institutions",
    "institution": "institutions",
    "building": "physical_spaces",
    "space": "physical_spaces",
    "business": "economic",
    "culture": "cultural",
    "online": "digital",
}


def _v0_kind(kind: str | None) -> str:
    """The pilot stored kinds as typed ("Hands", "lived experience"); unknown ones become head."""
    code = (kind or "").strip().lower().replace(" ", "_").replace("-", "_")
    code = {"languages": "language", "connection": "connections"}.get(code, code)
    return code if code in {k.value for k in CapabilityKind} else CapabilityKind.HEAD.value


def _v0_to_v1(connection: sqlite3.Connection, now: str, user: str) -> None:
    for table in ("audit", "people", "capabilities", "assets"):
        connection.execute(f"ALTER TABLE {table} RENAME TO v0_{table}")
    run_script(connection, frozen(1))
    stamp = {"created_at": now, "modified_at": now, "modified_by": user}

    title, organisation, area = connection.execute(
        "SELECT title, organisation, area FROM v0_audit LIMIT 1"
    ).fetchone() or ("Untitled audit", "", "")
    connection.execute(
        "INSERT INTO audit (id, created_at, modified_at, modified_by, title, organisation, area)"
        " VALUES (:id, :created_at, :modified_at, :modified_by, :title, :organisation, :area)",
        {
            **stamp,
            "id": str(uuid.uuid4()),
            "title": title,
            "organisation": organisation or "",
            "area": area or "",
        },
    )
    people = connection.execute(
        "SELECT uuid, name, hats, organisation, email, phone, consent, updated "
        "FROM v0_people ORDER BY rowid"
    ).fetchall()
    for number, (person_id, name, hats, org, email, phone, consent, updated) in enumerate(
        people, 1
    ):
        typed = [h.strip() for h in (hats or "").split(",") if h.strip()]
        unknown = [h for h in typed if h.lower() not in _V0_HATS]
        # Hats the pilot let people type but that are not hats are kept where a user sees them.
        notes = f"Other hats recorded in the pilot: {', '.join(unknown)}" if unknown else ""
        connection.execute(
            "INSERT INTO person (id, created_at, modified_at, modified_by, name, sort_name, "
            "pseudonym, organisation, email, phone, consent_scope, notes) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                person_id,
                updated or now,
                updated or now,
                user,
                name,
                sort_key(name),
                f"Participant {number}",
                org or "",
                email or "",
                phone or "",
                "internal" if (consent or "").strip().lower() in ("yes", "y") else None,
                notes,
            ),
        )
        wanted = {h.lower() for h in typed}
        connection.executemany(
            "INSERT OR IGNORE INTO person_hat (person_id, hat) VALUES (?, ?)",
            [(person_id, _V0_HATS[h].value) for h in sorted(wanted) if h in _V0_HATS],
        )
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('next_pseudonym', ?)", (str(len(people) + 1),)
    )
    capabilities = connection.execute(
        "SELECT uuid, person_uuid, kind, coalesce(description, '') FROM v0_capabilities "
        "WHERE person_uuid IN (SELECT uuid FROM v0_people) ORDER BY rowid"
    ).fetchall()
    connection.executemany(
        "INSERT INTO capability (id, created_at, modified_at, modified_by, person_id, kind, "
        "description) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (uuid_, now, now, user, person_id, _v0_kind(kind), description)
            for uuid_, person_id, kind, description in capabilities
        ],
    )
    for asset_id, name, category, status in connection.execute(
        "SELECT uuid, name, category, status FROM v0_assets ORDER BY rowid"
    ).fetchall():
        connection.execute(
            "INSERT INTO asset (id, created_at, modified_at, modified_by, name, sort_name, "
            "category, status) VALUES (?,?,?,?,?,?,?,?)",
            (
                asset_id,
                now,
                now,
                user,
                name,
                sort_key(name),
                _V0_CATEGORIES.get((category or "").strip().lower(), "associations"),
                "closed" if (status or "").strip().lower() == "closed" else "active",
            ),
        )
    for table in ("audit", "people", "capabilities", "assets"):
        connection.execute(f"DROP TABLE v0_{table}")
    connection.execute(
        "INSERT INTO change_log (at, by, entity, record_id, action, summary) "
        "VALUES (?, ?, 'audit', '', 'migrated', ?)",
        (now, user, "Upgraded the file from the pilot format (version 0)"),
    )


# Format 2 only changes indexes, for the analyses (see schema/v2.sql): nothing to log for the
# user. IF [NOT] EXISTS: an index already there (a file mended by hand) does not stop it.
_V1_TO_V2 = """
DROP INDEX IF EXISTS element_link_by_element;
CREATE INDEX IF NOT EXISTS equality_answer_by_answer ON equality_answer (question, answer);
CREATE INDEX IF NOT EXISTS person_lists ON person (accessibility_needs, wants_in_return, languages)
    WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS element_link_live ON element_link
    (element, strength, person_id, capability_id, asset_id) WHERE deleted = 0;
CREATE INDEX IF NOT EXISTS element_link_tapped ON element_link (capability_id, strength)
    WHERE deleted = 0 AND capability_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS person_tombstones ON person (id) WHERE deleted = 1;
CREATE INDEX IF NOT EXISTS capability_tombstones ON capability (id) WHERE deleted = 1;
CREATE INDEX IF NOT EXISTS asset_tombstones ON asset (id) WHERE deleted = 1;
"""


def _v1_to_v2(connection: sqlite3.Connection, now: str, user: str) -> None:
    run_script(connection, _V1_TO_V2)


# Format 3 adds the Asset of Community Value columns of an asset (see schema/v3.sql): with
# their defaults every asset of an older file is "not nominated", as it was; no record changes,
# so nothing is logged for the user (as for format 2).
_V2_TO_V3 = """
ALTER TABLE asset ADD COLUMN acv_status TEXT NOT NULL DEFAULT 'not_nominated';
ALTER TABLE asset ADD COLUMN acv_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE asset ADD COLUMN acv_nominated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE asset ADD COLUMN acv_nominated_on TEXT;
ALTER TABLE asset ADD COLUMN acv_listed_on TEXT;
ALTER TABLE asset ADD COLUMN acv_listing_ends TEXT;
ALTER TABLE asset ADD COLUMN acv_sale_notice_on TEXT;
"""


def _v2_to_v3(connection: sqlite3.Connection, now: str, user: str) -> None:
    # SQLite has no ADD COLUMN IF NOT EXISTS: a column already there (a file mended by hand)
    # is left as it is rather than stopping the upgrade.
    have = {row[1] for row in connection.execute("PRAGMA table_info(asset)")}
    for statement in statements(_V2_TO_V3):
        column = statement.split("ADD COLUMN", 1)[1].split()[0]
        if column not in have:
            connection.execute(statement)


Migration = Callable[[sqlite3.Connection, str, str], None]
MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}


def migrate(connection: sqlite3.Connection, from_version: int, now: str, user: str) -> None:
    """Run every step from `from_version` to the current version; the caller commits."""
    for version in range(from_version, SCHEMA_VERSION):
        MIGRATIONS[version](connection, now, user)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
