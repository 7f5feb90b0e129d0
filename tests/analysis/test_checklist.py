"""The equal-partner checklist on small audits where the answers are known by hand.

Each audit is built as a user would build it (people with hats, roles at stages) and the three
answers, their evidence and what would turn them into a yes are checked word for word where the
words matter.
"""

import dataclasses
import sqlite3

from coprod_desktop.analysis import analyse
from coprod_desktop.analysis.checklist import (
    EQUAL_DECISION_RATIO,
    NO,
    PARTLY,
    QUESTIONS,
    RULES,
    YES,
    equal_partner_checklist,
)
from coprod_desktop.analysis.stages import STAFF_RULE, stage_coverage
from coprod_desktop.domain import Hat, Person, Role, Rung, Stage

LIVED = Hat.LIVED_EXPERIENCE
STAFF_NOTE = f"Who counts as staff: {STAFF_RULE}"
ALL_STAGES = "setting priorities, planning, design, delivery, improvement and evaluation"


def person(store, name, *hats, stages=(), rung=Rung.CO_PRODUCTION, decisions=True):
    """Add a person wearing `hats` with one role at each of `stages`; return (person, roles).

    One transaction for the lot (`add_many`) keeps the tests quick.
    """
    added = Person(name=name, hats=tuple(hats))
    roles = {
        stage: Role(person_id=added.id, stage=stage, rung=rung, decisions=decisions)
        for stage in stages
    }
    store.add_many([added, *roles.values()])
    return added, roles


def checklist(store):
    return equal_partner_checklist(stage_coverage(store))


def answers(store):
    return [a.answer for a in checklist(store)]


def partners_everywhere(store):
    """Lee (lived experience) and Sam (staff) co-produce and decide at every stage."""
    lee, lee_roles = person(store, "Lee", LIVED, stages=Stage)
    sam, _ = person(store, "Sam", Hat.STAFF, stages=Stage)
    return lee, lee_roles, sam


def test_all_stages_covered_with_decision_rights_gives_three_yes_answers(store):
    partners_everywhere(store)
    q1, q2, q3 = checklist(store)
    assert [q1.answer, q2.answer, q3.answer] == [YES, YES, YES]
    assert [q.number for q in (q1, q2, q3)] == [1, 2, 3]
    assert [q.question for q in (q1, q2, q3)] == list(QUESTIONS)
    assert [q.rule for q in (q1, q2, q3)] == list(RULES)
    assert all(q.to_yes == "" and q.answer_label == "Yes" for q in (q1, q2, q3))
    assert q1.evidence == [
        "At every stage, people with lived experience work on a “doing with” rung alongside staff."
    ]
    assert q2.evidence == [
        "At every stage, people with lived experience take part in decisions at least as often "
        "as staff do (within the margin in the rule)."
    ]
    assert len(q3.evidence) == 2
    for stage, line in zip(("Design", "Delivery"), q3.evidence, strict=True):
        assert line.startswith(
            f"{stage} is jointly held: 1 person with lived experience on a “doing with” rung"
        )
        assert line.endswith("in its decisions, with 1 member of staff.")
    # A yes needs no note on who counts as staff; the other answers carry it (below).
    assert all(STAFF_NOTE not in q.evidence for q in (q1, q2, q3))


def test_co_design_is_enough_for_the_doing_with_rung(store):
    person(store, "Lee", LIVED, stages=Stage, rung=Rung.CO_DESIGN)
    person(store, "Sam", Hat.STAFF, stages=Stage, rung=Rung.INFORMING, decisions=True)
    assert answers(store) == [YES, YES, YES]


def test_no_lived_experience_in_evaluation_makes_question_1_no_with_that_evidence(store):
    _lee, lee_roles, _sam = partners_everywhere(store)
    store.delete(Role, lee_roles[Stage.EVALUATION].id)

    q1, q2, q3 = checklist(store)
    assert q1.answer == NO and q1.answer_label == "No"
    assert q1.evidence == ["Nobody with lived experience has a role in evaluation.", STAFF_NOTE]
    assert q1.to_yes == (
        "Give people with lived experience a role in evaluation, on a co-design or "
        "co-production rung, alongside staff."
    )
    # Nobody with lived experience in evaluation also means no say in its decisions there,
    # but they decide everywhere else: partly.
    assert q2.answer == PARTLY
    assert q2.evidence == [
        "Nobody with lived experience has a role in evaluation, so they have no say in its "
        "decisions.",
        STAFF_NOTE,
    ]
    assert q2.to_yes == (
        "Give people with lived experience a part in decisions in evaluation, as often as staff "
        "have one."
    )
    # Design and delivery are still shared.
    assert q3.answer == YES


def test_lived_experience_everywhere_but_only_consulted(store):
    person(store, "Lee", LIVED, stages=Stage, rung=Rung.CONSULTATION)
    person(store, "Sam", Hat.STAFF, stages=Stage)

    q1, q2, q3 = checklist(store)
    assert q1.answer == PARTLY
    assert q1.evidence == [
        f"In {ALL_STAGES}, people with lived experience take part but none on a “doing with” "
        "rung (co-design or co-production).",
        STAFF_NOTE,
    ]
    assert q1.to_yes == f"Move people with lived experience up to co-design in {ALL_STAGES}."
    # They are in every decision, as often as staff: question 2 does not look at the rung.
    assert q2.answer == YES
    # Nobody with lived experience on a "doing with" rung in design or delivery.
    assert q3.answer == NO
    assert q3.evidence == [
        "In design, nobody with lived experience is on a “doing with” rung (the highest is "
        "Consultation).",
        "In delivery, nobody with lived experience is on a “doing with” rung (the highest is "
        "Consultation).",
        STAFF_NOTE,
    ]
    assert q3.to_yes == (
        "Share design and delivery with people with lived experience: co-design or "
        "co-production roles that take part in decisions, alongside staff."
    )


def test_lived_experience_without_decisions_anywhere_makes_question_2_no(store):
    person(store, "Lee", LIVED, stages=Stage, decisions=False)
    person(store, "Sam", Hat.STAFF, stages=Stage)

    q1, q2, q3 = checklist(store)
    assert q1.answer == YES  # they are there, on a "doing with" rung
    assert q2.answer == NO
    assert q2.evidence == [
        f"In {ALL_STAGES}, people with lived experience take part but none of them in the "
        "decisions.",
        STAFF_NOTE,
    ]
    assert q2.to_yes == (
        f"Give people with lived experience a part in decisions in {ALL_STAGES}, as often as "
        "staff have one."
    )
    # They co-produce design and delivery, but without a say in the decisions: partly.
    assert q3.answer == PARTLY
    assert q3.evidence[:2] == [
        "In design, people with lived experience co-design or co-produce, but none of them "
        "takes part in its decisions.",
        "In delivery, people with lived experience co-design or co-produce, but none of them "
        "takes part in its decisions.",
    ]


def test_decision_share_below_the_ratio_at_one_stage_makes_question_2_partly(store):
    partners_everywhere(store)
    # A second person with lived experience in planning, without a say: 1 of 2 decide (50%),
    # against 1 of 1 staff (100%); 50% is below 80% of 100%.
    person(store, "Lou", LIVED, stages=[Stage.PLANNING], decisions=False)

    q1, q2, q3 = checklist(store)
    assert (q1.answer, q2.answer, q3.answer) == (YES, PARTLY, YES)
    assert q2.evidence == [
        "In planning, 1 of 2 (50%) people with lived experience take part in decisions, "
        "against 1 of 1 (100%) staff.",
        STAFF_NOTE,
    ]
    assert q2.to_yes == (
        "Give people with lived experience a part in decisions in planning, as often as staff "
        "have one."
    )


def test_decision_share_exactly_at_the_ratio_counts_as_equal(store):
    assert EQUAL_DECISION_RATIO == 0.8
    partners_everywhere(store)  # Lee decides in planning: 1 of 1 staff decide
    for name in ("Ann", "Bea", "Cy"):
        person(store, name, LIVED, stages=[Stage.PLANNING])
    person(store, "Dot", LIVED, stages=[Stage.PLANNING], decisions=False)
    planning = stage_coverage(store)[1]
    assert (planning.lived.decision_makers, planning.lived.people) == (4, 5)  # 80%
    assert answers(store)[1] == YES

    person(store, "Eve", LIVED, stages=[Stage.PLANNING], decisions=False)  # 4 of 6: 67%
    assert answers(store)[1] == PARTLY


def test_design_joint_but_delivery_not_makes_question_3_partly(store):
    _lee, lee_roles, _sam = partners_everywhere(store)
    store.update(dataclasses.replace(lee_roles[Stage.DELIVERY], rung=Rung.ENGAGEMENT))

    q3 = checklist(store)[2]
    assert q3.answer == PARTLY
    person(store, "Lou", LIVED, stages=[Stage.DESIGN])  # two decide in design now
    q1, _q2, q3 = checklist(store)
    assert (q1.answer, q3.answer) == (PARTLY, PARTLY)
    assert q3.evidence == [
        "In delivery, nobody with lived experience is on a “doing with” rung (the highest is "
        "Engagement).",
        "Design is jointly held: 2 people with lived experience on a “doing with” rung take "
        "part in its decisions, with 1 member of staff.",
        STAFF_NOTE,
    ]
    assert q3.to_yes == (
        "Share delivery with people with lived experience: co-design or co-production roles "
        "that take part in decisions, alongside staff."
    )


def test_delivery_without_staff_is_not_jointly_held(store):
    person(store, "Lee", LIVED, stages=Stage)
    person(store, "Sam", Hat.STAFF, stages=[s for s in Stage if s is not Stage.DELIVERY])

    q1, _q2, q3 = checklist(store)
    assert q1.answer == PARTLY
    assert "No member of staff has a role in delivery." in q1.evidence
    assert q1.to_yes == "Make sure staff work alongside them in delivery."
    assert q3.answer == PARTLY
    assert "No member of staff has a role in delivery." in q3.evidence


def test_no_doing_with_role_in_design_or_delivery_makes_question_3_no(store):
    person(store, "Lee", LIVED, stages=[Stage.PRIORITIES, Stage.PLANNING, Stage.EVALUATION])
    person(store, "Lou", LIVED, stages=[Stage.DESIGN], rung=Rung.INFORMING)
    person(store, "Sam", Hat.STAFF, stages=Stage)

    q3 = checklist(store)[2]
    assert q3.answer == NO
    assert q3.evidence == [
        "In design, nobody with lived experience is on a “doing with” rung (the highest is "
        "Informing).",
        "Nobody with lived experience has a role in delivery.",
        STAFF_NOTE,
    ]


def test_empty_audit_gives_three_no_answers_that_say_why(store):
    q1, q2, q3 = checklist(store)
    assert (q1.answer, q2.answer, q3.answer) == (NO, NO, NO)
    assert q1.evidence == [
        f"Nobody with lived experience has a role in {ALL_STAGES}.",
        f"No member of staff has a role in {ALL_STAGES}.",
        STAFF_NOTE,
    ]
    assert q2.evidence[0].startswith(f"Nobody with lived experience has a role in {ALL_STAGES}")
    assert q3.evidence == [
        "Nobody with lived experience has a role in design.",
        "No member of staff has a role in design.",
        "Nobody with lived experience has a role in delivery.",
        "No member of staff has a role in delivery.",
        STAFF_NOTE,
    ]
    assert all(q.to_yes for q in (q1, q2, q3))

    text = analyse(store).to_text()
    for number, question in enumerate(QUESTIONS, start=1):
        assert f"{number}. {question} No." in text
    assert f"   - Nobody with lived experience has a role in {ALL_STAGES}." in text
    assert "   To make it a yes: Give people with lived experience a role in" in text
    assert f"   Rule: {RULES[0]}" in text


def test_someone_wearing_both_staff_and_lived_experience_hats_counts_as_lived_experience(store):
    # Only one person, who wears both hats: lived experience everywhere, but no staff.
    person(store, "Dee", Hat.STAFF, LIVED, stages=Stage)
    stages = stage_coverage(store)
    assert all((s.lived.people, s.staff.people) == (1, 0) for s in stages)
    assert all(s.by_hat[Hat.STAFF] == 1 and s.by_hat[LIVED] == 1 for s in stages)

    q1, q2, q3 = checklist(store)
    assert q1.answer == PARTLY  # counted as staff, it would be a "no"
    assert q1.evidence == [f"No member of staff has a role in {ALL_STAGES}.", STAFF_NOTE]
    assert q2.answer == YES  # staff's share of 0 is no bar
    assert q3.answer == PARTLY  # they co-produce design and delivery, but without staff
    assert q3.evidence == [
        "No member of staff has a role in design.",
        "No member of staff has a role in delivery.",
        STAFF_NOTE,
    ]
    assert "wears both counts as a person with lived experience" in STAFF_NOTE


def test_professionals_count_as_staff_and_other_hats_as_neither(store):
    person(store, "Lee", LIVED, stages=Stage)
    person(store, "Pat", Hat.PROFESSIONAL, stages=Stage)
    person(store, "Val", Hat.VOLUNTEER, Hat.CARER, stages=Stage)
    person(store, "Nobody's hat", stages=Stage)
    stages = stage_coverage(store)
    assert all((s.people, s.lived.people, s.staff.people) == (4, 1, 1) for s in stages)
    assert answers(store) == [YES, YES, YES]


def test_deleted_roles_and_roles_of_deleted_people_do_not_count(store):
    lee, lee_roles, _sam = partners_everywhere(store)
    store.delete(Role, lee_roles[Stage.EVALUATION].id)
    assert answers(store)[0] == NO

    # A role added and deleted again, and a person deleted with their roles.
    again = store.add(Role(person_id=lee.id, stage=Stage.EVALUATION, rung=Rung.CO_PRODUCTION))
    store.delete(Role, again.id)
    gone, _ = person(store, "Gone", LIVED, stages=[Stage.EVALUATION])
    store.delete(Person, gone.id)
    assert answers(store)[0] == NO

    # A copy merged from another laptop can hold a live role of a deleted person.
    ghost, ghost_roles = person(store, "Ghost", LIVED, stages=[Stage.EVALUATION])
    assert answers(store)[0] == YES
    with sqlite3.connect(store.path) as other_program:
        other_program.execute("UPDATE person SET deleted = 1 WHERE id = ?", (ghost.id,))
    other_program.close()
    assert not store.get(Role, ghost_roles[Stage.EVALUATION].id).deleted
    assert answers(store)[0] == NO
    evaluation = stage_coverage(store)[-1]
    assert (evaluation.people, evaluation.lived.people) == (1, 0)


def test_rules_are_written_out_with_the_numbers_they_use():
    assert "80%" in RULES[1]
    assert "co-design or co-production" in RULES[0]
    assert all("Yes when" in rule and "Partly otherwise" in rule for rule in RULES)
