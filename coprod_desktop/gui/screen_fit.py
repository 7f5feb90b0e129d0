"""Windows and dialogs that fit a small laptop screen, with their buttons always in view.

A dialog made with `fit_dialog(dialog)` keeps everything above its button row in a scroll area
(the buttons stay outside it, at the bottom), and each time it is shown it is sized to what it
asks for, within the screen's available area (the screen less the taskbar). A dialog whose
content grows, or a large font, then scrolls instead of pushing the buttons off the screen.
The main window calls `keep_on_screen` for its first and its restored size.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayoutItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

# Room kept for the title bar and borders of a window that has not been shown yet (when it has,
# Qt knows its frame). Generous: a Windows title bar at 150% is about 45 px.
FRAME_ALLOWANCE = QSize(16, 48)
CONTENT_AREA = "content_scroll"  # the object name of the scroll area around a dialog's content


def available_geometry(widget: QWidget | None = None) -> QRect:
    """Return the usable area of the screen `widget` is on (less taskbars and docks)."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, 1280, 720)


def frame_extra(window: QWidget) -> QSize:
    """Return how much wider and taller the window's frame is than its content."""
    frame, inner = window.frameGeometry(), window.geometry()
    if window.isVisible() and window.testAttribute(Qt.WidgetAttribute.WA_Mapped):
        return QSize(frame.width() - inner.width(), frame.height() - inner.height())
    return FRAME_ALLOWANCE


def room_for(window: QWidget, available: QRect) -> QSize:
    """Return the largest content size whose frame still fits in `available`."""
    extra = frame_extra(window)
    return QSize(
        max(available.width() - extra.width(), 100), max(available.height() - extra.height(), 100)
    )


class ContentScrollArea(QScrollArea):
    """A frameless scroll area that asks for its content's whole size.

    QScrollArea caps its size hint at 36 × 24 lines; this one asks for the content's own size
    (so a dialog opens as large as it would be without scrolling) and is content to be as
    low as a few lines (so the dialog can be shorter than its content, and scroll).
    """

    def __init__(self, content: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(CONTENT_AREA)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(content)
        content.setAutoFillBackground(False)
        self.viewport().setAutoFillBackground(False)

    def _frame(self) -> int:
        return 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        content = self.widget()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        return QSize(hint.width() + self._frame(), hint.height() + self._frame())

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        least = content.minimumSizeHint()
        lines = self.fontMetrics().lineSpacing() * 6
        return QSize(least.width() + self._frame(), min(least.height(), lines) + self._frame())

    def scroll_bar_width(self) -> int:
        return self.verticalScrollBar().sizeHint().width()


def _holds(item: QLayoutItem, widget: QWidget) -> bool:
    if item.widget() is widget:
        return True
    layout = item.layout()
    if layout is not None:
        return any(_holds(layout.itemAt(i), widget) for i in range(layout.count()))
    return False


def scroll_content(dialog: QWidget, keep: QWidget | None = None) -> ContentScrollArea | None:
    """Move the dialog's layout into a scroll area, all but the row that holds `keep`.

    `keep` is the button box (found when not given); its row stays below the scroll area,
    so that the buttons can always be seen. Done once; returns the scroll area, or None when
    the dialog has no layout.
    """
    existing = dialog.findChild(ContentScrollArea, CONTENT_AREA)
    if existing is not None:
        return existing
    layout = dialog.layout()
    if layout is None:
        return None
    if keep is None:
        boxes = [box for box in dialog.findChildren(QDialogButtonBox) if box.window() is dialog]
        keep = boxes[-1] if boxes else None
    kept: QLayoutItem | None = None
    if keep is not None:
        for index in range(layout.count()):
            if _holds(layout.itemAt(index), keep):
                kept = layout.takeAt(index)
                break
    margins = layout.contentsMargins()
    spacing = layout.spacing() if layout.spacing() >= 0 else 6
    content = QWidget()
    content.setObjectName("content")
    content.setLayout(layout)  # takes the layout and its widgets from the dialog
    layout.setContentsMargins(margins.left(), margins.top(), margins.right(), 0)
    area = ContentScrollArea(content, dialog)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, margins.bottom() if kept else 0)
    outer.setSpacing(spacing)
    outer.addWidget(area, 1)
    if kept is not None:
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setContentsMargins(margins.left(), 0, margins.right(), 0)
        if kept.widget() is not None:
            row.addWidget(kept.widget())
        elif kept.layout() is not None:
            row.addLayout(kept.layout())
        outer.addLayout(row)
    return area


def fitted_size(window: QWidget, available: QRect) -> QSize:
    """Return the size `window` should have: what it asks for, within `available`."""
    room = room_for(window, available)
    layout = window.layout()
    if layout is not None:
        layout.activate()
    if window.testAttribute(Qt.WidgetAttribute.WA_Resized):
        wanted = window.size()  # sized by its code (or the user): keep that where it fits
    else:
        wanted = window.sizeHint()
    wanted = wanted.expandedTo(window.minimumSizeHint()).expandedTo(window.minimumSize())
    size = wanted.boundedTo(room).boundedTo(window.maximumSize())
    area = window.findChild(ContentScrollArea, CONTENT_AREA)
    if area is not None and size.height() < wanted.height():  # it will scroll: room for the bar
        size.setWidth(min(size.width() + area.scroll_bar_width(), room.width()))
    return size


def place_within(window: QWidget, available: QRect, size: QSize) -> None:
    """Move `window` so that its frame is inside `available`, over its parent if it has one."""
    extra = frame_extra(window)
    width, height = size.width() + extra.width(), size.height() + extra.height()
    parent = window.parentWidget()
    if window.testAttribute(Qt.WidgetAttribute.WA_Moved) or parent is None:
        top_left = window.frameGeometry().topLeft()
    else:
        centre = parent.window().frameGeometry().center()
        top_left = QPoint(centre.x() - width // 2, centre.y() - height // 2)
    x = max(available.left(), min(top_left.x(), available.right() + 1 - width))
    y = max(available.top(), min(top_left.y(), available.bottom() + 1 - height))
    window.move(x, y)


def fit_window(window: QWidget, available: QRect | None = None, *, place: bool = True) -> QSize:
    """Size (and with `place`, move) `window` to fit `available` (default: its screen's)."""
    if available is None:
        available = available_geometry(window)
    room = room_for(window, available)
    if isinstance(window, QWizard):
        _fit_wizard_pages(window, room)
    least = window.minimumSize()
    if least.width() > room.width() or least.height() > room.height():
        window.setMinimumSize(least.boundedTo(room))
    size = fitted_size(window, available)
    window.resize(size)
    if place:
        place_within(window, available, size)
    return size


def _fit_wizard_pages(wizard: QWizard, room: QSize) -> None:
    """Put a wizard's pages in scroll areas when the wizard would be taller than the room."""
    # QWizard sets its minimum size itself from its pages (it has no layout() to ask).
    if wizard.minimumSize().height() <= room.height():
        return
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        if isinstance(page, QWizardPage):
            scroll_content(page)


def keep_on_screen(
    window: QWidget, wanted: QSize | None = None, available: QRect | None = None
) -> None:
    """Give the main window `wanted` (or its present size) within `available` (default: its
    screen's usable area), and bring a restored position that is off it back onto it."""
    if available is None:
        available = available_geometry(window)
    room = room_for(window, available)
    if window.isMaximized() or window.isFullScreen():
        return
    size = (wanted or window.size()).boundedTo(room)
    if wanted is not None and size != wanted:
        size = room  # a small screen: all of it (less the taskbar) is not too much
    least = window.minimumSize().boundedTo(room)
    window.setMinimumSize(least)
    window.resize(size.expandedTo(least))
    extra = frame_extra(window)
    frame = QRect(window.frameGeometry().topLeft(), size + extra)
    if available.contains(frame):
        return  # where it is (or where the window manager will put a new window) is fine
    right = available.right() + 1 - frame.width()
    bottom = available.bottom() + 1 - frame.height()
    window.move(
        max(available.left(), min(frame.x(), right)), max(available.top(), min(frame.y(), bottom))
    )


class _FitOnShow(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            # Before QDialog.showEvent: it centres the dialog over its parent and keeps it on
            # the screen, unless the dialog was placed already (then it is placed here).
            moved = watched.testAttribute(Qt.WidgetAttribute.WA_Moved)
            fit_window(watched, place=moved or not isinstance(watched, QDialog))
        return False


def fit_dialog(dialog: QWidget, keep: QWidget | None = None, *, scroll: bool = True) -> QWidget:
    """Make `dialog` fit the screen whenever it is shown; returns the dialog.

    With `scroll`, its content (all but the row of `keep`, by default its button box) goes
    into a scroll area at once. Wizards keep their pages, which scroll only when needed.
    """
    if scroll and not isinstance(dialog, QWizard):
        scroll_content(dialog, keep)
    if dialog.findChild(_FitOnShow) is None:
        _FitOnShow(dialog)
    return dialog


def fits_within(window: QWidget, available: QRect) -> bool:
    """Return True if the window's frame lies inside `available` (for tests and checks)."""
    return available.contains(window.frameGeometry())


def visible_in_window(widget: QWidget) -> bool:
    """Return True if `widget` is shown whole within its window's visible area."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    window = widget.window()
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return False
    return widget.visibleRegion().boundingRect().size() == widget.size()


__all__ = [
    "ContentScrollArea",
    "available_geometry",
    "fit_dialog",
    "fit_window",
    "fits_within",
    "keep_on_screen",
    "scroll_content",
    "visible_in_window",
]
