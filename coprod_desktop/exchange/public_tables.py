"""The totals a `public` export holds instead of rows: no names, and no count of people under 5.

DESIGN.md: public exports carry aggregates only. Which counts are hidden when small, and how,
is one rule (`analysis.small_counts`): counts of people and of what belongs to them under 5
are shown as "<5" (0 included, as the analyses do), with more hidden where a total would give
one away; counts of community assets, asset links, actions and rounds are exact. The PDF
report shows these same tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from coprod_desktop.analysis.small_counts import (
    PEOPLE,
    SUPPRESSED,
    WORK,
    hide_small,
    shown_count,
)
from coprod_desktop.analysis.stages import OPEN_STATUSES
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
from coprod_desktop.exchange.layout import Column, Kind

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

__all__ = ["SHEET_NAMES", "SUPPRESSED", "action_totals", "overview_counts", "shown_count", "tables"]


def _column(header: str, width: int = 14) -> Column:
    return Column(header.casefold(), header, Kind.TEXT, width=width)


def _grouped(store, sql: str) -> dict[tuple, int]:
    return {tuple(row[:-1]): row[-1] for row in store.query(sql)}


def tables(store) -> Iterator[Table]:
    """Yield (sheet name, table name, columns, rows) for each sheet of totals."""
    yield _capabilities(store)
    yield _assets(store)
    yield _roles(store)
    yield _ratings(store)
    yield _actions(store)


def _capabilities(store) -> Table:
    counts = _grouped(
        store,
        "SELECT c.kind, c.willing_to_share, count(*) FROM capability AS c "
        "JOIN person AS p ON p.id = c.person_id AND p.deleted = 0 "
        "WHERE c.deleted = 0 GROUP BY c.kind, c.willing_to_share",
    )
    cells: dict[tuple[str, str], int] = {}
    for kind in CapabilityKind:
        cells[kind.value, "willing"] = counts.get((kind.value, 1), 0)
        cells[kind.value, "not"] = counts.get((kind.value, 0), 0)
        cells[kind.value, "all"] = cells[kind.value, "willing"] + cells[kind.value, "not"]
    # The "not willing" count is a total less a part: a reader works it out, so it is
    # protected like a shown one. The number of capabilities in all is stated elsewhere
    # (the summary, the Overview) when it is not hidden itself.
    sums: list[tuple[tuple[str, str] | None, list[tuple[str, str]]]] = [
        ((k.value, "all"), [(k.value, "willing"), (k.value, "not")]) for k in CapabilityKind
    ]
    everything = sum(cells[k.value, "all"] for k in CapabilityKind)
    if shown_count(everything, PEOPLE) != SUPPRESSED:
        sums.append((None, [(k.value, "all") for k in CapabilityKind]))
    hidden = hide_small(cells, sums, unshown=[(k.value, "not") for k in CapabilityKind])

    def shown(key: tuple[str, str]) -> int | str:
        return SUPPRESSED if key in hidden else cells[key]

    rows = [
        [kind.label, shown((kind.value, "all")), shown((kind.value, "willing"))]
        for kind in CapabilityKind
    ]
    columns = (_column("Kind", 28), _column("Capabilities"), _column("Willing to share"))
    return "Capabilities", "CapabilityTotals", columns, rows


def _assets(store) -> Table:
    """Assets are not people: every count exact. The people connected to them are."""
    counts = _grouped(
        store,
        "SELECT category, status, count(*) FROM asset WHERE deleted = 0 GROUP BY category, status",
    )
    connected = _grouped(
        store,
        "SELECT a.category, count(DISTINCT c.person_id) FROM asset_person AS c "
        "JOIN asset AS a ON a.id = c.asset_id AND a.deleted = 0 "
        "JOIN person AS p ON p.id = c.person_id AND p.deleted = 0 "
        "WHERE c.deleted = 0 GROUP BY a.category",
    )
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
    counts = _grouped(
        store,
        "SELECT r.stage, r.rung, count(DISTINCT r.person_id) FROM role AS r "
        "JOIN person AS p ON p.id = r.person_id AND p.deleted = 0 "
        "WHERE r.deleted = 0 GROUP BY r.stage, r.rung",
    )
    deciding = _grouped(
        store,
        "SELECT r.stage, count(DISTINCT r.person_id) FROM role AS r "
        "JOIN person AS p ON p.id = r.person_id AND p.deleted = 0 "
        "WHERE r.deleted = 0 AND r.decisions = 1 GROUP BY r.stage",
    )
    rows = [
        [
            stage.label,
            *(shown_count(counts.get((stage.value, rung.value), 0)) for rung in Rung),
            shown_count(deciding.get((stage.value,), 0)),
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
    for held_on, element, principle, score in store.query(
        "SELECT rnd.held_on, rt.element, rt.principle, rt.score FROM assessment_rating AS rt "
        "JOIN assessment_round AS rnd ON rnd.id = rt.round_id AND rnd.deleted = 0 "
        "WHERE rt.deleted = 0 ORDER BY rnd.held_on, rnd.id, rt.rowid"
    ):
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
        for title, element, due, status in store.query(
            "SELECT title, element, due, status FROM action WHERE deleted = 0 "
            "ORDER BY due IS NULL, due, rowid"
        )
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
    for element, open_, overdue, done, dropped, every in store.query(
        "SELECT element, total(status IN (?, ?)), "
        "total(status IN (?, ?) AND due IS NOT NULL AND due < ?), "
        "total(status = 'done'), total(status = 'dropped'), count(*) "
        "FROM action WHERE deleted = 0 GROUP BY element",
        (*OPEN_STATUSES, *OPEN_STATUSES, today.isoformat()),
    ):
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
    link, less the links of assets, would give the links of people away.
    """
    counts = store.counts()
    asset_links = store.query(
        "SELECT count(*) FROM element_link WHERE deleted = 0 AND asset_id IS NOT NULL "
        "AND asset_id NOT IN (SELECT id FROM asset WHERE deleted = 1)"
    )[0][0]
    return [
        ["People", shown_count(counts.get("people", 0), PEOPLE)],
        ["Capabilities", shown_count(counts.get("capabilities", 0), PEOPLE)],
        ["Community assets", shown_count(counts.get("assets", 0), WORK)],
        ["Roles", shown_count(counts.get("roles", 0), PEOPLE)],
        ["Links of community assets to elements", shown_count(asset_links, WORK)],
        ["Self-assessment rounds", shown_count(counts.get("assessments", 0), WORK)],
        ["Actions", shown_count(counts.get("actions", 0), WORK)],
    ]
