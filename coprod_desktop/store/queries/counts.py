"""How many live records of each kind an audit holds, and its actions by status."""

from __future__ import annotations

from datetime import date

from coprod_desktop.domain.vocabulary import ActionStatus

# The kinds of record counted, by the name of their count, and the table of each.
COUNTED: dict[str, str] = {
    "people": "person",
    "capabilities": "capability",
    "assets": "asset",
    "roles": "role",
    "element_links": "element_link",
    "assessments": "assessment_round",
    "actions": "action",
    "asset_connections": "asset_person",
    "assessment_ratings": "assessment_rating",
    "reference_shares": "reference_share",
}
# What `coprod-desktop info` and the workbook's summary show, in this order (kept as it is
# for programs that read `info --json`).
INFO_COUNTS = (
    "people",
    "capabilities",
    "assets",
    "roles",
    "element_links",
    "assessments",
    "actions",
)

OPEN_STATUSES = (ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value)
# Overdue: open, with a due date before the day given as the third parameter.
OVERDUE_WHERE = "status IN (?, ?) AND due IS NOT NULL AND due < ?"


def live_counts(store, kinds: tuple[str, ...] = INFO_COUNTS) -> dict[str, int]:
    """Return the number of live records of each of `kinds` (names of COUNTED), in one query."""
    if unknown := [kind for kind in kinds if kind not in COUNTED]:
        raise ValueError(f"cannot count {', '.join(unknown)}")
    if not kinds:
        return {}
    columns = ", ".join(f"(SELECT count(*) FROM live_{COUNTED[kind]})" for kind in kinds)
    return dict(zip(kinds, store.query(f"SELECT {columns}")[0], strict=True))


def action_counts(store, today: date) -> tuple[int, int, int]:
    """Return how many live actions are open, done, and overdue by `today`."""
    row = store.query(
        "SELECT (SELECT count(*) FROM live_action WHERE status IN (?, ?)), "
        "(SELECT count(*) FROM live_action WHERE status = ?), "
        f"(SELECT count(*) FROM live_action WHERE {OVERDUE_WHERE})",
        (*OPEN_STATUSES, ActionStatus.DONE.value, *OPEN_STATUSES, today.isoformat()),
    )[0]
    return row[0], row[1], row[2]
