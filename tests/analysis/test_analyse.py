"""All analyses together: `analyse`, its JSON and text, and `coprod-desktop analyse`."""

import json
import sqlite3
from datetime import date

import pytest

from coprod_desktop.analysis import AuditAnalysis, analyse
from coprod_desktop.analysis.checklist import QUESTIONS
from coprod_desktop.analysis.coverage import UNTAPPED_EXAMPLES
from coprod_desktop.cli import main
from coprod_desktop.domain import (
    Action,
    AssessmentRating,
    AssessmentRound,
    AssetCategory,
    Audit,
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
    Rung,
    Stage,
)
from coprod_desktop.store import AuditStore

TODAY = date(2025, 11, 23)
KEYS = {"coverage", "ladder", "checklist", "principles", "leaving_out", "progress"}


def person(name, *hats, stages=(), **fields):
    """A person wearing `hats`, and their co-production roles with decisions at `stages`."""
    added = Person(name=name, hats=tuple(hats), **fields)
    roles = [
        Role(person_id=added.id, stage=stage, rung=Rung.CO_PRODUCTION, decisions=True)
        for stage in stages
    ]
    return added, roles


def capability(who, description, kind=CapabilityKind.HANDS):
    return Capability(person_id=who.id, kind=kind, description=description)


def small_town(store):
    """A small audit with something in every analysis, worked out by hand (one transaction)."""
    lee, lee_roles = person(
        "Lee Jones", Hat.LIVED_EXPERIENCE, stages=Stage, equality={"sex": "female"}
    )
    sam, sam_roles = person("Sam Price", Hat.STAFF, stages=Stage, languages=("Welsh",))
    cooking = capability(lee, "Cooks for thirty")
    law = capability(sam, "Knows housing law", CapabilityKind.HEAD)
    harp = capability(sam, "Plays the harp")  # untapped
    hall = CommunityAsset(name="Hall", category=AssetCategory.PHYSICAL_SPACES)
    spring = AssessmentRound(held_on=date(2025, 3, 1), participants="Everyone")
    store.add_many(
        [
            lee,
            sam,
            *lee_roles,
            *sam_roles,
            cooking,
            law,
            harp,
            hall,
            ElementLink(element=Element.CAPABILITIES, capability_id=cooking.id, strength=3),
            ElementLink(element=Element.CAPABILITIES, capability_id=law.id, strength=3),
            ElementLink(element=Element.CAPABILITIES, person_id=lee.id, strength=3),
            ElementLink(element=Element.CAPABILITIES, person_id=sam.id, strength=2),
            ElementLink(element=Element.CAPABILITIES, asset_id=hall.id, strength=1),
            ElementLink(element=Element.ASSETS, asset_id=hall.id, strength=2),
            spring,
            AssessmentRating(round_id=spring.id, element=Element.ASSETS, score=2),
            AssessmentRating(round_id=spring.id, principle=Principle.EQUALITY, score=3),
            Action(title="Find a BSL interpreter", due=date(2025, 11, 1), owner="Sam"),
            ReferenceShare(question="sex", group="female", share=0.5),
        ]
    )


def test_analyse_runs_everything_on_a_small_audit(store):
    small_town(store)
    result = analyse(store, TODAY)
    assert isinstance(result, AuditAnalysis)
    assert [c.element for c in result.coverage] == list(Element)
    assert [s.stage for s in result.ladder] == list(Stage)
    assert [a.answer for a in result.checklist] == ["yes", "yes", "yes"]
    assert result.counts["people"] == 2 and result.counts["capabilities"] == 3
    assert result.counts["actions_overdue"] == 1 and result.counts["reference_shares"] == 1
    assert result.progress.rating(Element.ASSETS).latest == 2
    assert result.principle_rating(Principle.EQUALITY) == 3
    assert result.principles.diversity.languages == 1


def test_coverage_counts_links_by_strength_and_names_untapped_capabilities(store):
    small_town(store)
    result = analyse(store, TODAY)
    caps = next(c for c in result.coverage if c.element is Element.CAPABILITIES)
    assert (caps.strong, caps.moderate, caps.weak) == (3, 1, 1)
    assert (caps.people, caps.capabilities, caps.assets, caps.total_strength) == (2, 2, 1, 12)
    assert not caps.thin
    assets = next(c for c in result.coverage if c.element is Element.ASSETS)
    assert (assets.strong, assets.moderate, assets.weak, assets.thin) == (0, 1, 0, True)

    assert result.untapped.count == 1
    [harp] = result.untapped.examples
    assert (harp.description, harp.person, harp.kind) == (
        "Plays the harp",
        "Sam Price",
        CapabilityKind.HANDS,
    )

    data = result.to_json()
    assert data["coverage"]["capabilities"]["links"] == {"strong": 3, "moderate": 1, "weak": 1}
    assert data["coverage"]["capabilities"]["name"] == "Building on people's existing capabilities"
    assert data["coverage"]["capabilities"]["nef_name"] == "Capacity"
    assert data["coverage"]["assets"]["thin"] is True
    assert data["untapped"] == {
        "count": 1,
        "examples": [
            {
                "id": harp.id,
                "description": "Plays the harp",
                "kind": "hands",
                "person": "Sam Price",
            }
        ],
    }
    text = result.to_text()
    assert (
        "Building on people's existing capabilities: 2 people, 2 capabilities, 1 asset; links "
        "strong 3, moderate 1, weak 1. Well covered: 3 strong links."
    ) in text
    assert "Not linked to any element: 1 capability." in text


def test_untapped_examples_are_the_newest_and_at_most_ten(store):
    ann, _ = person("Ann")
    skills = [capability(ann, f"Skill {i}") for i in range(UNTAPPED_EXAMPLES + 2)]
    store.add_many([ann, *skills])
    store.add(ElementLink(element=Element.BLURRING, capability_id=skills[0].id, strength=0))
    store.add(ElementLink(element=Element.BLURRING, capability_id=skills[1].id, strength=1))
    store.delete(Capability, skills[2].id)
    untapped = analyse(store, TODAY).untapped
    assert untapped.count == UNTAPPED_EXAMPLES  # 12, less one linked and one deleted
    assert [u.description for u in untapped.examples] == [
        f"Skill {i}" for i in range(UNTAPPED_EXAMPLES + 1, 2, -1)
    ] + ["Skill 0"]
    assert all(u.person == "Ann" for u in untapped.examples)


def test_json_has_every_key_and_can_be_written(store):
    small_town(store)
    data = analyse(store, TODAY).to_json()
    assert set(data) == KEYS | {"counts", "untapped"}
    assert list(data["coverage"]) == [e.value for e in Element]
    assert list(data["ladder"]) == [s.value for s in Stage]
    assert [a["question"] for a in data["checklist"]] == list(QUESTIONS)
    assert all(
        {"question", "answer", "evidence", "to_yes", "rule"} <= set(a) for a in data["checklist"]
    )
    assert set(data["principles"]) == {"equality", "diversity", "accessibility", "reciprocity"}
    assert json.loads(json.dumps(data)) == data


def test_empty_audit(store):
    result = analyse(store, TODAY)
    data = result.to_json()
    assert [a["answer"] for a in data["checklist"]] == ["no", "no", "no"]
    assert data["untapped"] == {"count": 0, "examples": []}
    assert data["progress"]["rounds"] == [] and data["progress"]["round"] is None
    assert data["leaving_out"]["sentence"] == "No people have been recorded yet."
    assert set(data["counts"].values()) == {0}
    text = result.to_text()
    assert text.startswith("Six elements: coverage\n======================\n")
    for heading in (
        "Roles and the ladder",
        "Equal-partner checklist",
        "Principles",
        "Who are we leaving out?",
        "Progress",
    ):
        assert f"\n\n{heading}\n{'=' * len(heading)}\n" in text
    assert "No self-assessment yet." in text
    assert "Nobody with lived experience holds a role yet." in text


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def audit_file(tmp_path):
    path = tmp_path / "Tŷ Town.coprod"
    with AuditStore.create(path, Audit(title="Tŷ Town"), user="t") as made:
        small_town(made)
    return path


def test_cli_analyse_prints_text(audit_file, capsys):
    assert main(["analyse", str(audit_file), "--today", "2025-11-23"]) == 0
    out = capsys.readouterr().out
    assert out == analyse_file(audit_file).to_text()
    assert f"1. {QUESTIONS[0]} Yes." in out
    assert "Actions: 0 done, 1 open, 1 overdue." in out
    assert "  Overdue since 01/11/2025: Find a BSL interpreter (Sam)" in out


def analyse_file(path):
    with AuditStore.open(path, read_only=True) as opened:
        return analyse(opened, TODAY)


def test_cli_analyse_prints_json_judged_by_the_given_day(audit_file, capsys):
    assert main(["analyse", str(audit_file), "--json", "--today", "2025-11-23"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == analyse_file(audit_file).to_json()
    assert set(data) >= KEYS
    assert data["progress"]["actions"]["overdue"] == 1
    assert data["untapped"]["examples"][0]["person"] == "Sam Price"

    assert main(["analyse", str(audit_file), "--json", "--today", "2025-10-01"]) == 0
    earlier = json.loads(capsys.readouterr().out)
    assert earlier["progress"]["actions"]["overdue"] == 0
    assert earlier["counts"]["actions_overdue"] == 0


def test_cli_analyse_leaves_the_file_as_it_was(audit_file, capsys):
    before = audit_file.read_bytes()
    assert main(["analyse", str(audit_file), "--json"]) == 0
    assert audit_file.read_bytes() == before


def test_cli_analyse_a_missing_file(tmp_path, capsys):
    missing = tmp_path / "missing.coprod"
    assert main(["analyse", str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "missing.coprod" in captured.err
    assert not missing.exists()


@pytest.mark.parametrize("kind", ["text", "sqlite"])
def test_cli_analyse_a_foreign_file(tmp_path, capsys, kind):
    foreign = tmp_path / "foreign.coprod"
    if kind == "text":
        foreign.write_text("not an audit")
    else:  # a database of another program
        with sqlite3.connect(foreign) as other:
            other.execute("CREATE TABLE person (name TEXT)")
        other.close()
    before = foreign.read_bytes()
    assert main(["analyse", str(foreign)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "foreign.coprod" in captured.err
    assert foreign.read_bytes() == before


def test_cli_analyse_a_bad_day_is_a_usage_error(audit_file, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["analyse", str(audit_file), "--today", "23/11/2025"])
    assert stopped.value.code == 2
    assert "'23/11/2025' is not a date like" in capsys.readouterr().err
