"""Page 1 of the import wizard: choose the spreadsheet, and read it in a worker thread.

A file that cannot be read says why on the page. Its layout is `ui/import_file_page.ui`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWizard

from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.dialogs.exchange import FOLDER_PURPOSE, PROBLEM
from coprod_desktop.gui.dialogs.messages import choose_file
from coprod_desktop.gui.importing.page import ImportPage
from coprod_desktop.gui.importing.reading import SPREADSHEET_FILTER, FileFacts
from coprod_desktop.gui.importing.work import read_work, reading_problem
from coprod_desktop.gui.widgets.forms import name_clear_button
from coprod_desktop.gui.workers import Cancelled

if TYPE_CHECKING:
    from coprod_desktop.gui.importing.wizard import ImportWizard

GOOD = "#107c10"


class FilePage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "file_page", "import_file_page.ui")
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle(
            "A workbook exported from Coprod Desktop, a partner template that has been filled "
            "in, or a partner's own spreadsheet or CSV file."
        )
        self.path_edit = self.ui.path_edit
        name_clear_button(self.path_edit, "Clear file name")
        self.browse_button = self.ui.browse_button
        self.work = self.work_panel("Reading the file")
        self.found = self.ui.found_label
        self.found.hide()

        self.browse_button.clicked.connect(self.browse)
        self.path_edit.returnPressed.connect(self._typed)
        self.path_edit.editingFinished.connect(self._typed)
        self.path_edit.textEdited.connect(self._edited)
        self.work.done.connect(self._read)
        self.work.failed.connect(self._not_read)
        self._reading: Path | None = None
        self._tried = ""  # the path last read, or tried: typed again, it is not read again

    @property
    def problem(self) -> str:
        """The message shown when the file could not be read ("" when it could)."""
        return self.work.status.text() if self.wizard_.facts is None else ""

    def initializePage(self) -> None:
        self.path_edit.setFocus()

    def isComplete(self) -> bool:
        facts = self.wizard_.facts
        return (
            facts is not None
            and not self.work.running
            and str(facts.path) == self.path_edit.text().strip()
        )

    def browse(self) -> None:
        path = choose_file(
            self,
            self.wizard_.settings,
            purpose=FOLDER_PURPOSE,
            caption="Import from Excel or CSV",
            name_filter=SPREADSHEET_FILTER,
            suffix="xlsx",
            save=False,
        )
        self.wizard_.activateWindow()  # back from the file chooser
        if path is not None:
            self.use(path)

    def use(self, path: Path) -> None:
        """Read `path` (chosen, typed or dropped) in a worker thread."""
        self.path_edit.setText(str(path))
        if self.work.running or self._reading == path:
            return
        self.wizard_.facts = None
        self.wizard_.mapping = None
        self._reading = path
        self._tried = str(path)
        self.found.hide()
        self.completeChanged.emit()
        self.work.run(f"Reading {path.name}…", read_work(path))

    def _typed(self) -> None:
        # Enter, or the focus leaving the field (also when the wizard closes: then not).
        text = self.path_edit.text().strip()
        if text and text != self._tried and self.isVisible() and not self.wizard_.closing:
            self.use(Path(text))

    def _edited(self, _text: str) -> None:
        self._reading = None
        self._tried = ""
        self.completeChanged.emit()

    def _read(self, facts: FileFacts) -> None:
        self._reading = None
        self.wizard_.facts = facts
        self.work.say("")
        self.found.setText(describe(facts))
        self.found.setStyleSheet(f"color: {GOOD};")
        self.found.show()
        self.completeChanged.emit()
        self.wizard_.work_ended()
        next_button = self.wizard_.button(QWizard.WizardButton.NextButton)
        if self.isVisible() and next_button.isEnabled():
            next_button.setFocus()

    def _not_read(self, error: BaseException) -> None:
        self._reading = None
        self.wizard_.facts = None
        if isinstance(error, Cancelled):
            self.work.say("")
        else:
            self.work.say(reading_problem(error, self.path_edit.text()), PROBLEM)
        self.completeChanged.emit()
        self.wizard_.work_ended()


def describe(facts: FileFacts) -> str:
    """What was found in the file, and what Next does with it."""
    name = facts.path.name
    if facts.own_workbook:
        about = facts.about or {}
        title = about.get("audit_title") or "an audit"
        kind = "partner template" if about.get("kind") == "template" else "workbook"
        return f"✓ {name} is a Coprod Desktop {kind} (from “{title}”). Press Next to check it."
    if facts.kind == "csv":
        return f"✓ {name} was read. Press Next to say what its columns hold."
    count = len(facts.sheets)
    sheets = number_of(count, "sheet")
    return f"✓ {name} was read: {sheets}. Press Next to say what their columns hold."
