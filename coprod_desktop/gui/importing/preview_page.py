"""Page 3 of the import wizard: what the import would do, checked in a worker thread.

What would be new, changed, unchanged and skipped on each sheet, and every problem (sheet,
row, column, what is wrong, what to do), to copy or save as CSV. Nothing is written to the
audit before the user presses Import. Its layout is `ui/import_preview_page.ui`; the texts and
rows come from `preview_model`.
"""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.output_file import replacing
from coprod_desktop.gui.dialogs.exchange import FOLDER_PURPOSE, PROBLEM, QUIET, output_refused
from coprod_desktop.gui.dialogs.messages import choose_file, show_error
from coprod_desktop.gui.importing import preview_model as model
from coprod_desktop.gui.importing.page import ImportPage
from coprod_desktop.gui.importing.work import plan_work, planning_problem
from coprod_desktop.gui.widgets.forms import bold_font
from coprod_desktop.gui.workers import Cancelled
from coprod_desktop.store.outputs import OutputKind, audit_files, input_file

if TYPE_CHECKING:
    from coprod_desktop.gui.importing.wizard import ImportWizard

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PreviewPage(ImportPage):
    SUMMARY_HEADERS = model.SUMMARY_HEADERS
    PROBLEM_HEADERS = model.PROBLEM_HEADERS

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "preview_page", "import_preview_page.ui")
        self.setTitle("Check before importing")
        self.setSubTitle("What the import would add and change. Nothing has been written yet.")
        self.setCommitPage(True)
        ui = self.ui
        self.work = self.work_panel("Checking the spreadsheet")
        self.stop_button = ui.stop_button
        self.again_button = ui.again_button
        self.stop_button.hide()
        self.again_button.hide()
        self.other_audit_label = ui.other_audit_label
        self.other_audit_label.setStyleSheet(f"color: {PROBLEM};")
        self.as_new_box = ui.as_new_box
        self.splitter = ui.preview_splitter
        self.summary_label = ui.counts_label
        self.summary_label.setFont(bold_font(self.summary_label))
        self.summary_table = self._set_up_table(ui.summary_table)
        self.summary_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.problems_label = ui.problems_label
        self.problems_label.setFont(bold_font(self.problems_label))
        self.problems_table = self._set_up_table(ui.problems_table)
        header = self.problems_table.horizontalHeader()
        letter = self.problems_table.fontMetrics().averageCharWidth()
        for column, letters in ((0, 14), (1, 6), (2, 20)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.problems_table.setColumnWidth(column, letters * letter)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.copy_button = ui.copy_button
        self.save_button = ui.save_problems_button
        self.splitter.setStretchFactor(1, 1)
        self.duplicates_box = ui.duplicates_box
        self.valid_only_box = ui.valid_only_box
        self.note = ui.note_label

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

    @staticmethod
    def _set_up_table(table: QTableWidget) -> QTableWidget:
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
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
        path = wizard.facts.path
        work = plan_work(
            wizard.session.store,
            path,
            None if wizard.facts.own_workbook else wizard.mapping,
            as_new=self.as_new_box.isChecked(),
            add_duplicates=self.duplicates_box.isChecked(),
        )
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
            self.work.say(planning_problem(error), PROBLEM)
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
            self.other_audit_label.setText(model.other_audit_text(plan))
        self._fill_summary(plan)
        self._fill_problems(plan.problems)
        self._show_note()

    def _fill_summary(self, plan) -> None:
        table = self.summary_table
        rows = model.summary_rows(plan)
        table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(f"{value:,}" if isinstance(value, int) else str(value))
                if column:
                    item.setTextAlignment(RIGHT)
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
        problems = model.ordered(problems)
        self._problems = problems
        shown = problems[: model.PROBLEMS_SHOWN]  # a million bad rows would freeze the table
        table = self.problems_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            for column, value in enumerate(model.problem_cells(problem)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if problem.severity != "error" and column == 3:
                    item.setText(f"Warning: {value}")
                table.setItem(row, column, item)
        self._fit_sheet_column(shown)
        table.resizeRowsToContents()
        table.setUpdatesEnabled(True)
        self.problems_label.setText(model.problems_heading(problems, len(shown)))
        self.problems_table.setVisible(bool(problems))
        self.copy_button.setVisible(bool(problems))
        self.save_button.setVisible(bool(problems))

    def _fit_sheet_column(self, shown) -> None:
        """Room for the longest sheet name ("Unsuccessful nominations" was cut to
        "Unsuccess…"), within a limit that leaves the problems their room."""
        table = self.problems_table
        metrics = table.fontMetrics()
        names = {problem.sheet for problem in shown}
        widest = max((metrics.horizontalAdvance(name) for name in names), default=0)
        letter = metrics.averageCharWidth()
        table.setColumnWidth(0, min(max(14 * letter, widest + 12), 30 * letter))

    def _show_note(self) -> None:
        plan = self.wizard_.plan
        if plan is None:
            return
        text, problem = model.note(plan, self.valid_only_box.isChecked())
        self.note.setText(text)
        self.note.setStyleSheet(f"color: {PROBLEM if problem else QUIET};")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self.wizard_.plan
        if plan is None or self.work.running or not model.changes(plan):
            return False
        return not plan.has_errors or self.valid_only_box.isChecked()

    @property
    def valid_only(self) -> bool:
        plan = self.wizard_.plan
        return bool(plan and plan.has_errors and self.valid_only_box.isChecked())

    # -- the problems, to share ------------------------------------------------------------

    def problem_rows(self) -> list[list[str]]:
        return model.problem_rows(self._problems if self.wizard_.plan else [])

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
                title,
                f"{path.name} could not be written: {error.strerror or error}.",
                "Choose another folder, or close the file if Excel has it open.",
            )
            return
        self.work.say(f"The problems were saved as {path.name}.", QUIET)
