"""Element coverage, stage coverage and counts on small audits where the answer is known."""

from datetime import date

from coprod_desktop.analysis.coverage import (
    THIN_RULE,
    element_coverage,
    untapped_capabilities_count,
)
from coprod_desktop.analysis.stages import audit_counts, stage_coverage
from coprod_desktop.domain import (
    Action,
    ActionStatus,
    AssetCategory,
    Band,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Element,
    ElementLink,
    Hat,
    Person,
    Role,
    Rung,
    Stage,
)

TODAY = date(2026, 11, 23)


def by_element(store):
    return {c.element: c for c in element_coverage(store)}


def test_empty_audit_has_every_element_thin_and_nothing_counted(store):
    coverage = element_coverage(store)
    assert [c.element for c in coverage] == list(Element)
    assert all(c.thin and c.linked == 0 and c.total_strength == 0 for c in coverage)
    assert coverage[0].reason == "Nothing is linked to it yet."
    assert untapped_capabilities_count(store) == 0
    assert "thin" in THIN_RULE and "strong links" in THIN_RULE


def test_counts_distinct_targets_by_kind_and_skips_weakless_links(store):
    ann = store.add(Person(name="Ann"))
    bob = store.add(Person(name="Bob"))
    cooking = store.add(
        Capability(person_id=ann.id, kind=CapabilityKind.HANDS, description="Cooks")
    )
    welsh = store.add(
        Capability(person_id=bob.id, kind=CapabilityKind.LANGUAGE, description="Welsh")
    )
    hall = store.add(CommunityAsset(name="Hall", category=AssetCategory.PHYSICAL_SPACES))
    networks = Element.PEER_NETWORKS
    for link in (
        ElementLink(element=networks, person_id=ann.id, strength=3),
        ElementLink(element=networks, person_id=bob.id, strength=3),
        ElementLink(element=networks, capability_id=cooking.id, strength=3),
        ElementLink(element=networks, asset_id=hall.id, strength=2),
        ElementLink(element=networks, capability_id=welsh.id, strength=0),  # "none": not counted
        ElementLink(element=Element.ASSETS, asset_id=hall.id, strength=1),
    ):
        store.add(link)

    coverage = by_element(store)
    net = coverage[networks]
    assert (net.people, net.capabilities, net.assets) == (2, 1, 1)
    assert (net.strong, net.total_strength) == (3, 11)
    assert not net.thin
    assert net.reason.startswith("Well covered")
    assets = coverage[Element.ASSETS]
    assert (assets.people, assets.capabilities, assets.assets) == (0, 0, 1)
    assert assets.thin
    assert "no strong links" in assets.reason and "9% of the link strength" in assets.reason
    # Welsh is linked only with strength 0, so it is not linked to anything yet.
    assert untapped_capabilities_count(store) == 1


def test_deleted_links_and_deleted_targets_do_not_count(store):
    ann = store.add(Person(name="Ann"))
    bob = store.add(Person(name="Bob"))
    skill = store.add(Capability(person_id=bob.id, kind=CapabilityKind.HEAD, description="Law"))
    hall = store.add(CommunityAsset(name="Hall", category=AssetCategory.PHYSICAL_SPACES))
    kept = store.add(ElementLink(element=Element.BLURRING, person_id=ann.id, strength=2))
    gone = store.add(ElementLink(element=Element.BLURRING, asset_id=hall.id, strength=3))
    store.add(ElementLink(element=Element.BLURRING, capability_id=skill.id, strength=3))
    store.delete(ElementLink, gone.id)
    store.delete(Person, bob.id)  # takes his capability and its link with him

    blurring = by_element(store)[Element.BLURRING]
    assert (blurring.people, blurring.capabilities, blurring.assets) == (1, 0, 0)
    assert (blurring.strong, blurring.total_strength) == (0, kept.strength)
    assert untapped_capabilities_count(store) == 0


def test_element_with_enough_strong_links_but_far_below_the_best_is_thin(store):
    people = [store.add(Person(name=f"P{i}")) for i in range(10)]
    for person in people:
        store.add(ElementLink(element=Element.CAPABILITIES, person_id=person.id, strength=3))
    for person in people[:3]:
        store.add(ElementLink(element=Element.RECIPROCITY, person_id=person.id, strength=3))
    coverage = by_element(store)
    assert not coverage[Element.CAPABILITIES].thin
    reciprocity = coverage[Element.RECIPROCITY]
    assert reciprocity.thin and reciprocity.strong == 3
    assert reciprocity.reason == (
        "Thin: it has 30% of the link strength of the best-covered element."
    )


def test_stage_coverage_counts_people_bands_decisions_and_lived_experience(store):
    lived = store.add(Person(name="Lee", hats=(Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER)))
    staff = store.add(Person(name="Sam", hats=(Hat.STAFF,)))
    carer = store.add(Person(name="Cat", hats=(Hat.CARER, Hat.LIVED_EXPERIENCE)))
    ghost = store.add(Person(name="Gone", hats=(Hat.LIVED_EXPERIENCE,)))
    design = Stage.DESIGN
    store.add(Role(person_id=lived.id, stage=design, rung=Rung.CONSULTATION))
    store.add(Role(person_id=carer.id, stage=design, rung=Rung.CO_DESIGN, decisions=True))
    store.add(Role(person_id=staff.id, stage=design, rung=Rung.CO_PRODUCTION, decisions=True))
    store.add(Role(person_id=staff.id, stage=Stage.EVALUATION, rung=Rung.INFORMING))
    store.add(Role(person_id=ghost.id, stage=Stage.EVALUATION, rung=Rung.CO_PRODUCTION))
    store.delete(Person, ghost.id)

    stages = {s.stage: s for s in stage_coverage(store)}
    assert list(stages) == list(Stage)
    d = stages[design]
    assert (d.people, d.lived_experience, d.decision_makers) == (3, 2, 2)
    assert d.lived_experience_decision_makers == 1
    assert d.bands == {Band.DOING_TO: 0, Band.DOING_FOR: 1, Band.DOING_WITH: 2}
    assert d.lived_experience_bands == {Band.DOING_TO: 0, Band.DOING_FOR: 1, Band.DOING_WITH: 1}
    assert d.top_lived_experience_rung is Rung.CO_DESIGN
    e = stages[Stage.EVALUATION]
    assert (e.people, e.lived_experience, e.top_lived_experience_rung) == (1, 0, None)
    assert stages[Stage.PLANNING].people == 0


def test_audit_counts(store):
    ann = store.add(Person(name="Ann"))
    store.add(Person(name="Bob"))
    store.add(Capability(person_id=ann.id, kind=CapabilityKind.HEART, description="Cares"))
    store.add(ElementLink(element=Element.ASSETS, person_id=ann.id, strength=1))
    store.add(Role(person_id=ann.id, stage=Stage.DELIVERY, rung=Rung.ENGAGEMENT))
    store.add(Action(title="Late", due=date(2026, 11, 1)))
    store.add(Action(title="Due later", due=date(2026, 12, 1), status=ActionStatus.IN_PROGRESS))
    store.add(Action(title="Finished", due=date(2026, 1, 1), status=ActionStatus.DONE))
    store.add(Action(title="Dropped", due=date(2026, 1, 1), status=ActionStatus.DROPPED))

    counts = audit_counts(store, TODAY)
    assert counts["people"] == 2
    assert counts["capabilities"] == 1
    assert counts["assets"] == 0
    assert counts["element_links"] == 1
    assert counts["roles"] == 1
    assert (counts["actions_open"], counts["actions_done"], counts["actions_overdue"]) == (2, 1, 1)
