"""Opening, creating and closing audits, the sample audit and Save a copy.

`FileActions` is a mixin of `gui.main_window.MainWindow`. Audits open in a worker thread
(`gui.workers.Task`), with the window usable and the progress in the status bar; the store, the
pages and the records load only when the first audit is opened, so the window starts quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from coprod_desktop.gui.app import APP_NAME
from coprod_desktop.gui.dialogs import messages as dialogs
from coprod_desktop.gui.workers import Task

if TYPE_CHECKING:  # the store, the pages and the records load when an audit is opened
    from PySide6.QtGui import QUndoGroup
    from PySide6.QtWidgets import QLabel, QProgressBar, QStackedWidget, QWidget

    from coprod_desktop.domain import Audit
    from coprod_desktop.gui.audit_view import AuditView
    from coprod_desktop.gui.session import AuditSession
    from coprod_desktop.gui.settings import AppSettings
    from coprod_desktop.store import AuditStore


class FileActions:
    """Open, create, close and copy audits (a mixin of MainWindow, which has what is named here)."""

    settings: AppSettings
    session: AuditSession | None
    view: AuditView | None
    welcome: QWidget
    file_label: QLabel
    saved_label: QLabel
    progress_bar: QProgressBar
    _screens: QStackedWidget
    _tasks: list[Task]
    _undo_group: QUndoGroup
    _saved_at: str

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


def _file_name(title: str) -> str:
    """Return a safe file name made from the audit's title."""
    kept = "".join(c for c in title if c.isalnum() or c in " -_()").strip()
    return kept[:80] or "Audit"
