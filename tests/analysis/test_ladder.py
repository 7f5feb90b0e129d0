"""Roles and the ladder: who takes part at each stage, by hat, and on which rung."""

import sqlite3

import pytest

from coprod_desktop.analysis import analyse
from coprod_desktop.analysis.stages import stage_coverage
from coprod_desktop.domain import Band, Hat, Person, Role, Rung, Stage

LIVED = Hat.LIVED_EXPERIENCE


def person(store, name, *hats, stage=Stage.DESIGN, rung=Rung.CONSULTATION, decisions=False):
    """Add a person wearing `hats` with one role at `stage` (none when stage is None)."""
    added = Person(name=name, hats=tuple(hats))
    roles = (
        []
        if stage is None
        else [Role(person_id=added.id, stage=stage, rung=rung, decisions=decisions)]
    )
    store.add_many([added, *roles])
    return added


@pytest.fixture
def design_team(store):
    """Who takes part in design (8 people), worked out by hand:

    lived experience (3): informing, consultation (also a carer), co-design (decides)
    staff (4):            engagement (decides), co-design, co-production x2 (one decides)
    neither (1):          a volunteer on coercion
    """
    person(store, "Lee", LIVED, rung=Rung.INFORMING)
    person(store, "Cat", LIVED, Hat.CARER, rung=Rung.CONSULTATION)
    person(store, "Lou", LIVED, rung=Rung.CO_DESIGN, decisions=True)
    person(store, "Sam", Hat.STAFF, rung=Rung.ENGAGEMENT, decisions=True)
    person(store, "Pat", Hat.PROFESSIONAL, rung=Rung.CO_DESIGN)
    person(store, "Sue", Hat.STAFF, Hat.PARTNER_ORGANISATION, rung=Rung.CO_PRODUCTION)
    person(store, "Sid", Hat.STAFF, rung=Rung.CO_PRODUCTION, decisions=True)
    person(store, "Val", Hat.VOLUNTEER, rung=Rung.COERCION)
    person(store, "Ned", LIVED, stage=None)  # no role: not counted at any stage
    return store


def design(store):
    return next(s for s in stage_coverage(store) if s.stage is Stage.DESIGN)


def test_people_by_hat_at_a_stage(design_team):
    d = design(design_team)
    assert d.people == 8
    assert d.by_hat == {
        LIVED: 3,
        Hat.CARER: 1,
        Hat.COMMUNITY_MEMBER: 0,
        Hat.VOLUNTEER: 1,
        Hat.STAFF: 3,
        Hat.PROFESSIONAL: 1,
        Hat.PARTNER_ORGANISATION: 1,
    }
    assert (d.lived.people, d.staff.people) == (3, 4)
    assert (d.everyone.decision_makers, d.lived.decision_makers, d.staff.decision_makers) == (
        3,
        1,
        2,
    )
    assert d.lived.doing_with_decision_makers == 1
    assert d.staff.doing_with_decision_makers == 1  # Sam decides, but on engagement


def test_highest_and_typical_rungs_for_lived_experience_and_staff(design_team):
    d = design(design_team)
    assert d.lived.highest is Rung.CO_DESIGN
    assert d.lived.typical is Rung.CONSULTATION  # the middle of 3
    assert d.staff.highest is Rung.CO_PRODUCTION
    assert d.staff.typical is Rung.CO_DESIGN  # the lower middle of 4: the 2nd
    assert d.everyone.highest is Rung.CO_PRODUCTION
    assert d.everyone.typical is Rung.ENGAGEMENT  # 4th of 8


def test_bands(design_team):
    d = design(design_team)
    assert d.lived.bands == {Band.DOING_TO: 0, Band.DOING_FOR: 2, Band.DOING_WITH: 1}
    assert d.staff.bands == {Band.DOING_TO: 0, Band.DOING_FOR: 1, Band.DOING_WITH: 3}
    assert d.bands == {Band.DOING_TO: 1, Band.DOING_FOR: 3, Band.DOING_WITH: 4}
    assert [rung.band for rung in Rung] == [Band.DOING_TO] * 2 + [Band.DOING_FOR] * 3 + [
        Band.DOING_WITH
    ] * 2


def test_a_stage_nobody_takes_part_in(design_team):
    planning = next(s for s in stage_coverage(design_team) if s.stage is Stage.PLANNING)
    assert planning.people == 0
    assert planning.lived.highest is None and planning.lived.typical is None
    assert planning.staff.decision_share == 0.0
    assert set(planning.by_hat.values()) == {0}


def test_ladder_as_json_and_text(design_team):
    result = analyse(design_team)
    ladder = result.to_json()["ladder"]
    assert list(ladder) == [stage.value for stage in Stage]
    d = ladder["design"]
    assert d["name"] == "Design"
    assert (d["people"], d["decision_makers"]) == (8, 3)
    assert d["by_hat"]["lived_experience"] == 3 and d["by_hat"]["professional"] == 1
    assert d["bands"] == {"doing_to": 1, "doing_for": 3, "doing_with": 4}
    assert d["lived_experience"] == {
        "people": 3,
        "decision_makers": 1,
        "highest_rung": "co_design",
        "typical_rung": "consultation",
        "bands": {"doing_to": 0, "doing_for": 2, "doing_with": 1},
    }
    assert d["staff"]["highest_rung"] == "co_production"
    assert d["staff"]["typical_rung"] == "co_design"
    assert "“doing with”" in d["rule"] and "counts as a person with lived experience" in d["rule"]
    empty = ladder["evaluation"]
    assert empty["lived_experience"]["highest_rung"] is None
    assert empty["staff"]["typical_rung"] is None

    text = result.to_text()
    assert "Design: 8 people (doing to 1, doing for 3, doing with 4)" in text
    assert (
        "  by hat: lived experience 3, carer 1, volunteer 1, staff 3, professional 1, "
        "partner organisation 1"
    ) in text
    assert (
        "  lived experience: 3 (1 in decisions); highest rung Co-design, typical Consultation"
    ) in text
    assert "  staff: 4 (2 in decisions); highest rung Co-production, typical Co-design" in text
    assert "Planning: 0 people (doing to 0, doing for 0, doing with 0)\n  lived experience: " in (
        text
    )


def test_deleted_roles_and_people_and_codes_from_a_newer_version_are_left_out(store):
    kept = person(store, "Lee", LIVED, rung=Rung.CO_DESIGN)
    gone = person(store, "Gone", LIVED, rung=Rung.CO_PRODUCTION)
    store.delete(Person, gone.id)
    role = store.add(Role(person_id=kept.id, stage=Stage.DELIVERY, rung=Rung.CO_PRODUCTION))
    store.delete(Role, role.id)
    newer = person(store, "New", LIVED, stage=Stage.PLANNING, rung=Rung.CO_PRODUCTION)
    with sqlite3.connect(store.path) as other_program:  # a newer version's codes
        other_program.execute("UPDATE role SET stage = 'lunch' WHERE person_id = ?", (newer.id,))
    other_program.close()

    stages = {s.stage: s for s in stage_coverage(store)}
    assert stages[Stage.DESIGN].people == 1
    assert stages[Stage.DESIGN].lived.highest is Rung.CO_DESIGN
    assert stages[Stage.DELIVERY].people == 0
    assert sum(s.people for s in stages.values()) == 1
