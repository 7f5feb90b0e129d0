"""The sample's roles: who takes part at which stage of the work, on which rung of the ladder,
with a share in decisions or not, paid or not, and what they get back.
"""

from __future__ import annotations

from collections.abc import Iterator
from random import Random

from coprod_desktop.domain.records import Role
from coprod_desktop.domain.vocabulary import Hat, Reciprocity, Rung, Stage
from coprod_desktop.sample.chance import Weighted, new_uuid
from coprod_desktop.sample.data import places, texts
from coprod_desktop.sample.people import ARCHETYPES, WORKERS, PersonInfo

MAX_ROLE_HOLDERS = 10_000
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


def make_roles(rng: Random, people: list[PersonInfo]) -> Iterator[Role]:
    """Yield the roles of some people at the stages of the work, on a rung of the ladder."""
    random = rng.random
    choice = rng.choice
    expected = EXPECTED_ROLE_SHARE * len(people)
    scale = min(1.0, MAX_ROLE_HOLDERS / expected) if expected else 1.0
    rung_list = list(Rung)
    anchors = len(places.ANCHOR_PEOPLE)
    for number, person in enumerate(people):
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
                title = _community_title(rng, stage, rung)
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


def _community_title(rng: Random, stage: Stage, rung: Rung) -> str:
    if stage is S.EVALUATION and rung in (Rung.CO_DESIGN, Rung.CO_PRODUCTION):
        return rng.choice(texts.EVALUATION_PEER_TITLES)
    title = rng.choice(texts.COMMUNITY_TITLES_BY_RUNG[rung.value])
    return title.format(group=texts.COMMUNITY_TITLES_BY_STAGE[stage.value])
