"""One tab of the mapping page: what a partner's sheet holds, and the field each column fills.

Its layout is `ui/import_sheet_tab.ui`; the rows of the columns table (a column of the sheet,
a few of its values, a drop-down of fields) are filled in here. Below them, the values for
the whole sheet and the sheet's own values that our choices do not know (`sheet_values`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidgetItem, QWidget

from coprod_desktop.gui.dialogs.exchange import QUIET
from coprod_desktop.gui.importing.mapping_model import (
    ENTITIES,
    IGNORE_TEXT,
    carried_over,
    field_label,
    fields_of,
    sheet_problems,
)
from coprod_desktop.gui.importing.reading import SheetFacts, column_letter
from coprod_desktop.gui.importing.sheet_values import TheirValues, WholeSheetValues
from coprod_desktop.gui.ui_loader import load_into

if TYPE_CHECKING:
    from coprod_desktop.exchange.importing.mapping import SheetMapping


class SheetMappingTab(QWidget):
    """One sheet: what it holds, and the field each of its columns fills."""

    HEADER, EXAMPLES, FIELD = range(3)
    # What the sheet holds or a column's field changed: the sheet's values are looked at again.
    columns_changed = Signal()

    def __init__(self, facts: SheetFacts, saved: SheetMapping | None, parent):
        super().__init__(parent)
        self.facts = facts
        self.ui = load_into("import_sheet_tab.ui", self)
        self.entity_combo: QComboBox = self.ui.entity_combo
        self.entity_combo.setAccessibleName(f"What the sheet {facts.name} holds")
        for key, (label, _sheet) in ENTITIES.items():
            self.entity_combo.addItem(label, key)
        self.note = self.ui.mapping_note
        self.note.setStyleSheet(f"color: {QUIET};")
        self.table = self.ui.columns_table
        self.table.setAccessibleName(f"Columns of the sheet {facts.name}")
        self.combos: dict[str, QComboBox] = {}
        self._fill_table()
        self.whole = WholeSheetValues(self.ui, facts.name)
        self.whole.columns_now = self.columns
        self.theirs = TheirValues(self.ui, facts.name)
        splitter = self.ui.tab_splitter
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self._compact: bool | None = None  # whether the lower tables are both empty
        self.whole.changed.connect(self._arrange)

        fixed: dict[str, str] = {}
        if saved is not None:
            entity, columns = saved.entity, dict(saved.columns)
            fixed = dict(saved.fixed)
            self.theirs.remember(saved.values)
            self.note.setText(
                "Filled in with the choices you confirmed last time for a sheet with these columns."
            )
        else:
            entity, columns = facts.entity, facts.columns
            self.note.setText(
                "Filled in with guesses from the column names: check each one against the "
                "examples, and choose another field where a guess is wrong."
                if entity
                else "The columns did not look like any kind of record the audit holds: choose "
                "what the sheet holds, or leave it skipped."
            )
        self._fill(entity, columns)
        self.whole.offer(self.entity, self.columns(), fixed)
        self.entity_combo.currentIndexChanged.connect(self._entity_changed)
        for combo in self.combos.values():
            combo.currentIndexChanged.connect(self._field_changed)

    def _fill_table(self) -> None:
        """A row per column of the sheet: its letter and header, examples, a drop-down."""
        facts, table = self.facts, self.table
        table.setRowCount(len(facts.headers))
        header = table.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.EXAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.FIELD, QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        letter = table.fontMetrics().averageCharWidth()
        table.setColumnWidth(self.HEADER, letter * 30)
        table.setColumnWidth(self.FIELD, letter * 36)
        row_height = max(table.fontMetrics().height() + 12, QComboBox().sizeHint().height() + 4)
        table.verticalHeader().setDefaultSectionSize(row_height)
        for row, header_text in enumerate(facts.headers):
            shown = f"{column_letter(row)}: {header_text or '(no header)'}"
            item = QTableWidgetItem(shown)
            item.setToolTip(shown)
            table.setItem(row, self.HEADER, item)
            samples = facts.samples[row] if row < len(facts.samples) else []
            example = QTableWidgetItem(" · ".join(samples) if samples else "(empty)")
            example.setToolTip("\n".join(samples))
            if not samples:
                example.setForeground(Qt.GlobalColor.gray)
            table.setItem(row, self.EXAMPLES, example)
            if not header_text or header_text in self.combos:
                continue  # the importer maps columns by their header text
            combo = QComboBox(table)
            combo.setObjectName("field_combo")
            combo.setAccessibleName(f"Field for column {shown}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(20)
            table.setCellWidget(row, self.FIELD, combo)
            self.combos[header_text] = combo

    def _make_room(self, labels: list[str]) -> None:
        """Widen the fields' column for the longest field offered (a capability's is long)."""
        if not self.combos:
            return
        combo = next(iter(self.combos.values()))
        widest = max(combo.fontMetrics().horizontalAdvance(label) for label in labels)
        arrow = combo.style().pixelMetric(combo.style().PixelMetric.PM_ScrollBarExtent)
        wanted = widest + arrow + 24  # the drop-down's arrow and frame
        least = self.table.fontMetrics().averageCharWidth() * 36
        self.table.setColumnWidth(self.FIELD, max(least, wanted))

    @property
    def entity(self) -> str:
        return self.entity_combo.currentData()

    def columns(self) -> dict[str, str]:
        """Header text -> field key ("" ignores the column) as chosen now."""
        return {header: combo.currentData() or "" for header, combo in self.combos.items()}

    def _fill(self, entity: str, columns: dict[str, str]) -> None:
        index = self.entity_combo.findData(entity)
        self.entity_combo.blockSignals(True)
        self.entity_combo.setCurrentIndex(index if index >= 0 else len(ENTITIES) - 1)
        self.entity_combo.blockSignals(False)
        self._offer_fields(columns)

    def _offer_fields(self, chosen: dict[str, str]) -> None:
        fields = fields_of(self.entity)
        self._make_room([IGNORE_TEXT, *(field_label(c) for c in fields)])
        for header, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(IGNORE_TEXT, "")
            for column in fields:
                combo.addItem(field_label(column), column.key)
            key = chosen.get(header, "")
            index = combo.findData(key)
            if index < 0 and key:
                combo.addItem(key, key)  # a field this version does not list: keep it
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
            combo.setEnabled(ENTITIES[self.entity][1] is not None)
            combo.blockSignals(False)

    def _entity_changed(self) -> None:
        if self.entity == self.facts.entity:
            self._offer_fields(self.facts.columns)
        else:
            # Another kind of record: keep what fits it, match the rest by header and synonyms.
            self._offer_fields(carried_over(self.columns(), self.entity))
        self.whole.offer(self.entity, self.columns(), {})
        self.theirs.show(self.entity, self.columns(), {})
        self._arrange()
        self.columns_changed.emit()

    def _field_changed(self) -> None:
        self.whole.offer(self.entity, self.columns(), {})
        self._arrange()
        self.columns_changed.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._arrange)  # once the splitter has its height

    def _arrange(self) -> None:
        """Give the columns the room that the tables below do not need: most of it while
        both are empty, two fifths to them once one has rows (the user may drag between)."""
        compact = self.whole.table.isHidden() and self.theirs.box.isHidden()
        splitter = self.ui.tab_splitter
        total = sum(splitter.sizes())
        if compact == self._compact or total <= 0:
            return
        self._compact = compact
        lower = self.ui.values_side.minimumSizeHint().height() if compact else total * 2 // 5
        splitter.setSizes([total - lower, lower])

    def fixed(self) -> dict[str, str]:
        """Field key -> the value for every row, for fields that no column gives."""
        return self.whole.values() if self.entity else {}

    def values(self) -> dict[str, dict[str, str]]:
        """Field key -> their value -> ours, for the columns' values our choices do not know."""
        return self.theirs.values(self.columns()) if self.entity else {}

    def show_unknown(self, found: dict[str, list[str]]) -> None:
        """Show the values our choices do not know, found in each column (field key ->)."""
        self.theirs.show(self.entity, self.columns(), found)
        self._arrange()

    def problems(self) -> list[str]:
        """What stops the import of this sheet as chosen (empty when it can go on)."""
        if not self.entity:
            return []
        return sheet_problems(
            self.facts.name, self.entity, self.columns(), self.fixed()
        ) + self.whole.problems(self.facts.name)
