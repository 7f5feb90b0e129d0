"""The sections of the PDF report, each a list of reportlab flowables made from the analyses
and the store, at one privacy level.

Privacy is the Excel export's: the level's policy (`domain.privacy`) says what leaves, people
are named as in the workbook (`workbook.names`), totals come from `public_tables`. A partner
report names people only where their consent covers partners and
holds no contact details, equality answers of anyone, notes or action owners; a public report
names nobody, shows totals only, every count of people under 5 as "<5" (the one rule of
`analysis.small_counts`: assets and actions are counted exactly), and leaves out the
analyses' sentences that state counts of people.

A published report (partner or public) is read by people who do not have the app: it says
what is missing in plain words, never where to click.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from coprod_desktop import __version__
from coprod_desktop.analysis.audit_analysis import BANDS_RULE, AuditAnalysis
from coprod_desktop.analysis.checklist import RULES as CHECKLIST_RULES
from coprod_desktop.analysis.coverage import THIN_RULE
from coprod_desktop.analysis.leaving_out import LEAVING_OUT_RULE
from coprod_desktop.analysis.progress import PROGRESS_RULE, rating_text
from coprod_desktop.analysis.small_counts import (
    PEOPLE,
    PUBLIC_RULE,
    SUPPRESS_BELOW,
    SUPPRESSED,
    WITHHELD,
    WORK,
    Counted,
    shown_count_text,
)
from coprod_desktop.analysis.stages import STAFF_RULE
from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import (
    ELEMENT_INFO,
    NOT_ASSESSED_LABEL,
    RATING_LABELS,
    STRENGTH_LABELS,
    ActionStatus,
    AssetCategory,
    Band,
    CapabilityKind,
    Element,
    PrivacyLevel,
    Rung,
    Stage,
)
from coprod_desktop.domain.wording import plural
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.names import NameLookup
from coprod_desktop.report import charts as report_charts
from coprod_desktop.report import fonts
from coprod_desktop.report.document import (
    TEXT_WIDTH,
    Cells,
    Furniture,
    Heading,
    StreamedTable,
    Styles,
    simple_table,
    text,
)
from coprod_desktop.store.queries.assessment import actions_by_due, first_open_actions

TOP_ACTIONS = 5
TOP_ITEMS = 3
BATCH = 2000
_DIGIT = re.compile(r"\d")

WITHHELD_NOTE = (
    f"\u201c{WITHHELD}\u201d: a count of {SUPPRESS_BELOW} or more, hidden so that a count "
    f"under {SUPPRESS_BELOW} beside it cannot be worked out from the totals."
)


TYPICAL_HIDDEN = "not shown"  # a typical rung a public report leaves out
UNDER_HIDDEN = "not shown"  # whether a hidden group is under-represented, where it would tell


def _under_text(under: bool | None) -> str:
    """The "Under-represented" cell of a group: "Yes", "" or, where saying would tell
    something of a hidden count (`analysis.leaving_out`), "not shown"."""
    return UNDER_HIDDEN if under is None else "Yes" if under else ""


def _date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class ReportSections:
    """Builds each section's flowables; `rows_done(n)` is told as inventory rows are laid out."""

    def __init__(
        self,
        store,
        analysis: AuditAnalysis,
        level: PrivacyLevel | PrivacyPolicy,
        furniture: Furniture,
        today: date,
        rows_done: Callable[[int], None],
    ) -> None:
        self.store = store
        self.a = analysis
        self.level = level
        self.policy = policy_for(level)
        # No rows about people: totals only, in place of the inventories.
        self.public = not self.policy.rows_about_people
        self.furniture = furniture
        self.today = today
        self.rows_done = rows_done
        self.styles = Styles()
        self.cells: list[Cells] = []  # of the streamed tables, for their notes

    # -- helpers --------------------------------------------------------------------------

    def count(self, n: int, counted: Counted = PEOPLE) -> str:
        """A count as this report may show it: in a public report "<5" for a small count of
        people (`analysis.small_counts`); counts of assets, actions, rounds always exact."""
        return shown_count_text(n, counted, public=self.policy.small_counts)

    def counted(self, n: int, noun: str, counted: Counted = PEOPLE) -> str:
        """A count and its noun as this report may show them: "1 person", "<5 people"."""
        return shown_count_text(n, counted, public=self.policy.small_counts, noun=noun)

    @property
    def published(self) -> bool:
        """Whether the report is for readers outside the audit team (partner or public)."""
        return self.policy.published

    def _shows(self, sheet, key: str) -> bool:
        """Whether the workbook's column `key` of `sheet` (its sensitivity) is shown at this
        level: the inventories' columns follow the workbook's."""
        return self.policy.shown(sheet.column(key).sensitivity)

    def said(self, sentence: str) -> bool:
        """Whether an analysis sentence may be shown: a public report states no counts."""
        return self.policy.states_counts or not _DIGIT.search(sentence)

    def heading(self, title: str, key: str, level: int = 0, *, keep: bool = True) -> Heading:
        style = self.styles.h1 if level == 0 else self.styles.h2
        return Heading(title, style, key, level, self.furniture.pages, keep=keep)

    def para(self, value: str, style=None) -> Paragraph:
        return Paragraph(text(value), style or self.styles.body)

    def bullets(self, items: list[str]) -> list[Flowable]:
        return [Paragraph(text(item), self.styles.bullet, bulletText="\u2022") for item in items]

    def h2(self, title: str) -> Paragraph:
        return Paragraph(text(title), self.styles.h2)

    def table(self, header, rows, shares, extra=()) -> Flowable:
        widths = [TEXT_WIDTH * s / sum(shares) for s in shares]
        return simple_table(header, rows, widths, self.styles, extra)

    # -- cover and contents ---------------------------------------------------------------

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
        parts.append(Paragraph(f"<b>Report made on:</b> {_date(self.today)}", s.body))
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
                    f"of {_date(current.held_on)}."
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
            before = f", compared with {_date(previous.held_on)}" if previous else ""
            parts.append(
                self.para(
                    f"The self-assessment of {_date(current.held_on)}{before}, on the "
                    "scale of 1 Not yet to 5 Embedded."
                )
            )
            drawing = report_charts.radar_drawing(
                spokes,
                _date(current.held_on),
                _date(previous.held_on) if previous else None,
                TEXT_WIDTH,
                110 * mm,
            )
            parts.append(_embedded_font(drawing))
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
        parts.append(_embedded_font(heat_map))
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

    def _protected(self, totals, noun: str, key: tuple = public_tables.TOTAL) -> str:
        """A count of a protected table (its total unless `key` says) with its noun: "683
        capabilities", "<5 roles", "a hidden number of roles"."""
        shown = totals(self.store).shown(key)
        if shown == WITHHELD:
            return f"a hidden number of {plural(noun)}"
        if isinstance(shown, int):
            shown = f"{shown:,}"
        return f"{shown} {noun if shown == '1' else plural(noun)}"

    # -- what is missing, in words for the reader ----------------------------------------

    def _no_assessment_text(self) -> str:
        if self.published:
            return (
                "No self-assessment yet. The team has not yet rated the six elements with its "
                "partners; once it has, and again a few months later, this part of the report "
                "shows the ratings and how they change."
            )
        return (
            "No self-assessment yet. Rate the six elements with your partners on the "
            "Self-assessment page, then again a few months later, to see the progress here."
        )

    def _no_reference_text(self) -> str:
        if self.published:
            return (
                "The area's population figures (for example from the census) have not been "
                "added to the audit, so this report cannot yet say which groups of the area "
                "are missing among the people involved."
            )
        return (
            "To compare, enter the area's population figures (for example from the census) "
            "under Audit > Reference population."
        )

    # -- who are we leaving out? ------------------------------------------------------------

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
                        _under_text(g.under_represented),
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
        return [*parts, PageBreak()]

    def _asset_rows(self, category: AssetCategory, internal: bool) -> Iterator[list]:
        for asset in self.store.iterate(r.CommunityAsset, batch_size=BATCH, category=category):
            where = ", ".join(v for v in (asset.area, asset.postcode) if v)
            name = f"{asset.name}\n{asset.contact}" if internal and asset.contact else asset.name
            yield [
                name,
                asset.status.label,
                where,
                asset.opening_times,
                "; ".join(a.label for a in asset.accessibility),
                asset.description,
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

    def _streamed(self, header, shares, rows) -> StreamedTable:
        widths = [TEXT_WIDTH * s / sum(shares) for s in shares]
        cells = Cells(self.styles, widths)
        self.cells.append(cells)
        return StreamedTable(header, rows, widths, cells, self.rows_done)

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

    def actions(self) -> list[Flowable]:
        p = self.a.progress
        parts: list[Flowable] = [self.heading("Action plan", "actions")]
        parts.append(
            self.para(
                "What the team will do about the gaps: "
                f"{self.count(p.actions_done, WORK)} done, "
                f"{self.count(p.actions_open, WORK)} open, of which "
                f"{self.count(p.actions_overdue, WORK)} overdue."
            )
        )
        if self.store.count(r.Action):
            header, rows = public_tables.action_totals(self.store, self.today)
            parts.append(self.heading("Actions by element", "actions-by-element", 1))
            parts.append(
                self.table(
                    header,
                    [[row[0], *(f"{n:,}" for n in row[1:])] for row in rows],
                    (40, 11, 14, 11, 12, 12),
                )
            )
            # Not kept with the long table (that would push both to the next page), but not
            # alone at the foot of a page either.
            parts.append(CondPageBreak(40 * mm))
            parts.append(self.heading("The actions", "actions-list", 1, keep=False))
        internal = self._shows(L.ACTIONS, "owner")
        header = ["Action", "Element", "Due", "Status"] + (["Owner"] if internal else [])
        shares = (44, 26, 12, 12) + ((16,) if internal else ())
        if not self.store.count(r.Action):
            parts.append(self.para("No actions yet."))
        else:
            parts.append(self._streamed(header, shares, self._action_rows(internal)))
        return [*parts, PageBreak()]

    def _action_rows(self, internal: bool) -> Iterator[list]:
        for title, element, due, status, owner in actions_by_due(self.store):
            day = date.fromisoformat(due) if due else None
            status_label = ActionStatus(status).label
            if day and day < self.today and status in ("planned", "in_progress"):
                status_label += " (overdue)"
            row = [
                title,
                Element(element).label if element else "",
                f"{day:%d/%m/%Y}" if day else "",
                status_label,
            ]
            if internal:
                row.append(owner)
            yield row

    # -- appendix -------------------------------------------------------------------------

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


def _embedded_font(drawing):
    """A chart starts in the report's font: reportlab's default, Helvetica, is not embedded."""
    drawing.initialFontName = fonts.REGULAR
    return drawing
