"""The sample's community assets (landmarks first, then groups and places made from templates
in every neighbourhood) and the people connected to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from random import Random

from coprod_desktop.domain.records import AssetConnection, CommunityAsset
from coprod_desktop.domain.vocabulary import (
    Access,
    AcvStatus,
    AssetCategory,
    AssetStatus,
    Element,
)
from coprod_desktop.sample.chance import Weighted, new_uuid
from coprod_desktop.sample.data import places, texts
from coprod_desktop.sample.links import STRENGTHS, PendingLink
from coprod_desktop.sample.people import WORKERS, PersonInfo, org_domain

MAX_ASSETS = 400
E = Element
ELEMENTS_FOR_ASSET = Weighted(
    [
        (E.ASSETS, 45),
        (E.PEER_NETWORKS, 20),
        (E.CAPABILITIES, 10),
        (E.FACILITATING, 10),
        (E.RECIPROCITY, 8),
        (E.BLURRING, 7),
    ]
)


# A few landmarks on the council's list of Assets of Community Value, as its register says
# (fixed, not drawn: the rest of the sample stays as it was). The market's owner has given
# notice of sale, so its moratoriums show.
ACV_LANDMARKS: dict[str, dict[str, object]] = {
    "Brackenford Indoor Market": {
        "acv_status": AcvStatus.LISTED,
        "acv_reference": "ACV/2023/004",
        "acv_nominated_by": "Friends of Brackenford Market",
        "acv_nominated_on": date(2023, 4, 3),
        "acv_listed_on": date(2023, 5, 26),
        "acv_sale_notice_on": date(2026, 9, 14),
    },
    "Miners' Welfare Hall, Cwm Derwen": {
        "acv_status": AcvStatus.LISTED,
        "acv_reference": "ACV/2022/011",
        "acv_nominated_by": "Cwm Derwen Community Council",
        "acv_nominated_on": date(2022, 9, 12),
        "acv_listed_on": date(2022, 11, 4),
    },
    "Canolfan Tŷ Gwyn": {
        "acv_status": AcvStatus.NOMINATED,
        "acv_nominated_by": "Tŷ Gwyn Village Hall Committee",
        "acv_nominated_on": date(2026, 10, 5),
    },
    "Victoria Park": {
        "acv_status": AcvStatus.REFUSED,
        "acv_reference": "ACV/2024/002",
        "acv_nominated_by": "Victoria Park Residents' Association",
        "acv_nominated_on": date(2024, 2, 19),
    },
}


def asset_count(people: int) -> int:
    return min(40 + people // 50, MAX_ASSETS)


def make_assets(
    rng: Random,
    wanted: int,
    postcodes: list[list[str]],
    assets: list[tuple[str, int]],
    asset_links: list[PendingLink],
) -> Iterator[CommunityAsset]:
    """Yield `wanted` assets, the landmarks first; add (ID, neighbourhood) of each to `assets`
    and the element links chosen for them to `asset_links`."""
    random = rng.random
    choice = rng.choice
    neighbourhoods = places.NEIGHBOURHOODS
    index_of = {n.name: i for i, n in enumerate(neighbourhoods)}
    statuses = Weighted(
        [(AssetStatus.ACTIVE, 80), (AssetStatus.AT_RISK, 14), (AssetStatus.CLOSED, 6)]
    )
    used: set[str] = set()
    made: list[tuple[str, AssetCategory, AssetStatus, int, str, str]] = []
    for name, category, status, where, description, times in places.LANDMARK_ASSETS:
        if len(made) >= wanted:
            break
        made.append(
            (
                name,
                AssetCategory(category),
                AssetStatus(status),
                index_of[where],
                description,
                times,
            )
        )
        used.add(name)
    combinations = [
        (category, english, welsh, i)
        for category, templates in places.ASSET_TEMPLATES.items()
        for english, welsh in templates
        for i in range(len(neighbourhoods))
    ]
    rng.shuffle(combinations)
    for category, english, welsh, i in combinations:
        if len(made) >= wanted:
            break
        neighbourhood = neighbourhoods[i]
        template = welsh if (neighbourhood.welsh and welsh) else english
        if not template:
            continue
        place = "Brackenford" if neighbourhood.name == "Town Centre" else neighbourhood.name
        name = template.format(nb=place)
        if name in used:
            continue
        used.add(name)
        status = statuses.pick(rng)
        description = choice(places.ASSET_DESCRIPTIONS[category])
        if status is AssetStatus.CLOSED:
            description += " Closed when its funding ended; people still ask about it."
            times = "Closed"
        elif status is AssetStatus.AT_RISK:
            description += " At risk: funding or volunteers are running out."
            times = choice(places.ASSET_OPENING_TIMES[category])
        else:
            times = choice(places.ASSET_OPENING_TIMES[category])
        made.append((name, AssetCategory(category), status, i, description, times))

    links = []
    # Landlines in the drama range, a different one for each asset (there are 1,000).
    phones = rng.sample(range(1000), len(made))
    online_features = {Access.LARGE_PRINT, Access.EASY_READ, Access.BSL}
    for number, (name, category, status, i, description, times) in enumerate(made):
        neighbourhood = neighbourhoods[i]
        features = [
            Access(code)
            for code, chance in places.ASSET_ACCESS_CHANCES
            if code != "welsh" and random() < chance
        ]
        if category is AssetCategory.DIGITAL:
            features = [f for f in features if f in online_features] + [Access.ONLINE]
        if random() < (0.75 if neighbourhood.welsh else 0.05):
            features.append(Access.WELSH)
        if category is AssetCategory.DIGITAL or random() < 0.7:
            contact = f"hello@{org_domain(name)}"
        else:
            contact = f"01632 960{phones[number]:03d}"
        asset_id = new_uuid(rng)
        assets.append((asset_id, i))
        for element in dict.fromkeys(
            ELEMENTS_FOR_ASSET.pick(rng) for _ in range(rng.randint(1, 3))
        ):
            links.append(
                (
                    asset_id,
                    element,
                    STRENGTHS.pick(rng),
                    choice(texts.LINK_EVIDENCE[element.value]),
                )
            )
        yield CommunityAsset(
            id=asset_id,
            name=name,
            category=category,
            status=status,
            area=neighbourhood.name,
            postcode=choice(postcodes[i]),
            contact=contact,
            opening_times=times,
            accessibility=tuple(features),
            description=description,
            **ACV_LANDMARKS.get(name, {}),
        )
    asset_links.extend(links)


def make_connections(
    rng: Random, people: list[PersonInfo], assets: list[tuple[str, int]]
) -> Iterator[AssetConnection]:
    """Yield how people are connected to assets, mostly those near where they live."""
    if not assets:
        return
    random = rng.random
    choice = rng.choice
    by_neighbourhood: dict[int, list[str]] = {}
    for asset_id, i in assets:
        by_neighbourhood.setdefault(i, []).append(asset_id)
    everywhere = [asset_id for asset_id, _i in assets]
    how_many = Weighted([(0, 40), (1, 35), (2, 18), (3, 7)])
    relations = Weighted(texts.RELATIONS)
    resident_relations = Weighted([r for r in texts.RELATIONS if r[0] != "staff"])
    for person in people:
        local = by_neighbourhood.get(person.neighbourhood, everywhere)
        worker = person.archetype in WORKERS
        taken: list[str] = []
        for _ in range(how_many.pick(rng)):
            asset_id = choice(local if random() < 0.75 else everywhere)
            if asset_id in taken:
                continue
            taken.append(asset_id)
            relation = (relations if worker else resident_relations).pick(rng)
            yield AssetConnection(
                id=new_uuid(rng), asset_id=asset_id, person_id=person.id, relation=relation
            )
