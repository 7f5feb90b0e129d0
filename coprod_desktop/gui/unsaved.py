"""Nothing typed is lost: the one rule every form of the window follows.

A form (a person, an asset, a role's details, a rating's evidence, the audit's details...)
holds what the user types until it is saved. Whenever the user leaves it (another row or
cell, Add, another page, Close audit, Quit, opening another audit, an import or export) the
form is saved, as a cell of a spreadsheet is. Only when what was typed cannot be saved (a
required field is empty, a date is wrong, the disk is full) does the window ask, and then
the user chooses to go back and fix it or to discard it: never a silent loss.

Pages take part through three methods (see `Page`): `pending_edit()` names what a form
holds unsaved, `save_pending()` tries to save it (showing the problems beside the fields),
and `discard_pending()` puts the form back as saved.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

GO_BACK_TEXT = "Go back and fix it"
DISCARD_TEXT = "Discard what was typed"


class HoldsEdits(Protocol):
    def pending_edit(self) -> str: ...

    def save_pending(self) -> bool: ...

    def discard_pending(self) -> None: ...


def keep_or_ask(form: HoldsEdits, parent: QWidget) -> bool:
    """Save what `form` holds before the user leaves it; True when the user may leave.

    When it cannot be saved, ask: go back (False) or discard what was typed (True).
    """
    what = form.pending_edit()
    if not what or form.save_pending():
        return True
    return ask_discard(parent, what) and _discarded(form)


def _discarded(form: HoldsEdits) -> bool:
    form.discard_pending()
    return True


def ask_discard(parent: QWidget, what: str) -> bool:
    """Ask what to do with `what`, which could not be saved; True: discard it."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved yet", "", parent=parent)
    box.setObjectName("unsaved_question")
    box.setText(f"{what[:1].upper()}{what[1:]} could not be saved.")
    box.setInformativeText(
        "Something in the form needs correcting: it is shown beside the field. Go back to "
        "fix it, or discard what was typed?"
    )
    back = box.addButton(GO_BACK_TEXT, QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton(DISCARD_TEXT, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.setAccessibleName("Not saved yet")
    box.exec()
    return box.clickedButton() is discard


def edit_signals(widgets: list[QWidget]) -> list[SignalInstance]:
    """Return the signals that tell a user has changed each of `widgets`."""
    signals = []
    for widget in widgets:
        edited = getattr(widget, "edited", None)  # the app's own fields (dates) say so
        if isinstance(edited, SignalInstance):
            signals.append(edited)
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            signals.append(widget.textChanged)
        elif isinstance(widget, QComboBox):
            signals.append(widget.currentIndexChanged)
        elif isinstance(widget, QListWidget):
            signals.append(widget.itemChanged)
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            signals.append(widget.toggled)
        elif hasattr(widget, "dateChanged"):
            signals.append(widget.dateChanged)
    return signals


class EditWatcher(QObject):
    """Calls back whenever the user changes any of a form's widgets."""

    edited = Signal()

    def __init__(self, widgets: list[QWidget], parent: QObject) -> None:
        super().__init__(parent)
        for signal in edit_signals(widgets):
            signal.connect(lambda *_: self.edited.emit())


class DialogGuard(QObject):
    """Asks Save / Discard / Cancel when a dialog holding typed changes is closed without
    saving (Cancel, Escape, the window's close button): a dialog's Cancel is a choice, but
    one the user confirms when it would throw away what they typed.

    `is_dirty` tells whether the dialog's fields differ from what is saved; `save` saves
    and closes the dialog (or shows the problems and leaves it open).
    """

    def __init__(
        self,
        dialog: QDialog,
        is_dirty: Callable[[], bool],
        save: Callable[[], object],
        what: str,
    ) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._is_dirty = is_dirty
        self._save = save
        self._what = what
        dialog.buttons.rejected.disconnect()
        dialog.buttons.rejected.connect(self.cancel)
        dialog.installEventFilter(self)

    def cancel(self) -> None:
        if not self._is_dirty():
            self._dialog.reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Save the changes?",
            f"You have changed {self._what}. Save the changes?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self._dialog,
        )
        box.setObjectName("unsaved_dialog_question")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            self._save()
        elif answer == QMessageBox.StandardButton.Discard:
            self._dialog.reject()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._dialog:
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return True
            if event.type() == QEvent.Type.Close and self._dialog.isVisible():
                event.ignore()
                self.cancel()
                return True
        return super().eventFilter(watched, event)


class CurrentCellGuard:
    """For a page whose form follows a view's current cell (roles, ratings, element links):
    before the form shows the new cell, keep what it holds, or put the view back on the cell
    whose typing the user went back to fix.

    It keeps no reference to the page: a cycle would leave the page to the garbage collector,
    which may then delete its table's model while Qt still paints the table.
    """

    def __init__(self) -> None:
        self._quiet = False  # the page is moving the current cell itself

    def may_follow(
        self, leave: Callable[[], bool], view: QAbstractItemView, previous: QModelIndex
    ) -> bool:
        """True when the form may show the view's new current cell; `leave` is the page's."""
        if self._quiet:
            return False
        if leave():
            return True
        with self.quiet():
            view.setCurrentIndex(previous)
        return False

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """While the page moves the current cell itself, the form does not follow it."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
