"""The Asset of Community Value columns of the Assets sheet (Localism Act 2011).

What a council's register of Assets of Community Value says about an asset is public
information, not personal data: every column is ordinary. The dates the Act derives (the
listing end when the council gave none, the moratoriums after a notice of sale) are not
columns: they are worked out from these when shown, so a workbook read back changes nothing.
"""

from __future__ import annotations

from coprod_desktop.domain.vocabulary import AcvStatus
from coprod_desktop.exchange.workbook.column_types import Column, Kind


def acv_columns() -> tuple[Column, ...]:
    return (
        Column(
            "acv_status",
            "ACV status",
            Kind.CHOICE,
            width=16,
            choices=AcvStatus,
            prompt="As an Asset of Community Value: Not nominated, Nominated, Listed, Refused, "
            "Removed or Expired.",
            synonyms=(
                "asset of community value",
                "acv",
                "acv listing",
                "nomination status",
                "nomination outcome",
            ),
        ),
        Column(
            "acv_reference",
            "ACV register reference",
            Kind.TEXT,
            width=14,
            prompt="The reference in the council's register of Assets of Community Value.",
            synonyms=("acv reference", "acv ref", "register reference", "listing reference"),
        ),
        Column(
            "acv_nominated_by",
            "ACV nominated by",
            Kind.TEXT,
            width=22,
            synonyms=("nominated by", "nominator", "nominating body", "nominating group"),
        ),
        Column(
            "acv_nominated_on",
            "ACV date nominated",
            Kind.DATE,
            width=14,
            synonyms=("date nominated", "nomination date", "date of nomination", "nominated on"),
        ),
        Column(
            "acv_listed_on",
            "ACV date listed",
            Kind.DATE,
            width=14,
            synonyms=("date listed", "listing date", "date of listing", "listed on"),
        ),
        Column(
            "acv_listing_ends",
            "ACV listing ends",
            Kind.DATE,
            width=14,
            prompt="Leave empty for five years after the date listed.",
            synonyms=(
                "listing ends",
                "listing end date",
                "end of listing",
                "listing expires",
                "listing expiry date",
                "date listing expires",
                "expiry date",
            ),
        ),
        Column(
            "acv_sale_notice_on",
            "ACV notice of sale",
            Kind.DATE,
            width=14,
            prompt="The day the owner told the council they intend to sell (the moratoriums "
            "are worked out from it).",
            synonyms=(
                "notice of sale",
                "notice of intention to dispose",
                "notice of disposal",
                "disposal notice",
                "date of notice",
            ),
        ),
    )
