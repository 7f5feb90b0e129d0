"""A date field people type in: 14/09/2026, 14.9.26, 2026-09-14 or 14 Sep 2026, or left empty.

Every optional date of the window (consent given and its review, an action's due date, the day
of a round, the audit's start) is a `DateField`: a line edit that reads a UK date in any common
form with the importer's own parser (`exchange.values.parse_date`, day first), a calendar that
opens at the field's date or today (Alt+Down or F4, or the calendar button), and a clear button.
Empty means "not set". Text that is not a date, or a date outside the range every audit keeps
(`domain.validation.date_problem`: from 2000 to ten years ahead), is shown as a problem beside
the field when the user leaves it, and a form that saves it is refused, with the same words, by
the record's validation.

The `.ui` files name it as a custom widget (`<customwidgets>`: `DateField`, extends
`QLineEdit`); `ui_loader` registers the class with `QUiLoader`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import QDate, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coprod_desktop.domain.validation import (
    EARLIEST_DATE,
    UnreadDate,
    date_problem,
    latest_date,
)
from coprod_desktop.exchange.values import ValueProblem, parse_date

DATE_FORMAT = "%d/%m/%Y"
TYPING_ADVICE = "Type the day first, like 14/09/2026, or leave it empty."
DESCRIPTION = (
    "Type the day, month and year, like 14/09/2026, 14.9.26 or 14 Sep 2026; leave it empty "
    "for not set. Alt+Down opens a calendar; Up and Down change the day."
)
_DIGITS_ONLY = re.compile(r"\d{6}|\d{8}")


def read_date(text: str) -> date | UnreadDate | None:
    """Return the date `text` gives, None when it is empty, or an `UnreadDate` saying why not.

    Day first, as in the UK: 03/04/2026 is 3 April. Digits only are read as a person types
    them: 14092026 and 140926 are 14 September 2026 (20260914 too).
    """
    text = " ".join(text.split())
    if not text:
        return None
    if _DIGITS_ONLY.fullmatch(text) and not (len(text) == 8 and 1900 <= int(text[:4]) <= 2200):
        text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
    try:
        return parse_date(text)
    except ValueProblem as error:
        return UnreadDate(text, f"{error.problem}. {TYPING_ADVICE}")


class DateField(QLineEdit):
    """A line edit for an optional date; `value()` is a date, None (not set) or `UnreadDate`.

    `dateChanged(value)` is emitted whenever what the field holds changes, typing included,
    so that a form sees unsaved edits (text that is not a date yet is a change too);
    `edited()` only when the user changed it (not when a form shows a record). On
    leaving the field (Tab, a click elsewhere, Enter) the date is written out as 14/09/2026,
    and a problem is shown in `problem_label` if one is set (the form's label beside it).
    """

    dateChanged = Signal(object)
    edited = Signal()  # the user changed it: typing, the calendar, Up or Down, the clear button

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: date | None = None  # the day the calendar opens at; None: the real today
        self.problem_label: QLabel | None = None
        self._value: date | UnreadDate | None = None
        self._problem = ""
        self.setPlaceholderText("Not set")
        self.setToolTip(DESCRIPTION)
        self.setAccessibleDescription(DESCRIPTION)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        text_colour = self.palette().text().color()
        self.calendar_action = QAction(
            _calendar_icon(text_colour), "Choose the date from a calendar", self
        )
        self.calendar_action.setToolTip("Choose from a calendar (Alt+Down)")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.clear_action = QAction(_clear_icon(text_colour), "Clear the date (not set)", self)
        self.clear_action.setToolTip("Clear the date: not set")
        self.clear_action.setVisible(False)
        self.clear_action.triggered.connect(self.clear_date)
        self.addAction(self.clear_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_popup: CalendarPopup | None = None
        # A screen reader reads the buttons by name, not by their icons.
        for button in self.findChildren(QToolButton):
            action = button.defaultAction()
            if action is not None:
                button.setAccessibleName(action.text())

        self.textChanged.connect(self._on_text_changed)
        self.textEdited.connect(self.edited)
        self.editingFinished.connect(self.tidy)

    # -- the value -------------------------------------------------------------------------

    def value(self) -> date | UnreadDate | None:
        """Return the date typed, None when the field is empty, or what could not be read."""
        return self._value

    def set_value(self, value: date | None) -> None:
        """Show `value` (None: empty, "not set"), with no problem beside the field."""
        self.setText(value.strftime(DATE_FORMAT) if value else "")
        self.setCursorPosition(0)
        self._show_problem("")

    def clear_date(self) -> None:
        """Empty the field: the date is not set."""
        had_text = bool(self.text())
        self.clear()
        self._show_problem("")
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if had_text:
            self.edited.emit()

    def problem(self) -> str:
        """What is wrong with the text, as shown when the field was last left ("" if nothing)."""
        return self._problem

    def tidy(self) -> None:
        """Write a date out in full (14.9.26 becomes 14/09/2026) and show what is wrong, if any."""
        value = self._value
        if isinstance(value, date):
            written = value.strftime(DATE_FORMAT)
            if self.text() != written:
                self.setText(written)
            self._show_problem(date_problem(value, self._today()) or "")
        elif isinstance(value, UnreadDate):
            self._show_problem(value.problem)
        else:
            self._show_problem("")

    def _today(self) -> date:
        return self.today or date.today()

    def _on_text_changed(self, text: str) -> None:
        self.clear_action.setVisible(bool(text))
        value = read_date(text)
        if value != self._value:
            self._value = value
            self.dateChanged.emit(value)

    def _show_problem(self, message: str) -> None:
        self._problem = message
        label = self.problem_label
        if label is not None:
            label.setText(message[:1].upper() + message[1:])
            label.setVisible(bool(message))

    # -- keys and the calendar -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, modifiers = event.key(), event.modifiers()
        alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.open_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.isReadOnly():
            # One day later or earlier, as in a spin box; from today when nothing is set.
            value = self._value
            step = timedelta(days=1 if key == Qt.Key.Key_Up else -1)
            day = value + step if isinstance(value, date) else self._today()
            self.setText(day.strftime(DATE_FORMAT))
            self._show_problem(date_problem(day, self._today()) or "")
            self.edited.emit()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """Open the calendar at the field's date, or at today when it holds none."""
        if not self.isEnabled() or self.isReadOnly():
            return
        today = self._today()
        earliest, latest = EARLIEST_DATE, latest_date(today)
        value = self._value
        day = value if isinstance(value, date) and earliest <= value <= latest else today
        if self.calendar_popup is None:
            self.calendar_popup = CalendarPopup(self)
        self.calendar_popup.open_at(day, earliest, latest)

    def choose(self, day: date) -> None:
        """Take the day chosen in the calendar, as if it had been typed."""
        self.setText(day.strftime(DATE_FORMAT))
        self.setFocus(Qt.FocusReason.PopupFocusReason)
        self.tidy()
        self.edited.emit()

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction(self.calendar_action)
        menu.addAction(self.clear_action)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def sizeHint(self) -> QSize:
        # Room for a date or "Not set" and the two buttons, in the user's font size.
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        text = max(metrics.horizontalAdvance("00/00/00000"), metrics.horizontalAdvance("Not set"))
        buttons = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 8)
        return QSize(text + buttons + 16, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class CalendarPopup(QFrame):
    """The calendar under a date field: a click or Enter chooses the day, Escape closes it."""

    def __init__(self, field: DateField) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.field = field
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setAccessibleName(f"Calendar: {field.accessibleName()}".rstrip(": "))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._chosen)
        self.calendar.activated.connect(self._chosen)

    def open_at(self, day: date, earliest: date, latest: date) -> None:
        self.calendar.setDateRange(QDate(earliest), QDate(latest))
        self.calendar.setSelectedDate(QDate(day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.adjustSize()
        self.move(self._position())
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _position(self) -> QPoint:
        """Below the field, or above it when the screen ends first; never off the screen."""
        field = self.field
        below = field.mapToGlobal(QPoint(0, field.height()))
        screen = field.screen().availableGeometry() if field.screen() else QRect()
        x, y = below.x(), below.y()
        if screen.isValid():
            if y + self.height() > screen.bottom():
                y = field.mapToGlobal(QPoint(0, 0)).y() - self.height()
            x = max(screen.left(), min(x, screen.right() - self.width()))
            y = max(screen.top(), y)
        return QPoint(x, y)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            self.field.setFocus(Qt.FocusReason.PopupFocusReason)
            return
        super().keyPressEvent(event)

    def _chosen(self, day: QDate) -> None:
        self.close()
        self.field.choose(day.toPython())


def _calendar_icon(colour: QColor) -> QIcon:
    """A small calendar page drawn in the text colour (the style has no calendar icon)."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        unit = size / 16
        pen = QPen(colour, max(1.0, unit))
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.drawRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 12 * unit))
        painter.fillRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 3 * unit), colour)
        for row in range(2):  # two rows of three days
            for column in range(3):
                painter.fillRect(
                    QRectF((3.5 + 4 * column) * unit, (7.5 + 3.5 * row) * unit, 2 * unit, 2 * unit),
                    colour,
                )
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def _clear_icon(colour: QColor) -> QIcon:
    """A cross in the text colour, drawn: some platforms' styles give no clear icon."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = size / 16
        faded = QColor(colour)
        faded.setAlpha(170)
        painter.setPen(QPen(faded, 1.6 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(4.5 * unit, 4.5 * unit), QPointF(11.5 * unit, 11.5 * unit))
        painter.drawLine(QPointF(11.5 * unit, 4.5 * unit), QPointF(4.5 * unit, 11.5 * unit))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
