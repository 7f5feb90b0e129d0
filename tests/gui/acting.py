"""What a user does, as test steps: tick boxes, choose from drop-downs, answer dialogs."""

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)


def show(qtbot, page: QWidget) -> None:
    """Show a page in a window of its own, large enough for its table and form, and active."""
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def tick(qtbot, checklist: QListWidget, *labels: str) -> None:
    """Tick items of a list of tick boxes with the keyboard: move to each, press Space."""
    found = 0
    for row in range(checklist.count()):
        if checklist.item(row).text() in labels:
            checklist.setFocus()
            checklist.setCurrentRow(row)
            qtbot.keyClick(checklist, Qt.Key.Key_Space)
            found += 1
    assert found == len(labels), f"not all of {labels} are offered"


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Choose an entry of a drop-down with the arrow keys."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{text!r} is not offered"
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def pick(combo: QComboBox, text: str) -> None:
    """Pick the drop-down item a person reads as `text`: it becomes the current item."""
    row = combo.findText(text)
    assert row >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(row)


def answer_dialogs(*answers: Callable[[QWidget], None]) -> list[QWidget]:
    """Answer the next modal dialogs, in order, as they open; return the dialogs seen.

    Call before the action that opens the first dialog: `exec()` blocks the test until the
    dialog is answered, so the answers run from timers inside its event loop.
    """
    pending = list(answers)
    seen: list[QWidget] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or (seen and dialog is seen[-1]) or not dialog.isVisible():
            QTimer.singleShot(10, step)
            return
        seen.append(dialog)
        pending.pop(0)(dialog)
        if pending:
            QTimer.singleShot(10, step)

    QTimer.singleShot(0, step)
    return seen


def answer_next_question(button: QMessageBox.StandardButton) -> None:
    """Press `button` in the next message box as soon as it is shown."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        box.button(button).click()

    QTimer.singleShot(0, answer)


def answer_file_dialog(path) -> list[QWidget]:
    """Choose `path` in the next file dialog as soon as it is shown; return it when seen."""
    seen: list[QWidget] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog)
        dialog.selectFile(str(path))
        # Typed into the name field too: while the dialog still reads its folder, it can put
        # its suggested name back after selectFile (a test then saw the suggestion saved).
        name_field = dialog.findChild(QLineEdit, "fileNameEdit")
        if name_field is not None:
            name_field.setText(str(path))
        dialog.accept()

    QTimer.singleShot(0, answer)
    return seen


def answer_unsaved(choice: str) -> list[QWidget]:
    """Press `choice` ("Go back and fix it" or "Discard what was typed") in the next question
    about a form that could not be saved; return the questions seen (to check it came)."""

    def press(box: QWidget) -> None:
        assert isinstance(box, QMessageBox) and box.objectName() == "unsaved_question"
        matching = [b for b in box.buttons() if b.text() == choice]
        assert matching, f"{choice!r} is not offered"
        matching[0].click()

    return answer_dialogs(press)


def painted_colour(model, row: int, column: int) -> QColor:
    """Return the text colour a view paints the cell in."""
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, model.index(row, column))
    return option.palette.text().color()
