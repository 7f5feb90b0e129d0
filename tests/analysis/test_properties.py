"""Property tests: the analyses never fail on any audit the store accepts, and keep promises.

Audits are drawn by `strategies.py` (people with any hats and equality answers, capabilities,
assets, links, roles, rounds, actions, reference shares, edits and deletions, text in any
script) and written through the real store into a fresh file per example.
"""

import dataclasses
import json
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from strategies import (
    EMAILS,
    EMPTY_PLAN,
    TODAY,
    AuditPlan,
    any_audit_plans,
    audit_plans,
    built,
    built_with,
    doomed_records,
)

from coprod_desktop.analysis import analyse
from coprod_desktop.analysis.progress import OVERDUE_LISTED, progress
from coprod_desktop.domain import (
    Action,
    AssessmentRating,
    AssessmentRound,
    Capability,
    CommunityAsset,
    Element,
    Hat,
    Person,
    Principle,
    Role,
    Stage,
)

JSON_KEYS = {"coverage", "ladder", "checklist", "principles", "leaving_out", "progress"}
EXTRA_KEYS = {"counts", "untapped"}  # the lead's additions (see analysis/audit_analysis.py)
ANSWERS = {"yes", "partly", "no"}
NAME_MARK = "⸨person-"  # every drawn name ends with it, so that a leak is found by search


def quick(examples: int):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def marked(plan: AuditPlan) -> AuditPlan:
    """Return `plan` with every person's name ending in NAME_MARK and a number."""
    people = [
        dataclasses.replace(person, name=f"{person.name} {NAME_MARK}{i}⸩")
        for i, person in enumerate(plan.people)
    ]
    renamed = {person.id: person for person in people}
    updates = [
        dataclasses.replace(u, name=renamed[u.id].name) if isinstance(u, Person) else u
        for u in plan.updates
    ]
    return dataclasses.replace(plan, people=people, updates=updates)


# -- the promises every analysis keeps --------------------------------------------------------


def check_analysis(store):
    """Analyse `store` and check every promise; return the result for further checks."""
    result = analyse(store, TODAY)

    data = result.to_json()
    text = json.dumps(data, allow_nan=False)  # plain JSON: no NaN, dates or enums left in it
    assert json.loads(text) == data
    assert set(data) - EXTRA_KEYS == JSON_KEYS
    check_shape(data)

    summary = result.to_text()
    assert isinstance(summary, str)
    assert summary.strip()

    check_leaving_out(result, data)
    check_counts(result, store)
    check_progress(result, store)
    return result


def check_shape(data: dict) -> None:
    assert len(data["coverage"]) == len(Element)
    assert set(data["coverage"]) == {e.value for e in Element}
    assert len(data["ladder"]) == len(Stage)
    assert set(data["ladder"]) == {s.value for s in Stage}
    checklist = data["checklist"]
    assert len(checklist) == 3
    for entry in checklist:
        assert isinstance(entry["question"], str) and entry["question"].strip()
        assert entry["answer"] in ANSWERS
        evidence = entry["evidence"]
        assert evidence, entry
        assert all(isinstance(line, str) and line.strip() for line in evidence), entry


def check_leaving_out(result, data: dict) -> None:
    """Counts under 5 are never shown, and no person is named."""
    for question in result.leaving_out.questions:
        for group in question.groups:
            if group.count is None:  # "hidden": 5 or more, hidden to protect another
                assert group.shown in ("<5", "hidden"), group
                assert group.share is None and group.difference is None, group
            else:
                assert group.count >= 5, group
                assert group.shown == f"{group.count:,}", group
    section = json.dumps(data["leaving_out"], ensure_ascii=False)
    for question in data["leaving_out"]["questions"].values():
        for group in question["groups"]:
            if group["count"] is None:
                assert group["shown"] in ("<5", "hidden"), group
                assert group["share"] is None and group["difference"] is None, group
    assert NAME_MARK not in section
    assert not any(email in section for email in EMAILS)


def check_counts(result, store) -> None:
    """No count exceeds the live records it counts."""
    people = store.count(Person)
    capabilities = store.count(Capability)
    assets = store.count(CommunityAsset)
    hats = {hat: store.count(Person, hat=hat) for hat in Hat}
    for entry in result.coverage:
        assert 0 <= entry.people <= people, entry
        assert 0 <= entry.capabilities <= capabilities, entry
        assert 0 <= entry.assets <= assets, entry
    assert 0 <= len(result.untapped.examples) <= result.untapped.count <= capabilities

    roles = Counter(role.stage for role in store.iterate(Role))
    for stage in result.ladder:
        assert 0 <= stage.people <= min(people, roles[stage.stage]), stage
        assert 0 <= stage.lived_experience <= hats[Hat.LIVED_EXPERIENCE], stage
        assert stage.lived.people + stage.staff.people <= stage.people, stage
        assert 0 <= stage.decision_makers <= stage.people, stage
        assert sum(stage.everyone.rungs.values()) == stage.people, stage
        for hat, n in stage.by_hat.items():
            assert 0 <= n <= min(hats[hat], stage.people), (stage, hat)

    principles = result.principles
    for row in principles.equality.by_hat:
        assert 0 <= row.with_roles <= hats[row.hat], row
        assert max(row.decision_makers, row.titled, row.paid) <= row.with_roles, row
    for hat, n in principles.diversity.people_by_hat.items():
        assert 0 <= n <= hats[hat], hat
    assert 0 <= principles.accessibility.people_with_needs <= people
    for need in principles.accessibility.needs:
        assert 0 <= need.people <= principles.accessibility.people_with_needs, need
        assert 0 <= need.assets <= assets, need
    assert 0 <= principles.reciprocity.asked_anything <= people
    for wanted in principles.reciprocity.returns:
        assert 0 <= wanted.given <= wanted.asked <= principles.reciprocity.asked_anything, wanted

    assert result.leaving_out.people == people
    for question in result.leaving_out.questions:
        shown = [g.count for g in question.groups if g.count is not None]
        assert sum(shown) <= people, question


def check_progress(result, store) -> None:
    """Rounds oldest first, ten ratings on the scale, and every round can be looked at."""
    rounds = result.progress.rounds
    assert [r.held_on for r in rounds] == sorted(r.held_on for r in rounds)
    assert len(rounds) == store.count(AssessmentRound)
    assert result.progress.round_id == (rounds[-1].id if rounds else None)
    assert len(result.progress.ratings) == len(Element) + len(Principle)
    for rating in result.progress.ratings:
        for score in (rating.latest, rating.previous, rating.first):
            assert score is None or 1 <= score <= 5, rating
    actions = result.progress
    assert actions.actions_overdue <= actions.actions_open
    assert actions.actions_done + actions.actions_open <= store.count(Action)
    assert len(actions.overdue) == min(actions.actions_overdue, OVERDUE_LISTED)
    assert all(action.due < TODAY for action in actions.overdue)
    for number, round_ in enumerate(rounds):
        looked_at = progress(store, TODAY, round_id=round_.id)
        assert looked_at.round_id == round_.id
        assert looked_at.previous_round_id == (rounds[number - 1].id if number else None)


def revealed_counts(data: dict) -> list[tuple[str, str, int]]:
    """Return the hidden counts that the published numbers give away by subtraction.

    What "who are we leaving out?" publishes for a question: the number of people, the shown
    counts, the reference shares and the number of people compared. The groups compared are
    those with a reference share or, when there are none, every answer but "prefer not to say"
    (its rule says so). A known total with one unknown count in it gives that count away, and
    a count worked out so may give away another: solved until nothing more comes out. A
    hidden 0 that comes out is left out of the answer: it identifies nobody.
    """
    section = data["leaving_out"]
    revealed = []
    for key, question in section["questions"].items():
        groups = {g["group"]: g for g in question["groups"]}
        with_reference = {code for code, g in groups.items() if g["reference"] is not None}
        compared_groups = with_reference or set(groups) - {"prefer_not_to_say", "not_answered"}
        totals = [(set(groups), section["people"])]
        if isinstance(question["compared"], int):
            compared = question["compared"]
            totals.append((compared_groups, compared))
            totals.append((set(groups) - compared_groups, section["people"] - compared))
        known = {code: g["count"] for code, g in groups.items() if g["count"] is not None}
        solved = True
        while solved:
            solved = False
            for members, total in totals:
                unknown = members - set(known)
                if len(unknown) == 1:
                    code = unknown.pop()
                    known[code] = total - sum(known[c] for c in members if c != code)
                    solved = True
        revealed += [
            (key, code, n) for code, n in known.items() if groups[code]["count"] is None and n
        ]
    return revealed


# -- the tests -------------------------------------------------------------------------------


def test_an_empty_audit_is_analysed():
    with built(EMPTY_PLAN) as store:
        result = check_analysis(store)
    assert all(entry.linked == 0 for entry in result.coverage)
    assert all(stage.people == 0 for stage in result.ladder)
    assert all(answer.answer == "no" for answer in result.checklist)
    assert result.leaving_out.people == 0
    assert all(group.count is None for q in result.leaving_out.questions for group in q.groups)
    assert result.progress.rounds == []
    assert result.progress.round_id is None


@quick(80)
@given(any_audit_plans())
def test_any_audit_is_analysed_and_keeps_its_promises(plan):
    with built(marked(plan)) as store:
        check_analysis(store)


@quick(40)
@given(audit_plans(min_people=5, roles=False, ratings=False, edits=False))
def test_no_hidden_count_can_be_worked_out(plan):
    with built(plan) as store:
        data = analyse(store, TODAY).to_json()
    assert revealed_counts(data) == []


@quick(12)
@given(audit_plans(min_people=1, roles=False))
def test_people_without_roles(plan):
    with built(marked(plan)) as store:
        assert store.count(Role) == 0
        result = check_analysis(store)
    assert all(stage.people == 0 for stage in result.ladder)
    assert "yes" not in {answer.answer for answer in result.checklist}


@quick(12)
@given(audit_plans(min_people=1, equality=False))
def test_roles_without_equality_data(plan):
    assume(plan.roles)
    with built(marked(plan)) as store:
        result = check_analysis(store)
    # Nobody answered: every answer is under 5, and "No answer" holds everyone.
    people = result.leaving_out.people
    for question in result.leaving_out.questions:
        for group in question.groups:
            expected = people if group.group == "not_answered" and people >= 5 else None
            assert group.count == expected, group


@quick(12)
@given(audit_plans(ratings=False).filter(lambda plan: plan.rounds))
def test_rounds_without_ratings(plan):
    with built(marked(plan)) as store:
        result = check_analysis(store)
        assert store.count(AssessmentRating) == 0
    assert all(rating.latest is None for rating in result.progress.ratings)


@quick(40)
@given(audit_plans(max_people=6), doomed_records())
def test_deleted_records_do_not_count(plan, doomed):
    with built_with(plan, doomed, delete=True) as store:
        deleted = analyse(store, TODAY)
    with built_with(plan, doomed, delete=False) as store:
        never_added = analyse(store, TODAY)
    deleted_json, clean_json = deleted.to_json(), never_added.to_json()
    for section in clean_json:  # one section at a time, so that a failure says which
        assert deleted_json[section] == clean_json[section], (section, doomed.kinds)
    assert deleted.to_text() == never_added.to_text(), doomed.kinds
