"""The domain: every code has a label, the elements are explained, records are validated."""

from datetime import date, timedelta

import pytest

from coprod_desktop.domain import (
    ELEMENT_INFO,
    Access,
    ActionStatus,
    AssessmentRating,
    AssetCategory,
    AssetStatus,
    Audit,
    Band,
    Capability,
    CapabilityKind,
    ConsentScope,
    Element,
    ElementLink,
    Hat,
    LinkTarget,
    Naming,
    Person,
    Principle,
    PrivacyLevel,
    Rating,
    Reciprocity,
    ReferenceShare,
    Rung,
    Stage,
    ValidationError,
    problems,
    validate,
)
from coprod_desktop.domain.equality import PREFER_NOT_TO_SAY, QUESTIONS

CODED = [
    Naming,
    Element,
    Stage,
    Band,
    Rung,
    Principle,
    Hat,
    CapabilityKind,
    AssetCategory,
    AssetStatus,
    ConsentScope,
    PrivacyLevel,
    ActionStatus,
    Reciprocity,
    Access,
    LinkTarget,
]


@pytest.mark.parametrize("enum", CODED, ids=lambda e: e.__name__)
def test_every_code_has_a_plain_label(enum):
    for member in enum:
        assert member.label.strip(), member
        assert "_" not in member.label, f"{member!r} shows an internal name"
        assert enum.from_code(member.value) is member


def test_design_vocabulary_is_complete():
    assert [e.value for e in Element] == [
        "capabilities",
        "reciprocity",
        "peer_networks",
        "blurring",
        "facilitating",
        "assets",
    ]
    assert [s.value for s in Stage] == [
        "priorities",
        "planning",
        "design",
        "delivery",
        "improvement",
        "evaluation",
    ]
    assert len(Hat) == 7 and len(CapabilityKind) == 6 and len(AssetCategory) == 6
    assert [p.value for p in Principle] == ["equality", "diversity", "accessibility", "reciprocity"]
    assert [r.label for r in Rating] == [
        "Not yet",
        "Starting out",
        "Developing",
        "Established",
        "Embedded",
    ]


def test_elements_have_both_namings_and_an_explanation():
    nef = {e: e.name_in(Naming.NEF) for e in Element}
    assert nef[Element.CAPABILITIES] == "Capacity"
    assert nef[Element.FACILITATING] == "Catalysts"
    assert Element.BLURRING.name_in(Naming.LGA) == "Blurring distinctions"
    for element in Element:
        info = ELEMENT_INFO[element]
        assert len(info.explanation.split()) > 40, element  # a real paragraph
        assert info.lga_name and info.nef_name and info.summary


def test_ladder_rungs_are_ordered_in_three_bands():
    assert [r.rank for r in Rung] == list(range(1, 8))
    assert [r.band for r in Rung] == [Band.DOING_TO] * 2 + [Band.DOING_FOR] * 3 + [
        Band.DOING_WITH
    ] * 2
    assert all(r.description for r in Rung)


def test_unknown_code_names_the_allowed_codes():
    with pytest.raises(ValueError, match="design, delivery"):
        Stage.from_code("designing")


def test_equality_questions_cover_the_act_and_allow_prefer_not_to_say():
    keys = {q.key for q in QUESTIONS}
    assert {
        "age",
        "disability",
        "gender_identity",
        "marriage",
        "pregnancy_maternity",
        "ethnicity",
        "religion",
        "sex",
        "sexual_orientation",
        "unpaid_carer",
        "welsh_language",
    } == keys
    for question in QUESTIONS:
        assert question.codes[-1] == PREFER_NOT_TO_SAY
        assert len(set(question.codes)) == len(question.codes)
    ethnicity = next(q for q in QUESTIONS if q.key == "ethnicity")
    assert len(ethnicity.answers) == 6  # the Census 2021 five high-level groups + prefer not


def test_person_validation_names_each_bad_field():
    today = date(2026, 11, 23)
    person = Person(
        name="  ",
        email="no-at-sign.example.org",
        consent_date=today + timedelta(days=1),
        consent_scope=ConsentScope.PARTNERS,
        equality={"ethnicity": "martian"},
    )
    found = {p.field for p in problems(person, today)}
    assert found == {"name", "email", "consent_date", "equality"}
    with pytest.raises(ValidationError, match="not an email address"):
        validate(person, today)


def test_good_records_pass():
    today = date(2026, 11, 23)
    records = [
        Audit(title="Audit"),
        Person(
            name="Llŷr ap Siôn 🌱",
            email="llyr@example.org",
            consent_date=today,
            consent_scope=ConsentScope.PUBLIC,
            consent_review=today + timedelta(days=365),
            equality={"welsh_language": "speaks", "age": PREFER_NOT_TO_SAY},
            notes="سلام\nשלום\tline",
        ),
        Capability(person_id="p", kind=CapabilityKind.LANGUAGE, description="x" * 10_000),
        ElementLink(element=Element.ASSETS, asset_id="a", strength=3),
        AssessmentRating(round_id="r", principle=Principle.EQUALITY, score=None),
        ReferenceShare(question="sex", group="female", share=0.51),
    ]
    for record in records:
        assert problems(record, today) == [], record


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "esc\x1b[0m", "del\x7f"])
def test_control_characters_are_refused(bad):
    (problem,) = problems(Person(name=bad))
    assert problem.field == "name" and "control character" in problem.message


def test_link_needs_exactly_one_target_and_a_strength_in_range():
    assert {p.field for p in problems(ElementLink(element=Element.ASSETS))} == {"target"}
    link = ElementLink(element=Element.ASSETS, person_id="p", asset_id="a", strength=4)
    assert {p.field for p in problems(link)} == {"target", "strength"}


def test_rating_is_of_one_subject_on_the_scale():
    both = AssessmentRating(
        round_id="r", element=Element.ASSETS, principle=Principle.DIVERSITY, score=6
    )
    assert {p.field for p in problems(both)} == {"subject", "score"}
