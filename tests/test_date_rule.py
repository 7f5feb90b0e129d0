"""The one range rule for dates (domain/validation.py), as the window and the importer meet it.

A date before 2000 or more than ten years after today is a mistyped year (or a field left at a
default such as 1900): every writer refuses it with the same plain message.
"""

from datetime import date, timedelta

import pytest

from coprod_desktop.domain import (
    Action,
    AssessmentRound,
    Audit,
    ConsentScope,
    Person,
    Problem,
    ValidationError,
    problems,
    validate,
)
from coprod_desktop.domain.validation import UnreadDate, date_problem, latest_date
from coprod_desktop.exchange.importing.importer import apply_import, plan_import
from coprod_desktop.store import AuditStore

TODAY = date(2026, 11, 23)


def test_the_range_runs_from_2000_to_ten_years_ahead():
    assert date_problem(date(2000, 1, 1), TODAY) is None
    assert date_problem(date(1999, 12, 31), TODAY) == "31/12/1999 is before 2000: check the year."
    assert date_problem(date(1900, 1, 2), TODAY) == "02/01/1900 is before 2000: check the year."
    assert date_problem(date(2036, 11, 23), TODAY) is None
    assert date_problem(date(2036, 11, 24), TODAY) == (
        "24/11/2036 is more than 10 years in the future: check the year."
    )
    assert latest_date(date(2028, 2, 29)) == date(2038, 2, 28)  # no 29 February in 2038


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (
            Person(name="Ann", consent_scope=ConsentScope.PUBLIC, consent_date=date(1926, 9, 14)),
            "consent_date",
        ),
        (Person(name="Ann", consent_review=date(1926, 9, 14)), "consent_review"),
        (Action(title="Book the hall", due=date(1926, 9, 14)), "due"),
        (AssessmentRound(held_on=date(1926, 9, 14)), "held_on"),
        (Audit(title="Audit", start_date=date(1926, 9, 14)), "start_date"),
    ],
)
def test_every_date_of_every_record_is_checked(record, field):
    assert problems(record, TODAY) == [Problem(field, "14/09/1926 is before 2000: check the year.")]
    with pytest.raises(ValidationError, match="before 2000"):
        validate(record, TODAY)


def test_a_far_future_consent_date_gets_one_message_not_two():
    person = Person(name="Ann", consent_scope=ConsentScope.PUBLIC, consent_date=date(2090, 9, 14))
    assert [p.message for p in problems(person, TODAY)] == [
        "14/09/2090 is more than 10 years in the future: check the year."
    ]


def test_text_that_is_not_a_date_is_refused_with_what_the_field_said():
    typed = UnreadDate("31/02/2026", "'31/02/2026' is not a date: there is no such day.")
    person = Person(name="Ann", consent_date=date(2026, 1, 5), consent_review=typed)
    # The review is not compared with the consent date: it is not a date to compare.
    assert [(p.field, p.message) for p in problems(person, TODAY)] == [
        ("consent_review", "'31/02/2026' is not a date: there is no such day."),
        ("consent_scope", "say what the person agreed to share."),
    ]
    assert [p.field for p in problems(AssessmentRound(held_on=typed), TODAY)] == ["held_on"]


def test_a_round_needs_its_day():
    assert [p.message for p in problems(AssessmentRound(held_on=None), TODAY)] == [
        "give the day the round was held."
    ]


def test_dates_in_range_pass():
    inside = [
        Person(
            name="Ann",
            consent_scope=ConsentScope.PUBLIC,
            consent_date=date(2000, 1, 1),
            consent_review=TODAY + timedelta(days=3650),
        ),
        Action(title="Book the hall", due=date(2036, 11, 23)),
        AssessmentRound(held_on=TODAY),
        Audit(title="Audit", start_date=date(2030, 1, 1)),
    ]
    for record in inside:
        assert problems(record, TODAY) == [], record


def test_the_importer_refuses_the_same_years_with_the_same_words(tmp_path):
    path = tmp_path / "audit.coprod"
    AuditStore.create(path, Audit(title="Audit")).close()
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Name,Consent given on,Consent covers\r\n"
        "Jane Smith,14/09/2026,The public\r\n"
        "Dai Jones,14/09/1926,The public\r\n"
        "Siân Wyn,14/09/2090,The public\r\n",
        encoding="utf-8",
    )
    with AuditStore.open(path) as store:
        plan = plan_import(store, sheet, today=TODAY)
        messages = {problem.row: problem.message for problem in plan.errors}
        assert plan.new == 1 and plan.error_rows == 2
        assert "14/09/1926 is before 2000: check the year." in messages[3]
        assert "14/09/2090 is more than 10 years in the future: check the year." in messages[4]
        apply_import(store, plan, valid_only=True)
        assert [p.consent_date for p in store.iterate(Person)] == [date(2026, 9, 14)]
