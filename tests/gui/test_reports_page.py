"""The Reports page, used as a person would: tick sections, choose who it is for, export, cancel."""

import shutil
import subprocess
from html import escape
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from acting import answer_file_dialog, show
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from coprod_desktop.domain import Action, Element
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui.dialogs.exchange import CANCELLED_TEXT, privacy_consequences
from coprod_desktop.gui.main_window import MainWindow
from coprod_desktop.gui.pages.reports import ReportsPage
from coprod_desktop.report.pdf import INVENTORY_SECTIONS, SECTIONS

TITLES = {section.key: section.title for section in SECTIONS}
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


@pytest.fixture
def make_page(qtbot, settings, today):
    made: list[ReportsPage] = []

    def make(session) -> ReportsPage:
        page = ReportsPage(session, settings, today=today)
        qtbot.addWidget(page)
        made.append(page)
        show(qtbot, page)
        return page

    yield make
    for page in made:
        page.shutdown()


def wait_for_preview(qtbot, page: ReportsPage) -> None:
    """Wait until the preview shows the choices as they are now."""
    qtbot.waitUntil(lambda: not page.preview_running and page.preview.pages > 0, timeout=30_000)


def saved_message(qtbot, page: ReportsPage) -> QMessageBox:
    def found():
        box = page.findChild(QMessageBox, "report_saved_message")
        return box if box is not None and box.isVisible() else None

    qtbot.waitUntil(lambda: found() is not None, timeout=60_000)
    return found()


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def outline(path: Path) -> set[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return {item.get_title() for item in document.get_toc()}
    finally:
        document.close()


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def untick(qtbot, check) -> None:
    """Untick a check box with the keyboard (two mouse clicks in a row make a double click)."""
    assert check.isChecked()
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert not check.isChecked()


# -- the choices -----------------------------------------------------------------------------


def test_every_section_is_offered_and_ticked_with_what_it_holds(qtbot, make_page, sample_session):
    page = make_page(sample_session)
    assert list(page.section_boxes) == [s.key for s in SECTIONS]
    for section in SECTIONS:
        check = page.section_boxes[section.key]
        assert check.isChecked() and check.isVisible()
        assert check.text() == section.title
        assert check.toolTip() == section.about
        assert page.findChild(type(page.ui.sections_note), f"{section.key}_about").text() == (
            section.about
        )
    assert page.sections == [s.key for s in SECTIONS]
    assert not set(page.preview_sections()) & set(INVENTORY_SECTIONS)
    assert "always included" in page.ui.sections_note.text()


def test_privacy_levels_say_what_they_mean_and_public_comes_first(qtbot, make_page, sample_session):
    page = make_page(sample_session)
    assert page.privacy is PrivacyLevel.PUBLIC  # the first time: a report to publish
    consequences = privacy_consequences(sample_session)
    for level, note in page.level_notes.items():
        assert escape(level.description) in note.text()
        assert page.level_buttons[level].accessibleDescription().endswith(consequences[level])
    assert "pseudonyms" in page.level_notes[PrivacyLevel.PARTNER].text()
    assert "Safe to publish" in page.level_notes[PrivacyLevel.PUBLIC].text()
    click(qtbot, page.level_buttons[PrivacyLevel.PARTNER])
    assert page.privacy is PrivacyLevel.PARTNER
    # The arrow keys move between the levels, as in any group of radio buttons.
    qtbot.keyClick(page.level_buttons[PrivacyLevel.PARTNER], Qt.Key.Key_Down)
    assert page.privacy is PrivacyLevel.PUBLIC


def test_the_preview_shows_the_first_page_and_pages_through(qtbot, make_page, sample_session):
    page = make_page(sample_session)
    wait_for_preview(qtbot, page)
    preview = page.preview
    assert not preview.pixmap().isNull()
    assert preview.pixmap().width() > 200
    assert preview.number == 1 and preview.pages >= 2
    assert "Privacy level: Public" in preview.text
    assert preview.image_label.accessibleDescription() == preview.text  # for screen readers
    assert "leaves out the capability inventory" in page.ui.preview_note.text()
    assert not preview.previous_button.isEnabled()
    click(qtbot, preview.next_button)
    assert preview.number == 2
    assert preview.page_label.text() == f"Page 2 of {preview.pages}"
    assert preview.previous_button.isEnabled()
    assert not preview.pixmap().isNull()
    click(qtbot, preview.previous_button)
    assert preview.number == 1


def test_the_preview_follows_the_choices_and_the_audit(qtbot, make_page, sample_session):
    page = make_page(sample_session)
    wait_for_preview(qtbot, page)
    first_file = page.preview.path
    assert first_file is not None and first_file.exists()
    everything = page.preview_pages

    click(qtbot, page.level_buttons[PrivacyLevel.INTERNAL])
    untick(qtbot, page.section_boxes["appendix"])
    untick(qtbot, page.section_boxes["roles"])
    assert page.preview_running  # waits a moment for more changes, then builds
    wait_for_preview(qtbot, page)
    assert "Privacy level: Internal" in page.preview.text
    assert page.preview_pages < everything
    assert page.preview.path != first_file and not first_file.exists()  # no litter
    shown = outline(page.preview.path)
    assert TITLES["appendix"] not in shown and TITLES["roles"] not in shown
    assert TITLES["summary"] in shown

    # Unticking the inventories changes the note, not the preview (which leaves them out).
    shown_file = page.preview.path
    untick(qtbot, page.section_boxes["capabilities"])
    untick(qtbot, page.section_boxes["assets"])
    assert "leaves out" not in page.ui.preview_note.text()
    assert not page.preview_running and page.preview.path == shown_file

    # The audit changes: the preview is made again.
    with qtbot.waitSignal(page.preview_ready, timeout=30_000):
        sample_session.add(Action(title="Hold a summer fair", element=Element.ASSETS))
    wait_for_preview(qtbot, page)


def test_a_preview_of_an_empty_audit(qtbot, make_page, session):
    page = make_page(session)
    wait_for_preview(qtbot, page)
    assert not page.preview.pixmap().isNull()
    assert "Test audit" in page.preview.text


# -- export ----------------------------------------------------------------------------------


@needs_pdftotext
def test_export_the_chosen_sections_at_the_chosen_level(
    qtbot, make_page, sample_session, tmp_path, settings
):
    page = make_page(sample_session)
    click(qtbot, page.level_buttons[PrivacyLevel.PARTNER])
    untick(qtbot, page.section_boxes["actions"])
    untick(qtbot, page.section_boxes["capabilities"])
    assert page.suggested_name() == "Community wellbeing hubs co-production audit 2026 report.pdf"

    target = tmp_path / "for partners.pdf"
    seen = answer_file_dialog(target)
    click(qtbot, page.ui.export_button)
    assert seen and seen[0].windowTitle() == "Export the report as PDF"
    box = saved_message(qtbot, page)
    assert "The partner report was saved as for partners.pdf" in box.text()
    assert "pages" in box.text()
    assert {"&Open the report", "Open the &folder"} <= {b.text() for b in box.buttons()}
    box.button(QMessageBox.StandardButton.Close).click()
    assert settings.last_folder("reports") == str(tmp_path)
    assert page.ui.export_button.isEnabled() and not page.ui.cancel_button.isVisible()

    assert "Privacy level: Partner" in pdf_text(target)
    shown = outline(target)
    assert {TITLES["summary"], TITLES["assets"], TITLES["appendix"]} <= shown
    assert TITLES["actions"] not in shown and TITLES["capabilities"] not in shown

    # The next report starts at the level chosen last.
    again = make_page(sample_session)
    assert again.privacy is PrivacyLevel.PARTNER


def test_cancel_stops_the_export_and_keeps_the_file_that_was_there(
    qtbot, make_page, sample_session, tmp_path
):
    page = make_page(sample_session)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"%PDF-1.4 the report of last year")  # only a PDF is replaced
    page.export_to(target)
    assert page.work.running and page.ui.cancel_button.isVisible()
    assert not page.ui.export_button.isEnabled()
    assert not any(box.isEnabled() for box in page.section_boxes.values())
    assert page.ui.cancel_button.hasFocus()
    click(qtbot, page.ui.cancel_button)
    qtbot.waitUntil(lambda: not page.work.running, timeout=30_000)
    assert page.work.status.text() == CANCELLED_TEXT
    assert target.read_bytes() == b"%PDF-1.4 the report of last year"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf" or ".tmp" in p.name) == [
        "report.pdf"
    ]
    assert page.ui.export_button.isEnabled() and not page.ui.cancel_button.isVisible()
    assert all(box.isEnabled() for box in page.section_boxes.values())
    assert page.findChild(QMessageBox, "report_saved_message") is None


def test_a_report_that_cannot_be_written_says_why(qtbot, make_page, sample_session, tmp_path):
    page = make_page(sample_session)
    page.export_to(tmp_path / "no such folder" / "report.pdf")
    qtbot.waitUntil(
        lambda: page.findChild(QMessageBox, "error_message") is not None, timeout=30_000
    )
    box = page.findChild(QMessageBox, "error_message")
    assert box.windowTitle() == "The report was not saved"
    assert "Traceback" not in box.text() and "no such folder" in box.text()
    box.accept()
    assert page.ui.export_button.isEnabled()


def test_a_read_only_audit_can_still_be_reported(qtbot, make_page, read_only_session, tmp_path):
    page = make_page(read_only_session)
    wait_for_preview(qtbot, page)
    page.export_to(tmp_path / "report.pdf")
    box = saved_message(qtbot, page)
    box.button(QMessageBox.StandardButton.Close).click()
    assert (tmp_path / "report.pdf").stat().st_size > 1000


def test_shutdown_removes_the_previews(qtbot, settings, today, sample_session):
    page = ReportsPage(sample_session, settings, today=today)
    qtbot.addWidget(page)
    show(qtbot, page)
    wait_for_preview(qtbot, page)
    folder = page.preview.path.parent
    page.shutdown()
    assert not folder.exists()


# -- in the window ---------------------------------------------------------------------------


def test_file_menu_and_ctrl_8_open_the_reports_page(qtbot, settings, small_sample_path, tmp_path):
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.report_action.isEnabled()
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(copy)
    try:
        action = window.report_action
        assert action.text() == "Export report as P&DF…" and action.isEnabled()
        assert action.shortcut() != QKeySequence(QKeySequence.StandardKey.Print)
        action.trigger()
        page = window.view.current_page()
        assert isinstance(page, ReportsPage)
        assert QApplication.focusWidget() is page.level_buttons[PrivacyLevel.PUBLIC]
        window.page_actions[0].trigger()
        qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
        assert window.view.current_page() is page
        assert window.page_actions[7].text() == "&8 Reports"
        wait_for_preview(qtbot, page)
    finally:
        window.close()
