"""Who are we leaving out? The people of the audit against the reference population."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Paragraph

from coprod_desktop.analysis.small_counts import (
    SUPPRESS_BELOW,
    SUPPRESSED,
    WITHHELD,
)
from coprod_desktop.report.document import (
    text,
)
from coprod_desktop.report.sections.base import (
    UNDER_HIDDEN,
    WITHHELD_NOTE,
    SectionBase,
    under_text,
)


class LeavingOutSections(SectionBase):
    def leaving_out(self) -> list[Flowable]:
        lo, s = self.a.leaving_out, self.styles
        parts: list[Flowable] = [self.heading("Who are we leaving out?", "leaving_out")]
        parts.append(
            self.para(
                "The people involved compared with the area they come from, question by "
                "question of the equality monitoring. Only totals are shown, and never a group "
                "of fewer than 5 people."
            )
        )
        parts.append(Paragraph(f"<b>{text(lo.sentence)}</b>", s.body))
        for q in lo.questions:
            if not q.has_reference:
                continue
            rows = []
            for g in q.groups:
                if g.reference is None:
                    continue
                rows.append(
                    [
                        g.label,
                        g.shown,
                        "hidden" if g.share is None else f"{g.share:.0%}",
                        f"{g.reference:.0%}",
                        under_text(g.under_represented),
                    ]
                )
            if rows:
                parts.append(self.h2(q.label))
                parts.append(
                    self.table(
                        [
                            "Group",
                            "People",
                            "Share of those involved",
                            "Share of the area",
                            "Under-represented",
                        ],
                        rows,
                        (37, 10, 17, 16, 20),
                    )
                )
        if not lo.has_reference:
            parts.append(self.para(self._no_reference_text()))
        shown = [q for q in lo.questions if q.has_reference]
        rows = [g for q in shown for g in q.groups if g.reference is not None]
        if any(g.count is None for g in rows):
            note = f"\u201c{SUPPRESSED}\u201d marks a group of fewer than {SUPPRESS_BELOW} people."
            if any(g.shown == WITHHELD for g in rows):
                note += " " + WITHHELD_NOTE
            if any(g.under_represented is None for g in rows):
                note += (
                    f" \u201c{UNDER_HIDDEN}\u201d: whether the group is under-represented "
                    "would tell how many people are in it."
                )
            parts.append(self.para(note, s.small))
        parts.append(self.para(f"How this is decided: {lo.rule}", s.small))
        return [*parts, PageBreak()]

    # -- inventories ----------------------------------------------------------------------
