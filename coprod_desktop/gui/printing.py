"""Printing the report: the pages of its PDF, rendered with pypdfium2, painted on a QPrinter.

The report is made as a PDF (as for Export, or the Reports page's preview when that is the
same report), and each page is rendered to a picture at the printer's resolution (at most
`PRINT_DPI`) and painted on a page of the printer, scaled to the sheet. The printer prints
the whole sheet (`setFullPage`): the report's pages have their own margins.

Painting on a QPrinter may be done in a worker thread (Qt allows QPainter on QImage, QPrinter
and QPicture there), so printing runs in one with progress and Cancel; the print preview
paints in the window's thread when the preview asks. pypdfium2 is used under `PDFIUM_LOCK`,
one page at a time, so that the Reports page's preview can render meanwhile.

The dialogs are modal: `ask_printer` and `open_print_preview` are the only places that show
them, so tests answer them (see tests/gui/acting.py) or call `paint_pdf` with a printer set up
to write a PDF file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from coprod_desktop.gui.widgets.pdf_preview import PDFIUM_LOCK, page_image

PRINT_DPI = 300  # at most: an A4 page is then 2,480 × 3,508 pixels (35 MB while it is painted)
PREVIEW_DPI = 110  # the print preview: sharp on the screen, quick to paint
# The preview holds every page as a picture (about 4 MB a page at PREVIEW_DPI, 0.02 s to
# paint): longer reports are printed, or previewed without their long lists.
PREVIEW_MAX_PAGES = 100

Progress = Callable[[int, int], None]


class PrintError(Exception):
    """The printer could not take the report; the message says why in plain words."""


def new_printer(title: str = "") -> QPrinter:
    """Return a printer for the report: A4 portrait, the whole sheet, named after the audit."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if title:
        printer.setDocName(title)
    return printer


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """Show the print dialog (modal); return True when the user chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("print_dialog")
    dialog.setWindowTitle("Print the report")
    options = QAbstractPrintDialog.PrintDialogOption
    dialog.setOption(options.PrintSelection, False)
    dialog.setOption(options.PrintCurrentPage, False)
    dialog.setOption(options.PrintPageRange, True)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def open_print_preview(
    parent: QWidget, printer: QPrinter, pdf: Path, on_finished: Callable[[bool], None]
) -> QPrintPreviewDialog:
    """Open the print preview of the PDF at `pdf` (window-modal, without blocking).

    `on_finished(printed)` is called when it closes: True if the user printed from it.
    """
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview_dialog")
    dialog.setWindowTitle("Print preview of the report")
    dialog.setAccessibleName("Print preview of the report")
    dialog.paintRequested.connect(lambda target: paint_pdf(pdf, target, dpi=_dpi_for(target)))
    dialog.finished.connect(lambda code: on_finished(code == QDialog.DialogCode.Accepted))
    dialog.finished.connect(dialog.deleteLater)
    screen = parent.screen().availableGeometry() if parent.screen() else None
    if screen is not None:  # as large as the screen allows, to read the pages
        dialog.resize(min(1000, screen.width() - 40), screen.height() - 60)
    dialog.open()
    return dialog


def _dpi_for(printer: QPrinter) -> int:
    """The preview paints into pictures (low resolution will do); its Print button paints
    on the printer itself, through the same signal."""
    previewing = printer.paintEngine().type() == QPaintEngine.Type.Picture
    return PREVIEW_DPI if previewing else PRINT_DPI


def pdf_page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(str(pdf))
        try:
            return len(document)
        finally:
            document.close()


def pages_to_print(printer: QPrinter, pages: int) -> list[int]:
    """Return the page numbers (from 1) to paint, in order: the range chosen in the print
    dialog, and the copies when the printer cannot make them itself."""
    ranges = printer.pageRanges()
    numbers = [n for n in range(1, pages + 1) if ranges.isEmpty() or ranges.contains(n)]
    copies = printer.copyCount() if not printer.supportsMultipleCopies() else 1
    if copies <= 1:
        return numbers
    if printer.collateCopies():
        return numbers * copies
    return [n for n in numbers for _ in range(copies)]


def paint_pdf(
    pdf: Path, printer: QPrinter, *, dpi: int = PRINT_DPI, progress: Progress | None = None
) -> int:
    """Paint the pages of the PDF at `pdf` on `printer`; return how many pages were painted.

    Each page is fitted to the sheet (its shape kept, centred). `progress(done, total)` is
    called before each page and may raise (workers.Cancelled) to stop: the print job is then
    aborted. Raises PrintError when the printer cannot be used.
    """
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(str(pdf))
        total = len(document)
    try:
        numbers = pages_to_print(printer, total)
        if not numbers:
            raise PrintError(
                f"The pages chosen are not in the report: it has {total:,} "
                f"{'page' if total == 1 else 'pages'}."
            )
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(
                "The printer could not be started: it may be switched off, out of reach, or "
                "the file to print to cannot be written."
            )
        try:
            for done, number in enumerate(numbers):
                if progress is not None:
                    progress(done, len(numbers))
                if done and not printer.newPage():
                    raise PrintError("The printer stopped taking pages.")
                _paint_page(painter, document, number, printer.resolution(), dpi)
            if progress is not None:
                progress(len(numbers), len(numbers))
        except BaseException:
            printer.abort()
            raise
        finally:
            painter.end()
    finally:
        with PDFIUM_LOCK:
            document.close()
    return len(numbers)


def _paint_page(painter: QPainter, document, number: int, resolution: int, dpi: int) -> None:
    sheet = QRectF(painter.viewport())  # device pixels: the whole sheet (full page)
    with PDFIUM_LOCK:
        page = document[number - 1]
        try:
            width, height = page.get_size()  # points
            fit = min(sheet.width() / width, sheet.height() / height)  # device pixels a point
            image = page_image(page, fit * min(1.0, dpi / max(resolution, 1)))
        finally:
            page.close()
    shown = QRectF(0, 0, width * fit, height * fit)
    shown.moveCenter(sheet.center())
    painter.drawImage(shown, image)
