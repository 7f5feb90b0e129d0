"""The sample audit: a made-up but plausible co-production audit of a fictional town.

Everything comes from `random.Random(seed)` and dates are counted back from `today`, so the same
(people, seed, today) always gives the same records, UUIDs included. Each part of the audit
(people, capabilities, assets...) draws from its own generator seeded from the main one, so that
changing how one part is made does not reshuffle the others.

Records come out grouped by kind, parents first: all people, then all capabilities, assets,
asset connections, element links, roles, rounds, ratings, actions and reference shares. That is
the order `AuditStore.add_many` needs, and long runs of one kind are what it saves fastest.
"""

from __future__ import annotations

import csv
import unicodedata
import uuid
from bisect import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Generic, TypeVar

from coprod_desktop.domain import equality
from coprod_desktop.domain.records import (
    Action,
    AssessmentRating,
    AssessmentRound,
    AssetConnection,
    Audit,
    Capability,
    CommunityAsset,
    ElementLink,
    Person,
    Record,
    ReferenceShare,
    Role,
)
from coprod_desktop.domain.vocabulary import (
    Access,
    ActionStatus,
    AssetCategory,
    AssetStatus,
    CapabilityKind,
    ConsentScope,
    Element,
    Hat,
    Principle,
    Reciprocity,
    Rung,
    Stage,
)
from coprod_desktop.paths import resource_path
from coprod_desktop.sample.data import names, places, texts

T = TypeVar("T")

DEFAULT_PEOPLE = 300
MAX_ASSETS = 400
MAX_ROLE_HOLDERS = 10_000
REFERENCE_CSV = ("sample", "reference_population.csv")


class Weighted(Generic[T]):
    """Choose among weighted items with one random number and a binary search."""

    __slots__ = ("cumulative", "items", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        self.items: list[T] = []
        self.cumulative: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                self.items.append(item)
                self.cumulative.append(total)
        if not self.items:
            raise ValueError("nothing to choose from")
        self.total = total

    def pick(self, rng: Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def new_uuid(rng: Random) -> str:
    """Return a version-4 UUID made from `rng`, so that the same seed gives the same IDs."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


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


def _tuesday_on_or_before(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 1) % 7)


# -- people ----------------------------------------------------------------------------------

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

AGE_BANDS = ("under_16", "16_24", "25_34", "35_49", "50_64", "65_74", "75_plus")
AGE_RESIDENTS = Weighted(zip(AGE_BANDS, (1.5, 7, 13, 25, 28, 16, 9.5), strict=True))
AGE_WORKERS = Weighted(zip(AGE_BANDS, (0, 3, 25, 38, 32, 2, 0), strict=True))
YOUNG = frozenset(AGE_BANDS[:4])
OLDER = frozenset(AGE_BANDS[5:])
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

# Chance of "Prefer not to say", and of leaving the question out, per equality question.
PREFER_NOT = {
    "age": 0.02,
    "disability": 0.04,
    "gender_identity": 0.04,
    "marriage": 0.04,
    "pregnancy_maternity": 0.03,
    "ethnicity": 0.02,
    "religion": 0.05,
    "sex": 0.015,
    "sexual_orientation": 0.07,
    "unpaid_carer": 0.03,
    "welsh_language": 0.02,
}
SKIPPED = 0.02
EQUALITY_ANSWERED = 0.7

DISABILITY_LIVED = Weighted([("limited_a_lot", 22), ("limited_a_little", 25), ("not_disabled", 53)])
DISABILITY_OLDER = Weighted([("limited_a_lot", 12), ("limited_a_little", 20), ("not_disabled", 68)])
DISABILITY_OTHER = Weighted([("limited_a_lot", 5), ("limited_a_little", 11), ("not_disabled", 84)])
MARRIAGE_BY_AGE = {
    "under_16": Weighted([("never_married", 1)]),
    "16_24": Weighted([("never_married", 96), ("married", 3.5), ("divorced", 0.5)]),
    "25_34": Weighted([("never_married", 55), ("married", 40), ("separated", 2), ("divorced", 3)]),
    "35_49": Weighted(
        [
            ("never_married", 27),
            ("married", 55),
            ("separated", 4),
            ("divorced", 13),
            ("widowed", 1),
        ]
    ),
    "50_64": Weighted(
        [
            ("never_married", 17),
            ("married", 55),
            ("separated", 3),
            ("divorced", 20),
            ("widowed", 5),
        ]
    ),
    "65_74": Weighted(
        [
            ("never_married", 7),
            ("married", 56),
            ("separated", 2),
            ("divorced", 17),
            ("widowed", 18),
        ]
    ),
    "75_plus": Weighted(
        [
            ("never_married", 5),
            ("married", 40),
            ("separated", 1),
            ("divorced", 10),
            ("widowed", 44),
        ]
    ),
}
ORIENTATION_YOUNG = Weighted(
    [("straight", 86), ("gay_lesbian", 4.5), ("bisexual", 7), ("other", 2.5)]
)
ORIENTATION_OLDER = Weighted(
    [("straight", 95), ("gay_lesbian", 3), ("bisexual", 1.5), ("other", 0.5)]
)
CARER_HOURS = Weighted([("up_to_19", 30), ("20_to_49", 30), ("50_plus", 40)])
NOT_CARER_HOURS = Weighted([("no", 90), ("up_to_19", 7), ("20_to_49", 2), ("50_plus", 1)])
RELIGIONS = {c.key: Weighted(c.religions) for c in names.COMMUNITIES}
RELIGION_OLDER_WHITE = Weighted([("christian", 70), ("no_religion", 29), ("other", 1)])


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


# -- element links ---------------------------------------------------------------------------

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
STRENGTHS = Weighted([(0, 5), (1, 35), (2, 40), (3, 20)])
CAPABILITY_LINK_CHANCE = 0.35
PERSON_LINK_CHANCE = 0.08

# -- roles -----------------------------------------------------------------------------------

S = Stage
# Chance of a role at each stage, by kind of person: lived experience mostly at priorities,
# design and delivery and hardly in evaluation; staff dominate planning and evaluation.
STAGE_CHANCES = {
    "lived": {
        S.PRIORITIES: 0.55,
        S.PLANNING: 0.15,
        S.DESIGN: 0.6,
        S.DELIVERY: 0.5,
        S.IMPROVEMENT: 0.3,
        S.EVALUATION: 0.06,
    },
    "community": {
        S.PRIORITIES: 0.5,
        S.PLANNING: 0.12,
        S.DESIGN: 0.45,
        S.DELIVERY: 0.6,
        S.IMPROVEMENT: 0.25,
        S.EVALUATION: 0.05,
    },
    "staff": {
        S.PRIORITIES: 0.45,
        S.PLANNING: 0.85,
        S.DESIGN: 0.55,
        S.DELIVERY: 0.6,
        S.IMPROVEMENT: 0.55,
        S.EVALUATION: 0.8,
    },
    "partner": {
        S.PRIORITIES: 0.4,
        S.PLANNING: 0.45,
        S.DESIGN: 0.5,
        S.DELIVERY: 0.55,
        S.IMPROVEMENT: 0.35,
        S.EVALUATION: 0.35,
    },
}
FIRST_STAGE = {"lived": S.DESIGN, "community": S.DELIVERY, "staff": S.PLANNING, "partner": S.DESIGN}
RUNGS = {
    "lived": Weighted(zip(Rung, (3, 6, 16, 30, 23, 16, 6), strict=True)),
    "community": Weighted(zip(Rung, (2, 5, 20, 30, 23, 14, 6), strict=True)),
    "staff": Weighted(zip(Rung, (0, 0, 3, 7, 20, 30, 40), strict=True)),
    "partner": Weighted(zip(Rung, (0, 1, 6, 17, 30, 26, 20), strict=True)),
    "evaluation": Weighted(zip(Rung, (5, 10, 30, 35, 15, 4, 1), strict=True)),
}
# Chance of a share in decisions, by role class and rung rank (1 to 7).
DECISIONS = {
    "lived": (0, 0, 0.01, 0.03, 0.15, 0.45, 0.7),
    "community": (0, 0, 0.01, 0.03, 0.12, 0.4, 0.65),
    "staff": (0, 0, 0.2, 0.4, 0.65, 0.85, 0.95),
    "partner": (0, 0, 0.1, 0.2, 0.45, 0.65, 0.8),
}
ROLE_CHANCE = {
    "lived": 0.18,
    "carer": 0.14,
    "volunteer": 0.12,
    "community": 0.05,
    "staff": 0.8,
    "professional": 0.45,
    "partner": 0.5,
}
EXPECTED_ROLE_SHARE = sum(w * ROLE_CHANCE[key] for key, w, _h, _e in ARCHETYPES) / sum(
    w for _k, w, _h, _e in ARCHETYPES
)
ROLE_RECIPROCITY = (
    (Reciprocity.EXPENSES, 0.6),
    (Reciprocity.LEARNING, 0.35),
    (Reciprocity.VOUCHERS, 0.25),
    (Reciprocity.RECOGNITION, 0.2),
    (Reciprocity.FRIENDSHIP, 0.2),
    (Reciprocity.EXPERIENCE, 0.15),
    (Reciprocity.ACCESS, 0.1),
)

# -- self-assessment -------------------------------------------------------------------------

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


class SampleAudit:
    """One sample audit: `audit()` is its details, `records()` everything in it."""

    def __init__(
        self, people: int = DEFAULT_PEOPLE, seed: int = 1, today: date | None = None
    ) -> None:
        if people < 0:
            raise ValueError(f"the number of people must be 0 or more, not {people}")
        self.people = people
        self.seed = seed
        self.today = today or date.today()
        master = Random(seed)
        self._audit_id = new_uuid(master)
        # One generator per part, seeded from the main one.
        self._seeds = {
            part: master.getrandbits(64)
            for part in (
                "places",
                "people",
                "capabilities",
                "assets",
                "connections",
                "links",
                "roles",
                "rounds",
                "actions",
                "shares",
            )
        }
        self._people: list[PersonInfo] = []
        self._capability_links: list[tuple[str, Element, int, str]] = []
        self._assets: list[tuple[str, int]] = []  # (id, neighbourhood)
        self._asset_links: list[tuple[str, Element, int, str]] = []
        self._postcodes = self._make_postcodes(Random(self._seeds["places"]))

    # -- the audit ---------------------------------------------------------------------------

    def audit(self) -> Audit:
        start = self.today - timedelta(days=245)
        return Audit(
            id=self._audit_id,
            title=f"{places.TITLE} {start.year}",
            organisation=places.ORGANISATION,
            area=places.AREA,
            purpose=places.PURPOSE,
            start_date=start,
            operators=places.OPERATORS,
        )

    def records(self) -> Iterator[Record]:
        """Yield every record of the sample, parents first, grouped by kind.

        Each call starts afresh and yields the same records again.
        """
        self._people, self._capability_links, self._assets, self._asset_links = [], [], [], []
        yield from self._make_people()
        yield from self._make_capabilities()
        yield from self._make_assets()
        yield from self._make_connections()
        yield from self._make_links()
        yield from self._make_roles()
        yield from self._make_rounds()
        yield from self._make_actions()
        yield from self._make_shares()

    # -- places ------------------------------------------------------------------------------

    @staticmethod
    def _make_postcodes(rng: Random) -> list[list[str]]:
        letters = places.POSTCODE_LETTERS
        result = []
        for neighbourhood in places.NEIGHBOURHOODS:
            codes: list[str] = []
            while len(codes) < 60:
                code = (
                    f"{neighbourhood.district} {rng.randint(1, 9)}"
                    f"{rng.choice(letters)}{rng.choice(letters)}"
                )
                if code not in codes:
                    codes.append(code)
            result.append(codes)
        return result

    # -- people ------------------------------------------------------------------------------

    def _make_people(self) -> Iterator[Person]:
        rng = Random(self._seeds["people"])
        today = self.today
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
        postcodes = self._postcodes
        questions = {q.key: q for q in equality.QUESTIONS}
        assert set(PREFER_NOT) == set(questions), "every equality question needs its chances"
        seen_names: set[str] = set()
        random = rng.random
        randint = rng.randint
        choice = rng.choice
        people = self._people

        for number in range(self.people):
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
                    middle = choice(
                        names.WELSH_MIDDLE_FEMALE if female else names.WELSH_MIDDLE_MALE
                    )
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
                availability = self._availability(rng, age, carer) if random() < 0.9 else ""
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
                self._equality(
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

    @staticmethod
    def _availability(rng: Random, age: str, carer: bool) -> str:
        roll = rng.random()
        if carer and roll < 0.4:
            return rng.choice(texts.AVAILABILITY_CARER)
        if age in OLDER and roll < 0.6:
            return rng.choice(texts.AVAILABILITY_OLDER)
        if age not in OLDER and age != "under_16" and roll < 0.5:
            return rng.choice(texts.AVAILABILITY_WORKING_AGE)
        return rng.choice(texts.AVAILABILITY)

    @staticmethod
    def _equality(
        rng: Random,
        *,
        age: str,
        female: bool,
        lived: bool,
        carer: bool,
        community: names.Community,
        mixed: bool,
        valley: bool,
        languages: Sequence[str],
    ) -> dict[str, str]:
        """Return a person's equality-monitoring answers, consistent with who they are."""
        random = rng.random
        if lived:
            disability = DISABILITY_LIVED.pick(rng)
        elif age in OLDER:
            disability = DISABILITY_OLDER.pick(rng)
        else:
            disability = DISABILITY_OTHER.pick(rng)
        mixed_chance = 0.6 if mixed else (0.03 if community.ethnicity == "white" else 0.0)
        ethnicity = "mixed" if random() < mixed_chance else community.ethnicity
        if community.ethnicity == "white" and age in OLDER and community.key != "polish":
            religion = RELIGION_OLDER_WHITE.pick(rng)
        else:
            religion = RELIGIONS[community.key].pick(rng)
        if "Welsh" in languages:
            welsh = "speaks"
        elif random() < (0.25 if valley else 0.04):
            welsh = "understands_only"
        else:
            welsh = "no_skills"
        pregnant = (
            "yes" if female and age in ("16_24", "25_34", "35_49") and random() < 0.05 else "no"
        )
        answers = {
            "age": age,
            "disability": disability,
            "gender_identity": "different" if random() < 0.008 else "same",
            "marriage": MARRIAGE_BY_AGE[age].pick(rng),
            "pregnancy_maternity": pregnant,
            "ethnicity": ethnicity,
            "religion": religion,
            "sex": "female" if female else "male",
            "sexual_orientation": (ORIENTATION_YOUNG if age in YOUNG else ORIENTATION_OLDER).pick(
                rng
            ),
            "unpaid_carer": (CARER_HOURS if carer else NOT_CARER_HOURS).pick(rng),
            "welsh_language": welsh,
        }
        result = {}
        for question, answer in answers.items():
            roll = random()
            if roll < SKIPPED:
                continue
            result[question] = (
                equality.PREFER_NOT_TO_SAY if roll < SKIPPED + PREFER_NOT[question] else answer
            )
        return result

    # -- capabilities ------------------------------------------------------------------------

    def _make_capabilities(self) -> Iterator[Capability]:
        rng = Random(self._seeds["capabilities"])
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
        links = self._capability_links
        for person in self._people:
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
                    description, tags = self._language_capability(rng, spoken, person.languages)
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

    @staticmethod
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

    # -- community assets ---------------------------------------------------------------------

    def asset_count(self) -> int:
        return min(40 + self.people // 50, MAX_ASSETS)

    def _make_assets(self) -> Iterator[CommunityAsset]:
        rng = Random(self._seeds["assets"])
        random = rng.random
        choice = rng.choice
        neighbourhoods = places.NEIGHBOURHOODS
        index_of = {n.name: i for i, n in enumerate(neighbourhoods)}
        statuses = Weighted(
            [(AssetStatus.ACTIVE, 80), (AssetStatus.AT_RISK, 14), (AssetStatus.CLOSED, 6)]
        )
        wanted = self.asset_count()
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
            self._assets.append((asset_id, i))
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
                postcode=choice(self._postcodes[i]),
                contact=contact,
                opening_times=times,
                accessibility=tuple(features),
                description=description,
            )
        self._asset_links = links

    def _make_connections(self) -> Iterator[AssetConnection]:
        if not self._assets:
            return
        rng = Random(self._seeds["connections"])
        random = rng.random
        choice = rng.choice
        by_neighbourhood: dict[int, list[str]] = {}
        for asset_id, i in self._assets:
            by_neighbourhood.setdefault(i, []).append(asset_id)
        everywhere = [asset_id for asset_id, _i in self._assets]
        how_many = Weighted([(0, 40), (1, 35), (2, 18), (3, 7)])
        relations = Weighted(texts.RELATIONS)
        resident_relations = Weighted([r for r in texts.RELATIONS if r[0] != "staff"])
        for person in self._people:
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

    # -- element links -----------------------------------------------------------------------

    def _make_links(self) -> Iterator[ElementLink]:
        rng = Random(self._seeds["links"])
        random = rng.random
        choice = rng.choice
        evidence = {E(element): notes for element, notes in texts.LINK_EVIDENCE.items()}
        for person in self._people:
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
        for capability_id, element, strength, note in self._capability_links:
            yield ElementLink(
                id=new_uuid(rng),
                element=element,
                capability_id=capability_id,
                strength=strength,
                evidence=note,
            )
        self._capability_links = []
        for asset_id, element, strength, note in self._asset_links:
            yield ElementLink(
                id=new_uuid(rng),
                element=element,
                asset_id=asset_id,
                strength=strength,
                evidence=note,
            )

    # -- roles -------------------------------------------------------------------------------

    def _make_roles(self) -> Iterator[Role]:
        rng = Random(self._seeds["roles"])
        random = rng.random
        choice = rng.choice
        expected = EXPECTED_ROLE_SHARE * len(self._people)
        scale = min(1.0, MAX_ROLE_HOLDERS / expected) if expected else 1.0
        rung_list = list(Rung)
        anchors = len(places.ANCHOR_PEOPLE)
        for number, person in enumerate(self._people):
            # The audit team and the panel's co-chairs always have roles.
            if random() >= ROLE_CHANCE[person.archetype] * scale and number >= anchors:
                continue
            lived = Hat.LIVED_EXPERIENCE in person.hats
            if person.archetype == "staff":
                role_class = "staff"
            elif person.archetype in WORKERS:
                role_class = "partner"
            elif lived:
                role_class = "lived"
            else:
                role_class = "community"
            chances = STAGE_CHANCES[role_class]
            stages = [stage for stage, chance in chances.items() if random() < chance]
            if not stages:
                stages = [FIRST_STAGE[role_class]]
            for stage in stages:
                community_side = role_class in ("lived", "community")
                if stage is S.EVALUATION and community_side:
                    rung = RUNGS["evaluation"].pick(rng)
                else:
                    rung = RUNGS[role_class].pick(rng)
                rank = rung_list.index(rung)
                decides = DECISIONS[role_class][rank]
                if stage is S.EVALUATION and community_side:
                    decides *= 0.3
                decisions = random() < decides
                if role_class == "staff":
                    title = person.title
                    paid, reciprocity = True, ()
                elif role_class == "partner":
                    title = person.title
                    paid = random() < 0.65
                    reciprocity = (Reciprocity.EXPENSES,) if random() < 0.3 else ()
                else:
                    title = self._community_title(rng, stage, rung)
                    paid = random() < (0.14 if lived else 0.05) + (0.1 if rank >= 5 else 0)
                    wanted = [r for r, chance in ROLE_RECIPROCITY if random() < chance]
                    if paid:
                        wanted.insert(0, Reciprocity.PAYMENT)
                    reciprocity = tuple(wanted)
                yield Role(
                    id=new_uuid(rng),
                    person_id=person.id,
                    stage=stage,
                    rung=rung,
                    title=title,
                    decisions=decisions,
                    paid=paid,
                    reciprocity=reciprocity,
                    notes=choice(texts.ROLE_NOTES) if random() < 0.07 else "",
                )

    @staticmethod
    def _community_title(rng: Random, stage: Stage, rung: Rung) -> str:
        if stage is S.EVALUATION and rung in (Rung.CO_DESIGN, Rung.CO_PRODUCTION):
            return rng.choice(texts.EVALUATION_PEER_TITLES)
        title = rng.choice(texts.COMMUNITY_TITLES_BY_RUNG[rung.value])
        return title.format(group=texts.COMMUNITY_TITLES_BY_STAGE[stage.value])

    # -- self-assessment ---------------------------------------------------------------------

    def _make_rounds(self) -> Iterator[Record]:
        rng = Random(self._seeds["rounds"])
        rounds = []
        for number, days in enumerate(ROUND_DAYS_AGO):
            held_on = _tuesday_on_or_before(self.today - timedelta(days=days))
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

    # -- actions and reference population ----------------------------------------------------

    def _make_actions(self) -> Iterator[Action]:
        rng = Random(self._seeds["actions"])
        today = self.today
        owners = list(places.OPERATOR_NAMES)
        for person in self._people:
            if person.archetype in ("staff", "partner") and len(owners) < 12:
                owners.append(person.name)
        owners += [organisation for organisation, _w in places.ORGANISATIONS_PARTNER[:4]]
        neighbourhood_names = [
            "Brackenford" if n.name == "Town Centre" else n.name for n in places.NEIGHBOURHOODS
        ]
        extra = min(16, self.people // 6000)
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
                yield self._action(rng, title, element, owners, today)
        for title in texts.GENERAL_ACTIONS:
            yield self._action(rng, title, None, owners, today)

    @staticmethod
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

    def _make_shares(self) -> Iterator[ReferenceShare]:
        rng = Random(self._seeds["shares"])
        for question, group, share in read_reference_population():
            yield ReferenceShare(
                id=new_uuid(rng),
                question=question,
                group=group,
                share=share,
                source=places.REFERENCE_SOURCE,
            )
