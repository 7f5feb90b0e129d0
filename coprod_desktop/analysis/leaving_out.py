"""“Who are we leaving out?”: the people involved against the area's reference population.

For each equality-monitoring question, the share of the people involved in each group is set
beside the group's share of the area (typed in, or imported from the census), with the
difference. Equality answers are special-category data: every count under `SUPPRESS_BELOW`
is shown as "<5" and its share is not shown, and more is hidden (shown as "hidden": 5 or
more) where a hidden count could be worked out from a known total (`_hidden`, by the rule of
every public count, `analysis.small_counts.hide_small`). Whether a hidden group is
under-represented is said only where its hidden count does not matter (`_judged`). The hidden
numbers never leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coprod_desktop.analysis.small_counts import (
    SUPPRESS_BELOW,
    SUPPRESSED,
    WITHHELD,
    hide_small,
)
from coprod_desktop.domain.equality import PREFER_NOT_TO_SAY, QUESTIONS, Question
from coprod_desktop.store.queries import people as people_queries

# A group is named as under-represented when its share among the people involved is below
# this part of its share of the area, and the area's share would mean at least MIN_EXPECTED
# people among those who answered (fewer cannot tell a gap from chance).
UNDER_REPRESENTED_RATIO = 0.8
MIN_EXPECTED = 5
NOT_ANSWERED = "not_answered"
COMPARED = "compared"  # the cell of the number compared, beside the groups' cells

LEAVING_OUT_RULE = (
    "Shares are of the people who gave one of the answers the area's figures have; “Prefer "
    "not to say” and no answer are counted apart (unless the area's figures include them). A "
    "group (other than “Prefer not to say”) is under-represented when its share among the "
    "people involved is less than "
    f"{UNDER_REPRESENTED_RATIO:.0%} of its share of the area, and the area's share would mean "
    f"at least {MIN_EXPECTED} people among those who answered. Counts under "
    f"{SUPPRESS_BELOW} are shown as “{SUPPRESSED}” so that nobody can be identified, and "
    f"a count that would give one away is shown as “{WITHHELD}” (it is {SUPPRESS_BELOW} or "
    "more); a hidden group is said to be under-represented, or not, only where that does not "
    "depend on its hidden number."
)


@dataclass(frozen=True)
class GroupShare:
    """One answer group of one question. Hidden counts are None, shown as "<5" (under 5)
    or "hidden" (5 or more, hidden so that another cannot be worked out)."""

    question: str
    question_label: str
    group: str  # the answer's code, or "not_answered"
    label: str
    count: int | None  # None: fewer than 5, or hidden so that another cannot be worked out
    share: float | None  # of the people compared (None when hidden or not compared)
    reference: float | None  # the group's share of the area (None when not known)
    # None: not said, for it would tell something of the hidden count (`_judged`).
    under_represented: bool | None = False
    hidden_as: str = SUPPRESSED  # how the count is shown when hidden

    @property
    def shown(self) -> str:
        return self.hidden_as if self.count is None else f"{self.count:,}"

    @property
    def difference(self) -> float | None:
        """The share among the people involved minus the area's share (hidden when hidden)."""
        if self.share is None or self.reference is None:
            return None
        return self.share - self.reference


@dataclass(frozen=True)
class QuestionShares:
    question: str
    label: str
    compared: int | None  # people whose answers are compared with the area (None: hidden)
    groups: list[GroupShare] = field(default_factory=list)
    has_reference: bool = False

    @property
    def under_represented(self) -> list[GroupShare]:
        return [g for g in self.groups if g.under_represented]


@dataclass(frozen=True)
class LeavingOut:
    people: int  # live people in the audit
    questions: list[QuestionShares]
    has_reference: bool
    unknown_reference: list[str]  # questions in the reference figures this version lacks
    rule: str = LEAVING_OUT_RULE

    @property
    def under_represented(self) -> list[GroupShare]:
        return [g for q in self.questions for g in q.under_represented]

    @property
    def sentence(self) -> str:
        if not self.people:
            return "No people have been recorded yet."
        if not any(q.compared for q in self.questions):
            return "Too few people have answered the equality questions to compare."
        if not self.has_reference:
            return (
                "The area's reference population has not been entered, so the people involved "
                "cannot be compared with it."
            )
        under = self.under_represented
        if not under:
            return "No group of the area is clearly under-represented among the people involved."
        names = "; ".join(f"{g.question_label}: {g.label}" for g in under)
        return f"Under-represented compared with the area: {names}."


def leaving_out(store) -> LeavingOut:
    """Compare the people involved with the area, question by question (see the rule)."""
    people = store.counts("people")["people"]
    counts: dict[str, dict[str, int]] = {q.key: {} for q in QUESTIONS}
    for question, answer, n in people_queries.equality_answers(store):
        if question in counts:
            counts[question][answer] = n
    reference: dict[str, dict[str, float]] = {}
    for question, group, share in people_queries.reference_shares(store):
        reference.setdefault(question, {})[group] = share  # a later twin wins
    unknown = sorted(set(reference) - set(counts))
    questions = [_question(q, counts[q.key], reference.get(q.key, {}), people) for q in QUESTIONS]
    return LeavingOut(
        people,
        questions,
        any(q.has_reference for q in questions),
        unknown,
    )


def _question(
    question: Question, counts: dict[str, int], reference: dict[str, float], people: int
) -> QuestionShares:
    known = {a.code: a.label for a in question.answers}
    reference = {g: s for g, s in reference.items() if g in known}
    # Compare the answers the area's figures have; without figures, every real answer.
    compared_codes = set(reference) or {c for c in known if c != PREFER_NOT_TO_SAY}
    cells = {code: counts.get(code, 0) for code in known}
    cells[NOT_ANSWERED] = max(0, people - sum(counts.get(code, 0) for code in known))
    compared = sum(cells[c] for c in compared_codes)
    hidden = _hidden(cells, compared_codes, compared)
    total_shown = COMPARED not in hidden
    bounds = _bounds(cells, compared_codes, hidden)
    groups = []
    for code, n in cells.items():
        in_comparison = code in compared_codes
        share = n / compared if in_comparison and compared else None
        ref = reference.get(code)

        def under(count: int, code=code, ref=ref, in_comparison=in_comparison) -> bool:
            return (
                in_comparison
                and code not in (PREFER_NOT_TO_SAY, NOT_ANSWERED)
                and ref is not None
                and ref * compared >= MIN_EXPECTED
                and count / compared < UNDER_REPRESENTED_RATIO * ref
            )

        if code not in hidden:
            judged: bool | None = under(n) if total_shown or not in_comparison else None
        else:
            judged = _judged(under, bounds[code]) if total_shown else None
        if not total_shown:
            share = None  # a share would give the hidden total away
        groups.append(
            GroupShare(
                question.key,
                question.label,
                code,
                known.get(code, "No answer"),
                None if code in hidden else n,
                None if code in hidden else share,
                ref,
                judged,
                WITHHELD if n >= SUPPRESS_BELOW else SUPPRESSED,
            )
        )
    return QuestionShares(
        question.key,
        question.label,
        compared if total_shown else None,
        groups,
        bool(reference),
    )


def _hidden(cells: dict[str, int], compared_codes: set[str], compared: int) -> set[str]:
    """Return the cells to hide (COMPARED among them when the number compared, and with it
    every share, must be hidden).

    A reader knows two totals: the number of people (the groups add up to it) and the
    number compared (given away by any share), which with the groups not compared adds up to
    the people too. Every count under 5 is hidden, and more where one could be worked out
    (`hide_small`); the number compared is hidden when it is under 5 or when only it could
    protect a hidden count beside it.
    """
    everyone = {**cells, COMPARED: compared}
    rest = [code for code in cells if code not in compared_codes]
    sums = [
        (COMPARED, [code for code in cells if code in compared_codes]),
        (None, [COMPARED, *rest]),
    ]
    return hide_small(everyone, sums)


def _bounds(cells, compared_codes, hidden) -> dict[str, tuple[int, float]]:
    """What a reader knows of each hidden count from the table: "<5" is 0 to 4; "hidden"
    is 5 or more, and (for a group compared) at most the number compared less the least
    the other groups compared can be."""
    least = {c: (cells[c] if c not in hidden else 0 if cells[c] < 5 else 5) for c in cells}
    compared = sum(cells[c] for c in compared_codes)
    bounds: dict[str, tuple[int, float]] = {}
    for code in hidden & set(cells):
        if cells[code] < SUPPRESS_BELOW:
            bounds[code] = (0, SUPPRESS_BELOW - 1)
        elif code in compared_codes:
            others = sum(least[c] for c in compared_codes if c != code)
            bounds[code] = (SUPPRESS_BELOW, compared - others)
        else:
            bounds[code] = (SUPPRESS_BELOW, float("inf"))
    return bounds


def _judged(under, bounds: tuple[int, float]) -> bool | None:
    """Whether a hidden group is under-represented, where that is the same whatever its
    count within what the reader knows of it; None (not said) where it is not. Being under-
    represented only gets less likely as the count grows, so the two ends decide."""
    low, high = bounds
    at_low = under(low)
    at_high = under(high) if high != float("inf") else False
    return at_low if at_low == at_high else None
