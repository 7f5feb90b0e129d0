"""The sample's action plan, and the reference population of its area."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, timedelta
from random import Random

from coprod_desktop.domain.records import Action, ReferenceShare
from coprod_desktop.domain.vocabulary import ActionStatus, Element
from coprod_desktop.paths import resource_path
from coprod_desktop.sample.chance import Weighted, new_uuid
from coprod_desktop.sample.data import places, texts
from coprod_desktop.sample.people import PersonInfo

REFERENCE_CSV = ("sample", "reference_population.csv")

ACTION_STATUS_PAST = Weighted(
    [
        (ActionStatus.DONE, 55),
        (ActionStatus.IN_PROGRESS, 25),
        (ActionStatus.PLANNED, 12),
        (ActionStatus.DROPPED, 8),
    ]
)
ACTION_STATUS_FUTURE = Weighted(
    [(ActionStatus.PLANNED, 50), (ActionStatus.IN_PROGRESS, 45), (ActionStatus.DONE, 5)]
)


def read_reference_population() -> list[tuple[str, str, float]]:
    """Return (question, group, share) rows of the sample area's reference population."""
    path = resource_path(*REFERENCE_CSV)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["question"].strip(), row["group"].strip(), float(row["share"]))
            for row in csv.DictReader(handle)
        ]


def make_actions(
    rng: Random, count: int, today: date, people: list[PersonInfo]
) -> Iterator[Action]:
    """Yield the action plan: 10 to 14 actions per element (more in a large audit), then the
    general ones; `count` is the number of people in the sample."""
    owners = list(places.OPERATOR_NAMES)
    for person in people:
        if person.archetype in ("staff", "partner") and len(owners) < 12:
            owners.append(person.name)
    owners += [organisation for organisation, _w in places.ORGANISATIONS_PARTNER[:4]]
    neighbourhood_names = [
        "Brackenford" if n.name == "Town Centre" else n.name for n in places.NEIGHBOURHOODS
    ]
    extra = min(16, count // 6000)
    for element in Element:
        templates = texts.ACTIONS[element.value]
        titles = list(
            dict.fromkeys(
                t.format(nb=nb, group=group)
                for t in templates
                for nb in neighbourhood_names
                for group in texts.ACTION_GROUPS
            )
        )
        general = [t for t in templates if "{" not in t]
        specific = [t for t in titles if t not in general]
        rng.shuffle(specific)
        wanted = rng.randint(10, 14) + extra
        for title in (general + specific)[:wanted]:
            yield _action(rng, title, element, owners, today)
    for title in texts.GENERAL_ACTIONS:
        yield _action(rng, title, None, owners, today)


def _action(
    rng: Random, title: str, element: Element | None, owners: list[str], today: date
) -> Action:
    due = today + timedelta(days=rng.randint(-120, 240))
    status = (ACTION_STATUS_PAST if due < today else ACTION_STATUS_FUTURE).pick(rng)
    return Action(
        id=new_uuid(rng),
        title=title,
        element=element,
        owner=rng.choice(owners),
        due=due,
        status=status,
        notes=rng.choice(texts.ACTION_NOTES[status.value]),
    )


def make_shares(rng: Random) -> Iterator[ReferenceShare]:
    """Yield the reference population of the sample's area (from its CSV file)."""
    for question, group, share in read_reference_population():
        yield ReferenceShare(
            id=new_uuid(rng),
            question=question,
            group=group,
            share=share,
            source=places.REFERENCE_SOURCE,
        )
