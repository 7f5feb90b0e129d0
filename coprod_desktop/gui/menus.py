"""The main window's actions and menus, and what the Edit, View and Help menus do.

`WindowMenus` is a mixin of `gui.main_window.MainWindow`: it makes the actions as attributes of
the window (tests and the pages reach them there), puts them in the menus, and enables each one
for what the window shows (no audit, a read-only one, work under way, the current page).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QVBoxLayout

from coprod_desktop.domain.vocabulary import Naming
from coprod_desktop.gui.app import APP_NAME
from coprod_desktop.gui.dialogs import messages as dialogs
from coprod_desktop.gui.screen_fit import fit_dialog

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoGroup

    from coprod_desktop.gui.audit_view import AuditView
    from coprod_desktop.gui.session import AuditSession
    from coprod_desktop.gui.settings import AppSettings
    from coprod_desktop.gui.workers import Task

IMPORT_TIP = "Add or update records from a workbook or a partner's spreadsheet or CSV file"


class WindowMenus:
    """The window's actions and menus (a mixin of MainWindow, which has what is named here)."""

    settings: AppSettings
    session: AuditSession | None
    view: AuditView | None
    _tasks: list[Task]
    _undo_group: QUndoGroup

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

    # -- edit, view and help ---------------------------------------------------------------

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

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for number, path in enumerate(self.settings.recent_files(), start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_audit(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent audits").setEnabled(False)
