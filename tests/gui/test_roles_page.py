"""The Roles page, used as a person would: choose rungs in the grid, fill in the side panel."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from coprod_desktop.domain import Hat, Person, Reciprocity, Role, Rung, Stage
from coprod_desktop.gui.pages.roles import RolesPage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.store import AuditStore


def open_page(qtbot, session, settings) -> RolesPage:
    page = RolesPage(session, settings)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def give_focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


@pytest.fixture
def people(session):
    """Two people added straight to the store, so that the undo history starts empty."""
    store = session.store
    return (
        store.add(Person(name="Ada Lewis", hats=(Hat.LIVED_EXPERIENCE,))),
        store.add(Person(name="Bryn Owen", hats=(Hat.STAFF,))),
    )


def cell_rect(page: RolesPage, row: int, stage: Stage | None):
    column = page.model.column_of(stage) if stage else 0
    return page.ui.roles_table.visualRect(page.model.index(row, column))


def click_cell(qtbot, page: RolesPage, row: int, stage: Stage | None) -> None:
    viewport = page.ui.roles_table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=cell_rect(page, row, stage).center())


def open_editor_with_f2(qtbot, page: RolesPage) -> QComboBox:
    qtbot.keyClick(page.ui.roles_table, Qt.Key.Key_F2)
    return wait_for_editor(qtbot, page)


def editor(page: RolesPage) -> QComboBox | None:
    """The drop-down open in the current cell, if any."""
    table = page.ui.roles_table
    if table.state() != QAbstractItemView.State.EditingState:
        return None
    return table.indexWidget(table.currentIndex())


def wait_for_editor(qtbot, page: RolesPage) -> QComboBox:
    qtbot.waitUntil(lambda: editor(page) is not None)
    return editor(page)


def commit(qtbot, page: RolesPage, combo: QComboBox, key: Qt.Key) -> None:
    """Press `key` in the open drop-down and wait for the table to save it and close it."""
    qtbot.keyClick(combo, key)
    qtbot.waitUntil(lambda: editor(page) is None)


def roles_of(session, person: Person) -> list[Role]:
    return session.store.related(Role, "person_id", [person.id])


def cell_text(page: RolesPage, row: int, stage: Stage) -> str:
    return page.model.index(row, page.model.column_of(stage)).data()


def test_choosing_a_rung_with_f2_and_keys_gives_the_person_a_role(qtbot, session, settings, people):
    ada, _ = people
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.DESIGN)
    combo = open_editor_with_f2(qtbot, page)
    assert combo.currentText() == "No role"
    for _ in range(6):  # No role, Coercion, ... Engagement, Co-design
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Co-design (doing with)"
    assert roles_of(session, ada) == []  # moving through the list saves nothing yet
    commit(qtbot, page, combo, Qt.Key.Key_Return)

    [role] = roles_of(session, ada)
    assert (role.stage, role.rung) == (Stage.DESIGN, Rung.CO_DESIGN)
    assert cell_text(page, 0, Stage.DESIGN) == "Co-design"
    assert "doing with" in page.model.index(0, page.model.column_of(Stage.DESIGN)).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "Ada Lewis at Design: Co-design (doing with)" in page.ui.cell_heading.text()
    assert page.model.stage_count(page.model.column_of(Stage.DESIGN)) == 1
    assert (
        page.model.headerData(page.model.column_of(Stage.DESIGN), Qt.Orientation.Horizontal)
        == "Design\n1 with a role"
    )


def test_double_click_and_typing_change_the_rung_and_no_role_deletes_it(
    qtbot, session, settings, people
):
    ada, _ = people
    role = session.store.add(Role(person_id=ada.id, stage=Stage.DELIVERY, rung=Rung.INFORMING))
    page = open_page(qtbot, session, settings)
    viewport = page.ui.roles_table.viewport()
    centre = cell_rect(page, 0, Stage.DELIVERY).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre)
    combo = wait_for_editor(qtbot, page)
    assert combo.currentText() == "Informing (doing for)"
    qtbot.keyClicks(combo, "co-p")
    commit(qtbot, page, combo, Qt.Key.Key_Return)
    [changed] = roles_of(session, ada)
    assert (changed.id, changed.rung) == (role.id, Rung.CO_PRODUCTION)

    combo = open_editor_with_f2(qtbot, page)
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert combo.currentText() == "No role"
    commit(qtbot, page, combo, Qt.Key.Key_Return)
    assert roles_of(session, ada) == []
    assert cell_text(page, 0, Stage.DELIVERY) == ""
    assert "has no role at Delivery" in page.ui.cell_heading.text()


def test_typing_on_a_stage_opens_the_drop_down_at_the_typed_rung(qtbot, session, settings, people):
    ada, _ = people
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.PLANNING)
    give_focus(qtbot, page.ui.roles_table)
    for letter in "con":  # the first letter opens the drop-down, which takes the rest
        qtbot.keyClick(QApplication.focusWidget(), letter)
    combo = wait_for_editor(qtbot, page)
    assert combo.currentText() == "Consultation (doing for)"
    # Tab saves and moves on to the next stage, as in a spreadsheet; Escape leaves that alone.
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: len(roles_of(session, ada)) == 1)
    [role] = roles_of(session, ada)
    assert (role.stage, role.rung) == (Stage.PLANNING, Rung.CONSULTATION)
    assert page.model.stage_of(page.ui.roles_table.currentIndex()) is Stage.DESIGN
    commit(qtbot, page, wait_for_editor(qtbot, page), Qt.Key.Key_Escape)
    assert len(roles_of(session, ada)) == 1


def test_undo_and_redo_a_rung(qtbot, session, settings, people):
    ada, _ = people
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.EVALUATION)
    combo = open_editor_with_f2(qtbot, page)
    qtbot.keyClick(combo, Qt.Key.Key_End)
    commit(qtbot, page, combo, Qt.Key.Key_Return)
    assert [r.rung for r in roles_of(session, ada)] == [Rung.CO_PRODUCTION]

    session.undo_stack.undo()
    assert roles_of(session, ada) == []
    assert cell_text(page, 0, Stage.EVALUATION) == ""
    session.undo_stack.redo()
    assert [r.rung for r in roles_of(session, ada)] == [Rung.CO_PRODUCTION]
    assert cell_text(page, 0, Stage.EVALUATION) == "Co-production"
    assert "Co-production" in page.ui.cell_heading.text()


def test_side_panel_saves_title_decisions_and_reciprocity(qtbot, session, settings, people):
    ada, _ = people
    session.store.add(Role(person_id=ada.id, stage=Stage.PRIORITIES, rung=Rung.CO_DESIGN))
    page = open_page(qtbot, session, settings)
    ui = page.ui
    assert not ui.title_edit.isEnabled()  # nothing selected yet
    click_cell(qtbot, page, 0, Stage.PRIORITIES)
    assert ui.title_edit.isEnabled() and not ui.save_button.isEnabled()

    qtbot.keyClicks(ui.title_edit, "Peer researcher")
    qtbot.keyClick(ui.decisions_check, Qt.Key.Key_Space)
    ui.reciprocity_list.setFocus()
    ui.reciprocity_list.setCurrentRow(list(Reciprocity).index(Reciprocity.LEARNING))
    qtbot.keyClick(ui.reciprocity_list, Qt.Key.Key_Space)
    assert ui.save_button.isEnabled()
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)

    [role] = roles_of(session, ada)
    assert role.title == "Peer researcher"
    assert role.decisions and not role.paid
    assert role.reciprocity == (Reciprocity.LEARNING,)
    assert not ui.save_button.isEnabled()
    session.undo_stack.undo()
    assert roles_of(session, ada)[0].title == ""
    assert ui.title_edit.text() == ""


def test_revert_puts_back_what_is_saved(qtbot, session, settings, people):
    ada, _ = people
    session.store.add(
        Role(person_id=ada.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT, title="Panel member")
    )
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.DESIGN)
    page.ui.title_edit.selectAll()
    qtbot.keyClicks(page.ui.title_edit, "Chair")
    qtbot.mouseClick(page.ui.revert_button, Qt.MouseButton.LeftButton)
    assert page.ui.title_edit.text() == "Panel member"
    assert roles_of(session, ada)[0].title == "Panel member"


def test_invalid_notes_are_shown_beside_the_field_and_not_saved(qtbot, session, settings, people):
    ada, _ = people
    session.store.add(Role(person_id=ada.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT))
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.DESIGN)
    # Text pasted from elsewhere can hold control characters that cannot be saved.
    QApplication.clipboard().setText("Met on Tuesday\x07 " + "and agreed the plan. " * 4)
    page.ui.notes_edit.setFocus()
    qtbot.keyClick(page.ui.notes_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "\x07" in page.ui.notes_edit.toPlainText()
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)

    assert page.ui.notes_problem.isVisibleTo(page)
    assert page.ui.notes_problem.text()
    assert roles_of(session, ada)[0].notes == ""
    assert session.undo_stack.count() == 0


def test_hat_filter_shows_only_people_wearing_that_hat_in_one_click(
    qtbot, sample_session, settings
):
    store = sample_session.store
    page = open_page(qtbot, sample_session, settings)
    assert page.model.rowCount() == store.count(Person)
    button = page.ui.hat_bar.findChild(type(page.ui.hat_everyone), "hat_lived_experience")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    wearing = store.count(Person, hat=Hat.LIVED_EXPERIENCE)
    assert 0 < wearing < store.count(Person)
    assert page.model.rowCount() == wearing
    shown = [page.model.person(row) for row in range(min(wearing, 50))]
    assert all(Hat.LIVED_EXPERIENCE in person.hats for person in shown)
    assert "wearing the hat Lived experience" in page.ui.summary_label.text()
    # The counts under each stage are of the people shown, counted in SQL.
    with_role_at_design = store.query(
        "SELECT count(*) FROM role JOIN person_hat ON person_hat.person_id = role.person_id "
        "JOIN person ON person.id = role.person_id WHERE role.deleted = 0 AND person.deleted = 0 "
        "AND role.stage = 'design' AND person_hat.hat = 'lived_experience'"
    )[0][0]
    assert page.model.stage_count(page.model.column_of(Stage.DESIGN)) == with_role_at_design

    qtbot.mouseClick(page.ui.hat_everyone, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == store.count(Person)


def test_name_filter_and_type_to_find(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    first = page.model.person(120)
    click_cell(qtbot, page, 0, None)
    qtbot.keyClicks(page.ui.roles_table, first.name[:6])
    assert page.model.person(page.ui.roles_table.currentIndex().row()).name[:6] == first.name[:6]

    surname = first.name.split()[-1]
    qtbot.keyClicks(page.ui.name_filter, surname)
    qtbot.waitUntil(lambda: page.model.rowCount() < sample_session.store.count(Person))
    names = [page.model.person(row).name for row in range(page.model.rowCount())]
    assert first.name in names


def test_read_only_audit_blocks_editing(qtbot, small_sample_path, settings):
    session = AuditSession(AuditStore.open(small_sample_path, read_only=True))
    try:
        page = open_page(qtbot, session, settings)
        assert page.ui.read_only_note.isVisible()
        role = session.store.page(Role, limit=1)[0]
        assert page.show_record(Role, role.id)
        table = page.ui.roles_table
        qtbot.keyClick(table, Qt.Key.Key_F2)
        rect = table.visualRect(table.currentIndex())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.keyClicks(table, "co")
        assert editor(page) is None
        assert page.ui.cell_heading.text().endswith(
            f"{role.rung.label} ({role.rung.band.label.lower()})"
        )
        for widget in (page.ui.title_edit, page.ui.decisions_check, page.ui.notes_edit):
            assert not widget.isEnabled()
        assert not page.can_delete()
    finally:
        session.close()


def test_edit_menu_delete_takes_the_role_away(qtbot, session, settings, people):
    ada, _ = people
    role = session.store.add(Role(person_id=ada.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT))
    page = open_page(qtbot, session, settings)
    assert page.show_record(Role, role.id)
    assert page.can_delete()
    page.delete_selected()
    assert roles_of(session, ada) == []
    assert not page.can_delete()


def test_keyboard_walk_reaches_the_controls(qtbot, session, settings, people):
    ada, _ = people
    role = session.store.add(Role(person_id=ada.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT))
    page = open_page(qtbot, session, settings)
    page.show_record(Role, role.id)
    give_focus(qtbot, page.ui.hat_everyone)
    # The hats are one group, as radio buttons are: arrow keys choose, Tab leaves the group.
    qtbot.keyClick(page.ui.hat_everyone, Qt.Key.Key_Right)
    assert QApplication.focusWidget().objectName() == "hat_lived_experience"
    assert page.model.rowCount() == 1  # only Ada wears that hat
    expected = [
        "name_filter",
        "roles_table",
        "title_edit",
        "decisions_check",
        "paid_check",
        "reciprocity_list",
        "notes_edit",
    ]
    reached = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget().objectName())
    assert reached == expected


def test_the_sample_shows_its_first_page_without_reading_every_row(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    page.focus_first()
    assert page.model.rowCount() == sample_session.store.count(Person) == 300
    assert page.model.pages_fetched == 1  # 200 people of 300
    assert page.model.index(0, 0).data()
    total_roles = sample_session.store.count(Role)
    counted = sum(page.model.stage_count(column) for column in range(1, 7))
    assert counted == total_roles > 0


def test_a_choice_in_the_open_list_saves_at_once(qtbot, session, settings, people):
    ada, _ = people
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.IMPROVEMENT)
    combo = open_editor_with_f2(qtbot, page)
    combo.showPopup()  # as Alt+Down or a click on the drop-down does
    qtbot.waitUntil(combo.view().isVisible)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor(page) is None)
    assert [r.rung for r in roles_of(session, ada)] == [Rung.COERCION]
    assert (
        page.model.index(0, page.model.column_of(Stage.IMPROVEMENT)).data(
            Qt.ItemDataRole.AccessibleDescriptionRole
        )
        == "Doing to"
    )


def test_moving_to_another_cell_keeps_what_was_typed_in_the_panel(qtbot, session, settings, people):
    ada, _ = people
    session.store.add(Role(person_id=ada.id, stage=Stage.DESIGN, rung=Rung.ENGAGEMENT))
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Stage.DESIGN)
    qtbot.keyClicks(page.ui.title_edit, "Panel member")
    click_cell(qtbot, page, 1, Stage.DESIGN)
    assert roles_of(session, ada)[0].title == "Panel member"
    assert "Bryn Owen has no role at Design" in page.ui.cell_heading.text()
    assert not page.ui.title_edit.isEnabled()
