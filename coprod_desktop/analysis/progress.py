"""Progress over time: self-assessment rounds compared, and how the action plan is going.

A round rates each of the six elements and each of the four principles on the scale of
`domain.Rating` (1 Not yet ... 5 Embedded), or leaves it "not assessed". Progress compares the
latest round (or a chosen one) with the round before it and with the first round.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coprod_desktop.analysis.stages import audit_counts
from coprod_desktop.domain.vocabulary import (
    NOT_ASSESSED_LABEL,
    Element,
    Principle,
    Rating,
)
from coprod_desktop.domain.wording import number_of
from coprod_desktop.store.queries import assessment

Subject = Element | Principle
SUBJECTS: tuple[Subject, ...] = (*Element, *Principle)
OVERDUE_LISTED = 10  # overdue actions named in the result; the rest are counted

PROGRESS_RULE = (
    "Each element and principle is compared on the 1 to 5 scale (Not yet, Starting out, "
    "Developing, Established, Embedded) with the round before and with the first round. A "
    "change is worked out only where both rounds gave a rating; 'not assessed' is not a zero."
)


def subject_kind(subject: Subject) -> str:
    """Return "element" or "principle": the two share the key "reciprocity"."""
    return "element" if isinstance(subject, Element) else "principle"


def rating_text(score: int | None) -> str:
    """Return "4 Established", or "Not assessed"."""
    return NOT_ASSESSED_LABEL if score is None else f"{score} {Rating(score).label}"


@dataclass(frozen=True)
class RoundSummary:
    id: str
    held_on: date
    participants: str
    rated: int  # elements and principles given a rating in this round


@dataclass(frozen=True)
class RatingProgress:
    """One element or principle across the rounds."""

    subject: Subject
    latest: int | None  # the rating in the round looked at
    previous: int | None  # in the round before it
    first: int | None  # in the first round
    evidence: str  # the evidence written in the round looked at

    @property
    def kind(self) -> str:
        return subject_kind(self.subject)

    @property
    def since_previous(self) -> int | None:
        return _change(self.latest, self.previous)

    @property
    def since_first(self) -> int | None:
        return _change(self.latest, self.first)

    @property
    def sentence(self) -> str:
        """Say in words where it stands and how it moved."""
        name = self.subject.label
        if self.latest is None:
            return f"{name}: not assessed in this round."
        text = f"{name}: {rating_text(self.latest)}"
        change = self.since_previous
        if change is None:
            return text + "."
        if change == 0:
            return text + ", the same as the round before."
        direction = "up" if change > 0 else "down"
        steps = abs(change)
        return f"{text}, {direction} {number_of(steps, 'step')} since the round before."


def _change(now: int | None, then: int | None) -> int | None:
    return None if now is None or then is None else now - then


@dataclass(frozen=True)
class OverdueAction:
    id: str
    title: str
    owner: str
    due: date
    element: Element | None


@dataclass(frozen=True)
class Progress:
    rounds: list[RoundSummary]  # oldest first
    round_id: str | None  # the round looked at (the latest unless another was asked for)
    previous_round_id: str | None
    first_round_id: str | None
    ratings: list[RatingProgress]  # the six elements, then the four principles
    actions_done: int
    actions_open: int
    actions_overdue: int
    overdue: list[OverdueAction]  # the earliest due first, at most OVERDUE_LISTED
    explanation: str = PROGRESS_RULE

    @property
    def current(self) -> RoundSummary | None:
        return next((r for r in self.rounds if r.id == self.round_id), None)

    @property
    def previous(self) -> RoundSummary | None:
        return next((r for r in self.rounds if r.id == self.previous_round_id), None)

    def rating(self, subject: Subject) -> RatingProgress:
        kind = subject_kind(subject)
        return next(r for r in self.ratings if r.subject == subject and r.kind == kind)


def assessment_rounds(store) -> list[RoundSummary]:
    """Return the live self-assessment rounds, oldest first."""
    return [
        RoundSummary(id_, date.fromisoformat(held_on), participants, int(rated))
        for id_, held_on, participants, rated in assessment.rounds(store)
    ]


def progress(
    store,
    today: date | None = None,
    round_id: str | None = None,
    counts: dict[str, int] | None = None,
) -> Progress:
    """Compare round `round_id` (the latest when not given) with the one before and the first.

    The actions done, open and overdue (by `today`) come from `audit_counts`; pass `counts`
    when they have been worked out already for the same day.
    """
    today = today or date.today()
    rounds = assessment_rounds(store)
    ids = [r.id for r in rounds]
    if round_id is None or round_id not in ids:
        round_id = ids[-1] if ids else None
    index = ids.index(round_id) if round_id else -1
    previous_id = ids[index - 1] if index >= 1 else None
    first_id = ids[0] if ids else None

    scores: dict[tuple[str | None, str, str], tuple[int | None, str]] = {}
    if round_id:
        for rid, element, principle, score, evidence in assessment.ratings(
            store, (round_id, previous_id or "", first_id or "")
        ):
            kind, key = ("element", element) if element else ("principle", principle)
            scores[(rid, kind, key)] = (score, evidence)  # a later edit of a twin wins

    def score_in(rid: str | None, subject: Subject) -> int | None:
        return scores.get((rid, subject_kind(subject), subject.value), (None, ""))[0]

    ratings = [
        RatingProgress(
            subject,
            latest=score_in(round_id, subject),
            previous=score_in(previous_id, subject),
            first=score_in(first_id, subject) if first_id != round_id else None,
            evidence=scores.get((round_id, subject_kind(subject), subject.value), (None, ""))[1],
        )
        for subject in SUBJECTS
    ]
    counts = counts or audit_counts(store, today)
    listed = [
        OverdueAction(id_, title, owner, date.fromisoformat(due), _element(element))
        for id_, title, owner, due, element in assessment.overdue_actions(
            store, today, OVERDUE_LISTED
        )
    ]
    return Progress(
        rounds,
        round_id,
        previous_id,
        first_id,
        ratings,
        counts["actions_done"],
        counts["actions_open"],
        counts["actions_overdue"],
        listed,
    )


def _element(code: str | None) -> Element | None:
    try:
        return Element(code) if code else None
    except ValueError:  # a code from a newer version
        return None
