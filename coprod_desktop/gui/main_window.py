"""The main window: the welcome screen, the open audit, menus and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
)

from coprod_desktop.domain.vocabulary import Naming
from coprod_desktop.gui.dialogs import messages as dialogs
from coprod_desktop.gui.screen_fit import fit_dialog, keep_on_screen
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_ui
from coprod_desktop.gui.workers import Task

if TYPE_CHECKING:  # the store, the pages and the records load when an audit is opened
    from coprod_desktop.domain import Audit
    from coprod_desktop.gui.audit_view import AuditView
    from coprod_desktop.gui.session import AuditSession
    from coprod_desktop.store import AuditStore

APP_NAME = "Coprod Desktop"
SAVED_TEXT = "All changes saved"
IMPORT_TIP = "Add or update records from a workbook or a partner's spreadsheet or CSV file"


class MainWindow(QMainWindow):
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

    # -- actions and menus -----------------------------------------------------------------

    def _action(
        self, text: str, slot, shortcut: QKeySequence | str | None = None, name: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if isinstance(shortcut, QKeySequence.StandardKey):
            # Every binding of the platform: Close is Ctrl+F4 and Ctrl+W, and
            # QKeySequence(StandardKey) would keep only the first.
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New audit…", self.new_audit, keys.New, "new")
        self.open_action = self._action("&Open audit…", self.choose_and_open, keys.Open, "open")
        self.sample_action = self._action(
            "Open the &sample audit", self.open_sample, "Ctrl+Shift+O", "sample"
        )
        self.save_action = self._action("&Save", self._tell_saved, keys.Save, "save")
        self.save_copy_action = self._action(
            "Save a &copy…", self.save_copy, keys.SaveAs, "save_copy"
        )
        self.export_action = self._action(
            "&Export to Excel…", self.export_workbook, "Ctrl+E", "export"
        )
        self.template_action = self._action(
            "New partner &template…", self.new_partner_template, "Ctrl+Shift+T", "template"
        )
        self.import_action = self._action(
            "&Import from Excel or CSV…", self.import_spreadsheet, "Ctrl+I", "import"
        )
        # The Reports page holds the choices (sections, who it is for), Export and Print.
        self.report_action = self._action(
            "Export report as P&DF…", self.export_report, "Ctrl+Shift+R", "export_report"
        )
        self.print_action = self._action("&Print…", self.print_report, keys.Print, "print")
        self.print_preview_action = self._action(
            "Print pre&view…", self.print_preview, "Ctrl+Shift+P", "print_preview"
        )
        self.close_action = self._action("&Close audit", self.close_audit, keys.Close, "close")
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", "quit")

        self.undo_action = self._undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = self._undo_group.createRedoAction(self, "&Redo")
        # Each key once: where the platform's Redo is Ctrl+Y (Windows), giving Ctrl+Y twice made
        # it an ambiguous shortcut that did nothing.
        redo_keys = (QKeySequence(keys.Redo), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(list({k.toString(): k for k in redo_keys}.values()))
        self.add_action = self._action("&Add", self._add, "Ctrl+Shift+N", "add")
        self.add_action.setShortcuts([QKeySequence("Ctrl+Shift+N"), QKeySequence("Insert")])
        self.delete_action = self._action("&Delete…", self._delete, keys.Delete, "delete")
        self.find_action = self._action("&Find…", self._find, keys.Find, "find")

        self.naming_actions = QActionGroup(self)
        for naming, keys_ in zip(Naming, ("Ctrl+Shift+L", "Ctrl+Shift+E"), strict=True):
            action = QAction(f"Element names: {naming.label}", self, checkable=True)
            action.setShortcut(QKeySequence(keys_))
            action.setData(naming)
            action.setChecked(naming is self.settings.naming)
            action.triggered.connect(lambda _=False, n=naming: self._set_naming(n))
            self.naming_actions.addAction(action)

        self.help_action = self._action(
            "What is &co-production?", self.show_coproduction_help, "F1", "help"
        )
        self.about_action = self._action(
            "&About Coprod Desktop", self.show_about, "Ctrl+F1", "about"
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setToolTipsVisible(True)  # why Import is unavailable
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_copy_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.template_action, self.import_action])
        file_menu.addAction(self.report_action)
        file_menu.addSeparator()
        file_menu.addActions([self.print_action, self.print_preview_action])
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.add_action, self.delete_action])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)

        self.view_menu = bar.addMenu("&View")
        self.page_actions: list[QAction] = []
        self.view_menu.addSeparator()
        self.view_menu.addActions(self.naming_actions.actions())

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.help_action, self.about_action])

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

    def _update_actions(self) -> None:
        open_ = self.session is not None
        editable = open_ and not self.session.read_only
        busy = bool(self._tasks)
        for action in (self.new_action, self.open_action, self.sample_action):
            action.setEnabled(not busy)
        self.recent_menu.setEnabled(not busy)
        for action in (self.save_action, self.save_copy_action, self.close_action):
            action.setEnabled(open_)
        self.find_action.setEnabled(open_)
        for action in (
            self.export_action,
            self.template_action,
            self.report_action,
            self.print_action,
            self.print_preview_action,
        ):
            action.setEnabled(open_ and not busy)
        self.import_action.setEnabled(editable and not busy)
        tip = IMPORT_TIP
        if open_ and self.session.read_only:
            reason = self.session.store.read_only_reason
            tip = (
                f"{reason.message if reason else 'This audit is read-only'}: nothing can be "
                "imported into it. Use File › Save a copy, and import into the copy."
            )
        self.import_action.setToolTip(tip)
        self.import_action.setStatusTip(tip)
        page = self.view.current_page() if self.view else None
        self.add_action.setEnabled(bool(editable and page and page.can_add()))
        self.add_action.setText(f"&{page.add_text}" if page and page.add_text else "&Add")
        self.delete_action.setEnabled(bool(editable and page and page.can_delete()))
        for action in self.page_actions:
            action.setEnabled(open_)

    # -- opening and closing ---------------------------------------------------------------

    def choose_and_open(self) -> None:
        path = dialogs.choose_audit_to_open(self, self.settings)
        if path is not None:
            self.open_audit(path)

    def open_audit(self, path: Path, *, read_only: bool = False) -> None:
        """Open `path` in a worker thread; the window stays usable and shows progress."""
        path = Path(path)
        if self.session is not None and self.session.path == path.absolute():
            return
        if not self.keep_typed_edits():
            return
        from coprod_desktop.store import AuditStore

        self._run(
            f"Opening {path.name}…",
            lambda report: AuditStore.open(path, read_only=read_only),
            self._show_audit,
            lambda error: self._open_failed(path, error),
        )

    def new_audit(self) -> None:
        if not self.keep_typed_edits():
            return
        audit = dialogs.ask_new_audit(self)
        if audit is None:
            return
        path = dialogs.choose_audit_to_save(
            self, self.settings, "Save the new audit as", f"{_file_name(audit.title)}.coprod"
        )
        if path is not None:
            self.create_audit(path, audit)

    def create_audit(self, path: Path, audit: Audit) -> None:
        from coprod_desktop.store import AuditStore

        self._run(
            f"Creating {path.name}…",
            lambda report: AuditStore.create(path, audit),
            self._show_audit,
            lambda error: self._open_failed(path, error, creating=True),
        )

    def open_sample(self) -> None:
        from coprod_desktop.paths import sample_audit_path
        from coprod_desktop.sample import DEFAULT_PEOPLE, write_sample
        from coprod_desktop.store import AuditStore

        path = sample_audit_path()
        if not self.keep_typed_edits():
            return
        if path.exists():
            self.open_audit(path)
            return

        def make(report) -> AuditStore:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_sample(path, progress=lambda done: report(done, DEFAULT_PEOPLE * 12))
            return AuditStore.open(path)

        self._run("Making the sample audit…", make, self._show_audit, self._sample_failed)

    def _run(self, text: str, work, on_done, on_failed) -> None:
        task = Task(work, self)
        self._tasks.append(task)
        self.progress_bar.setRange(0, 0)  # busy until the work reports its size
        self.progress_bar.show()
        self.statusBar().showMessage(text)

        def progress(done: int, total: int) -> None:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

        def finish(handler, value) -> None:
            self._tasks.remove(task)
            self.progress_bar.hide()
            self.statusBar().clearMessage()
            handler(value)
            self._update_actions()

        task.progress.connect(progress)
        task.finished.connect(lambda value: finish(on_done, value))
        task.failed.connect(lambda error: finish(on_failed, error))
        task.start()
        self._update_actions()

    def _show_audit(self, store: AuditStore) -> None:
        from coprod_desktop.gui.audit_view import AuditView
        from coprod_desktop.gui.session import AuditSession

        if not self.close_audit():  # typed in the old audit while this one opened
            store.close()
            return
        session = AuditSession(store, self)
        self.session = session
        self.view = AuditView(session, self.settings)
        self._screens.addWidget(self.view)
        self._screens.setCurrentWidget(self.view)
        self._undo_group.addStack(session.undo_stack)
        self._undo_group.setActiveStack(session.undo_stack)
        session.changed.connect(self._saved)
        session.failed.connect(lambda message: dialogs.show_error(self, "Not saved", message))
        self.view.page_changed.connect(self._update_actions)
        self.view.pending_changed.connect(self._show_saved_state)
        self.view.page("overview_page").share_requested.connect(self.export_workbook)
        self._add_page_actions()
        self.settings.add_recent_file(store.path)
        self._refresh_recent()
        title = store.audit().title
        self.setWindowTitle(f"{title} – {APP_NAME}")
        self.file_label.setText(store.path.name)
        self.file_label.setToolTip(str(store.path))
        if store.read_only_reason is not None:
            self.saved_label.setText(store.read_only_reason.message)
            self.saved_label.setStyleSheet("color: #a4262c; font-weight: bold;")
        else:
            self._saved_at = ""
            self._show_saved_state()
        if store.backup_path is not None:
            dialogs.show_info(
                self,
                "Audit upgraded",
                f"This audit was made by an older version of {APP_NAME} and has been "
                f"upgraded. A copy of it as it was is kept at:\n{store.backup_path}",
            )
        self._update_actions()
        self.activateWindow()  # back from the file dialogs: keys should reach the audit
        self.view.current_page().focus_first()
        self.audit_opened.emit()

    def _open_failed(self, path: Path, error: BaseException, *, creating: bool = False) -> None:
        from coprod_desktop.domain import ValidationError
        from coprod_desktop.store import AuditFileError

        if isinstance(error, AuditFileError):
            message, advice = f'"{error.path.name}" {error.problem}', error.advice
        elif isinstance(error, ValidationError):
            message, advice = str(error), ""
        else:
            message = f'"{path.name}" could not be {"created" if creating else "opened"}: {error}'
            advice = "Try again; if it keeps happening, send the log file to your IT support."
        title = "The audit could not be created" if creating else "The audit could not be opened"
        dialogs.show_error(self, title, message, advice)
        if not creating and not path.exists():
            self.settings.remove_recent_file(path)
            self._refresh_recent()
        self.open_failed.emit(message)

    def _sample_failed(self, error: BaseException) -> None:
        dialogs.show_error(self, "The sample audit could not be made", str(error))
        self.open_failed.emit(str(error))

    def keep_typed_edits(self) -> bool:
        """Save what the forms hold before the audit is left; False: the user went back to
        a form whose typing could not be saved (see gui/unsaved.py)."""
        if self.view is None or self.session is None or self.session.read_only:
            return True
        return self.view.save_pending()

    def close_audit(self) -> bool:
        """Close the audit (File › Close audit), keeping what the forms hold; False if the
        user went back to a form that could not be saved."""
        if self.session is None:
            return True
        if not self.keep_typed_edits():
            return False
        self._undo_group.removeStack(self.session.undo_stack)
        if self.view is not None:
            self.view.shutdown()
        self.session.close()
        self.session = None
        if self.view is not None:
            self._screens.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None
        for action in self.page_actions:
            self.view_menu.removeAction(action)
        self.page_actions = []
        self._screens.setCurrentWidget(self.welcome)
        self.setWindowTitle(APP_NAME)
        self.file_label.clear()
        self.saved_label.clear()
        self._refresh_recent()
        self._update_actions()
        return True

    def save_copy(self) -> None:
        if self.session is None:
            return
        stem = self.session.path.stem
        path = dialogs.choose_audit_to_save(
            self, self.settings, "Save a copy of the audit", f"{stem} copy.coprod"
        )
        if path is None:
            return
        from coprod_desktop.gui.dialogs.exchange import output_refused
        from coprod_desktop.store import AuditFileError
        from coprod_desktop.store.outputs import OutputKind, audit_files

        # The file dialog has asked about replacing an existing file, but not about the
        # audit's own files (a link to it, its backups) or a file that is not an audit.
        title = "The copy was not saved"
        protected = audit_files(self.session.path)
        if output_refused(self, title, path, OutputKind.AUDIT, protected):
            return
        try:
            self.session.store.save_copy(path, overwrite=True)
        except AuditFileError as error:
            dialogs.show_error(self, title, str(error), error.advice)
            return
        self.statusBar().showMessage(f"A copy was saved as {path}", 10_000)

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

    def _add(self) -> None:
        if self.view is not None and self.add_action.isEnabled():
            self.view.current_page().add_record()

    def _delete(self) -> None:
        if self.view is not None and self.delete_action.isEnabled():
            self.view.current_page().delete_selected()

    def _find(self) -> None:
        if self.view is not None:
            self.view.focus_search()

    def _add_page_actions(self) -> None:
        from coprod_desktop.gui.audit_view import PAGE_TYPES

        first = self.view_menu.actions()[0] if self.view_menu.actions() else None
        for number, page_type in enumerate(PAGE_TYPES, start=1):
            action = QAction(f"&{number} {page_type.title}", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(
                lambda _=False, name=page_type.object_name: self._go_to_page(name)
            )
            self.view_menu.insertAction(first, action)
            self.page_actions.append(action)

    def _go_to_page(self, object_name: str) -> None:
        if self.view is not None:
            page = self.view.page(object_name)
            self.view.show_page(page)
            page.focus_first()

    def _set_naming(self, naming: Naming) -> None:
        self.settings.naming = naming

    def show_coproduction_help(self) -> None:
        self._show_text("What is co-production?", dialogs.coproduction_help_html(self.settings))

    def show_about(self) -> None:
        self._show_text(f"About {APP_NAME}", dialogs.about_text())

    def _show_text(self, title: str, html: str) -> QDialog:
        dialog = QDialog(self)
        dialog.setObjectName("help_dialog")
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(title)
        browser = QTextBrowser(dialog)
        browser.setAccessibleName(title)
        browser.setHtml(html)
        browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)  # Close, and Esc
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        dialog.resize(640, 560)
        fit_dialog(dialog, scroll=False)  # the text scrolls in its own view
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- recent files ----------------------------------------------------------------------

    def _refresh_recent(self) -> None:
        recent = self.welcome.recent_list
        recent.clear()
        for path in self.settings.recent_files():
            item = QListWidgetItem(f"{path.name}\n{path.parent}", recent)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
        if recent.count():
            recent.setCurrentRow(0)
        self.welcome.recent_label.setVisible(recent.count() > 0)
        recent.setVisible(recent.count() > 0)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(self.settings.recent_files(), start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_audit(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent audits").setEnabled(False)


def _dropped_audit(event: QDragEnterEvent | QDropEvent) -> Path | None:
    urls = event.mimeData().urls()
    if len(urls) == 1 and urls[0].isLocalFile() and urls[0].toLocalFile().endswith(".coprod"):
        return Path(urls[0].toLocalFile())
    return None


def _dropped_spreadsheet(event: QDragEnterEvent | QDropEvent) -> Path | None:
    from coprod_desktop.gui.importing.wizard import is_spreadsheet

    urls = event.mimeData().urls()
    if len(urls) == 1 and urls[0].isLocalFile() and is_spreadsheet(Path(urls[0].toLocalFile())):
        return Path(urls[0].toLocalFile())
    return None


def _file_name(title: str) -> str:
    """Return a safe file name made from the audit's title."""
    kept = "".join(c for c in title if c.isalnum() or c in " -_()").strip()
    return kept[:80] or "Audit"


def main_window() -> MainWindow | None:
    """Return the running main window (for the exception dialog), if there is one."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            return widget
    return None
