"""The sample audit: deterministic, complete, realistic in its gaps, and safe to write."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import math
import uuid
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from coprod_desktop.domain import (
    RECORD_TYPES,
    AssessmentRating,
    AssessmentRound,
    AssetCategory,
    AssetStatus,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Element,
    ElementLink,
    Hat,
    Person,
    Principle,
    ReferenceShare,
    Role,
    Stage,
    equality,
    problems,
)
from coprod_desktop.paths import resource_path
from coprod_desktop.sample import SampleAudit, generate, sample_audit, write_sample
from coprod_desktop.sample.chance import new_uuid
from coprod_desktop.store import AuditExistsError, AuditStore

TODAY = date(2026, 11, 2)
PEOPLE = 300
STAMPS = {"created_at", "modified_at"}


def dump(path: Path) -> dict[str, list[dict]]:
    """Every record of the audit at `path`, as dictionaries without the store's timestamps."""
    with AuditStore.open(path, read_only=True) as store:
        result = {"audit": [_plain(store.audit())]}
        for record_type in RECORD_TYPES:
            result[record_type.__name__] = [_plain(r) for r in store.iterate(record_type)]
    return result


def _plain(record) -> dict:
    return {k: v for k, v in dataclasses.asdict(record).items() if k not in STAMPS}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sample")


@pytest.fixture(scope="module")
def sample(folder) -> Path:
    return write_sample(folder / "Brackenford.coprod", people=PEOPLE, seed=1, today=TODAY)


@pytest.fixture(scope="module")
def records(sample) -> dict[str, list]:
    with AuditStore.open(sample, read_only=True) as store:
        return {t.__name__: list(store.iterate(t)) for t in RECORD_TYPES}


def test_same_seed_and_day_give_identical_files(sample, folder):
    again = write_sample(folder / "again.coprod", people=PEOPLE, seed=1, today=TODAY)
    assert dump(again) == dump(sample)


def test_stored_records_are_the_generated_ones(sample):
    generated = defaultdict(list)
    for record in generate(PEOPLE, 1, TODAY):
        generated[type(record).__name__].append(_plain(record))
    stored = dump(sample)
    (audit,) = stored["audit"]
    assert audit == _plain(sample_audit(PEOPLE, 1, TODAY)) | {"modified_by": audit["modified_by"]}
    for name, rows in generated.items():
        for row, back in zip(rows, stored[name], strict=True):
            expected = row | {"modified_by": back["modified_by"]}
            if name == "Person":
                expected["pseudonym"] = back["pseudonym"]
            assert back == expected


def test_a_different_seed_gives_different_people(sample, folder):
    other = write_sample(folder / "other.coprod", people=PEOPLE, seed=2, today=TODAY)
    ours, theirs = dump(sample), dump(other)
    assert {p["id"] for p in ours["Person"]}.isdisjoint(p["id"] for p in theirs["Person"])
    # The anchors (the audit team and the panel's co-chairs) are the same; the rest differ.
    names = [p["name"] for p in ours["Person"]][5:]
    other_names = [p["name"] for p in theirs["Person"]][5:]
    assert sum(a == b for a, b in zip(names, other_names, strict=True)) < 5
    assert ours["audit"][0]["id"] != theirs["audit"][0]["id"]


def test_the_generator_is_pure():
    first = list(generate(60, 5, TODAY))
    assert first == list(generate(60, 5, TODAY))
    sample = SampleAudit(60, 5, TODAY)
    assert list(sample.records()) == first == list(sample.records())
    assert first != list(generate(60, 6, TODAY))
    # Dates are counted from `today`: another day moves them and nothing else.
    later = list(generate(60, 5, date(2026, 6, 1)))
    assert [r.id for r in later] == [r.id for r in first]
    assert [p.name for p in later if isinstance(p, Person)] == [
        p.name for p in first if isinstance(p, Person)
    ]


def test_ids_are_version_4_uuids_from_the_seed():
    import random

    made = new_uuid(random.Random(9))
    assert uuid.UUID(made).version == 4
    assert made == str(uuid.UUID(int=random.Random(9).getrandbits(128), version=4))
    ids = [r.id for r in generate(100, 1, TODAY)]
    assert len(set(ids)) == len(ids)
    assert sample_audit(100, 1, TODAY).id not in ids


def test_every_record_is_valid_for_the_domain():
    for record in generate(150, 3, TODAY):
        assert problems(record, TODAY) == [], record


def test_counts_scale_with_people(sample, folder):
    small = write_sample(folder / "small.coprod", people=120, seed=1, today=TODAY)
    with AuditStore.open(small, read_only=True) as store:
        few = store.counts()
    with AuditStore.open(sample, read_only=True) as store:
        many = store.counts()
    assert few["people"] == 120 and many["people"] == PEOPLE
    for counts in (few, many):
        people = counts["people"]
        assert people <= counts["capabilities"] <= 5 * people
        assert counts["assets"] == 40 + people // 50
        assert counts["assessments"] == 2
        assert counts["element_links"] > people // 2
        assert 6 * 10 <= counts["actions"] <= 6 * 30 + 2
    assert many["capabilities"] > few["capabilities"] * 2
    assert many["roles"] > few["roles"]


def test_roles_go_to_a_fifth_or_so_of_the_people(records):
    holders = {role.person_id for role in records["Role"]}
    assert 0.12 * PEOPLE <= len(holders) <= 0.3 * PEOPLE
    assert len({(r.person_id, r.stage) for r in records["Role"]}) == len(records["Role"])


def test_every_code_appears(records):
    people, assets = records["Person"], records["CommunityAsset"]
    assert {h for p in people for h in p.hats} == set(Hat)
    assert {c.kind for c in records["Capability"]} == set(CapabilityKind)
    assert {a.category for a in assets} == set(AssetCategory)
    assert {a.status for a in assets} == set(AssetStatus)
    assert {r.stage for r in records["Role"]} == set(Stage)
    assert {link.element for link in records["ElementLink"]} == set(Element)
    assert {a.element for a in records["Action"]} >= set(Element)
    kinds = {link.target[0].value for link in records["ElementLink"]}
    assert kinds == {"person", "capability", "asset"}


def test_people_look_like_a_uk_town_with_a_welsh_valley(records):
    people = records["Person"]
    names = [p.name for p in people]
    assert len(set(names)) >= 0.98 * len(names)
    person_text = " ".join(names)
    assert "â" in person_text and "ŷ" in person_text  # Siân, Llŷr
    assert any("ŵ" in a.name for a in records["CommunityAsset"])  # Tŵr y Cloc
    assert any("ŵ" in p.address or "ŷ" in p.address for p in people)
    languages = Counter(lang for p in people for lang in p.languages)
    assert languages["English"] > 0.9 * len(people)
    assert languages["Welsh"] > 0.1 * len(people)
    assert sum(1 for lang in languages if lang not in ("English", "Welsh")) >= 5
    for person in people:
        if person.email:
            assert person.email.endswith("example.org"), person.email
        if person.phone:
            number = int(person.phone.replace(" ", "")[-6:])
            assert person.phone.startswith(("07700 900", "01632 960")), person.phone
            assert 900000 <= number <= 900999 or 960000 <= number <= 960999
    hats = Counter(h for p in people for h in p.hats)
    assert hats[Hat.COMMUNITY_MEMBER] > hats[Hat.LIVED_EXPERIENCE] > hats[Hat.STAFF]
    assert hats[Hat.STAFF] + hats[Hat.PROFESSIONAL] < 0.25 * len(people)
    workers = [p for p in people if {Hat.STAFF, Hat.PARTNER_ORGANISATION} & set(p.hats)]
    assert all(p.organisation for p in workers)


def test_consent_and_equality_answers(records):
    people = records["Person"]
    with_consent = [p for p in people if p.consent_date]
    assert 0.8 * len(people) < len(with_consent) < len(people)
    assert all(p.consent_date <= TODAY for p in with_consent)
    scopes = Counter(p.consent_scope.value for p in with_consent)
    assert scopes["internal"] > scopes["partners"] > scopes["public"] > 0
    overdue = sum(p.consent_overdue(TODAY) for p in people)
    assert 0 < overdue < 0.25 * len(people)
    answered = [p for p in people if p.equality]
    assert 0.6 * len(people) < len(answered) < 0.8 * len(people)
    codes = Counter(code for p in answered for code in p.equality.values())
    assert codes[equality.PREFER_NOT_TO_SAY] > 0
    ethnicity = Counter(p.equality.get("ethnicity") for p in answered)
    assert ethnicity["white"] > len(answered) / 2
    assert len({"asian", "black", "mixed", "other"} & set(ethnicity)) >= 3


def test_lived_experience_is_thin_in_evaluation_and_lower_on_the_ladder(records):
    hats = {p.id: set(p.hats) for p in records["Person"]}
    by_stage: dict[tuple[str, Stage], int] = Counter()
    rungs: dict[str, list[int]] = defaultdict(list)
    decisions: dict[str, list[bool]] = defaultdict(list)
    for role in records["Role"]:
        worn = hats[role.person_id]
        group = "staff" if Hat.STAFF in worn else ("lived" if Hat.LIVED_EXPERIENCE in worn else "")
        if group:
            by_stage[group, role.stage] += 1
            rungs[group].append(role.rung.rank)
            if role.stage is Stage.EVALUATION:
                decisions[group].append(role.decisions)
    assert by_stage["lived", Stage.EVALUATION] < by_stage["lived", Stage.DESIGN] / 2
    assert by_stage["staff", Stage.EVALUATION] > by_stage["lived", Stage.EVALUATION]
    assert by_stage["staff", Stage.PLANNING] > by_stage["lived", Stage.PLANNING]
    mean = {group: sum(ranks) / len(ranks) for group, ranks in rungs.items()}
    assert mean["lived"] < mean["staff"] - 1
    assert sum(decisions["staff"]) / len(decisions["staff"]) > 0.5
    assert sum(decisions["lived"]) <= len(decisions["lived"]) / 4


def test_facilitating_and_reciprocity_are_the_thin_elements(records):
    links = Counter(link.element for link in records["ElementLink"])
    thin = {Element.FACILITATING, Element.RECIPROCITY}
    assert max(links[e] for e in thin) < min(links[e] for e in set(Element) - thin)
    assert {link.strength for link in records["ElementLink"]} == {0, 1, 2, 3}


def test_two_rounds_months_apart_rate_every_element_and_principle(records):
    rounds = sorted(records["AssessmentRound"], key=lambda r: r.held_on)
    assert len(rounds) == 2
    first, second = rounds
    assert 120 <= (second.held_on - first.held_on).days <= 240
    assert second.held_on <= TODAY
    assert all(r.participants for r in rounds)
    ratings: dict[str, list[AssessmentRating]] = defaultdict(list)
    for rating in records["AssessmentRating"]:
        ratings[rating.round_id].append(rating)
    for held in rounds:
        subjects = [r.element or r.principle for r in ratings[held.id]]
        assert len(subjects) == len(Element) + len(Principle)
        assert {s for s in subjects if isinstance(s, Element)} == set(Element)
        assert {r.principle for r in ratings[held.id] if r.principle} == set(Principle)
        assert all(r.evidence for r in ratings[held.id])
    scores = [[r.score for r in ratings[held.id]] for held in rounds]
    assert None in scores[0]
    assert sum(s or 0 for s in scores[1]) > sum(s or 0 for s in scores[0])


def test_actions_have_owners_due_dates_and_some_are_overdue(records):
    actions = records["Action"]
    per_element = Counter(a.element for a in actions if a.element)
    assert all(10 <= per_element[e] <= 30 for e in Element)
    assert all(a.owner and a.due for a in actions)
    overdue = [a for a in actions if a.due < TODAY and a.status.value in ("planned", "in_progress")]
    assert overdue
    assert len({a.status for a in actions}) >= 3


def test_reference_population_comes_from_the_csv(records):
    path = resource_path("sample", "reference_population.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    shares: dict[str, float] = defaultdict(float)
    for row in rows:
        equality.question(row["question"]).answer(row["group"])
        shares[row["question"]] += float(row["share"])
    assert set(shares) == set(equality.QUESTIONS_BY_KEY)
    assert all(math.isclose(total, 1.0, abs_tol=0.005) for total in shares.values()), shares
    stored: list[ReferenceShare] = records["ReferenceShare"]
    assert [(s.question, s.group, s.share) for s in stored] == [
        (row["question"], row["group"], float(row["share"])) for row in rows
    ]


def test_refuses_an_existing_file_and_leaves_it_alone(sample, folder):
    before = digest(sample)
    listing = sorted(p.name for p in folder.iterdir())
    with pytest.raises(AuditExistsError):
        write_sample(sample, people=20, today=TODAY)
    assert digest(sample) == before
    assert sorted(p.name for p in folder.iterdir()) == listing


def test_a_cancelled_sample_leaves_nothing_behind(tmp_path):
    target = tmp_path / "cancelled.coprod"

    def cancel(saved: int) -> None:
        if saved > 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_sample(target, people=200, today=TODAY, progress=cancel)
    assert list(tmp_path.iterdir()) == []


def test_progress_counts_up_to_every_record(tmp_path):
    seen: list[int] = []
    write_sample(tmp_path / "p.coprod", people=50, today=TODAY, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == sum(1 for _ in generate(50, 1, TODAY))
    assert [p.name for p in tmp_path.iterdir()] == ["p.coprod"]


def test_today_cannot_be_in_the_future(tmp_path):
    with pytest.raises(ValueError, match="future"):
        write_sample(tmp_path / "f.coprod", people=10, today=date(2999, 1, 1))
    assert list(tmp_path.iterdir()) == []


def test_tiny_samples_still_work():
    for people in (0, 1, 5):
        made = list(generate(people, 1, TODAY))
        assert sum(isinstance(r, Person) for r in made) == people
        assert sum(isinstance(r, AssessmentRound) for r in made) == 2
        assert any(isinstance(r, CommunityAsset) for r in made)


def test_records_come_grouped_by_kind_with_parents_first():
    order = []
    for record in generate(200, 1, TODAY):
        if not order or order[-1] is not type(record):
            order.append(type(record))
    assert len(order) == len(set(order)), order
    assert order.index(Person) < order.index(Capability) < order.index(ElementLink)
    assert order.index(CommunityAsset) < order.index(ElementLink)
    assert order.index(Person) < order.index(Role)
    assert order.index(AssessmentRound) < order.index(AssessmentRating)
