"""Dates people can type, in every form that has one, used as a person would.

The five optional dates of the window (consent given on, review consent by, an action's due
date, the day of a self-assessment round, the audit's start) are one `DateField`. Each test
runs in each of the five forms: the user types into the empty field, leaves it with Tab and
saves; then the test reads what reached the audit file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from acting import answer_dialogs, choose, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolButton, QWidget

from coprod_desktop.domain import Action, AssessmentRound, ConsentScope, Person
from coprod_desktop.gui.dialogs.audit_details import AuditDetailsDialog
from coprod_desktop.gui.pages.actions import ActionsPage
from coprod_desktop.gui.pages.people import PeoplePage
from coprod_desktop.gui.pages.self_assessment import SelfAssessmentPage
from coprod_desktop.gui.widgets.date_field import DateField
from tests.gui.conftest import TODAY

SEPT_14 = date(2026, 9, 14)
TYPED_FORMS = ["14/09/2026", "14.9.26", "2026-09-14", "14 Sep 2026"]


@dataclass
class Opened:
    """A form open on screen: its date field, how to save it, and what it shows problems in."""

    field: DateField
    save: Callable[[], None]
    problem: Callable[[], str]  # the text beside the field ("" when none is shown)
    changed: Callable[[], bool]  # the form counts as holding unsaved edits
    today: date  # the day its calendar opens at when the field is empty


def visible_text(label) -> str:
    return label.text() if label.isVisible() else ""


# -- the five forms: open one, run the user's steps in it, read what was saved ----------------


def person_form(field_name: str):
    def use(qtbot, session, settings, steps, stored_value=None) -> None:
        if stored_value is not None:
            session.store.add(
                Person(
                    name="Sian Evans",
                    consent_scope=ConsentScope.PARTNERS,
                    **{field_name: stored_value},
                )
            )
        page = PeoplePage(session, settings, today=TODAY)
        qtbot.addWidget(page)
        show(qtbot, page)
        ui = page.ui
        if stored_value is None:
            qtbot.mouseClick(ui.add_person_button, Qt.MouseButton.LeftButton)
            qtbot.keyClicks(ui.name_edit, "Sian Evans")
            choose(qtbot, ui.consent_scope_combo, "Partner organisations")
        else:
            ui.people_table.selectRow(0)
            assert page.current is not None
        steps(
            Opened(
                field=getattr(ui, f"{field_name}_edit"),
                save=lambda: qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton),
                problem=lambda: visible_text(getattr(ui, f"{field_name}_problem")),
                changed=page.form.is_dirty,
                today=TODAY,
            )
        )

    def stored(session):
        people = session.store.page(Person)
        return getattr(people[0], field_name) if people else "nothing saved"

    return use, stored


def action_form():
    def use(qtbot, session, settings, steps, stored_value=None) -> None:
        if stored_value is not None:
            session.store.add(Action(title="Run a skills-swap evening", due=stored_value))
        page = ActionsPage(session, settings, today=TODAY)
        qtbot.addWidget(page)
        show(qtbot, page)
        ui = page.ui
        if stored_value is None:
            page.add_record()
            qtbot.keyClicks(ui.title_edit, "Run a skills-swap evening")
        else:
            ui.actions_table.selectRow(0)
        steps(
            Opened(
                field=ui.due_edit,
                save=lambda: qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton),
                problem=lambda: visible_text(ui.due_problem),
                changed=page._is_dirty,
                today=TODAY,
            )
        )

    def stored(session):
        actions = session.store.page(Action)
        return actions[0].due if actions else "nothing saved"

    return use, stored


def round_form():
    def use(qtbot, session, settings, steps, stored_value=None) -> None:
        if stored_value is not None:
            session.store.add(AssessmentRound(held_on=stored_value, participants="Panel (6)"))
        page = SelfAssessmentPage(session, settings, today=TODAY)
        qtbot.addWidget(page)
        show(qtbot, page)
        seen = []

        def in_the_dialog(dialog) -> None:
            try:
                ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
                seen.append(dialog)
                dialog.activateWindow()  # as the window system does for a dialog that opens
                qtbot.waitUntil(dialog.isActiveWindow)
                steps(
                    Opened(
                        field=dialog.date_edit,
                        save=lambda: qtbot.mouseClick(ok, Qt.MouseButton.LeftButton),
                        problem=lambda: visible_text(dialog.held_on_problem),
                        changed=lambda: dialog.date_edit.value() != (stored_value or TODAY),
                        today=TODAY,
                    )
                )
            except BaseException as error:  # raised after the dialog is closed, not inside it
                failures.append(error)
            if dialog.isVisible():  # refused, or not saved: the dialog is still open
                dialog.reject()

        failures: list[BaseException] = []
        answer_dialogs(in_the_dialog)
        button = page.ui.edit_round_button if stored_value else page.ui.start_first_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert seen, "the round dialog opened"
        if failures:
            raise failures[0]

    def stored(session):
        rounds = session.store.page(AssessmentRound)
        return rounds[0].held_on if rounds else "nothing saved"

    return use, stored


def audit_form():
    def use(qtbot, session, settings, steps, stored_value=None) -> None:
        if stored_value is not None:
            from dataclasses import replace

            session.store.update(replace(session.store.audit(), start_date=stored_value))
        host = QWidget()
        qtbot.addWidget(host)
        host.resize(900, 700)
        host.show()
        details = AuditDetailsDialog(session, host)
        details.open()
        qtbot.waitExposed(details.ui)
        details.ui.activateWindow()
        qtbot.waitUntil(details.ui.isActiveWindow)
        ui = details.ui
        steps(
            Opened(
                field=ui.start_date_edit,
                save=lambda: qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton),
                problem=lambda: visible_text(ui.start_date_problem),
                changed=lambda: details._edited() != session.store.audit(),
                today=date.today(),
            )
        )
        if ui.isVisible():
            ui.reject()

    def stored(session):
        return session.store.audit().start_date

    return use, stored


FORMS = {
    "consent given on": person_form("consent_date"),
    "review consent by": person_form("consent_review"),
    "action due": action_form(),
    "round held on": round_form(),
    "audit start": audit_form(),
}
NOTHING = {  # what the file holds for the field when nothing was saved
    "consent given on": "nothing saved",
    "review consent by": "nothing saved",
    "action due": "nothing saved",
    "round held on": "nothing saved",
    "audit start": None,
}


@pytest.fixture(params=list(FORMS))
def form(request):
    return request.param


def empty(qtbot, field: DateField) -> None:
    """Click into the field and delete what it shows, as a person empties it."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "" and field.value() is None


def leave(qtbot, field: DateField) -> None:
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is not field and not field.isAncestorOf(focus), "Tab leaves the field"


# -- typing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", TYPED_FORMS)
def test_a_date_typed_into_the_empty_field_is_saved(qtbot, session, settings, form, typed):
    use, stored = FORMS[form]
    written = []

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        # A round is held on some day: its empty field shows how to type one, not "Not set".
        assert field.placeholderText() == ("dd/mm/yyyy" if form == "round held on" else "Not set")
        qtbot.keyClicks(field, typed)
        leave(qtbot, field)
        written.append(field.text())
        assert opened.problem() == ""
        opened.save()

    use(qtbot, session, settings, steps)
    assert written == ["14/09/2026"], "the date is written out in full on leaving the field"
    assert stored(session) == SEPT_14


def test_typing_changes_the_form_and_leaving_gives_the_form_that_date(
    qtbot, session, settings, form
):
    use, _stored = FORMS[form]
    seen = {}

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        emitted = []
        field.dateChanged.connect(emitted.append)
        field.edited.connect(lambda: emitted.append("edited"))
        qtbot.keyClicks(field, "14/09")  # not a date yet
        seen["half typed counts as a change"] = opened.changed()
        qtbot.keyClicks(field, "/2026")
        leave(qtbot, field)
        seen["value"] = field.value()
        seen["changed"] = opened.changed()
        seen["signals"] = SEPT_14 in emitted and "edited" in emitted

    use(qtbot, session, settings, steps)
    assert seen == {
        "half typed counts as a change": True,
        "value": SEPT_14,
        "changed": True,
        "signals": True,
    }


# -- the calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["Alt+Down", "F4", "the calendar button"])
def test_the_calendar_of_an_empty_field_opens_at_today(qtbot, session, settings, form, key):
    use, stored = FORMS[form]
    seen = {}

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        if key == "Alt+Down":
            qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        elif key == "F4":
            qtbot.keyClick(field, Qt.Key.Key_F4)
        else:
            (button,) = [
                b
                for b in field.findChildren(QToolButton)
                if b.defaultAction() is field.calendar_action
            ]
            assert button.accessibleName() == "Choose the date from a calendar"
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        popup = field.calendar_popup
        qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
        calendar = popup.calendar
        seen["opens at"] = calendar.selectedDate().toPython()
        seen["page"] = (calendar.yearShown(), calendar.monthShown())
        seen["earliest"] = calendar.minimumDate().toPython()
        # Enter takes the day the calendar shows, and the focus is back in the field.
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        seen["closed"] = not popup.isVisible()
        seen["back in the field"] = QApplication.focusWidget() is field
        seen["value"] = field.value()
        seen["today"] = opened.today
        opened.save()

    use(qtbot, session, settings, steps)
    today = seen.pop("today")
    assert seen == {
        "opens at": today,
        "page": (today.year, today.month),
        "earliest": date(2000, 1, 1),
        "closed": True,
        "back in the field": True,
        "value": today,
    }
    assert today != date(1900, 1, 1)
    assert stored(session) == today


def test_the_calendar_opens_at_the_fields_date_and_escape_keeps_it(qtbot, session, settings, form):
    use, _stored = FORMS[form]
    seen = {}

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        qtbot.keyClicks(field, "14.9.26")
        qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        popup = field.calendar_popup
        seen["opens at"] = popup.calendar.selectedDate().toPython()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # a day later...
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # ...not taken
        seen["closed"] = not popup.isVisible()
        seen["value"] = field.value()

    use(qtbot, session, settings, steps)
    assert seen == {"opens at": SEPT_14, "closed": True, "value": SEPT_14}


def test_the_calendar_opens_at_today_of_the_form(qtbot, session, settings):
    """The pages are given their day (the tests' TODAY): an empty field's calendar opens there."""
    use, _stored = FORMS["action due"]
    seen = []

    def steps(opened: Opened) -> None:
        qtbot.keyClick(opened.field, Qt.Key.Key_F4)
        seen.append(opened.field.calendar_popup.calendar.selectedDate().toPython())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    use(qtbot, session, settings, steps)
    assert seen == [TODAY]


# -- not set --------------------------------------------------------------------------------


def test_clearing_a_saved_date_saves_not_set(qtbot, session, settings, form):
    use, stored = FORMS[form]
    seen = {}

    def steps(opened: Opened) -> None:
        field = opened.field
        seen["shown"] = field.text()
        (button,) = [
            b for b in field.findChildren(QToolButton) if b.defaultAction() is field.clear_action
        ]
        seen["button name"] = button.accessibleName()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        seen["value"] = field.value()
        seen["changed"] = opened.changed()
        leave(qtbot, field)
        opened.save()
        seen["problem"] = opened.problem()

    use(qtbot, session, settings, steps, stored_value=SEPT_14)
    assert seen["shown"] == "14/09/2026"
    assert seen["button name"] == "Clear the date (not set)"
    assert seen["value"] is None and seen["changed"]
    if form == "round held on":  # a round was held on some day: it cannot be "not set"
        assert seen["problem"] == "Give the day the round was held."
        assert stored(session) == SEPT_14
    else:
        assert seen["problem"] == ""
        assert stored(session) is None


def test_deleting_the_text_is_not_set_too(qtbot, session, settings):
    use, stored = FORMS["action due"]

    def steps(opened: Opened) -> None:
        empty(qtbot, opened.field)
        leave(qtbot, opened.field)
        opened.save()

    use(qtbot, session, settings, steps, stored_value=SEPT_14)
    assert stored(session) is None


# -- dates an audit cannot hold -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("14/09/1926", "14/09/1926 is before 2000: check the year."),
        ("14.9.85", "14/09/1985 is before 2000: check the year."),
        ("14/09/2090", "14/09/2090 is more than 10 years in the future: check the year."),
    ],
)
def test_a_year_out_of_range_is_refused_and_nothing_saved(
    qtbot, session, settings, form, typed, message
):
    use, stored = FORMS[form]
    seen = {}

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        qtbot.keyClicks(field, typed)
        leave(qtbot, field)
        seen["on leaving"] = opened.problem()
        opened.save()
        seen["on saving"] = opened.problem()

    use(qtbot, session, settings, steps)
    assert seen == {"on leaving": message, "on saving": message}
    assert stored(session) == NOTHING[form]


# -- typing mistakes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31/02/2026", "'31/02/2026' is not a date: there is no such day."),
        ("14/13/2026", "'14/13/2026' is not a date: there is no month 13."),
        ("14/09", "'14/09' is not a date."),
        ("next week", "'next week' is not a date."),
    ],
)
def test_a_typo_is_shown_beside_the_field_and_nothing_is_saved(
    qtbot, session, settings, form, typed, reason
):
    use, stored = FORMS[form]
    seen = {}

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        qtbot.keyClicks(field, typed)
        leave(qtbot, field)
        seen["kept"] = field.text()
        seen["on leaving"] = opened.problem()
        seen["changed"] = opened.changed()
        opened.save()
        seen["on saving"] = opened.problem()

    use(qtbot, session, settings, steps)
    advice = " Type the day first, like 14/09/2026, or leave it empty."
    assert seen == {
        "kept": typed,  # what was typed stays to be corrected
        "on leaving": reason + advice,
        "changed": True,
        "on saving": reason + advice,
    }
    assert stored(session) == NOTHING[form]


def test_a_typo_in_a_saved_record_leaves_the_file_as_it_was(qtbot, session, settings):
    use, stored = FORMS["consent given on"]

    def steps(opened: Opened) -> None:
        qtbot.mouseClick(opened.field, Qt.MouseButton.LeftButton)
        opened.field.selectAll()
        qtbot.keyClicks(opened.field, "14/09/20266")
        leave(qtbot, opened.field)
        assert opened.changed()
        opened.save()
        assert "is not a date" in opened.problem()

    use(qtbot, session, settings, steps, stored_value=SEPT_14)
    assert stored(session) == SEPT_14


# -- keys -----------------------------------------------------------------------------------


def test_up_and_down_change_the_day(qtbot, session, settings):
    use, stored = FORMS["action due"]

    def steps(opened: Opened) -> None:
        field = opened.field
        empty(qtbot, field)
        qtbot.keyClick(field, Qt.Key.Key_Up)  # from nothing: today
        assert field.value() == TODAY
        field.selectAll()
        qtbot.keyClicks(field, "28/02/2027")
        qtbot.keyClick(field, Qt.Key.Key_Up)
        assert field.text() == "01/03/2027"
        qtbot.keyClick(field, Qt.Key.Key_Down)
        qtbot.keyClick(field, Qt.Key.Key_Down)
        leave(qtbot, field)
        opened.save()

    use(qtbot, session, settings, steps)
    assert stored(session) == date(2027, 2, 27)


def test_digits_only_are_read_day_first(qtbot, session, settings):
    use, stored = FORMS["action due"]

    def steps(opened: Opened) -> None:
        empty(qtbot, opened.field)
        qtbot.keyClicks(opened.field, "14092026")
        leave(qtbot, opened.field)
        assert opened.field.text() == "14/09/2026"
        opened.save()

    use(qtbot, session, settings, steps)
    assert stored(session) == SEPT_14


def test_a_read_only_audit_opens_no_calendar(qtbot, read_only_session, settings):
    page = ActionsPage(read_only_session, settings, today=TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    page.ui.actions_table.selectRow(0)
    field = page.ui.due_edit
    assert not field.isEnabled()
    field.open_calendar()
    assert field.calendar_popup is None
