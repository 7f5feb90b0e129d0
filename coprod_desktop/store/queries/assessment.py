"""Self-assessment rounds, their ratings, and the action plan: for `analysis.progress` and
the report."""

from __future__ import annotations

from datetime import date

from coprod_desktop.store.queries.counts import OPEN_STATUSES, OVERDUE_WHERE

_ROUNDS = """
    SELECT r.id, r.held_on, r.participants,
           (SELECT count(*) FROM live_assessment_rating AS g
             WHERE g.round_id = r.id AND g.score IS NOT NULL)
    FROM live_assessment_round AS r
    ORDER BY r.held_on, r.created_at, r.id
"""


def rounds(store) -> list[tuple]:
    """(ID, held on, participants, how many subjects scored) of the live rounds, oldest
    first."""
    return store.query(_ROUNDS)


_RATINGS = """
    SELECT round_id, element, principle, score, evidence
    FROM live_assessment_rating
    WHERE round_id IN (?, ?, ?)
    ORDER BY modified_at
"""


def ratings(store, round_ids: tuple[str, str, str]) -> list[tuple]:
    """(round ID, element, principle, score, evidence) of the live ratings of three rounds
    ("" for none), the latest edit last."""
    return store.query(_RATINGS, round_ids)


def overdue_actions(store, today: date, limit: int) -> list[tuple]:
    """(ID, title, owner, due, element) of the first `limit` live actions overdue by `today`,
    the earliest due first."""
    return store.query(
        f"SELECT id, title, owner, due, element FROM live_action WHERE {OVERDUE_WHERE} "
        f"ORDER BY due, title LIMIT {int(limit)}",
        (*OPEN_STATUSES, today.isoformat()),
    )


def first_open_actions(store, limit: int) -> list[tuple]:
    """(title, element, due, owner) of the first `limit` open live actions: those due first,
    then those without a due date, each in the order added."""
    return store.query(
        "SELECT title, element, due, owner FROM live_action WHERE status IN (?, ?) "
        "ORDER BY due IS NULL, due, rowid LIMIT ?",
        [*OPEN_STATUSES, limit],
    )


def actions_by_due(store) -> list[tuple]:
    """(title, element, due, status, owner) of every live action: those due first, then those
    without a due date, each in the order added."""
    return store.query(
        "SELECT title, element, due, status, owner FROM live_action "
        "ORDER BY due IS NULL, due, rowid"
    )
