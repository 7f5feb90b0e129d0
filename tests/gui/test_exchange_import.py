"""Import from Excel or CSV, through the wizard, as a person would use it."""

import hashlib
from pathlib import Path

import pytest
from acting import answer_file_dialog, pick
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWizard

from coprod_desktop.domain import Person
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.exchange.workbook.writer import export_workbook
from coprod_desktop.gui.importing.wizard import (
    FILE_PAGE,
    MAPPING_PAGE,
    PREVIEW_PAGE,
    RESULT_PAGE,
    UNDO_NOTE,
    ImportWizard,
)
from coprod_desktop.store import AuditStore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "spreadsheets"

# A partner's own list: a title row above the headers, their own names for the columns,
# UK dates in two forms, several languages in a cell, and Ann Evans, who is in the audit.
PARTNER_CSV = (
    "Riverside Tenants' Association: volunteers,,,,,,\r\n"
    "Full name,E-mail address,Organisation,Consent date,Consent to share,Languages spoken,"
    "When free\r\n"
    "Gwen Morgan,gwen@example.org,Riverside Tenants' Association,03/04/2025,"
    'Partner organisations,"Welsh; English",Weekday evenings\r\n'
    "Aled Price,aled@example.org,,3 April 2025,partners,English,Saturdays\r\n"
    "Ann Evans,ann.evans@example.org,Riverside Tenants' Association,,,English,Mornings\r\n"
)
BAD_DATE_CSV = (
    "Name;Email;Consent date;Consent covers\r\n"
    "Rhys Bowen;rhys@example.org;31/02/2025;The audit team only\r\n"
    "Megan Hughes;megan@example.org;01/03/2025;The audit team only\r\n"
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def audit_with_ann(audit_path) -> Path:
    with AuditStore.open(audit_path, user="tester") as store:
        store.add(Person(name="Ann Evans", organisation="Riverside Tenants' Association"))
    return audit_path


def open_in(qtbot, window, path: Path, **options) -> None:
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(path, **options)


def start_import(qtbot, window) -> ImportWizard:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wizard = window.exchange_dialog
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    qtbot.waitExposed(wizard)
    return wizard


def choose(qtbot, wizard: ImportWizard, path: Path) -> None:
    """Choose the file with the wizard's file chooser and wait until it has been read."""
    page = wizard.file_page
    answer_file_dialog(path)
    qtbot.mouseClick(page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)


def next_page(qtbot, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_box(qtbot, box) -> None:
    """Click a tick box on its box (a click right of its text does nothing, as in Qt)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def wait_for_preview(qtbot, wizard: ImportWizard):
    page = wizard.preview_page
    qtbot.waitUntil(lambda: not page.work.running and wizard.plan is not None, timeout=20_000)
    return page


def summary(page) -> dict[str, tuple[str, ...]]:
    table = page.summary_table
    return {
        table.item(row, 0).text(): tuple(
            table.item(row, column).text() for column in range(1, table.columnCount())
        )
        for row in range(table.rowCount())
    }


def problem_rows(page) -> list[tuple[str, ...]]:
    table = page.problems_table
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


# -- a partner's CSV, from the file to the People page -------------------------------------------


def test_a_partner_csv_is_mapped_checked_and_imported(
    qtbot, window, audit_with_ann, tmp_path, settings
):
    csv_file = tmp_path / "volunteers.csv"
    csv_file.write_bytes(PARTNER_CSV.encode("utf-8-sig"))
    open_in(qtbot, window, audit_with_ann)
    wizard = start_import(qtbot, window)
    assert wizard.currentId() == FILE_PAGE
    choose(qtbot, wizard, csv_file)
    assert wizard.file_page.found.text().startswith("✓ volunteers.csv was read")

    # The columns: what the sheet holds and each column's field, guessed and shown with examples.
    next_page(qtbot, wizard)
    assert wizard.currentId() == MAPPING_PAGE
    tab = wizard.mapping_page.tab("volunteers")
    assert tab.entity == "people"
    guessed = {header: combo.currentText() for header, combo in tab.combos.items()}
    assert guessed == {
        "Full name": "Name",
        "E-mail address": "Email",
        "Organisation": "Organisation",
        "Consent date": "Consent given on",
        "Consent to share": "Consent covers",
        "Languages spoken": "Languages",
        "When free": "Ignore this column",
    }
    examples = tab.table.item(0, tab.EXAMPLES).text()
    assert examples == "Gwen Morgan · Aled Price · Ann Evans"
    assert tab.table.item(3, tab.EXAMPLES).text() == "03/04/2025 · 3 April 2025"
    assert tab.table.item(3, tab.HEADER).text() == "D: Consent date"
    assert tab.table.accessibleName() == "Columns of the sheet volunteers"
    pick(tab.combos["When free"], "Availability")  # the user corrects what was not guessed

    # The preview: two new people, Ann Evans flagged as a likely duplicate, nothing written.
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    page = wait_for_preview(qtbot, wizard)
    assert summary(page)["volunteers"] == ("2", "0", "0", "0", "1")
    [duplicate] = [row for row in problem_rows(page) if "Ann Evans" in row[3]]
    assert duplicate[:2] == ("volunteers", "5")
    assert duplicate[4]  # what to do
    assert page.problems_table.accessibleName() == "Problems found in the spreadsheet"
    assert page.duplicates_box.isVisible()
    assert page.valid_only_box.isVisible()
    assert not wizard.import_button().isEnabled()
    assert window.session.store.count(Person) == 1  # nothing written yet
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text().splitlines()
    assert copied[0].split("\t")[:5] == ["Sheet", "Row", "Column", "What is wrong", "What to do"]
    assert any("Ann Evans" in line for line in copied[1:])

    click_box(qtbot, page.valid_only_box)
    assert wizard.import_button().isEnabled()
    assert page.note.text() == UNDO_NOTE
    window.session.undo_stack.push(_harmless_step())
    qtbot.mouseClick(wizard.import_button(), Qt.MouseButton.LeftButton)

    # The import, then a summary, and the window's pages show the new people.
    assert wizard.currentId() == RESULT_PAGE
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(finish.isEnabled, timeout=20_000)
    text = wizard.result_page.summary.text()
    assert "volunteers: 2 added, 0 changed." in text
    assert "1 row with problems was left out: correct it in the file" in text
    # The import is one step of undo, after the earlier edit (which stays).
    assert window.session.undo_stack.count() == 2
    assert window.session.undo_stack.text(1) == "Import 2 people from volunteers.csv"
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)

    store = window.session.store
    gwen = store.page(Person, text="Gwen")[0]
    assert gwen.email == "gwen@example.org" and gwen.availability == "Weekday evenings"
    assert gwen.languages == ("Welsh", "English")
    assert str(gwen.consent_date) == "2025-04-03"
    assert store.count(Person) == 3
    window.page_actions[1].trigger()
    people = window.view.current_page()
    names = {people.model.person(row).name for row in range(people.model.rowCount())}
    assert names == {"Ann Evans", "Gwen Morgan", "Aled Price"}

    # Next time, a sheet with the same columns gets the choices confirmed this time.
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, csv_file)
    next_page(qtbot, wizard)
    tab = wizard.mapping_page.tab("volunteers")
    assert tab.combos["When free"].currentText() == "Availability"
    assert "confirmed last time" in tab.note.text()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


def _harmless_step():
    from PySide6.QtGui import QUndoCommand

    return QUndoCommand("An earlier edit")


# -- what is refused ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["old-excel.xls", "garbage.xlsx"])
def test_a_file_that_is_not_a_workbook_is_explained_and_nothing_changes(
    qtbot, window, audit_path, tmp_path, name
):
    if name == "garbage.xlsx":
        bad = tmp_path / name
        bad.write_bytes(b"PK\x03\x04 this is not really a workbook " * 20)
    else:
        bad = FIXTURES / name
    open_in(qtbot, window, audit_path)
    before = digest(audit_path)
    # Dropped on the window, as people do from their e-mail or file manager.
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(bad))])
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    wizard = window.exchange_dialog
    assert isinstance(wizard, ImportWizard)
    page = wizard.file_page
    assert page.path_edit.text() == str(bad)
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    problem = page.problem
    assert problem.startswith(bad.name)
    if name.endswith(".xls"):
        assert ".xlsx" in problem and "Save" in problem
    assert "Traceback" not in problem and "zipfile" not in problem.lower()
    assert page.work.status.isVisible()
    assert wizard.isVisible() and wizard.currentId() == FILE_PAGE  # the user can choose again
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    window.close_action.trigger()
    assert digest(audit_path) == before


def test_an_import_with_errors_needs_the_choice_of_valid_rows_only(
    qtbot, window, audit_path, tmp_path
):
    csv_file = tmp_path / "new people.csv"
    csv_file.write_text(BAD_DATE_CSV, encoding="cp1252")
    open_in(qtbot, window, audit_path)
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, csv_file)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    page = wait_for_preview(qtbot, wizard)
    [error] = [row for row in problem_rows(page) if "31/02/2025" in row[3]]
    assert error[:3] == ("new people", "2", "C (Consent date)")
    assert summary(page)["new people"][0] == "1"
    import_button = wizard.import_button()
    assert not import_button.isEnabled()
    assert "Nothing can be imported while there are errors" in page.note.text()
    box = page.valid_only_box
    assert box.isVisible() and not box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert import_button.isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not import_button.isEnabled()

    # Problems can be saved for the partner to correct.
    target = tmp_path / "problems.csv"
    answer_file_dialog(target)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Sheet,Row,Column,What is wrong,What to do,Error or warning"
    assert any("31/02/2025" in line for line in lines[1:])

    before = digest(audit_path)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    assert window.session.store.count(Person) == 0
    assert digest(audit_path) == before


def test_a_workbook_of_another_audit_is_offered_as_new_records(
    qtbot, window, audit_path, small_sample_path, tmp_path
):
    workbook = tmp_path / "sample.xlsx"
    with AuditStore.open(small_sample_path, read_only=True) as sample:
        export_workbook(sample, workbook, privacy=PrivacyLevel.PARTNER)
    open_in(qtbot, window, audit_path)
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, workbook)
    assert "Coprod Desktop workbook" in wizard.file_page.found.text()
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE  # our own workbooks map by their headers
    page = wait_for_preview(qtbot, wizard)
    assert page.other_audit_label.isVisible() and "another audit" in page.other_audit_label.text()
    assert page.as_new_box.isVisible() and not page.as_new_box.isChecked()
    click_box(qtbot, page.as_new_box)
    page = wait_for_preview(qtbot, wizard)
    assert wizard.plan.as_new
    assert summary(page)["People"][0] == "300"
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    assert window.session.store.count(Person) == 0


def test_an_export_of_the_same_audit_has_nothing_to_import(qtbot, window, audit_with_ann, tmp_path):
    workbook = tmp_path / "ours.xlsx"
    open_in(qtbot, window, audit_with_ann)
    export_workbook(window.session.store, workbook)
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, workbook)
    next_page(qtbot, wizard)
    page = wait_for_preview(qtbot, wizard)
    assert summary(page)["People"][:3] == ("0", "0", "1")
    assert not page.other_audit_label.isVisible()
    assert page.note.text().startswith("Nothing to import")
    assert not wizard.import_button().isEnabled()
    wizard.reject()


def test_import_is_refused_on_a_read_only_audit(qtbot, window, small_sample_path, tmp_path):
    open_in(qtbot, window, small_sample_path, read_only=True)
    assert not window.import_action.isEnabled()
    window.import_dropped(tmp_path / "partner.xlsx")
    assert window.exchange_dialog is None
    box = window.findChild(QMessageBox, "error_message")
    assert box.isVisible() and box.windowTitle() == "Nothing can be imported"
    assert "Read-only" in box.text() and "Save a copy" in box.text()
    box.accept()


def test_a_full_disk_is_said_once_with_what_to_free(tmp_path):
    from coprod_desktop.gui.importing.work import import_problem, planning_problem
    from coprod_desktop.store import DiskFullError

    error = DiskFullError(
        tmp_path / "a.coprod",
        free=3_000_000,
        place="/mnt/usb",
        needed=9_000_000,
        unsaved="Nothing was imported: the audit is as it was.",
    )
    for text in (planning_problem(error), import_problem(error)):
        assert text.startswith("The disk is full: free ")
        assert text.count("Nothing was imported") == 1 and "read-only" not in text
