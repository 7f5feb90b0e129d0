"""Roles: who holds which hat, and how far up the ladder people take part."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from coprod_desktop.analysis.small_counts import (
    WITHHELD,
)
from coprod_desktop.domain.vocabulary import (
    Rung,
)
from coprod_desktop.exchange import public_tables
from coprod_desktop.report import charts as report_charts
from coprod_desktop.report.document import (
    TEXT_WIDTH,
    text,
)
from coprod_desktop.report.sections.base import (
    TYPICAL_HIDDEN,
    WITHHELD_NOTE,
    SectionBase,
    embedded_font,
)


class RoleSections(SectionBase):
    def roles(self) -> list[Flowable]:
        a, s = self.a, self.styles
        parts: list[Flowable] = [self.heading("Roles at each stage", "roles")]
        parts.append(
            self.para(
                "Who has a role at each stage of the work, and on which rung of the ladder of "
                "co-production: from \u201cdoing to\u201d (coercion, educating) through "
                "\u201cdoing for\u201d (informing, consultation, engagement) to \u201cdoing "
                "with\u201d (co-design, co-production)."
            )
        )
        totals = public_tables.role_totals(self.store) if self.public else None

        def shown(key: tuple, n: int) -> int | str:
            """As the public tables show it (`public_tables.role_totals`): the same hidden
            cells as the workbook's Roles sheet, the stage table's totals with them."""
            return n if totals is None else totals.shown(key)

        def typical(st) -> str:
            """The stage's median rung; in public, "not shown" unless the rungs as shown
            give it whatever the hidden counts are (else it would tell how they are spread)."""
            if st.everyone.typical is None:
                return "-"
            if totals is not None and not public_tables.typical_is_known(totals, st.stage.value):
                return TYPICAL_HIDDEN
            return st.everyone.typical.label

        def cell(key: tuple, n: int) -> str:
            value = shown(key, n)
            return f"{value:,}" if isinstance(value, int) else value

        values = [
            [
                shown(("rung", stage.stage.value, rung.value), stage.everyone.rungs.get(rung, 0))
                for rung in Rung
            ]
            for stage in a.ladder
        ]
        heat_map = report_charts.heat_map_drawing(
            [stage.stage.label for stage in a.ladder],
            [rung.label for rung in Rung],
            values,
            TEXT_WIDTH,
        )
        parts.append(embedded_font(heat_map))
        parts.append(
            self.para(
                "People with a role at each stage on each rung (a person with several roles at "
                "a stage counts on each of their rungs).",
                s.caption,
            )
        )
        parts.append(
            self.table(
                ["Stage", "People", "Lived experience", "Staff", "In decisions", "Typical rung"],
                [
                    [
                        st.stage.label,
                        cell(("people", st.stage.value), st.people),
                        cell(("lived", st.stage.value), st.lived.people),
                        cell(("staff", st.stage.value), st.staff.people),
                        cell(("decisions", st.stage.value), st.decision_makers),
                        typical(st),
                    ]
                    for st in a.ladder
                ],
                (22, 12, 18, 12, 16, 20),
            )
        )
        if totals is not None and any(totals.shown(k) == WITHHELD for k in totals.hidden):
            parts.append(self.para(WITHHELD_NOTE, s.caption))
        parts.append(self.heading("The equal-partner checklist", "roles-checklist", 1))
        for answer in a.checklist:
            block: list[Flowable] = [
                Paragraph(
                    f"<b>{answer.number}. {text(answer.question)}</b> "
                    f"Answer: <b>{answer.answer_label}</b>",
                    s.body,
                )
            ]
            evidence = [e for e in answer.evidence if self.said(e)]
            block += self.bullets(evidence)
            if answer.to_yes:
                block.append(Paragraph(f"<b>To make it a yes:</b> {text(answer.to_yes)}", s.body))
            block.append(self.para(f"How this is decided: {answer.rule}", s.small))
            block.append(Spacer(1, 3 * mm))
            parts.append(KeepTogether(block))
        return [*parts, PageBreak()]
