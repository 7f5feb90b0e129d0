"""The Reports page: choose what goes in the PDF report and who it is for, see it, export it.

The preview is the report as it would be exported now, without the long inventories, built in
a worker thread (`gui.workers.Task`) to a temporary file whenever the choices or the audit
change (a moment after the last change), and shown a page at a time (`gui.pdf_preview`).
Export writes the whole report in a worker thread with a progress bar and Cancel; the exchange
layer writes to a temporary file and moves it into place only when it is complete, so a cancel
leaves nothing behind. The privacy level chosen last is remembered; the first time it is Public.

Print and Print preview (File menu, and the buttons beside Export) make the same report as
Export (or take the preview's file when it is that report), in the same worker with progress
and Cancel, and hand its pages to `gui.printing`.
"""

from __future__ import annotations

import itertools
import logging
import shutil
import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
)

from coprod_desktop.domain.privacy import PrivacyPolicy, policies, policy_for
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui import printing
from coprod_desktop.gui.dialogs.exchange import (
    CANCELLED_TEXT,
    QUIET,
    WorkPanel,
    failure_text,
    output_refused,
    privacy_consequences,
    safe_file_name,
    show_saved_file,
)
from coprod_desktop.gui.dialogs.messages import choose_file, show_error
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.pages.report_printing import (
    ReportPrinting,
    page_count_text,
    remove_file,
)
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.widgets.forms import bold_font
from coprod_desktop.gui.widgets.pdf_preview import PdfPreview, RenderedPage, render_page
from coprod_desktop.gui.workers import Cancelled, Task
from coprod_desktop.store.outputs import OutputKind, audit_files

log = logging.getLogger(__name__)

PDF_FILTER = "PDF documents (*.pdf)"
FOLDER_PURPOSE = "reports"
PREVIEW_DELAY = 400  # milliseconds after the last change of a choice
DEFAULT_PRIVACY = PrivacyLevel.PUBLIC  # a report is most often made to be published
MAKING_PREVIEW = "Making the preview…"
SAVED_TITLE = "Report saved"
STOP_TEXTS = {
    "export": "Stop exporting the report",
    "print": "Stop printing the report",
    "preview": "Stop making the print preview",
}


def remembered_privacy() -> PrivacyLevel:
    """Return the privacy level of the last report (Public the first time)."""
    return AppSettings().report_privacy(DEFAULT_PRIVACY)


def remember_privacy(level: PrivacyLevel) -> None:
    AppSettings().set_report_privacy(level)


def _lower_first(title: str) -> str:
    """ "Capability inventory" -> "capability inventory" (not for names such as "NHS")."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


class ReportsPage(ReportPrinting, Page):
    """Make the PDF report: sections, privacy level, a preview of its pages, and Export."""

    title = "Reports"
    object_name = "reports_page"
    saved = Signal(object)  # the ReportResult, once the report is in place
    preview_ready = Signal()  # a preview is shown (or could not be made)
    printed = Signal(object)  # a PrintResult: the pages went to the printer
    print_preview_opened = Signal()  # the print preview is shown (self.print_preview)

    def __init__(
        self, session: AuditSession, settings: AppSettings, parent=None, **options
    ) -> None:
        super().__init__(session, settings, parent, **options)
        # reportlab loads when the page is first shown, not when an audit opens.
        from coprod_desktop.report.pdf import INVENTORY_SECTIONS, SECTIONS

        self.ui = load_into("reports_page.ui", self)
        self._inventories = frozenset(INVENTORY_SECTIONS)
        self._sections = SECTIONS
        self.export_path: Path | None = None
        self._build_privacy()
        self._build_sections()
        self.work = WorkPanel(self.ui.work_host, "Writing the report")
        self.ui.work_host.layout().addWidget(self.work)
        self._add_print_buttons()
        self.preview = PdfPreview(self.ui.preview_host, "Preview of the report")
        self.ui.preview_host.layout().addWidget(self.preview)
        # Tab goes as the eye does: who it is for, the sections, Export, then the preview.
        order = [
            *self.level_buttons.values(),
            *self.section_boxes.values(),
            self.ui.export_button,
            self.print_button,
            self.print_preview_button,
            self.ui.cancel_button,
            self.preview.scroll,
            self.preview.previous_button,
            self.preview.next_button,
            self.preview.whole_page,
        ]
        for before, after in itertools.pairwise(order):
            self.setTabOrder(before, after)
        self.ui.sections_note.setStyleSheet(f"color: {QUIET};")
        self.ui.cancel_button.hide()
        width = self.fontMetrics().averageCharWidth() * 56
        self.ui.choices_scroll.setMinimumWidth(width)
        self.ui.choices_scroll.setMaximumWidth(round(width * 1.3))

        self.ui.export_button.clicked.connect(self.choose_and_export)
        self.ui.cancel_button.clicked.connect(self.cancel_export)
        # One piece of work at a time: export, print, or making the report for the preview.
        self._job = ""
        self._print_file: Path | None = None
        self._print_count = 0
        self.printer: printing.QPrinter | None = None  # of the print run or preview going on
        self.print_preview: printing.QPrintPreviewDialog | None = None
        self.work.done.connect(self._work_done)
        self.work.failed.connect(self._work_failed)

        # The preview: one task at a time; a change meanwhile stops it and starts another.
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY)
        self._preview_timer.timeout.connect(self._start_preview)
        self._preview_task: Task | None = None
        self._preview_again = False
        self._preview_stale = True  # the preview does not show the choices and audit as now
        self._previewed: tuple[PrivacyLevel, tuple[str, ...]] | None = None
        self._preview_dir = Path(tempfile.mkdtemp(prefix="coprod-preview-"))
        self._preview_count = 0
        self._closed = False
        self.preview_pages = 0  # of the preview shown (the report without its inventories)
        self.preview.clear(MAKING_PREVIEW)
        session.changed.connect(self._audit_changed)
        self._update_note()

    # -- building the choices --------------------------------------------------------------

    def _build_sections(self) -> None:
        box = self.ui.sections_box
        layout = self.ui.sections_layout
        indent = self.style().pixelMetric(self.style().PixelMetric.PM_IndicatorWidth) + 8
        self.section_boxes: dict[str, QCheckBox] = {}
        for section in self._sections:
            check = QCheckBox(section.title, box)
            check.setObjectName(f"{section.key}_check")
            check.setChecked(True)
            check.setToolTip(section.about)
            check.setAccessibleDescription(section.about)
            about = QLabel(section.about, box)
            about.setObjectName(f"{section.key}_about")
            about.setWordWrap(True)
            about.setStyleSheet(f"color: {QUIET};")
            about.setContentsMargins(indent, 0, 0, 3)
            layout.addWidget(check)
            layout.addWidget(about)
            check.toggled.connect(self._choices_changed)
            self.section_boxes[section.key] = check

    def _build_privacy(self) -> None:
        box = self.ui.privacy_box
        layout = self.ui.privacy_layout
        # Exclusive because they share the box: Tab stops at the level chosen, the arrow keys
        # move between the levels.
        # By level (a PrivacyLevel, or the policy of a level added at run time), in the
        # policies' order.
        self.level_buttons: dict[PrivacyLevel | PrivacyPolicy, QRadioButton] = {}
        self.level_notes: dict[PrivacyLevel | PrivacyPolicy, QLabel] = {}
        indent = self.style().pixelMetric(self.style().PixelMetric.PM_ExclusiveIndicatorWidth) + 8
        for level in policies():
            button = QRadioButton(level.choice, box)
            button.setObjectName(f"{level.code}_button")
            button.setFont(bold_font(button))
            note = QLabel(box)
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setObjectName(f"{level.code}_note")
            note.setWordWrap(True)
            note.setContentsMargins(indent, 0, 0, 6)
            note.setBuddy(button)
            self.level_buttons[level.level] = button
            self.level_notes[level.level] = note
            layout.addWidget(button)
            layout.addWidget(note)
        self._describe_levels()
        self.level_buttons[remembered_privacy()].setChecked(True)
        self._tab_to_chosen_level()
        for button in self.level_buttons.values():
            button.toggled.connect(lambda on: on and self._level_changed())

    def _tab_to_chosen_level(self) -> None:
        """Let Tab stop only at the chosen level (Qt does so once a level had the focus)."""
        for button in self.level_buttons.values():
            policy = button.focusPolicy()
            tab = Qt.FocusPolicy.TabFocus
            button.setFocusPolicy(policy | tab if button.isChecked() else policy & ~tab)

    def _level_changed(self) -> None:
        self._tab_to_chosen_level()
        self._choices_changed()

    def _describe_levels(self) -> None:
        """Say what each level means for this audit (how many show as pseudonyms...)."""
        consequences = privacy_consequences(self.session)
        for level, button in self.level_buttons.items():
            button.setAccessibleDescription(f"{level.description} {consequences[level]}")
            self.level_notes[level].setText(
                f"{escape(level.description)}<br><span style='color:{QUIET}'>"
                f"{escape(consequences[level])}</span>"
            )

    # -- the choices -----------------------------------------------------------------------

    @property
    def privacy(self) -> PrivacyLevel | PrivacyPolicy:
        return next(level for level, button in self.level_buttons.items() if button.isChecked())

    def choose(self, level: PrivacyLevel | PrivacyPolicy) -> None:
        self.level_buttons[policy_for(level).level].setChecked(True)

    @property
    def sections(self) -> list[str]:
        """The keys of the sections chosen, in report order."""
        return [key for key, check in self.section_boxes.items() if check.isChecked()]

    def preview_sections(self) -> list[str]:
        """The sections the preview shows: those chosen, without the long inventories."""
        return [key for key in self.sections if key not in self._inventories]

    def suggested_name(self) -> str:
        return f"{safe_file_name(self.session.store.audit().title)} report.pdf"

    def focus_first(self) -> None:
        self.level_buttons[self.privacy].setFocus(Qt.FocusReason.OtherFocusReason)

    def _add_print_buttons(self) -> None:
        bar = self.ui.export_bar
        self.print_button = QPushButton("P&rint…", self)
        self.print_button.setObjectName("print_button")
        self.print_button.setAccessibleName("Print the report")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_report)
        self.print_preview_button = QPushButton("Pri&nt preview…", self)
        self.print_preview_button.setObjectName("print_preview_button")
        self.print_preview_button.setAccessibleName("Print preview of the report")
        self.print_preview_button.setAutoDefault(False)
        self.print_preview_button.clicked.connect(self.preview_printing)
        bar.insertWidget(bar.indexOf(self.ui.export_button) + 1, self.print_button)
        bar.insertWidget(bar.indexOf(self.print_button) + 1, self.print_preview_button)

    def _set_choosing(self, enabled: bool) -> None:
        for widget in [*self.section_boxes.values(), *self.level_buttons.values()]:
            widget.setEnabled(enabled)
        for button in (self.ui.export_button, self.print_button, self.print_preview_button):
            button.setEnabled(enabled)

    def _choices_changed(self) -> None:
        self._update_note()
        if self._preview_choices() != self._previewed:  # not for the inventories alone
            self._schedule_preview()

    def _preview_choices(self) -> tuple[PrivacyLevel, tuple[str, ...]]:
        return self.privacy, tuple(self.preview_sections())

    def _audit_changed(self, _kind: object = None) -> None:
        self._describe_levels()
        self._schedule_preview()

    def _update_note(self, state: str = "") -> None:
        """Say what the preview shows: being made, the pages, what it leaves out, a problem."""
        left_out = [
            _lower_first(s.title)
            for s in self._sections
            if s.key in self._inventories and self.section_boxes[s.key].isChecked()
        ]
        if state:
            text = state
        elif self.preview_pages:
            text = f"The report as it will be exported now: {page_count_text(self.preview_pages)}"
            text += " without the long lists." if left_out else "."
        else:
            text = "The report as it will be exported now."
        if left_out and not state:
            text += (
                f" To be quick, the preview leaves out the {' and the '.join(left_out)}, "
                "which can run to many pages; the exported report has them."
            )
        self.ui.preview_note.setText(text)
        self.ui.preview_note.setStyleSheet(f"color: {QUIET};")

    # -- the preview -----------------------------------------------------------------------

    def _schedule_preview(self) -> None:
        self._preview_stale = True
        if self.isVisible():
            self._preview_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._preview_stale and not self._preview_timer.isActive():
            first = self._preview_task is None and not self.preview_pages
            self._preview_timer.start(0 if first else PREVIEW_DELAY)

    @property
    def preview_running(self) -> bool:
        return self._preview_task is not None or self._preview_timer.isActive()

    def refresh_preview(self) -> None:
        """Make the preview again now (tests, and after the audit changed)."""
        self._preview_stale = True
        self._start_preview()

    def _start_preview(self) -> None:
        if self._closed:
            return
        if self._preview_task is not None:  # start again when the one running has stopped
            self._preview_again = True
            self._preview_task.cancel()
            return
        self._preview_stale = False
        self._preview_again = False
        self._previewed = self._preview_choices()
        self._preview_count += 1
        target = self._preview_dir / f"preview {self._preview_count}.pdf"
        store, privacy, sections = self.session.store, self.privacy, self.preview_sections()
        today = self.today

        def work(report) -> RenderedPage:
            from coprod_desktop.report.pdf import export_report

            reader = store.reader()  # the window goes on using its own connection
            try:
                export_report(
                    reader, target, privacy=privacy, sections=sections, progress=report, today=today
                )
            finally:
                reader.close()
            return render_page(target, 1)

        if self.preview.path is None:
            self.preview.clear(MAKING_PREVIEW)
        self._update_note(MAKING_PREVIEW)
        task = Task(work, self)
        self._preview_task = task
        task.finished.connect(lambda page: self._preview_done(task, target, page))
        task.failed.connect(lambda error: self._preview_failed(task, target, error))
        task.start()

    def _preview_done(self, task: Task, target: Path, page: RenderedPage) -> None:
        self._preview_task = None
        if self._closed:
            remove_file(target)
            return
        if self._preview_again:
            remove_file(target)
            self._start_preview()
            return
        old = self.preview.path
        self.preview.show_document(target, page)
        if old is not None and old != target:
            remove_file(old)
        self.preview_pages = page.pages
        self._update_note()
        self.preview_ready.emit()

    def _preview_failed(self, task: Task, target: Path, error: BaseException) -> None:
        self._preview_task = None
        remove_file(target)
        if self._closed:
            return
        if self._preview_again or isinstance(error, Cancelled):
            self._start_preview()
            return
        log.error("The report preview failed", exc_info=error)
        message, _advice = failure_text(error, "The preview")
        old = self.preview.path
        self.preview.clear(f"The preview could not be made. {message}")
        if old is not None:
            remove_file(old)
        self.preview_pages = 0
        self._update_note("The preview could not be made; the message below says why.")
        self.preview_ready.emit()

    # -- export ----------------------------------------------------------------------------

    def choose_and_export(self) -> None:
        if self.work.running:
            return
        path = choose_file(
            self,
            self.settings,
            purpose=FOLDER_PURPOSE,
            caption="Export the report as PDF",
            name_filter=PDF_FILTER,
            suffix="pdf",
            save=True,
            suggested_name=self.suggested_name(),
        )
        self.activateWindow()  # back from the file chooser
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        """Write the report to `path` in a worker thread (the file dialog has asked about
        replacing an existing file)."""
        if self.work.running:
            return
        path = Path(path)
        protected = audit_files(self.session.path)  # never onto the audit's own files
        if output_refused(self, "The report was not saved", path, OutputKind.REPORT, protected):
            return
        self.export_path = path
        store, privacy, sections = self.session.store, self.privacy, self.sections
        today = self.today
        remember_privacy(privacy)

        def work(report):
            from coprod_desktop.report.pdf import export_report

            reader = store.reader()
            try:
                return export_report(
                    reader, path, privacy=privacy, sections=sections, progress=report, today=today
                )
            finally:
                reader.close()

        self._start("export", f"Writing {path.name}…", work)

    def _start(self, job: str, text: str, work) -> None:
        self._job = job
        self.ui.cancel_button.setAccessibleName(STOP_TEXTS[job])
        self._set_choosing(False)
        self.ui.cancel_button.show()
        self.ui.cancel_button.setFocus()
        self.work.run(text, work)

    def _work_done(self, result) -> None:
        job, self._job = self._job, ""
        {"export": self._exported, "print": self._printed, "preview": self._print_made}[job](result)

    def _work_failed(self, error: BaseException) -> None:
        job, self._job = self._job, ""
        if job == "export":
            self._export_failed(error)
        else:
            self._print_failed(error)

    def cancel_export(self) -> None:
        self.work.cancel()

    def _export_ended(self) -> None:
        self._set_choosing(True)
        focus = self.ui.cancel_button.hasFocus()
        self.ui.cancel_button.hide()
        if focus:
            self.ui.export_button.setFocus()

    def _exported(self, result) -> None:
        self._export_ended()
        path = Path(getattr(result, "path", None) or self.export_path)
        self.work.say(f"Saved as {path.name}.", QUIET)
        level = getattr(result, "privacy", self.privacy)
        self.session.record_export("report", level, path)  # step 8 of the journey: Share
        self.saved.emit(result)
        pages = getattr(result, "pages", 0)
        text = f"The {level.label.lower()} report was saved as {path.name} in {path.parent}."
        if pages:
            text += f" It has {page_count_text(pages)}."
        notes = list(getattr(result, "notes", None) or [])
        if notes:
            text += "\n\n" + "\n".join(notes)
        show_saved_file(self, SAVED_TITLE, text, path, "report")

    def _export_failed(self, error: BaseException) -> None:
        self._export_ended()
        if isinstance(error, Cancelled):
            self.work.say(CANCELLED_TEXT, QUIET)
            return
        self.work.say("")
        if isinstance(error, PermissionError):
            message, advice = (
                "The report could not be written: the file is open in another program or the "
                "folder does not allow it.",
                "Close the report if a PDF reader has it open, or choose another folder.",
            )
        else:
            message, advice = failure_text(error, "The report")
        show_error(self, "The report was not saved", message, advice)

    # -- closing ---------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the preview and the export (which leaves no file) and remove the previews."""
        self._closed = True
        self._preview_timer.stop()
        self.work.wait()
        if self.print_preview is not None:
            self.print_preview.done(0)
        task = self._preview_task
        if task is not None:
            task.cancel()
            task.wait()
        self.preview.clear("")
        shutil.rmtree(self._preview_dir, ignore_errors=True)
