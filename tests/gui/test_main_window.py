"""The whole window, used as a person would: menus, dialogs, pages, undo, reopening."""

from pathlib import Path

from acting import answer_dialogs, tick
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTextBrowser,
)

from coprod_desktop.domain import Audit, Capability, Element, ElementLink, Person, Role, Stage
from coprod_desktop.gui.main_window import SAVED_TEXT, MainWindow
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.paths import ui_path
from coprod_desktop.store import AuditStore


def open_in(qtbot, window, path: Path, **options) -> None:
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(path, **options)


def fill_new_audit(title: str):
    def answer(dialog):
        dialog.title_edit.setText(title)
        dialog.organisation_edit.setText("Cyngor Brackenford")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    return answer


def save_as(path: Path):
    def answer(dialog):
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(path))
        dialog.accept()

    return answer


def error_box(window) -> QMessageBox:
    return window.findChild(QMessageBox, "error_message")


def test_every_layout_file_loads(qapp):
    from coprod_desktop.gui.ui_loader import load_ui

    names = sorted(p.name for p in ui_path("").glob("*.ui"))
    assert len(names) >= 8
    for name in names:
        widget = load_ui(name)
        assert widget.findChildren(type(widget).__mro__[-3]) is not None
        widget.deleteLater()


def test_create_fill_undo_redo_close_and_reopen(qtbot, window, tmp_path, settings):
    path = tmp_path / "Wellbeing audit.coprod"
    answer_dialogs(fill_new_audit("Wellbeing audit"), save_as(path))
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    assert window.windowTitle().startswith("Wellbeing audit")
    assert window.saved_label.text() == SAVED_TEXT
    assert window.file_label.text() == path.name

    # People: a person with two hats and three capabilities, through the form.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    people = window.view.current_page()
    assert people.objectName() == "people_page"
    window.add_action.trigger()
    qtbot.keyClicks(people.ui.name_edit, "Gwen Morgan")
    tick(qtbot, people.ui.hats_list, "Lived experience", "Carer")
    qtbot.mouseClick(people.ui.save_button, Qt.MouseButton.LeftButton)
    for description in ("Runs a carers' group", "Speaks Welsh", "Knows the housing rules"):
        qtbot.mouseClick(people.ui.add_capability_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(people.ui.capability_description_edit, description)
        qtbot.mouseClick(people.ui.save_capability_button, Qt.MouseButton.LeftButton)
    store = window.session.store
    [person] = store.page(Person)
    capabilities = store.related(Capability, "person_id", [person.id])
    assert len(capabilities) == 3
    assert SAVED_TEXT in window.saved_label.text()

    # Six elements and roles: through their pages' own controls.
    link_first_capability(qtbot, window)
    give_a_role(qtbot, window)
    [link] = store.page(ElementLink)
    assert (link.element, link.strength, link.evidence) == (
        Element.PEER_NETWORKS,
        3,
        "Started the carers' group",
    )
    [role] = store.page(Role)
    assert (role.person_id, role.stage, role.rung.label) == (person.id, Stage.DESIGN, "Co-design")

    # Undo the role, the evidence and the link from the Edit menu, then redo them.
    window.undo_action.trigger()
    assert store.count(Role) == 0 and store.page(ElementLink)[0].evidence
    window.undo_action.trigger()
    assert store.page(ElementLink)[0].evidence == ""
    window.undo_action.trigger()
    assert store.count(ElementLink) == 0
    assert window.undo_action.text().startswith("&Undo Add capability")
    for _ in range(3):
        window.redo_action.trigger()
    assert store.page(ElementLink)[0].evidence == "Started the carers' group"
    assert store.count(Role) == 1

    # Close, and open again from the recent list on the welcome screen.
    window.close_action.trigger()
    assert window.session is None and window.welcome.isVisible()
    assert not path.with_name(path.name + ".lock").exists()
    recent = window.welcome.recent_list
    assert recent.item(0).data(Qt.ItemDataRole.UserRole) == str(path)
    recent.setFocus()
    recent.setCurrentRow(0)
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        qtbot.keyClick(recent, Qt.Key.Key_Return)
    store = window.session.store
    [person] = store.page(Person)
    assert person.name == "Gwen Morgan" and len(person.hats) == 2
    assert len(store.related(Capability, "person_id", [person.id])) == 3
    assert store.count(ElementLink) == 1 and store.count(Role) == 1


def click(qtbot, view, index) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert view.currentIndex() == index


def link_first_capability(qtbot, window) -> None:
    """On Six elements: capabilities down the side, type 3 on a cell, write the evidence."""
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.view.current_page()
    assert page.objectName() == "elements_page"
    qtbot.mouseClick(page.ui.capabilities_radio, Qt.MouseButton.LeftButton)
    click(qtbot, page.view, page.model.index(0, page.model.column_of(Element.PEER_NETWORKS)))
    qtbot.keyClick(page.view, Qt.Key.Key_3)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.keyClicks(page.ui.evidence_edit, "Started the carers' group")
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)


def give_a_role(qtbot, window) -> None:
    """On Roles: choose the co-design rung at the design stage with F2 and the arrow keys."""
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    page = window.view.current_page()
    assert page.objectName() == "roles_page"
    table = page.ui.roles_table
    click(qtbot, table, page.model.index(0, page.model.column_of(Stage.DESIGN)))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: table.state() == QAbstractItemView.State.EditingState)
    combo = table.indexWidget(table.currentIndex())
    while not combo.currentText().startswith("Co-design"):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def test_a_damaged_or_foreign_file_gets_a_message_and_the_app_goes_on(
    qtbot, window, tmp_path, audit_path
):
    foreign = tmp_path / "notes.coprod"
    foreign.write_text("Shopping list: milk, bread")
    with qtbot.waitSignal(window.open_failed, timeout=10_000) as failed:
        window.open_audit(foreign)
    assert "not a Coprod audit" in failed.args[0] or "not an audit" in failed.args[0].lower()
    box = error_box(window)
    assert box is not None and box.isVisible() and "notes.coprod" in box.text()
    box.accept()
    assert window.session is None and window.welcome.isVisible()

    damaged = tmp_path / "damaged.coprod"
    damaged.write_bytes(audit_path.read_bytes()[:5000])
    with qtbot.waitSignal(window.open_failed, timeout=10_000):
        window.open_audit(damaged)
    assert window.session is None
    open_in(qtbot, window, audit_path)  # and a good one still opens
    assert window.session is not None


def test_an_audit_open_elsewhere_opens_read_only_with_editing_blocked(qtbot, window, audit_path):
    other = AuditStore.open(audit_path, user="Aled")
    try:
        open_in(qtbot, window, audit_path)
        assert window.saved_label.text().startswith("Read-only: opened by ")
        assert window.session.read_only
        for action in window.page_actions:
            action.trigger()
            assert not window.add_action.isEnabled()
            assert not window.delete_action.isEnabled()
        window.page_actions[1].trigger()
        people = window.view.current_page()
        assert not people.ui.add_person_button.isEnabled()
    finally:
        other.close()


def test_search_finds_and_opens_a_person(qtbot, window, small_sample_path, tmp_path):
    copy = tmp_path / "sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    open_in(qtbot, window, copy)
    someone = window.session.store.page(Person, limit=1, offset=17)[0]
    window.find_action.trigger()
    box = window.view.ui.search_box
    assert box.hasFocus()
    qtbot.keyClicks(box, someone.name)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    page = window.view.current_page()
    assert page.objectName() == "people_page" and page.current.id == someone.id


def test_settings_remember_recent_files_size_and_naming(qtbot, settings, audit_path):
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    open_in(qtbot, first, audit_path)
    first.resize(700, 500)
    first.naming_actions.actions()[1].trigger()  # NEF names
    first.close()

    again = MainWindow(AppSettings())
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (700, 500)
    assert again.welcome.recent_list.item(0).data(Qt.ItemDataRole.UserRole) == str(audit_path)
    assert AppSettings().naming.value == "nef"
    assert again.naming_actions.actions()[1].isChecked()


def test_save_tells_that_everything_is_saved_already(qtbot, window, audit_path):
    open_in(qtbot, window, audit_path)
    window.save_action.trigger()
    assert "every change is saved" in window.statusBar().currentMessage()


def test_every_menu_action_has_a_shortcut(window):
    missing = [
        action.text()
        for menu in window.menuBar().findChildren(type(window.recent_menu))
        for action in menu.actions()
        if not action.isSeparator() and action.menu() is None and action.shortcut().isEmpty()
    ]
    assert missing == []


def test_help_explains_the_six_elements_in_the_chosen_naming(qtbot, window, settings):
    window.help_action.trigger()
    dialog = window.findChild(QDialog, "help_dialog")
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert "Peer support networks" in text and "equal partners" in text
    dialog.close()


def test_new_audit_refuses_an_empty_title(qtbot, window):
    shown_problem = []

    def press_ok_without_a_title(dialog):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        shown_problem.append(dialog.problem_label.text())
        dialog.reject()

    answer_dialogs(press_ok_without_a_title)
    window.new_action.trigger()
    assert "title" in shown_problem[0].lower() and window.session is None


def test_an_audit_from_a_file_not_yet_saved_is_created_in_the_background(qtbot, window, tmp_path):
    path = tmp_path / "quick.coprod"
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.create_audit(path, Audit(title="Quick"))
    assert path.exists() and window.session.store.audit().title == "Quick"


def test_save_a_copy_writes_a_second_audit_and_keeps_working_on_the_first(
    qtbot, window, audit_path, tmp_path
):
    open_in(qtbot, window, audit_path)
    window.session.add(Person(name="Ann"))
    copy = tmp_path / "Copy for the partners.coprod"
    answer_dialogs(save_as(copy))
    window.save_copy_action.trigger()
    assert "A copy was saved" in window.statusBar().currentMessage()
    with AuditStore.open(copy, read_only=True) as copied:
        assert [p.name for p in copied.page(Person)] == ["Ann"]
    assert window.session.path == audit_path.absolute()


def test_open_the_sample_makes_it_once_in_the_user_data_folder(
    qtbot, window, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with qtbot.waitSignal(window.audit_opened, timeout=120_000):
        qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    made = window.session.path
    assert made.is_relative_to(tmp_path / "data") and window.session.store.count(Person) > 100
    window.close_action.trigger()
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.sample_action.trigger()
    assert window.session.path == made
