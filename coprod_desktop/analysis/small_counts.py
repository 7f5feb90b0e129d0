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

import math
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from enum import Enum
from fractions import Fraction
from itertools import accumulate
from typing import TypeVar

from coprod_desktop.domain.privacy import SMALL_COUNT_BELOW, policy_for
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.domain.wording import noun_for, plural

# The threshold is the public level's (`domain.privacy`): one number for every export.
SUPPRESS_BELOW = policy_for(PrivacyLevel.PUBLIC).small_counts_below or SMALL_COUNT_BELOW
SUPPRESSED = f"<{SUPPRESS_BELOW}"
# How a count hidden only to protect a small count beside it is shown: it is 5 or more, so
# "<5" would mislead the reader.
WITHHELD = "hidden"


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
    "the counts beside it would give a hidden count away, one more is hidden (shown as "
    f"\u201c{WITHHELD}\u201d: it is {SUPPRESS_BELOW} or more). Community "
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


def shown_count_text(
    n: int,
    counted: Counted | str = PEOPLE,
    *,
    public: bool = True,
    noun: str | None = None,
) -> str:
    """The count as text: "1,234", or "<5" where a public export hides it; with a `noun`,
    followed by it as `domain.wording` words it ("1 person", "<5 people")."""
    hidden = public and is_hidden(n, counted)
    text = SUPPRESSED if hidden else f"{n:,}"
    if noun is None:
        return text
    return f"{text} {plural(noun) if hidden else noun_for(n, noun)}"


K = TypeVar("K", bound=Hashable)


def shown_cell(n: int, hidden: bool) -> int | str:
    """A cell of a protected table as a public export shows it: the number, "<5", or
    `WITHHELD` for a count of 5 or more hidden to protect a small one."""
    if not hidden:
        return n
    return SUPPRESSED if n < SUPPRESS_BELOW else WITHHELD


def hide_small(
    cells: Mapping[K, int],
    sums: Iterable[tuple[K | None, Collection[K]]] = (),
    *,
    unshown: Collection[K] = (),
    limits: Iterable[tuple[Mapping[K, int], float, float]] = (),
) -> set[K]:
    """Return the cells (all counts of people) that a public export hides.

    Every count under 5 is hidden (shown as "<5"). `sums` says which cells add up to which:
    each is (total, parts), the total a cell of `cells` or None for a total the reader knows
    otherwise (the sum of the parts' values). `unshown` cells are never shown, but a reader
    can work them out like hidden ones. Cells of 5 or more hidden to protect others are shown
    as `WITHHELD`: a reader then knows they are 5 or more. `limits` are other things a
    reader knows: (coefficients, low, high), the cells times the coefficients adding up to
    between low and high (a median, say).

    A small count (1 to 4) must not be worked out from what is shown: not from one sum where
    it is the only unknown, nor by combining sums, nor from the bounds a reader knows (each
    "<5" is 0 to 4, each withheld count 5 or more), as `determined` finds. While one can be,
    the smallest shown cell of a sum that holds it is hidden too. A hidden 0 worked out is
    left: it identifies nobody.
    """
    equations = []
    for total, parts in sums:
        constant = 0 if total is not None else sum(cells[part] for part in parts)
        terms = {**{part: 1 for part in parts}, **({} if total is None else {total: -1})}
        equations.append((terms, constant, constant))
    equations += [(dict(terms), low, high) for terms, low, high in limits]
    hidden = {key for key, n in cells.items() if n < SUPPRESS_BELOW} - set(unshown)
    unshown = set(unshown)
    while True:
        unknown = hidden | unshown
        bounds = {key: _bounds(cells[key], key in unshown) for key in unknown}
        fixed = determined(cells, equations, bounds)
        exposed = sorted(
            (key for key in fixed if 0 < cells[key] < SUPPRESS_BELOW), key=lambda k: str(k)
        )
        extra = None
        for key in exposed:
            extra = _next_to_hide(cells, equations, key, unknown)
            if extra is not None:
                break
        if extra is None:
            return hidden
        hidden.add(extra)


def median_is_known(
    counts: Sequence[int],
    bounds: Sequence[tuple[float, float]],
    total: tuple[float, float],
) -> bool:
    """Whether the median of ordered counts (the first place where half of them are reached:
    the typical rung of a stage) is the same for every whole-number counts within `bounds`
    (the least and most a reader knows each can be) adding up to within `total`, so that a
    public export can show it without telling anything of the hidden counts. False as well
    where the counts could all be 0 (there would be no median).

    The median is at `t` unless the counts up to `t - 1` could be half or more of them, or
    those up to `t` less than half: each a question of the sum only, since the counts on each
    side of `t` can add up to any number between their least and most.
    """
    size = sum(counts)
    if not size:
        return False
    middle = (size + 1) // 2
    t = next(i for i, seen in enumerate(accumulate(counts)) if seen >= middle)
    low_total, high_total = max(total[0], 1), total[1]
    if all(b[0] == 0 for b in bounds) and total[0] == 0:
        return False  # all 0: no median

    def side(parts) -> tuple[float, float]:
        return sum(b[0] for b in parts), sum(b[1] for b in parts)

    # Lower: L (below t) >= U (from t on), with L + U the total.
    a, b = side(bounds[:t])
    c, d = side(bounds[t:])
    lower = max(low_total, a + c, 2 * c) <= min(high_total, b + d, 2 * b)
    # Higher: L (up to t) < U (above t).
    a, b = side(bounds[: t + 1])
    c, d = side(bounds[t + 1 :])
    higher = max(low_total, a + c, 2 * a + 1) <= min(high_total, b + d, 2 * d - 1)
    return not (lower or higher)


def _bounds(n: int, unshown: bool) -> tuple[float, float]:
    """What a reader knows of a cell it does not see: "<5" is 0 to 4, withheld 5 or more."""
    if unshown:
        return (0, math.inf)
    return (0, SUPPRESS_BELOW - 1) if n < SUPPRESS_BELOW else (SUPPRESS_BELOW, math.inf)


def _next_to_hide(cells, equations, key, unknown):
    """The smallest shown cell of the sums that hold `key` (or, failing that, of the sums
    that share an unknown with them), or None when every cell near it is hidden."""
    reach, near = {key}, []
    for _ in range(len(equations) + 1):
        near = [eq for eq, _, _ in equations if reach & set(eq)]
        shown = [k for eq in near for k in eq if k not in unknown]
        if shown:
            return min(shown, key=lambda k: (cells[k], str(k)))
        grown = {k for eq in near for k in eq}
        if grown <= reach:
            return None
        reach |= grown
    return None


def determined(cells, equations, bounds) -> set:
    """Return the unknown cells a reader can work out exactly from the sums and the bounds.

    `equations` are ({cell: coefficient}, low, high): the coefficients times the cells add
    up to between low and high (equal for a sum); cells not in `bounds` are shown. Two ways,
    repeated while either finds more: the bounds carried through each row (a part is at most
    the total less the least the others can be), and elimination of the sums (a cell that
    they pin down whatever the bounds).
    Not every consequence of the bounds is found; the property test of the exports checks
    with a linear program.
    """
    lo = {key: b[0] for key, b in bounds.items()}
    hi = {key: b[1] for key, b in bounds.items()}
    rows = []
    for coefficients, low, high in equations:
        known = sum(a * cells[k] for k, a in coefficients.items() if k not in bounds)
        terms = {k: a for k, a in coefficients.items() if k in bounds}
        if terms:
            rows.append((terms, low - known, high - known))
    found: set = set()
    for _ in range(50):
        before = len(found)
        _propagate(rows, lo, hi)
        found |= {key for key in bounds if lo[key] == hi[key]}
        for key in _eliminated(rows, found, cells):
            found.add(key)
            lo[key] = hi[key] = cells[key]
        if len(found) == before:
            break
    return found


def _propagate(rows, lo, hi) -> None:
    for _ in range(20):
        changed = False
        for terms, floor, ceiling in rows:
            for key, a in terms.items():
                if not a:
                    continue
                # a * x = the row less the others: the least and most the others can be.
                least = sum(b * (lo[k] if b > 0 else hi[k]) for k, b in terms.items() if k != key)
                most = sum(b * (hi[k] if b > 0 else lo[k]) for k, b in terms.items() if k != key)
                low, high = (floor - most) / a, (ceiling - least) / a
                if a < 0:
                    low, high = high, low
                if math.isfinite(low):
                    low = math.ceil(low - 1e-9)
                if math.isfinite(high):
                    high = math.floor(high + 1e-9)
                if low > lo[key]:
                    lo[key], changed = low, True
                if high < hi[key]:
                    hi[key], changed = high, True
        if not changed:
            return


def _eliminated(rows, known: set, cells) -> set:
    """Cells that Gaussian elimination of the sums pins down (a unit row of the reduced
    matrix), with the cells of `known` taken as known."""
    sums = [terms for terms, low, high in rows if low == high]
    keys = sorted({k for terms in sums for k in terms if k not in known}, key=str)
    index = {k: i for i, k in enumerate(keys)}
    matrix = []
    for terms in sums:
        row = [Fraction(0)] * len(keys)
        for k, a in terms.items():
            if k in index:
                row[index[k]] = Fraction(a)
        if any(row):
            matrix.append(row)
    pivot_row = 0
    pivots = []
    for column in range(len(keys)):
        best = next((i for i in range(pivot_row, len(matrix)) if matrix[i][column]), None)
        if best is None:
            continue
        matrix[pivot_row], matrix[best] = matrix[best], matrix[pivot_row]
        lead = matrix[pivot_row][column]
        matrix[pivot_row] = [v / lead for v in matrix[pivot_row]]
        for i in range(len(matrix)):
            if i != pivot_row and matrix[i][column]:
                factor = matrix[i][column]
                matrix[i] = [
                    v - factor * w for v, w in zip(matrix[i], matrix[pivot_row], strict=True)
                ]
        pivots.append((pivot_row, column))
        pivot_row += 1
    return {keys[column] for row, column in pivots if sum(1 for v in matrix[row] if v) == 1}
