"""Small helpers the record forms share: coded drop-downs, tick lists, optional dates, problems.

They fill and read standard widgets laid out in Designer, so that every form shows coded
values by their plain labels and stores their codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableView,
    QToolButton,
    QWidget,
)

from coprod_desktop.domain import Problem
from coprod_desktop.domain.validation import UnreadDate
from coprod_desktop.gui.widgets.date_field import DateField

E = TypeVar("E", bound=Enum)
CODE_ROLE = Qt.ItemDataRole.UserRole


class _Boxed:
    """A coded value kept in an item's data: Qt would turn a StrEnum into a plain string."""

    __slots__ = ("member",)

    def __init__(self, member: object) -> None:
        self.member = member


def _unbox(value: object) -> object:
    return value.member if isinstance(value, _Boxed) else value


def _label(member: Enum) -> str:
    return getattr(member, "label", None) or str(member.value)


def bold_font(widget: QWidget, scale: float = 1.0) -> QFont:
    """Return the widget's font in bold, `scale` times as large: headings follow the user's size."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


# -- drop-downs of coded values -------------------------------------------------------------


def fill_combo(combo: QComboBox, members: Iterable[E], *, none_text: str | None = None) -> None:
    """Offer `members` by their labels (with an empty choice first when `none_text` is given)."""
    combo.clear()
    if none_text is not None:
        combo.addItem(none_text, None)
    for member in members:
        combo.addItem(_label(member), _Boxed(member))
        description = getattr(member, "description", "")
        if description:
            combo.setItemData(combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole)


def combo_value(combo: QComboBox) -> object:
    """Return the chosen coded value (the enum member itself), or None."""
    return _unbox(combo.currentData())


def set_combo_value(combo: QComboBox, value: object) -> None:
    for row in range(combo.count()):
        if _unbox(combo.itemData(row)) == value:
            combo.setCurrentIndex(row)
            return
    combo.setCurrentIndex(0 if combo.count() else -1)


# -- lists of tick boxes (hats, access needs...) --------------------------------------------


def fill_checklist(widget: QListWidget, members: Iterable[E]) -> None:
    widget.clear()
    for member in members:
        item = QListWidgetItem(_label(member), widget)
        item.setData(CODE_ROLE, _Boxed(member))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        description = getattr(member, "description", "")
        if description:
            item.setToolTip(description)
    fit_to_contents(widget)


def fit_to_contents(widget: QListWidget) -> None:
    """Make a short list exactly as tall as its items (at the current font): no scrolling."""
    rows = sum(widget.sizeHintForRow(row) for row in range(widget.count()))
    widget.setFixedHeight(rows + 2 * widget.frameWidth() + 4)


def checked_values(widget: QListWidget) -> tuple:
    return tuple(
        _unbox(widget.item(row).data(CODE_ROLE))
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def set_checked_values(widget: QListWidget, values: Iterable[object]) -> None:
    chosen = set(values)
    for row in range(widget.count()):
        item = widget.item(row)
        checked = _unbox(item.data(CODE_ROLE)) in chosen
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


# -- dates that may be empty ----------------------------------------------------------------


def prepare_optional_date(
    edit: DateField,
    *,
    empty_text: str = "Not set",
    problem_label: QLabel | None = None,
    today: date | None = None,
) -> None:
    """Set up a date field of a form: empty reads as None and shows `empty_text`.

    `problem_label` (the form's label beside the field) shows what is wrong with the text when
    the field is left; `today` is the day its calendar opens at when it holds no date.
    """
    edit.setPlaceholderText(empty_text)
    edit.problem_label = problem_label
    if problem_label is not None:
        # As tall as its text: a form's spare height would otherwise go round the message.
        policy = problem_label.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Maximum)
        problem_label.setSizePolicy(policy)
    edit.today = today
    edit.set_value(None)


def optional_date(edit: DateField) -> date | UnreadDate | None:
    """Return the field's date, None when it is empty, or the text that is not a date.

    An `UnreadDate` makes the form count as changed, and saving it is refused beside the field.
    """
    return edit.value()


def set_optional_date(edit: DateField, value: date | None) -> None:
    edit.set_value(value)


# -- problems shown beside the fields -------------------------------------------------------


class ProblemLabels:
    """Shows each validation problem in the label beside its field (and a summary label)."""

    def __init__(self, labels: Mapping[str, QLabel], summary: QLabel | None = None) -> None:
        self._labels = dict(labels)
        self._summary = summary
        for label in self._all():
            label.setStyleSheet("color: #a4262c;")
            label.setWordWrap(True)
        self.clear()

    def show(self, problems: Iterable[Problem]) -> None:
        self.clear()
        unplaced = []
        for problem in problems:
            label = self._labels.get(problem.field)
            if label is None:
                name = problem.field.replace("_", " ").capitalize()
                unplaced.append(f"{name}: {problem.message}")
                continue
            label.setText(problem.message[:1].upper() + problem.message[1:])
            label.setVisible(True)
        if self._summary is not None:
            text = "Not saved. " + " ".join(unplaced) if unplaced else "Not saved: see above."
            self._summary.setText(text)
            self._summary.setVisible(True)

    def clear(self) -> None:
        for label in self._all():
            label.clear()
            label.setVisible(False)

    def _all(self) -> list[QLabel]:
        return [*self._labels.values(), *([self._summary] if self._summary else [])]


# -- the clear buttons of search and filter boxes --------------------------------------------

CLEAR_ACTION = "_q_qlineeditclearaction"  # the object name Qt gives a line edit's clear action


def name_clear_button(edit: QLineEdit, name: str = "") -> None:
    """Show the box's clear button and give it a name a screen reader can say.

    Qt adds the button unnamed: a screen reader would read "button" beside every search box.
    Without `name`, a box whose object name says search gets "Clear search", others "Clear
    filter".
    """
    edit.setClearButtonEnabled(True)
    name = name or ("Clear search" if "search" in edit.objectName() else "Clear filter")
    for action in edit.findChildren(QAction):
        if action.objectName() == CLEAR_ACTION:
            action.setText(name)  # its tool button takes the text (and the tooltip) from it
            action.setToolTip(name)
            for button in edit.findChildren(QToolButton):
                if button.defaultAction() is action:
                    button.setAccessibleName(name)


def _clear_action_text(edit: QLineEdit) -> str:
    action = edit.findChild(QAction, CLEAR_ACTION)
    return action.text() if action is not None else ""


def name_clear_buttons(root: QWidget) -> None:
    """Name the buttons Qt adds unnamed under `root`: the clear button of every box that has
    one (see name_clear_button) and the select-all corner of every table."""
    for edit in root.findChildren(QLineEdit):
        if edit.isClearButtonEnabled() and not _clear_action_text(edit):
            name_clear_button(edit)
    for table in root.findChildren(QTableView):
        for corner in table.findChildren(QAbstractButton):
            if corner.metaObject().className() == "QTableCornerButton":
                corner.setAccessibleName("Select all rows")


def set_editable(widgets: Iterable[QWidget], editable: bool) -> None:
    """Enable or disable editing widgets (read-only audits show them greyed out)."""
    for widget in widgets:
        widget.setEnabled(editable)
