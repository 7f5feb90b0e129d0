"""The privacy policies (domain.privacy): one object per level says what leaves the audit, and
every export asks it. A level added at run time (a "funder" copy, between partner and public)
is exported as a workbook and a PDF report without any other module knowing it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import openpyxl
import pytest

from coprod_desktop.analysis import small_counts
from coprod_desktop.domain import privacy
from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import (
    Naming,
    PrivacyPolicy,
    Sensitivity,
    find_policy,
    policies,
    policy_for,
)
from coprod_desktop.domain.vocabulary import ConsentScope, PrivacyLevel
from coprod_desktop.exchange.importing.importer import plan_import
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.writer import export_workbook
from coprod_desktop.report.pdf import export_report
from tests.exchange.conftest import sheet_records
from tests.exchange.test_pdf_report import flat, pdf_text

# -- the three levels of DESIGN.md -------------------------------------------------------------


def test_every_level_has_a_policy_found_by_level_code_or_itself():
    assert [p.code for p in policies()] == [level.value for level in PrivacyLevel]
    for level in PrivacyLevel:
        policy = policy_for(level)
        assert policy_for(level.value) is policy is policy_for(policy) is find_policy(level.value)
        assert policy.level is level
        assert (policy.label, policy.description) == (level.label, level.description)
    assert find_policy("nobody knows") is None
    with pytest.raises(ValueError, match="not a privacy level"):
        policy_for("nobody knows")


def test_what_each_level_lets_leave():
    internal, partner, public = (policy_for(level) for level in PrivacyLevel)
    assert internal.everything and not internal.published
    assert internal.shows == frozenset(Sensitivity)
    assert internal.capability_filter() == {}
    assert partner.shows == {Sensitivity.ORDINARY, Sensitivity.IDENTIFYING}
    assert partner.naming is Naming.BY_CONSENT and partner.published
    assert partner.capability_filter() == {"willing_to_share": True}
    assert partner.rows_about_people and not partner.small_counts and partner.states_counts
    assert not public.rows_about_people and public.small_counts and not public.states_counts
    assert public.small_counts_below == privacy.SMALL_COUNT_BELOW == 5


def test_the_small_count_rule_takes_its_threshold_from_the_policy():
    assert policy_for(PrivacyLevel.PUBLIC).small_counts_below == small_counts.SUPPRESS_BELOW
    assert small_counts.SUPPRESSED == "<5"


@pytest.mark.parametrize(
    ("consent", "internal", "partner", "public"),
    [
        (ConsentScope.PUBLIC, "Siân", "Siân", "P4"),
        (ConsentScope.PARTNERS, "Siân", "Siân", "P4"),
        (ConsentScope.INTERNAL, "Siân", "P4", "P4"),
        (None, "Siân", "P4", "P4"),
        ("partners", "Siân", "Siân", "P4"),  # as the database holds it
    ],
)
def test_how_each_level_names_a_person(consent, internal, partner, public):
    shown = [policy.display_name("Siân", "P4", consent) for policy in policies()]
    assert shown == [internal, partner, public]


def test_columns_are_shown_by_their_sensitivity():
    """The columns each level writes: what the workbook wrote before the policies."""
    people = {c.key for c in L.PEOPLE.columns_at(PrivacyLevel.PARTNER)}
    assert {"email", "phone", "address", "notes", "accessibility_needs"}.isdisjoint(people)
    assert not any(key.startswith("equality:") for key in people)
    assert {"name", "pseudonym", "organisation", "availability", "languages"} <= people
    assert "contact" not in {c.key for c in L.ASSETS.columns_at(PrivacyLevel.PARTNER)}
    assert "owner" not in {c.key for c in L.ACTIONS.columns_at(PrivacyLevel.PARTNER)}
    assert "notes" not in {c.key for c in L.ROLES.columns_at(PrivacyLevel.PARTNER)}
    for sheet in L.DATA_SHEETS:
        assert sheet.columns_at(PrivacyLevel.INTERNAL) == sheet.columns
        assert sheet.columns_at(PrivacyLevel.PUBLIC) == ()


def test_a_pseudonymised_person_has_what_identifies_them_left_blank():
    person = r.Person(
        name="Siân Evans",
        pseudonym="Participant 4",
        organisation="Cwm Derwen Chapel",
        availability="Only when respite care is booked",
        reciprocity_note="Has felt isolated since moving here",
        languages=("Welsh",),
        consent_scope=ConsentScope.INTERNAL,
    )
    identifying = [c.key for c in L.PEOPLE.columns if c.sensitivity is Sensitivity.IDENTIFYING]
    assert identifying == ["organisation", "availability", "reciprocity_note"]
    partner = policy_for(PrivacyLevel.PARTNER)
    shared = partner.shared_person(person, identifying)
    assert (shared.name, shared.organisation, shared.availability) == ("Participant 4", "", "")
    assert shared.reciprocity_note == "" and shared.languages == ("Welsh",)
    named = dataclasses.replace(person, consent_scope=ConsentScope.PARTNERS)
    assert partner.shared_person(named, identifying) is named


# -- a level added at run time: the workbook and the report follow its policy ------------------

FUNDER = PrivacyPolicy(
    code="funder",
    label="Funder",
    description="For the funder: everyone by pseudonym, nothing that identifies anyone.",
    choice="&Funder",
    command_help="pseudonyms only",
    audience="for the funder",
    report_note="For the funder. Everyone is shown by a pseudonym; nothing that identifies "
    "a person is included.",
    shows=frozenset({Sensitivity.ORDINARY}),
    naming=Naming.PSEUDONYM,
)


@pytest.fixture
def funder() -> Iterator[PrivacyPolicy]:
    privacy.register(FUNDER, after=PrivacyLevel.PARTNER.value)
    try:
        yield FUNDER
    finally:
        privacy.unregister(FUNDER.code)
    assert find_policy("funder") is None


def test_a_registered_level_sits_where_it_was_put(funder):
    assert [p.code for p in policies()] == ["internal", "partner", "funder", "public"]
    assert policy_for("funder") is funder and funder.level is funder
    with pytest.raises(ValueError, match="already known"):
        privacy.register(funder, after="internal")
    with pytest.raises(ValueError, match="cannot be removed"):
        privacy.unregister("partner")


def test_a_workbook_at_a_registered_level(funder, sample_store, tmp_path):
    path = tmp_path / "funder.xlsx"
    result = export_workbook(sample_store, path, privacy=funder)
    assert result.privacy is funder
    book = openpyxl.load_workbook(path)
    people = {p.id: p for p in sample_store.iterate(r.Person)}

    rows = sheet_records(book["People"])
    assert len(rows) == len(people)
    headers = set(rows[0])
    assert {"Organisation", "Availability", "Email", "Notes"}.isdisjoint(headers)
    for row in rows:
        person = people[row["Person ID (leave as it is)"]]
        assert row["Name"] == row["Pseudonym"] == person.pseudonym  # whatever their consent
    for sheet in ("Capabilities", "Role details", L.ROLE_GRID_SHEET):
        for row in sheet_records(book[sheet]):
            assert row["Person"] == people[row["Person ID"]].pseudonym, sheet
    capabilities = sheet_records(book["Capabilities"])
    assert capabilities and all(row["Willing to share"] == "Yes" for row in capabilities)

    read_me = {row[0].value: row[1].value for row in book[L.README_SHEET].iter_rows() if row[1:]}
    assert read_me["Privacy level"] == f"Funder: {funder.description}"
    about = {row[0].value: row[1].value for row in book[L.ABOUT_SHEET].iter_rows()}
    assert about["privacy"] == "funder"

    # Imported back, it is a workbook with rows (not refused as a public one is), and every
    # person shown by pseudonym, with the identifying columns left out, is unchanged.
    plan = plan_import(sample_store, path)
    assert plan.changed == 0 and not plan.has_errors


def test_a_report_at_a_registered_level(funder, sample_store, tmp_path):
    path = tmp_path / "funder.pdf"
    result = export_report(sample_store, path, privacy=funder, sections=["capabilities"])
    assert result.privacy is funder and result.pages > 1
    text = flat(pdf_text(path))
    assert f"Privacy level: Funder {flat(funder.report_note)}" in text
    assert "Funder copy" in text
    assert "Only capabilities people are willing to share are listed." in text
    people = list(sample_store.iterate(r.Person))
    shared = [c for c in sample_store.iterate(r.Capability) if c.willing_to_share]
    by_id = {p.id: p for p in people}
    assert any(flat(by_id[c.person_id].pseudonym) in text for c in shared)
    named = {p.name for p in people if p.consent_scope in (ConsentScope.PARTNERS,)}
    assert not [name for name in named if f" {name} " in text]


def test_the_change_log_says_who_an_export_was_for(funder):
    from coprod_desktop.store.sharing import export_summary

    assert export_summary("workbook", PrivacyLevel.PARTNER, "p.xlsx") == (
        "Workbook for partners: p.xlsx"
    )
    assert export_summary("report", "public") == "PDF report for the public"
    assert export_summary("workbook", funder, "f.xlsx") == "Workbook for the funder: f.xlsx"
