"""The appendix: how the audit was made and what its words mean."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from coprod_desktop.analysis.audit_analysis import BANDS_RULE
from coprod_desktop.analysis.checklist import RULES as CHECKLIST_RULES
from coprod_desktop.analysis.coverage import THIN_RULE
from coprod_desktop.analysis.leaving_out import LEAVING_OUT_RULE
from coprod_desktop.analysis.progress import PROGRESS_RULE
from coprod_desktop.analysis.small_counts import (
    PUBLIC_RULE,
)
from coprod_desktop.analysis.stages import STAFF_RULE
from coprod_desktop.domain.vocabulary import (
    ELEMENT_INFO,
    NOT_ASSESSED_LABEL,
    RATING_LABELS,
    STRENGTH_LABELS,
    Band,
    Rung,
    Stage,
)
from coprod_desktop.report.document import (
    text,
)
from coprod_desktop.report.sections.base import (
    SectionBase,
)


class AppendixSections(SectionBase):
    def appendix(self) -> list[Flowable]:
        s = self.styles
        parts: list[Flowable] = [self.heading("Appendix: method and definitions", "appendix")]
        parts.append(self.heading("How the audit was done", "appendix-method", 1))
        parts.append(
            self.para(
                "The audit team recorded the people taking part and what they can offer, the "
                "community assets of the area, and who holds which role at each stage of the "
                "work. Each person, capability and asset can be linked to the six elements of "
                "co-production, with a strength from weak to strong. With partners, the team "
                "rated the elements and principles in self-assessment rounds, and agreed "
                "actions on the gaps. The analyses in this report follow these rules:"
            )
        )
        rules = [
            ("Thin elements", THIN_RULE),
            ("The ladder by stage", f"{BANDS_RULE} {STAFF_RULE}"),
            *((f"Checklist question {n}", rule) for n, rule in enumerate(CHECKLIST_RULES, 1)),
            ("Who are we leaving out?", LEAVING_OUT_RULE),
            ("Progress", PROGRESS_RULE),
            ("Privacy", f"{self.policy.label}: {self.policy.report_note}"),
            *((("Small counts", PUBLIC_RULE),) if self.policy.small_counts else ()),
        ]
        for label, rule in rules:
            parts.append(Paragraph(f"<b>{text(label)}.</b> {text(rule)}", s.body))
        parts.append(self.heading("The six elements", "appendix-elements", 1))
        parts.append(
            self.table(
                ["Element", "Also called", "What it means"],
                [
                    [info.lga_name, info.nef_name, f"{info.summary} {info.explanation}"]
                    for info in ELEMENT_INFO.values()
                ],
                (28, 14, 58),
            )
        )
        parts.append(self.heading("The ladder of co-production", "appendix-ladder", 1))
        parts.append(
            self.table(
                ["Rung (lowest first)", "Band", "What it means"],
                [[rung.label, rung.band.label, rung.description] for rung in Rung],
                (20, 14, 66),
            )
        )
        parts.append(self.heading("The self-assessment scale", "appendix-scale", 1))
        parts.append(
            self.table(
                ["Rating", "Meaning"],
                [[str(int(score)), label] for score, label in RATING_LABELS.items()]
                + [["(none)", NOT_ASSESSED_LABEL]],
                (15, 85),
            )
        )
        parts.append(
            self.para(
                "Links to the elements have a strength: "
                + ", ".join(f"{n} {label}" for n, label in STRENGTH_LABELS.items())
                + ". The bands of the ladder: "
                + ", ".join(band.label.lower() for band in Band)
                + f". The stages of the work: {', '.join(st.label.lower() for st in Stage)}."
            )
        )
        return parts
