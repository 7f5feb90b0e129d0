"""“Who are we leaving out?”: the people involved against the area's reference population.

For each equality-monitoring question, the share of the people involved in each group is set
beside the group's share of the area (typed in, or imported from the census), with the
difference. Equality answers are special-category data: every count under `SUPPRESS_BELOW`
is shown as "<5" and its share is not shown, and more is hidden where a hidden count could be
worked out by subtraction from a known total (see `_hidden`). The hidden numbers never leave
this module. The threshold is the one of every public count (`analysis.small_counts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coprod_desktop.analysis.small_counts import SUPPRESS_BELOW, SUPPRESSED
from coprod_desktop.domain.equality import PREFER_NOT_TO_SAY, QUESTIONS, Question

# A group is named as under-represented when its share among the people involved is below
# this part of its share of the area, and the area's share would mean at least MIN_EXPECTED
# people among those who answered (fewer cannot tell a gap from chance).
UNDER_REPRESENTED_RATIO = 0.8
MIN_EXPECTED = 5
NOT_ANSWERED = "not_answered"

LEAVING_OUT_RULE = (
    "Shares are of the people who gave one of the answers the area's figures have; “Prefer "
    "not to say” and no answer are counted apart (unless the area's figures include them). A "
    "group (other than “Prefer not to say”) is under-represented when its share among the "
    "people involved is less than "
    f"{UNDER_REPRESENTED_RATIO:.0%} of its share of the area, and the area's share would mean "
    f"at least {MIN_EXPECTED} people among those who answered. Counts under "
    f"{SUPPRESS_BELOW} are shown as “{SUPPRESSED}” so that nobody can be identified."
)


@dataclass(frozen=True)
class GroupShare:
    """One answer group of one question. Hidden counts are None and shown as "<5"."""

    question: str
    question_label: str
    group: str  # the answer's code, or "not_answered"
    label: str
    count: int | None  # None: fewer than 5, or hidden so that another cannot be worked out
    share: float | None  # of the people compared (None when hidden or not compared)
    reference: float | None  # the group's share of the area (None when not known)
    under_represented: bool = False

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.count is None else f"{self.count:,}"

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


_ANSWERS_SQL = """
    SELECT question, answer, count(*) FROM equality_answer
    WHERE person_id NOT IN (SELECT id FROM person WHERE deleted = 1)
    GROUP BY question, answer
"""
_PEOPLE_SQL = "SELECT count(*) FROM person WHERE deleted = 0"
_REFERENCE_SQL = 'SELECT question, "group", share FROM reference_share WHERE deleted = 0'


def leaving_out(store) -> LeavingOut:
    """Compare the people involved with the area, question by question (see the rule)."""
    people = store.query(_PEOPLE_SQL)[0][0]
    counts: dict[str, dict[str, int]] = {q.key: {} for q in QUESTIONS}
    for question, answer, n in store.query(_ANSWERS_SQL):
        if question in counts:
            counts[question][answer] = n
    reference: dict[str, dict[str, float]] = {}
    for question, group, share in store.query(_REFERENCE_SQL):
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
    hidden, total_shown = _hidden(cells, compared_codes)
    compared = sum(cells[c] for c in compared_codes)
    if compared < SUPPRESS_BELOW:
        total_shown = False
    groups = []
    for code, n in cells.items():
        in_comparison = code in compared_codes
        share = n / compared if in_comparison and compared else None
        ref = reference.get(code)
        expected = (ref or 0.0) * compared
        under = (
            in_comparison
            and code not in (PREFER_NOT_TO_SAY, NOT_ANSWERED)
            and ref is not None
            and expected >= MIN_EXPECTED
            and (share or 0.0) < UNDER_REPRESENTED_RATIO * ref
        )
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
                under,
            )
        )
    return QuestionShares(
        question.key,
        question.label,
        compared if total_shown else None,
        groups,
        bool(reference),
    )


def _hidden(cells: dict[str, int], compared_codes: set[str]) -> tuple[set[str], bool]:
    """Return the cells to hide, and whether the number of people compared may be shown.

    Every count under 5 is hidden. A reader knows three totals: the number of people, the
    number compared (shown, and given away by any share) and so the number not compared. In
    each of these groups of cells one hidden count alone could be worked out by subtraction,
    so the smallest shown count of that group is hidden too; where there is none to hide, the
    number compared (and every share) is hidden instead. A hidden 0 alone is left: working
    it out identifies nobody.
    """
    hidden = {code for code, n in cells.items() if n < SUPPRESS_BELOW}
    everyone = set(cells)
    compared = everyone & compared_codes
    total_shown = True
    changed = True
    while changed:
        changed = False
        groups = [everyone, compared, everyone - compared] if total_shown else [everyone]
        for group in groups:
            alone = group & hidden
            # A lone hidden 0 can be worked out, but it identifies nobody.
            if len(alone) != 1 or cells[next(iter(alone))] == 0:
                continue
            shown = sorted((cells[code], code) for code in group - hidden)
            if shown:
                hidden.add(shown[0][1])
            else:
                total_shown = False
            changed = True
            break
    return hidden, total_shown
