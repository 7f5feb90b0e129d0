"""What the sheets of one import share: the audit's records, read in bulk when first needed,
the rows added so far, and the rows that could not be imported (so that their children say so).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from coprod_desktop.domain import records as r
from coprod_desktop.exchange.importing.duplicates import NameIndex
from coprod_desktop.exchange.importing.plan import ImportPlan
from coprod_desktop.store.queries.records import capability_names, is_deleted, live_columns

if TYPE_CHECKING:
    from coprod_desktop.exchange.importing.matching import AuditRecords


class RowError(Exception):
    """A problem that stops one row from being imported."""

    def __init__(self, message: str, advice: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message, self.advice, self.column = message, advice, column


def fold(name: str) -> str:
    """A name as matched: no case, single spaces."""
    return " ".join(name.casefold().split())


def a_noun(noun: str) -> str:
    """Return "a person", "an action"."""
    return f"{'an' if noun[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


class ImportState:
    """What the sheets of one import share: the audit's records, the new rows, the plan."""

    def __init__(self, store, plan: ImportPlan, *, add_duplicates: bool, today: date) -> None:
        self.store = store
        self.plan = plan
        self.as_new = plan.as_new
        self.add_duplicates = add_duplicates
        self.today = today
        # as_new: the ID a row had in the file -> the new record's ID.
        self.id_map: dict[str, str] = {}
        # Rows not imported, by the ID they had in the file and by folded name: children
        # that point at them say so.
        self.failed_ids: dict[str, str] = {}
        self.failed_names: dict[tuple[type, str], str] = {}
        self.new_ids: dict[type, set[str]] = defaultdict(set)
        self.new_names: dict[tuple[type, str], list[tuple[str, str]]] = defaultdict(list)
        self._live: dict[type, set[str]] = {}
        self._names: dict[type, dict[str, list[str]]] = {}
        self._duplicates: dict[type, NameIndex] = {}
        self._rounds: list[tuple[str, date]] | None = None
        self._role_stages: dict[tuple[str, str], str] | None = None
        # Rows without an ID found among the audit's records (importer_matching): the
        # records found, with the row that found each; what identifies the new rows.
        self._audit_records: dict[type, AuditRecords] = {}
        self.claimed: dict[tuple[type, str], str] = {}
        self.new_keys: dict[tuple[type, object], str] = {}
        # Person ID -> (kind, folded description) of their live capabilities and those the
        # import adds (capability columns of a people sheet add each once).
        self._capability_keys: dict[str, set[tuple[str, str]]] | None = None

    # -- the audit's records, read in bulk when first needed ------------------------------

    def live_ids(self, record_type: type[r.Record]) -> set[str]:
        if record_type not in self._live:
            self._live[record_type] = {
                row[0] for row in live_columns(self.store, record_type, "id")
            }
        return self._live[record_type]

    def is_deleted(self, record_type: type[r.Record], record_id: str) -> bool:
        return is_deleted(self.store, record_type, record_id)

    def names(self, record_type: type[r.Record]) -> dict[str, list[str]]:
        """Folded names of the audit's live people (and pseudonyms), assets or capabilities."""
        if record_type not in self._names:
            found: dict[str, list[str]] = defaultdict(list)
            if record_type is r.Person:
                rows = live_columns(self.store, r.Person, "id", "name", "pseudonym")
                for person_id, name, pseudonym in rows:
                    found[fold(name)].append(person_id)
                    if pseudonym and fold(pseudonym) != fold(name):
                        found[fold(pseudonym)].append(person_id)
            elif record_type is r.CommunityAsset:
                for asset_id, name in live_columns(self.store, r.CommunityAsset, "id", "name"):
                    found[fold(name)].append(asset_id)
            elif record_type is r.Capability:
                # As an export names them: "description (person)".
                for capability_id, description, name, pseudonym in capability_names(self.store):
                    for who in dict.fromkeys((name, pseudonym)):
                        found[fold(f"{description} ({who})")].append(capability_id)
            self._names[record_type] = found
        return self._names[record_type]

    def capability_keys(self, person_id: str) -> set[tuple[str, str]]:
        """What the person can offer already, as (kind code, folded description); the set is
        the state's own: add to it what the import adds."""
        if self._capability_keys is None:
            found: dict[str, set[tuple[str, str]]] = defaultdict(set)
            rows = live_columns(self.store, r.Capability, "person_id", "kind", "description")
            for owner, kind, description in rows:
                found[owner].add((str(kind), fold(description or "")))
            self._capability_keys = found
        return self._capability_keys[person_id]

    def rounds(self) -> list[tuple[str, date]]:
        if self._rounds is None:
            self._rounds = [(rnd.id, rnd.held_on) for rnd in self.store.iterate(r.AssessmentRound)]
        return self._rounds

    def role_stages(self) -> dict[tuple[str, str], str]:
        """(person ID, stage) -> role ID, of the audit's live roles and the new ones."""
        if self._role_stages is None:
            self._role_stages = {
                (person_id, stage): role_id
                for role_id, person_id, stage in live_columns(
                    self.store, r.Role, "id", "person_id", "stage"
                )
            }
        return self._role_stages

    def audit_records(self, record_type: type[r.Record]) -> AuditRecords:
        """The audit's live records of this kind by what identifies them (read once)."""
        if record_type not in self._audit_records:
            from coprod_desktop.exchange.importing.matching import AuditRecords  # it uses fold

            self._audit_records[record_type] = AuditRecords(self.store, record_type)
        return self._audit_records[record_type]

    def duplicates(self, record_type: type[r.Record]) -> NameIndex:
        if record_type not in self._duplicates:
            if record_type is r.Person:
                index = NameIndex()
                for name, email in live_columns(self.store, r.Person, "name", "email"):
                    index.add(name, "already in the audit", email=email)
            else:
                index = NameIndex(by_postcode=True)
                for name, postcode in live_columns(
                    self.store, r.CommunityAsset, "name", "postcode"
                ):
                    index.add(name, "already in the audit", postcode=postcode)
            self._duplicates[record_type] = index
        return self._duplicates[record_type]
