"""The equality-monitoring answers of the sample's people, consistent with who they are.

Ages come first (the rest of a person is drawn for their age); then disability, marriage,
religion and the other questions, with the chances of "Prefer not to say" and of a question
left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random

from coprod_desktop.domain import equality
from coprod_desktop.sample.chance import Weighted
from coprod_desktop.sample.data import names

AGE_BANDS = ("under_16", "16_24", "25_34", "35_49", "50_64", "65_74", "75_plus")
AGE_RESIDENTS = Weighted(zip(AGE_BANDS, (1.5, 7, 13, 25, 28, 16, 9.5), strict=True))
AGE_WORKERS = Weighted(zip(AGE_BANDS, (0, 3, 25, 38, 32, 2, 0), strict=True))
YOUNG = frozenset(AGE_BANDS[:4])
OLDER = frozenset(AGE_BANDS[5:])

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


def equality_answers(
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
    pregnant = "yes" if female and age in ("16_24", "25_34", "35_49") and random() < 0.05 else "no"
    answers = {
        "age": age,
        "disability": disability,
        "gender_identity": "different" if random() < 0.008 else "same",
        "marriage": MARRIAGE_BY_AGE[age].pick(rng),
        "pregnancy_maternity": pregnant,
        "ethnicity": ethnicity,
        "religion": religion,
        "sex": "female" if female else "male",
        "sexual_orientation": (ORIENTATION_YOUNG if age in YOUNG else ORIENTATION_OLDER).pick(rng),
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
