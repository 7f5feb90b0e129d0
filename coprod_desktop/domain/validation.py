"""Checks a record before it is written: each problem names the field and what to do."""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from dataclasses import dataclass
from datetime import date

from coprod_desktop.domain import equality
from coprod_desktop.domain.records import (
    Action,
    AssessmentRating,
    AssessmentRound,
    AssetConnection,
    Audit,
    Capability,
    CommunityAsset,
    ElementLink,
    Person,
    Record,
    ReferenceShare,
    Role,
)
from coprod_desktop.domain.vocabulary import AcvStatus

MAX_TEXT_LENGTH = 100_000
# Dates an audit can hold: a date outside them is almost always a mistyped year (1926 for
# 2026, 2062 for 2026) or a date field left at a default (1900). Refused, with the reason.
EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 10
# Control characters cannot be typed and break exports; tab and line breaks are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    """A record was refused; `problems` says which fields and why."""

    def __init__(self, record: Record, problems: list[Problem]) -> None:
        self.record = record
        self.problems = problems
        details = "; ".join(str(p) for p in problems)
        super().__init__(f"The {record.noun} was not saved: {details}")


@dataclass(frozen=True)
class UnreadDate:
    """What was typed in a date field that is not a date ("31/02/2026", "14/09").

    A form puts it in the record in place of the date, so that the form counts as changed
    (the typing is not lost) and validation refuses the record, with `problem`, beside the
    field. It never reaches the file.
    """

    text: str
    problem: str

    def __str__(self) -> str:
        return self.text


def latest_date(today: date) -> date:
    """Return the last date an audit accepts: `YEARS_AHEAD` years after `today`."""
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February, and the year ten on is not a leap year
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_problem(value: date, today: date | None = None) -> str | None:
    """Say why `value` cannot be a date of the audit (a year mistyped), or None if it can.

    The one range rule for the window, the importer and every other writer: from
    1 January 2000 to `YEARS_AHEAD` years after today.
    """
    if value < EARLIEST_DATE:
        return f"{value:%d/%m/%Y} is before {EARLIEST_DATE.year}: check the year."
    if value > latest_date(today or date.today()):
        return f"{value:%d/%m/%Y} is more than {YEARS_AHEAD} years in the future: check the year."
    return None


def _label(field_name: str) -> str:
    return field_name.replace("_", " ")


@functools.cache
def _text_fields(record_type: type[Record]) -> tuple[str, ...]:
    hints = typing.get_type_hints(record_type)
    # str, str | None and tuple[str, ...] fields hold text people typed.
    return tuple(
        f.name
        for f in dataclasses.fields(record_type)
        if hints[f.name] is str or str in typing.get_args(hints[f.name])
    )


def _text_problems(record: Record) -> list[Problem]:
    problems = []
    for name in _text_fields(type(record)):
        value = getattr(record, name)
        texts = value if isinstance(value, tuple) else (value,)
        for text in texts:
            if not isinstance(text, str) or (len(text) < 64 and text.isprintable()):
                continue  # the quick test clears almost every value
            if len(text) > MAX_TEXT_LENGTH:
                problems.append(
                    Problem(
                        name,
                        f"is {len(text):,} characters long; the most is {MAX_TEXT_LENGTH:,}. "
                        "Shorten it or keep the full text in a separate document.",
                    )
                )
            match = _CONTROL.search(text)
            if match:
                problems.append(
                    Problem(
                        name,
                        f"contains an invisible control character (code {ord(match.group()):#04x}"
                        f") at position {match.start() + 1}; remove it and try again.",
                    )
                )
    return problems


@functools.cache
def _date_fields(record_type: type[Record]) -> tuple[str, ...]:
    hints = typing.get_type_hints(record_type)
    return tuple(
        f.name
        for f in dataclasses.fields(record_type)
        if hints[f.name] is date or date in typing.get_args(hints[f.name])
    )


def _date_problems(record: Record, today: date) -> list[Problem]:
    """Dates that are not dates (typed text that could not be read) or out of range."""
    problems = []
    for name in _date_fields(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if isinstance(value, UnreadDate):
            problems.append(Problem(name, value.problem))
        elif not isinstance(value, date):
            problems.append(Problem(name, f"'{value}' is not a date."))
        else:
            message = date_problem(value, today)
            if message:
                problems.append(Problem(name, message))
    return problems


def _is_date(value: object) -> bool:
    return isinstance(value, date)


def _required(record: Record, *names: str) -> list[Problem]:
    return [
        Problem(name, f"{_label(name)} cannot be empty.")
        for name in names
        if not str(getattr(record, name) or "").strip()
    ]


def _not_future(name: str, value: date | None, today: date) -> list[Problem]:
    if _is_date(value) and value > today:
        return [Problem(name, f"{value:%d/%m/%Y} is in the future; use today or an earlier date.")]
    return []


def _person_problems(person: Person, today: date) -> list[Problem]:
    problems = _required(person, "name")
    if person.email and not _EMAIL.match(person.email):
        problems.append(Problem("email", f"'{person.email}' is not an email address."))
    problems += _not_future("consent_date", person.consent_date, today)
    if (
        _is_date(person.consent_date)
        and _is_date(person.consent_review)
        and person.consent_review < person.consent_date
    ):
        problems.append(
            Problem("consent_review", "the review date is before the date consent was given.")
        )
    if person.consent_date and person.consent_scope is None:
        problems.append(Problem("consent_scope", "say what the person agreed to share."))
    for key, code in person.equality.items():
        try:
            equality.question(key).answer(code)
        except ValueError as error:
            problems.append(Problem("equality", str(error)))
    return problems


def _before(later: object, earlier: object) -> bool:
    return _is_date(later) and _is_date(earlier) and later < earlier


def _asset_problems(asset: CommunityAsset) -> list[Problem]:
    """Dates of an Asset of Community Value that cannot be in that order."""
    problems = _required(asset, "name")
    if _before(asset.acv_listed_on, asset.acv_nominated_on):
        problems.append(Problem("acv_listed_on", "the date listed is before the date nominated."))
    if _before(asset.acv_listing_ends, asset.acv_listed_on):
        problems.append(
            Problem(
                "acv_listing_ends",
                "the listing ends before the date listed; leave it empty for five years "
                "after the date listed.",
            )
        )
    if _before(asset.acv_sale_notice_on, asset.acv_listed_on):
        problems.append(
            Problem(
                "acv_sale_notice_on",
                "the owner's notice of sale is before the date listed: only a listed asset "
                "has one.",
            )
        )
    return problems


# ACV statuses under which the asset has been on the council's list, and so has a date listed.
_BEEN_LISTED = (AcvStatus.LISTED, AcvStatus.REMOVED, AcvStatus.EXPIRED)


def advice(record: Record) -> list[Problem]:
    """Return what looks unfinished in `record` but does not stop it being saved.

    A listed asset without its date listed is saved (the user may not have the register to
    hand), but its listing end cannot be worked out until the date is given.
    """
    if not isinstance(record, CommunityAsset):
        return []
    found = []
    if record.acv_status in _BEEN_LISTED and record.acv_listed_on is None:
        found.append(
            Problem(
                "acv_listed_on",
                "add the date listed from the council's register: the listing end is "
                "worked out from it.",
            )
        )
    given = record.acv_listed_on or record.acv_listing_ends
    if given is not None and record.acv_status in (AcvStatus.NOT_NOMINATED, AcvStatus.NOMINATED):
        found.append(
            Problem(
                "acv_status",
                f"there is a listing date but the status says "
                f"\u201c{record.acv_status.label}\u201d: choose Listed (or what it is now).",
            )
        )
    return found


def _link_problems(link: ElementLink) -> list[Problem]:
    problems = []
    targets = [t for t in (link.person_id, link.capability_id, link.asset_id) if t]
    if len(targets) != 1:
        problems.append(
            Problem("target", "link exactly one person, capability or asset to the element.")
        )
    if link.strength not in (0, 1, 2, 3):
        problems.append(Problem("strength", f"{link.strength} is not a strength from 0 to 3."))
    return problems


def _rating_problems(rating: AssessmentRating) -> list[Problem]:
    problems = []
    if (rating.element is None) == (rating.principle is None):
        problems.append(Problem("subject", "rate either one element or one principle."))
    if rating.score is not None and rating.score not in range(1, 6):
        problems.append(
            Problem("score", f"{rating.score} is not on the scale from 1 to 5 (or not assessed).")
        )
    return problems


def _share_problems(share: ReferenceShare) -> list[Problem]:
    problems = []
    try:
        equality.question(share.question).answer(share.group)
    except ValueError as error:
        problems.append(Problem("group", str(error)))
    if not 0.0 <= share.share <= 1.0:
        problems.append(Problem("share", f"{share.share} is not a share between 0 and 1."))
    return problems


def problems(record: Record, today: date | None = None) -> list[Problem]:
    """Return every problem with `record`; an empty list means it can be saved."""
    today = today or date.today()
    found = _text_problems(record)
    dates = _date_problems(record, today)
    match record:
        case Audit():
            found += _required(record, "title")
        case Person():
            found += _person_problems(record, today)
        case Capability():
            found += _required(record, "person_id", "description")
        case CommunityAsset():
            found += _asset_problems(record)
        case AssetConnection():
            found += _required(record, "asset_id", "person_id")
        case ElementLink():
            found += _link_problems(record)
        case Role():
            found += _required(record, "person_id")
        case AssessmentRound():
            if record.held_on is None:
                found.append(Problem("held_on", "give the day the round was held."))
            found += _not_future("held_on", record.held_on, today)
        case AssessmentRating():
            found += _required(record, "round_id") + _rating_problems(record)
        case Action():
            found += _required(record, "title")
        case ReferenceShare():
            found += _share_problems(record)
    # A date that is not one, or out of range, is the one thing said about its field.
    bad_dates = {problem.field for problem in dates}
    return dates + [problem for problem in found if problem.field not in bad_dates]


def validate(record: Record, today: date | None = None) -> None:
    """Raise ValidationError if `record` cannot be saved."""
    found = problems(record, today)
    if found:
        raise ValidationError(record, found)
