"""Finding the audit's record a row of an import is, and the rows that are likely
duplicates (mixed into `rows.SheetImport`)."""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.exchange.importing.duplicates import Match
from coprod_desktop.exchange.importing.matching import HOW
from coprod_desktop.exchange.importing.plan import (
    ERROR,
    WARNING,
    ImportProblem,
)
from coprod_desktop.exchange.importing.state import (
    ImportState,
    RowError,
    a_noun,
)


class DuplicateRow(RowError):
    """A new row that is likely a duplicate: its problem is already listed."""

    def __init__(self) -> None:
        super().__init__("", "")


class RowMatching:
    """The lookups of a sheet's rows: by ID, by content, and the likely-duplicate check."""

    state: ImportState
    record_type: type[r.Record]
    name: str
    seen_ids: dict[str, int]

    def where_column(self, key: str) -> str | None:
        raise NotImplementedError

    def problem(self, *args, **kwargs) -> ImportProblem | None:
        raise NotImplementedError

    def _match(self, excel_row: int, fields: dict[str, Any]) -> r.Record | None:
        """The audit's record that a row without an ID is (see importer_matching), or None.

        Each record is found by one row at most: a second row that finds only records taken
        by earlier rows is a duplicate within the file (people and assets are then left to
        the likely-duplicate check, which can add them anyway)."""
        kind = self.record_type
        if kind not in HOW:
            return None
        state = self.state
        found, _how = state.audit_records(kind).candidates(fields)
        taken = []
        for record_id in found:
            earlier = state.claimed.get((kind, record_id))
            if earlier is None and not state.as_new and record_id in self.seen_ids:
                earlier = f"row {self.seen_ids[record_id]} of {self.name}"  # by its ID
            if earlier is not None:
                taken.append(earlier)
                continue
            record = state.store.get(kind, record_id)
            if record is not None:
                state.claimed[(kind, record_id)] = f"row {excel_row} of {self.name}"
                return record
        if taken and kind not in (r.Person, r.CommunityAsset):
            self._same_as(taken[0], fields)
        return None

    def _same_as(self, where: str, fields: dict[str, Any]) -> typing.NoReturn:
        noun = self.record_type.noun
        if self.record_type is r.Role:
            stage = fields["stage"]
            raise RowError(
                f"this person already has a role at the {stage.label} stage ({where})",
                "A person has one role per stage: change that role instead of adding another.",
                self.where_column("stage"),
            )
        key = {r.Capability: "description", r.ElementLink: "element", r.Action: "title"}
        raise RowError(
            f"the same {noun} as {where} in this file",
            f"Delete one of the two rows, or change this one if it is another {noun}.",
            self.where_column(key.get(self.record_type, "")),
        )

    def _existing(self, file_id: str) -> r.Record | None:
        """The audit's live record with this ID, or None.

        The audit's records are read in bulk, in the order they were added, as the rows ask
        for them, and held until their row comes: an export lists them in that order, so only
        a few are held at a time however large the audit (a sorted sheet, or a partner copy
        that leaves some out, holds more)."""
        window = self._window
        found = window.pop(file_id, None)
        if found is not None or self._records is None:
            return found
        for record in self._records:
            if record.id == file_id:
                return record
            window[record.id] = record
        self._records = None  # all read: the ID is not the audit's
        return None

    @functools.cached_property
    def _window(self) -> dict[str, r.Record]:
        return {}

    @functools.cached_property
    def _records(self) -> Iterator[r.Record] | None:
        return self.state.store.iterate(self.record_type)

    def _unknown_id(self, file_id: str) -> typing.NoReturn:
        noun = self.record_type.noun
        column = self.where_column("id")
        if self.state.is_deleted(self.record_type, file_id):
            raise RowError(
                f"this {noun} has been deleted from the audit since the workbook was made",
                f"To bring it back, restore it in Coprod Desktop and import again; to add it "
                f"as a new {noun}, clear its ID cell.",
                column,
            )
        raise RowError(
            f"the ID '{file_id}' is not the ID of {a_noun(noun)} in this audit",
            f"If the row is a new {noun}, clear its ID cell. If the workbook comes from "
            "another audit, import it as new records.",
            column,
        )

    def _duplicate(self, excel_row: int, record: r.Person | r.CommunityAsset) -> None:
        index = self.state.duplicates(type(record))
        email = getattr(record, "email", "")
        postcode = getattr(record, "postcode", "")
        match = index.find(record.name, email=email, postcode=postcode)
        where = f"row {excel_row} of {self.name} in this file"
        index.add(record.name, where, email=email, postcode=postcode)
        if match is None:
            return
        noun = "person" if isinstance(record, r.Person) else "community asset"
        found = self._duplicate_problem(excel_row, noun, match)
        if found is not None:
            self.state.plan.duplicates.append(found)
        if not self.state.add_duplicates:
            raise DuplicateRow()

    def _duplicate_problem(self, excel_row: int, noun: str, match: Match) -> ImportProblem | None:
        how = "the same e-mail address as" if match.why == "e-mail" else "likely the same"
        message = (
            f"{how} '{match.name}' ({match.where})"
            if match.why == "e-mail"
            else f"{how} {noun} as '{match.name}' ({match.where})"
        )
        if self.state.add_duplicates:
            advice = "Added anyway, as asked."
            severity = WARNING
        else:
            advice = (
                f"If it is the same {noun}, delete this row. To add it anyway, import again "
                "choosing to add likely duplicates."
            )
            severity = ERROR
        column = self.where_column("email" if match.why == "e-mail" else "name")
        return self.problem(excel_row, message, advice, column=column, severity=severity)
