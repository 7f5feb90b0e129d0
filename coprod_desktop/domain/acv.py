"""The periods the Localism Act 2011 sets for Assets of Community Value.

An asset stays on the council's list for five years from the day it is listed (unless the
council says otherwise). When the owner tells the council they mean to sell, the interim
moratorium lasts six weeks (community groups may ask to bid) and the full moratorium six
months (time for a bid), both counted from the owner's notice.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

LISTING_YEARS = 5
INTERIM_MORATORIUM = timedelta(weeks=6)
FULL_MORATORIUM_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month where that day does not exist
    (31 August + 6 months is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def listing_end(listed_on: date) -> date:
    """The day a listing ends when the council gave no other: five years after listing."""
    return add_months(listed_on, 12 * LISTING_YEARS)


def interim_moratorium_end(notice_on: date) -> date:
    return notice_on + INTERIM_MORATORIUM


def full_moratorium_end(notice_on: date) -> date:
    return add_months(notice_on, FULL_MORATORIUM_MONTHS)
