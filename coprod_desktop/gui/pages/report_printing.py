"""Printing the report from the Reports page: Print (File > Print…) and Print preview make the
same report as Export (or take the preview's file when it is that report), in the page's worker
with progress and Cancel, and hand its pages to `gui.printing`.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from coprod_desktop.domain.privacy import PrivacyPolicy
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui import printing
from coprod_desktop.gui.dialogs.exchange import QUIET, failure_text
from coprod_desktop.gui.dialogs.messages import show_error, show_info
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.workers import Cancelled

log = logging.getLogger(__name__)

PRINT_TITLE = "The report was not printed"
MADE_SHARE = 0.3  # of the progress bar while printing: making the report, then its pages


@dataclass(frozen=True)
class PrintResult:
    """A print run that ended: how many pages went to the printer, at which level."""

    pages: int
    privacy: PrivacyLevel | PrivacyPolicy
    file_name: str  # when printed to a file (a PDF printer), else ""


def page_count_text(count: int) -> str:
    return number_of(count, "page")


def remove_file(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:  # Windows: still open somewhere; the folder goes at shutdown
        log.warning("Could not remove the preview %s", path)


class ReportPrinting:
    """The printing part of `ReportsPage` (which gives the choices, the worker panel, the
    preview and the signals `printed` and `print_preview_opened`)."""

    def print_report(self) -> None:
        """Ask for the printer (File > Print…, Ctrl+P), then print the report as chosen."""
        if self.work.running:
            return
        printer = printing.new_printer(self.session.store.audit().title)
        accepted = printing.ask_printer(self, printer)
        self.activateWindow()  # back from the print dialog
        if accepted:
            self.print_to(printer)

    def print_to(self, printer: printing.QPrinter) -> None:
        """Make the report as chosen and paint its pages on `printer`, in a worker thread."""
        if self.work.running:
            return
        self.printer = printer
        privacy = self.privacy
        AppSettings().set_report_privacy(privacy)  # as an export does
        make = self._report_maker()
        to_file = printer.outputFormat() == printing.QPrinter.OutputFormat.PdfFormat
        file_name = Path(printer.outputFileName()).name if to_file else ""

        def work(report) -> PrintResult:
            pdf = make(lambda done, total: report(round(1000 * MADE_SHARE * done / total), 1000))
            start = round(1000 * MADE_SHARE)

            def painted(done: int, total: int) -> None:
                report(start + round((1000 - start) * done / max(total, 1)), 1000)

            pages = printing.paint_pdf(pdf, printer, progress=painted)
            return PrintResult(pages, privacy, file_name)

        self._start("print", "Printing the report…", work)

    def preview_printing(self) -> None:
        """Make the report as chosen, then show it in the print preview (File > Print
        preview…), from which it can be printed."""
        if self.work.running:
            return
        make = self._report_maker()
        self._start("preview", "Making the report for the print preview…", make)

    def _report_maker(self):
        """Return work that makes the report as now chosen and returns its PDF: the preview's
        file when the preview is that report, else one made afresh."""
        self._print_count += 1
        target = self._preview_dir / f"print {self._print_count}.pdf"
        self._remove_print_file()
        self._print_file = target
        shown = self.preview.path
        if (
            shown is not None
            and not self._preview_stale
            and not self.preview_running
            and self._previewed == (self.privacy, tuple(self.sections))
        ):
            shutil.copyfile(shown, target)  # the preview may be replaced while printing

            def copied(report) -> Path:
                report(1, 1)
                return target

            return copied
        store, privacy, sections = self.session.store, self.privacy, self.sections
        today = self.today

        def made(report) -> Path:
            from coprod_desktop.report.pdf import export_report

            reader = store.reader()
            try:
                export_report(
                    reader, target, privacy=privacy, sections=sections, progress=report, today=today
                )
            finally:
                reader.close()
            return target

        return made

    def _printed(self, result: PrintResult) -> None:
        self._export_ended()
        self._remove_print_file()
        self.printer = None
        where = result.file_name or "the printer"
        self.work.say(f"Printed: {page_count_text(result.pages)} sent to {where}.", QUIET)
        self.session.record_export("print", result.privacy, result.file_name)
        self.printed.emit(result)

    def _print_made(self, pdf: Path) -> None:
        self._export_ended()
        self.work.say("")
        pages = printing.pdf_page_count(pdf)
        if pages > printing.PREVIEW_MAX_PAGES:
            self._remove_print_file()
            show_info(
                self,
                "The report is too long to preview",
                f"The report has {page_count_text(pages)}: too many to show in the print preview. "
                "Print it, or untick the long lists (the inventories) to see the rest first.",
            )
            return
        privacy = self.privacy
        self.printer = printer = printing.new_printer(self.session.store.audit().title)

        def finished(printed: bool) -> None:
            self.print_preview = None
            self.printer = None
            self._remove_print_file()
            if printed:
                name = ""
                if printer.outputFormat() == printing.QPrinter.OutputFormat.PdfFormat:
                    name = Path(printer.outputFileName()).name
                self.session.record_export("print", privacy, name)
                self.printed.emit(PrintResult(pages, privacy, name))

        self.print_preview = printing.open_print_preview(self, printer, pdf, finished)
        self.print_preview_opened.emit()

    def _print_failed(self, error: BaseException) -> None:
        self._export_ended()
        self._remove_print_file()
        self.printer = None
        if isinstance(error, Cancelled):
            self.work.say("Stopped. Nothing more was sent to the printer.", QUIET)
            return
        self.work.say("")
        if isinstance(error, printing.PrintError):
            message, advice = str(error), "Check the printer, or choose another one, and try again."
        else:
            message, advice = failure_text(error, "The report")
        show_error(self, PRINT_TITLE, message, advice)

    def _remove_print_file(self) -> None:
        if self._print_file is not None and self.print_preview is None:
            remove_file(self._print_file)
            self._print_file = None
