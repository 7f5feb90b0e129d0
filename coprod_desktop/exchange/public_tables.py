"""The totals a `public` export holds instead of rows: no names, and no count of people under 5.

DESIGN.md: public exports carry aggregates only. They are written for a level whose policy
lets no rows about people leave (`domain.privacy`). Which counts are hidden when small, and
how, is one rule (`analysis.small_counts`, its threshold the policy's): counts of people and
of what belongs to them under 5 are shown as "<5" (0 included, as the analyses do), with more
hidden where a total would give one away; counts of community assets, asset links, actions
and rounds are exact. The PDF report shows these same tables.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coprod_desktop.analysis.coverage import untapped_capabilities_count
from coprod_desktop.analysis.small_counts import (
    PEOPLE,
    SUPPRESS_BELOW,
    SUPPRESSED,
    WORK,
    hide_small,
    median_is_known,
    shown_cell,
    shown_count,
)
from coprod_desktop.analysis.stages import stage_coverage
from coprod_desktop.domain.vocabulary import (
    RATING_LABELS,
    ActionStatus,
    AssetCategory,
    AssetStatus,
    CapabilityKind,
    Element,
    Principle,
    Rung,
    Stage,
)
from coprod_desktop.exchange.workbook.columns import Column, Kind
from coprod_desktop.store.queries import totals
from coprod_desktop.store.queries.assessment import actions_by_due

SHEET_NAMES = ("Capabilities", "Assets", "Roles", "Self-assessment", "Actions")
# What each sheet of totals holds, for the workbook's Read me.
SHEET_ABOUT = {
    "Capabilities": "What people offer, by kind: how many capabilities, and how many of them "
    "people are willing to share.",
    "Assets": "Community assets by category and status (exact numbers), and how many people "
    "are connected to the assets of each category.",
    "Roles": "How many people have a role at each stage of the work on each rung of the "
    "ladder, and how many take part in its decisions.",
    "Self-assessment": "Each round of self-assessment: a rating of 1 to 5 for each element "
    "and principle.",
    "Actions": "What the team will do about the gaps: the action plan (the Overview sheet "
    "counts the actions by element).",
}
NO_ELEMENT = "No element"

Table = tuple[str, str, tuple[Column, ...], list[list[Any]]]

__all__ = [
    "PEOPLE_TOTAL",
    "SHEET_NAMES",
    "SUPPRESSED",
    "TOTAL",
    "UNTAPPED",
    "Protected",
    "action_totals",
    "capability_totals",
    "overview_counts",
    "role_totals",
    "shown_count",
    "tables",
]


def _column(header: str, width: int = 14) -> Column:
    return Column(header.casefold(), header, Kind.TEXT, width=width)


def _grouped(rows: list[tuple]) -> dict[tuple, int]:
    return {tuple(row[:-1]): row[-1] for row in rows}


def tables(store) -> Iterator[Table]:
    """Yield (sheet name, table name, columns, rows) for each sheet of totals."""
    yield _capabilities(store)
    yield _assets(store)
    yield _roles(store)
    yield _ratings(store)
    yield _actions(store)


@dataclass
class Protected:
    """Counts of people that the public workbook and the PDF report both show, and which of
    them are hidden: one set, decided once for everything either export shows, so that a
    total shown in one place and its parts in another give nothing away."""

    cells: dict[Any, int] = field(default_factory=dict)
    hidden: set = field(default_factory=set)

    def shown(self, key: Any) -> int | str:
        """The cell as a public export shows it: the number, "<5" or "hidden"."""
        return shown_cell(self.cells[key], key in self.hidden)

    def bounds(self, key: Any) -> tuple[float, float]:
        """The least and the most a reader knows the cell is from how it is shown."""
        shown = self.shown(key)
        if isinstance(shown, int):
            return (shown, shown)
        return (0, SUPPRESS_BELOW - 1) if shown == SUPPRESSED else (SUPPRESS_BELOW, math.inf)


TOTAL = ("total",)
PEOPLE_TOTAL = ("people",)  # the people in the audit
UNTAPPED, LINKED = ("untapped",), ("linked",)  # capabilities linked to no element, or some


def capability_totals(store) -> Protected:
    """Capabilities by kind: (kind, "all"), (kind, "willing"), the total, TOTAL (the
    Overview's and the summary's number of capabilities), and UNTAPPED, those linked to no
    element (the summary's)."""
    counts = _grouped(totals.capabilities_by_kind(store))
    cells: dict[Any, int] = {}
    for kind in CapabilityKind:
        cells[kind.value, "willing"] = counts.get((kind.value, 1), 0)
        cells[kind.value, "not"] = counts.get((kind.value, 0), 0)
        cells[kind.value, "all"] = cells[kind.value, "willing"] + cells[kind.value, "not"]
    cells[TOTAL] = sum(cells[k.value, "all"] for k in CapabilityKind)
    # The summary's "N capabilities are not yet linked to any element": the total less
    # those linked, which a reader works out.
    cells[UNTAPPED] = min(untapped_capabilities_count(store), cells[TOTAL])
    cells[LINKED] = cells[TOTAL] - cells[UNTAPPED]
    # The "not willing" count is a total less a part: a reader works it out, so it is
    # protected like a shown one.
    sums: list[tuple[Any, list[Any]]] = [
        ((k.value, "all"), [(k.value, "willing"), (k.value, "not")]) for k in CapabilityKind
    ]
    sums.append((TOTAL, [(k.value, "all") for k in CapabilityKind]))
    sums.append((TOTAL, [UNTAPPED, LINKED]))
    unshown = [(k.value, "not") for k in CapabilityKind] + [LINKED]
    return Protected(cells, hide_small(cells, sums, unshown=unshown))


# The counts of each stage: people with a role there, by rung, by hat (lived experience,
# staff) and taking part in its decisions. Each person has one role at a stage.
STAGE_COUNTS = ("people", "lived", "staff", "decisions")


def role_totals(store) -> Protected:
    """People with a role at each stage: ("rung", stage, rung), and (count, stage) for each
    of STAGE_COUNTS, with TOTAL the number of roles and PEOPLE_TOTAL the number of people
    (the Overview's and the summary's).

    A person has one role at a stage, so a stage's rungs add up to its people, and the
    stages' people to the roles; lived experience and staff (never both) and the people of
    neither hat add up to the people, and so do those who take part in decisions and those
    who do not. The report's typical rung of each stage says a little more (`_median_limits`).
    Both exports show these from here."""
    cells: dict[Any, int] = {}
    sums: list[tuple[Any, list[Any]]] = []
    unshown: list[Any] = []
    limits: list[tuple[dict[Any, int], float, float]] = []
    for st in stage_coverage(store):
        stage = st.stage.value
        limits += _median_limits(st)
        for rung in Rung:
            cells["rung", stage, rung.value] = st.everyone.rungs.get(rung, 0)
        cells["people", stage] = st.people
        cells["lived", stage] = st.lived.people
        cells["staff", stage] = st.staff.people
        cells["neither", stage] = st.people - st.lived.people - st.staff.people
        cells["decisions", stage] = st.everyone.decision_makers
        cells["not_deciding", stage] = st.people - st.everyone.decision_makers
        unshown += [("neither", stage), ("not_deciding", stage)]
        people = ("people", stage)
        sums.append((people, [("rung", stage, rung.value) for rung in Rung]))
        sums.append((people, [("lived", stage), ("staff", stage), ("neither", stage)]))
        sums.append((people, [("decisions", stage), ("not_deciding", stage)]))
    cells[TOTAL] = sum(cells["people", stage.value] for stage in Stage)
    sums.append((TOTAL, [("people", stage.value) for stage in Stage]))
    # Nobody has a role at a stage who is not in the audit: the people at a stage are at
    # most the people in all (the Overview's and the summary's).
    cells[PEOPLE_TOTAL] = store.counts("people")["people"]
    limits += [({("people", stage.value): 1, PEOPLE_TOTAL: -1}, -math.inf, 0) for stage in Stage]
    # And so the roles are at most the people times the stages where someone has a role
    # (the report's typical rung says which): their sum, which a reader can work out too.
    busy = sum(1 for stage in Stage if cells["people", stage.value])
    if busy:
        limits.append(({TOTAL: 1, PEOPLE_TOTAL: -busy}, -math.inf, 0))
    return Protected(cells, hide_small(cells, sums, unshown=unshown, limits=limits))


def _median_limits(st) -> list[tuple[dict[Any, int], float, float]]:
    """What the report's typical rung of a stage tells a reader: "-" says nobody has a role
    there. (A rung the report shows follows from the stage's cells as shown, or the report
    says "not shown": `typical_is_known`.)"""
    if st.everyone.typical is None:
        return [({("people", st.stage.value): 1}, 0, 0)]
    return []


def typical_is_known(totals: Protected, stage: str) -> bool:
    """Whether a public report may show the typical (median) rung of a stage: where every
    count of its rungs and people that the shown ones allow ("<5" 0 to 4, "hidden" 5 or
    more) gives the same median, so that it tells nothing of how the hidden people are
    spread (`small_counts.median_is_known`)."""
    rungs = [("rung", stage, rung.value) for rung in Rung]
    return median_is_known(
        [totals.cells[key] for key in rungs],
        [totals.bounds(key) for key in rungs],
        totals.bounds(("people", stage)),
    )


def _capabilities(store) -> Table:
    totals = capability_totals(store)
    rows = [
        [kind.label, totals.shown((kind.value, "all")), totals.shown((kind.value, "willing"))]
        for kind in CapabilityKind
    ]
    columns = (_column("Kind", 28), _column("Capabilities"), _column("Willing to share"))
    return "Capabilities", "CapabilityTotals", columns, rows


def _assets(store) -> Table:
    """Assets are not people: every count exact. The people connected to them are."""
    counts = _grouped(totals.assets_by_category(store))
    connected = _grouped(totals.people_connected_by_category(store))
    rows = []
    for category in AssetCategory:
        by_status = [counts.get((category.value, s.value), 0) for s in AssetStatus]
        rows.append(
            [
                category.label,
                *by_status,
                sum(by_status),
                shown_count(connected.get((category.value,), 0), PEOPLE),
            ]
        )
    columns = (
        _column("Category", 20),
        *(_column(s.label, 10) for s in AssetStatus),
        _column("All", 10),
        _column("People connected", 12),
    )
    return "Assets", "AssetTotals", columns, rows


def _roles(store) -> Table:
    totals = role_totals(store)
    rows = [
        [
            stage.label,
            *(totals.shown(("rung", stage.value, rung.value)) for rung in Rung),
            totals.shown(("decisions", stage.value)),
        ]
        for stage in Stage
    ]
    columns = (
        _column("Stage", 18),
        *(_column(rung.label, 13) for rung in Rung),
        _column("Take part in decisions", 14),
    )
    return "Roles", "PeopleByStageAndRung", columns, rows


def _ratings(store) -> Table:
    rows = []
    for held_on, element, principle, score in totals.ratings_by_round(store):
        subject = Element(element).label if element else Principle(principle).label
        rows.append(
            [date.fromisoformat(held_on), subject, score, RATING_LABELS.get(score, "Not assessed")]
        )
    columns = (
        _column("Round held on", 14),
        _column("Element or principle", 36),
        _column("Rating", 8),
        _column("Meaning", 14),
    )
    return "Self-assessment", "RatingsByRound", columns, rows


def _actions(store) -> Table:
    rows = [
        [
            title,
            Element(element).label if element else "",
            date.fromisoformat(due) if due else None,
            ActionStatus(status).label,
        ]
        for title, element, due, status, _owner in actions_by_due(store)
    ]
    columns = (
        _column("Action", 40),
        _column("Element", 34),
        _column("Due", 12),
        _column("Status", 12),
    )
    return "Actions", "ActionPlan", columns, rows


def action_totals(store, today: date) -> tuple[list[str], list[list[Any]]]:
    """The actions by element, as (header, rows): open (and of those, overdue), done,
    dropped and all, with a last row for all elements. Actions are not about people: every
    number is exact."""
    rows_by: dict[str | None, list[int]] = {}
    for element, open_, overdue, done, dropped, every in totals.actions_by_element(store, today):
        key = element if element in {e.value for e in Element} else None
        sums = rows_by.setdefault(key, [0, 0, 0, 0, 0])
        for i, n in enumerate((open_, overdue, done, dropped, every)):
            sums[i] += int(n)
    header = ["Element", "Open", "Of which overdue", "Done", "Dropped", "All"]
    rows: list[list[Any]] = [
        [element.label, *rows_by.get(element.value, [0] * 5)] for element in Element
    ]
    if None in rows_by:
        rows.append([NO_ELEMENT, *rows_by[None]])
    rows.append(["All elements", *(sum(r[i] for r in rows) for i in range(1, 6))])
    return header, rows


def overview_counts(store) -> list[list[Any]]:
    """The counts of the public workbook's Overview, each as the small-count rule shows it.

    Element links are counted apart for assets (exact) and not in all: a total of every
    link, less the links of assets, would give the links of people away. The capabilities
    and roles are the totals of their tables, hidden with them (`capability_totals`,
    `role_totals`).
    """
    counts = store.counts()
    asset_links = totals.asset_link_count(store)
    return [
        ["People", role_totals(store).shown(PEOPLE_TOTAL)],
        ["Capabilities", capability_totals(store).shown(TOTAL)],
        ["Community assets", shown_count(counts.get("assets", 0), WORK)],
        ["Roles", role_totals(store).shown(TOTAL)],
        ["Links of community assets to elements", shown_count(asset_links, WORK)],
        ["Self-assessment rounds", shown_count(counts.get("assessments", 0), WORK)],
        ["Actions", shown_count(counts.get("actions", 0), WORK)],
    ]
