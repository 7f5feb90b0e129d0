"""The groups people of a survey export belong to, as their connections to community assets.

A KoboToolbox or ODK Central export read by `kobo` may hold a repeat of "groups I belong to":
each of its rows names a person's group. Planned after the people (so that a new person of
the same file is found by name), each row becomes an asset connection of that person ("member")
to the community asset of that name: the one the audit has, a new one of the same file, or a
new one added as an association. A connection the audit has already is unchanged, so importing
the same export again adds nothing. A row whose person or group cannot be found, or whose new
group is likely the same as an asset already there, is a problem of that row, like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import AssetCategory
from coprod_desktop.exchange.importing.plan import SheetPlan
from coprod_desktop.exchange.importing.rows import SheetImport
from coprod_desktop.exchange.importing.state import ImportState, RowError, fold
from coprod_desktop.exchange.importing.survey_sheets import GroupLinks
from coprod_desktop.exchange.workbook.column_types import (
    Column,
    Kind,
    Sheet,
    person_ref_columns,
)
from coprod_desktop.store.queries.records import live_columns

RELATION = "member"
# A layout of the rows, for the importer's lookups (never a sheet of a workbook).
CONNECTIONS = Sheet(
    name="Asset connections",
    record_type=r.AssetConnection,
    table_name="AssetConnections",
    about="People connected to community assets.",
    parent=("person_id", r.Person),
    columns=(
        *person_ref_columns(),
        Column("asset_name", "Community asset", Kind.REF_NAME, width=28, required=True),
        Column("relation", "Relation", Kind.TEXT, width=14),
    ),
    importable=False,
)


def plan_group_links(book: Any, state: ImportState, tick: Callable[[], None]) -> None:
    """Plan the group links of a survey export (nothing for any other spreadsheet)."""
    for links in getattr(book, "group_links", ()):
        GroupConnections(state, links, getattr(book, "source", "the survey")).plan(tick)


class GroupConnections(SheetImport):
    """The rows of one repeat of groups, as asset connections (and the new assets)."""

    def __init__(self, state: ImportState, links: GroupLinks, source: str) -> None:
        headers = ["Person", links.header, "Relation"]
        mapping = {"Person": "person_name", links.header: "asset_name", "Relation": "relation"}
        super().__init__(state, CONNECTIONS, links.sheet, headers, mapping)
        self.links = links
        self.source = source
        self.summary.sheet = f"{links.sheet} (connections to community assets)"
        self.assets = SheetPlan(f"{links.sheet} (new community assets)", r.CommunityAsset)
        pairs = live_columns(state.store, r.AssetConnection, "person_id", "asset_id")
        self.connected = {(person, asset) for person, asset in pairs}

    def plan(self, tick: Callable[[], None]) -> None:
        rows = [(number, [person, group, RELATION]) for number, person, group in self.links.rows]
        self.run(rows, tick)
        self.state.plan.sheets.append(self.summary)
        if self.assets.new:
            self.state.plan.sheets.append(self.assets)

    def _row(self, excel_row: int, parsed: dict[str, Any]) -> None:
        person_id = self._person(parsed)
        name = " ".join(str(parsed.get("asset_name") or "").split())
        if not name:
            raise RowError(
                "it does not name the group",
                "Fill in the group's name, or delete the row.",
                self.where_column("asset_name"),
            )
        asset_id = self._asset(excel_row, name)
        if (person_id, asset_id) in self.connected:
            self.summary.unchanged += 1  # imported before, or listed twice
            return
        connection = r.AssetConnection(
            asset_id=asset_id, person_id=person_id, relation=parsed.get("relation") or RELATION
        )
        self._check(excel_row, connection)
        self.connected.add((person_id, asset_id))
        self.state.new_ids[r.AssetConnection].add(connection.id)
        self.state.plan.adds.append(connection)
        self.summary.new += 1

    def _asset(self, excel_row: int, name: str) -> str:
        """The community asset of this name: the audit's, a new one of this file, or new."""
        state = self.state
        folded = fold(name)
        found = list(state.names(r.CommunityAsset).get(folded, ()))
        found += [i for i, _where in state.new_names.get((r.CommunityAsset, folded), ())]
        if len(found) == 1:
            return found[0]
        if found:
            raise RowError(
                f"{len(found)} community assets are called '{name}'",
                "Give them names that tell them apart in Coprod Desktop (add the place), "
                "then import again.",
                self.where_column("asset_name"),
            )
        asset = r.CommunityAsset(
            name=name,
            category=AssetCategory.ASSOCIATIONS,
            description=f"A group people said they belong to, in a {self.source} survey.",
        )
        self._check(excel_row, asset)
        self._duplicate(excel_row, asset)  # a likely duplicate stops the row (unless asked)
        state.new_ids[r.CommunityAsset].add(asset.id)
        state.new_names[(r.CommunityAsset, folded)].append(
            (asset.id, f"row {excel_row} of {self.name}")
        )
        state.plan.adds.append(asset)
        self.assets.new += 1
        return asset.id
