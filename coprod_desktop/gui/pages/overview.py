"""The Overview: where the audit stands, what is covered, what is missing, what to do next."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from coprod_desktop.analysis import AuditAnalysis, analyse
from coprod_desktop.analysis.checklist import NO, PARTLY, YES, ChecklistAnswer
from coprod_desktop.analysis.coverage import THIN_RULE, ElementCoverage
from coprod_desktop.analysis.stages import StageCoverage
from coprod_desktop.domain import Audit, ChangeLogEntry, Person, Rung
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.gui.dialogs.audit_details import AuditDetailsDialog
from coprod_desktop.gui.dialogs.messages import checklist_rules_html, show_info
from coprod_desktop.gui.dialogs.reference import ReferencePopulationDialog
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.widgets.charts import (
    ElementCoverageChart,
    LeavingOutChart,
    StageHeatMap,
    count_text,
)
from coprod_desktop.gui.widgets.forms import bold_font
from coprod_desktop.gui.workers import Task
from coprod_desktop.store import AuditStore

DONE_MARK = "✓ Done"
TO_DO_MARK = "○ To do"
LATER_MARK = "• Later"
LATER_NOTE = "This step comes in a later version of Coprod Desktop."
DONE_COLOUR = "color: #1e6b30;"
TO_DO_COLOUR = "color: #8a4b00;"
QUIET = "#5f5f5f"  # when and by whom, under each export shared
# The checklist's answers: a mark and a word, so that the colour is never the only clue.
ANSWER_STYLES = {
    YES: ("✓ Yes", "color: #1e6b30;"),
    PARTLY: ("◐ Partly", "color: #8a4b00;"),
    NO: ("✗ No", "color: #a4262c;"),
}

# The tiles of counts, by the key audit_counts() gives them.
TILE_KEYS = (
    "people",
    "capabilities",
    "assets",
    "element_links",
    "roles",
    "actions_open",
    "actions_overdue",
    "assessment_rounds",
)

# The audit journey (DESIGN.md): step number -> the page that does it ("" for none yet).
JOURNEY_PAGES = {
    2: ("people_button", "people_page"),
    3: ("assets_button", "assets_page"),
    4: ("elements_button", "elements_page"),
    5: ("roles_button", "roles_page"),
    6: ("self_assessment_button", "self_assessment_page"),
    7: ("actions_button", "actions_page"),
}
LATER_STEPS: tuple[int, ...] = ()  # steps a later version brings (none left)
SHARE_DETAIL = (
    "A workbook for partners to read, a template for them to fill in and send back, and a "
    "PDF report to print or publish."
)
SHARED_SHOWN = 5  # the last exports listed under step 8
LARGE_AUDIT = 5_000  # people: larger audits are summed in a worker thread


@dataclass(frozen=True)
class OverviewFacts:
    """Everything the Overview shows, worked out in one go from the store."""

    audit: Audit
    analysis: AuditAnalysis
    exports: tuple[ChangeLogEntry, ...] = ()  # the last few, the latest first (step 8)

    @property
    def counts(self) -> dict[str, int]:
        return self.analysis.counts

    @property
    def elements(self) -> list[ElementCoverage]:
        return self.analysis.coverage

    @property
    def stages(self) -> list[StageCoverage]:
        return self.analysis.ladder

    @property
    def untapped(self) -> int:
        return self.analysis.untapped.count


class OverviewPage(Page):
    """The audit at a glance, and the path of the audit journey."""

    title = "Overview"
    object_name = "overview_page"
    share_requested = Signal()  # step 8: the window opens Export to Excel

    def __init__(
        self, session: AuditSession, settings: AppSettings, parent=None, **options
    ) -> None:
        super().__init__(session, settings, parent, **options)
        self.ui = load_into("overview_page.ui", self)
        self.facts: OverviewFacts | None = None
        self.details_dialog: AuditDetailsDialog | None = None

        self.ui.audit_title.setFont(bold_font(self.ui.audit_title, 1.6))
        for key in TILE_KEYS:
            number: QLabel = getattr(self.ui, f"{key}_count")
            number.setFont(bold_font(number, 1.8))
        for step in range(1, 9):
            label: QLabel = getattr(self.ui, f"step_{step}_title")
            label.setFont(bold_font(label))

        self.element_chart = ElementCoverageChart(self.ui.element_chart_host)
        self.ui.element_chart_host.layout().addWidget(self.element_chart)
        self.stage_map = StageHeatMap(self.ui.stage_map_host)
        self.ui.stage_map_host.layout().addWidget(self.stage_map)
        self.gap_chart = LeavingOutChart(self.ui.gap_chart_host)
        self.ui.gap_chart_host.layout().addWidget(self.gap_chart)
        for number in (1, 2, 3):
            answer: QLabel = getattr(self.ui, f"answer_{number}")
            answer.setFont(bold_font(answer, 1.15))
            question: QLabel = getattr(self.ui, f"question_{number}")
            question.setFont(bold_font(question))
        # The charts come after the journey buttons in the tab order, for screen readers.
        # The checklist's evidence and the gaps can be reached and read from the keyboard.
        readable = [
            self.ui.missing_text,
            self.ui.evidence_1,
            self.ui.evidence_2,
            self.ui.evidence_3,
            self.ui.checklist_rules_button,
            self.ui.leaving_out_text,
            self.ui.reference_button,
            self.gap_chart,
        ]
        for widget in readable:
            if isinstance(widget, QLabel):
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for before, after in itertools.pairwise([*readable, self.element_chart]):
            self.setTabOrder(before, after)
        self.setTabOrder(self.element_chart, self.stage_map)

        self.ui.edit_details_button.clicked.connect(self.edit_details)
        self.ui.setup_button.clicked.connect(self.edit_details)
        self.ui.reference_button.clicked.connect(self.edit_reference_population)
        self.ui.checklist_rules_button.clicked.connect(self.explain_checklist)
        self.reference_dialog: ReferencePopulationDialog | None = None
        for button_name, page_name in JOURNEY_PAGES.values():
            button: QPushButton = getattr(self.ui, button_name)
            button.clicked.connect(lambda _=False, page=page_name: self.go_to.emit(page, None, ""))
        self._add_share_button()

        # A burst of edits (an import, an undo of a macro) recomputes once, after the burst.
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh_if_seen)
        self._stale = False  # changed while hidden: refresh when shown again
        session.changed.connect(self._schedule_refresh)
        session.exported.connect(self._show_exports)
        settings.naming_changed.connect(self._refresh_timer.start)

        # Sums of large audits run in the background (see refresh), shown as busy meanwhile.
        self._tasks: list[Task] = []
        self._generation = 0
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(self.fontMetrics().height() // 2 + 4)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Working out the numbers")
        self.busy.hide()
        self.layout().insertWidget(0, self.busy)
        self.ui.busy_label.hide()

        read_only = session.read_only
        self.ui.edit_details_button.setEnabled(not read_only)
        self.ui.setup_button.setEnabled(not read_only)
        self.ui.read_only_note.setVisible(read_only)
        self.refresh()

    def _add_share_button(self) -> None:
        """Step 8 of the journey: buttons beside it, as for the other steps: export and report."""
        button = QPushButton("E&xport to Excel…", self)
        button.setObjectName("share_button")
        button.setAccessibleName("Export to Excel")
        button.setAccessibleDescription("Step 8: Share")
        self.ui.journey_grid.addWidget(button, 7, 2)
        self.ui.step_8_detail.setText(SHARE_DETAIL)
        button.clicked.connect(self.share_requested)
        self.setTabOrder(self.ui.actions_button, button)
        self.ui.share_button = button
        # And the report, made on the Reports page (below, in the same column).
        report = QPushButton("Go to Rep&orts", self)
        report.setObjectName("reports_button")
        report.setAccessibleName("Go to Reports")
        report.setAccessibleDescription("Step 8: Share, as a PDF report")
        self.ui.journey_grid.addWidget(report, 8, 2)
        report.clicked.connect(lambda: self.go_to.emit("reports_page", None, ""))
        self.setTabOrder(button, report)
        self.ui.reports_button = report
        # What has been shared so far (from the change log), under step 8's words.
        shared = QLabel(self)
        shared.setObjectName("shared_text")
        shared.setAccessibleName("Shared so far")
        shared.setTextFormat(Qt.TextFormat.RichText)
        shared.setWordWrap(True)
        shared.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shared.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # to be read from the keyboard
        self.ui.journey_grid.addWidget(shared, 9, 1, 1, 2)  # below step 8 and its buttons
        self.setTabOrder(report, shared)
        self.ui.shared_text = shared

    # -- Edit menu hooks -------------------------------------------------------------------

    def focus_first(self) -> None:
        first = self.ui.edit_details_button
        (first if first.isEnabled() else self.ui.people_button).setFocus()

    # -- the audit's details ---------------------------------------------------------------

    def edit_details(self) -> None:
        """Open the audit details dialog (window-modal, without blocking)."""
        if self.session.read_only:
            return
        self.details_dialog = AuditDetailsDialog(self.session, self)
        self.details_dialog.ui.finished.connect(self.details_dialog.ui.deleteLater)
        self.details_dialog.open()

    def edit_reference_population(self) -> None:
        """Open the area's reference population (view only when the audit is read-only)."""
        self.reference_dialog = ReferencePopulationDialog(self.session, self, self.settings)
        self.reference_dialog.ui.finished.connect(self.reference_dialog.ui.deleteLater)
        self.reference_dialog.open()

    def explain_checklist(self) -> None:
        """Show how each checklist answer is worked out, so that it can be checked by hand."""
        show_info(self, "How the checklist is answered", checklist_rules_html())

    # -- refresh ---------------------------------------------------------------------------

    def _schedule_refresh(self, _record_type: object = None) -> None:
        self._refresh_timer.start()

    def _refresh_if_seen(self) -> None:
        # On 100,000 people the sums take about a second: not worth doing for a hidden page
        # while the user edits on another one.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def gather(self) -> OverviewFacts:
        """Return the numbers of the Overview, summed in the database."""
        return gather(self.session.store, self.today)

    def refresh(self) -> None:
        """Recompute and show everything (the page does this itself after every change).

        Small audits are summed at once. Large ones are summed in a worker thread on a
        reading connection of their own, while the page says it is working on them.
        """
        self._refresh_timer.stop()
        self._stale = False
        store = self.session.store
        if store.count(Person) < LARGE_AUDIT:
            self._show_facts(self.gather())
            return
        self._generation += 1
        generation, today = self._generation, self.today

        def work(_report) -> OverviewFacts:
            reader = store.reader()
            try:
                return gather(reader, today)
            finally:
                reader.close()

        task = Task(work, self)
        self._tasks.append(task)
        task.finished.connect(lambda facts: self._arrived(task, generation, facts))
        task.failed.connect(lambda error: self._arrived(task, generation, None, error))
        self.ui.busy_label.setText("Working out the numbers…")
        self.ui.busy_label.show()
        self.busy.show()
        task.start()

    def _arrived(
        self,
        task: Task,
        generation: int,
        facts: OverviewFacts | None,
        error: BaseException | None = None,
    ) -> None:
        self._tasks.remove(task)
        if generation != self._generation:
            return  # a later refresh is on its way
        self.busy.hide()
        if facts is None:
            self.ui.busy_label.setText(f"The numbers could not be worked out: {error}")
            return
        self.ui.busy_label.hide()
        self._show_facts(facts)

    def shutdown(self) -> None:
        for task in list(self._tasks):
            task.cancel()
            task.wait()
        self._tasks.clear()

    def _show_facts(self, facts: OverviewFacts) -> None:
        self.facts = facts
        self._show_audit(facts.audit)
        self._show_counts(facts.counts)
        self.element_chart.set_coverage(facts.elements, self.settings.element_name)
        self.stage_map.set_stages(facts.stages)
        self.ui.elements_intro.setText(
            "Bars show how many people, capabilities and community assets are linked to each "
            "element (weak or stronger links); each kind of bar is measured against the element "
            f"that has the most of it. “⚠ Thin” marks elements that need more. {THIN_RULE}"
        )
        sentences = missing_sentences(facts, self.settings.element_name)
        self.ui.missing_text.setText(
            "<ul style='margin-left: 0px; -qt-list-indent: 1'>"
            + "".join(f"<li>{escape(s)}</li>" for s in sentences)
            + "</ul>"
        )
        self.ui.missing_text.setAccessibleDescription(" ".join(sentences))
        self._show_journey(facts)
        self._show_checklist(facts.analysis.checklist)
        gaps = facts.analysis.leaving_out
        under = gaps.under_represented
        if under:
            are = number_of(len(under), "group is", "groups are")
            text = (
                f"{are} under-represented among the people involved, compared "
                "with the area (the largest gaps first, at most 8):"
            )
        else:
            text = gaps.sentence
        self.ui.leaving_out_text.setText(text)
        self.ui.leaving_out_text.setToolTip(gaps.rule)
        self.ui.leaving_out_text.setAccessibleDescription(gaps.rule)
        self.gap_chart.set_groups(gaps.under_represented)
        self.gap_chart.setVisible(bool(gaps.under_represented))

    def _show_checklist(self, answers: list[ChecklistAnswer]) -> None:
        for answer in answers:
            mark, style = ANSWER_STYLES[answer.answer]
            label: QLabel = getattr(self.ui, f"answer_{answer.number}")
            label.setText(mark)
            label.setStyleSheet(style)
            label.setAccessibleName(f"Answer to question {answer.number}: {answer.answer_label}")
            question: QLabel = getattr(self.ui, f"question_{answer.number}")
            question.setText(f"{answer.number}. {answer.question}")
            question.setToolTip(answer.rule)
            evidence: QLabel = getattr(self.ui, f"evidence_{answer.number}")
            evidence.setText(checklist_evidence_html(answer))
            evidence.setToolTip(answer.rule)

    def _show_audit(self, audit: Audit) -> None:
        self.ui.audit_title.setText(audit.title)
        parts = [audit.organisation, audit.area]
        if audit.start_date:
            parts.append(f"started {audit.start_date:%d/%m/%Y}")
        if audit.operators:
            parts.append("run by " + ", ".join(audit.operators))
        summary = " · ".join(p for p in parts if p)
        self.ui.audit_summary.setText(summary or "No organisation or area yet.")
        self.ui.audit_purpose.setText(audit.purpose or "No purpose written down yet.")

    def _show_counts(self, counts: dict[str, int]) -> None:
        for key in TILE_KEYS:
            label: QLabel = getattr(self.ui, f"{key}_count")
            caption: QLabel = getattr(self.ui, f"{key}_caption")
            label.setText(f"{counts[key]:,}")
            label.setAccessibleName(f"{caption.text()}: {counts[key]:,}")
        overdue = counts["actions_overdue"]
        self.ui.actions_overdue_count.setStyleSheet("color: #a4262c;" if overdue else "")

    def _show_exports(self) -> None:
        """An export was recorded: show it under step 8 (without summing the rest again)."""
        if self.facts is None:
            return
        exports = tuple(self.session.store.exports(limit=SHARED_SHOWN))
        self.facts = dataclasses.replace(self.facts, exports=exports)
        self._show_journey(self.facts)

    def _show_journey(self, facts: OverviewFacts) -> None:
        for step, done in journey_progress(facts).items():
            status: QLabel = getattr(self.ui, f"step_{step}_status")
            if step in LATER_STEPS:
                text, style = LATER_MARK, ""
                detail: QLabel = getattr(self.ui, f"step_{step}_detail")
                if LATER_NOTE not in detail.text():
                    detail.setText(f"{detail.text()} {LATER_NOTE}")
            else:
                text, style = (DONE_MARK, DONE_COLOUR) if done else (TO_DO_MARK, TO_DO_COLOUR)
            status.setText(text)
            status.setStyleSheet(style)
            title = getattr(self.ui, f"step_{step}_title").text()
            status.setAccessibleName(f"{title}: {text}")
        shared = self.ui.shared_text
        shared.setVisible(bool(facts.exports))
        items = "".join(
            f"<li>{escape(entry.summary)}<br><span style='color:{QUIET}'>"
            f"{escape(shared_when(entry))}</span></li>"
            for entry in facts.exports
        )
        shared.setText(
            "<b>Shared so far</b> (the latest first):"
            f"<ul style='margin-left: 0px; -qt-list-indent: 1'>{items}</ul>"
        )
        shared.setAccessibleDescription(". ".join(shared_line(e) for e in facts.exports))


def gather(store: AuditStore, today: date) -> OverviewFacts:
    """Return the numbers of the Overview: the analyses, summed in the database."""
    return OverviewFacts(
        audit=store.audit(),
        analysis=analyse(store, today),
        exports=tuple(store.exports(limit=SHARED_SHOWN)),
    )


def shared_when(entry: ChangeLogEntry) -> str:
    """ "23/11/2026 14:05, by sian": when (local time) and by whom an export was made."""
    try:
        when = datetime.fromisoformat(entry.at.replace("Z", "+00:00")).astimezone()
        at = f"{when:%d/%m/%Y %H:%M}"
    except ValueError:
        at = entry.at
    return f"{at}, by {entry.by}"


def shared_line(entry: ChangeLogEntry) -> str:
    """ "Workbook for partners: partners.xlsx, 23/11/2026 14:05, by sian"."""
    return f"{entry.summary}, {shared_when(entry)}"


def checklist_evidence_html(answer: ChecklistAnswer) -> str:
    """Return the evidence of one answer as a list, and what would make it a yes."""
    items = "".join(f"<li>{escape(sentence)}</li>" for sentence in answer.evidence)
    html = f"<ul style='margin-left: 0px; -qt-list-indent: 1'>{items}</ul>"
    if answer.to_yes:
        html += f"<p><b>To make it a yes:</b> {escape(answer.to_yes)}</p>"
    return html


def journey_progress(facts: OverviewFacts) -> dict[int, bool]:
    """Return, for each of the 8 steps of the audit journey, whether it looks done."""
    audit, counts = facts.audit, facts.counts
    return {
        1: bool(audit.purpose and audit.area and audit.operators),
        2: counts["people"] > 0 and counts["capabilities"] > 0,
        3: counts["assets"] > 0,
        4: all(c.linked for c in facts.elements),
        5: all(s.people for s in facts.stages),
        6: counts["assessment_rounds"] > 0,
        7: counts["actions_open"] + counts["actions_done"] > 0,
        8: bool(facts.exports),  # a workbook, template or report exported, or printed
    }


def missing_sentences(facts: OverviewFacts, element_name) -> list[str]:
    """Return what the analyses find missing, as plain sentences (the most important first)."""
    sentences = []
    counts = facts.counts
    if counts["people"] == 0:
        sentences.append("No people have been recorded yet.")
    for s in facts.stages:
        stage = s.stage.label.lower()
        if s.people == 0:
            sentences.append(f"No one has a role in {stage} yet.")
        elif s.lived_experience == 0:
            sentences.append(f"No one with lived experience takes part in {stage}.")
        elif s.lived_experience_decision_makers == 0:
            sentences.append(
                f"People with lived experience take part in {stage}, but none of them in "
                "its decisions."
            )
        elif s.top_lived_experience_rung and s.top_lived_experience_rung.rank < Rung.CO_DESIGN.rank:
            sentences.append(
                f"In {stage}, people with lived experience are at most at "
                f"“{s.top_lived_experience_rung.label}” on the ladder: nobody with lived "
                "experience co-designs or co-produces it."
            )
    # The same thin elements as the report's summary (one analysis, all of them).
    for c in facts.analysis.thin_elements:
        sentences.append(c.sentence(element_name(c.element)))
    if facts.untapped:
        are = noun_for(facts.untapped, "is", "are")
        sentences.append(
            f"{count_text(facts.untapped, 'capability', 'capabilities').capitalize()} {are} "
            "not linked to any element yet."
        )
    if counts["actions_overdue"]:
        n = counts["actions_overdue"]
        sentences.append(f"{count_text(n, 'action is', 'actions are')} overdue.")
    if not sentences:
        sentences.append(
            "Nothing obvious is missing. Keep the audit up to date, and assess it again with "
            "partners in a few months."
        )
    return sentences
