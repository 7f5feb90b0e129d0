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
`exchange.importer_matching`. The preview says how many.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coprod_desktop.domain import records as r
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.output_file import replacing
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.gui.dialogs.exchange import (
    FOLDER_PURPOSE,
    PROBLEM,
    QUIET,
    WorkPanel,
    output_refused,
)
from coprod_desktop.gui.dialogs.messages import choose_file, show_error
from coprod_desktop.gui.screen_fit import fit_dialog, fit_window
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.widgets.forms import bold_font, name_clear_button, name_clear_buttons
from coprod_desktop.gui.workers import Cancelled
from coprod_desktop.store.outputs import OutputKind, audit_files, input_file

log = logging.getLogger(__name__)

SPREADSHEET_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xltx *.csv *.txt);;Excel workbooks (*.xlsx *.xlsm *.xltx);;"
    "CSV files (*.csv *.txt);;All files (*)"
)
# What a dropped file may be: the reader says plainly what is wrong with an old .xls.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".csv", ".txt", ".tsv")
FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE, RESULT_PAGE = range(4)
SAMPLES = 3  # values shown per column on the mapping page
SAMPLE_ROWS = 200  # rows looked at, at most, to find them
GOOD = "#107c10"
WHOLE_FILE = "(whole file)"  # the sheet of a problem of the whole file (another audit...)
PROBLEMS_SHOWN = 500  # problems listed in the preview's table (copy and save give them all)
UNDO_NOTE = (
    "The import is saved at once, as one step: Edit › Undo (Ctrl+Z) in the main window takes "
    "the whole import back."
)

# What a partner's sheet can hold, in the order offered; "" skips the sheet.
ENTITIES: dict[str, tuple[str, L.Sheet | None]] = {
    "people": ("People", L.PEOPLE),
    "capabilities": ("Capabilities of people", L.CAPABILITIES),
    "assets": ("Community assets", L.ASSETS),
    "roles": ("Roles of people at each stage", L.ROLES),
    "actions": ("Actions", L.ACTIONS),
    "": ("Nothing to import: skip this sheet", None),
}
IGNORE_TEXT = "Ignore this column"
# Every record type an import can add or change: the pages hear of each after an import.
IMPORTED_TYPES: tuple[type[r.Record], ...] = (
    r.Person,
    r.Capability,
    r.CommunityAsset,
    r.AssetConnection,
    r.ElementLink,
    r.Role,
    r.AssessmentRound,
    r.AssessmentRating,
    r.Action,
)


def is_spreadsheet(path: Path) -> bool:
    """Whether a dropped file looks like something the import can try to read."""
    return Path(path).suffix.lower() in SPREADSHEET_SUFFIXES


def sentence(text: str) -> str:
    """Return a message as a sentence: a capital letter first and a full stop at the end."""
    text = (text or "").strip()
    if not text:
        return ""
    if text[-1] not in ".!?”)":
        text += "."
    return text[:1].upper() + text[1:]


def column_letter(number: int) -> str:
    """Return the Excel letter of a column (0 -> A, 26 -> AA)."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sample_text(value: object) -> str:
    """Show a cell's value as a person reads it in Excel."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y}" if not value.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def headers_key(headers: list[str]) -> str:
    """Return the settings key of a sheet's headers: the same headers find the same mapping."""
    cleaned = "\x1f".join(" ".join(h.split()).casefold() for h in headers)
    return hashlib.sha1(cleaned.encode("utf-8")).hexdigest()[:20]


def _fields(sheet: L.Sheet | None) -> list[L.Column]:
    """The fields a partner's column may fill: not our IDs (their IDs are their own numbers)."""
    if sheet is None:
        return []
    skipped = (L.Kind.ID, L.Kind.REF)
    return [c for c in sheet.columns if c.kind not in skipped and c.key != "round_participants"]


def _field_label(column: L.Column) -> str:
    if column.kind is L.Kind.HAT:
        return f"Hat: {column.header}"
    return column.header


# -- reading the file (in a worker) ---------------------------------------------------------------


@dataclass
class SheetFacts:
    """A partner's sheet as read: its headers, a few values of each column, the guess."""

    name: str
    headers: list[str]
    samples: list[list[str]]
    entity: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # header -> field key

    @property
    def key(self) -> str:
        return headers_key(self.headers)


@dataclass
class FileFacts:
    path: Path
    kind: str  # "xlsx" or "csv"
    own_workbook: bool
    about: dict[str, str] | None
    sheets: list[SheetFacts]


def read_file(path: Path) -> FileFacts:
    """Open the spreadsheet; for a partner's own sheets, read the headers, samples and guesses.

    Raises SpreadsheetError (a plain message) when the file cannot be read.
    """
    from coprod_desktop.exchange.importing.importer import guess_mapping
    from coprod_desktop.exchange.importing.mapping import known_headers
    from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet

    with open_spreadsheet(path) as book:
        about = book.about
        own = bool(about) and about.get("format") == L.WORKBOOK_FORMAT
        if own:
            return FileFacts(Path(path), book.kind, True, about, [])
        guess = guess_mapping(book)
        known = known_headers()  # as the guess finds the header row
        sheets = []
        for name in book.sheet_names:
            guessed = guess.sheets.get(name)
            rows = book.sheet(name, known_headers=known)
            headers = list(rows.headers)
            samples: list[list[str]] = [[] for _ in headers]
            for number, (_row, values) in enumerate(rows.rows):
                for index, value in enumerate(values[: len(headers)]):
                    if value not in (None, "") and len(samples[index]) < SAMPLES:
                        samples[index].append(sample_text(value))
                if number >= SAMPLE_ROWS or all(len(s) >= SAMPLES for s in samples):
                    break
            facts = SheetFacts(name, headers, samples)
            if guessed is not None:
                facts.entity = guessed.entity
                facts.columns = dict(guessed.columns)
            sheets.append(facts)
        return FileFacts(Path(path), book.kind, False, about, sheets)


# -- the wizard -----------------------------------------------------------------------------------


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
            width, height = metrics.averageCharWidth() * 140, metrics.height() * 50
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
            page.work.running for page in (self.file_page, self.preview_page, self.result_page)
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
            for page in (self.file_page, self.preview_page, self.result_page):
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
        for page in (self.file_page, self.preview_page, self.result_page):
            page.work.wait()
        super().done(result)


def _intro(page: QWizardPage, text: str) -> QLabel:
    label = QLabel(text, page)
    label.setWordWrap(True)
    return label


# -- 1. the file ----------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setObjectName("file_page")
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle(
            "A workbook exported from Coprod Desktop, a partner template that has been filled "
            "in, or a partner's own spreadsheet or CSV file."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                self,
                "Choose an Excel workbook (.xlsx) or a CSV file. Nothing is added to the audit "
                "until you have seen what the import would do and pressed Import.",
            )
        )
        row = QHBoxLayout()
        label = QLabel("&Spreadsheet:", self)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("path_edit")
        self.path_edit.setAccessibleName("Spreadsheet file")
        self.path_edit.setPlaceholderText("Choose a file, or drop it on the window")
        name_clear_button(self.path_edit, "Clear file name")
        label.setBuddy(self.path_edit)
        self.browse_button = QPushButton("&Choose a file…", self)
        self.browse_button.setObjectName("browse_button")
        row.addWidget(label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.work = WorkPanel(self, "Reading the file")
        layout.addWidget(self.work)
        self.found = QLabel(self)
        self.found.setObjectName("found_label")
        self.found.setWordWrap(True)
        self.found.hide()
        layout.addWidget(self.found)
        layout.addStretch(1)

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
        self.work.run(f"Reading {path.name}…", lambda _report: read_file(path))

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
        self.found.setText(self._describe(facts))
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
            self.work.say(_reading_problem(error, self.path_edit.text()), PROBLEM)
        self.completeChanged.emit()
        self.wizard_.work_ended()

    @staticmethod
    def _describe(facts: FileFacts) -> str:
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


def _reading_problem(error: BaseException, path_text: str) -> str:
    from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError

    if isinstance(error, SpreadsheetError):
        return str(error)
    name = Path(path_text).name or path_text
    if isinstance(error, FileNotFoundError):
        return f"“{name}” was not found. Check the name and folder, or choose the file again."
    if isinstance(error, PermissionError):
        return (
            f"“{name}” could not be opened: another program has it open, or you may not read "
            "it. Close it in Excel, or copy it to your Documents folder, and try again."
        )
    if isinstance(error, OSError):
        return f"“{name}” could not be read: {error.strerror or error}."
    log.error("Reading %s failed", path_text, exc_info=error)
    return (
        f"“{name}” could not be read: {error}. Try saving it again from Excel as a workbook "
        "(.xlsx); if it keeps happening, send the log file to your IT support."
    )


# -- 2. the columns of partners' own sheets -------------------------------------------------------


class SheetMappingTab(QWidget):
    """One sheet: what it holds, and the field each of its columns fills."""

    HEADER, EXAMPLES, FIELD = range(3)

    def __init__(self, facts: SheetFacts, saved: tuple[str, dict[str, str]] | None, parent):
        super().__init__(parent)
        self.facts = facts
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.entity_combo = QComboBox(self)
        self.entity_combo.setObjectName("entity_combo")
        self.entity_combo.setAccessibleName(f"What the sheet {facts.name} holds")
        for key, (label, _sheet) in ENTITIES.items():
            self.entity_combo.addItem(label, key)
        holds = QLabel("This sheet &holds:", self)
        holds.setBuddy(self.entity_combo)
        form.addRow(holds, self.entity_combo)
        layout.addLayout(form)
        self.note = QLabel(self)
        self.note.setObjectName("mapping_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {QUIET};")
        layout.addWidget(self.note)

        table = QTableWidget(len(facts.headers), 3, self)
        table.setObjectName("columns_table")
        table.setAccessibleName(f"Columns of the sheet {facts.name}")
        table.setAccessibleDescription(
            "Each row is a column of your sheet, with a few of its values and the field of the "
            "audit it fills."
        )
        table.setHorizontalHeaderLabels(
            ["Column in your sheet", "Examples from the sheet", "Field in the audit"]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setTabKeyNavigation(False)  # Tab walks through the drop-downs
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.EXAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.FIELD, QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        letter = table.fontMetrics().averageCharWidth()
        table.setColumnWidth(self.HEADER, letter * 30)
        table.setColumnWidth(self.FIELD, letter * 36)
        self.table = table
        self.combos: dict[str, QComboBox] = {}
        row_height = max(table.fontMetrics().height() + 12, QComboBox().sizeHint().height() + 4)
        table.verticalHeader().setDefaultSectionSize(row_height)
        for row, header_text in enumerate(facts.headers):
            shown = f"{column_letter(row)}: {header_text or '(no header)'}"
            item = QTableWidgetItem(shown)
            item.setToolTip(shown)
            table.setItem(row, self.HEADER, item)
            samples = facts.samples[row] if row < len(facts.samples) else []
            example = QTableWidgetItem(" · ".join(samples) if samples else "(empty)")
            example.setToolTip("\n".join(samples))
            if not samples:
                example.setForeground(Qt.GlobalColor.gray)
            table.setItem(row, self.EXAMPLES, example)
            if not header_text or header_text in self.combos:
                continue  # the importer maps columns by their header text
            combo = QComboBox(table)
            combo.setObjectName("field_combo")
            combo.setAccessibleName(f"Field for column {shown}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(20)
            table.setCellWidget(row, self.FIELD, combo)
            self.combos[header_text] = combo
        layout.addWidget(table, 1)

        if saved is not None:
            entity, columns = saved
            self.note.setText(
                "Filled in with the choices you confirmed last time for a sheet with these columns."
            )
        else:
            entity, columns = facts.entity, facts.columns
            self.note.setText(
                "Filled in with guesses from the column names: check each one against the "
                "examples, and choose another field where a guess is wrong."
                if entity
                else "The columns did not look like any kind of record the audit holds: choose "
                "what the sheet holds, or leave it skipped."
            )
        self._fill(entity, columns)
        self.entity_combo.currentIndexChanged.connect(self._entity_changed)

    @property
    def entity(self) -> str:
        return self.entity_combo.currentData()

    def columns(self) -> dict[str, str]:
        """Header text -> field key ("" ignores the column) as chosen now."""
        return {header: combo.currentData() or "" for header, combo in self.combos.items()}

    def _fill(self, entity: str, columns: dict[str, str]) -> None:
        index = self.entity_combo.findData(entity)
        self.entity_combo.blockSignals(True)
        self.entity_combo.setCurrentIndex(index if index >= 0 else len(ENTITIES) - 1)
        self.entity_combo.blockSignals(False)
        self._offer_fields(columns)

    def _offer_fields(self, chosen: dict[str, str]) -> None:
        sheet = ENTITIES[self.entity][1]
        for header, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(IGNORE_TEXT, "")
            for column in _fields(sheet):
                combo.addItem(_field_label(column), column.key)
            key = chosen.get(header, "")
            index = combo.findData(key)
            if index < 0 and key:
                combo.addItem(key, key)  # a field this version does not list: keep it
                index = combo.count() - 1
            combo.setCurrentIndex(max(index, 0))
            combo.setEnabled(sheet is not None)
            combo.blockSignals(False)

    def _entity_changed(self) -> None:
        sheet = ENTITIES[self.entity][1]
        if self.entity == self.facts.entity:
            self._offer_fields(self.facts.columns)
            return
        # Another kind of record: keep what fits it, match the rest by header and synonyms.
        before = self.columns()
        chosen: dict[str, str] = {}
        if sheet is not None:
            keys = {c.key for c in _fields(sheet)}
            names = {}
            for column in _fields(sheet):
                for name in (column.header, *column.synonyms):
                    names.setdefault(" ".join(name.split()).casefold(), column.key)
            for header in self.combos:
                key = before.get(header, "")
                if key not in keys:
                    key = names.get(" ".join(header.split()).casefold(), "")
                chosen[header] = key
        self._offer_fields(chosen)

    def problems(self) -> list[str]:
        """What stops the import of this sheet as chosen (empty when it can go on)."""
        if not self.entity:
            return []
        sheet = ENTITIES[self.entity][1]
        taken: dict[str, list[str]] = {}
        for header, key in self.columns().items():
            if key:
                taken.setdefault(key, []).append(header)
        found = []
        for key, headers in taken.items():
            if len(headers) > 1:
                label = next((_field_label(c) for c in sheet.columns if c.key == key), key)
                names = " and ".join(f"“{h}”" for h in headers)
                found.append(
                    f"{self.facts.name}: the columns {names} are both set to fill “{label}”. "
                    "Choose one of them, and set the other to “Ignore this column”."
                )
        missing = [c for c in _fields(sheet) if c.required and c.key not in taken]
        if not taken:
            found.append(
                f"{self.facts.name}: no column is set to fill a field. Choose the fields, or "
                "choose “Nothing to import” for the sheet."
            )
        elif missing and not any(c.key in taken for c in _fields(sheet) if c.required):
            labels = ", ".join(f"“{_field_label(c)}”" for c in missing)
            found.append(
                f"{self.facts.name}: every row needs {labels}; choose the column that gives it."
            )
        return found


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setObjectName("mapping_page")
        self.setTitle("What the columns hold")
        self.setSubTitle(
            "Say what each sheet holds and which field of the audit each of its columns fills."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                self,
                "The guesses come from the column names. Check them against the examples from "
                "your sheet; columns set to “Ignore this column” are not imported. Your "
                "choices are remembered for the next sheet with the same columns.",
            )
        )
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sheet_tabs")
        self.tabs.setAccessibleName("Sheets of the spreadsheet")
        layout.addWidget(self.tabs, 1)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("problem_label")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {PROBLEM};")
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.sheet_tabs: dict[str, SheetMappingTab] = {}
        self._shown_for: FileFacts | None = None

    def initializePage(self) -> None:
        facts = self.wizard_.facts
        if facts is None or facts is self._shown_for:
            return  # back from the preview: keep what the user chose
        self._shown_for = facts
        self.tabs.clear()
        for tab in self.sheet_tabs.values():
            tab.deleteLater()
        self.sheet_tabs = {}
        for sheet in facts.sheets:
            tab = SheetMappingTab(sheet, self._saved(sheet), self.tabs)
            self.tabs.addTab(tab, sheet.name)
            self.sheet_tabs[sheet.name] = tab
        self.problem_label.hide()
        self.tabs.setCurrentIndex(0)
        if self.sheet_tabs:
            next(iter(self.sheet_tabs.values())).entity_combo.setFocus()

    def tab(self, sheet: str) -> SheetMappingTab:
        return self.sheet_tabs[sheet]

    def _saved(self, sheet: SheetFacts) -> tuple[str, dict[str, str]] | None:
        from coprod_desktop.exchange.importing.importer import ImportMapping

        text = self.wizard_.settings.import_mapping(sheet.key)
        if not text:
            return None
        try:
            mapping = ImportMapping.from_json(json.loads(text))
        except (ValueError, TypeError, KeyError):
            return None  # from an older version, or damaged: guess again
        if not mapping.sheets:
            return None
        saved = next(iter(mapping.sheets.values()))
        return saved.entity, dict(saved.columns)

    def mapping(self):
        """The ImportMapping of the choices shown."""
        from coprod_desktop.exchange.importing.importer import ImportMapping, SheetMapping

        return ImportMapping(
            sheets={
                name: SheetMapping(entity=tab.entity, columns=tab.columns())
                for name, tab in self.sheet_tabs.items()
            }
        )

    def validatePage(self) -> bool:
        problems = [p for tab in self.sheet_tabs.values() for p in tab.problems()]
        if self.sheet_tabs and all(not tab.entity for tab in self.sheet_tabs.values()):
            problems.insert(
                0, "Every sheet is set to “Nothing to import”: choose what at least one holds."
            )
        if problems:
            self.problem_label.setText("\n".join(problems))
            self.problem_label.show()
            return False
        self.problem_label.hide()
        mapping = self.mapping()
        self.wizard_.mapping = mapping
        self._remember(mapping)
        return True

    def _remember(self, mapping) -> None:
        from coprod_desktop.exchange.importing.importer import ImportMapping

        for name, tab in self.sheet_tabs.items():
            one = ImportMapping(sheets={name: mapping.sheets[name]})
            self.wizard_.settings.set_import_mapping(
                tab.facts.key, json.dumps(one.to_json(), ensure_ascii=False)
            )


# -- 3. the preview -------------------------------------------------------------------------------


class PreviewPage(QWizardPage):
    SUMMARY_HEADERS = ("Sheet", "New", "Changed", "Unchanged", "Skipped", "With problems")
    PROBLEM_HEADERS = ("Sheet", "Row", "Column", "What is wrong", "What to do")

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setObjectName("preview_page")
        self.setTitle("Check before importing")
        self.setSubTitle("What the import would add and change. Nothing has been written yet.")
        self.setCommitPage(True)
        layout = QVBoxLayout(self)

        self.work = WorkPanel(self, "Checking the spreadsheet")
        row = QHBoxLayout()
        row.addWidget(self.work, 1)
        self.stop_button = QPushButton("S&top checking", self)
        self.stop_button.setObjectName("stop_button")
        self.again_button = QPushButton("Check a&gain", self)
        self.again_button.setObjectName("again_button")
        self.stop_button.hide()
        self.again_button.hide()
        row.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.again_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        self.other_audit_label = QLabel(self)
        self.other_audit_label.setObjectName("other_audit_label")
        self.other_audit_label.setWordWrap(True)
        self.other_audit_label.setStyleSheet(f"color: {PROBLEM};")
        self.as_new_box = QCheckBox("Import its rows as new &records (keep both)", self)
        self.as_new_box.setObjectName("as_new_box")
        layout.addWidget(self.other_audit_label)
        layout.addWidget(self.as_new_box)

        # The counts above the problems; the user can give either more room.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("preview_splitter")
        self.splitter.setChildrenCollapsible(False)
        top = QWidget(self.splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.summary_label = QLabel("What the import would do:", top)
        self.summary_label.setFont(bold_font(self.summary_label))
        top_layout.addWidget(self.summary_label)
        self.summary_table = self._table("summary_table", self.SUMMARY_HEADERS)
        self.summary_table.setAccessibleName("What the import would do, sheet by sheet")
        self.summary_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        top_layout.addWidget(self.summary_table, 1)
        bottom = QWidget(self.splitter)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel(bottom)
        self.problems_label.setObjectName("problems_label")
        self.problems_label.setFont(bold_font(self.problems_label))
        self.problems_label.setWordWrap(True)
        bottom_layout.addWidget(self.problems_label)
        self.problems_table = self._table("problems_table", self.PROBLEM_HEADERS)
        self.problems_table.setAccessibleName("Problems found in the spreadsheet")
        self.problems_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.problems_table.setWordWrap(True)
        header = self.problems_table.horizontalHeader()
        letter = self.problems_table.fontMetrics().averageCharWidth()
        for column, letters in ((0, 14), (1, 6), (2, 20)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.problems_table.setColumnWidth(column, letters * letter)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        bottom_layout.addWidget(self.problems_table, 1)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("&Copy the problems", bottom)
        self.copy_button.setObjectName("copy_button")
        self.save_button = QPushButton("&Save the problems as CSV…", bottom)
        self.save_button.setObjectName("save_problems_button")
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        bottom_layout.addLayout(buttons)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

        self.duplicates_box = QCheckBox(
            "Add the likely &duplicates too: they are different people or assets", self
        )
        self.duplicates_box.setObjectName("duplicates_box")
        layout.addWidget(self.duplicates_box)
        self.valid_only_box = QCheckBox("Import only the rows &without problems", self)
        self.valid_only_box.setObjectName("valid_only_box")
        layout.addWidget(self.valid_only_box)
        self.note = QLabel(self)
        self.note.setObjectName("note_label")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        self.stop_button.clicked.connect(self.work.cancel)
        self.again_button.clicked.connect(self.check)
        self.as_new_box.toggled.connect(lambda _on: self.check())
        self.duplicates_box.toggled.connect(lambda _on: self.check())
        self.valid_only_box.toggled.connect(lambda _on: self._show_note())
        self.copy_button.clicked.connect(self.copy_problems)
        self.save_button.clicked.connect(self.save_problems)
        self.work.done.connect(self._planned)
        self.work.failed.connect(self._not_planned)
        self._problems: list = []
        self._show_plan(None)

    def _table(self, name: str, headers: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        return table

    # -- checking --------------------------------------------------------------------------

    def initializePage(self) -> None:
        for box in (self.as_new_box, self.duplicates_box):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.valid_only_box.setChecked(False)
        self.check()

    def cleanupPage(self) -> None:
        self.work.cancel()  # back to the columns: the checking starts again from there

    def check(self) -> None:
        """Work out what the import would do, in a worker thread (nothing is written)."""
        wizard = self.wizard_
        if wizard.facts is None or self.work.running:
            return
        wizard.plan = None
        self._show_plan(None)
        store = wizard.session.store
        path = wizard.facts.path
        mapping = None if wizard.facts.own_workbook else wizard.mapping
        as_new = self.as_new_box.isChecked()
        add_duplicates = self.duplicates_box.isChecked()

        def work(report):
            from coprod_desktop.exchange.importing.importer import plan_import

            reader = store.reader()  # the window goes on using its own connection
            try:
                return plan_import(
                    reader,
                    path,
                    mapping=mapping,
                    as_new=as_new,
                    add_duplicates=add_duplicates,
                    progress=report,
                    check_room=True,  # a full disk is said before a long check
                )
            finally:
                reader.close()

        self.stop_button.show()
        self.again_button.hide()
        self.work.run(f"Checking {path.name}…", work)
        self.completeChanged.emit()

    def _planned(self, plan) -> None:
        self.stop_button.hide()
        self.wizard_.plan = plan
        self.work.say("")
        self._show_plan(plan)
        self.completeChanged.emit()
        self.wizard_.work_ended()
        button = self.wizard_.import_button()
        if self.isVisible() and button.isEnabled():
            button.setFocus()

    def _not_planned(self, error: BaseException) -> None:
        self.stop_button.hide()
        self.again_button.show()
        if isinstance(error, Cancelled):
            self.work.say("Checking stopped. Nothing was imported.", QUIET)
        else:
            self.work.say(_planning_problem(error), PROBLEM)
        self.completeChanged.emit()
        self.wizard_.work_ended()

    # -- showing the plan ------------------------------------------------------------------

    def _show_plan(self, plan) -> None:
        shown = plan is not None
        for widget in (
            self.summary_label,
            self.summary_table,
            self.problems_label,
            self.problems_table,
            self.copy_button,
            self.save_button,
            self.note,
        ):
            widget.setVisible(shown)
        other = bool(shown and (plan.other_audit or plan.as_new))
        self.other_audit_label.setVisible(other)
        self.as_new_box.setVisible(other)
        self.valid_only_box.setVisible(bool(shown and plan.has_errors))
        self.duplicates_box.setVisible(
            bool(shown and (plan.duplicates or self.duplicates_box.isChecked()))
        )
        if not shown:
            return
        if other:
            title = getattr(plan, "audit_title", "")
            source = f"another audit (“{title}”)" if title else "another audit"
            self.other_audit_label.setText(
                f"⚠ This workbook was exported from {source}. Its rows are not matched with "
                "the records of this audit. Tick the box to add them as new records; check "
                "the likely duplicates below first."
            )
        self._fill_summary(plan)
        self._fill_problems(plan.problems)
        self._show_note()

    def _fill_summary(self, plan) -> None:
        table = self.summary_table
        table.setRowCount(len(plan.sheets))
        for row, sheet in enumerate(plan.sheets):
            values = [
                sheet.sheet,
                sheet.new,
                sheet.changed,
                sheet.unchanged,
                sheet.skipped,
                getattr(sheet, "errors", 0),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                table.setItem(row, column, item)
        letter = table.fontMetrics().averageCharWidth()
        for column, header in enumerate(self.SUMMARY_HEADERS[1:], start=1):
            table.setColumnWidth(column, letter * max(12, len(header) + 5))
        # As tall as its rows (at most 8 before it scrolls); the problems get the rest.
        rows = min(table.rowCount(), 8)
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += table.verticalHeader().defaultSectionSize() * max(rows, 1) + 4
        table.setMinimumHeight(min(height, table.verticalHeader().defaultSectionSize() * 4))
        table.setMaximumHeight(height)
        above = self.summary_label.sizeHint().height() + 6
        total = sum(self.splitter.sizes()) or self.splitter.height()
        self.splitter.setSizes([height + above, max(total - height - above, 1)])

    def _fill_problems(self, problems) -> None:
        # The whole file first, then the rows that are not imported, then the notes.
        problems = sorted(
            problems,
            key=lambda p: (p.row is not None or p.sheet != WHOLE_FILE, p.severity != "error"),
        )
        self._problems = problems
        shown = problems[:PROBLEMS_SHOWN]  # a million bad rows would freeze the table
        table = self.problems_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            values = [
                problem.sheet,
                "" if problem.row is None else str(problem.row),
                problem.column or "",
                sentence(problem.message),
                sentence(problem.advice),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if problem.severity != "error" and column == 3:
                    item.setText(f"Warning: {value}")
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        table.setUpdatesEnabled(True)
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        if not problems:
            text = "No problems found."
        else:
            parts = []
            if errors:
                parts.append(number_of(errors, "error"))
            if warnings:
                parts.append(number_of(warnings, "warning"))
            text = f"Problems: {' and '.join(parts)}."
            if errors:
                text += " Rows with an error are not imported."
            if len(problems) > len(shown):
                text += (
                    f" The first {len(shown):,} are listed here; copy them or save them as CSV "
                    "for all of them."
                )
        self.problems_label.setText(text)
        self.problems_table.setVisible(bool(problems))
        self.copy_button.setVisible(bool(problems))
        self.save_button.setVisible(bool(problems))

    def _changes(self) -> int:
        plan = self.wizard_.plan
        return sum(s.new + s.changed for s in plan.sheets) if plan else 0

    def _show_note(self) -> None:
        plan = self.wizard_.plan
        if plan is None:
            return
        if plan.has_errors and not self.valid_only_box.isChecked():
            text = (
                "Nothing can be imported while there are errors: correct them in the "
                "spreadsheet and check again, or tick “Import only the rows without problems”."
            )
            colour = PROBLEM
        elif not self._changes():
            text = "Nothing to import: everything in the spreadsheet is already in the audit."
            colour = QUIET
        else:
            text, colour = UNDO_NOTE, QUIET
        if plan.matched:  # rows imported before: say why they are not new
            text = f"{plan.matched_note()}\n{text}"
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {colour};")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.wizard_.plan
        if plan is None or self.work.running or not self._changes():
            return False
        return not plan.has_errors or self.valid_only_box.isChecked()

    @property
    def valid_only(self) -> bool:
        plan = self.wizard_.plan
        return bool(plan and plan.has_errors and self.valid_only_box.isChecked())

    # -- the problems, to share ------------------------------------------------------------

    def problem_rows(self) -> list[list[str]]:
        plan = self.wizard_.plan
        rows = [[*self.PROBLEM_HEADERS, "Error or warning"]]
        for p in self._problems if plan else []:
            rows.append(
                [
                    p.sheet,
                    "" if p.row is None else str(p.row),
                    p.column or "",
                    sentence(p.message),
                    sentence(p.advice),
                    "Error" if p.severity == "error" else "Warning",
                ]
            )
        return rows

    def copy_problems(self) -> None:
        """Copy every problem as tab-separated lines (they paste into Excel as a table)."""
        text = "\n".join(
            "\t".join(cell.replace("\t", " ") for cell in row) for row in self.problem_rows()
        )
        QGuiApplication.clipboard().setText(text + "\n")
        self.work.say(
            "The problems were copied: paste them into an e-mail or a spreadsheet.", QUIET
        )

    def save_problems(self) -> None:
        wizard = self.wizard_
        stem = wizard.facts.path.stem if wizard.facts else "Import"
        path = choose_file(
            self,
            wizard.settings,
            purpose=FOLDER_PURPOSE,
            caption="Save the problems as CSV",
            name_filter="CSV files (*.csv)",
            suffix="csv",
            save=True,
            suggested_name=f"{stem} - problems.csv",
        )
        wizard.activateWindow()
        if path is None:
            return
        # Never onto the open audit's files or the spreadsheet being imported, under any name.
        title = "The problems were not saved"
        protected = audit_files(wizard.session.path)
        if wizard.facts is not None:
            protected.append(input_file(wizard.facts.path, "the file being imported"))
        if output_refused(self, title, path, OutputKind.TEXT, protected):
            return
        try:
            # Written beside and moved into place: never into a link's target.
            with (
                replacing(path, "Excel", OutputKind.TEXT, protected) as temporary,
                temporary.open("w", encoding="utf-8-sig", newline="") as file,
            ):
                csv.writer(file).writerows(self.problem_rows())
        except ExportError as error:
            show_error(self, title, str(error))
            return
        except OSError as error:
            show_error(
                self,
                "The problems were not saved",
                f"{path.name} could not be written: {error.strerror or error}.",
                "Choose another folder, or close the file if Excel has it open.",
            )
            return
        self.work.say(f"The problems were saved as {path.name}.", QUIET)


def _planning_problem(error: BaseException) -> str:
    from coprod_desktop.exchange.importing.importer import ImportRefused
    from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError
    from coprod_desktop.store import DiskFullError

    if isinstance(error, ImportRefused | DiskFullError):
        return str(error)  # a full disk's message says what to free and what was kept
    if isinstance(error, (SpreadsheetError, ValueError)):
        return f"{error} Nothing was imported."
    if isinstance(error, OSError):
        return (
            f"The spreadsheet could not be read: {error.strerror or error}. Check that it is "
            "still there and not open in another program, then press Check again."
        )
    log.error("Checking an import failed", exc_info=error)
    return (
        f"The spreadsheet could not be checked: {error}. Nothing was imported. If it keeps "
        "happening, send the log file to your IT support."
    )


# -- 4. importing ---------------------------------------------------------------------------------


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setObjectName("result_page")
        self.setTitle("Importing")
        layout = QVBoxLayout(self)
        self.work = WorkPanel(self, "Importing")
        layout.addWidget(self.work)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary_label")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.work.done.connect(self._imported)
        self.work.failed.connect(self._not_imported)

    def initializePage(self) -> None:
        wizard = self.wizard_
        plan = wizard.plan
        valid_only = wizard.preview_page.valid_only
        store = wizard.session.store
        self.summary.clear()
        self.setTitle("Importing")

        def work(report):
            from coprod_desktop.exchange.importing.importer import apply_import

            return apply_import(store, plan, valid_only=valid_only, progress=report)

        self.work.run(f"Importing {plan.path.name}… (Cancel stops it; nothing is kept)", work)
        self.completeChanged.emit()
        # Cancel stops the import while it runs (nothing is kept); afterwards only Done.
        wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)

    def isComplete(self) -> bool:
        return not self.work.running

    def _imported(self, result) -> None:
        wizard = self.wizard_
        wizard.result = result
        self.work.say("")
        self.setTitle("Imported")
        self.summary.setText(_result_text(wizard.plan, result))
        self.summary.setAccessibleName(self.summary.text())
        wizard.session.imported(result, IMPORTED_TYPES)  # one step of Edit › Undo
        wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.completeChanged.emit()
        wizard.imported.emit(result)
        wizard.work_ended()
        wizard.button(QWizard.WizardButton.FinishButton).setFocus()

    def _not_imported(self, error: BaseException) -> None:
        wizard = self.wizard_
        self.setTitle("Not imported")
        if isinstance(error, Cancelled):
            text = "The import was stopped. Nothing was imported: the audit is as it was."
        else:
            text = _import_problem(error)
        self.work.say(text, PROBLEM if not isinstance(error, Cancelled) else QUIET)
        wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.completeChanged.emit()
        wizard.work_ended()


def _result_text(plan, result) -> str:
    added = _counts(getattr(result, "added", {}))
    changed = _counts(getattr(result, "changed", {}))
    lines = []
    for sheet in dict.fromkeys([*added, *changed]):
        a, c = added.get(sheet, 0), changed.get(sheet, 0)
        if a or c:
            lines.append(f"{sheet}: {a:,} added, {c:,} changed.")
    total = sum(added.values()) + sum(changed.values())
    name = plan.path.name if plan is not None else "the spreadsheet"
    head = (
        f"The rows of {name} are in the audit." if total else f"Nothing in {name} needed importing."
    )
    skipped = len({(p.sheet, p.row) for p in plan.problems if p.severity == "error"}) if plan else 0
    were = noun_for(skipped, "was", "were")
    tail = (
        [
            f"{number_of(skipped, 'row')} with problems {were} left out: correct "
            f"{noun_for(skipped, 'it', 'them')} in the file and import it again (the rows "
            "imported now are recognised then, not added twice)."
        ]
        if skipped and total
        else []
    )
    if total:
        tail.append("Edit › Undo (Ctrl+Z) in the main window takes this whole import back.")
    return "\n".join([head, *lines, *tail])


def _counts(value: Any) -> dict[str, int]:
    if isinstance(value, dict):
        return {str(k): int(v) for k, v in value.items()}
    if isinstance(value, int):
        return {"Rows": value}
    return {}


def _import_problem(error: BaseException) -> str:
    try:
        from coprod_desktop.exchange.importing.importer import ImportRefused
    except ImportError:  # pragma: no cover
        ImportRefused = ()
    from coprod_desktop.store import AuditFileError, DiskFullError

    if isinstance(error, DiskFullError):
        return str(error)  # it says what to free and that nothing was imported
    if isinstance(error, ImportRefused):
        return f"{error} Nothing was imported: the audit is as it was."
    if isinstance(error, AuditFileError):
        advice = f" {error.advice}" if getattr(error, "advice", "") else ""
        return f"{error} Nothing was imported: the audit is as it was.{advice}"
    log.error("An import failed", exc_info=error)
    return (
        f"The import failed: {error}. Nothing was imported: the audit is as it was. If it "
        "keeps happening, send the log file to your IT support."
    )
