"""The reference population dialog, used as a person would: import, type, OK, undo."""

import hashlib
from pathlib import Path

import pytest
from acting import answer_dialogs, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from coprod_desktop.domain import ReferenceShare
from coprod_desktop.exchange.importing.reference_csv import read_reference_csv
from coprod_desktop.gui.dialogs.audit_details import AuditDetailsDialog
from coprod_desktop.gui.dialogs.reference import (
    CHECK_COLUMN,
    SHARE_COLUMN,
    UNDO_TEXT,
    ReferencePopulationDialog,
)

ETHNICITY_CSV = (
    "Characteristic;Category;Percentage;Source\r\n"
    "Ethnic group;Asian, Asian British or Asian Welsh;7,5;Census 2021, TS021, Brackenford LA\r\n"
    "Ethnic group;Black, Black British, Black Welsh, Caribbean or African;3,0;"
    "Census 2021, TS021, Brackenford LA\r\n"
    "Ethnic group;White;80,0;Census 2021, TS021, Brackenford LA\r\n"
)


@pytest.fixture
def host(qtbot):
    """The window the dialog opens over."""
    widget = QWidget()
    qtbot.addWidget(widget)
    show(qtbot, widget)
    return widget


def open_dialog(qtbot, session, host, settings) -> ReferencePopulationDialog:
    dialog = ReferencePopulationDialog(session, host, settings)
    dialog.open()
    qtbot.waitExposed(dialog.ui)
    dialog.ui.activateWindow()
    qtbot.waitUntil(dialog.ui.isActiveWindow)
    return dialog


def choose_file(path: Path):
    def answer(dialog):
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(path))
        dialog.accept()

    return answer


def item(dialog, question_label: str, group_label: str | None = None):
    [top] = dialog.tree.findItems(question_label, Qt.MatchFlag.MatchExactly)
    if group_label is None:
        return top
    [child] = [top.child(r) for r in range(top.childCount()) if top.child(r).text(0) == group_label]
    return child


def click(qtbot, dialog, row_item, column: int = 0) -> None:
    dialog.tree.scrollToItem(row_item)
    rect = dialog.tree.visualItemRect(row_item)
    x = dialog.tree.header().sectionViewportPosition(column) + 10
    qtbot.mouseClick(
        dialog.tree.viewport(),
        Qt.MouseButton.LeftButton,
        pos=rect.center().__class__(x, rect.center().y()),
    )


def type_percent(qtbot, dialog, question_label: str, group_label: str, text: str) -> None:
    """Click the group's name, type the figure and press Enter, as a person would."""
    click(qtbot, dialog, item(dialog, question_label, group_label))
    qtbot.keyClicks(dialog.tree, text[:1])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "typing did not open the percentage for editing"
    qtbot.keyClicks(editor, text[1:])
    press_enter(qtbot, dialog, editor)


def press_enter(qtbot, dialog, editor: QLineEdit | None) -> None:
    """Press Enter in a cell being edited: Qt takes the figure on its next round of events."""
    editor = editor or QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "no figure is being typed"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.tree.state() == QAbstractItemView.State.NoState)
    assert dialog.ui.isVisible(), "Enter in a cell must not press OK"


def stored(session) -> set[tuple[str, str, float, str]]:
    return {
        (s.question, s.group, round(s.share, 9), s.source)
        for s in session.store.iterate(ReferenceShare)
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- import, type, OK, undo -----------------------------------------------------------------------


def test_import_type_ok_then_undo_and_redo(qtbot, sample_session, host, settings, tmp_path):
    session = sample_session
    before = stored(session)
    ids_before = {s.id: s for s in session.store.iterate(ReferenceShare)}
    assert len(before) == 48
    csv = tmp_path / "ethnicity.csv"
    csv.write_bytes(ETHNICITY_CSV.encode("utf-8-sig"))
    dialog = open_dialog(qtbot, session, host, settings)
    assert item(dialog, "Ethnic group", "White").text(SHARE_COLUMN) == "86.2"
    assert item(dialog, "Ethnic group").text(CHECK_COLUMN) == "About 100%"

    answer_dialogs(choose_file(csv))
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    assert settings.last_folder("reference_csv") == str(tmp_path)
    assert item(dialog, "Ethnic group", "White").text(SHARE_COLUMN) == "80.0"
    assert item(dialog, "Ethnic group", "Mixed or Multiple ethnic groups").text(SHARE_COLUMN) == ""
    assert item(dialog, "Ethnic group").text(SHARE_COLUMN) == "90.5"
    assert item(dialog, "Ethnic group").text(CHECK_COLUMN) == (
        "Less than 100%: some groups have no figure"
    )
    notes = dialog.ui.notes_label.text()
    assert "Imported from ethnicity.csv: Ethnic group." in notes
    assert "The other 10 questions are as they were." in notes
    assert "'Ethnic group' add up to 90.5%, not 100%" in notes
    # Each figure keeps its source; the field lists them in the order of the questions.
    assert dialog.ui.source_edit.text() == (
        "Census 2021 style figures for the fictional Brackenford and Cwm Derwen area "
        "(sample data); Census 2021, TS021, Brackenford LA"
    )
    assert stored(session) == before  # nothing is saved before OK
    qtbot.waitUntil(dialog.ui.isActiveWindow)

    type_percent(qtbot, dialog, "Sex", "Female", "52.5")
    type_percent(qtbot, dialog, "Sex", "Male", "47,5%")
    assert item(dialog, "Sex").text(SHARE_COLUMN) == "100.0"
    steps = session.undo_stack.count()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.ui.isVisible()

    after = {(s.question, s.group): s for s in session.store.iterate(ReferenceShare)}
    assert len(after) == 48 - 5 + 3
    assert after[("ethnicity", "asian")].share == pytest.approx(0.075)
    assert after[("ethnicity", "asian")].source == "Census 2021, TS021, Brackenford LA"
    assert ("ethnicity", "mixed") not in after
    assert after[("sex", "female")].share == pytest.approx(0.525)
    assert after[("sex", "male")].share == pytest.approx(0.475)
    # Figures nobody touched are left alone: the same records.
    age = after[("age", "under_16")]
    assert ids_before[age.id].modified_at == age.modified_at

    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == UNDO_TEXT
    session.undo_stack.undo()
    assert stored(session) == before
    session.undo_stack.redo()
    assert {(q, g) for q, g, _s, _src in stored(session)} == set(after)


def test_typing_a_figure_into_an_empty_audit(qtbot, session, host, settings):
    dialog = open_dialog(qtbot, session, host, settings)
    assert item(dialog, "Welsh language").text(CHECK_COLUMN) == "No figures"
    qtbot.keyClicks(dialog.ui.source_edit, "Census 2021, TS032, Brackenford LA")
    type_percent(qtbot, dialog, "Welsh language", "Can speak Welsh", "21.2")
    assert item(dialog, "Welsh language").text(CHECK_COLUMN) == (
        "Less than 100%: some groups have no figure"
    )
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    [share] = session.store.iterate(ReferenceShare)
    assert (share.question, share.group, share.source) == (
        "welsh_language",
        "speaks",
        "Census 2021, TS032, Brackenford LA",
    )
    assert share.share == pytest.approx(0.212)


def test_a_figure_can_be_cleared(qtbot, sample_session, host, settings):
    dialog = open_dialog(qtbot, sample_session, host, settings)
    click(qtbot, dialog, item(dialog, "Sex", "Male"))
    qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "49.1"
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    press_enter(qtbot, dialog, editor)
    assert item(dialog, "Sex", "Male").text(SHARE_COLUMN) == ""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    groups = {s.group for s in sample_session.store.iterate(ReferenceShare, question="sex")}
    assert groups == {"female"}


def test_opening_and_pressing_ok_changes_nothing(qtbot, sample_session, host, settings):
    dialog = open_dialog(qtbot, sample_session, host, settings)
    steps = sample_session.undo_stack.count()
    with qtbot.assertNotEmitted(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert sample_session.undo_stack.count() == steps


def test_cancel_leaves_the_audit_as_it_was(qtbot, sample_session, host, settings):
    before = stored(sample_session)
    dialog = open_dialog(qtbot, sample_session, host, settings)
    type_percent(qtbot, dialog, "Sex", "Female", "10")
    qtbot.keyClick(dialog.ui, Qt.Key.Key_Escape)
    assert not dialog.ui.isVisible()
    assert stored(sample_session) == before


# -- what is refused -------------------------------------------------------------------------------


def test_a_bad_csv_shows_why_and_changes_nothing(qtbot, sample_session, host, settings, tmp_path):
    bad = tmp_path / "census.csv"
    bad.write_text("question,group,share\nEthnic group,Asian British,7.2\n", encoding="utf-8")
    audit_file = sample_session.path
    hashes = (digest(bad), digest(audit_file))
    dialog = open_dialog(qtbot, sample_session, host, settings)
    table = [(s.question, s.group, s.share, s.source) for s in dialog.shares()]
    source = dialog.ui.source_edit.text()

    answer_dialogs(choose_file(bad))
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    box = dialog.ui.findChild(QMessageBox, "error_message")
    assert box is not None and box.isVisible()
    assert box.windowTitle() == "The figures were not imported"
    assert box.text() == (
        "census.csv, row 2, column B (group): 'Asian British' is not an answer to 'Ethnic group'."
    )
    assert box.informativeText().startswith(
        "Use one of: 'Asian, Asian British or Asian Welsh', 'Black, Black British"
    )
    assert box.informativeText().endswith("Nothing in the table has changed.")
    box.button(QMessageBox.StandardButton.Ok).click()

    assert [(s.question, s.group, s.share, s.source) for s in dialog.shares()] == table
    assert dialog.ui.source_edit.text() == source
    assert not dialog.ui.notes_label.isVisible()
    assert (digest(bad), digest(audit_file)) == hashes


def test_a_binary_file_is_refused(qtbot, session, host, settings, tmp_path):
    workbook = tmp_path / "census.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(200))
    dialog = open_dialog(qtbot, session, host, settings)
    answer_dialogs(choose_file(workbook))
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    box = dialog.ui.findChild(QMessageBox, "error_message")
    assert "not a CSV file" in box.text()
    assert dialog.shares() == []


def test_more_than_100_percent_is_not_saved(qtbot, sample_session, host, settings):
    before = stored(sample_session)
    steps = sample_session.undo_stack.count()
    dialog = open_dialog(qtbot, sample_session, host, settings)
    type_percent(qtbot, dialog, "Sex", "Female", "60")
    assert item(dialog, "Sex").text(CHECK_COLUMN) == "More than 100%: check the figures"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.ui.isVisible()
    assert dialog.ui.problem_label.text() == (
        "Not saved: the shares of 'Sex' add up to more than 100%. Correct the figures, "
        "then press OK."
    )
    assert stored(sample_session) == before
    assert sample_session.undo_stack.count() == steps

    type_percent(qtbot, dialog, "Sex", "Female", "50.9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.ui.isVisible()


def test_a_percentage_over_100_is_refused_in_the_cell(qtbot, session, host, settings):
    dialog = open_dialog(qtbot, session, host, settings)
    type_percent(qtbot, dialog, "Age", "Under 16", "150")
    assert item(dialog, "Age", "Under 16").text(SHARE_COLUMN) == ""
    assert dialog.ui.problem_label.text() == (
        "Under 16: 150% is more than 100%. Type the percentage of the area's population in "
        "this group."
    )


def test_letters_cannot_be_typed_as_a_figure(qtbot, session, host, settings):
    dialog = open_dialog(qtbot, session, host, settings)
    type_percent(qtbot, dialog, "Age", "Under 16", "1x2")
    assert item(dialog, "Age", "Under 16").text(SHARE_COLUMN) == "12.0"


# -- saving as CSV and read-only audits ----------------------------------------------------------


def test_save_as_csv_then_import_gives_the_same_table(
    qtbot, sample_session, host, settings, tmp_path
):
    dialog = open_dialog(qtbot, sample_session, host, settings)
    type_percent(qtbot, dialog, "Sex", "Female", "50")
    target = tmp_path / "figures.csv"
    answer_dialogs(choose_file(target))
    qtbot.mouseClick(dialog.ui.export_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Saved as figures.csv." in dialog.ui.notes_label.text()
    shown = [(s.question, s.group, round(s.share, 9)) for s in dialog.shares()]
    assert [
        (s.question, s.group, round(s.share, 9)) for s in read_reference_csv(target).shares
    ] == (shown)
    assert ("sex", "female", 0.5) in shown

    answer_dialogs(choose_file(target))
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    assert [(s.question, s.group, round(s.share, 9)) for s in dialog.shares()] == shown


def test_read_only_audit_is_shown_not_changed(qtbot, read_only_session, host, settings, tmp_path):
    dialog = open_dialog(qtbot, read_only_session, host, settings)
    assert dialog.ui.read_only_note.isVisible()
    assert not dialog.ok_button.isVisible()
    assert not dialog.ui.import_button.isEnabled()
    assert dialog.ui.source_edit.isReadOnly()
    assert item(dialog, "Sex", "Female").text(SHARE_COLUMN) == "50.9"

    click(qtbot, dialog, item(dialog, "Sex", "Female"))
    qtbot.keyClicks(dialog.tree, "7")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_F2)
    assert not isinstance(QApplication.focusWidget(), QLineEdit)
    assert item(dialog, "Sex", "Female").text(SHARE_COLUMN) == "50.9"

    target = tmp_path / "read only.csv"
    answer_dialogs(choose_file(target))
    qtbot.mouseClick(dialog.ui.export_button, Qt.MouseButton.LeftButton)
    assert len(read_reference_csv(target).shares) == 48
    qtbot.keyClick(dialog.ui, Qt.Key.Key_Escape)
    assert not dialog.ui.isVisible()


# -- from the audit details ------------------------------------------------------------------------


def test_opened_from_the_audit_details(qtbot, session, host, settings, tmp_path):
    details = AuditDetailsDialog(session, host)
    details.open()
    qtbot.waitExposed(details.ui)
    assert details.ui.reference_summary.text() == "No figures for the area's population yet."
    csv = tmp_path / "ethnicity.csv"
    csv.write_bytes(ETHNICITY_CSV.encode("cp1252"))

    qtbot.mouseClick(details.ui.reference_button, Qt.MouseButton.LeftButton)
    dialog = details.reference_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog.ui)
    answer_dialogs(choose_file(csv))
    qtbot.mouseClick(dialog.ui.import_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert session.store.count(ReferenceShare) == 3
    assert details.ui.reference_summary.text() == (
        "Figures for the area's population: 1 of the 11 equality questions."
    )
    assert details.ui.isVisible()


def test_keyboard_only(qtbot, session, host, settings):
    dialog = open_dialog(qtbot, session, host, settings)
    tree = dialog.tree
    assert QApplication.focusWidget() is tree
    assert tree.currentItem() is item(dialog, "Age", "Under 16")
    for key in (Qt.Key.Key_1, Qt.Key.Key_8):
        qtbot.keyClick(QApplication.focusWidget(), key)
    press_enter(qtbot, dialog, None)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    qtbot.keyClicks(tree, "9")
    qtbot.keyClicks(QApplication.focusWidget(), ".5")
    press_enter(qtbot, dialog, None)
    assert dialog.share("age", "under_16") == pytest.approx(0.18)
    assert dialog.share("age", "16_24") == pytest.approx(0.095)
    assert item(dialog, "Age").text(SHARE_COLUMN) == "27.5"

    expected = [dialog.ui.source_edit, dialog.ui.import_button, dialog.ui.export_button]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
        assert widget.accessibleName()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (dialog.ok_button, dialog.ui.buttons.buttons()[-1])
