-- Format 3, the current one, frozen as its files hold it (never edit: a change to the format is
-- a new file vN.sql and a step in migrations.py). Format 2 plus the Asset of Community Value
-- columns of an asset.
-- Every record table has the columns of domain.records.Record: a UUID id (unique, referenced by
-- other tables), times, last editor and a deleted tombstone. The integer rowid stays hidden and
-- keys the full-text index, whose rowid is the record's rowid times 4 plus a kind number.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    title TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    operators TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE person (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
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

CREATE TABLE capability (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    person_id TEXT NOT NULL REFERENCES person (id),
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    willing_to_share INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE asset (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
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
-- Format 3: an asset as an Asset of Community Value (Localism Act 2011). Added with ALTER TABLE,
-- as the upgrade from format 2 adds them, so that a new file and an upgraded one hold the same
-- table text. The dates the Act derives (the listing end when none is given, the moratoriums
-- after a notice of sale) are worked out when shown (domain/acv.py), never stored.
ALTER TABLE asset ADD COLUMN acv_status TEXT NOT NULL DEFAULT 'not_nominated';
ALTER TABLE asset ADD COLUMN acv_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE asset ADD COLUMN acv_nominated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE asset ADD COLUMN acv_nominated_on TEXT;
ALTER TABLE asset ADD COLUMN acv_listed_on TEXT;
ALTER TABLE asset ADD COLUMN acv_listing_ends TEXT;
ALTER TABLE asset ADD COLUMN acv_sale_notice_on TEXT;

CREATE TABLE asset_person (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    asset_id TEXT NOT NULL REFERENCES asset (id),
    person_id TEXT NOT NULL REFERENCES person (id),
    relation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE element_link (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    element TEXT NOT NULL,
    person_id TEXT REFERENCES person (id),
    capability_id TEXT REFERENCES capability (id),
    asset_id TEXT REFERENCES asset (id),
    strength INTEGER NOT NULL CHECK (strength BETWEEN 0 AND 3),
    evidence TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NOT NULL) + (capability_id IS NOT NULL) + (asset_id IS NOT NULL) = 1)
);

CREATE TABLE role (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    person_id TEXT NOT NULL REFERENCES person (id),
    stage TEXT NOT NULL,
    rung TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    decisions INTEGER NOT NULL DEFAULT 0,
    paid INTEGER NOT NULL DEFAULT 0,
    reciprocity TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assessment_round (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    held_on TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE assessment_rating (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    round_id TEXT NOT NULL REFERENCES assessment_round (id),
    element TEXT,
    principle TEXT,
    score INTEGER CHECK (score BETWEEN 1 AND 5),
    evidence TEXT NOT NULL DEFAULT '',
    CHECK ((element IS NULL) <> (principle IS NULL))
);

CREATE TABLE action (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    title TEXT NOT NULL,
    element TEXT,
    owner TEXT NOT NULL DEFAULT '',
    due TEXT,
    status TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reference_share (
    id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    modified_by TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
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

-- Format 2: indexes that let the analyses of a large audit read small indexes instead of whole
-- tables (see analysis/): counting equality answers without a sort, the lists of needs, wants
-- and languages of every person, element links by element and strength, and the few tombstones
-- (format 1's element_link_by_element is gone: element_link_live covers it).
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

CREATE VIRTUAL TABLE search_index USING fts5 (
    kind UNINDEXED,
    record_id UNINDEXED,
    title,
    body,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '2 3'
);
CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT new.rowid * 4 + 0, 'person', new.id, new.name, new.pseudonym || ' · ' || new.organisation || ' · ' || coalesce((SELECT group_concat(value, ', ') FROM json_each(new.languages)), '') || ' · ' || new.availability || ' · ' || new.notes WHERE new.deleted = 0;
END;

CREATE TRIGGER person_search_update AFTER UPDATE ON person BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 0;
    INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT new.rowid * 4 + 0, 'person', new.id, new.name, new.pseudonym || ' · ' || new.organisation || ' · ' || coalesce((SELECT group_concat(value, ', ') FROM json_each(new.languages)), '') || ' · ' || new.availability || ' · ' || new.notes WHERE new.deleted = 0;
END;
CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 0;
END;
CREATE TRIGGER capability_search_insert AFTER INSERT ON capability BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT new.rowid * 4 + 1, 'capability', new.id, new.description, replace(new.kind, '_', ' ') || ' · ' || coalesce((SELECT group_concat(value, ', ') FROM json_each(new.tags)), '') WHERE new.deleted = 0;
END;

CREATE TRIGGER capability_search_update AFTER UPDATE ON capability BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 1;
    INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT new.rowid * 4 + 1, 'capability', new.id, new.description, replace(new.kind, '_', ' ') || ' · ' || coalesce((SELECT group_concat(value, ', ') FROM json_each(new.tags)), '') WHERE new.deleted = 0;
END;
CREATE TRIGGER capability_search_delete AFTER DELETE ON capability BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 1;
END;
CREATE TRIGGER asset_search_insert AFTER INSERT ON asset BEGIN
    INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT new.rowid * 4 + 2, 'asset', new.id, new.name, replace(new.category, '_', ' ') || ' · ' || new.area || ' ' || new.postcode || ' · ' || new.opening_times || ' · ' || new.description WHERE new.deleted = 0;
END;

CREATE TRIGGER asset_search_update AFTER UPDATE ON asset BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 2;
    INSERT INTO search_index (rowid, kind, record_id, title, body) SELECT new.rowid * 4 + 2, 'asset', new.id, new.name, replace(new.category, '_', ' ') || ' · ' || new.area || ' ' || new.postcode || ' · ' || new.opening_times || ' · ' || new.description WHERE new.deleted = 0;
END;
CREATE TRIGGER asset_search_delete AFTER DELETE ON asset BEGIN
    DELETE FROM search_index WHERE rowid = old.rowid * 4 + 2;
END;
