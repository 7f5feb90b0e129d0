"""The sample's capabilities: what each person can offer (head, heart, hands, lived experience,
connections and languages), fitting who they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from coprod_desktop.domain.records import Capability
from coprod_desktop.domain.vocabulary import CapabilityKind, Element, Hat
from coprod_desktop.sample.chance import Weighted, new_uuid
from coprod_desktop.sample.data import texts
from coprod_desktop.sample.equality_answers import OLDER
from coprod_desktop.sample.links import STRENGTHS, PendingLink
from coprod_desktop.sample.people import WORKERS, PersonInfo

E = Element
ELEMENTS_BY_KIND = {
    CapabilityKind.HEAD: Weighted(
        [
            (E.CAPABILITIES, 50),
            (E.ASSETS, 20),
            (E.BLURRING, 15),
            (E.FACILITATING, 5),
            (E.PEER_NETWORKS, 6),
            (E.RECIPROCITY, 4),
        ]
    ),
    CapabilityKind.HEART: Weighted(
        [
            (E.ASSETS, 35),
            (E.PEER_NETWORKS, 25),
            (E.CAPABILITIES, 22),
            (E.BLURRING, 10),
            (E.RECIPROCITY, 5),
            (E.FACILITATING, 3),
        ]
    ),
    CapabilityKind.HANDS: Weighted(
        [
            (E.CAPABILITIES, 50),
            (E.ASSETS, 30),
            (E.RECIPROCITY, 9),
            (E.PEER_NETWORKS, 6),
            (E.BLURRING, 5),
        ]
    ),
    CapabilityKind.LIVED_EXPERIENCE: Weighted(
        [
            (E.PEER_NETWORKS, 35),
            (E.BLURRING, 30),
            (E.CAPABILITIES, 20),
            (E.ASSETS, 10),
            (E.RECIPROCITY, 3),
            (E.FACILITATING, 2),
        ]
    ),
    CapabilityKind.CONNECTIONS: Weighted(
        [
            (E.PEER_NETWORKS, 50),
            (E.ASSETS, 30),
            (E.CAPABILITIES, 10),
            (E.FACILITATING, 5),
            (E.RECIPROCITY, 5),
        ]
    ),
    CapabilityKind.LANGUAGE: Weighted(
        [(E.CAPABILITIES, 35), (E.ASSETS, 30), (E.BLURRING, 20), (E.PEER_NETWORKS, 15)]
    ),
}
CAPABILITY_LINK_CHANCE = 0.35


def make_capabilities(
    rng: Random, people: list[PersonInfo], links: list[PendingLink]
) -> Iterator[Capability]:
    """Yield each person's capabilities; add the element links chosen for some to `links`."""
    random = rng.random
    choice = rng.choice
    K = CapabilityKind
    kinds_by_class = {
        "resident": Weighted(
            [
                (K.HEAD, 20),
                (K.HEART, 25),
                (K.HANDS, 30),
                (K.LIVED_EXPERIENCE, 5),
                (K.CONNECTIONS, 20),
            ]
        ),
        "lived": Weighted(
            [
                (K.HEAD, 15),
                (K.HEART, 20),
                (K.HANDS, 20),
                (K.LIVED_EXPERIENCE, 30),
                (K.CONNECTIONS, 15),
            ]
        ),
        "volunteer": Weighted(
            [
                (K.HEAD, 15),
                (K.HEART, 20),
                (K.HANDS, 35),
                (K.LIVED_EXPERIENCE, 10),
                (K.CONNECTIONS, 20),
            ]
        ),
        "worker": Weighted(
            [
                (K.HEAD, 48),
                (K.HEART, 20),
                (K.HANDS, 10),
                (K.LIVED_EXPERIENCE, 5),
                (K.CONNECTIONS, 17),
            ]
        ),
    }
    counts = Weighted([(1, 30), (2, 30), (3, 20), (4, 12), (5, 8)])
    generic = {K(kind): pool for kind, pool in texts.CAPABILITIES.items()}
    special = {
        community: {K(kind): pool for kind, pool in pools.items()}
        for community, pools in texts.COMMUNITY_CAPABILITIES.items()
    }
    strengths = STRENGTHS
    evidence = {E(element): notes for element, notes in texts.LINK_EVIDENCE.items()}
    for person in people:
        if person.archetype in WORKERS:
            kinds = kinds_by_class["worker"]
        elif Hat.LIVED_EXPERIENCE in person.hats or person.archetype == "carer":
            kinds = kinds_by_class["lived"]
        elif person.archetype == "volunteer":
            kinds = kinds_by_class["volunteer"]
        else:
            kinds = kinds_by_class["resident"]
        own_special = special.get(person.community, {})
        spoken = [lang for lang in person.languages if lang != "English"]
        carer = Hat.CARER in person.hats
        unsuitable = texts.MALE_ONLY if person.female else texts.FEMALE_ONLY
        # Only older people who are not at work look back on a former career.
        retired_ok = person.age in OLDER and person.archetype not in WORKERS
        chosen: list[str] = []
        for slot in range(counts.pick(rng)):
            if slot == 0 and spoken and random() < 0.6:
                kind = K.LANGUAGE
                description, tags = _language_capability(rng, spoken, person.languages)
            else:
                kind = kinds.pick(rng)
                if kind is K.LIVED_EXPERIENCE and carer and random() < 0.6:
                    pool = texts.CARER_EXPERIENCE
                    carer = False  # one caring story each
                elif kind in own_special and random() < 0.4:
                    pool = own_special[kind]
                else:
                    pool = generic[kind]
                description, tags = choice(pool)
                for _retry in range(3):
                    if description in chosen or description in unsuitable:
                        pass
                    elif retired_ok or not description.startswith(("Retired", "Former")):
                        break
                    description, tags = choice(generic[kind])
                else:
                    continue
            chosen.append(description)
            capability_id = new_uuid(rng)
            if random() < CAPABILITY_LINK_CHANCE:
                element = ELEMENTS_BY_KIND[kind].pick(rng)
                links.append(
                    (capability_id, element, strengths.pick(rng), choice(evidence[element]))
                )
            yield Capability(
                id=capability_id,
                person_id=person.id,
                kind=kind,
                description=description,
                tags=tags,
                willing_to_share=random() < 0.9,
            )


def _language_capability(
    rng: Random, spoken: list[str], languages: tuple[str, ...]
) -> texts.Template:
    language = rng.choice(spoken)
    if language == "BSL" and "English" in languages and rng.random() < 0.5:
        return texts.BSL_INTERPRETER
    for pair, template in texts.LANGUAGE_PAIRS.items():
        if language in pair and all(lang in spoken for lang in pair):
            return template
    return texts.LANGUAGE_CAPABILITIES[language]
