"""Small helpers the record forms share: coded drop-downs, tick lists, optional dates, problems.

They fill and read standard widgets laid out in Designer, so that every form shows coded
values by their plain labels and stores their codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QListWidget, QListWidgetItem, QWidget

from coprod_desktop.domain import Problem

E = TypeVar("E", bound=Enum)
CODE_ROLE = Qt.ItemDataRole.UserRole
NO_DATE = QDate(1900, 1, 1)  # shown as the special value text: "not set"


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


def prepare_optional_date(edit: QDateEdit, *, empty_text: str = "Not set") -> None:
    """Let a date field be empty: its lowest date shows as `empty_text` and reads as None."""
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(empty_text)
    edit.setDate(NO_DATE)
    edit.installEventFilter(_LeaveEmptyDateOnTab(edit))


class _LeaveEmptyDateOnTab(QObject):
    """Tab out of an empty date: Qt's date fields use Tab to move between day, month and
    year, and an empty one (showing "Not set") has no such parts, so Tab would never leave."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and isinstance(watched, QDateEdit)
            and watched.date() == watched.minimumDate()
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            target = watched.nextInFocusChain() if forward else watched.previousInFocusChain()
            while target is not None and target is not watched and not _takes_tab(target, watched):
                target = target.nextInFocusChain() if forward else target.previousInFocusChain()
            if target is not None:
                target.setFocus(
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
            return True
        return False


def _takes_tab(widget: QWidget, leaving: QWidget) -> bool:
    return bool(
        widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not leaving.isAncestorOf(widget)
    )


def optional_date(edit: QDateEdit) -> date | None:
    value = edit.date()
    return None if value == edit.minimumDate() else value.toPython()


def set_optional_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(QDate(value) if value else edit.minimumDate())


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


def set_editable(widgets: Iterable[QWidget], editable: bool) -> None:
    """Enable or disable editing widgets (read-only audits show them greyed out)."""
    for widget in widgets:
        widget.setEnabled(editable)
