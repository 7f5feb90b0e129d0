"""The totals the public exports show (the public workbook's sheets, the report's tables):
counts grouped by kind, category, stage, element, never rows about people."""

from __future__ import annotations

from datetime import date

from coprod_desktop.store.queries.counts import OPEN_STATUSES


def capabilities_by_kind(store) -> list[tuple]:
    """(kind, willing to share: 0 or 1, how many) of the live capabilities of live people."""
    return store.query(
        "SELECT c.kind, c.willing_to_share, count(*) FROM live_capability AS c "
        "JOIN live_person AS p ON p.id = c.person_id "
        "GROUP BY c.kind, c.willing_to_share"
    )


def assets_by_category(store) -> list[tuple]:
    """(category, status, how many) of the live assets."""
    return store.query(
        "SELECT category, status, count(*) FROM live_asset GROUP BY category, status"
    )


def people_connected_by_category(store) -> list[tuple]:
    """(category, how many live people are connected to live assets of it)."""
    return store.query(
        "SELECT a.category, count(DISTINCT c.person_id) FROM live_asset_person AS c "
        "JOIN live_asset AS a ON a.id = c.asset_id "
        "JOIN live_person AS p ON p.id = c.person_id "
        "GROUP BY a.category"
    )


def ratings_by_round(store) -> list[tuple]:
    """(held on, element, principle, score) of the live ratings of live rounds, the oldest
    round first, each round's ratings in the order added."""
    return store.query(
        "SELECT rnd.held_on, rt.element, rt.principle, rt.score "
        "FROM live_assessment_rating AS rt "
        "JOIN live_assessment_round AS rnd ON rnd.id = rt.round_id "
        "ORDER BY rnd.held_on, rnd.id, rt.rowid"
    )


def actions_by_element(store, today: date) -> list[tuple]:
    """(element, open, overdue by `today`, done, dropped, all) of the live actions, by
    element."""
    return store.query(
        "SELECT element, total(status IN (?, ?)), "
        "total(status IN (?, ?) AND due IS NOT NULL AND due < ?), "
        "total(status = 'done'), total(status = 'dropped'), count(*) "
        "FROM live_action GROUP BY element",
        (*OPEN_STATUSES, *OPEN_STATUSES, today.isoformat()),
    )


def asset_link_count(store) -> int:
    """How many live links to the elements are of assets that are not deleted."""
    return store.query(
        "SELECT count(*) FROM live_element_link WHERE asset_id IS NOT NULL "
        "AND asset_id NOT IN (SELECT id FROM deleted_asset)"
    )[0][0]
