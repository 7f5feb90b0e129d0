"""Export to Excel and the partner template: choose who the workbook is for, then the file.

Both dialogs open window-modal without blocking (`open()`). The workbook is written in a worker
thread (`gui.workers.Task`) with a progress bar; Cancel stops it and leaves no file behind (the
exchange layer writes to a temporary file and moves it into place only when it is complete).
When the workbook is saved, a message offers to open it or the folder it is in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coprod_desktop.domain import Capability, CommunityAsset, Person
from coprod_desktop.domain.privacy import Naming, PrivacyPolicy, policies, policy_for
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.gui.dialogs.messages import choose_file, show_error
from coprod_desktop.gui.screen_fit import fit_dialog
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.widgets.forms import bold_font
from coprod_desktop.gui.workers import Cancelled, Task
from coprod_desktop.store.outputs import (
    OutputKind,
    OutputRefused,
    Protected,
    audit_files,
    check_output,
)

log = logging.getLogger(__name__)

WORKBOOK_FILTER = "Excel workbooks (*.xlsx)"
FOLDER_PURPOSE = "workbooks"  # export, template and import remember one folder
QUIET, PROBLEM = "#5f5f5f", "#a4262c"
CANCELLED_TEXT = "Stopped. No file was written."


def safe_file_name(title: str) -> str:
    """Return a file name made from the audit's title (no characters Windows refuses)."""
    kept = "".join(c for c in title if c.isalnum() or c in " -_()'&,.").strip(" .")
    return kept[:80] or "Audit"


# -- running the work -----------------------------------------------------------------------------


class WorkPanel(QWidget):
    """A status line and a progress bar for work done in a worker thread.

    `run()` starts the work; `done` or `failed` arrive in the window's thread. The owner
    decides what its Cancel button does: `cancel()` asks the work to stop at its next
    progress report, and `failed` then brings `workers.Cancelled`.
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget, name: str = "Progress") -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self)
        self.status.setObjectName("status_label")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress_bar")
        self.bar.setAccessibleName(name)
        self.bar.hide()
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        self.task: Task | None = None
        self._closed = False

    @property
    def running(self) -> bool:
        return self.task is not None

    def run(self, text: str, work: Callable[[Callable[[int, int], None]], Any]) -> None:
        if self._closed:
            return  # the dialog is closing: its work must not outlive it
        self.say(text)
        self.bar.setRange(0, 0)  # busy until the work reports its size
        self.bar.show()
        task = Task(work, self)
        self.task = task
        task.progress.connect(self._progress)
        task.finished.connect(lambda value: self._end(self.done, value))
        task.failed.connect(lambda error: self._end(self.failed, error))
        task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.say("Stopping…")

    def wait(self) -> None:
        """Stop the work and wait for its thread (the dialog is closing); start no more."""
        self._closed = True
        if self.task is not None:
            self.task.cancel()
            self.task.wait()

    def say(self, text: str, colour: str = "") -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setVisible(bool(text))

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _end(self, signal: Signal, value: object) -> None:
        self.task = None
        self.bar.hide()
        signal.emit(value)


def failure_text(error: BaseException, what: str) -> tuple[str, str]:
    """Return (message, advice) for work that failed with something other than a cancel."""
    try:
        from coprod_desktop.exchange.workbook.writer import ExportError
    except ImportError:  # pragma: no cover - the exchange layer is always installed
        ExportError = ()
    if isinstance(error, ExportError):
        return str(error), getattr(error, "advice", "") or ""
    if isinstance(error, PermissionError):
        return (
            f"{what} could not be written: the file is open in another program or the folder "
            "does not allow it.",
            "Close the file if Excel has it open, or choose another folder.",
        )
    if isinstance(error, OSError):
        return (
            f"{what} could not be written: {error.strerror or error}.",
            "Choose another folder, or check that the drive is still there and has space.",
        )
    log.error("%s failed", what, exc_info=error)
    return (
        f"{what} could not be written: {error}",
        "Try again; if it keeps happening, send the log file to your IT support.",
    )


def output_refused(
    parent: QWidget, title: str, path: Path, kind: OutputKind, protected: list[Protected]
) -> bool:
    """Say why nothing may be written at `path` and return True when it is one of the
    `protected` files (the open audit's, a file being read) under any name, or an existing
    file of another kind; the file dialog's question about replacing does not cover those."""
    try:
        check_output(path, kind, protected)
    except OutputRefused as error:
        show_error(parent, title, f'"{path.name}" {error.problem}', error.advice)
        return True
    return False


def show_saved_file(
    parent: QWidget, title: str, text: str, path: Path, what: str = "workbook"
) -> QMessageBox:
    """Say where the file (`what`: "workbook", "report") is and offer to open it or its
    folder; returns at once."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton
    )
    box.setObjectName(f"{what}_saved_message")
    box.setParent(parent, box.windowFlags())
    box.setAccessibleName(title)
    open_file = box.addButton(f"&Open the {what}", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("Open the &folder", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(close)
    box.setEscapeButton(close)

    def clicked(button) -> None:
        if button is open_file:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif button is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    box.buttonClicked.connect(clicked)
    box.open()
    return box


class _WorkbookDialog(QDialog):
    """What the export and template dialogs share: the buttons, the work panel, Cancel."""

    saved = Signal(object)  # the ExportResult, once the workbook is in place

    def __init__(self, session: AuditSession, settings: AppSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.path: Path | None = None
        self.layout_ = QVBoxLayout(self)
        self.work = WorkPanel(self, "Writing the workbook")
        self.buttons = QDialogButtonBox(self)
        self.save_button: QPushButton = self.buttons.addButton(
            "&Choose the file and save…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save_button")
        self.cancel_button: QPushButton = self.buttons.addButton(
            QDialogButtonBox.StandardButton.Cancel
        )
        self.cancel_button.setObjectName("cancel_button")
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.choose_and_save)
        self.buttons.rejected.connect(self.reject)
        self.work.done.connect(self._saved)
        self.work.failed.connect(self._failed)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 86)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.work)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.buttons)
        fit_dialog(self, self.buttons)

    # -- to be given by the dialogs ----------------------------------------------------------

    what = "The workbook"
    export_kind = "workbook"  # how the change log names it (store.EXPORT_KINDS)

    def export_level(self) -> PrivacyLevel:
        """Who the file written is for, as the change log records it."""
        return PrivacyLevel.PARTNER

    def suggested_name(self) -> str:
        raise NotImplementedError

    def writer(self, path: Path) -> Callable[[Callable[[int, int], None]], Any]:
        raise NotImplementedError

    def saved_text(self, result: Any, path: Path) -> str:
        raise NotImplementedError

    def _set_choosing(self, enabled: bool) -> None:
        """Enable the choices while nothing is being written."""

    # -- running ---------------------------------------------------------------------------

    def choose_and_save(self) -> None:
        if self.work.running:
            return
        path = choose_file(
            self,
            self.settings,
            purpose=FOLDER_PURPOSE,
            caption=f"{self.windowTitle()}: save as",
            name_filter=WORKBOOK_FILTER,
            suffix="xlsx",
            save=True,
            suggested_name=self.suggested_name(),
        )
        self.activateWindow()  # back from the file chooser
        if path is None:
            return
        self.save_to(path)

    def save_to(self, path: Path) -> None:
        """Write the workbook to `path` in a worker thread (the file dialog has asked about
        replacing an existing file, but never onto the audit's own files)."""
        title = f"{self.what} was not saved"
        protected = audit_files(self.session.path)
        if output_refused(self, title, path, OutputKind.WORKBOOK, protected):
            return
        self.path = path
        self.cancel_button.setText("Cancel")
        self.save_button.setEnabled(False)
        self._set_choosing(False)
        self.cancel_button.setFocus()
        self.work.run(f"Writing {path.name}…", self.writer(path))

    def _saved(self, result: Any) -> None:
        path = Path(getattr(result, "path", None) or self.path)
        self.session.record_export(self.export_kind, self.export_level(), path)  # step 8
        self.saved.emit(result)
        self.accept()
        show_saved_file(
            self.parentWidget() or self, self.windowTitle(), self.saved_text(result, path), path
        )

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._set_choosing(True)
        if isinstance(error, Cancelled):
            self.work.say(CANCELLED_TEXT, QUIET)
            self.cancel_button.setText("Close")
            return
        self.work.say("")
        message, advice = failure_text(error, self.what)
        show_error(self, f"{self.what} was not saved", message, advice)

    def reject(self) -> None:
        """Cancel (or Escape): stop the writing, which leaves nothing behind; else close."""
        if self.work.running:
            self.work.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self.work.wait()
        super().done(result)


# -- export ---------------------------------------------------------------------------------------


def privacy_consequences(session: AuditSession) -> dict[PrivacyLevel | PrivacyPolicy, str]:
    """Say, for each privacy level, what its policy means for this audit's people."""
    store = session.store
    people = store.count(Person)
    private_capabilities = store.count(Capability, willing_to_share=False)
    return {
        policy.level: _consequence(store, policy, people, private_capabilities)
        for policy in policies()
    }


def _consequence(store, policy: PrivacyPolicy, people: int, private_capabilities: int) -> str:
    everyone = number_of(people, "person")
    if not policy.rows_about_people:
        return "No names and no rows about people or their contacts. Safe to publish."
    if policy.everything:
        return (
            f"All {everyone} with their names, contact details, equality answers and notes. "
            "Keep this file inside the audit team."
            if people
            else "Everything in the audit. Keep this file inside the audit team."
        )
    if not people:
        text = "No one is recorded yet; community assets, roles and actions are included."
    else:
        named = 0
        if policy.naming is Naming.BY_CONSENT:
            named = sum(store.count(Person, consent_scope=scope) for scope in policy.named_consents)
        hidden = people - named
        if hidden == 0:
            text = f"All {everyone} have agreed to be named to {policy.label.lower()}s."
        elif named == 0 and policy.naming is Naming.PSEUDONYM:
            text = f"All {everyone} will show as pseudonyms (such as \u201cParticipant 7\u201d)."
        else:
            were = noun_for(hidden, "has", "have")
            text = (
                f"{number_of(hidden, 'person')} of {people:,} will show as pseudonyms "
                f"(such as \u201cParticipant 7\u201d): their consent does not cover "
                f"{policy.label.lower()}s, or none {were} been recorded."
            )
    if private_capabilities and not policy.unshared_capabilities:
        text += (
            f" {number_of(private_capabilities, 'capability')} that people do not "
            "want shared will be left out."
        )
    return text


class ExportDialog(_WorkbookDialog):
    """Export to Excel: who the workbook is for (privacy level), then the file."""

    what = "The workbook"

    def __init__(self, session: AuditSession, settings: AppSettings, parent: QWidget) -> None:
        super().__init__(session, settings, parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export to Excel")
        self.setAccessibleName("Export to Excel")
        intro = QLabel(
            "Make an Excel workbook of this audit, with a sheet for each kind of record, "
            "drop-down lists and instructions. Choose who it is for: only what they may see "
            "is written.",
            self,
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)

        box = QGroupBox("Who is the workbook for?", self)
        box.setAccessibleName("Who is the workbook for?")
        inner = QVBoxLayout(box)
        self.level_group = QButtonGroup(self)
        # By level: a PrivacyLevel, or the policy of a level added at run time.
        self.level_buttons: dict[PrivacyLevel | PrivacyPolicy, QRadioButton] = {}
        self.level_notes: dict[PrivacyLevel | PrivacyPolicy, QLabel] = {}
        self.level_policies: list[PrivacyPolicy] = list(policies())
        consequences = privacy_consequences(session)
        indent = self.style().pixelMetric(self.style().PixelMetric.PM_ExclusiveIndicatorWidth) + 8
        for number, level in enumerate(self.level_policies):
            button = QRadioButton(level.choice, box)
            button.setObjectName(f"{level.code}_button")
            button.setFont(bold_font(button))
            description = f"{level.description} {consequences[level.level]}"
            button.setAccessibleDescription(description)
            note = QLabel(
                f"{escape(level.description)}<br><span style='color:{QUIET}'>"
                f"{escape(consequences[level.level])}</span>",
                box,
            )
            note.setTextFormat(Qt.TextFormat.RichText)
            note.setObjectName(f"{level.code}_note")
            note.setWordWrap(True)
            note.setContentsMargins(indent, 0, 0, 6)
            note.setBuddy(button)
            self.level_group.addButton(button, number)
            self.level_buttons[level.level] = button
            self.level_notes[level.level] = note
            inner.addWidget(button)
            inner.addWidget(note)
        self.level_buttons[PrivacyLevel.PARTNER].setChecked(True)
        self.layout_.addWidget(box)
        self._finish_layout()
        self.save_button.setText("&Choose the file and export…")

    def open(self) -> None:
        super().open()
        self.level_group.checkedButton().setFocus()

    @property
    def privacy(self) -> PrivacyLevel | PrivacyPolicy:
        return self.level_policies[self.level_group.checkedId()].level

    def choose(self, level: PrivacyLevel | PrivacyPolicy) -> None:
        self.level_buttons[policy_for(level).level].setChecked(True)

    def export_level(self) -> PrivacyLevel | PrivacyPolicy:
        return self.privacy

    def suggested_name(self) -> str:
        title = self.session.store.audit().title
        return f"{safe_file_name(title)} - {self.privacy.label.lower()}.xlsx"

    def _set_choosing(self, enabled: bool) -> None:
        for button in self.level_buttons.values():
            button.setEnabled(enabled)

    def writer(self, path: Path):
        store, privacy = self.session.store, self.privacy

        def work(report):
            from coprod_desktop.exchange.workbook.writer import export_workbook

            reader = store.reader()  # the window goes on using its own connection
            try:
                return export_workbook(reader, path, privacy=privacy, progress=report)
            finally:
                reader.close()

        return work

    def saved_text(self, result: Any, path: Path) -> str:
        sheets = getattr(result, "sheets", None) or {}
        level = self.privacy
        rows = sum(sheets.values()) if sheets else 0
        counted = (
            f" It has {number_of(len(sheets), 'sheet')} with {number_of(rows, 'row')}."
            if sheets
            else ""
        )
        saved = f"The {level.label.lower()} workbook was saved as {path.name} in {path.parent}."
        return saved + counted


# -- the partner template -------------------------------------------------------------------------


class TemplateDialog(_WorkbookDialog):
    """A workbook partners fill in: instructions, drop-downs and example rows."""

    what = "The template"
    export_kind = "template"  # for partners to fill in: no contact details, no people

    def __init__(self, session: AuditSession, settings: AppSettings, parent: QWidget) -> None:
        super().__init__(session, settings, parent)
        self.setObjectName("template_dialog")
        self.setWindowTitle("New partner template")
        self.setAccessibleName("New partner template")
        intro = QLabel(
            "Make a workbook a partner organisation can fill in offline and send back: "
            "sheets for people, capabilities, community assets, roles and actions, with "
            "instructions, drop-down lists and an example row on each sheet. Import it "
            "with File › Import from Excel or CSV when it comes back.",
            self,
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        assets = session.store.count(CommunityAsset)
        self.include_assets = QCheckBox(
            "&Include the audit's community assets for partners to extend", self
        )
        self.include_assets.setObjectName("include_assets")
        self.include_assets.setEnabled(assets > 0)
        self.layout_.addWidget(self.include_assets)
        listed = number_of(assets, "community asset")
        note = QLabel(
            (
                f"The template then lists the {listed} already in the audit (without their "
                "contact details), so that partners can correct them and add their own."
            )
            if assets
            else "The audit has no community assets yet."
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {QUIET};")
        indent = self.style().pixelMetric(self.style().PixelMetric.PM_IndicatorWidth) + 8
        note.setContentsMargins(indent, 0, 0, 0)
        self.include_assets.setAccessibleDescription(note.text())
        self.layout_.addWidget(note)
        self._finish_layout()

    def open(self) -> None:
        super().open()
        (self.include_assets if self.include_assets.isEnabled() else self.save_button).setFocus()

    def suggested_name(self) -> str:
        title = self.session.store.audit().title
        return f"{safe_file_name(title)} - partner template.xlsx"

    def _set_choosing(self, enabled: bool) -> None:
        self.include_assets.setEnabled(enabled and self.session.store.count(CommunityAsset) > 0)

    def writer(self, path: Path):
        store, with_assets = self.session.store, self.include_assets.isChecked()

        def work(report):
            from coprod_desktop.exchange.workbook.writer import write_template

            if not with_assets:
                return write_template(path, progress=report)
            reader = store.reader()
            try:
                return write_template(path, store=reader, progress=report)
            finally:
                reader.close()

        return work

    def saved_text(self, result: Any, path: Path) -> str:
        return (
            f"The partner template was saved as {path.name} in {path.parent}. Send it to the "
            "partner; when it comes back, use File › Import from Excel or CSV."
        )
