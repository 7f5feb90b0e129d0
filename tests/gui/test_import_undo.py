"""An import through the wizard of the real window: importing again after a correction adds
only the corrected rows, and Edit › Undo (Ctrl+Z) takes a whole import back in one step."""

from __future__ import annotations

from acting import pick
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from test_exchange_import import (
    choose,
    click_box,
    next_page,
    open_in,
    start_import,
    summary,
    wait_for_preview,
)

from coprod_desktop.domain import CommunityAsset, Person
from coprod_desktop.gui.importing.wizard import RESULT_PAGE, UNDO_NOTE
from tests.exchange.test_reimport import counts, doubled, live_state, partner_book

FIRST_COUNTS = {"people": 3, "capabilities": 2, "assets": 2, "roles": 1, "actions": 1}
CORRECTED_COUNTS = {"people": 5, "capabilities": 4, "assets": 3, "roles": 2, "actions": 2}


def import_through_wizard(qtbot, window, path, *, valid_only: bool) -> dict:
    """Import `path` as a user does: choose it, accept the guessed columns, check, import.
    Return the preview's counts of each sheet."""
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, path)
    next_page(qtbot, wizard)  # the columns, as guessed
    # The sheet's own values the audit does not know stay problems: the partner corrects
    # the file (the wizard's guess of "Heart" for "hart" is not taken).
    for tab in wizard.mapping_page.sheet_tabs.values():
        for combo in tab.theirs.combos.values():
            pick(combo, "Leave as a problem")
    next_page(qtbot, wizard)
    page = wait_for_preview(qtbot, wizard)
    shown = summary(page)
    notes = page.note.text()
    if valid_only:
        assert page.valid_only_box.isVisible()
        click_box(qtbot, page.valid_only_box)
    else:
        assert not page.valid_only_box.isVisible()
    assert UNDO_NOTE in page.note.text()
    qtbot.mouseClick(wizard.import_button(), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == RESULT_PAGE
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(finish.isEnabled, timeout=20_000)
    result_text = wizard.result_page.summary.text()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    return {"sheets": shown, "note": notes, "result": result_text}


def people_shown(window) -> set[str]:
    window.page_actions[1].trigger()
    page = window.view.current_page()
    return {page.model.person(row).name for row in range(page.model.rowCount())}


def assets_shown(window) -> int:
    window.page_actions[2].trigger()
    return window.view.current_page().model.rowCount()


def press(qtbot, window, key, modifiers) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, key, modifiers)


CTRL = Qt.KeyboardModifier.ControlModifier


def test_importing_again_after_a_correction_adds_only_the_corrected_rows(
    qtbot, window, audit_path, tmp_path
):
    source = partner_book(tmp_path / "partners.xlsx", corrected=False)
    open_in(qtbot, window, audit_path)
    first = import_through_wizard(qtbot, window, source, valid_only=True)
    assert first["sheets"]["Our volunteers"] == ("3", "0", "0", "0", "2")
    assert "recognised then, not added twice" in first["result"]
    store = window.session.store
    assert counts(store) == FIRST_COUNTS

    partner_book(source, corrected=True)  # the partner corrects the five bad rows
    again = import_through_wizard(qtbot, window, source, valid_only=False)
    assert again["sheets"] == {
        "Our volunteers": ("2", "0", "3", "0", "0"),
        "Skills": ("2", "0", "2", "0", "0"),
        "Venues": ("1", "0", "2", "0", "0"),
        "Roles": ("1", "0", "1", "0", "0"),
        "Action plan": ("1", "0", "1", "0", "0"),
    }
    assert "9 rows without an ID are already in the audit" in again["note"]
    assert counts(store) == CORRECTED_COUNTS
    assert doubled(store) == []
    assert people_shown(window) == {
        "Jane Smith",
        "Dai Jones",
        "Megan Hughes",
        "Priya Patel",
        "Owen Morgan",
    }

    # Ctrl+Z takes back the second import only: the rows of the first stay.
    assert window.undo_action.text() == (
        "&Undo Import 2 people, 2 capabilities, 1 community asset, 1 role, 1 action from "
        "partners.xlsx"
    )
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert counts(store) == FIRST_COUNTS
    assert people_shown(window) == {"Jane Smith", "Dai Jones", "Owen Morgan"}


def test_ctrl_z_takes_the_whole_import_back_and_redo_brings_it_again(
    qtbot, window, audit_path, tmp_path
):
    open_in(qtbot, window, audit_path)
    session = window.session
    store = session.store
    # Edits made before the import, which stay undoable after it.
    ann = session.add(Person(name="Ann Evans"))
    session.update(Person(**{**ann.__dict__, "organisation": "Cwm FC"}))
    jane = session.add(Person(name="Jane Smith", email="jane@example.org"))
    before = live_state(store)
    assert session.undo_stack.count() == 3

    # The import adds rows and changes Jane (her organisation and phone are in the file).
    source = partner_book(tmp_path / "partners.xlsx", corrected=True)
    outcome = import_through_wizard(qtbot, window, source, valid_only=False)
    assert outcome["sheets"]["Our volunteers"] == ("4", "1", "0", "0", "0")
    assert (
        "Edit › Undo (Ctrl+Z) in the main window takes this whole import back"
        in (outcome["result"])
    )
    after = live_state(store)
    assert counts(store) == {**CORRECTED_COUNTS, "people": 6}
    assert store.get(Person, jane.id).organisation == "Riverside Tenants"
    assert assets_shown(window) == 3
    assert session.undo_stack.count() == 4
    assert window.undo_action.text() == (
        "&Undo Import 4 people, 4 capabilities, 3 community assets, 2 roles, 2 actions and "
        "changes to 1 person from partners.xlsx"
    )

    # Ctrl+Z: the whole import goes, Jane is as she was, and the pages show it.
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert live_state(store) == before
    assert counts(store) == {"people": 2}
    assert store.get(Person, jane.id).organisation == ""
    assert people_shown(window) == {"Ann Evans", "Jane Smith"}
    assert assets_shown(window) == 0
    assert store.count(CommunityAsset) == 0

    # The edit before the import is still a step of undo, and undoes as it should.
    assert window.undo_action.text().startswith("&Undo Add person")
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # Jane's adding
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # Ann's organisation
    assert store.get(Person, ann.id).organisation == ""
    assert store.get(Person, jane.id) is None

    # Redo brings each back, the import last, exactly as it was.
    press(qtbot, window, Qt.Key.Key_Y, CTRL)  # Redo (Ctrl+Y was an ambiguous shortcut)
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Redo too
    assert live_state(store) == before
    window.redo_action.trigger()
    assert live_state(store) == after
    assert people_shown(window) == {
        "Ann Evans",
        "Jane Smith",
        "Dai Jones",
        "Megan Hughes",
        "Priya Patel",
        "Owen Morgan",
    }
    assert assets_shown(window) == 3
    assert not window.redo_action.isEnabled()


def test_an_undo_that_no_longer_fits_says_so_and_writes_nothing(qtbot, session, tmp_path):
    from coprod_desktop.exchange.importing.importer import apply_import, plan_import
    from coprod_desktop.gui.importing.result_page import IMPORTED_TYPES

    source = partner_book(tmp_path / "partners.xlsx", corrected=True)
    store = session.store
    jane = store.add(Person(name="Jane Smith", email="jane@example.org"))
    result = apply_import(store, plan_import(store, source))  # gives Jane an organisation
    session.imported(result, IMPORTED_TYPES)
    assert session.undo_stack.count() == 1
    # A change the undo history does not know of, to a record the import changed.
    jane = store.get(Person, jane.id)
    store.update(Person(**{**jane.__dict__, "organisation": "Cwm FC"}))
    state = live_state(store)
    with qtbot.waitSignal(session.failed) as failed:
        session.undo_stack.undo()
    assert "could not be undone or redone" in failed.args[0]
    assert "has been changed or deleted since" in failed.args[0]
    assert "Jane" not in failed.args[0] and "Participant" not in failed.args[0]
    assert live_state(store) == state  # nothing was written
