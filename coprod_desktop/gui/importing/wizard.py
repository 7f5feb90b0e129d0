"""Import from Excel or CSV: choose the file, say what its columns are, check, then import.

The wizard's pages:
1. the file: read in a worker thread; a file that cannot be read says why on the page;
2. for partners' own sheets only: what each sheet holds and which field each column fills,
   filled in with the importer's guesses (or the choices confirmed last time for a sheet with
   the same headers), with a few values of each column to check them against;
3. the preview: what would be new, changed, unchanged and skipped on each sheet, and every
   problem (sheet, row, column, what is wrong, what to do), to copy or save as CSV;
4. the import itself, in one transaction, then a summary.

Nothing is written to the audit before the user presses Import on the preview. The import is
saved at once like every edit, and it is one step of Edit › Undo: Ctrl+Z in the main window
takes back, in one transaction, exactly what it added and changed (Redo writes it again); the
edits made before it stay on the undo stack. The preview and the summary say so.

Rows without an ID that are records already in the audit (a partner's sheet imported once with
only its valid rows, corrected and imported again) count as unchanged or changed, not new: see
`exchange.importing.matching`. The preview says how many.

This module is the wizard and its flow from page to page. The pages are `file_page`,
`mapping_page` (a `sheet_tab` per sheet, with `sheet_values` under its columns),
`preview_page` and `result_page`, each laid out by a `ui/import_*.ui` file; what their tables
and texts show comes from `mapping_model` and `preview_model`, and the work they run in worker
threads from `work`, `reading` and `kept_sheets` (none of these five imports Qt).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget, QWizard

from coprod_desktop.gui.importing.file_page import FilePage
from coprod_desktop.gui.importing.mapping_page import MappingPage
from coprod_desktop.gui.importing.preview_model import UNDO_NOTE
from coprod_desktop.gui.importing.preview_page import PreviewPage
from coprod_desktop.gui.importing.reading import FileFacts
from coprod_desktop.gui.importing.result_page import ResultPage
from coprod_desktop.gui.screen_fit import fit_dialog, fit_window
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.widgets.forms import name_clear_buttons

__all__ = [
    "FILE_PAGE",
    "MAPPING_PAGE",
    "PREVIEW_PAGE",
    "RESULT_PAGE",
    "UNDO_NOTE",
    "ImportWizard",
]

FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, RESULT_PAGE = range(4)


class ImportWizard(QWizard):
    """Import a workbook or CSV file into the open audit, with a preview first.

    Opens window-modal without blocking (`open()`). `imported` is emitted with the importer's
    result once the records are in the audit.
    """

    imported = Signal(object)

    def __init__(
        self,
        session: AuditSession,
        settings: AppSettings,
        parent: QWidget,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import from Excel or CSV")
        self.setAccessibleName("Import from Excel or CSV")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Next >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< &Back")
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Done")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Cancel")

        self.facts: FileFacts | None = None
        self.mapping = None  # the ImportMapping confirmed on the mapping page
        self.plan = None  # the ImportPlan shown on the preview
        self.result = None  # the ImportResult

        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        self.setPage(FILE_PAGE, self.file_page)
        self.setPage(MAPPING_PAGE, self.mapping_page)
        self.setPage(PREVIEW_PAGE, self.preview_page)
        self.setPage(RESULT_PAGE, self.result_page)
        self.setStartId(FILE_PAGE)
        name_clear_buttons(self)  # the corners of the preview's tables

        self._sized = False
        self._closing = False
        fit_dialog(self)
        if path is not None:
            self.file_page.use(Path(path))

    def showEvent(self, event) -> None:
        if not self._sized:  # room for the tables, within the screen of a small laptop
            self._sized = True
            metrics = self.fontMetrics()
            width, height = metrics.averageCharWidth() * 160, metrics.height() * 50
            self.resize(max(width, self.width()), max(height, self.height()))
            fit_window(self, place=self.testAttribute(Qt.WidgetAttribute.WA_Moved))
        super().showEvent(event)  # centres the wizard over the window, on the screen

    # -- pages' helpers --------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.facts.path if self.facts else None

    @property
    def running(self) -> bool:
        return any(
            page.work.running
            for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page)
        )

    def button_of(self, which: QWizard.WizardButton) -> QPushButton:
        return self.button(which)

    def import_button(self) -> QPushButton:
        """The button that imports (Finish of the checking: the preview's commit button)."""
        return self.button(QWizard.WizardButton.CommitButton)

    def nextId(self) -> int:
        current = self.currentId()
        if current == FILE_PAGE:
            if self.facts is not None and self.facts.own_workbook:
                return PREVIEW_PAGE
            return MAPPING_PAGE
        if current == MAPPING_PAGE:
            return PREVIEW_PAGE
        if current == PREVIEW_PAGE:
            return RESULT_PAGE
        return -1

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel: stop any reading or checking first (nothing has been written), then close."""
        if self.running:
            self._closing = True
            for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
                page.work.cancel()
            return
        super().reject()

    def work_ended(self) -> None:
        """A page's work has stopped: close now if Cancel was pressed meanwhile."""
        if self._closing and not self.running:
            self._closing = False
            super().reject()

    @property
    def closing(self) -> bool:
        return self._done

    _done = False

    def done(self, result: int) -> None:
        self._done = True  # no work starts from now on (a field losing the focus...)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            page.work.wait()
        super().done(result)
