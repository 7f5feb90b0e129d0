"""Step 8 of the journey, Share: every export is written in the change log and the Overview
lists what has been shared (when, who, for whom, the file's name, never its folder)."""

from pathlib import Path

import pytest
from acting import answer_file_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui.pages.overview import DONE_MARK, SHARED_SHOWN, TO_DO_MARK
from coprod_desktop.store import AuditStore, ReadOnlyAuditError


def open_in(qtbot, window, path: Path, **options) -> None:
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(path, **options)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def close_saved_message(qtbot, parent, name: str) -> str:
    def found():
        box = parent.findChild(QMessageBox, name)
        return box if box is not None and box.isVisible() else None

    qtbot.waitUntil(lambda: found() is not None, timeout=60_000)
    box = found()
    text = box.text()
    box.button(QMessageBox.StandardButton.Close).click()
    return text


def export_workbook(qtbot, window, level: PrivacyLevel, target: Path) -> None:
    """File > Export to Excel… (Ctrl+E), choose who it is for, choose the file."""
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exchange_dialog
    dialog.choose(level)
    answer_file_dialog(target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    close_saved_message(qtbot, window, "workbook_saved_message")
    qtbot.waitUntil(lambda: window.exchange_dialog is None)


def share_step(window):
    overview = window.view.page("overview_page")
    return overview.ui.step_8_status, overview.ui.shared_text


def exports_in_file(path: Path) -> list[tuple]:
    with AuditStore.open(path, read_only=True) as store:
        return store.query(
            "SELECT by, entity, record_id, action, summary FROM change_log "
            "WHERE entity = 'export' ORDER BY seq"
        )


def test_a_workbook_exported_marks_share_done_and_is_listed(qtbot, window, audit_path, tmp_path):
    open_in(qtbot, window, audit_path)
    status, shared = share_step(window)
    assert status.text() == TO_DO_MARK and not shared.isVisible()

    target = tmp_path / "workbooks" / "partners.xlsx"
    target.parent.mkdir()
    export_workbook(qtbot, window, PrivacyLevel.PARTNER, target)
    assert target.exists()
    window.view.show_page(window.view.page("overview_page"))
    status, shared = share_step(window)
    assert status.text() == DONE_MARK
    assert status.accessibleName() == f"8. Share: {DONE_MARK}"
    assert shared.isVisible()
    user = window.session.store.user
    assert "Shared so far" in shared.text()
    assert "Workbook for partners: partners.xlsx" in shared.text()
    assert f"by {user}" in shared.text()
    assert str(tmp_path) not in shared.text() and "workbooks" not in shared.text()
    assert "Workbook for partners: partners.xlsx" in shared.accessibleDescription()

    # In the file: one change log row, by the store's user, with the name and no folder.
    assert exports_in_file(audit_path) == [
        (user, "export", "", "exported", "Workbook for partners: partners.xlsx")
    ]
    # Opened again, the Overview still shows it.
    window.close_action.trigger()
    open_in(qtbot, window, audit_path)
    status, shared = share_step(window)
    assert status.text() == DONE_MARK
    assert "Workbook for partners: partners.xlsx" in shared.text()


def test_the_template_and_the_report_are_recorded_too_the_latest_first(
    qtbot, window, audit_path, tmp_path
):
    open_in(qtbot, window, audit_path)
    window.template_action.trigger()
    dialog = window.exchange_dialog
    answer_file_dialog(tmp_path / "to fill in.xlsx")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    close_saved_message(qtbot, window, "workbook_saved_message")
    qtbot.waitUntil(lambda: window.exchange_dialog is None)

    window.report_action.trigger()  # File > Export report as PDF…: the Reports page
    reports = window.view.current_page()
    reports.choose(PrivacyLevel.PUBLIC)
    answer_file_dialog(tmp_path / "for everyone.pdf")
    qtbot.mouseClick(reports.ui.export_button, Qt.MouseButton.LeftButton)
    close_saved_message(qtbot, reports, "report_saved_message")

    window.page_actions[0].trigger()  # View > Overview (Ctrl+1)
    status, shared = share_step(window)
    assert status.text() == DONE_MARK
    text = shared.text()
    report, template = (
        text.index("PDF report for the public: for everyone.pdf"),
        text.index("Partner template: to fill in.xlsx"),
    )
    assert report < template  # the latest first
    assert [row[3:] for row in exports_in_file(audit_path)] == [
        ("exported", "Partner template: to fill in.xlsx"),
        ("exported", "PDF report for the public: for everyone.pdf"),
    ]


def test_the_overview_lists_the_last_few(qtbot, window, audit_path, tmp_path):
    open_in(qtbot, window, audit_path)
    for number in range(SHARED_SHOWN + 2):
        window.session.record_export("workbook", PrivacyLevel.INTERNAL, tmp_path / f"{number}.xlsx")
    _status, shared = share_step(window)
    text = shared.text()
    assert text.count("<li>") == SHARED_SHOWN
    assert f"{SHARED_SHOWN + 1}.xlsx" in text and "Workbook for the audit team" in text
    assert ": 0.xlsx" not in text and ": 1.xlsx" not in text


def test_an_export_from_a_read_only_audit_is_not_recorded(
    qtbot, window, small_sample_path, tmp_path
):
    before = exports_in_file(small_sample_path)
    open_in(qtbot, window, small_sample_path, read_only=True)
    target = tmp_path / "read only.xlsx"
    export_workbook(qtbot, window, PrivacyLevel.PUBLIC, target)
    assert target.exists()  # the export itself works
    assert exports_in_file(small_sample_path) == before
    status, _shared = share_step(window)
    assert status.text() == TO_DO_MARK


def test_a_cancelled_export_is_not_recorded(qtbot, window, small_sample_path, tmp_path):
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    open_in(qtbot, window, copy)
    window.export_action.trigger()
    dialog = window.exchange_dialog
    dialog.choose(PrivacyLevel.INTERNAL)
    answer_file_dialog(tmp_path / "stopped.xlsx")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.work.running, timeout=20_000)
    dialog.reject()
    assert window.session.store.exports() == []
    assert share_step(window)[0].text() == TO_DO_MARK


def test_the_store_keeps_only_the_file_name(audit_path):
    with AuditStore.open(audit_path, user="sian") as store:
        entry = store.record_export(
            "report", PrivacyLevel.PARTNER, r"C:\Users\Sian Evans\Documents\audit report.pdf"
        )
        assert entry.summary == "PDF report for partners: audit report.pdf"
        assert entry.by == "sian"
        printed = store.record_export("print", PrivacyLevel.PUBLIC)
        assert (printed.action, printed.summary) == ("printed", "Printed report for the public")
        assert [e.summary for e in store.exports()] == [printed.summary, entry.summary]
        with pytest.raises(ValueError):
            store.record_export("photocopy", PrivacyLevel.PUBLIC, "x.pdf")
    with AuditStore.open(audit_path, read_only=True) as store, pytest.raises(ReadOnlyAuditError):
        store.record_export("workbook", PrivacyLevel.PUBLIC, "x.xlsx")
