"""The six elements of co-production: ratings, ladders and stages."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph

from coprod_desktop.analysis.progress import rating_text
from coprod_desktop.analysis.small_counts import (
    WORK,
)
from coprod_desktop.domain.vocabulary import (
    ELEMENT_INFO,
)
from coprod_desktop.report import charts as report_charts
from coprod_desktop.report.document import (
    TEXT_WIDTH,
    text,
)
from coprod_desktop.report.sections.base import (
    SectionBase,
    day_text,
    embedded_font,
)


class ElementSections(SectionBase):
    def elements(self) -> list[Flowable]:
        a, s = self.a, self.styles
        parts: list[Flowable] = [self.heading("The six elements", "elements")]
        parts.append(self.heading("Self-assessment", "elements-assessment", 1))
        progress = a.progress
        current, previous = progress.current, progress.previous
        if current is None:
            parts.append(self.para(self._no_assessment_text()))
        else:
            element_ratings = [p for p in progress.ratings if p.kind == "element"]
            spokes = [(p.subject.label, p.latest, p.previous) for p in element_ratings]
            before = f", compared with {day_text(previous.held_on)}" if previous else ""
            parts.append(
                self.para(
                    f"The self-assessment of {day_text(current.held_on)}{before}, on the "
                    "scale of 1 Not yet to 5 Embedded."
                )
            )
            drawing = report_charts.radar_drawing(
                spokes,
                day_text(current.held_on),
                day_text(previous.held_on) if previous else None,
                TEXT_WIDTH,
                110 * mm,
            )
            parts.append(embedded_font(drawing))
            header = ["Element", "Rating", "Before", "Change"]
            shares = [40, 20, 20, 20]
            if not self.public:
                header.append("Evidence")
                shares = [26, 14, 14, 12, 34]
            rows = []
            for p in element_ratings:
                change = p.since_previous
                row = [
                    p.subject.label,
                    rating_text(p.latest),
                    rating_text(p.previous) if previous else "-",
                    "-" if change is None else ("same" if change == 0 else f"{change:+d}"),
                ]
                if not self.public:
                    row.append(p.evidence)
                rows.append(row)
            parts.append(self.table(header, rows, shares))
        parts.append(self.heading("Coverage and gaps", "elements-coverage", 1))
        parts.append(
            self.para(
                "How many people, capabilities and community assets are linked to each element, "
                "and which elements are thin."
            )
        )
        parts.append(
            self.table(
                ["Element", "People", "Capabilities", "Assets", "Strong links", "Covered?"],
                [
                    [
                        c.element.label,
                        self.count(c.people),
                        self.count(c.capabilities),
                        self.count(c.assets, WORK),
                        self.count(c.strong),  # links of people among them
                        "Thin" if c.thin else "Well covered",
                    ]
                    for c in a.coverage
                ],
                (40, 11, 13, 11, 12, 13),
            )
        )
        evidence = {p.subject: p.evidence for p in progress.ratings if p.kind == "element"}
        for c in a.coverage:
            info = ELEMENT_INFO[c.element]
            block: list[Flowable] = [
                self.h2(c.element.label),
                self.para(f"{info.summary} {info.explanation} (Also called: {info.nef_name}.)"),
            ]
            verdict = c.plain_reason if self.public else c.reason
            block.append(Paragraph(f"<b>In this audit:</b> {text(verdict)}", s.body))
            if evidence.get(c.element) and not self.public:
                block.append(
                    Paragraph(
                        f"<b>Self-assessment evidence:</b> {text(evidence[c.element])}", s.body
                    )
                )
            parts.append(KeepTogether(block))
        return [*parts, PageBreak()]

    # -- roles ----------------------------------------------------------------------------
