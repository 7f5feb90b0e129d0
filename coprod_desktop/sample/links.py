"""The sample's element links: how people, capabilities and assets contribute to the six
elements of co-production.

Capabilities and assets choose their links while they are made (`PendingLink`); the links are
written after them, with the people's own links, so that every parent is saved first.
"""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from coprod_desktop.domain.records import ElementLink
from coprod_desktop.domain.vocabulary import Element, Hat
from coprod_desktop.sample.chance import Weighted, new_uuid
from coprod_desktop.sample.data import texts
from coprod_desktop.sample.people import PersonInfo

PendingLink = tuple[str, Element, int, str]  # (capability or asset ID, element, strength, note)

E = Element
ELEMENTS_FOR_PERSON = {
    "staff": Weighted(
        [
            (E.BLURRING, 30),
            (E.FACILITATING, 20),
            (E.CAPABILITIES, 20),
            (E.ASSETS, 10),
            (E.PEER_NETWORKS, 10),
            (E.RECIPROCITY, 10),
        ]
    ),
    "lived": Weighted(
        [
            (E.PEER_NETWORKS, 30),
            (E.BLURRING, 25),
            (E.CAPABILITIES, 20),
            (E.ASSETS, 15),
            (E.RECIPROCITY, 7),
            (E.FACILITATING, 3),
        ]
    ),
    "other": Weighted(
        [
            (E.ASSETS, 30),
            (E.PEER_NETWORKS, 30),
            (E.CAPABILITIES, 25),
            (E.RECIPROCITY, 8),
            (E.BLURRING, 5),
            (E.FACILITATING, 2),
        ]
    ),
}
STRENGTHS = Weighted([(0, 5), (1, 35), (2, 40), (3, 20)])
PERSON_LINK_CHANCE = 0.08


def make_links(
    rng: Random,
    people: list[PersonInfo],
    capability_links: list[PendingLink],
    asset_links: list[PendingLink],
) -> Iterator[ElementLink]:
    """Yield the links of some people to elements, then those of capabilities and assets."""
    random = rng.random
    choice = rng.choice
    evidence = {E(element): notes for element, notes in texts.LINK_EVIDENCE.items()}
    for person in people:
        if random() >= PERSON_LINK_CHANCE:
            continue
        if person.archetype == "staff":
            elements = ELEMENTS_FOR_PERSON["staff"]
        elif Hat.LIVED_EXPERIENCE in person.hats:
            elements = ELEMENTS_FOR_PERSON["lived"]
        else:
            elements = ELEMENTS_FOR_PERSON["other"]
        for element in dict.fromkeys(elements.pick(rng) for _ in range(rng.randint(1, 2))):
            yield ElementLink(
                id=new_uuid(rng),
                element=element,
                person_id=person.id,
                strength=STRENGTHS.pick(rng),
                evidence=choice(evidence[element]),
            )
    for capability_id, element, strength, note in capability_links:
        yield ElementLink(
            id=new_uuid(rng),
            element=element,
            capability_id=capability_id,
            strength=strength,
            evidence=note,
        )
    capability_links.clear()
    for asset_id, element, strength, note in asset_links:
        yield ElementLink(
            id=new_uuid(rng),
            element=element,
            asset_id=asset_id,
            strength=strength,
            evidence=note,
        )
