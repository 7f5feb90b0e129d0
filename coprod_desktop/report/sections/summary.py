"""The cover and the summary: strengths, gaps and the first actions."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from coprod_desktop import __version__
from coprod_desktop.analysis.progress import rating_text
from coprod_desktop.analysis.small_counts import (
    WORK,
)
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import (
    Element,
)
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.report.document import (
    text,
)
from coprod_desktop.report.sections.base import (
    TOP_ACTIONS,
    TOP_ITEMS,
    SectionBase,
    day_text,
)
from coprod_desktop.store.queries.assessment import first_open_actions


class SummarySections(SectionBase):
    def cover(self, audit: r.Audit | None) -> list[Flowable]:
        s = self.styles
        title = audit.title if audit else "Co-production audit"
        parts: list[Flowable] = [
            Spacer(1, 45 * mm),
            self.para(title, s.title),
            self.para("Co-production audit report", s.subtitle),
            Spacer(1, 8 * mm),
        ]
        if audit is not None:
            for label, value in (
                ("Organisation", audit.organisation),
                ("Area", audit.area),
                ("Purpose", audit.purpose),
            ):
                if value:
                    parts.append(Paragraph(f"<b>{label}:</b> {text(value)}", s.body))
        parts.append(Paragraph(f"<b>Report made on:</b> {day_text(self.today)}", s.body))
        parts.append(Spacer(1, 10 * mm))
        parts.append(
            Paragraph(
                f"<b>Privacy level: {self.policy.label}</b><br/>{text(self.policy.report_note)}",
                s.box,
            )
        )
        parts.append(Spacer(1, 60 * mm))
        parts.append(
            self.para(
                f"Made with Coprod Desktop {__version__}. The six elements of co-production "
                "follow the LGA's \u201cNew Conversations 2.0\u201d; the ladder of co-production "
                "follows Think Local Act Personal.",
                s.small,
            )
        )
        return parts

    # -- summary --------------------------------------------------------------------------

    def summary(self) -> list[Flowable]:
        a, s = self.a, self.styles
        counts = self.store.counts()
        people = self.counted(counts.get("people", 0), "person")
        capabilities = self.counted(counts.get("capabilities", 0), "capability")
        roles = self.counted(counts.get("roles", 0), "role")
        if self.public:
            # The totals of the tables of capabilities and roles, hidden with them.
            people = self._protected(
                public_tables.role_totals, "person", public_tables.PEOPLE_TOTAL
            )
            capabilities = self._protected(public_tables.capability_totals, "capability")
            roles = self._protected(public_tables.role_totals, "role")
        parts: list[Flowable] = [self.heading("Summary", "summary")]
        parts.append(
            self.para(
                f"The audit records {people}, "
                f"{capabilities} they offer and "
                f"{self.counted(counts.get('assets', 0), 'community asset', WORK)}, with "
                f"{roles} across the stages of the work "
                f"and {self.counted(counts.get('actions', 0), 'action', WORK)} in the plan."
            )
        )
        parts += [self.h2("What is strong"), *self.bullets(self._strengths())]
        parts += [self.h2("What is missing"), *self.bullets(self._gaps())]
        parts.append(self.h2("Are people with lived experience equal partners?"))
        parts.append(
            self.table(
                ["Question", "Answer", "What would make it a yes"],
                [[c.question, c.answer_label, c.to_yes or "It is a yes."] for c in a.checklist],
                (38, 10, 52),
            )
        )
        parts.append(self.h2("Top actions"))
        actions = self._top_actions()
        parts += self.bullets(actions) if actions else [self.para("No open actions.", s.body)]
        return [*parts, PageBreak()]

    def _strengths(self) -> list[str]:
        a = self.a
        items = []
        covered = sorted(
            (c for c in a.coverage if not c.thin), key=lambda c: c.total_strength, reverse=True
        )
        for c in covered[:TOP_ITEMS]:
            people = self.counted(c.people, "person")
            detail = f" ({people}, {self.counted(c.assets, 'asset', WORK)} linked)"
            items.append(f"{c.element.label}: well covered{detail}.")
        current = a.progress.current
        if current is not None:
            best = [p for p in a.progress.ratings if p.kind == "element" and (p.latest or 0) >= 4]
            for p in best[:TOP_ITEMS]:
                items.append(
                    f"{p.subject.label}: rated {rating_text(p.latest)} in the self-assessment "
                    f"of {day_text(current.held_on)}."
                )
        for c in a.checklist:
            if c.answer == "yes":
                items.append(f"{c.question} Yes.")
        return items or ["Nothing stands out yet: the audit has too little recorded to tell."]

    def _gaps(self) -> list[str]:
        a = self.a
        items = []
        # Every thin element, as the Overview lists them (one analysis, no cut-off).
        for c in a.thin_elements:
            items.append(c.sentence(c.element.label, plain=self.public))
        if not a.progress.rounds:
            items.append(
                "No self-assessment yet: the team has not yet rated the six elements with its "
                "partners."
            )
        else:
            low = [p for p in a.progress.ratings if p.kind == "element" and p.latest in (1, 2)]
            for p in low[:TOP_ITEMS]:
                items.append(f"{p.subject.label}: rated {rating_text(p.latest)}.")
        under = a.leaving_out.under_represented
        if under:
            names = "; ".join(f"{g.question_label}: {g.label}" for g in under[:4])
            items.append(f"Under-represented compared with the area: {names}.")
        if a.untapped.count:
            untapped = self.counted(a.untapped.count, "capability")
            if self.public:  # hidden with the capabilities' totals
                untapped = self._protected(
                    public_tables.capability_totals, "capability", public_tables.UNTAPPED
                )
            are = "is" if untapped.startswith("1 ") else "are"
            items.append(
                f"{untapped[0].upper()}{untapped[1:]} {are} not yet linked to any element."
            )
        return items or ["No clear gaps."]

    def _top_actions(self) -> list[str]:
        rows = first_open_actions(self.store, TOP_ACTIONS)
        items = []
        for title, element, due, owner in rows:
            bits = []
            if element:
                bits.append(Element(element).label)
            if due:
                day = date.fromisoformat(due)
                bits.append(("overdue since " if day < self.today else "due ") + f"{day:%d/%m/%Y}")
            if owner and self._shows(L.ACTIONS, "owner"):
                bits.append(owner)
            items.append(title + (f" ({'; '.join(bits)})" if bits else ""))
        return items

    # -- the six elements -----------------------------------------------------------------
