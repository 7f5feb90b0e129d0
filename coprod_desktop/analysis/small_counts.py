"""Which counts a published report hides when they are small, and how: the one rule that the
PDF report, the public workbook and the analyses follow.

A count is *of people* when it counts people, or records that belong to a person: their
capabilities, their roles, their links to the elements, their equality answers. In a small
group such a count can point at someone, so under `SUPPRESS_BELOW` (0 included) a public
export shows it as "<5". More is hidden where a hidden count could be worked out from a total
and the parts beside it (`hide_small`).

Counts of community assets (by category and status), of the links of assets to the elements,
of actions (done, open, overdue, by element), of stages and of self-assessment rounds are not
about people: they are shown exactly, whatever their size, so that a public report of a small
audit still shows its asset register and action plan in numbers. A count that mixes both
(every element link, strong links of people, capabilities and assets) is of people.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from enum import Enum
from typing import TypeVar

SUPPRESS_BELOW = 5
SUPPRESSED = f"<{SUPPRESS_BELOW}"


class Counted(Enum):
    """What a count counts, for the small-count rule."""

    PEOPLE = "people"  # people, or records of a person: hidden when small
    WORK = "work"  # assets, asset links, actions, stages, rounds: always exact


PEOPLE, WORK = Counted.PEOPLE, Counted.WORK

# What each count of `AuditStore.counts()` and `analysis.stages.audit_counts()` counts.
COUNT_KINDS: dict[str, Counted] = {
    "people": PEOPLE,
    "capabilities": PEOPLE,
    "roles": PEOPLE,
    "element_links": PEOPLE,  # links of people and capabilities are among them
    "person_links": PEOPLE,
    "asset_links": WORK,
    "asset_connections": PEOPLE,
    "assets": WORK,
    "actions": WORK,
    "actions_open": WORK,
    "actions_done": WORK,
    "actions_overdue": WORK,
    "assessments": WORK,
    "assessment_rounds": WORK,
    "stages": WORK,
}

PUBLIC_RULE = (
    f"Counts of people, and of what belongs to them (capabilities, roles, links to the "
    f"elements, equality answers), are shown as \u201c{SUPPRESSED}\u201d when under "
    f"{SUPPRESS_BELOW}, so that nobody in a small group can be picked out; where a total and "
    "the counts beside it would give a hidden count away, one more is hidden. Community "
    "assets, their links to the elements, actions and self-assessment rounds are counted "
    "exactly."
)


def kind_of(key: str) -> Counted:
    """What the count named `key` counts (an unknown name counts people: the safe side)."""
    return COUNT_KINDS.get(key, PEOPLE)


def is_hidden(n: int, counted: Counted | str = PEOPLE) -> bool:
    """Whether a public export hides the count `n`."""
    if isinstance(counted, str):
        counted = kind_of(counted)
    return counted is PEOPLE and n < SUPPRESS_BELOW


def shown_count(n: int, counted: Counted | str = PEOPLE) -> int | str:
    """The count as a public export shows it: the number, or "<5"."""
    return SUPPRESSED if is_hidden(n, counted) else n


def count_text(n: int, counted: Counted | str = PEOPLE, *, public: bool = True) -> str:
    """The count as text: "1,234", or "<5" where a public export hides it."""
    return SUPPRESSED if public and is_hidden(n, counted) else f"{n:,}"


K = TypeVar("K", bound=Hashable)


def hide_small(
    cells: Mapping[K, int],
    sums: Iterable[tuple[K | None, Collection[K]]] = (),
    *,
    unshown: Collection[K] = (),
) -> set[K]:
    """Return the cells (all counts of people) that a public export shows as "<5".

    Every count under 5 is hidden. `sums` says which cells add up to which: each is
    (total, parts), the total a cell of `cells` or None for a total the export states
    elsewhere (always known to the reader). `unshown` cells are never shown, but a reader
    can work them out like hidden ones. Where one hidden count under 5 is the only unknown
    of a sum, the smallest known cell of that sum is hidden too, until none is left alone.
    A lone hidden 0 is left: working it out identifies nobody.
    """
    sums = [(total, tuple(parts)) for total, parts in sums]
    small = {key for key, n in cells.items() if n < SUPPRESS_BELOW}
    hidden = set(small) - set(unshown)
    unknown = small | set(unshown)
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            members = list(parts) if total is None else [total, *parts]
            alone = [key for key in members if key in unknown]
            if len(alone) != 1:
                continue
            key = alone[0]
            if key not in small or cells[key] == 0:
                continue  # worked out, but 5 or more (or nobody)
            known = sorted((cells[k], str(k), k) for k in members if k not in unknown)
            if not known:
                continue  # a total stated elsewhere, equal to its one part: nothing to hide
            extra = known[0][2]
            hidden.add(extra)
            unknown.add(extra)
            changed = True
    return hidden
