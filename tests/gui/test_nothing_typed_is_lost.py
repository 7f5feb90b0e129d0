"""Nothing typed is lost: every form of the window, left every way a user can leave it.

A user types into a form and, without pressing Save, chooses another row, another page,
File › Close audit (Ctrl+W) or Quit (Ctrl+Q). What was typed must be in the file when the
audit is opened again, and while it is only in the form the status bar must not say
"All changes saved". What cannot be saved (a required field emptied) is asked about.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from acting import answer_dialogs, answer_unsaved
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox, QWidget

from coprod_desktop.domain import (
    Action,
    AssessmentRating,
    Capability,
    CommunityAsset,
    Element,
    ElementLink,
    Person,
    Role,
)
from coprod_desktop.gui.main_window import SAVED_TEXT, MainWindow
from coprod_desktop.gui.models.ratings import EVIDENCE, RATING
from coprod_desktop.store import AuditStore

TYPED = " (typed, not saved)"


@pytest.fixture
def audit_copy(small_sample_path, tmp_path):
    copy = tmp_path / "Audit.coprod"
    shutil.copy(small_sample_path, copy)
    return copy


@pytest.fixture
def window(qtbot, settings, audit_copy):
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.resize(1366, 740)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignal(shown.audit_opened, timeout=30_000):
        shown.open_audit(audit_copy)
    yield shown
    shown.close()


def go_to(qtbot, window: MainWindow, number: int) -> QWidget:
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
    page = window.view.current_page()
    qtbot.waitExposed(page)
    return page


def click_index(qtbot, view: QAbstractItemView, index) -> None:
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_at_end(qtbot, edit: QWidget, text: str) -> None:
    edit.setFocus()
    if isinstance(edit, QLineEdit):
        qtbot.keyClick(edit, Qt.Key.Key_End)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


@dataclass
class Form:
    """How to type into one form, how to choose another row there, and what to read back."""

    name: str
    page: int  # Ctrl+number
    start: Callable  # (qtbot, page) -> record id, after typing TYPED into a field
    another_row: Callable  # (qtbot, page) -> None
    stored: Callable  # (store, record id) -> the text of the typed field as saved


# -- the forms -----------------------------------------------------------------------------


def _person(qtbot, page) -> str:
    click_index(qtbot, page.ui.people_table, page.model.index(0, 0))
    type_at_end(qtbot, page.ui.availability_edit, TYPED)
    return page.current.id


def _capability(qtbot, page) -> str:
    for row in range(page.model.rowCount()):  # someone with a capability
        click_index(qtbot, page.ui.people_table, page.model.index(row, 0))
        if page.ui.capability_list.count():
            break
    listing = page.ui.capability_list
    qtbot.mouseClick(
        listing.viewport(),
        Qt.MouseButton.LeftButton,
        pos=listing.visualItemRect(listing.item(0)).center(),
    )
    type_at_end(qtbot, page.ui.capability_description_edit, TYPED)
    return listing.item(0).data(Qt.ItemDataRole.UserRole)


def _people_next_row(qtbot, page) -> None:
    row = page.model.row_of(page.current.id)
    click_index(qtbot, page.ui.people_table, page.model.index(row + 1, 0))


def _asset(qtbot, page) -> str:
    click_index(qtbot, page.ui.assets_table, page.model.index(0, 0))
    type_at_end(qtbot, page.ui.opening_edit, TYPED)
    return page.model.record(0).id


def _asset_acv(qtbot, page) -> str:
    """The Asset of Community Value group, at the foot of the asset's form."""
    click_index(qtbot, page.ui.assets_table, page.model.index(0, 0))
    type_at_end(qtbot, page.ui.acv_reference_edit, TYPED)
    return page.model.record(0).id


def _asset_next_row(qtbot, page) -> None:
    click_index(qtbot, page.ui.assets_table, page.model.index(1, 0))


def _action(qtbot, page) -> str:
    click_index(qtbot, page.ui.actions_table, page.model.index(0, 0))
    type_at_end(qtbot, page.ui.owner_edit, TYPED)
    return page.model.record(0).id


def _action_next_row(qtbot, page) -> None:
    click_index(qtbot, page.ui.actions_table, page.model.index(1, 0))


def _role(qtbot, page) -> str:
    model, table = page.model, page.ui.roles_table
    for row in range(model.rowCount()):
        for column in range(1, model.columnCount()):
            index = model.index(row, column)
            if model.role_at(index) is not None:
                click_index(qtbot, table, index)
                type_at_end(qtbot, page.ui.title_edit, TYPED)
                page.typed_at = index
                return model.role_at(index).id
    raise AssertionError("the sample has no role")


def _role_next_cell(qtbot, page) -> None:
    index = page.typed_at
    click_index(qtbot, page.ui.roles_table, index.siblingAtRow(index.row() + 1))


def _evidence(qtbot, page) -> str:
    click_index(qtbot, page.ui.ratings_table, page.model.index(0, RATING))
    type_at_end(qtbot, page.ui.evidence_edit, TYPED)
    rating = page.model.rating(0)
    return page._round_id, rating.subject


def _evidence_next_row(qtbot, page) -> None:
    click_index(qtbot, page.ui.ratings_table, page.model.index(1, EVIDENCE))


def _link(qtbot, page) -> str:
    model = page.model
    column = model.column_of(Element.CAPABILITIES)
    for row in range(model.rowCount()):
        link = model.link(row, Element.CAPABILITIES)
        if link is not None:
            click_index(qtbot, page.view, model.index(row, column))
            type_at_end(qtbot, page.ui.evidence_edit, TYPED)
            page.typed_at = model.index(row, column)
            return link.id
    raise AssertionError("the sample has no link to the first element")


def _link_next_cell(qtbot, page) -> None:
    index = page.typed_at
    click_index(qtbot, page.view, index.siblingAtColumn(index.column() + 1))


def _rating_evidence(store: AuditStore, key) -> str:
    round_id, subject = key
    for rating in store.related(AssessmentRating, "round_id", [round_id]):
        if subject in (rating.element, rating.principle):
            return rating.evidence
    return ""


FORMS = [
    Form("person", 2, _person, _people_next_row, lambda s, i: s.get(Person, i).availability),
    Form(
        "capability",
        2,
        _capability,
        _people_next_row,
        lambda s, i: s.get(Capability, i).description,
    ),
    Form(
        "asset",
        3,
        _asset,
        _asset_next_row,
        lambda s, i: s.get(CommunityAsset, i).opening_times,
    ),
    Form(
        "asset ACV",
        3,
        _asset_acv,
        _asset_next_row,
        lambda s, i: s.get(CommunityAsset, i).acv_reference,
    ),
    Form("element link", 4, _link, _link_next_cell, lambda s, i: s.get(ElementLink, i).evidence),
    Form("role", 5, _role, _role_next_cell, lambda s, i: s.get(Role, i).title),
    Form("evidence", 6, _evidence, _evidence_next_row, _rating_evidence),
    Form("action", 7, _action, _action_next_row, lambda s, i: s.get(Action, i).owner),
]


def leave_by_another_row(qtbot, window, form: Form, page) -> None:
    form.another_row(qtbot, page)


def leave_by_another_page(qtbot, window, form: Form, page) -> None:
    go_to(qtbot, window, 1)  # the Overview
    assert window.view.current_page().objectName() == "overview_page"


def leave_by_close_audit(qtbot, window, form: Form, page) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None  # back at the welcome screen


def leave_by_quit(qtbot, window, form: Form, page) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


LEAVING = {
    "another row": leave_by_another_row,
    "another page": leave_by_another_page,
    "Ctrl+W": leave_by_close_audit,
    "Ctrl+Q": leave_by_quit,
}


@pytest.mark.parametrize("how", LEAVING)
@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_what_is_typed_is_kept_however_the_form_is_left(qtbot, window, audit_copy, form, how):
    page = go_to(qtbot, window, form.page)
    with AuditStore.open(audit_copy, read_only=True) as store:
        key = form.start(qtbot, page)
        before = form.stored(store, key)
    assert not before.endswith(TYPED)
    # Only in the form so far: the status bar says so.
    assert window.saved_label.text().startswith("Not saved yet")
    assert SAVED_TEXT not in window.saved_label.text()

    LEAVING[how](qtbot, window, form, page)

    if window.session is not None:
        assert window.saved_label.text().startswith(SAVED_TEXT)
        window.close()
    with AuditStore.open(audit_copy, read_only=True) as store:
        assert form.stored(store, key) == (before + TYPED).strip()


# -- what cannot be saved is asked about ----------------------------------------------------


def _empty_the_name(qtbot, window) -> tuple[QWidget, Person]:
    page = go_to(qtbot, window, 2)
    click_index(qtbot, page.ui.people_table, page.model.index(0, 0))
    person = page.current
    page.ui.name_edit.selectAll()
    qtbot.keyClick(page.ui.name_edit, Qt.Key.Key_Delete)
    return page, person


@pytest.mark.parametrize("how", ["another page", "Ctrl+W", "Ctrl+Q"])
def test_a_form_that_cannot_be_saved_asks_and_going_back_keeps_it(qtbot, window, audit_copy, how):
    page, person = _empty_the_name(qtbot, window)
    asked = answer_unsaved("Go back and fix it")
    key = {"another page": Qt.Key.Key_1, "Ctrl+W": Qt.Key.Key_W, "Ctrl+Q": Qt.Key.Key_Q}[how]
    qtbot.keyClick(page.ui.name_edit, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(asked) == 1)
    # Still there, on the People page, with the form as typed and the problem beside it.
    assert window.isVisible() and window.session is not None
    assert window.view.current_page() is page
    assert page.ui.name_edit.text() == "" and page.ui.name_problem.isVisible()
    assert window.saved_label.text().startswith("Not saved yet")

    window.activateWindow()  # as the window manager does once the question has gone
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClicks(page.ui.name_edit, "Gwen Evans-Pritchard")
    qtbot.keyClick(page.ui.name_edit, key, Qt.KeyboardModifier.ControlModifier)
    with AuditStore.open(audit_copy, read_only=True) as store:
        assert store.get(Person, person.id).name == "Gwen Evans-Pritchard"


def test_discarding_what_cannot_be_saved_leaves_the_file_as_it_was(qtbot, window, audit_copy):
    page, person = _empty_the_name(qtbot, window)
    asked = answer_unsaved("Discard what was typed")
    qtbot.keyClick(page.ui.name_edit, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and window.session is None
    with AuditStore.open(audit_copy, read_only=True) as store:
        assert store.get(Person, person.id).name == person.name


def test_a_new_person_typed_but_not_saved_is_added_on_leaving(qtbot, window, audit_copy):
    page = go_to(qtbot, window, 2)
    qtbot.mouseClick(page.ui.add_person_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.ui.name_edit, "Gwen Rhys")
    type_at_end(qtbot, page.ui.availability_edit, "Tuesday evenings")
    assert window.saved_label.text() == "Not saved yet: the new person 'Gwen Rhys'"
    window.quit_action.trigger()
    with AuditStore.open(audit_copy, read_only=True) as store:
        (hit,) = [h for h in store.search("Gwen Rhys") if h.kind == "person"]
        added = store.get(Person, hit.record_id)
        assert added.availability == "Tuesday evenings" and added.pseudonym


def test_ctrl_s_saves_the_form_and_says_so(qtbot, window, audit_copy):
    page = go_to(qtbot, window, 7)
    key = _action(qtbot, page)
    qtbot.keyClick(page.ui.owner_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.saved_label.text().startswith(SAVED_TEXT)
    assert window.statusBar().currentMessage() == "Saved."
    with AuditStore.open(audit_copy, read_only=True) as store:
        assert store.get(Action, key).owner.endswith(TYPED.strip())
    # With nothing typed, Ctrl+S says that everything is saved already.
    qtbot.keyClick(page.ui.owner_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "nothing to save" in window.statusBar().currentMessage()


def test_typing_in_a_form_then_exporting_exports_what_was_typed(qtbot, window, audit_copy):
    page = go_to(qtbot, window, 7)
    key = _action(qtbot, page)
    seen = answer_dialogs(lambda dialog: dialog.reject())
    window.export_action.trigger()
    qtbot.waitUntil(lambda: len(seen) == 1 or window.exchange_dialog is not None)
    if window.exchange_dialog is not None:
        window.exchange_dialog.reject()
    with AuditStore.open(audit_copy, read_only=True) as store:
        assert store.get(Action, key).owner.endswith(TYPED.strip())


# -- the audit's details, a dialog ----------------------------------------------------------


def _details_dialog(qtbot, window):
    overview = go_to(qtbot, window, 1)
    overview.edit_details()
    dialog = overview.details_dialog
    qtbot.waitExposed(dialog.ui)
    type_at_end(qtbot, dialog.ui.area_edit, " and Wharfside")
    return dialog


@pytest.mark.parametrize(
    "answer, kept",
    [
        (QMessageBox.StandardButton.Save, True),
        (QMessageBox.StandardButton.Discard, False),
    ],
)
def test_closing_the_audit_details_with_typed_changes_asks(qtbot, window, audit_copy, answer, kept):
    area = window.session.store.audit().area
    dialog = _details_dialog(qtbot, window)

    def press(box):
        assert box.objectName() == "unsaved_dialog_question"
        box.button(answer).click()

    asked = answer_dialogs(press)
    qtbot.keyClick(dialog.ui, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert not dialog.ui.isVisible()
    expected = area + " and Wharfside" if kept else area
    assert window.session.store.audit().area == expected


def test_cancel_in_the_question_keeps_the_audit_details_dialog_open(qtbot, window):
    dialog = _details_dialog(qtbot, window)
    asked = answer_dialogs(lambda box: box.button(QMessageBox.StandardButton.Cancel).click())
    dialog.ui.buttons.rejected.emit()  # the dialog's own Cancel button
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert dialog.ui.isVisible() and dialog.ui.area_edit.text().endswith(" and Wharfside")
    # The window's close button asks too.
    asked = answer_dialogs(lambda box: box.button(QMessageBox.StandardButton.Discard).click())
    dialog.ui.close()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert not dialog.ui.isVisible()


def test_the_status_bar_follows_typing_and_revert(qtbot, window):
    page = go_to(qtbot, window, 3)
    _asset(qtbot, page)
    assert window.saved_label.text().startswith("Not saved yet: the asset")
    qtbot.mouseClick(page.ui.revert_button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert window.saved_label.text().startswith(SAVED_TEXT)
