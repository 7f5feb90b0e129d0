"""The lower half of a sheet's tab: values for the whole sheet, and the sheet's own values.

`WholeSheetValues` fills the table of fields no column gives with one value for every row
("all these rows are: Physical spaces"): a drop-down of our choices, the app's date field, or
a line edit. The required fields come first, marked; others are added from a drop-down.

`TheirValues` fills the table of values found in a column that our choices do not know
("Listed", "Yse"), each with a drop-down of our choices, the closest one chosen, or "leave as
a problem". Both keep what the user chose when the columns change and back again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from coprod_desktop.domain.validation import UnreadDate
from coprod_desktop.exchange.workbook.columns import Column, Kind
from coprod_desktop.gui.importing.mapping_model import (
    closest_values,
    field_label,
    likely_value,
    needed_because,
    value_choices,
    whole_sheet_fields,
)
from coprod_desktop.gui.widgets.date_field import DateField

NOT_GIVEN = "Not given"
LEAVE = "Leave as a problem"
NEEDED = "(needed)"
WHOLE_SHEET_NOTE = "For a field your sheet has no column for, one value for every row."
NOTHING_FOR_WHOLE_SHEET = (
    "Every row gets what its columns give. To give every row the same value for a field "
    "that no column gives, choose the field below."
)


def _set_up(table: QTableWidget, stretch: int) -> None:
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column in range(table.columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column == stretch
            else QHeaderView.ResizeMode.Interactive
        )
        header.setSectionResizeMode(column, mode)
    row_height = max(table.fontMetrics().height() + 12, QComboBox().sizeHint().height() + 4)
    table.verticalHeader().setDefaultSectionSize(row_height)


def _text_item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    return item


class WholeSheetValues(QObject):
    """One value for every row of the sheet, for fields that no column gives."""

    FIELD, VALUE, REMOVE = range(3)
    changed = Signal()

    def __init__(self, ui: QWidget, sheet_name: str) -> None:
        super().__init__(ui)
        self.box = ui.whole_sheet_box
        self.table: QTableWidget = ui.whole_sheet_table
        self.table.setAccessibleName(f"Values for the whole sheet {sheet_name}")
        self.add_combo: QComboBox = ui.add_field_combo
        self.add_button: QToolButton = ui.add_field_button
        self.add_label = ui.add_field_label
        self.note = ui.whole_sheet_note
        _set_up(self.table, self.VALUE)
        letter = self.table.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(self.FIELD, letter * 20)
        # Sized for its button in `offer`: a column fitted to its contents ignores the
        # buttons in its cells, and showed "…" for "Remove".
        self.table.horizontalHeader().setSectionResizeMode(
            self.REMOVE, QHeaderView.ResizeMode.Fixed
        )
        self.add_button.clicked.connect(self._add_chosen)
        self.entity = ""
        self.editors: dict[str, QWidget] = {}
        self._kept: dict[str, str] = {}  # key -> value, also of fields not shown now
        self._added: list[str] = []  # optional fields the user added, in order

    # -- what is shown -----------------------------------------------------------------

    def offer(self, entity: str, columns: dict[str, str], chosen: dict[str, str]) -> None:
        """Show the fields of `entity` that no column gives: the required ones, those with a
        value in `chosen` (remembered, or typed before) and those the user added."""
        self._keep_shown()
        self._kept.update(chosen)
        self.entity = entity
        fields = whole_sheet_fields(entity, columns)
        given = {key for key in columns.values() if key} | set(self._added)
        given |= {key for key, value in self._kept.items() if value}
        why = {c.key: needed_because(entity, c.key, given) for c in fields}
        shown = [
            c
            for c in fields
            if c.required or why[c.key] or self._kept.get(c.key) or c.key in self._added
        ]
        shown.sort(key=lambda c: not (c.required or why[c.key]))  # what is needed first
        self.table.setRowCount(0)
        self.editors = {}
        self.table.setRowCount(len(shown))
        for row, column in enumerate(shown):
            label = field_label(column)
            text, tip = label, ""
            if column.required:
                text, tip = f"{label} {NEEDED}", f"Every row needs “{label}”."
            elif why[column.key]:
                text, tip = f"{label} ({why[column.key]})", f"“{label}” is {why[column.key]}."
            self.table.setItem(row, self.FIELD, _text_item(text, tip))
            editor = self._editor_for(column, label)
            self._show_value(editor, self._kept.get(column.key, ""))
            self.table.setCellWidget(row, self.VALUE, editor)
            self.editors[column.key] = editor
            if not (column.required or why[column.key]):
                remove = QToolButton(self.table)
                remove.setText("Remove")
                remove.setAccessibleName(f"Remove the value for the whole sheet for {label}")
                remove.clicked.connect(lambda _on=False, key=column.key: self._remove(key))
                self.table.setCellWidget(row, self.REMOVE, remove)
        self.add_combo.clear()
        for column in fields:
            if column.key not in self.editors:
                self.add_combo.addItem(field_label(column), column.key)
        has_more = self.add_combo.count() > 0
        for widget in (self.add_combo, self.add_button, self.add_label):
            widget.setEnabled(has_more)
        buttons = [self.table.cellWidget(row, self.REMOVE) for row in range(len(shown))]
        buttons = [button for button in buttons if button is not None]
        if buttons:
            self.table.setColumnWidth(self.REMOVE, buttons[0].sizeHint().width() + 4)
        self.table.setColumnHidden(self.REMOVE, not buttons)
        self.table.setVisible(bool(shown))
        self.note.setText(WHOLE_SHEET_NOTE if shown else NOTHING_FOR_WHOLE_SHEET)
        self.box.setEnabled(bool(fields) or bool(shown))

    def _editor_for(self, column: Column, label: str) -> QWidget:
        name = f"Value for every row: {label}"
        choices = value_choices(self.entity, column.key)
        if choices is not None:
            combo = QComboBox(self.table)
            combo.addItem(NOT_GIVEN, "")
            for choice in choices:
                combo.addItem(choice, choice)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
            editor: QWidget = combo
        elif column.kind is Kind.DATE:
            editor = DateField(self.table)
            editor.dateChanged.connect(lambda _value: self.changed.emit())
        else:
            editor = QLineEdit(self.table)
            editor.setPlaceholderText(NOT_GIVEN)
            editor.textChanged.connect(lambda _text: self.changed.emit())
        editor.setObjectName("whole_sheet_value")
        editor.setAccessibleName(name)
        return editor

    @staticmethod
    def _show_value(editor: QWidget, value: str) -> None:
        if isinstance(editor, QComboBox):
            index = editor.findData(value) if value else 0
            if index < 0:
                index = editor.findText(value, Qt.MatchFlag.MatchFixedString)
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, DateField):
            try:
                editor.set_value(date.fromisoformat(value) if value else None)
            except ValueError:
                editor.setText(value)
        else:
            editor.setText(value)

    def _add_chosen(self) -> None:
        key = self.add_combo.currentData()
        if not key:
            return
        self._added.append(key)
        self.offer(self.entity, self._columns_now(), {})
        editor = self.editors.get(key)
        if editor is not None:
            editor.setFocus()
        self.changed.emit()

    def _remove(self, key: str) -> None:
        self._keep_shown()
        self._kept.pop(key, None)
        if key in self._added:
            self._added.remove(key)
        self.editors.pop(key, None)
        self.offer(self.entity, self._columns_now(), {})
        self.add_combo.setFocus()
        self.changed.emit()

    columns_now: Callable[[], dict[str, str]] | None = None  # set by the tab

    def _columns_now(self) -> dict[str, str]:
        return self.columns_now() if self.columns_now else {}

    # -- what was chosen ---------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """Field key -> the value for every row, for the fields shown with a value."""
        found = {key: self._value_of(editor) for key, editor in self.editors.items()}
        return {key: value for key, value in found.items() if value}

    def _keep_shown(self) -> None:
        """Keep what the editors hold (emptied ones too) before they are made again."""
        for key, editor in self.editors.items():
            self._kept[key] = self._value_of(editor)

    @staticmethod
    def _value_of(editor: QWidget) -> str:
        if isinstance(editor, QComboBox):
            return editor.currentData() or ""
        if isinstance(editor, DateField):
            typed = editor.value()
            return typed.isoformat() if isinstance(typed, date) else editor.text().strip()
        return " ".join(editor.text().split())

    def problems(self, sheet_name: str) -> list[str]:
        """A date for the whole sheet that is not a date."""
        found = []
        for row in range(self.table.rowCount()):
            editor = self.table.cellWidget(row, self.VALUE)
            if isinstance(editor, DateField) and isinstance(editor.value(), UnreadDate):
                label = self.table.item(row, self.FIELD).text().removesuffix(f" {NEEDED}")
                found.append(
                    f"{sheet_name}: the value for every row of “{label}” is not a date. "
                    "Type the day first, like 14/09/2026, or remove it."
                )
        return found


class TheirValues(QObject):
    """The sheet's own values that our choices do not know, and what each becomes."""

    COLUMN, THEIRS, OURS = range(3)

    def __init__(self, ui: QWidget, sheet_name: str) -> None:
        super().__init__(ui)
        self.box = ui.their_values_box
        self.table: QTableWidget = ui.their_values_table
        self.table.setAccessibleName(
            f"Values of the sheet {sheet_name} that the audit does not know"
        )
        _set_up(self.table, self.OURS)
        letter = self.table.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(self.COLUMN, letter * 13)
        self.table.setColumnWidth(self.THEIRS, letter * 14)
        self.entity = ""
        self.combos: dict[tuple[str, str], QComboBox] = {}  # (key, their value) -> drop-down
        self._chosen: dict[str, dict[str, str]] = {}  # key -> their value -> ours ("" leaves it)
        self._found: dict[str, list[str]] = {}  # key -> their values not known
        self.box.hide()

    def remember(self, values: dict[str, dict[str, str]]) -> None:
        """The values chosen last time for a sheet with these columns."""
        for key, mapped in values.items():
            self._chosen.setdefault(key, {}).update(mapped)

    def show(self, entity: str, columns: dict[str, str], found: dict[str, list[str]]) -> None:
        """Show the values `found` in each mapped column (field key -> values), with the
        choice made before for each, else the closest of our choices, else none."""
        self._keep_chosen()
        self.entity = entity
        self._found = {key: list(values) for key, values in found.items() if values}
        header_of = {}
        for header, key in columns.items():
            if key:
                header_of.setdefault(key, header)
        rows = [
            (key, value)
            for key, values in self._found.items()
            if key in header_of
            for value in values
        ]
        self.table.setRowCount(0)
        self.combos = {}
        self.table.setRowCount(len(rows))
        for row, (key, value) in enumerate(rows):
            self.table.setItem(row, self.COLUMN, _text_item(header_of[key]))
            self.table.setItem(row, self.THEIRS, _text_item(value))
            combo = self._combo_for(key, value, header_of[key])
            self.table.setCellWidget(row, self.OURS, combo)
            self.combos[(key, value)] = combo
        self._fit_columns()
        self.box.setVisible(bool(rows))

    def _fit_columns(self) -> None:
        """Widen the column and value columns for what they show ("Listed - moratorium"),
        up to a limit that leaves the drop-downs room (the tooltip has the whole of it)."""
        metrics = self.table.fontMetrics()
        for column in (self.COLUMN, self.THEIRS):
            texts = [self.table.item(row, column).text() for row in range(self.table.rowCount())]
            texts.append(self.table.horizontalHeaderItem(column).text())
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            self.table.setColumnWidth(column, min(widest + 16, 26 * metrics.averageCharWidth()))

    def _combo_for(self, key: str, value: str, header: str) -> QComboBox:
        combo = QComboBox(self.table)
        combo.setObjectName("their_value_combo")
        combo.setAccessibleName(f"What “{value}” in the column “{header}” becomes")
        combo.addItem(LEAVE, "")
        choices = value_choices(self.entity, key) or []
        closest = [c for c in closest_values(value, self.entity, key) if c in choices]
        for choice in closest:
            combo.addItem(choice, choice)
        if closest:
            combo.insertSeparator(combo.count())
        for choice in choices:
            if choice not in closest:
                combo.addItem(choice, choice)
        before = self._chosen.get(key, {})
        chosen = before[value] if value in before else likely_value(value, self.entity, key)
        index = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(index, 0))
        combo.setToolTip(combo.currentText())  # the whole of a long choice
        combo.currentTextChanged.connect(combo.setToolTip)
        return combo

    def _keep_chosen(self) -> None:
        for (key, value), combo in self.combos.items():
            self._chosen.setdefault(key, {})[value] = combo.currentData() or ""

    def shown_values(self) -> set[tuple[str, str]]:
        """The (field key, value) pairs on show, to tell which ones are new."""
        return set(self.combos)

    def values(self, columns: dict[str, str]) -> dict[str, dict[str, str]]:
        """Field key -> their value -> ours, for the fields a column gives now (a value left
        as a problem is left out)."""
        self._keep_chosen()
        mapped = {key for key in columns.values() if key}
        return {
            key: {theirs: ours for theirs, ours in chosen.items() if ours}
            for key, chosen in self._chosen.items()
            if key in mapped and any(chosen.values())
        }
