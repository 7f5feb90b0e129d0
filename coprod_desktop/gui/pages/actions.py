"""The Actions page: what the team will do about the gaps, element by element."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMessageBox

from coprod_desktop.domain import Action, ActionStatus, Element, Record
from coprod_desktop.gui.models.records import Column, RecordTableModel
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.widgets.forms import (
    ProblemLabels,
    combo_value,
    fill_combo,
    optional_date,
    prepare_optional_date,
    set_combo_value,
    set_optional_date,
)
from coprod_desktop.gui.widgets.record_form import RecordForm

# Columns of the table; the Due column is where the page starts sorted.
WHAT, ELEMENT, OWNER, DUE, STATUS = range(5)
FINISHED = (ActionStatus.DONE, ActionStatus.DROPPED)  # never overdue


def is_overdue(action: Action, today: date) -> bool:
    return action.due is not None and action.due < today and action.status not in FINISHED


class ActionsPage(RecordForm, Page):
    """The action plan: a table of actions filtered by element, and a form to change one."""

    title = "Actions"
    object_name = "actions_page"
    add_text = "Add action"
    record_type = Action
    noun = "action"

    def __init__(
        self, session: AuditSession, settings: AppSettings, parent=None, **options
    ) -> None:
        super().__init__(session, settings, parent, **options)
        self.ui = load_into("actions_page.ui", self)
        self._start_form()

        self.model = RecordTableModel(session.store, Action, self._columns(), self, sort="due")
        self._set_up_table()
        self._set_up_form()
        self._fill_element_combos()

        session.changed.connect(self._on_changed)
        settings.naming_changed.connect(self._on_naming_changed)
        self._apply_read_only()
        self._load(None)
        self._show_count()

    # -- set-up ----------------------------------------------------------------------------

    def _columns(self) -> tuple[Column[Action], ...]:
        def overdue(action: Action) -> bool:
            return is_overdue(action, self.today)

        return (
            Column("What", lambda a: a.title, "title", overdue),
            Column("Element", self._element_text, "element", overdue),
            Column("Owner", lambda a: a.owner, "owner", overdue),
            Column("Due", self._due_text, "due", overdue),
            Column("Status", lambda a: a.status.label, "status", overdue),
        )

    def _element_text(self, action: Action) -> str:
        return self.settings.element_name(action.element) if action.element else "No element"

    def _due_text(self, action: Action) -> str:
        if action.due is None:
            return ""
        text = f"{action.due:%d/%m/%Y}"
        return f"{text} (overdue)" if is_overdue(action, self.today) else text

    def _set_up_table(self) -> None:
        self.ui.add_action_button.clicked.connect(self.add_record)
        self.ui.add_action_button.setEnabled(not self.session.read_only)
        table = self.table = self.ui.actions_table
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setResizeContentsPrecision(200)
        header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("x" * 8))
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Long titles, element names and owners are cut short (the tooltip shows all of them);
        # what is to be done keeps the most room.
        for column, letters in ((WHAT, 30), (ELEMENT, 20), (OWNER, 16)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, table.fontMetrics().horizontalAdvance("x" * letters))
        header.setSortIndicator(DUE, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        # A sort reloads the model, which forgets the selection: show the action again.
        header.sortIndicatorChanged.connect(self._reselect)
        table.selectionModel().currentRowChanged.connect(self._on_row_chosen)
        self.ui.element_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.model.modelReset.connect(self._show_count)

    def _set_up_form(self) -> None:
        ui = self.ui
        fill_combo(ui.status_combo, ActionStatus)
        prepare_optional_date(ui.due_edit, problem_label=ui.due_problem, today=self.today)
        # Room for a few lines of notes; the font decides how tall that is.
        ui.notes_edit.setMaximumHeight(ui.notes_edit.fontMetrics().lineSpacing() * 8)
        ui.splitter.setSizes([600, 400])  # proportions: the table gets the larger share
        self.problems = ProblemLabels(
            {"title": ui.title_problem, "due": ui.due_problem}, ui.problem_summary
        )
        self._editors = (
            ui.title_edit,
            ui.element_combo,
            ui.owner_edit,
            ui.due_edit,
            ui.status_combo,
            ui.notes_edit,
        )
        for edit in (ui.title_edit, ui.owner_edit):
            edit.textChanged.connect(self._update_buttons)
            edit.returnPressed.connect(self.save)
        ui.notes_edit.textChanged.connect(self._update_buttons)
        ui.due_edit.dateChanged.connect(self._update_buttons)
        for combo in (ui.element_combo, ui.status_combo):
            combo.currentIndexChanged.connect(self._update_buttons)
        ui.save_button.clicked.connect(self.save)
        ui.revert_button.clicked.connect(self.revert)

    def _fill_element_combos(self) -> None:
        """Fill both element drop-downs in the user's naming, keeping what each had chosen."""
        for combo, none_text in (
            (self.ui.element_filter, "All elements"),
            (self.ui.element_combo, "No element"),
        ):
            chosen = combo_value(combo)
            combo.blockSignals(True)
            fill_combo(combo, Element, none_text=none_text)
            for row, element in enumerate(Element, start=1):
                combo.setItemText(row, self.settings.element_name(element))
                combo.setItemData(row, element.info.summary, Qt.ItemDataRole.ToolTipRole)
            set_combo_value(combo, chosen)
            combo.blockSignals(False)

    # -- the table -------------------------------------------------------------------------

    def _on_filter_changed(self) -> None:
        self.model.set_filters(element=combo_value(self.ui.element_filter))
        self._reselect()

    def _on_changed(self, record_type: type[Record]) -> None:
        if record_type is not Action:
            return
        self.model.reload()
        if self._current is not None and not self._is_dirty():
            # An undo or redo may have changed or removed the action in the form.
            self._load(self.session.store.get(Action, self._current.id))
        self._reselect()

    def _on_naming_changed(self) -> None:
        self._fill_element_combos()
        self.model.reload()
        self._reselect()

    # -- the form --------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "title": ui.title_edit.text().strip(),
            "element": combo_value(ui.element_combo),
            "owner": ui.owner_edit.text().strip(),
            "due": optional_date(ui.due_edit),
            "status": combo_value(ui.status_combo),
            "notes": ui.notes_edit.toPlainText().strip(),
        }

    def _blank(self) -> Action:
        return Action(title="")

    def _fill(self, shown: Action) -> None:
        ui = self.ui
        ui.title_edit.setText(shown.title)
        ui.title_edit.setCursorPosition(0)  # show the start of a long title
        set_combo_value(ui.element_combo, shown.element)
        ui.owner_edit.setText(shown.owner)
        set_optional_date(ui.due_edit, shown.due)
        set_combo_value(ui.status_combo, shown.status)
        ui.notes_edit.setPlainText(shown.notes)

    # -- Edit menu hooks -------------------------------------------------------------------

    def add_record(self) -> None:
        if not self.can_add() or not self._leave_form():
            return
        self._load(None)
        self._select(None)
        self.ui.title_edit.setFocus()

    def delete_selected(self) -> None:
        if not self.can_delete():
            return
        action = self._current
        answer = QMessageBox.question(
            self,
            "Delete action",
            f"Delete the action \u201c{action.title}\u201d? You can undo this with Edit > Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.delete(action)
            self._load(None)

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        if record_type is not Action:
            return False
        action = self.session.store.get(Action, record_id)
        if action is None or not self._leave_form():
            return False
        if action.element != combo_value(self.ui.element_filter):
            set_combo_value(self.ui.element_filter, None)  # show every element
        self._load(action)
        self._select(action.id)
        return True

    def focus_first(self) -> None:
        self.ui.actions_table.setFocus()
