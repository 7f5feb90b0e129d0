"""`small_counts.median_is_known` against every possibility, counted one by one."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from coprod_desktop.analysis.small_counts import SUPPRESS_BELOW, median_is_known

CAP = 10  # "5 or more" is at most this here, for the brute force (and for the function)


def _median(counts) -> int | None:
    size = sum(counts)
    if not size:
        return None
    seen = 0
    for i, n in enumerate(counts):
        seen += n
        if seen >= (size + 1) // 2:
            return i
    return None


def _as_shown(n: int, hidden: bool, most: float = CAP) -> tuple[float, float]:
    if not hidden:
        return (n, n)
    return (0, SUPPRESS_BELOW - 1) if n < SUPPRESS_BELOW else (SUPPRESS_BELOW, most)


@st.composite
def tables(draw):
    counts = draw(st.lists(st.integers(0, CAP), min_size=1, max_size=4))
    hidden = [draw(st.booleans()) or n < SUPPRESS_BELOW for n in counts]
    total_hidden = draw(st.booleans()) or sum(counts) < SUPPRESS_BELOW
    return counts, hidden, total_hidden


@settings(max_examples=400, deadline=None)
@given(tables())
def test_the_median_is_known_exactly_when_every_possibility_gives_it(table):
    counts, hidden, total_hidden = table
    bounds = [_as_shown(n, h) for n, h in zip(counts, hidden, strict=True)]
    total = _as_shown(sum(counts), total_hidden, float("inf"))
    ranges = [range(int(lo), int(hi) + 1) for lo, hi in bounds]
    medians = {_median(trial) for trial in product(*ranges) if total[0] <= sum(trial) <= total[1]}
    assert _median(counts) in medians
    assert median_is_known(counts, bounds, total) == (len(medians) == 1)


def test_examples():
    # 3 on the lowest rung hidden, 40 and 12 shown, 55 people: 28 are needed, always rung 1.
    assert median_is_known([3, 40, 12], [(0, 4), (40, 40), (12, 12)], (55, 55))
    # The people hidden too: the "<5" could be 0 to 4 whatever, still rung 1.
    assert median_is_known([3, 40, 12], [(0, 4), (40, 40), (12, 12)], (5, float("inf")))
    # A hidden 4 below 6 and 7 (the people hidden): 9 of 17 reached on the 6s' rung, but
    # with 0 there 7 of 13 on the 7s': not shown.
    assert not median_is_known([4, 6, 7], [(0, 4), (6, 6), (7, 7)], (13, 21))
    # A hidden 4 above 6 and a hidden 5 or more: the median moves with the hidden counts.
    assert not median_is_known([6, 4, 7], [(6, 6), (0, 4), (5, float("inf"))], (15, 15))
    assert not median_is_known([6, 4, 7], [(6, 6), (0, 4), (5, float("inf"))], (5, float("inf")))
    assert not median_is_known([0, 0], [(0, 4), (0, 4)], (0, 4))  # could be nobody
    assert not median_is_known([2, 3], [(0, 4), (0, 4)], (5, 5))  # 1+4 or 4+1
