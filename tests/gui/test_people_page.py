"""The People page, used as a person would: the table, the form, capabilities, consent."""

from datetime import date

import pytest
from acting import choose, tick
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coprod_desktop.domain import Capability, CapabilityKind, ConsentScope, Hat, Person
from coprod_desktop.gui.pages.people import PeoplePage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.store import AuditStore

TODAY = date(2026, 11, 23)


@pytest.fixture
def page(qtbot, session, settings):
    shown = PeoplePage(session, settings, today=TODAY)
    qtbot.addWidget(shown)
    shown.resize(1200, 800)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()  # under Xvfb no window manager does it: keys need an active window
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def add_person(qtbot, page, name, *hats):
    qtbot.mouseClick(page.ui.add_person_button, Qt.MouseButton.LeftButton)
    assert page.ui.name_edit.hasFocus()
    qtbot.keyClicks(page.ui.name_edit, name)
    tick(qtbot, page.ui.hats_list, *hats)
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)


def add_capability(qtbot, page, kind_label, description):
    ui = page.ui
    qtbot.mouseClick(ui.add_capability_button, Qt.MouseButton.LeftButton)
    choose(qtbot, ui.capability_kind_combo, kind_label)
    qtbot.keyClicks(ui.capability_description_edit, description)
    qtbot.mouseClick(ui.save_capability_button, Qt.MouseButton.LeftButton)


def test_add_a_person_with_two_hats_and_three_capabilities(qtbot, page, session):
    add_person(qtbot, page, "Sian Evans", "Lived experience", "Volunteer")
    [person] = session.store.page(Person)
    assert person.name == "Sian Evans"
    assert set(person.hats) == {Hat.LIVED_EXPERIENCE, Hat.VOLUNTEER}
    assert page.ui.pseudonym_value.text() == person.pseudonym == "Participant 1"
    assert page.model.rowCount() == 1 and page.ui.count_label.text() == "1 person"

    add_capability(qtbot, page, "Head: knowledge", "Knows the benefits system inside out")
    add_capability(qtbot, page, "Languages", "Welsh and BSL")
    add_capability(qtbot, page, "Hands: practical skills", "Fixes bikes")
    stored = session.store.related(Capability, "person_id", [person.id])
    assert [(c.kind, c.description) for c in stored] == [
        (CapabilityKind.HEAD, "Knows the benefits system inside out"),
        (CapabilityKind.LANGUAGE, "Welsh and BSL"),
        (CapabilityKind.HANDS, "Fixes bikes"),
    ]
    assert page.ui.capability_list.count() == 3

    session.undo_stack.undo()  # the third capability
    assert page.ui.capability_list.count() == 2
    session.undo_stack.redo()
    assert page.ui.capability_list.count() == 3


def test_invalid_values_are_shown_beside_the_field_and_not_written(qtbot, page, session):
    qtbot.mouseClick(page.ui.add_person_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)  # no name
    assert page.ui.name_problem.isVisible() and "name" in page.ui.name_problem.text().lower()

    qtbot.keyClicks(page.ui.name_edit, "Ann Jones")
    qtbot.keyClicks(page.ui.email_edit, "ann.example.org")
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    assert page.ui.email_problem.isVisible()
    assert "not an email address" in page.ui.email_problem.text()
    assert not page.ui.name_problem.isVisible()
    assert page.ui.form_problem.text().startswith("Not saved")

    page.ui.email_edit.clear()
    choose(qtbot, page.ui.consent_scope_combo, "Partner organisations")
    next_year = date.today().replace(year=date.today().year + 1)
    qtbot.keyClicks(page.ui.consent_date_edit, f"{next_year:%d/%m/%Y}")
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    assert page.ui.consent_date_problem.isVisible()
    assert session.store.count(Person) == 0  # nothing was written

    page.ui.consent_date_edit.selectAll()
    qtbot.keyClicks(page.ui.consent_date_edit, f"{TODAY:%d/%m/%Y}")
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    [person] = session.store.page(Person)
    assert person.consent_scope is ConsentScope.PARTNERS and person.consent_date == TODAY


def test_an_overdue_consent_review_is_flagged(qtbot, page, session):
    person = session.add(
        Person(
            name="Bob",
            consent_scope=ConsentScope.PUBLIC,
            consent_date=date(2024, 1, 1),
            consent_review=date(2025, 1, 1),
        )
    )
    page.show_record(Person, person.id)
    assert page.ui.consent_warning.isVisible()
    assert "01/01/2025" in page.ui.consent_warning.text()
    assert page.model.data(page.model.index(0, 4)) == "The public (review overdue)"


def test_equality_answers_stay_hidden_until_asked_for(qtbot, page, session):
    person = session.add(Person(name="Cai", equality={"welsh_language": "speaks"}))
    page.show_record(Person, person.id)
    assert not page.ui.equality_group.isVisible()
    qtbot.mouseClick(page.ui.equality_toggle, Qt.MouseButton.LeftButton)
    assert page.ui.equality_group.isVisible()
    combo = page.form.equality_combos["sex"]
    choose(qtbot, combo, "Prefer not to say")
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    stored = session.store.get(Person, person.id)
    assert stored.equality == {"welsh_language": "speaks", "sex": "prefer_not_to_say"}


def test_delete_asks_first_and_can_be_undone(qtbot, page, session):
    person = session.add(Person(name="Dee"))
    page.model.reload()
    page.ui.people_table.selectRow(0)
    assert page.current.id == person.id and page.can_delete()

    def answer(button_text):
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "Dee" in box.text()
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, lambda: answer("Cancel"))
    page.delete_selected()
    assert session.store.count(Person) == 1
    QTimer.singleShot(0, lambda: answer("Delete"))
    page.delete_selected()
    assert session.store.count(Person) == 0 and page.current is None
    session.undo_stack.undo()
    assert session.store.count(Person) == 1 and page.model.rowCount() == 1


def test_filters_by_hat_and_words_in_the_database(qtbot, sample_session, settings):
    page = PeoplePage(sample_session, settings, today=TODAY)
    qtbot.addWidget(page)
    total = sample_session.store.count(Person)
    assert page.model.rowCount() == total
    choose(qtbot, page.ui.hat_filter, "Lived experience")
    expected = sample_session.store.count(Person, hat=Hat.LIVED_EXPERIENCE)
    assert 0 < page.model.rowCount() == expected < total
    assert page.ui.count_label.text() == f"{expected:,} people"
    first = page.model.person(0)
    qtbot.keyClicks(page.ui.name_filter, first.name.split()[-1])
    qtbot.waitUntil(lambda: page.model.rowCount() < expected)
    assert any(page.model.person(row).id == first.id for row in range(page.model.rowCount()))


def test_a_read_only_audit_cannot_be_edited(qtbot, small_sample_path, settings):
    session = AuditSession(AuditStore.open(small_sample_path, read_only=True))
    page = PeoplePage(session, settings, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.ui.read_only_note.isVisible() and "Read-only" in page.ui.read_only_note.text()
    assert not page.ui.add_person_button.isEnabled() and not page.can_add()
    page.ui.people_table.selectRow(0)
    assert page.current is not None
    assert not page.ui.name_edit.isEnabled() and not page.ui.save_button.isEnabled()
    assert not page.ui.add_capability_button.isEnabled()
    page.add_record()
    assert page.current.pseudonym  # still the person chosen, no new form
    session.close()


def test_tab_leaves_an_empty_date_field(qtbot, page):
    page.add_record()
    dates = page.ui.consent_date_edit
    dates.setFocus()
    assert page.form.read().consent_date is None
    qtbot.keyClick(dates, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dates and not dates.isAncestorOf(
        QApplication.focusWidget()
    )


def test_overdue_consent_is_painted_in_the_warning_colour(qtbot, page, session):
    session.add(
        Person(
            name="Eve",
            consent_review=date(2025, 1, 1),
            consent_scope=ConsentScope.PUBLIC,
            consent_date=date(2024, 1, 1),
        )
    )
    page.model.reload()
    colour = page.model.data(page.model.index(0, 4), Qt.ItemDataRole.ForegroundRole)
    assert colour is not None and colour.name() == "#a4262c"


def test_a_file_that_cannot_be_written_gets_a_message_and_the_form_keeps_the_person(
    qtbot, page, session, audit_path
):
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    other = sqlite3.connect(audit_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing: our writes must wait
    try:
        page.add_record()
        qtbot.keyClicks(page.ui.name_edit, "Ffion")
        qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
        box = page.findChild(QMessageBox, "error_message")
        assert box is not None and "busy" in box.text()
        assert page.ui.name_edit.text() == "Ffion"  # nothing typed is lost
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert session.store.count(Person) == 0
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    assert session.store.count(Person) == 1
