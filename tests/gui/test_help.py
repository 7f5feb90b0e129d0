"""Help (F1): how to go through the audit journey, page by page, and a Close button."""

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser

from coprod_desktop.gui.audit_view import PAGE_TYPES
from coprod_desktop.gui.dialogs.messages import HOW_TO_STEPS


def open_help(qtbot, window) -> QDialog:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(QDialog, "help_dialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def help_text(dialog: QDialog) -> str:
    return dialog.findChild(QTextBrowser).toPlainText()


def test_help_says_how_to_go_through_the_eight_steps_and_which_page_does_each(qtbot, window):
    dialog = open_help(qtbot, window)
    text = help_text(dialog)
    assert "How to: the audit journey" in text
    start = text.index("How to: the audit journey")
    how_to = text[start : text.index("The six elements", start)]
    # The eight steps, in order, as DESIGN.md names them.
    titles = [title for title, _ in HOW_TO_STEPS]
    assert titles[0] == "Set up" and titles[-1] == "Share" and len(titles) == 8
    where = [how_to.index(f"{title}.") for title in titles]
    assert where == sorted(where)
    # Each page the steps send the user to is a page of the window, with its own shortcut.
    pages = {page.title: number for number, page in enumerate(PAGE_TYPES, start=1)}
    named = set(re.findall(r"the (\w[\w-]*(?: \w+)?) page \(Ctrl\+(\d)\)", how_to))
    assert named == {
        ("People", "2"),
        ("Assets", "3"),
        ("Six elements", "4"),
        ("Roles", "5"),
        ("Self-assessment", "6"),
        ("Actions", "7"),
        ("Reports", "8"),
    }
    assert all(pages[title] == int(key) for title, key in named)
    # The Share step names the File menu's commands with the shortcuts the window gives them.
    assert window.export_action.shortcut().toString() == "Ctrl+E" and "(Ctrl+E)" in how_to
    assert window.print_action.shortcut().toString() == "Ctrl+P" and "Ctrl+P" in how_to
    assert "Edit audit details" in how_to and "reference population" in how_to
    # No internal codes reach the reader.
    assert not re.search(r"\b(co_design|peer_networks|_page|_button)\b", text)
    dialog.close()


def test_the_help_closes_with_its_close_button(qtbot, window):
    dialog = open_help(qtbot, window)
    buttons = dialog.findChild(QDialogButtonBox)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None and close.isVisible() and close.text().replace("&", "") == "Close"
    # The button sits inside the dialog, below the text (not cut off).
    browser = dialog.findChild(QTextBrowser)
    assert close.mapTo(dialog, close.rect().bottomRight()).y() <= dialog.height()
    assert close.mapTo(dialog, close.rect().topLeft()).y() >= browser.geometry().bottom()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "help_dialog") is None)


def test_escape_closes_the_help(qtbot, window):
    dialog = open_help(qtbot, window)
    browser = dialog.findChild(QTextBrowser)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "help_dialog") is None)


def test_about_has_the_close_button_too(qtbot, window):
    window.about_action.trigger()
    dialog = window.findChild(QDialog, "help_dialog")
    assert "Coprod Desktop" in help_text(dialog)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "help_dialog") is None)
