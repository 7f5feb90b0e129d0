"""Finding the parents a row points at: a person, a capability or an asset, a round.

By ID first (of the audit, or with "import as new" of a row of the same file), else by name
(a person, an asset, a capability as "description (person)") among the audit's records and the
new rows of the file, else by date (a self-assessment round). Anything not found, or found more
than once, stops the row with a problem saying what to write instead.
"""

from __future__ import annotations

from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import LinkTarget
from coprod_desktop.exchange.importing.state import ImportState, RowError, a_noun, fold
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Sheet


class ParentFinder:
    """The parent lookups of a sheet's rows (mixed into `importer_rows.SheetImport`)."""

    state: ImportState
    sheet: Sheet

    def where_column(self, key: str) -> str | None:
        raise NotImplementedError

    def header(self, key: str) -> str:
        raise NotImplementedError

    def _parents(self, parsed: dict[str, Any]) -> dict[str, Any]:
        sheet = self.sheet
        if sheet.parent is not None and sheet.parent[1] is r.Person:
            return {"person_id": self._person(parsed)}
        if sheet is L.ELEMENT_LINKS:
            return self._link_target(parsed)
        if sheet is L.RATINGS:
            return {"round_id": self._round(parsed)}
        return {}

    def _person(self, parsed: dict[str, Any]) -> str:
        file_id = parsed.get("person_id") or ""
        name = parsed.get("person_name") or ""
        if file_id:
            return self._reference(r.Person, file_id, "person_id")
        if name:
            return self._by_name(r.Person, name, "person_name")
        raise RowError(
            "it does not say whose it is",
            f"Write the person's name in the {self.header('person_name')} column, exactly as "
            "on the People sheet.",
            self.where_column("person_name"),
        )

    def _reference(self, record_type: type[r.Record], file_id: str, key: str) -> str:
        """The ID of the parent a row names by ID: in the audit, or a new row of the file."""
        state = self.state
        column = self.where_column(key)
        if state.as_new:
            if file_id in state.id_map:
                return state.id_map[file_id]
        elif file_id in state.live_ids(record_type) or file_id in state.new_ids[record_type]:
            return file_id
        noun = record_type.noun
        if file_id in state.failed_ids:
            raise RowError(
                f"its {noun} ({state.failed_ids[file_id]}) is not imported because of a problem "
                "there",
                "Correct that row first.",
                column,
            )
        if state.as_new:
            raise RowError(
                f"its {noun} (ID '{file_id}') is not in this file, and the rows of this file "
                "are imported as new records",
                f"Add the {noun} to the file, or write "
                f"{'their' if record_type is r.Person else 'its'} name instead of the ID.",
                column,
            )
        raise RowError(
            f"the ID '{file_id}' is not the ID of {a_noun(noun)} in this audit",
            f"Clear the ID and name the {noun} instead, exactly as in the audit.",
            column,
        )

    def _by_name(self, record_type: type[r.Record], name: str, key: str) -> str:
        state = self.state
        folded = fold(name)
        found = list(state.names(record_type).get(folded, ()))
        found += [new_id for new_id, _where in state.new_names.get((record_type, folded), ())]
        noun = record_type.noun
        column = self.where_column(key)
        if len(found) == 1:
            return found[0]
        if not found:
            if (record_type, folded) in state.failed_names:
                where = state.failed_names[(record_type, folded)]
                raise RowError(
                    f"its {noun} '{name}' ({where}) is not imported because of a problem there",
                    "Correct that row first.",
                    column,
                )
            if record_type is r.Person:
                advice = (
                    "Write the name exactly as on the People sheet or in the audit, or add "
                    "the person on the People sheet."
                )
            else:
                advice = f"Write the name exactly as in the audit, or add the {noun} first."
            raise RowError(f"there is no {noun} called '{name}'", advice, column)
        raise RowError(
            f"{len(found)} {record_type.plural} are called '{name}'",
            f"Say which one: copy the ID of the right {noun} from an export of the audit.",
            column,
        )

    def _link_target(self, parsed: dict[str, Any]) -> dict[str, Any]:
        kind = parsed.get("target_kind")
        file_id = parsed.get("target_id") or ""
        name = parsed.get("target_name") or ""
        types = {
            LinkTarget.PERSON: r.Person,
            LinkTarget.CAPABILITY: r.Capability,
            LinkTarget.ASSET: r.CommunityAsset,
        }
        if kind is None:
            if file_id and not self.state.as_new:
                kind = next(
                    (k for k, t in types.items() if file_id in self.state.live_ids(t)), None
                )
            if kind is None:
                raise RowError(
                    "it does not say what is linked to the element",
                    f"Choose Person, Capability or Community asset in the "
                    f"{self.header('target_kind')} column.",
                    self.where_column("target_kind"),
                )
        record_type = types[kind]
        if file_id:
            target = self._reference(record_type, file_id, "target_id")
        elif name:
            target = self._by_name(record_type, name, "target_name")
        else:
            raise RowError(
                f"it does not say which {record_type.noun} is linked",
                f"Write its name in the {self.header('target_name')} column.",
                self.where_column("target_name"),
            )
        return {
            "person_id": target if kind is LinkTarget.PERSON else None,
            "capability_id": target if kind is LinkTarget.CAPABILITY else None,
            "asset_id": target if kind is LinkTarget.ASSET else None,
        }

    def _round(self, parsed: dict[str, Any]) -> str:
        file_id = parsed.get("round_id") or ""
        held_on = parsed.get("round_held_on")
        rounds = self.state.rounds()
        if file_id and any(round_id == file_id for round_id, _ in rounds):
            return file_id
        if held_on is not None:
            found = [round_id for round_id, day in rounds if day == held_on]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise RowError(
                    f"{len(found)} self-assessment rounds were held on {held_on:%d/%m/%Y}",
                    "Copy the Round ID of the right round from an export of the audit.",
                    self.where_column("round_held_on"),
                )
            raise RowError(
                f"this audit has no self-assessment round held on {held_on:%d/%m/%Y}",
                "Add the round in the app first (Self-assessment), then import again.",
                self.where_column("round_held_on"),
            )
        raise RowError(
            "it does not say which self-assessment round the rating belongs to",
            "Write the date the round was held on; add the round in the app first if it is new.",
            self.where_column("round_held_on") or self.where_column("round_id"),
        )
