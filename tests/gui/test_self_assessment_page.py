"""The Self-assessment page, used as a person would: rounds, ratings, evidence, chart, actions."""

from datetime import timedelta

import pytest
from acting import answer_dialogs, answer_next_question, show
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QMessageBox,
)

from coprod_desktop.analysis.progress import SUBJECTS, progress, rating_text
from coprod_desktop.domain import (
    Action,
    ActionStatus,
    AssessmentRating,
    AssessmentRound,
    Element,
    Naming,
    Principle,
)
from coprod_desktop.gui.main_window import MainWindow
from coprod_desktop.gui.models.ratings import CHANGE, EVIDENCE, PREVIOUS, RATING, change_text
from coprod_desktop.gui.pages.self_assessment import SelfAssessmentPage
from coprod_desktop.gui.widgets.radar_chart import RadarChart
from coprod_desktop.store import AuditStore
from tests.gui.conftest import TODAY


def open_page(qtbot, session, settings) -> SelfAssessmentPage:
    page = SelfAssessmentPage(session, settings, today=TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    return page


@pytest.fixture
def round_held(session):
    """A round of last month with no ratings, added straight to the store (no undo history)."""
    return session.store.add(
        AssessmentRound(held_on=TODAY - timedelta(days=30), participants="Panel (6), staff (3)")
    )


def row_of(subject) -> int:
    return next(
        row
        for row, s in enumerate(SUBJECTS)
        if s is subject  # Element.RECIPROCITY and Principle.RECIPROCITY are equal strings
    )


def click_cell(qtbot, page: SelfAssessmentPage, row: int, column: int) -> None:
    table = page.ui.ratings_table
    rect = table.visualRect(page.model.index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def editor(page: SelfAssessmentPage) -> QComboBox | None:
    table = page.ui.ratings_table
    if table.state() != QAbstractItemView.State.EditingState:
        return None
    return table.indexWidget(table.currentIndex())


def rate_with_keys(qtbot, page: SelfAssessmentPage, row: int, *keys: Qt.Key) -> None:
    """Select the row, open its rating with the first key (F2 or a digit), press the rest,
    then Enter to save."""
    click_cell(qtbot, page, row, 1)
    table = page.ui.ratings_table
    qtbot.keyClick(table, keys[0])
    qtbot.waitUntil(lambda: editor(page) is not None)
    combo = editor(page)
    for key in keys[1:]:
        qtbot.keyClick(combo, key)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor(page) is None)


def ratings_of(session, round_id: str) -> dict:
    return {
        (("element", r.element) if r.element else ("principle", r.principle)): r
        for r in session.store.page(AssessmentRating, round_id=round_id)
    }


def cell(page: SelfAssessmentPage, row: int, column: int) -> str:
    return page.model.index(row, column).data()


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


# -- rounds ---------------------------------------------------------------------------------


def test_an_empty_audit_says_no_self_assessment_yet(qtbot, session, settings):
    page = open_page(qtbot, session, settings)
    ui = page.ui
    assert ui.empty_panel.isVisible() and ui.empty_heading.text() == "No self-assessment yet"
    assert not ui.round_panel.isVisible()
    assert (
        ui.start_first_button.isEnabled()
        and "Start a round" in ui.start_first_button.text().replace("&", "")
    )
    assert page.can_add() and not page.can_delete()
    assert page.chart.accessibleDescription() == "No self-assessment yet: nothing to show."
    page.focus_first()
    assert QApplication.focusWidget() is ui.start_first_button


def test_start_a_round_through_the_dialog_and_find_it_in_the_file(qtbot, session, settings):
    page = open_page(qtbot, session, settings)
    seen_date = []

    def fill(dialog) -> None:
        seen_date.append(dialog.date_edit.value())
        qtbot.keyClicks(dialog.participants_edit, "Lived Experience Panel (7), staff (4)")
        qtbot.keyClicks(dialog.notes_edit, "Held at the library, lunch provided")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

    answer_dialogs(fill)
    qtbot.mouseClick(page.ui.start_first_button, Qt.MouseButton.LeftButton)

    assert seen_date == [TODAY]  # the day of the round is today unless changed
    with AuditStore.open(session.path, read_only=True) as stored:
        (held,) = stored.page(AssessmentRound)
    assert held.held_on == TODAY
    assert held.participants == "Lived Experience Panel (7), staff (4)"
    assert held.notes == "Held at the library, lunch provided"
    ui = page.ui
    assert not ui.empty_panel.isVisible() and ui.round_panel.isVisible()
    assert ui.round_combo.currentText().startswith(f"{TODAY:%d/%m/%Y} (latest)")
    assert "Lived Experience Panel (7)" in ui.round_details.text()
    # Ready to rate: the first row is selected, in the table that has the focus.
    assert page.focusWidget() is ui.ratings_table  # has the focus when the window is active
    assert ui.ratings_table.currentIndex().row() == 0
    assert cell(page, 0, RATING) == "Not assessed"

    session.undo_stack.undo()
    assert session.store.count(AssessmentRound) == 0 and ui.empty_panel.isVisible()


def test_a_round_in_the_future_is_refused_and_nothing_is_written(qtbot, session, settings):
    page = open_page(qtbot, session, settings)
    shown = {}

    def try_tomorrow(dialog) -> None:
        dialog.date_edit.setFocus()
        qtbot.keyClick(dialog.date_edit, Qt.Key.Key_Up)  # one day later
        assert dialog.date_edit.value() == TODAY + timedelta(days=1)
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        shown["visible"] = dialog.isVisible()
        shown["problem"] = dialog.held_on_problem.text()
        shown["problem_shown"] = dialog.held_on_problem.isVisible()
        # Clicked once this answer is over: the question it opens is the next dialog.
        cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        QTimer.singleShot(0, cancel.click)

    def discard(question) -> None:  # Cancel after typing asks what to do with it
        assert question.objectName() == "unsaved_dialog_question"
        question.button(QMessageBox.StandardButton.Discard).click()

    answer_dialogs(try_tomorrow, discard)
    page.add_record()  # Edit > Start a round

    tomorrow = TODAY + timedelta(days=1)
    assert shown["visible"], "the dialog stays open to correct the date"
    assert shown["problem_shown"]
    assert (
        shown["problem"] == f"{tomorrow:%d/%m/%Y} is in the future; use today or an earlier date."
    )
    assert session.store.count(AssessmentRound) == 0
    assert session.undo_stack.count() == 0
    assert page.ui.empty_panel.isVisible()


def test_change_the_rounds_details(qtbot, session, settings, round_held):
    page = open_page(qtbot, session, settings)

    def change(dialog) -> None:
        assert dialog.date_edit.value() == round_held.held_on
        dialog.participants_edit.selectAll()
        qtbot.keyClicks(dialog.participants_edit, "Panel (8), carers (2), staff (3)")
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)

    answer_dialogs(change)
    qtbot.mouseClick(page.ui.edit_round_button, Qt.MouseButton.LeftButton)
    assert session.store.get(AssessmentRound, round_held.id).participants == (
        "Panel (8), carers (2), staff (3)"
    )
    assert "carers (2)" in page.ui.round_details.text()


# -- ratings and evidence -------------------------------------------------------------------


def test_rate_an_element_with_f2_and_a_principle_by_typing_a_digit(
    qtbot, session, settings, round_held
):
    page = open_page(qtbot, session, settings)
    networks, diversity = row_of(Element.PEER_NETWORKS), row_of(Principle.DIVERSITY)

    rate_with_keys(qtbot, page, networks, Qt.Key.Key_F2, *[Qt.Key.Key_Down] * 3)
    rate_with_keys(qtbot, page, diversity, Qt.Key.Key_4)  # typed on the name: rates the row

    stored = ratings_of(session, round_held.id)
    assert set(stored) == {("element", Element.PEER_NETWORKS), ("principle", Principle.DIVERSITY)}
    assert stored["element", Element.PEER_NETWORKS].score == 3
    assert stored["principle", Principle.DIVERSITY].score == 4
    assert stored["principle", Principle.DIVERSITY].element is None
    assert cell(page, networks, RATING) == "3 Developing"
    assert cell(page, diversity, RATING) == "4 Established"
    assert page.ui.round_combo.currentText().endswith("2 of 10 rated")
    # Changing a rating changes the record that is there, not a second one.
    rate_with_keys(qtbot, page, networks, Qt.Key.Key_5)
    stored = ratings_of(session, round_held.id)
    assert len(stored) == 2 and stored["element", Element.PEER_NETWORKS].score == 5
    assert session.undo_stack.undoText() == "Rate Peer support networks: 5 Embedded"


def test_undo_and_redo_a_rating(qtbot, session, settings, round_held):
    page = open_page(qtbot, session, settings)
    row = row_of(Element.ASSETS)
    rate_with_keys(qtbot, page, row, Qt.Key.Key_2)
    rate_with_keys(qtbot, page, row, Qt.Key.Key_3)
    assert ratings_of(session, round_held.id)["element", Element.ASSETS].score == 3

    session.undo_stack.undo()
    assert ratings_of(session, round_held.id)["element", Element.ASSETS].score == 2
    assert cell(page, row, RATING) == "2 Starting out"
    session.undo_stack.undo()
    assert ratings_of(session, round_held.id) == {}
    assert cell(page, row, RATING) == "Not assessed"
    assert page.ui.ratings_table.currentIndex().row() == row  # the row stays selected
    session.undo_stack.redo()
    assert cell(page, row, RATING) == "2 Starting out"


def test_evidence_is_saved_with_the_button_and_on_leaving_the_row(
    qtbot, session, settings, round_held
):
    page = open_page(qtbot, session, settings)
    ui = page.ui
    blurring, equality = row_of(Element.BLURRING), row_of(Principle.EQUALITY)
    click_cell(qtbot, page, blurring, 1)
    assert "Blurring distinctions (element): Not assessed" in ui.row_heading.text()
    assert not ui.save_button.isEnabled()
    qtbot.keyClicks(ui.evidence_edit, "Peer workers co-facilitate two groups.")
    assert ui.save_button.isEnabled() and ui.revert_button.isEnabled()
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)

    stored = ratings_of(session, round_held.id)["element", Element.BLURRING]
    assert stored.evidence == "Peer workers co-facilitate two groups." and stored.score is None
    assert cell(page, blurring, EVIDENCE) == "Peer workers co-facilitate two groups."
    assert not ui.save_button.isEnabled()

    # Typed, then another row chosen: kept, as a cell would be.
    click_cell(qtbot, page, equality, 1)
    qtbot.keyClicks(ui.evidence_edit, "No vote on the board yet.")
    click_cell(qtbot, page, blurring, 1)
    assert ratings_of(session, round_held.id)["principle", Principle.EQUALITY].evidence == (
        "No vote on the board yet."
    )
    assert ui.evidence_edit.toPlainText() == "Peer workers co-facilitate two groups."

    # Revert forgets what was typed.
    qtbot.keyClicks(ui.evidence_edit, " And more.")
    qtbot.mouseClick(ui.revert_button, Qt.MouseButton.LeftButton)
    assert ui.evidence_edit.toPlainText() == "Peer workers co-facilitate two groups."

    session.undo_stack.undo()  # the evidence for equality
    assert ratings_of(session, round_held.id).get(("principle", Principle.EQUALITY)) is None


def test_the_table_and_the_chart_show_what_progress_gives(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    expected = progress(sample_session.store, TODAY)
    assert expected.previous is not None  # the sample has two rounds
    assert page.ui.round_combo.currentData() == expected.round_id
    for row, rating in enumerate(expected.ratings):
        assert cell(page, row, RATING) == rating_text(rating.latest)
        assert cell(page, row, PREVIOUS) == rating_text(rating.previous)
        assert cell(page, row, CHANGE) == change_text(rating.since_previous)
    changes = {cell(page, row, CHANGE) for row in range(len(SUBJECTS))}
    assert "▲ 1" in changes  # the sample improves on some
    spokes = [(s.current, s.previous) for s in page.chart.spokes]
    assert spokes == [(r.latest, r.previous) for r in expected.ratings]
    assert [s.name for s in page.chart.spokes][:2] == [
        "Building on people's existing capabilities",
        "Reciprocity and mutuality",
    ]
    assert page.chart.current_label == f"{expected.current.held_on:%d/%m/%Y}"
    assert page.chart.previous_label == f"{expected.previous.held_on:%d/%m/%Y}"
    described = page.chart.accessibleDescription()
    first = expected.ratings[0]
    assert (
        f"Building on people's existing capabilities (element): "
        f"{rating_text(first.latest).lower()}, before {rating_text(first.previous).lower()}."
    ) in described

    # The older round, chosen with the keyboard: nothing before it to compare with.
    older = expected.rounds[0]
    combo = page.ui.round_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == older.id
    first_round = progress(sample_session.store, TODAY, older.id)
    for row, rating in enumerate(first_round.ratings):
        assert cell(page, row, RATING) == rating_text(rating.latest)
        assert cell(page, row, PREVIOUS) == "" and cell(page, row, CHANGE) == ""
    assert [(s.current, s.previous) for s in page.chart.spokes] == [
        (r.latest, None) for r in first_round.ratings
    ]
    assert page.chart.previous_label == ""
    assert "no round before" in page.ui.round_details.text()


def test_the_chosen_round_stays_chosen_after_an_edit_and_its_undo(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    combo = page.ui.round_combo
    older = progress(sample_session.store, TODAY).rounds[0]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    row = row_of(Principle.ACCESSIBILITY)
    rate_with_keys(qtbot, page, row, Qt.Key.Key_5)
    assert combo.currentData() == older.id
    assert ratings_of(sample_session, older.id)["principle", Principle.ACCESSIBILITY].score == 5
    sample_session.undo_stack.undo()
    assert combo.currentData() == older.id
    assert page.ui.ratings_table.currentIndex().row() == row


def test_element_names_follow_the_chosen_naming(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    settings.naming = Naming.NEF
    assert cell(page, 0, 1) == "Capacity"
    assert [s.name for s in page.chart.spokes][:3] == ["Capacity", "Mutuality", "Networks"]
    assert cell(page, row_of(Principle.RECIPROCITY), 1) == "Reciprocity"


# -- deleting a round -----------------------------------------------------------------------


def test_delete_a_round_with_its_ratings_then_undo_brings_them_back(
    qtbot, sample_session, settings
):
    page = open_page(qtbot, sample_session, settings)
    store = sample_session.store
    latest = progress(store, TODAY).current
    assert store.count(AssessmentRating, round_id=latest.id) == 10
    assert page.can_delete()

    answer_next_question(QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.ui.delete_round_button, Qt.MouseButton.LeftButton)
    assert store.get(AssessmentRound, latest.id) is not None

    answer_next_question(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.ui.delete_round_button, Qt.MouseButton.LeftButton)
    assert store.get(AssessmentRound, latest.id) is None
    assert store.count(AssessmentRating, round_id=latest.id) == 0
    assert page.ui.round_combo.count() == 1
    assert page.ui.round_combo.currentData() != latest.id
    assert sample_session.undo_stack.undoText().startswith("Delete the self-assessment round")

    sample_session.undo_stack.undo()  # one step brings back the round and its ratings
    assert store.get(AssessmentRound, latest.id) is not None
    assert store.count(AssessmentRating, round_id=latest.id) == 10
    assert page.ui.round_combo.currentData() == latest.id  # shown again


# -- actions --------------------------------------------------------------------------------


def test_turn_a_low_rating_into_an_action(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    now = progress(sample_session.store, TODAY)
    row, low = next(
        (row, r) for row, r in enumerate(now.ratings) if r.kind == "element" and r.latest in (1, 2)
    )
    click_cell(qtbot, page, row, 1)
    ui = page.ui
    assert ui.turn_into_action_button.isEnabled()
    assert ui.action_hint.text().startswith("Suggested:")
    with qtbot.waitSignal(page.go_to) as signal:
        qtbot.mouseClick(ui.turn_into_action_button, Qt.MouseButton.LeftButton)

    name = settings.element_name(low.subject)
    (action,) = [
        a for a in sample_session.store.page(Action, limit=1000) if a.title == f"Improve: {name}"
    ]
    assert action.element is low.subject and action.status is ActionStatus.PLANNED
    assert f"{now.current.held_on:%d/%m/%Y}" in action.notes
    assert rating_text(low.latest) in action.notes and low.evidence in action.notes
    assert signal.args == ["actions_page", Action, action.id]

    sample_session.undo_stack.undo()
    assert sample_session.store.get(Action, action.id) is None


def test_a_principle_becomes_an_action_without_an_element(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    row = row_of(Principle.RECIPROCITY)
    click_cell(qtbot, page, row, 1)
    with qtbot.waitSignal(page.go_to) as signal:
        page.turn_into_action()
    action = sample_session.store.get(Action, signal.args[2])
    assert action.title == "Improve: Reciprocity" and action.element is None


def test_an_unrated_row_cannot_become_an_action(qtbot, session, settings, round_held):
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, 1)
    assert not page.ui.turn_into_action_button.isEnabled()
    assert "Rate it first" in page.ui.action_hint.text()


def test_in_the_window_the_new_action_is_shown_on_the_actions_page(
    qtbot, settings, small_sample_path, tmp_path
):
    copy = tmp_path / "sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(copy)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    page = window.view.current_page()
    assert page.objectName() == "self_assessment_page"
    assert window.add_action.text() == "&Start a round" and window.delete_action.isEnabled()
    page.ui.ratings_table.setCurrentIndex(page.model.index(row_of(Element.CAPABILITIES), 1))
    qtbot.mouseClick(page.ui.turn_into_action_button, Qt.MouseButton.LeftButton)
    actions = window.view.current_page()
    assert actions.objectName() == "actions_page"
    assert actions.ui.title_edit.text() == "Improve: Building on people's existing capabilities"
    window.close()


# -- read-only ------------------------------------------------------------------------------


def test_a_read_only_audit_cannot_be_changed(qtbot, read_only_session, settings):
    page = open_page(qtbot, read_only_session, settings)
    ui = page.ui
    assert ui.read_only_note.isVisible()
    assert not page.can_add() and not page.can_delete()
    for button in (
        ui.start_round_button,
        ui.edit_round_button,
        ui.delete_round_button,
        ui.turn_into_action_button,
        ui.save_button,
        ui.revert_button,
    ):
        assert not button.isEnabled(), button.objectName()
    assert ui.evidence_edit.isReadOnly()
    assert ui.round_combo.isEnabled()  # looking at another round is not editing

    click_cell(qtbot, page, 0, RATING)
    qtbot.keyClick(ui.ratings_table, Qt.Key.Key_F2)
    qtbot.keyClick(ui.ratings_table, Qt.Key.Key_3)
    assert editor(page) is None
    assert not page.model.flags(page.model.index(0, RATING)) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.write(0, score=3)
    assert read_only_session.undo_stack.count() == 0
    row = ui.ratings_table.currentIndex().row()  # typing a digit searches the column
    shown = progress(read_only_session.store, TODAY).ratings[row]
    assert ui.evidence_edit.toPlainText() == shown.evidence  # reading still works


# -- keyboard -------------------------------------------------------------------------------


def test_keyboard_only(qtbot, session, settings, round_held):
    page = open_page(qtbot, session, settings)
    ui = page.ui
    page.focus_first()
    assert QApplication.focusWidget() is ui.ratings_table
    qtbot.keyClick(ui.ratings_table, Qt.Key.Key_Down)
    qtbot.keyClick(ui.ratings_table, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: editor(page) is not None)
    qtbot.keyClick(editor(page), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor(page) is None)
    assert ratings_of(session, round_held.id)["element", Element.RECIPROCITY].score == 1

    qtbot.keyClick(ui.ratings_table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.evidence_edit
    qtbot.keyClicks(ui.evidence_edit, "Expenses paid late")
    for expected in (ui.turn_into_action_button, ui.revert_button, ui.save_button):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    qtbot.keyClick(ui.save_button, Qt.Key.Key_Space)
    assert ratings_of(session, round_held.id)["element", Element.RECIPROCITY].evidence == (
        "Expenses paid late"
    )
    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Round
    assert QApplication.focusWidget() is ui.round_combo
    qtbot.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # Ev&idence
    assert QApplication.focusWidget() is ui.evidence_edit


def test_the_radar_chart_grows_with_the_font(qtbot, sample_session, settings):
    chart = RadarChart()
    qtbot.addWidget(chart)

    def name(subject) -> str:
        return settings.element_name(subject) if isinstance(subject, Element) else subject.label

    chart.set_progress(progress(sample_session.store, TODAY), name)
    small = chart.minimumSizeHint()
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    chart.setFont(font)
    large = chart.minimumSizeHint()
    assert large.width() > small.width() and large.height() > small.height()
    assert chart.accessibleDescription().startswith("Ratings from 1 Not yet to 5 Embedded.")
