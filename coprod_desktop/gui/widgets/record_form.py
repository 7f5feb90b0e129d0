"""A page's table of records beside a form that changes one of them: what the pages share.

The Actions and Assets pages both show a table of one record type next to a form laid out
in Designer. `RecordForm` is the part that does not depend on the fields: choosing a row,
loading a record into the form with a baseline to spot changes, Save and Revert, and keeping
what was typed when the form is left (gui/unsaved.py). Each page keeps its own fields.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTableView

from coprod_desktop.domain import Record, ValidationError
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.unsaved import keep_or_ask
from coprod_desktop.gui.widgets.forms import set_editable
from coprod_desktop.store import AuditFileError


class RecordForm:
    """Mix into a `Page` before it: `class ActionsPage(RecordForm, Page)`.

    The page sets `record_type` and `noun` ("action": for the heading, the count and the
    questions), and before the first `_load` the attributes `model` (a `RecordTableModel`),
    `table` (its view), `problems` (a `ProblemLabels`) and `_editors` (what read-only
    audits disable). Its `.ui` has `form_heading`, `save_button`, `revert_button`,
    `problem_summary`, `read_only_note` and `count_label`. The page writes `_values` (the
    form's values, as keyword arguments of the record), `_blank` (the record a new one starts
    from) and `_fill` (show a record in the widgets); `_after_load` is its hook for what
    follows the record in the form.
    """

    record_type: type[Record]
    noun = ""
    table: QTableView

    def _start_form(self) -> None:
        self._current: Any = None  # the saved record in the form; None: a new one
        self._baseline: dict[str, Any] = {}  # the form's values as loaded, to spot changes
        self._selecting = False  # the page is moving the selection itself

    # -- what the page writes --------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        raise NotImplementedError

    def _blank(self) -> Record:
        raise NotImplementedError

    def _fill(self, shown: Any) -> None:
        raise NotImplementedError

    def _after_load(self) -> None:
        """Called once a record is in the form, before Save and Revert are enabled or not."""

    # -- the table -------------------------------------------------------------------------

    def _apply_read_only(self) -> None:
        read_only = self.session.read_only
        self.ui.read_only_note.setVisible(read_only)
        set_editable(self._editors, not read_only)

    def _show_count(self) -> None:
        count = self.model.rowCount()
        self.ui.count_label.setText(number_of(count, self.noun))

    def _on_row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        record = self.model.record(current.row())
        if record is None or (self._current is not None and record.id == self._current.id):
            return
        if not self._leave_form():
            self._reselect()
            return
        self._load(record)
        self._select(record.id)  # saving the old one on the way reloaded the table

    def _select(self, record_id: str | None) -> None:
        """Highlight the record's row if it is in the first pages read (without reloading)."""
        selection = self.table.selectionModel()
        self._selecting = True
        try:
            row = None
            if record_id is not None and self.model.rowCount():
                self.model.record(0)  # reads the first page, where row_of looks
                row = self.model.row_of(record_id)
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.Clear)
            else:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(
                    index,
                    selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
                )
                self.table.scrollTo(index)
        finally:
            self._selecting = False

    def _reselect(self) -> None:
        self._select(self._current.id if self._current else None)

    # -- the form --------------------------------------------------------------------------

    def _load(self, record: Any) -> None:
        """Show `record` in the form (None: an empty form for a new record)."""
        self._current = record
        self._fill(record or self._blank())
        self.ui.form_heading.setText(f"Change the {self.noun}" if record else f"New {self.noun}")
        self.problems.clear()
        self._baseline = self._values()
        self._after_load()
        self._update_buttons()
        self.selection_changed.emit()

    def _is_dirty(self) -> bool:
        return self._values() != self._baseline

    def _update_buttons(self) -> None:
        can_save = self._is_dirty() and not self.session.read_only
        self.ui.save_button.setEnabled(can_save)
        self.ui.revert_button.setEnabled(can_save)
        self.pending_changed.emit()

    def save(self) -> bool:
        """Save the form through the session; show problems beside the fields if invalid."""
        if self.session.read_only or not self._is_dirty():
            return not self._is_dirty()
        values = self._values()
        try:
            if self._current is None:
                saved = self.session.add(self.record_type(**values))
            else:
                saved = self.session.update(dataclasses.replace(self._current, **values))
        except ValidationError as error:
            self.problems.show(error.problems)
            return False
        except AuditFileError as error:
            self.ui.problem_summary.setText(f"Not saved: {error}")
            self.ui.problem_summary.setVisible(True)
            return False
        self._load(saved)
        self._select(saved.id)
        return True

    def revert(self) -> None:
        current = self._current and self.session.store.get(self.record_type, self._current.id)
        self._load(current)

    def _leave_form(self) -> bool:
        """Save the form before it shows another record; False if the user wants to stay."""
        return self.session.read_only or keep_or_ask(self, self)

    # -- what the form holds unsaved (gui/unsaved.py) --------------------------------------

    def pending_edit(self) -> str:
        if self.session.read_only or not self._is_dirty():
            return ""
        values = self._values()
        name = values.get("name") or values.get("title") or ""
        if self._current is None:
            return f"the new {self.noun} '{name}'" if name else f"the new {self.noun}"
        return f"the {self.noun} '{name or self.noun}'"

    def save_pending(self) -> bool:
        return self.save()

    def discard_pending(self) -> None:
        self.revert()

    # -- Edit menu hooks -------------------------------------------------------------------

    def can_delete(self) -> bool:
        return self._current is not None and not self.session.read_only
