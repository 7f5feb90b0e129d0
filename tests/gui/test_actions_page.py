"""The Actions page, used as a person would: the form, the table, its filter and its warnings."""

from datetime import date, timedelta

from acting import answer_next_question, answer_unsaved, painted_colour, pick, show
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from coprod_desktop.domain import Action, ActionStatus, Element, Naming
from coprod_desktop.gui.models.records import WARNING_COLOUR
from coprod_desktop.gui.pages.actions import DUE, ELEMENT, OWNER, WHAT, ActionsPage
from tests.gui.conftest import TODAY


def make_page(qtbot, session, settings) -> ActionsPage:
    page = ActionsPage(session, settings, today=TODAY)
    qtbot.addWidget(page)
    return page


def tab(qtbot) -> None:
    """Press Tab once (a date field is left with one Tab too)."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def click_row(qtbot, page: ActionsPage, row: int) -> None:
    table = page.ui.actions_table
    rect = table.visualRect(page.model.index(row, WHAT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_add_an_action_through_the_form_and_undo_it(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    ui = page.ui
    assert page.can_add() and not ui.save_button.isEnabled()
    page.add_record()
    qtbot.keyClicks(ui.title_edit, "Run a skills-swap evening")
    pick(ui.element_combo, Element.RECIPROCITY.label)
    qtbot.keyClicks(ui.owner_edit, "Rhian Pritchard")
    qtbot.keyClicks(ui.due_edit, "14/01/2027")
    pick(ui.status_combo, ActionStatus.IN_PROGRESS.label)
    qtbot.keyClicks(ui.notes_edit, "Book the hall first")
    assert ui.save_button.isEnabled()
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)

    (saved,) = session.store.page(Action)
    assert (saved.title, saved.element, saved.owner) == (
        "Run a skills-swap evening",
        Element.RECIPROCITY,
        "Rhian Pritchard",
    )
    assert saved.due == date(2027, 1, 14)
    assert saved.status is ActionStatus.IN_PROGRESS and saved.notes == "Book the hall first"
    assert page.model.rowCount() == 1 and ui.count_label.text() == "1 action"
    assert ui.form_heading.text() == "Change the action" and page.can_delete()
    assert not ui.save_button.isEnabled()  # nothing left to save

    session.undo_stack.undo()
    assert session.store.count(Action) == 0
    assert page.model.rowCount() == 0 and ui.title_edit.text() == ""


def test_an_action_without_a_title_is_refused_beside_the_field(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    ui = page.ui
    page.add_record()
    qtbot.keyClicks(ui.owner_edit, "Tom Okafor")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    assert session.store.count(Action) == 0
    assert ui.title_problem.isVisibleTo(page) and "cannot be empty" in ui.title_problem.text()
    assert ui.problem_summary.isVisibleTo(page)

    qtbot.keyClicks(ui.title_edit, "Fund facilitator training")
    qtbot.keyClick(ui.title_edit, Qt.Key.Key_Return)  # Enter saves too
    assert session.store.count(Action) == 1
    assert not ui.title_problem.isVisibleTo(page)


def test_change_an_action_chosen_in_the_table_then_undo(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    click_row(qtbot, page, 2)
    chosen = page.model.record(2)
    ui = page.ui
    assert ui.title_edit.text() == chosen.title
    pick(ui.status_combo, ActionStatus.DONE.label)
    ui.owner_edit.clear()
    qtbot.keyClicks(ui.owner_edit, "Grace Yates")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)

    stored = sample_session.store.get(Action, chosen.id)
    assert stored.status is ActionStatus.DONE and stored.owner == "Grace Yates"
    assert page.ui.actions_table.selectionModel().isRowSelected(page.model.row_of(chosen.id))

    sample_session.undo_stack.undo()
    assert sample_session.store.get(Action, chosen.id).owner == chosen.owner
    assert ui.owner_edit.text() == chosen.owner  # the form follows the undo


def test_revert_forgets_what_was_typed(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    click_row(qtbot, page, 0)
    before = page.ui.title_edit.text()
    qtbot.keyClicks(page.ui.title_edit, " and more")
    qtbot.mouseClick(page.ui.revert_button, Qt.MouseButton.LeftButton)
    assert page.ui.title_edit.text() == before and not page.ui.save_button.isEnabled()
    assert sample_session.undo_stack.count() == 0


def test_typing_is_kept_when_another_row_is_chosen_and_asked_about_when_invalid(
    qtbot, sample_session, settings
):
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    click_row(qtbot, page, 0)
    first, second = page.model.record(0), page.model.record(1)
    qtbot.keyClick(page.ui.title_edit, Qt.Key.Key_End)
    qtbot.keyClicks(page.ui.title_edit, " soon")

    click_row(qtbot, page, 1)  # saved on the way, as a cell is
    assert sample_session.store.get(Action, first.id).title == first.title + " soon"
    assert page.ui.title_edit.text() == second.title
    selected = page.ui.actions_table.selectionModel().selectedRows()
    assert [page.model.record(index.row()).id for index in selected] == [second.id]

    # A title cannot be empty: leaving asks, and going back keeps the form as typed.
    page.ui.title_edit.selectAll()
    qtbot.keyClick(page.ui.title_edit, Qt.Key.Key_Delete)
    asked = answer_unsaved("Go back and fix it")
    click_row(qtbot, page, 0)
    assert len(asked) == 1
    assert page.ui.title_edit.text() == "" and page.ui.title_problem.isVisible()
    assert sample_session.store.get(Action, second.id).title == second.title

    asked = answer_unsaved("Discard what was typed")
    click_row(qtbot, page, 0)
    assert len(asked) == 1
    assert sample_session.store.get(Action, second.id).title == second.title
    assert page.ui.title_edit.text() == page.model.record(0).title


def test_overdue_actions_are_marked_and_in_the_warning_colour(qtbot, session, settings):
    yesterday = TODAY - timedelta(days=1)
    session.add(Action(title="Late", due=yesterday, status=ActionStatus.IN_PROGRESS))
    session.add(Action(title="Finished", due=yesterday, status=ActionStatus.DONE))
    session.add(Action(title="Later", due=TODAY + timedelta(days=30)))
    page = make_page(qtbot, session, settings)
    model = page.model
    due = {model.record(row).title: model.index(row, DUE).data() for row in range(3)}
    assert due["Late"] == f"{yesterday:%d/%m/%Y} (overdue)"
    assert due["Finished"] == f"{yesterday:%d/%m/%Y}"
    rows = {model.record(row).title: row for row in range(3)}
    warning = WARNING_COLOUR
    assert painted_colour(model, rows["Late"], WHAT) == warning
    assert painted_colour(model, rows["Finished"], WHAT) != warning
    assert painted_colour(model, rows["Later"], DUE) != warning


def test_element_filter_and_naming(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    ui = page.ui
    assert ui.element_filter.itemText(0) == "All elements"
    pick(ui.element_filter, Element.RECIPROCITY.label)
    expected = sample_session.store.count(Action, element=Element.RECIPROCITY)
    assert 0 < page.model.rowCount() == expected < sample_session.store.count(Action)
    assert page.model.index(0, ELEMENT).data() == "Reciprocity and mutuality"

    settings.naming = Naming.NEF
    assert ui.element_filter.currentText() == "Mutuality"  # the choice survives
    assert page.model.index(0, ELEMENT).data() == "Mutuality"
    assert ui.element_combo.findText("Capacity") > 0
    assert page.model.rowCount() == expected


def test_sorting_by_owner_happens_in_the_store(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    header = page.ui.actions_table.horizontalHeader()
    x = header.sectionViewportPosition(OWNER) + header.sectionSize(OWNER) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    (first,) = sample_session.store.page(Action, sort="owner", limit=1)
    assert header.sortIndicatorSection() == OWNER
    assert page.model.index(0, OWNER).data() == first.owner


def test_delete_asks_first_and_can_be_undone(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    count = sample_session.store.count(Action)
    click_row(qtbot, page, 0)
    chosen = page.model.record(0)
    assert page.can_delete()

    answer_next_question(QMessageBox.StandardButton.No)
    page.delete_selected()
    assert sample_session.store.count(Action) == count

    answer_next_question(QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert sample_session.store.get(Action, chosen.id) is None
    assert page.model.rowCount() == count - 1 and not page.can_delete()

    sample_session.undo_stack.undo()
    assert sample_session.store.get(Action, chosen.id) is not None


def test_show_record_selects_an_action_hidden_by_the_filter(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    (action,) = sample_session.store.page(Action, element=Element.ASSETS, limit=1)
    pick(page.ui.element_filter, Element.CAPABILITIES.label)
    assert page.show_record(Action, action.id)
    assert page.ui.element_filter.currentIndex() == 0
    assert page.ui.title_edit.text() == action.title


def test_a_read_only_audit_cannot_be_changed(qtbot, read_only_session, settings):
    page = make_page(qtbot, read_only_session, settings)
    show(qtbot, page)
    ui = page.ui
    assert ui.read_only_note.isVisible()
    assert not page.can_add() and not page.can_delete()
    click_row(qtbot, page, 0)
    assert ui.title_edit.text() == page.model.record(0).title  # reading still works
    for widget in (ui.title_edit, ui.element_combo, ui.owner_edit, ui.due_edit, ui.notes_edit):
        assert not widget.isEnabled()
    assert not ui.save_button.isEnabled() and not page.can_delete()
    assert page.ui.element_filter.isEnabled()  # filtering is not editing


def test_keyboard_only(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    show(qtbot, page)
    ui = page.ui
    page.add_record()
    assert QApplication.focusWidget() is ui.title_edit
    qtbot.keyClicks(ui.title_edit, "Ask carers what they want in return")
    order = [ui.element_combo, ui.owner_edit, ui.due_edit]
    order += [ui.status_combo, ui.notes_edit, ui.revert_button, ui.save_button]
    for expected in order:
        tab(qtbot)
        assert QApplication.focusWidget() is expected
    qtbot.keyClick(ui.save_button, Qt.Key.Key_Space)
    assert session.store.page(Action)[0].title == "Ask carers what they want in return"

    qtbot.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Sta&tus
    assert QApplication.focusWidget() is ui.status_combo
    qtbot.keyClick(page, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Sho&w actions for
    assert QApplication.focusWidget() is ui.element_filter
    qtbot.keyClick(ui.element_filter, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.add_action_button  # Add, beside the filter
    qtbot.keyClick(ui.add_action_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.actions_table
