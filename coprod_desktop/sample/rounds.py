"""The sample's self-assessment: two rounds, some months apart, and their ratings of the six
elements and four principles (the second round a little better than the first).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from random import Random

from coprod_desktop.domain.records import AssessmentRating, AssessmentRound, Record
from coprod_desktop.domain.vocabulary import Element, Principle
from coprod_desktop.sample.chance import new_uuid
from coprod_desktop.sample.data import texts

E = Element
# First-round scores (None: not assessed); the second round improves on some. A list, not a
# dict: Element.RECIPROCITY and Principle.RECIPROCITY are equal strings.
FIRST_ROUND_SCORES: tuple[tuple[Element | Principle, int | None], ...] = (
    (E.CAPABILITIES, 2),
    (E.RECIPROCITY, 1),
    (E.PEER_NETWORKS, 3),
    (E.BLURRING, 2),
    (E.FACILITATING, None),
    (E.ASSETS, 2),
    (Principle.EQUALITY, 2),
    (Principle.DIVERSITY, 2),
    (Principle.ACCESSIBILITY, 3),
    (Principle.RECIPROCITY, 1),
)
ROUND_DAYS_AGO = (213, 31)  # about seven months and one month before today


def _tuesday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 1) % 7)


def make_rounds(rng: Random, today: date) -> Iterator[Record]:
    """Yield the two self-assessment rounds, then the ratings of each."""
    rounds = []
    for number, days in enumerate(ROUND_DAYS_AGO):
        held_on = _tuesday_on_or_before(today - timedelta(days=days))
        participants = texts.ROUND_PARTICIPANTS.format(
            a=rng.randint(5, 8) + 2 * number,
            b=rng.randint(2, 4) + number,
            c=rng.randint(4, 6),
            d=rng.randint(2, 4) + number,
        )
        rounds.append(
            AssessmentRound(
                id=new_uuid(rng),
                held_on=held_on,
                participants=participants,
                notes=texts.ROUND_NOTES[number],
            )
        )
    yield from rounds
    previous: list[int | None] = [first for _subject, first in FIRST_ROUND_SCORES]
    for number, assessment in enumerate(rounds):
        for index, (subject, first) in enumerate(FIRST_ROUND_SCORES):
            if number == 0:
                score = first
                if score is not None and rng.random() < 0.25:
                    score = max(1, min(5, score + rng.choice((-1, 1))))
                if score is not None and rng.random() < 0.08:
                    score = None
            else:
                earlier = previous[index]
                base = earlier if earlier is not None else (first or 1)
                score = min(5, base + (1 if rng.random() < 0.6 else 0))
            previous[index] = score
            key = subject.value
            if subject is Principle.RECIPROCITY:
                key = "reciprocity_principle"
            if score is None:
                note = texts.NOT_ASSESSED_EVIDENCE
            else:
                level = 0 if score <= 2 else (1 if score == 3 else 2)
                note = texts.RATING_EVIDENCE[key][level]
            is_element = isinstance(subject, Element)
            yield AssessmentRating(
                id=new_uuid(rng),
                round_id=assessment.id,
                element=subject if is_element else None,
                principle=None if is_element else subject,
                score=score,
                evidence=note,
            )
