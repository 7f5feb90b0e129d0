"""Keyboard-only use and screen readers: every page walked with Tab, every control named."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from coprod_desktop.gui.audit_view import PAGE_TYPES
from coprod_desktop.gui.main_window import MainWindow

PAGES = range(len(PAGE_TYPES))


@pytest.fixture
def window(qtbot, settings, small_sample_path, tmp_path):
    copy = tmp_path / "sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.resize(1280, 820)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignal(shown.audit_opened, timeout=20_000):
        shown.open_audit(copy)
    yield shown
    shown.close()


def focusable(root: QWidget) -> list[QWidget]:
    """The controls a Tab press can reach inside `root` as it is shown now."""
    return [
        widget
        for widget in root.findChildren(QWidget)
        if widget.isVisibleTo(root)
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
        and not isinstance(widget.parentWidget(), QAbstractButton)
        and widget.window() is root.window()
    ]


def name_of(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "")
    return ""


@pytest.mark.parametrize("number", PAGES)
def test_every_control_on_each_page_has_a_name_for_screen_readers(qtbot, window, number):
    window.page_actions[number].trigger()
    page = window.view.current_page()
    unnamed = [f"{type(w).__name__} {w.objectName()!r}" for w in focusable(page) if not name_of(w)]
    assert unnamed == []


@pytest.mark.parametrize("number", PAGES)
def test_tab_walks_through_each_page_and_back_to_the_start(qtbot, window, number):
    qtbot.keyClick(
        window, getattr(Qt.Key, f"Key_{number + 1}"), Qt.KeyboardModifier.ControlModifier
    )
    page = window.view.current_page()
    assert page is window.view.pages[number]
    start = QApplication.focusWidget()
    assert start is not None and window.isAncestorOf(start)
    reachable = set(focusable(page))
    visited = [start]
    widget = start
    for _ in range(400):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is start:
            break
        visited.append(widget)
    else:
        pytest.fail("Tab never came back to where it started")
    missed = [f"{type(w).__name__} {w.objectName()!r}" for w in reachable - set(visited)]
    assert missed == []


def test_the_pages_are_reached_from_the_keyboard(qtbot, window):
    for number, page in enumerate(window.view.pages, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.view.current_page() is page
        assert window.view.ui.navigation.currentRow() == number - 1


def test_labels_point_at_their_fields(qtbot, window):
    for page in window.view.pages:
        for label in page.findChildren(QLabel):
            if "&" in label.text() and not label.text().startswith("<"):
                assert label.buddy() is not None, f"{label.text()!r} on {page.title}"
