"""The main window: the welcome screen, the open audit, the status bar and the exchange dialogs.

Its actions and menus are made in `gui.menus` (WindowMenus), opening, creating and closing audits
is in `gui.file_actions` (FileActions); both are mixins of MainWindow, so that every action and
flow stays a method or attribute of the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
)

from coprod_desktop.gui.app import APP_NAME
from coprod_desktop.gui.dialogs import messages as dialogs
from coprod_desktop.gui.file_actions import FileActions
from coprod_desktop.gui.menus import WindowMenus
from coprod_desktop.gui.screen_fit import keep_on_screen
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_ui
from coprod_desktop.gui.workers import Task

if TYPE_CHECKING:  # the store, the pages and the records load when an audit is opened
    from coprod_desktop.gui.audit_view import AuditView
    from coprod_desktop.gui.session import AuditSession

__all__ = ["APP_NAME", "SAVED_TEXT", "MainWindow", "main_window"]

SAVED_TEXT = "All changes saved"


class MainWindow(FileActions, WindowMenus, QMainWindow):
    """One window: the welcome screen until an audit is open, then the audit's pages."""

    audit_opened = Signal()  # the audit is shown (tests and benchmarks wait for it)
    open_failed = Signal(str)  # the message shown when an audit could not be opened

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings
        self.session: AuditSession | None = None
        self.view: AuditView | None = None
        self._tasks: list[Task] = []
        self._saved_at = ""  # when the last edit was written, as HH:MM
        self.exchange_dialog: QDialog | None = None  # export, template or import, while open
        self._undo_group = QUndoGroup(self)
        self.setObjectName("main_window")
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setMinimumSize(640, 420)

        self._screens = QStackedWidget(self)
        self.setCentralWidget(self._screens)
        self.welcome = load_ui("welcome.ui")
        self._screens.addWidget(self.welcome)
        self.welcome.new_button.clicked.connect(self.new_audit)
        self.welcome.open_button.clicked.connect(self.choose_and_open)
        self.welcome.sample_button.clicked.connect(self.open_sample)
        self.welcome.recent_list.itemActivated.connect(
            lambda item: self.open_audit(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self._refresh_recent()
        self._update_actions()
        geometry = settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            keep_on_screen(self, QSize(1200, 780))  # smaller on a laptop's 1366 × 768
        else:
            keep_on_screen(self)  # saved on a larger screen, or one no longer attached

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.file_label = QLabel(self)
        self.file_label.setAccessibleName("Audit file")
        self.saved_label = QLabel(self)
        self.saved_label.setAccessibleName("Saving")
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.hide()
        bar.addWidget(self.file_label, 1)
        bar.addPermanentWidget(self.progress_bar)
        bar.addPermanentWidget(self.saved_label)

    # -- leaving an audit --------------------------------------------------------------------

    def keep_typed_edits(self) -> bool:
        """Save what the forms hold before the audit is left; False: the user went back to
        a form whose typing could not be saved (see gui/unsaved.py)."""
        if self.view is None or self.session is None or self.session.read_only:
            return True
        return self.view.save_pending()

    # -- Excel exchange --------------------------------------------------------------------

    def export_workbook(self) -> None:
        """Ask who the workbook is for and where to save it, then export (in a worker)."""
        if self.session is None or not self.export_action.isEnabled():
            return
        if not self.keep_typed_edits():  # the workbook holds what the window shows
            return
        from coprod_desktop.gui.dialogs.exchange import ExportDialog

        self._open_exchange(ExportDialog(self.session, self.settings, self))

    def export_report(self) -> None:
        """Show the Reports page: choose the sections and who the report is for, then export."""
        if self.view is None or not self.report_action.isEnabled():
            return
        self._go_to_page("reports_page")

    def print_report(self) -> None:
        """Show the Reports page and print the report as chosen there (the print dialog)."""
        if self.view is None or not self.print_action.isEnabled():
            return
        self._go_to_page("reports_page")
        self.view.page("reports_page").print_report()

    def print_preview(self) -> None:
        """Show the Reports page and the print preview of the report as chosen there."""
        if self.view is None or not self.print_preview_action.isEnabled():
            return
        self._go_to_page("reports_page")
        self.view.page("reports_page").preview_printing()

    def new_partner_template(self) -> None:
        if self.session is None or not self.template_action.isEnabled():
            return
        if not self.keep_typed_edits():
            return
        from coprod_desktop.gui.dialogs.exchange import TemplateDialog

        self._open_exchange(TemplateDialog(self.session, self.settings, self))

    def import_spreadsheet(self, path: Path | None = None) -> None:
        """Open the import wizard (at `path` when a spreadsheet was dropped on the window)."""
        if self.session is None or not self.import_action.isEnabled():
            return
        if not self.keep_typed_edits():  # the import reloads every page
            return
        from coprod_desktop.gui.importing.wizard import ImportWizard

        wizard = ImportWizard(self.session, self.settings, self, path if path else None)
        wizard.imported.connect(lambda _result: self._saved())
        self._open_exchange(wizard)

    def _open_exchange(self, dialog: QDialog) -> None:
        self.exchange_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._exchange_closed(dialog))
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.exchange_dialog is None and not self.keep_typed_edits():
            event.ignore()  # back to the form the user chose to fix
            return
        if self.exchange_dialog is not None:
            self.exchange_dialog.done(QDialog.DialogCode.Rejected)  # stops its work first
        for task in self._tasks:
            task.cancel()
            task.wait()
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        self.close_audit()
        super().closeEvent(event)

    def _exchange_closed(self, dialog: QDialog) -> None:
        if self.exchange_dialog is dialog:
            self.exchange_dialog = None

    # -- drag and drop ---------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_audit(event) is not None or _dropped_spreadsheet(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_audit(event)
        if path is not None:
            event.acceptProposedAction()
            self.open_audit(path)
            return
        path = _dropped_spreadsheet(event)
        if path is not None:
            event.acceptProposedAction()
            self.import_dropped(path)

    def import_dropped(self, path: Path) -> None:
        """Import a spreadsheet dropped on the window, or say why it cannot be."""
        if self.session is None:
            self.statusBar().showMessage(
                f"To import {path.name}, open an audit first, then drop the file on it.", 10_000
            )
        elif self.session.read_only:
            dialogs.show_error(self, "Nothing can be imported", self.import_action.toolTip(), "")
        elif self._tasks:
            self.statusBar().showMessage(
                f"Wait until the audit is open, then drop {path.name} again.", 10_000
            )
        else:
            self.import_spreadsheet(path)

    # -- edit, view and help ---------------------------------------------------------------

    def _saved(self) -> None:
        if self.session is not None and not self.session.read_only:
            self._saved_at = QTime.currentTime().toString("HH:mm")
            self._show_saved_state()
        self._update_actions()

    def _show_saved_state(self) -> None:
        """Say "All changes saved" only when no form holds typing that is not saved."""
        if self.session is None or self.session.read_only:
            return
        pending = self.view.pending_edits() if self.view is not None else []
        if pending:
            text = f"Not saved yet: {pending[0]}"
            self.saved_label.setText(text if len(text) <= 70 else text[:69] + "…")
            self.saved_label.setToolTip(
                "Saved when you leave the form or press Save (Ctrl+S): " + "; ".join(pending)
            )
            self.saved_label.setStyleSheet("color: #a4262c; font-weight: bold;")
            return
        self.saved_label.setText(
            f"{SAVED_TEXT} ({self._saved_at})" if self._saved_at else SAVED_TEXT
        )
        self.saved_label.setToolTip("")
        self.saved_label.setStyleSheet("")

    def _tell_saved(self) -> None:
        if self.view is not None and self.view.pending_edits():
            if self.keep_typed_edits():
                self.statusBar().showMessage("Saved.", 8000)
            return
        self.statusBar().showMessage(
            "There is nothing to save: every change is saved as soon as you make it.", 8000
        )


def _dropped_audit(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls()
    if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().endswith(".coprod"):
        return Path(urls[0].toLocalFile())
    return None


def _dropped_spreadsheet(event: QDragEnterEvent | QDropEvent) -> Path | None:
    from coprod_desktop.gui.importing.reading import is_spreadsheet

    urls = event.mimeData().urls()
    if len(urls) == 1 and urls[0].isLocalFile() and is_spreadsheet(Path(urls[0].toLocalFile())):
        return Path(urls[0].toLocalFile())
    return None


def main_window() -> MainWindow | None:
    """Return the running main window (for the exception dialog), if there is one."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            return widget
    return None
