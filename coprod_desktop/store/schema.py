"""The `.coprod` file format: identification, schema version and the current schema.

One audit is one SQLite file. `PRAGMA application_id` says it is a Coprod audit;
`PRAGMA user_version` is the schema version. Every record table has the columns of
`domain.records.Record`: a UUID `id` (unique, referenced by other tables), times, last editor
and a `deleted` tombstone. The integer rowid stays hidden and keys the full-text index.
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICATION_ID = 0x436F5072  # "CoPr"
SCHEMA_VERSION = 2

_RECORD = """
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))"""

# Full-text search: one FTS5 index over people, capabilities and assets, kept up to date by
# triggers. Its rowid is the record's rowid times 4 plus a kind number, so that a trigger finds
# an entry without a scan.
FTS_KINDS = {"person": 0, "capability": 1, "asset": 2}

_TABLES = f"""
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit ({_RECORD},
    title TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    operators TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE person ({_RECORD},
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]',
    availability TEXT NOT NULL DEFAULT '',
    wants_in_return TEXT NOT NULL DEFAULT '[]',
    reciprocity_note TEXT NOT NULL DEFAULT '',
    accessibility_needs TEXT NOT NULL DEFAULT '[]',
    accessibility_note TEXT NOT NULL DEFAULT '',
    consent_date TEXT,
    consent_scope TEXT,
    consent_review TEXT,
    notes TEXT NOT NULL DEFAULT ''
);

-- A person's hats and equality answers are part of the person record (merged with it).
CREATE TABLE person_hat (
    person_id TEXT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    hat TEXT NOT NULL,
    PRIMARY KEY (person_id, hat)
) WITHOUT ROWID;

CREATE TABLE equality_answer (
    person_id TEXT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (person_id, question)
) WITHOUT ROWID;

CREATE TABLE capability ({_RECORD},
    person_id TEXT NOT NULL REFERENCES person (id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    willing_to_share INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE asset ({_RECORD},
    name TEXT NOT NULL,
    sort_name TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    opening_times TEXT NOT NULL DEFAULT '',
    accessibility TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE asset_person ({_RECORD},
    asset_id TEXT NOT NULL REFERENCES asset (id),
    person_id TEXT NOT NULL REFERENCES person (id),
    relation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE element_link ({_RECORD},
    element TEXT NOT NULL,
    person_id TEXT REFERENCES person (id),
    capability_id TEXT REFERENCES capability (id),
    asset_id TEXT REFERENCES asset (id),
    strength INTEGER NOT NULL CHECK (strength BETWEEN 0 AND 3),
    evidence TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NOT NULL) + (capability_id IS NOT NULL) + (asset_id IS NOT NULL) = 1)
);

CREATE TABLE role ({_RECORD},
    person_id TEXT NOT NULL REFERENCES person (id),
    stage TEXT NOT NULL,
    rung TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    decisions INTEGER NOT NULL DEFAULT 0,
    paid INTEGER NOT NULL DEFAULT 0,
    reciprocity TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assessment_round ({_RECORD},
    held_on TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assessment_rating ({_RECORD},
    round_id TEXT NOT NULL REFERENCES assessment_round (id),
    element TEXT,
    principle TEXT,
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    evidence TEXT NOT NULL DEFAULT '',
    CHECK ((element IS NULL) <> (principle IS NULL))
);

CREATE TABLE action ({_RECORD},
    title TEXT NOT NULL,
    element TEXT,
    owner TEXT NOT NULL DEFAULT '',
    due TEXT,
    status TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reference_share ({_RECORD},
    question TEXT NOT NULL,
    "group" TEXT NOT NULL,
    share REAL NOT NULL CHECK (share BETWEEN 0 AND 1),
    source TEXT NOT NULL DEFAULT ''
);

CREATE TABLE change_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL
);
"""

# Format 2: indexes that let the analyses of a large audit read small indexes instead of whole
# tables (see analysis/): counting equality answers without a sort, the lists of needs, wants
# and languages of every person, element links by element and strength, and the few tombstones.
ANALYSIS_INDEXES = """
CREATE INDEX equality_answer_by_answer ON equality_answer (question, answer);
CREATE INDEX person_lists ON person (accessibility_needs, wants_in_return, languages)
    WHERE deleted = 0;
CREATE INDEX element_link_live ON element_link
    (element, strength, person_id, capability_id, asset_id) WHERE deleted = 0;
CREATE INDEX element_link_tapped ON element_link (capability_id, strength)
    WHERE deleted = 0 AND capability_id IS NOT NULL;
CREATE INDEX person_tombstones ON person (id) WHERE deleted = 1;
CREATE INDEX capability_tombstones ON capability (id) WHERE deleted = 1;
CREATE INDEX asset_tombstones ON asset (id) WHERE deleted = 1;
"""

_INDEXES = (
    """
CREATE INDEX person_by_name ON person (sort_name, id) WHERE deleted = 0;
CREATE INDEX person_by_organisation ON person (organisation, sort_name) WHERE deleted = 0;
CREATE INDEX person_by_modified ON person (modified_at);
CREATE INDEX person_hat_by_hat ON person_hat (hat, person_id);
CREATE INDEX capability_by_person ON capability (person_id);
CREATE INDEX capability_by_kind ON capability (kind) WHERE deleted = 0;
CREATE INDEX asset_by_name ON asset (sort_name, id) WHERE deleted = 0;
CREATE INDEX asset_by_category ON asset (category, sort_name) WHERE deleted = 0;
CREATE INDEX asset_person_by_asset ON asset_person (asset_id);
CREATE INDEX asset_person_by_person ON asset_person (person_id);
CREATE INDEX element_link_by_person ON element_link (person_id);
CREATE INDEX element_link_by_capability ON element_link (capability_id);
CREATE INDEX element_link_by_asset ON element_link (asset_id);
CREATE INDEX role_by_person ON role (person_id);
CREATE INDEX role_by_stage ON role (stage, rung) WHERE deleted = 0;
CREATE UNIQUE INDEX role_one_per_stage ON role (person_id, stage) WHERE deleted = 0;
CREATE INDEX rating_by_round ON assessment_rating (round_id);
CREATE INDEX change_log_by_record ON change_log (record_id);
"""
    + ANALYSIS_INDEXES
)

_SEARCH = """
CREATE VIRTUAL TABLE search_index USING fts5 (
    kind UNINDEXED,
    record_id UNINDEXED,
    title,
    body,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '2 3'
);
"""


def _words(json_list: str) -> str:
    return f"coalesce((SELECT group_concat(value, ', ') FROM json_each({json_list})), '')"


@dataclass(frozen=True)
class SearchSource:
    """What one table contributes to search, as SQL over a row called `ROW`.

    Contact details and equality answers are deliberately left out: search results are shown
    on screen to whoever uses the laptop.
    """

    table: str
    title: str
    body: str

    @property
    def number(self) -> int:
        return FTS_KINDS[self.table]

    def select(self, row: str) -> str:
        """SELECT the index entry of `row` (no FROM: the caller adds one, or a trigger's row)."""
        title, body = (e.replace("ROW.", f"{row}.") for e in (self.title, self.body))
        return (
            "INSERT INTO search_index (rowid, kind, record_id, title, body) "
            f"SELECT {row}.rowid * 4 + {self.number}, '{self.table}', {row}.id, {title}, {body}"
        )

    @property
    def insert_trigger(self) -> str:
        return (
            f"CREATE TRIGGER {self.table}_search_insert AFTER INSERT ON {self.table} BEGIN\n"
            f"    {self.select('new')} WHERE new.deleted = 0;\nEND;\n"
        )

    def bulk_insert(self) -> str:
        """Index, in one statement, every live row added after rowid `?`."""
        return f"{self.select('n')} FROM {self.table} AS n WHERE n.deleted = 0 AND n.rowid > ?"

    @property
    def triggers(self) -> str:
        delete = f"DELETE FROM search_index WHERE rowid = old.rowid * 4 + {self.number};"
        return f"""{self.insert_trigger}
CREATE TRIGGER {self.table}_search_update AFTER UPDATE ON {self.table} BEGIN
    {delete}
    {self.select("new")} WHERE new.deleted = 0;
END;
CREATE TRIGGER {self.table}_search_delete AFTER DELETE ON {self.table} BEGIN
    {delete}
END;
"""


SEARCH_SOURCES = (
    SearchSource(
        "person",
        "ROW.name",
        f"ROW.pseudonym || ' · ' || ROW.organisation || ' · ' || {_words('ROW.languages')} || "
        "' · ' || ROW.availability || ' · ' || ROW.notes",
    ),
    SearchSource(
        "capability",
        "ROW.description",
        f"replace(ROW.kind, '_', ' ') || ' · ' || {_words('ROW.tags')}",
    ),
    SearchSource(
        "asset",
        "ROW.name",
        "replace(ROW.category, '_', ' ') || ' · ' || ROW.area || ' ' || ROW.postcode || ' · ' "
        "|| ROW.opening_times || ' · ' || ROW.description",
    ),
)

CURRENT_SCHEMA = _TABLES + _INDEXES + _SEARCH + "".join(s.triggers for s in SEARCH_SOURCES)

# Tables that hold records, by the record class name that lives in them.
RECORD_TABLES = (
    "audit",
    "person",
    "capability",
    "asset",
    "asset_person",
    "element_link",
    "role",
    "assessment_round",
    "assessment_rating",
    "action",
    "reference_share",
)
REQUIRED_TABLES = (*RECORD_TABLES, "meta", "person_hat", "equality_answer", "change_log")
