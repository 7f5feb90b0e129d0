"""Progress: self-assessment rounds compared, and the action plan, on rounds rated by hand."""

from datetime import date

import pytest

from coprod_desktop.analysis import analyse
from coprod_desktop.analysis.progress import SUBJECTS, progress, rating_text
from coprod_desktop.domain import (
    Action,
    ActionStatus,
    AssessmentRating,
    AssessmentRound,
    Element,
    Principle,
)

TODAY = date(2025, 11, 23)


def held(store, on, participants="", **scores):
    """Add a round held `on` with scores keyed "element_<key>" or "principle_<key>"."""
    added = AssessmentRound(held_on=on, participants=participants)
    ratings = []
    for name, score in scores.items():
        kind, key = name.split("_", 1)
        subject = {"element": Element(key)} if kind == "element" else {"principle": Principle(key)}
        ratings.append(
            AssessmentRating(round_id=added.id, score=score, evidence=f"{key} {score}", **subject)
        )
    store.add_many([added, *ratings])
    return added


@pytest.fixture
def two_rounds(store):
    spring = held(
        store,
        date(2025, 3, 1),
        "Team and partners",
        element_capabilities=2,
        element_reciprocity=3,
        element_peer_networks=3,
        principle_equality=1,
        principle_reciprocity=2,
        principle_diversity=None,
    )
    autumn = held(
        store,
        date(2025, 9, 1),
        "Team",
        element_capabilities=4,
        element_reciprocity=3,
        element_peer_networks=None,
        element_blurring=3,
        principle_equality=2,
        principle_reciprocity=1,
        principle_diversity=None,
    )
    return spring, autumn


def test_two_rounds_compared(store, two_rounds):
    spring, autumn = two_rounds
    p = progress(store, TODAY)
    assert [r.id for r in p.rounds] == [spring.id, autumn.id]
    assert [(r.held_on, r.participants, r.rated) for r in p.rounds] == [
        (date(2025, 3, 1), "Team and partners", 5),  # "not assessed" is not a rating
        (date(2025, 9, 1), "Team", 5),
    ]
    assert (p.round_id, p.previous_round_id, p.first_round_id) == (autumn.id, spring.id, spring.id)
    assert (p.current.id, p.previous.id) == (autumn.id, spring.id)
    assert [(r.subject, r.kind) for r in p.ratings] == [
        (s, "element" if isinstance(s, Element) else "principle") for s in SUBJECTS
    ]

    capabilities = p.rating(Element.CAPABILITIES)
    assert (capabilities.latest, capabilities.previous, capabilities.first) == (4, 2, 2)
    assert (capabilities.since_previous, capabilities.since_first) == (2, 2)
    assert capabilities.evidence == "capabilities 4"
    assert capabilities.sentence == (
        "Building on people's existing capabilities: 4 Established, up 2 steps since the round "
        "before."
    )
    # The element and the principle called "reciprocity" are told apart.
    element = p.rating(Element.RECIPROCITY)
    assert (element.latest, element.since_previous, element.kind) == (3, 0, "element")
    assert (
        element.sentence == "Reciprocity and mutuality: 3 Developing, the same as the round before."
    )
    principle = p.rating(Principle.RECIPROCITY)
    assert (principle.latest, principle.since_previous, principle.kind) == (1, -1, "principle")
    assert principle.sentence == "Reciprocity: 1 Not yet, down 1 step since the round before."
    assert p.rating(Principle.EQUALITY).since_first == 1


def test_not_assessed_is_not_zero(store, two_rounds):
    p = progress(store, TODAY)
    # Rated in spring, not assessed in autumn: no change can be worked out.
    networks = p.rating(Element.PEER_NETWORKS)
    assert (networks.latest, networks.previous, networks.first) == (None, 3, 3)
    assert (networks.since_previous, networks.since_first) == (None, None)
    assert networks.sentence == "Peer support networks: not assessed in this round."
    # Rated for the first time in autumn.
    blurring = p.rating(Element.BLURRING)
    assert (blurring.latest, blurring.previous, blurring.since_previous) == (3, None, None)
    assert blurring.sentence == "Blurring distinctions: 3 Developing."
    # Never rated, and explicitly not assessed twice.
    for subject in (Element.ASSETS, Principle.DIVERSITY):
        rating = p.rating(subject)
        assert (rating.latest, rating.previous, rating.first) == (None, None, None)
        assert rating.since_first is None
    assert rating_text(None) == "Not assessed" and rating_text(5) == "5 Embedded"


def test_choosing_a_round_compares_it_with_the_one_before(store, two_rounds):
    spring, autumn = two_rounds
    # A third round entered out of order, held between the two.
    summer = held(store, date(2025, 6, 1), element_capabilities=3, principle_equality=5)
    assert [r.id for r in progress(store, TODAY).rounds] == [spring.id, summer.id, autumn.id]

    p = progress(store, TODAY, round_id=summer.id)
    assert (p.round_id, p.previous_round_id, p.first_round_id) == (summer.id, spring.id, spring.id)
    capabilities = p.rating(Element.CAPABILITIES)
    assert (capabilities.latest, capabilities.previous, capabilities.since_first) == (3, 2, 1)
    assert capabilities.evidence == "capabilities 3"

    latest = progress(store, TODAY)
    assert (latest.round_id, latest.previous_round_id) == (autumn.id, summer.id)
    equality = latest.rating(Principle.EQUALITY)
    assert (equality.latest, equality.previous, equality.first) == (2, 5, 1)
    assert (equality.since_previous, equality.since_first) == (-3, 1)

    first = progress(store, TODAY, round_id=spring.id)
    assert (first.previous_round_id, first.previous) == (None, None)
    capabilities = first.rating(Element.CAPABILITIES)
    assert (capabilities.latest, capabilities.previous, capabilities.first) == (2, None, None)
    assert capabilities.sentence == "Building on people's existing capabilities: 2 Starting out."

    # A round that is not in the audit (deleted since): the latest is looked at.
    store.delete(AssessmentRound, summer.id)
    fallback = progress(store, TODAY, round_id=summer.id)
    assert (fallback.round_id, fallback.previous_round_id) == (autumn.id, spring.id)
    assert analyse(store, TODAY, round_id=spring.id).progress.round_id == spring.id


def test_overdue_actions_by_a_fixed_today(store):
    store.add(Action(title="Late", due=date(2025, 11, 1), owner="Ann"))
    store.add(
        Action(
            title="Also late",
            due=date(2025, 10, 1),
            status=ActionStatus.IN_PROGRESS,
            element=Element.ASSETS,
        )
    )
    store.add(Action(title="Due today", due=TODAY))
    store.add(Action(title="No date"))
    store.add(Action(title="Finished", due=date(2025, 1, 1), status=ActionStatus.DONE))
    store.add(Action(title="Dropped", due=date(2025, 1, 1), status=ActionStatus.DROPPED))
    gone = store.add(Action(title="Gone", due=date(2025, 1, 1)))
    store.delete(Action, gone.id)

    p = progress(store, TODAY)
    assert (p.actions_done, p.actions_open, p.actions_overdue) == (1, 4, 2)
    assert [(a.title, a.due, a.owner, a.element) for a in p.overdue] == [
        ("Also late", date(2025, 10, 1), "", Element.ASSETS),
        ("Late", date(2025, 11, 1), "Ann", None),
    ]
    assert progress(store, date(2025, 10, 2)).actions_overdue == 1
    assert progress(store, date(2026, 1, 1)).actions_overdue == 3  # "Due today" too

    result = analyse(store, TODAY)
    data = result.to_json()["progress"]
    assert data["actions"] == {"done": 1, "open": 4, "overdue": 2}
    assert data["overdue_actions"][0]["due"] == "2025-10-01"
    assert data["overdue_actions"][0]["element"] == "assets"
    assert result.counts["actions_overdue"] == 2
    text = result.to_text()
    assert "Actions: 1 done, 4 open, 2 overdue." in text
    assert "  Overdue since 01/10/2025: Also late (no owner)" in text
    assert "  Overdue since 01/11/2025: Late (Ann)" in text


def test_no_rounds(store):
    p = progress(store, TODAY)
    assert p.rounds == [] and p.round_id is None and p.current is None
    assert all(
        r.latest is None and r.sentence.endswith("not assessed in this round.") for r in p.ratings
    )
    text = analyse(store, TODAY).to_text()
    assert "Progress\n========\nNo self-assessment yet.\n" in text
    assert "Equality (self-assessment: Not assessed):" in text


def test_progress_as_json_and_text(store, two_rounds):
    spring, autumn = two_rounds
    result = analyse(store, TODAY)
    data = result.to_json()["progress"]
    assert (data["round"], data["previous_round"], data["first_round"]) == (
        autumn.id,
        spring.id,
        spring.id,
    )
    assert data["rounds"][0] == {
        "id": spring.id,
        "held_on": "2025-03-01",
        "participants": "Team and partners",
        "rated": 5,
    }
    ratings = {(r["kind"], r["key"]): r for r in data["ratings"]}
    assert len(ratings) == 10
    assert ratings[("principle", "reciprocity")] == {
        "kind": "principle",
        "key": "reciprocity",
        "name": "Reciprocity",
        "latest": 1,
        "previous": 2,
        "first": 2,
        "since_previous": -1,
        "since_first": -1,
        "evidence": "reciprocity 1",
    }
    assert ratings[("element", "peer_networks")]["since_previous"] is None
    # The principles' ratings are shown beside what the records say.
    assert result.to_json()["principles"]["equality"]["rating"] == 2
    text = result.to_text()
    assert "Self-assessment of 01 September 2025, compared with 01 March 2025:" in text
    assert "  Reciprocity: 1 Not yet, down 1 step since the round before." in text
    assert "Equality (self-assessment: 2 Starting out):" in text
