"""Every button a screen reader meets has a name: the clear buttons of the search and filter
boxes on every page, in the side bar and in the import wizard included."""

import pytest
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from coprod_desktop.gui.audit_view import AuditView
from coprod_desktop.gui.importing.wizard import ImportWizard
from coprod_desktop.gui.widgets.forms import CLEAR_ACTION, name_clear_button


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for the widget: its accessible name, as Qt reports it."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def unnamed_buttons(root: QWidget) -> list[str]:
    return [
        f"{type(button).__name__} in {button.parent().objectName() or type(button.parent())}"
        for button in root.findChildren(QAbstractButton)
        if not spoken_name(button).strip()
    ]


def clear_buttons(root: QWidget) -> dict[str, str]:
    """The clear buttons of the boxes under `root`: box name -> the button's spoken name."""
    found = {}
    edits = [root] if isinstance(root, QLineEdit) else root.findChildren(QLineEdit)
    for edit in edits:
        if not edit.isClearButtonEnabled():
            continue
        [action] = [a for a in edit.findChildren(QAction) if a.objectName() == CLEAR_ACTION]
        [button] = [b for b in edit.findChildren(QAbstractButton) if b.defaultAction() is action]
        found[edit.objectName()] = spoken_name(button)
    return found


@pytest.fixture
def view(qtbot, sample_session, settings):
    shown = AuditView(sample_session, settings)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.shutdown()


def test_every_page_has_no_unnamed_button(qtbot, view):
    for number, page in enumerate(view.pages):
        view.ui.navigation.setCurrentRow(number)  # as a user goes to each page
        qtbot.waitUntil(lambda page=page: page.isVisible())
        assert unnamed_buttons(page) == [], page.objectName()
    assert unnamed_buttons(view) == []


def test_search_and_filter_boxes_name_their_clear_buttons(qtbot, view):
    boxes = clear_buttons(view.ui.side)
    assert boxes == {"search_box": "Clear search"}
    on_pages = {}
    for page in view.pages:
        on_pages.update({f"{page.objectName()}.{k}": v for k, v in clear_buttons(page).items()})
    assert on_pages == {
        "people_page.name_filter": "Clear filter",
        "assets_page.person_search_edit": "Clear search",
        "elements_page.filter_edit": "Clear filter",
        "roles_page.name_filter": "Clear filter",
    }


def test_the_clear_button_still_clears_the_search(qtbot, view):
    box = view.ui.search_box
    qtbot.keyClicks(box, "cook")
    [action] = [a for a in box.findChildren(QAction) if a.objectName() == CLEAR_ACTION]
    [button] = [b for b in box.findChildren(QAbstractButton) if b.defaultAction() is action]
    qtbot.waitUntil(button.isVisible)
    button.click()
    assert box.text() == ""
    assert button.toolTip() == "Clear search"


def test_the_import_wizard_names_its_clear_button(qtbot, sample_session, settings):
    parent = QWidget()
    qtbot.addWidget(parent)
    wizard = ImportWizard(sample_session, settings, parent)
    assert clear_buttons(wizard) == {"path_edit": "Clear file name"}
    assert unnamed_buttons(wizard) == []


def test_a_box_named_twice_keeps_one_name(qtbot):
    edit = QLineEdit()
    edit.setObjectName("search_box")
    qtbot.addWidget(edit)
    name_clear_button(edit)
    name_clear_button(edit, "Clear the search")
    assert clear_buttons(edit) == {"search_box": "Clear the search"}
