"""File > Print… and Print preview… of the report, as a person would use them.

The printer writes a PDF file (QPrinter's PDF output, as "Print to file" does): its pages are
pictures of the report's pages, so they are checked as pictures, rendered with pypdfium2.
"""

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from acting import answer_dialogs
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui import printing
from coprod_desktop.gui.pages.reports import ReportsPage
from coprod_desktop.report.pdf import export_report

# A short report, quick to print: the summary and the six elements.
SHORT = ("summary", "elements")


@pytest.fixture
def sample_copy(small_sample_path, tmp_path) -> Path:
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    return copy


def open_reports(qtbot, window, path: Path) -> ReportsPage:
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.view.current_page()
    assert isinstance(page, ReportsPage)
    page.today = window.view.page("overview_page").today
    return page


def choose_short_report(qtbot, page: ReportsPage, level: PrivacyLevel) -> None:
    page.choose(level)
    for key, check in page.section_boxes.items():
        if check.isChecked() != (key in SHORT):
            check.setFocus()
            qtbot.keyClick(check, Qt.Key.Key_Space)
    assert page.sections == list(SHORT) and page.privacy is level


def report_pages(page: ReportsPage, tmp_path: Path) -> list[float]:
    """The report as exported with the page's choices: the ink on each of its pages."""
    target = tmp_path / "as exported.pdf"
    export_report(
        page.session.store, target, privacy=page.privacy, sections=page.sections, today=page.today
    )
    return ink(target)


def ink(path: Path, scale: float = 0.25) -> list[float]:
    """Return, for each page of the PDF, the share of its pixels that are not white."""
    document = pdfium.PdfDocument(str(path))
    try:
        shares = []
        for page in document:
            counts = page.render(scale=scale, grayscale=True).to_pil().histogram()
            shares.append(sum(counts[:200]) / sum(counts))  # grey levels 0 (black) to 255
            page.close()
        return shares
    finally:
        document.close()


def pdf_printer(path: Path) -> QPrinter:
    printer = printing.new_printer("Test")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def print_to_file(path: Path):
    """Answer the print dialog: print to the PDF file `path`."""

    def answer(dialog) -> None:
        assert isinstance(dialog, QPrintDialog) and dialog.windowTitle() == "Print the report"
        names = [e for e in dialog.findChildren(QLineEdit) if e.objectName() == "filename"]
        if names:  # the dialog of Qt's own (Linux without a printer): print to a file
            names[0].setText(str(path))
        else:
            dialog.printer().setOutputFileName(str(path))
        dialog.accept()

    return answer


def assert_printed_like(printed: list[float], report: list[float]) -> None:
    assert len(printed) == len(report) > 1
    for page, (got, want) in enumerate(zip(printed, report, strict=True), start=1):
        assert got > 0.001, f"page {page} is blank"
        assert abs(got - want) < 0.02 + 0.15 * want, f"page {page} is not the report's"


# -- print ----------------------------------------------------------------------------------


def test_file_print_prints_the_report_as_chosen_on_the_reports_page(
    qtbot, window, sample_copy, tmp_path
):
    page = open_reports(qtbot, window, sample_copy)
    choose_short_report(qtbot, page, PrivacyLevel.PUBLIC)
    target = tmp_path / "printed.pdf"
    seen = answer_dialogs(print_to_file(target))
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Print…" in [a.text() for a in file_menu.actions()]
    assert window.print_action.shortcut().toString() == "Ctrl+P"
    with qtbot.waitSignal(page.printed, timeout=120_000) as printed:
        qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        assert seen and page.work.running  # printing in the background, with progress
        assert page.ui.cancel_button.isVisible() and not page.print_button.isEnabled()
    result = printed.args[0]
    assert result.privacy is PrivacyLevel.PUBLIC and result.file_name == "printed.pdf"
    assert target.exists()
    report = report_pages(page, tmp_path)
    assert result.pages == len(report)
    assert_printed_like(ink(target), report)
    assert "Printed: " in page.work.status.text() and "printed.pdf" in page.work.status.text()
    assert page.print_button.isEnabled() and not page.ui.cancel_button.isVisible()
    assert list(page._preview_dir.glob("print *.pdf")) == []  # the report made is removed


def test_print_to_a_printer_set_up_without_the_dialog(qtbot, window, sample_copy, tmp_path):
    page = open_reports(qtbot, window, sample_copy)
    choose_short_report(qtbot, page, PrivacyLevel.PARTNER)
    target = tmp_path / "partner.pdf"
    with qtbot.waitSignal(page.printed, timeout=120_000):
        page.print_to(pdf_printer(target))
    assert_printed_like(ink(target), report_pages(page, tmp_path))
    document = pdfium.PdfDocument(str(target))
    width, height = document[0].get_size()
    document.close()
    assert (round(width), round(height)) == (595, 842)  # A4, as the report


def test_print_uses_the_preview_when_it_is_the_same_report(qtbot, window, sample_copy, tmp_path):
    page = open_reports(qtbot, window, sample_copy)
    page.choose(PrivacyLevel.PUBLIC)
    for key in ("capabilities", "assets"):  # the long lists, which the preview leaves out
        if page.section_boxes[key].isChecked():
            page.section_boxes[key].setFocus()
            qtbot.keyClick(page.section_boxes[key], Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not page.preview_running and page.preview.pages > 0, timeout=30_000)
    assert page.preview_sections() == page.sections
    target = tmp_path / "from the preview.pdf"
    with qtbot.waitSignal(page.printed, timeout=120_000) as printed:
        page.print_to(pdf_printer(target))
    assert printed.args[0].pages == page.preview.pages == page.preview_pages


def test_the_pages_chosen_in_the_dialog_are_printed(qtbot, tmp_path):
    report = tmp_path / "report.pdf"
    printer = pdf_printer(report)
    # A three-page document to print from, made with the same painter.
    from PySide6.QtGui import QPainter

    painter = QPainter(printer)
    for number in range(3):
        if number:
            printer.newPage()
        painter.fillRect(0, 0, 400 * (number + 1), 400, Qt.GlobalColor.black)
    painter.end()
    out = tmp_path / "pages 2 to 3.pdf"
    printer = pdf_printer(out)
    printer.setFromTo(2, 3)
    assert printing.paint_pdf(report, printer, dpi=72) == 2
    shares = ink(out)
    assert len(shares) == 2 and shares[0] < shares[1]
    printer = pdf_printer(tmp_path / "none.pdf")
    printer.setFromTo(5, 6)
    with pytest.raises(printing.PrintError, match="it has 3 pages"):
        printing.paint_pdf(report, printer, dpi=72)


def test_cancel_stops_printing(qtbot, window, sample_copy, tmp_path):
    page = open_reports(qtbot, window, sample_copy)
    page.choose(PrivacyLevel.INTERNAL)  # the whole report: long enough to stop
    target = tmp_path / "stopped.pdf"
    page.print_to(pdf_printer(target))
    assert page.ui.cancel_button.accessibleName() == "Stop printing the report"
    qtbot.mouseClick(page.ui.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.work.running, timeout=60_000)
    assert page.work.status.text() == "Stopped. Nothing more was sent to the printer."
    assert page.print_button.isEnabled() and page.ui.export_button.isEnabled()
    assert window.session.store.exports() == []  # not shared


def test_a_printer_that_cannot_start_says_why(qtbot, window, sample_copy, tmp_path):
    page = open_reports(qtbot, window, sample_copy)
    choose_short_report(qtbot, page, PrivacyLevel.PUBLIC)
    page.print_to(pdf_printer(tmp_path / "no such folder" / "x.pdf"))
    qtbot.waitUntil(
        lambda: page.findChild(QMessageBox, "error_message") is not None, timeout=60_000
    )
    box = page.findChild(QMessageBox, "error_message")
    assert box.windowTitle() == "The report was not printed"
    assert "printer could not be started" in box.text()
    box.accept()
    assert window.session.store.exports() == []


# -- print preview --------------------------------------------------------------------------


def test_print_preview_shows_the_reports_pages(qtbot, window, sample_copy, tmp_path):
    page = open_reports(qtbot, window, sample_copy)
    choose_short_report(qtbot, page, PrivacyLevel.PUBLIC)
    file_menu = window.menuBar().actions()[0].menu()
    assert "Print pre&view…" in [a.text() for a in file_menu.actions()]
    with qtbot.waitSignal(page.print_preview_opened, timeout=120_000):
        qtbot.keyClick(
            window,
            Qt.Key.Key_P,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    dialog = page.print_preview
    assert dialog.isVisible() and dialog.windowTitle() == "Print preview of the report"
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=30_000)
    assert preview.pageCount() == len(report_pages(page, tmp_path))
    # It fits the screen (1366 × 768 and smaller).
    screen = QApplication.primaryScreen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()
    dialog.reject()
    qtbot.waitUntil(lambda: page.print_preview is None)
    assert window.session.store.exports() == []  # only looked at, not printed
    assert list(page._preview_dir.glob("print *.pdf")) == []


def test_print_preview_prints_from_its_own_button(qtbot, window, sample_copy, tmp_path):
    page = open_reports(qtbot, window, sample_copy)
    choose_short_report(qtbot, page, PrivacyLevel.PUBLIC)
    with qtbot.waitSignal(page.print_preview_opened, timeout=120_000):
        window.print_preview_action.trigger()
    dialog = page.print_preview
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=30_000)
    target = tmp_path / "from the preview.pdf"
    page.printer.setOutputFileName(str(target))
    with qtbot.waitSignal(page.printed, timeout=120_000):
        preview.print()  # what the preview's Print button does once the printer is chosen
        dialog.accept()
    assert_printed_like(ink(target), report_pages(page, tmp_path))
    assert "Printed report for the public: from the preview.pdf" in [
        e.summary for e in window.session.store.exports()
    ]


def test_a_report_too_long_for_the_preview_says_what_to_do(
    qtbot, window, sample_copy, tmp_path, monkeypatch
):
    monkeypatch.setattr(printing, "PREVIEW_MAX_PAGES", 2)  # the sample's reports are short
    page = open_reports(qtbot, window, sample_copy)
    choose_short_report(qtbot, page, PrivacyLevel.PUBLIC)
    window.print_preview_action.trigger()

    def message():
        box = page.findChild(QMessageBox, "info_message")
        return box if box is not None and box.isVisible() else None

    qtbot.waitUntil(lambda: message() is not None, timeout=60_000)
    text = message().text()
    assert "too many to show in the print preview" in text and "untick the long lists" in text
    message().accept()
    assert page.print_preview is None and list(page._preview_dir.glob("print *.pdf")) == []


def test_print_needs_an_open_audit(window):
    assert not window.print_action.isEnabled() and not window.print_preview_action.isEnabled()
    window.print_action.trigger()  # nothing happens, nothing fails
    window.print_preview_action.trigger()
