"""The inventories: capabilities and community assets, or their totals in a public report."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from coprod_desktop.analysis.small_counts import (
    WITHHELD,
)
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import (
    AcvStatus,
    AssetCategory,
    CapabilityKind,
)
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.names import NameLookup
from coprod_desktop.report.sections.base import (
    BATCH,
    WITHHELD_NOTE,
    SectionBase,
)


class InventorySections(SectionBase):
    def capabilities(self) -> list[Flowable]:
        parts: list[Flowable] = [self.heading("Capability inventory", "capabilities")]
        if self.public:
            return [
                *parts,
                *self._public_totals("Capabilities", "What people offer, by kind: totals only."),
                PageBreak(),
            ]
        shared = not self.policy.unshared_capabilities
        parts.append(
            self.para(
                "What people offer, grouped by kind. "
                + (
                    "Only capabilities people are willing to share are listed."
                    if shared
                    else "Capabilities people do not want shared are marked."
                )
            )
        )
        header = ["Capability", "Person", "Tags"] + ([] if shared else ["Shared?"])
        shares = (50, 25, 25) if shared else (46, 23, 21, 10)
        groups = []
        for kind in CapabilityKind:
            filters = {"kind": kind, **self.policy.capability_filter()}
            groups.append(
                (
                    kind,
                    self.store.count(r.Capability, **filters),
                    self._capability_rows(filters, shared),
                )
            )
        parts += self._groups(
            "capabilities", groups, header, shares, "No capabilities recorded yet."
        )
        return [*parts, PageBreak()]

    def _capability_rows(self, filters: dict, shared: bool) -> Iterator[list]:
        names = NameLookup(self.store, self.level)
        records = self.store.iterate(r.Capability, batch_size=BATCH, **filters)
        while batch := list(itertools.islice(records, BATCH)):
            people = names.people(c.person_id for c in batch)
            for c in batch:
                row = [c.description, people.get(c.person_id, ""), "; ".join(c.tags)]
                if not shared:
                    row.append("Yes" if c.willing_to_share else "No")
                yield row

    def assets(self) -> list[Flowable]:
        parts: list[Flowable] = [self.heading("Asset register", "assets")]
        if self.public:
            return [
                *parts,
                *self._public_totals(
                    "Assets", "Community assets by category and status: totals only."
                ),
                # The council's register of Assets of Community Value is public already.
                *self._acv_register(),
                PageBreak(),
            ]
        internal = self._shows(L.ASSETS, "contact")
        parts.append(
            self.para(
                "Community assets to build on (groups, places, organisations, services), "
                "grouped by category."
            )
        )
        # The contact goes under the name: a column of its own would be too narrow for an
        # e-mail address, which would break in the middle.
        header = ["Name and contact" if internal else "Name", "Status", "Where"]
        header += ["Opening times", "Accessibility", "Description"]
        shares = [25, 9, 13, 15, 14, 24]
        groups = [
            (
                category,
                self.store.count(r.CommunityAsset, category=category),
                self._asset_rows(category, internal),
            )
            for category in AssetCategory
        ]
        parts += self._groups("assets", groups, header, shares, "No community assets recorded yet.")
        return [*parts, *self._acv_register(), PageBreak()]

    def _asset_rows(self, category: AssetCategory, internal: bool) -> Iterator[list]:
        for asset in self.store.iterate(r.CommunityAsset, batch_size=BATCH, category=category):
            where = ", ".join(v for v in (asset.area, asset.postcode) if v)
            name = f"{asset.name}\n{asset.contact}" if internal and asset.contact else asset.name
            yield [
                name,
                _status_text(asset),
                where,
                asset.opening_times,
                "; ".join(a.label for a in asset.accessibility),
                asset.description,
            ]

    def _acv_register(self) -> list[Flowable]:
        """The assets nominated or listed as Assets of Community Value: nothing when none is.

        What the council's register says is public, but a public report holds totals only, as
        for every other list (its readers can look the assets up in the council's register);
        the dates the Localism Act derives (listing end, moratoriums) are worked out here."""
        counts = {s: self.store.count(r.CommunityAsset, acv_status=s) for s in _ACV_SHOWN}
        total = sum(counts.values())
        if not total:
            return []
        if self.public:
            return self._acv_totals(counts)
        rows = [
            _acv_row(asset)
            for status in _ACV_SHOWN
            if counts[status]
            for asset in self.store.iterate(r.CommunityAsset, acv_status=status)
        ]
        title = "Assets of Community Value" + (f" ({total:,})" if self.policy.states_counts else "")
        return [
            CondPageBreak(40 * mm),
            self.heading(title, "assets-acv", 1, keep=False),
            self.para(
                "Assets nominated to the council's list of Assets of Community Value (Localism "
                "Act 2011). A listing lasts five years unless the council says otherwise; once "
                "the owner gives notice of sale, community groups have six weeks to ask to "
                "bid (the interim moratorium) and six months to bid (the full moratorium)."
            ),
            self.table(
                ["Asset", "Status", "Reference", "Nominated by", "Listed", "Listing ends",
                 "Moratorium ends"],
                rows,
                [18, 11, 14, 17, 11, 12, 17],
            ),
        ]  # fmt: skip

    def _acv_totals(self, counts: dict[AcvStatus, int]) -> list[Flowable]:
        return [
            CondPageBreak(30 * mm),
            self.heading("Assets of Community Value", "assets-acv", 1, keep=False),
            self.para(
                "Community assets nominated to the council's list of Assets of Community Value "
                "(Localism Act 2011), by what became of the nomination: totals only."
            ),
            self.table(
                ["Status", "Assets"],
                [[status.label, f"{n:,}"] for status, n in counts.items() if n],
                [30, 70],
            ),
        ]

    def _groups(self, section: str, groups, header, shares, empty: str) -> list[Flowable]:
        """A sub-heading and a long table for each group (kind, category) that has rows."""
        parts: list[Flowable] = []
        for group, total, rows in groups:
            if not total:
                continue
            parts.append(CondPageBreak(40 * mm))
            title, key = f"{group.label} ({total:,})", f"{section}-{group.value}"
            parts.append(self.heading(title, key, 1, keep=False))
            parts.append(self._streamed(header, shares, rows))
        return parts or [self.para(empty)]

    def _public_totals(self, name: str, about: str) -> list[Flowable]:
        # tables() makes each table as it is asked for: stop at the one wanted.
        _, _, columns, rows = next(t for t in public_tables.tables(self.store) if t[0] == name)
        parts = [
            self.para(about),
            self.table([c.header for c in columns], rows, [c.width for c in columns]),
        ]
        if any(value == WITHHELD for row in rows for value in row):
            parts.append(self.para(WITHHELD_NOTE, self.styles.caption))
        return parts

    # -- action plan ----------------------------------------------------------------------


# ACV statuses the register table shows, in this order (not nominated is left out).
_ACV_SHOWN = (
    AcvStatus.LISTED,
    AcvStatus.NOMINATED,
    AcvStatus.REFUSED,
    AcvStatus.REMOVED,
    AcvStatus.EXPIRED,
)


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _status_text(asset: r.CommunityAsset) -> str:
    """An asset's status in the register, marked where it is listed as an ACV: its dates,
    and nominations, are in the table of Assets of Community Value (the column is narrow)."""
    if asset.acv_status is AcvStatus.LISTED:
        return f"{asset.status.label}\nACV listed"
    return asset.status.label


def _acv_row(asset: r.CommunityAsset) -> list[str]:
    ends = _day(asset.acv_listed_until)
    if ends and asset.acv_listing_ends is None:
        ends += " (five years)"
    moratorium = ""
    if asset.acv_sale_notice_on is not None:
        moratorium = (
            f"Interim {_day(asset.acv_interim_moratorium_ends)}; "
            f"full {_day(asset.acv_full_moratorium_ends)}"
        )
    return [
        asset.name,
        asset.acv_status.label,
        asset.acv_reference,
        asset.acv_nominated_by,
        _day(asset.acv_listed_on),
        ends,
        moratorium,
    ]
