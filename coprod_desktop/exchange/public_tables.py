"""The totals a `public` export holds instead of rows: no names, no count under 5.

DESIGN.md: public exports carry aggregates only, and every count under 5 is shown as "<5" (0
included, as the analyses do), so that nobody in a small group can be picked out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from coprod_desktop.analysis.leaving_out import SUPPRESS_BELOW, SUPPRESSED
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

Table = tuple[str, str, tuple[Column, ...], list[list[Any]]]


def shown_count(n: int) -> int | str:
    return n if n >= SUPPRESS_BELOW else SUPPRESSED


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
    rows = []
    for kind in CapabilityKind:
        willing = counts.get((kind.value, 1), 0)
        rows.append(
            [
                kind.label,
                shown_count(willing + counts.get((kind.value, 0), 0)),
                shown_count(willing),
            ]
        )
    columns = (_column("Kind", 28), _column("Capabilities"), _column("Willing to share"))
    return "Capabilities", "CapabilityTotals", columns, rows


def _assets(store) -> Table:
    counts = _grouped(
        store,
        "SELECT category, status, count(*) FROM asset WHERE deleted = 0 GROUP BY category, status",
    )
    rows = []
    for category in AssetCategory:
        by_status = [counts.get((category.value, s.value), 0) for s in AssetStatus]
        rows.append([category.label, *map(shown_count, by_status), shown_count(sum(by_status))])
    columns = (
        _column("Category", 20),
        *(_column(s.label, 10) for s in AssetStatus),
        _column("All", 10),
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
