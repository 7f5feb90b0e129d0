"""The four principles measured from the records, on small audits worked out by hand."""

from coprod_desktop.analysis import analyse
from coprod_desktop.analysis.leaving_out import leaving_out
from coprod_desktop.analysis.principles import principles
from coprod_desktop.domain import (
    Access,
    AssetCategory,
    AssetStatus,
    CommunityAsset,
    Hat,
    Person,
    Reciprocity,
    Role,
    Rung,
    Stage,
)

LIVED = Hat.LIVED_EXPERIENCE


def person(store, name, *hats, roles=(), **fields):
    """Add a person wearing `hats`; `roles` are dicts of Role fields (stage and rung needed)."""
    added = Person(name=name, hats=tuple(hats), **fields)
    store.add_many(
        [added, *(Role(person_id=added.id, **{"rung": Rung.CO_DESIGN, **role}) for role in roles)]
    )
    return added


def measure(store):
    return principles(store, leaving_out(store))


def test_equality_by_hat(store):
    # Lived experience (3 with roles): Lee decides, is titled and paid (in two different roles);
    # Cat (also a carer) only takes part; Lou decides. Staff (2): both decide and are titled,
    # one is paid. Ned has no role; Gone is deleted.
    person(
        store,
        "Lee",
        LIVED,
        roles=[
            {"stage": Stage.DESIGN, "decisions": True},
            {"stage": Stage.DELIVERY, "title": "Peer lead", "paid": True},
        ],
    )
    person(store, "Cat", LIVED, Hat.CARER, roles=[{"stage": Stage.DESIGN}])
    person(store, "Lou", LIVED, roles=[{"stage": Stage.PLANNING, "decisions": True}])
    person(
        store,
        "Sam",
        Hat.STAFF,
        roles=[{"stage": Stage.DESIGN, "decisions": True, "title": "Manager", "paid": True}],
    )
    person(
        store,
        "Sid",
        Hat.STAFF,
        roles=[{"stage": Stage.DESIGN, "decisions": True, "title": "Officer"}],
    )
    person(store, "Ned", LIVED)
    gone = person(store, "Gone", LIVED, roles=[{"stage": Stage.DESIGN, "paid": True}])
    store.delete(Person, gone.id)

    equality = measure(store).equality
    by_hat = {h.hat: h for h in equality.by_hat}
    assert list(by_hat) == list(Hat)
    lived = by_hat[LIVED]
    assert (lived.with_roles, lived.decision_makers, lived.titled, lived.paid) == (3, 2, 1, 1)
    staff = by_hat[Hat.STAFF]
    assert (staff.with_roles, staff.decision_makers, staff.titled, staff.paid) == (2, 2, 2, 1)
    carer = by_hat[Hat.CARER]
    assert (carer.with_roles, carer.decision_makers, carer.titled, carer.paid) == (1, 0, 0, 0)
    assert by_hat[Hat.VOLUNTEER].with_roles == 0
    assert lived.share(lived.decision_makers) == 2 / 3
    assert by_hat[Hat.VOLUNTEER].share(0) == 0.0
    assert equality.sentence == (
        "Of the 3 people with lived experience who hold a role, 67% take part in decisions, "
        "33% have a role title and 33% are paid; of the 2 staff, 100%, 100% and 50%."
    )
    data = analyse(store).to_json()["principles"]["equality"]
    assert data["by_hat"]["lived_experience"] == {
        "with_roles": 3,
        "decision_makers": 2,
        "titled": 1,
        "paid": 1,
    }
    assert data["rating"] is None  # no self-assessment yet
    assert "counts under each of them" in data["rule"]


def test_equality_sentences_without_lived_experience_or_staff(store):
    assert measure(store).equality.sentence == "Nobody with lived experience holds a role yet."
    person(store, "Lee", LIVED, roles=[{"stage": Stage.DESIGN}])
    assert measure(store).equality.sentence.endswith("; no staff hold a role.")


def test_accessibility_needs_are_met_only_by_active_assets(store):
    person(store, "Ann", accessibility_needs=(Access.STEP_FREE, Access.HEARING_LOOP))
    person(store, "Bob", accessibility_needs=(Access.STEP_FREE,))
    person(store, "Cy", accessibility_needs=(Access.BSL,))
    person(store, "Dee")
    gone = person(store, "Gone", accessibility_needs=(Access.QUIET_SPACE,))
    store.delete(Person, gone.id)
    store.add(
        CommunityAsset(
            name="Hall",
            category=AssetCategory.PHYSICAL_SPACES,
            accessibility=(Access.STEP_FREE, Access.PARKING),
        )
    )
    store.add(
        CommunityAsset(
            name="Old library",
            category=AssetCategory.INSTITUTIONS,
            status=AssetStatus.CLOSED,
            accessibility=(Access.HEARING_LOOP,),
        )
    )
    store.add(
        CommunityAsset(
            name="Chapel",
            category=AssetCategory.PHYSICAL_SPACES,
            status=AssetStatus.AT_RISK,
            accessibility=(Access.BSL,),
        )
    )
    pulled_down = store.add(
        CommunityAsset(
            name="Centre", category=AssetCategory.PHYSICAL_SPACES, accessibility=(Access.BSL,)
        )
    )
    store.delete(CommunityAsset, pulled_down.id)

    access = measure(store).accessibility
    needs = {n.need: n for n in access.needs}
    assert access.needs[0].need is Access.STEP_FREE  # the most needed first
    assert set(needs) == set(Access)
    assert access.people_with_needs == 3
    assert (needs[Access.STEP_FREE].people, needs[Access.STEP_FREE].assets) == (2, 1)
    assert needs[Access.STEP_FREE].met
    assert (needs[Access.HEARING_LOOP].people, needs[Access.HEARING_LOOP].met) == (1, False)
    assert (needs[Access.BSL].people, needs[Access.BSL].met) == (1, False)
    assert (needs[Access.QUIET_SPACE].people, needs[Access.PARKING].assets) == (0, 1)
    assert [n.need for n in access.unmet] == [Access.HEARING_LOOP, Access.BSL]
    assert access.sentence == (
        "3 people recorded access needs. No active community asset offers: hearing loop (1), "
        "british sign language interpreter (1)."
    )
    data = analyse(store).to_json()["principles"]["accessibility"]
    assert data["needs"]["hearing_loop"] == {"people": 1, "assets": 0, "met": False}
    assert data["needs"]["step_free"] == {"people": 2, "assets": 1, "met": True}


def test_accessibility_sentences_when_nobody_needs_anything_or_every_need_is_met(store):
    assert measure(store).accessibility.sentence == "Nobody has recorded an access need yet."
    person(store, "Ann", accessibility_needs=(Access.ONLINE,))
    person(store, "Bob", accessibility_needs=(Access.ONLINE,))
    store.add(
        CommunityAsset(name="Zoom", category=AssetCategory.DIGITAL, accessibility=(Access.ONLINE,))
    )
    assert measure(store).accessibility.sentence == (
        "2 people recorded access needs; every need is offered by at least one active community "
        "asset."
    )


def test_reciprocity_asked_against_given(store):
    # Ann asked for payment and learning; her role is paid: payment given.
    person(
        store,
        "Ann",
        wants_in_return=(Reciprocity.PAYMENT, Reciprocity.LEARNING),
        roles=[{"stage": Stage.DESIGN, "paid": True}],
    )
    # Bob asked for friendship; his role gives learning: he gets none of what he asked for.
    person(
        store,
        "Bob",
        wants_in_return=(Reciprocity.FRIENDSHIP,),
        roles=[{"stage": Stage.DESIGN, "reciprocity": (Reciprocity.LEARNING,)}],
    )
    # Cy asked for learning but has no role: asked, not given, not "getting nothing".
    person(store, "Cy", wants_in_return=(Reciprocity.LEARNING,))
    # Dee asked for learning; her second role gives it.
    person(
        store,
        "Dee",
        wants_in_return=(Reciprocity.LEARNING,),
        roles=[
            {"stage": Stage.DESIGN, "reciprocity": (Reciprocity.FRIENDSHIP,)},
            {"stage": Stage.DELIVERY, "reciprocity": (Reciprocity.LEARNING,)},
        ],
    )
    # Fay asked for recognition; her role pays expenses: she gets none of it either.
    person(
        store,
        "Fay",
        wants_in_return=(Reciprocity.RECOGNITION,),
        roles=[{"stage": Stage.EVALUATION, "reciprocity": (Reciprocity.EXPENSES,)}],
    )
    # Eve asked for nothing; what her role gives does not count.
    person(
        store,
        "Eve",
        roles=[{"stage": Stage.DESIGN, "reciprocity": (Reciprocity.VOUCHERS,), "paid": True}],
    )

    rec = measure(store).reciprocity
    returns = {r.kind: r for r in rec.returns}
    assert rec.asked_anything == 5
    assert rec.with_roles_getting_nothing == 2  # Bob and Fay
    assert (returns[Reciprocity.PAYMENT].asked, returns[Reciprocity.PAYMENT].given) == (1, 1)
    assert (returns[Reciprocity.LEARNING].asked, returns[Reciprocity.LEARNING].given) == (3, 1)
    assert (returns[Reciprocity.FRIENDSHIP].asked, returns[Reciprocity.FRIENDSHIP].given) == (
        1,
        0,
    )
    assert (returns[Reciprocity.VOUCHERS].asked, returns[Reciprocity.VOUCHERS].given) == (0, 0)
    assert rec.returns[0].kind is Reciprocity.LEARNING  # the most asked for first
    assert rec.sentence == (
        "5 people said what they would like in return. 2 of those who hold a role get none of "
        "what they asked for. The least met: friendship and company, asked for by 1 and given "
        "to 0."
    )
    data = analyse(store).to_json()["principles"]["reciprocity"]
    assert data["returns"]["learning"] == {"asked": 3, "given": 1}
    assert (data["asked_anything"], data["with_roles_getting_nothing"]) == (5, 2)
    assert data["returns"]["expenses"] == {"asked": 0, "given": 0}


def test_reciprocity_sentence_when_nobody_asked(store):
    person(store, "Ann", roles=[{"stage": Stage.DESIGN, "paid": True}])
    rec = measure(store).reciprocity
    assert rec.sentence == "Nobody has recorded what they would like in return yet."
    assert rec.asked_anything == 0 and rec.with_roles_getting_nothing == 0


def test_languages_are_counted_once_whatever_their_case(store):
    person(store, "Ann", LIVED, languages=("Welsh", "English"))
    person(store, "Bob", Hat.STAFF, languages=("welsh ", "ENGLISH", "Polish"))
    person(store, "Cy", LIVED, Hat.VOLUNTEER, languages=("Cymraeg",))
    gone = person(store, "Gone", languages=("Urdu",))
    store.delete(Person, gone.id)

    diversity = measure(store).diversity
    assert diversity.languages == 4  # welsh, english, polish, cymraeg
    assert diversity.people_by_hat[LIVED] == 2
    assert diversity.people_by_hat[Hat.STAFF] == 1
    assert diversity.people_by_hat[Hat.CARER] == 0
    assert diversity.sentence == (
        "People wear these hats: lived experience 2, volunteer 1, staff 1. They speak 4 "
        "languages. No reference population for the area yet, so groups cannot be compared."
    )
    data = analyse(store).to_json()["principles"]["diversity"]
    assert data["languages"] == 4 and data["people_by_hat"]["lived_experience"] == 2


def test_one_language(store):
    person(store, "Ann", languages=("BSL",))
    person(store, "Bob", languages=("bsl",))
    assert "They speak 1 language." in measure(store).diversity.sentence
