"""The `.coprod` file format: identification, schema version and the schema of each version.

One audit is one SQLite file. `PRAGMA application_id` says it is a Coprod audit;
`PRAGMA user_version` is the schema version. The DDL of every version a file can have is frozen
in `v0.sql` .. `vN.sql` beside this module, exactly as files of that version hold it: a new
file gets the newest one, `migrations.py` steps an older file from one version to the next, and
tests build genuine old files from them. A change to the format is a new `vN.sql`, a step in
`migrations.py` and a new `SCHEMA_VERSION`; a frozen file is never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

APPLICATION_ID = 0x436F5072  # "CoPr"
SCHEMA_VERSION = 3


def frozen(version: int) -> str:
    """Return the DDL that files of schema `version` were made with, as one SQL script."""
    if not 0 <= version <= SCHEMA_VERSION:
        raise ValueError(f"there is no file format {version}")
    return resources.files(__name__).joinpath(f"v{version}.sql").read_text(encoding="utf-8")


# Full-text search: one FTS5 index over people, capabilities and assets, kept up to date by
# triggers. Its rowid is the record's rowid times 4 plus a kind number, so that a trigger finds
# an entry without a scan. The triggers are in the frozen DDL; SEARCH_SOURCES below makes the
# same SQL, to index many rows at once and to put an insert trigger back after that.
FTS_KINDS = {"person": 0, "capability": 1, "asset": 2}


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

# The schema a new file gets: the newest frozen version.
CURRENT_SCHEMA = frozen(SCHEMA_VERSION)

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
