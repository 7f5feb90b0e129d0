"""The sample's people: who they are, their names, homes, languages, contact details, what they
want in return for taking part, their access needs and consent.

A few anchor people (the audit team, the panel's co-chairs: `places.ANCHOR_PEOPLE`) come first
and are always the same; the others are drawn from archetypes. What the later parts of the
sample need to know about each person is kept in a `PersonInfo`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from coprod_desktop.domain import equality
from coprod_desktop.domain.records import Person
from coprod_desktop.domain.vocabulary import Access, ConsentScope, Hat, Reciprocity
from coprod_desktop.sample.chance import Weighted, new_uuid
from coprod_desktop.sample.data import names, places, texts
from coprod_desktop.sample.equality_answers import (
    AGE_BANDS,
    EQUALITY_ANSWERED,
    OLDER,
    PREFER_NOT,
    YOUNG,
    equality_answers,
)

_ASCII_CACHE: dict[str, str] = {}


def ascii_word(text: str) -> str:
    """Return `text` in lower-case ASCII letters and digits only, for e-mail addresses."""
    cached = _ASCII_CACHE.get(text)
    if cached is None:
        decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
        cached = "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()
        _ASCII_CACHE[text] = cached
    return cached


def org_domain(organisation: str) -> str:
    """Return a made-up e-mail domain under example.org for an organisation."""
    skip = {"and", "of", "the"}
    words = [ascii_word(w) for w in organisation.replace("(", " ").replace(")", " ").split()]
    words = [w for w in words if w and w not in skip]
    label = "".join(words) if len(words) <= 2 else "".join(w[0] for w in words)
    return f"{label}.example.org"


def add_years(day: date, years: int) -> date:
    """Return the same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# Archetypes of the people around the project: (key, weight, hats always worn, other hats with
# their chances). Most are residents; a few are staff, professionals or partners.
ARCHETYPES: tuple[tuple[str, float, tuple[Hat, ...], tuple[tuple[Hat, float], ...]], ...] = (
    (
        "lived",
        28,
        (Hat.LIVED_EXPERIENCE, Hat.COMMUNITY_MEMBER),
        ((Hat.VOLUNTEER, 0.3), (Hat.CARER, 0.12)),
    ),
    (
        "carer",
        16,
        (Hat.CARER, Hat.COMMUNITY_MEMBER),
        ((Hat.LIVED_EXPERIENCE, 0.25), (Hat.VOLUNTEER, 0.2)),
    ),
    (
        "volunteer",
        22,
        (Hat.VOLUNTEER, Hat.COMMUNITY_MEMBER),
        ((Hat.LIVED_EXPERIENCE, 0.2), (Hat.CARER, 0.1)),
    ),
    ("community", 14, (Hat.COMMUNITY_MEMBER,), ((Hat.VOLUNTEER, 0.1), (Hat.CARER, 0.08))),
    (
        "staff",
        8,
        (Hat.STAFF,),
        ((Hat.LIVED_EXPERIENCE, 0.15), (Hat.COMMUNITY_MEMBER, 0.3), (Hat.CARER, 0.08)),
    ),
    ("professional", 5, (Hat.PROFESSIONAL,), ((Hat.COMMUNITY_MEMBER, 0.2), (Hat.CARER, 0.05))),
    (
        "partner",
        7,
        (Hat.PARTNER_ORGANISATION,),
        ((Hat.VOLUNTEER, 0.2), (Hat.LIVED_EXPERIENCE, 0.15), (Hat.COMMUNITY_MEMBER, 0.15)),
    ),
)
WORKERS = frozenset({"staff", "professional", "partner"})
HAT_ORDER = list(Hat)

AGE_RESIDENTS = Weighted(zip(AGE_BANDS, (1.5, 7, 13, 25, 28, 16, 9.5), strict=True))
AGE_WORKERS = Weighted(zip(AGE_BANDS, (0, 3, 25, 38, 32, 2, 0), strict=True))
FEMALE_SHARE = {"staff": 0.7, "professional": 0.6, "partner": 0.65}
FEMALE_SHARE_RESIDENT = 0.62

RECIPROCITY_WANTED = (
    (Reciprocity.EXPENSES, 0.45),
    (Reciprocity.LEARNING, 0.3),
    (Reciprocity.FRIENDSHIP, 0.3),
    (Reciprocity.RECOGNITION, 0.2),
    (Reciprocity.PAYMENT, 0.2),
    (Reciprocity.EXPERIENCE, 0.15),
    (Reciprocity.VOUCHERS, 0.15),
    (Reciprocity.ACCESS, 0.1),
)
ACCESS_NEEDS = Weighted(
    [
        (Access.STEP_FREE, 14),
        (Access.ACCESSIBLE_TOILET, 8),
        (Access.HEARING_LOOP, 10),
        (Access.LARGE_PRINT, 9),
        (Access.EASY_READ, 7),
        (Access.QUIET_SPACE, 14),
        (Access.PUBLIC_TRANSPORT, 12),
        (Access.PARKING, 8),
        (Access.ONLINE, 10),
        (Access.WELSH, 6),
    ]
)
CONSENT_SCOPES = Weighted(
    [(ConsentScope.INTERNAL, 70), (ConsentScope.PARTNERS, 22), (ConsentScope.PUBLIC, 8)]
)


@dataclass(slots=True)
class PersonInfo:
    """What later parts of the sample need to know about a person it made."""

    id: str
    name: str
    archetype: str
    community: str
    hats: tuple[Hat, ...]
    neighbourhood: int
    languages: tuple[str, ...]
    female: bool
    age: str
    title: str  # job title of staff, professionals and partners


def make_people(
    rng: Random,
    count: int,
    today: date,
    postcodes: list[list[str]],
    people: list[PersonInfo],
) -> Iterator[Person]:
    """Yield `count` people, and add what later parts need to know of each to `people`."""
    communities = {c.key: c for c in names.COMMUNITIES}
    community_pick = Weighted(
        [(c.key, c.weight) for c in names.COMMUNITIES] + [("mixed", names.MIXED_WEIGHT)]
    )
    any_community = Weighted([(c.key, c.weight) for c in names.COMMUNITIES])
    archetypes = Weighted([((key, base, extra), w) for key, w, base, extra in ARCHETYPES])
    archetype_by_key = {key: (key, base, extra) for key, _w, base, extra in ARCHETYPES}
    anchors = places.ANCHOR_PEOPLE
    hat_tuples = {
        mask: tuple(h for i, h in enumerate(HAT_ORDER) if mask & (1 << i))
        for mask in range(1 << len(HAT_ORDER))
    }
    hat_bit = {h: 1 << i for i, h in enumerate(HAT_ORDER)}
    town = Weighted([(i, n.weight) for i, n in enumerate(places.NEIGHBOURHOODS) if not n.welsh])
    valley = Weighted([(i, n.weight) for i, n in enumerate(places.NEIGHBOURHOODS) if n.welsh])
    valley_chance = {"welsh": 0.72, "english": 0.15}
    work_orgs = {
        "staff": Weighted([((o, jobs), w) for o, w, jobs in places.ORGANISATIONS_STAFF]),
        "professional": Weighted(
            [((o, jobs), w) for o, w, jobs in places.ORGANISATIONS_PROFESSIONAL]
        ),
    }
    partner_orgs = Weighted(places.ORGANISATIONS_PARTNER)
    partner_jobs = Weighted(texts.PARTNER_JOBS)
    domains = {
        organisation: org_domain(organisation)
        for organisation, *_rest in (
            *places.ORGANISATIONS_STAFF,
            *places.ORGANISATIONS_PROFESSIONAL,
            *places.ORGANISATIONS_PARTNER,
        )
    }
    surname_pools = {
        (c.key, female): c.surnames + (c.female_surnames if female else c.male_surnames)
        for c in names.COMMUNITIES
        for female in (True, False)
    }
    neighbourhoods = places.NEIGHBOURHOODS
    questions = {q.key: q for q in equality.QUESTIONS}
    assert set(PREFER_NOT) == set(questions), "every equality question needs its chances"
    seen_names: set[str] = set()
    random = rng.random
    randint = rng.randint
    choice = rng.choice

    for number in range(count):
        anchor = anchors[number] if number < len(anchors) else None
        if anchor is None:
            key, base_hats, extra_hats = archetypes.pick(rng)
        else:
            key, base_hats, extra_hats = archetype_by_key[anchor[2]]
        worker = key in WORKERS
        mask = 0
        if anchor is not None:
            for hat_code in anchor[4]:
                mask |= hat_bit[Hat(hat_code)]
        for hat in base_hats:
            mask |= hat_bit[hat]
        for hat, chance in extra_hats:
            if random() < chance:
                mask |= hat_bit[hat]
        hats = hat_tuples[mask]
        lived = bool(mask & hat_bit[Hat.LIVED_EXPERIENCE])
        carer = bool(mask & hat_bit[Hat.CARER])
        age = (AGE_WORKERS if worker else AGE_RESIDENTS).pick(rng)
        female = random() < FEMALE_SHARE.get(key, FEMALE_SHARE_RESIDENT)
        if anchor is not None:
            female = anchor[3]

        # Name, from one community (or two, for people of mixed heritage).
        community_key = community_pick.pick(rng) if anchor is None else anchor[1]
        mixed = community_key == "mixed"
        if mixed:
            given_from = communities[any_community.pick(rng)]
            community = communities[any_community.pick(rng)]
            community_key = given_from.key
        else:
            community = given_from = communities[community_key]
        name = ""
        for attempt in range(4):
            young_pool = given_from.female_young if female else given_from.male_young
            pool = young_pool if (young_pool and age in YOUNG) else None
            if pool is None:
                pool = given_from.female if female else given_from.male
            given = choice(pool)
            surname = choice(surname_pools[community.key, female])
            if female and community.key == "polish":
                surname = names.feminine_surname(surname)
            if community.key == "welsh" and random() < 0.12:
                middle = choice(names.WELSH_MIDDLE_FEMALE if female else names.WELSH_MIDDLE_MALE)
                name = f"{given} {middle} {surname}"
            elif attempt == 3:
                name = f"{given} {choice('ABCDEFGHJKLMNPRSTW')}. {surname}"
            else:
                name = f"{given} {surname}"
            if name not in seen_names:
                break
        if anchor is not None:
            name = anchor[0]
            given, surname = name.split(" ", 1)
        seen_names.add(name)

        # Where they live and what they speak.
        valley_home = random() < valley_chance.get(community.key, 0.06)
        neighbourhood = (valley if valley_home else town).pick(rng)
        languages = [] if random() < community.no_english else ["English"]
        for language, chance in community.languages:
            if random() < chance:
                languages.append(language)
        if given_from is not community:
            for language, chance in given_from.languages:
                if language not in languages and random() < chance * 0.5:
                    languages.append(language)
        if "Welsh" not in languages and random() < (0.08 if valley_home else 0.02):
            languages.append("Welsh")
        deaf = random() < 0.012
        if deaf:
            languages.insert(0, "BSL")
        elif random() < 0.01:
            languages.append("BSL")
        if not languages:
            languages = ["English"]

        # Organisation and contact details.
        title = ""
        if anchor is not None:
            organisation, title = anchor[5], anchor[6]
        elif key in work_orgs:
            organisation, jobs = work_orgs[key].pick(rng)
            title = choice(jobs)
            if key == "staff" and lived and random() < 0.5:
                title = texts.PEER_WORKER_TITLE
        elif key == "partner":
            organisation = partner_orgs.pick(rng)
            title = partner_jobs.pick(rng)
        elif Hat.VOLUNTEER in hats and random() < 0.25:
            organisation = choice(places.ORGANISATIONS_COMMUNITY)
        else:
            organisation = ""
        first_ascii = ascii_word(given)
        last_ascii = ascii_word(surname)
        if worker:
            email = f"{first_ascii}.{last_ascii}@{domains[organisation]}"
        elif age != "under_16" and random() < 0.75:
            style = random()
            domain = choice(places.EMAIL_DOMAINS)
            if style < 0.4:
                email = f"{first_ascii}.{last_ascii}@{domain}"
            elif style < 0.7:
                email = f"{first_ascii}{last_ascii}{randint(1, 99)}@{domain}"
            else:
                email = f"{first_ascii[0]}{last_ascii}@{domain}"
        else:
            email = ""
        if random() < 0.87:
            if age in OLDER and random() < 0.4:
                phone = f"01632 960{randint(0, 999):03d}"
            else:
                phone = f"07700 900{randint(0, 999):03d}"
        else:
            phone = ""
        address = ""
        if not worker and random() < 0.65:
            home = neighbourhoods[neighbourhood]
            address = (
                f"{randint(1, 140)} {choice(home.streets)}, {home.name} "
                f"{choice(postcodes[neighbourhood])}"
            )

        # Taking part: availability, what they want back, access needs, consent.
        if worker:
            availability = choice(texts.AVAILABILITY_STAFF)
            wants: tuple[Reciprocity, ...] = (Reciprocity.LEARNING,) if random() < 0.2 else ()
            reciprocity_note = ""
        else:
            availability = _availability(rng, age, carer) if random() < 0.9 else ""
            wants = tuple(r for r, chance in RECIPROCITY_WANTED if random() < chance)
            reciprocity_note = choice(texts.RECIPROCITY_NOTES) if random() < 0.2 else ""
        needs: list[Access] = []
        if deaf:
            needs.append(Access.BSL)
        if random() < (0.35 if lived or age in OLDER else 0.15):
            needs.append(ACCESS_NEEDS.pick(rng))
            if random() < 0.3:
                another = ACCESS_NEEDS.pick(rng)
                if another not in needs:
                    needs.append(another)
        welsh_speaker = valley_home and "Welsh" in languages
        if welsh_speaker and Access.WELSH not in needs and random() < 0.3:
            needs.append(Access.WELSH)
        accessibility_note = (
            texts.ACCESSIBILITY_NOTES[needs[0].value] if needs and random() < 0.6 else ""
        )
        if random() < 0.92:
            consent_date = today - timedelta(days=randint(14, 720))
            consent_scope = CONSENT_SCOPES.pick(rng)
            consent_review = add_years(consent_date, 1 if random() < 0.25 else 2)
        else:
            consent_date = consent_scope = consent_review = None
        notes = choice(texts.PERSON_NOTES) if random() < 0.08 else ""

        answers = (
            equality_answers(
                rng,
                age=age,
                female=female,
                lived=lived,
                carer=carer,
                community=community,
                mixed=mixed,
                valley=valley_home,
                languages=languages,
            )
            if random() < EQUALITY_ANSWERED
            else {}
        )

        person_id = new_uuid(rng)
        language_tuple = tuple(languages)
        people.append(
            PersonInfo(
                person_id,
                name,
                key,
                community_key,
                hats,
                neighbourhood,
                language_tuple,
                female,
                age,
                title,
            )
        )
        yield Person(
            id=person_id,
            name=name,
            hats=hats,
            organisation=organisation,
            email=email,
            phone=phone,
            address=address,
            languages=language_tuple,
            availability=availability,
            wants_in_return=wants,
            reciprocity_note=reciprocity_note,
            accessibility_needs=tuple(needs),
            accessibility_note=accessibility_note,
            consent_date=consent_date,
            consent_scope=consent_scope,
            consent_review=consent_review,
            notes=notes,
            equality=answers,
        )


def _availability(rng: Random, age: str, carer: bool) -> str:
    roll = rng.random()
    if carer and roll < 0.4:
        return rng.choice(texts.AVAILABILITY_CARER)
    if age in OLDER and roll < 0.6:
        return rng.choice(texts.AVAILABILITY_OLDER)
    if age not in OLDER and age != "under_16" and roll < 0.5:
        return rng.choice(texts.AVAILABILITY_WORKING_AGE)
    return rng.choice(texts.AVAILABILITY)
