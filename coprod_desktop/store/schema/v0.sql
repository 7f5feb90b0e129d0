-- Format 0: the prototype of the first pilot, frozen as its files hold it (never edit).
-- A few tables keyed by uuid, hats as a comma-separated list typed by hand, consent as yes/no,
-- asset categories as free words. migrations.py turns such a file into format 1.

CREATE TABLE audit (title TEXT NOT NULL, organisation TEXT, area TEXT);
CREATE TABLE people (
    uuid TEXT PRIMARY KEY, name TEXT NOT NULL, hats TEXT, organisation TEXT,
    email TEXT, phone TEXT, consent TEXT, updated TEXT
);
CREATE TABLE capabilities (
    uuid TEXT PRIMARY KEY, person_uuid TEXT NOT NULL, kind TEXT NOT NULL, description TEXT
);
CREATE TABLE assets (uuid TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT, status TEXT);
