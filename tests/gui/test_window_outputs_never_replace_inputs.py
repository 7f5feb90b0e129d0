"""In the window, a file saved never replaces the open audit, its lock or backups, nor the file
being imported, under any name, even when the file dialog has asked about replacing it and the
user said yes: an error message says why and nothing is written (issue 21 item 1)."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget, QWizard

from coprod_desktop.domain import Person
from coprod_desktop.store import AuditStore

needs_links = pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links here")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_in(qtbot, window, path: Path) -> None:
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(path)


def choose_in_file_dialog(path: Path) -> list:
    """Choose `path` in the next file dialog and say Yes when it asks about replacing the file
    there (as a user who did not notice what the file is); return the dialogs seen."""
    seen: list = []

    def say_yes() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.button(QMessageBox.StandardButton.Yes) is None:
            QTimer.singleShot(10, say_yes)
            return
        seen.append(box)
        box.button(QMessageBox.StandardButton.Yes).click()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog)
        saving = dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        if saving and path.exists():
            QTimer.singleShot(0, say_yes)  # accept() below waits for that answer
        dialog.selectFile(str(path))
        dialog.accept()

    QTimer.singleShot(0, answer)
    return seen


def error_in(qtbot, parent) -> QMessageBox:
    qtbot.waitUntil(
        lambda: (
            (box := parent.findChild(QMessageBox, "error_message")) is not None and box.isVisible()
        ),
        timeout=20_000,
    )
    return parent.findChild(QMessageBox, "error_message")


@pytest.fixture
def sample_copy(small_sample_path, tmp_path) -> Path:
    copy = tmp_path / "Sample.coprod"
    shutil.copyfile(small_sample_path, copy)
    return copy


def test_the_export_dialog_refuses_the_audit_itself(qtbot, window, small_sample_path, tmp_path):
    audit = tmp_path / "Sample.xlsx"  # an audit that someone named like a workbook
    shutil.copyfile(small_sample_path, audit)
    open_in(qtbot, window, audit)
    before = digest(audit)
    window.export_action.trigger()
    dialog = window.exchange_dialog
    seen = choose_in_file_dialog(audit)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = error_in(qtbot, dialog)
    assert isinstance(seen[0], QFileDialog)
    assert isinstance(seen[1], QMessageBox)  # it asked about replacing; the user said yes
    assert box.windowTitle() == "The workbook was not saved"
    assert '"Sample.xlsx" is the audit: writing the workbook there would replace it' in box.text()
    assert "Nothing was written" in box.text()
    assert "Choose another name or folder" in box.informativeText()
    box.accept()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert digest(audit) == before
    assert window.findChild(QMessageBox, "workbook_saved_message") is None
    dialog.reject()
    window.close_action.trigger()
    with AuditStore.open(audit, read_only=True) as store:  # still the audit, whole
        assert store.count(Person) == 300


@needs_links
def test_the_export_dialog_refuses_a_link_to_the_audit(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    link = tmp_path / "Sample for partners.xlsx"
    os.link(sample_copy, link)
    window.export_action.trigger()
    dialog = window.exchange_dialog
    choose_in_file_dialog(link)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = error_in(qtbot, dialog)
    assert "the same file under another name" in box.text()
    box.accept()
    assert os.path.samefile(link, sample_copy)  # the link was left alone
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    dialog.reject()


@needs_links
def test_the_template_dialog_refuses_a_link_to_the_audit(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    link = tmp_path / "template.xlsx"
    os.link(sample_copy, link)
    window.template_action.trigger()
    dialog = window.exchange_dialog
    assert not dialog.include_assets.isChecked()  # no audit read: it is protected all the same
    choose_in_file_dialog(link)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    box = error_in(qtbot, dialog)
    assert box.windowTitle() == "The template was not saved"
    assert "is the audit" in box.text()
    box.accept()
    assert os.path.samefile(link, sample_copy)
    dialog.reject()


def test_the_reports_page_refuses_the_audit_itself(qtbot, window, small_sample_path, tmp_path):
    audit = tmp_path / "Sample.pdf"
    shutil.copyfile(small_sample_path, audit)
    open_in(qtbot, window, audit)
    before = digest(audit)
    window.report_action.trigger()
    page = window.view.page("reports_page")
    qtbot.waitUntil(page.isVisible)
    choose_in_file_dialog(audit)
    qtbot.mouseClick(page.ui.export_button, Qt.MouseButton.LeftButton)
    box = error_in(qtbot, page)
    assert box.windowTitle() == "The report was not saved"
    assert '"Sample.pdf" is the audit' in box.text()
    box.accept()
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    assert digest(audit) == before
    window.close_action.trigger()
    with AuditStore.open(audit, read_only=True) as store:
        assert store.count(Person) == 300


def test_save_a_copy_refuses_a_backup_of_the_audit(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    backup = tmp_path / "Sample.v1-backup-20260101-120000.coprod"
    shutil.copyfile(sample_copy, backup)
    before = digest(backup)
    choose_in_file_dialog(backup)
    window.save_copy_action.trigger()
    box = error_in(qtbot, window)
    assert box.windowTitle() == "The copy was not saved"
    assert "is a backup copy of the audit" in box.text()
    box.accept()
    assert digest(backup) == before
    assert "A copy was saved" not in window.statusBar().currentMessage()


@needs_links
def test_save_a_copy_refuses_a_link_to_the_open_audit(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    link = tmp_path / "Sample link.coprod"
    os.link(sample_copy, link)
    inode = os.stat(sample_copy).st_ino
    choose_in_file_dialog(link)
    window.save_copy_action.trigger()
    box = error_in(qtbot, window)
    assert "the same file under another name" in box.text()
    box.accept()
    assert os.stat(link).st_ino == inode == os.stat(sample_copy).st_ino


def test_the_import_wizard_never_saves_its_problems_onto_the_spreadsheet(
    qtbot, window, sample_copy, tmp_path
):
    source = tmp_path / "new people.csv"
    source.write_text(
        "Name;Email;Consent date\r\nRhys Bowen;rhys@example.org;31/02/2025\r\n", encoding="utf-8"
    )
    before = digest(source)
    open_in(qtbot, window, sample_copy)
    window.import_action.trigger()
    wizard = window.exchange_dialog
    choose_in_file_dialog(source)
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.file_page.work.running, timeout=20_000)
    for _ in range(2):  # the file, then the columns
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: not page.work.running and wizard.plan is not None, timeout=20_000)
    assert page.problems_table.rowCount()  # the bad date
    choose_in_file_dialog(source)  # the partner's own file, by mistake
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    box = error_in(qtbot, page)
    assert box.windowTitle() == "The problems were not saved"
    assert '"new people.csv" is the file being imported' in box.text()
    box.accept()
    assert digest(source) == before
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


@needs_links
def test_the_reference_population_csv_is_never_saved_onto_the_audit(
    qtbot, sample_session, settings, tmp_path
):
    from coprod_desktop.gui.dialogs.reference import ReferencePopulationDialog

    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    audit = sample_session.path
    link = tmp_path / "figures.csv"
    os.link(audit, link)  # the audit under a CSV's name
    before = digest(audit)
    dialog = ReferencePopulationDialog(sample_session, host, settings)
    dialog.open()
    qtbot.waitExposed(dialog.ui)
    choose_in_file_dialog(link)
    qtbot.mouseClick(dialog.ui.export_button, Qt.MouseButton.LeftButton)
    box = error_in(qtbot, dialog.ui)
    assert box.windowTitle() == "The CSV file was not saved"
    assert "the same file under another name" in box.text()
    box.accept()
    assert digest(audit) == before
    dialog.ui.reject()
