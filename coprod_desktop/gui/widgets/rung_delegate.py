"""The drop-down that edits a cell of the Roles grid: "No role" and the seven rungs, coloured.

Each rung is shown in its band's colour and its tooltip names the band and says what the rung
means, so that the colour is never the only clue.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from coprod_desktop.domain import Rung
from coprod_desktop.gui.models.roles import RUNG_ROLE, TEXT_COLOUR, band_colour, rung_explanation
from coprod_desktop.gui.widgets.forms import set_combo_value

Index = QModelIndex | QPersistentModelIndex
NO_ROLE_TEXT = "No role"


def fill_rung_combo(combo: QComboBox) -> None:
    """Offer "No role" then the rungs from lowest to highest, each in its band's colour."""
    combo.clear()
    combo.addItem(NO_ROLE_TEXT, None)
    combo.setItemData(0, "No role at this stage.", Qt.ItemDataRole.ToolTipRole)
    for rung in Rung:
        combo.addItem(f"{rung.label} ({rung.band.label.lower()})", rung)
        row = combo.count() - 1
        combo.setItemData(row, QBrush(band_colour(rung)), Qt.ItemDataRole.BackgroundRole)
        combo.setItemData(row, QBrush(TEXT_COLOUR), Qt.ItemDataRole.ForegroundRole)
        combo.setItemData(row, rung_explanation(rung), Qt.ItemDataRole.ToolTipRole)


class RungCombo(QComboBox):
    """A drop-down that tells a choice made in its open list from a key press on it."""

    chosen_in_list = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list_open = False
        self.activated.connect(self._on_activated)

    def showPopup(self) -> None:
        self._list_open = True
        super().showPopup()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Up, Down and typed letters move the choice without saving; Enter saves.
        self._list_open = False
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._list_open = False
        super().wheelEvent(event)

    def _on_activated(self, _row: int) -> None:
        if self._list_open:
            self._list_open = False
            self.chosen_in_list.emit()


class ChoiceDelegate(QStyledItemDelegate):
    """Edits a cell with a drop-down (a `RungCombo`); Enter or a choice in the list saves it.

    Subclasses say what the drop-down offers: its names for screen readers, how to fill it
    (the first row is the empty choice) and the model role that holds the cell's value.
    """

    editor_name = ""
    editor_label = ""
    editor_help = ""
    value_role = Qt.ItemDataRole.UserRole

    def fill(self, combo: QComboBox) -> None:
        raise NotImplementedError

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = RungCombo(parent)
        combo.setObjectName(self.editor_name)
        combo.setAccessibleName(self.editor_label)
        combo.setAccessibleDescription(self.editor_help)
        self.fill(combo)
        # A choice made in the open list is final: save it and close, as a click would.
        combo.chosen_in_list.connect(lambda editor=combo: self._commit(editor))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        set_combo_value(editor, index.data(self.value_role))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        chosen = editor.currentData()
        if chosen != index.data(self.value_role):
            model.setData(index, chosen, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        # At least as wide as its longest choice, even in a narrow column.
        rect = option.rect
        rect.setWidth(max(rect.width(), editor.sizeHint().width()))
        rect.setHeight(max(rect.height(), editor.sizeHint().height()))
        editor.setGeometry(rect)

    def _commit(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)


class RungDelegate(ChoiceDelegate):
    """Edits a stage cell with a coloured drop-down of rungs."""

    editor_name = "rung_editor"
    editor_label = "Rung of the ladder"
    editor_help = "Choose the person's rung at this stage, or No role; press Enter to save."
    value_role = RUNG_ROLE

    def fill(self, combo: QComboBox) -> None:
        fill_rung_combo(combo)
