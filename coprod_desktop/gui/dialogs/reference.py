"""The reference population dialog: the area's shares by equality question and group.

Each of the equality questions is shown with its Census 2021 answer groups and a percentage per
group, typed in or imported from a CSV file; the total of each question is checked as the user
types. OK replaces the audit's reference shares in one step of undo.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTreeWidgetItem,
    QWidget,
)

from coprod_desktop.domain import ReferenceShare, ValidationError, validate
from coprod_desktop.domain.equality import QUESTIONS, QUESTIONS_BY_KEY
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.exchange.importing.reference_csv import (
    ABOUT_ALL,
    MOST_TOTAL,
    ReferenceCsvError,
    read_reference_csv,
    write_reference_csv,
)
from coprod_desktop.gui.dialogs.messages import choose_file, show_error
from coprod_desktop.gui.screen_fit import fit_dialog
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_ui
from coprod_desktop.store import AuditFileError, AuditStore

SHARE_ROLE = Qt.ItemDataRole.UserRole  # the share, 0 to 1, or None: no figure
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # question key, or (question, group)
GROUP_COLUMN, SHARE_COLUMN, CHECK_COLUMN = 0, 1, 2
CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
FOLDER_PURPOSE = "reference_csv"
UNDO_TEXT = "Change the reference population"
# Colours with enough contrast on white, as the forms' problem labels use.
GOOD, WARNING, PROBLEM, QUIET = "#107c10", "#8a4b00", "#a4262c", "#5f5f5f"
# Digits with one decimal point or comma and a % sign if the user types one; empty clears.
PERCENT_PATTERN = r"\s*(\d{0,3}([.,]\d{0,6})?)?\s*%?\s*"


def reference_shares(store: AuditStore) -> list[ReferenceShare]:
    """Return the audit's reference shares, in the order they were added."""
    return list(store.iterate(ReferenceShare))


def questions_with_figures(store: AuditStore) -> int:
    """Return how many equality questions have at least one reference share."""
    return len({s.question for s in reference_shares(store) if s.question in QUESTIONS_BY_KEY})


def figures_summary(store: AuditStore) -> str:
    """Say in a line how much of the reference population is filled in."""
    count = questions_with_figures(store)
    total = len(QUESTIONS)
    if count == 0:
        return "No figures for the area's population yet."
    if count == total:
        return f"Figures for the area's population: all {total} equality questions."
    return f"Figures for the area's population: {count} of the {total} equality questions."


def _percent_text(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}"


# -- file choosers ----------------------------------------------------------------------------


def choose_csv_to_open(parent: QWidget, settings: AppSettings) -> Path | None:
    return choose_file(
        parent,
        settings,
        purpose=FOLDER_PURPOSE,
        caption="Import the reference population",
        name_filter=CSV_FILTER,
        suffix="csv",
        save=False,
    )


def choose_csv_to_save(parent: QWidget, settings: AppSettings, name: str) -> Path | None:
    return choose_file(
        parent,
        settings,
        purpose=FOLDER_PURPOSE,
        caption="Save the reference population as CSV",
        name_filter=CSV_FILTER,
        suffix="csv",
        save=True,
        suggested_name=name,
    )


# -- the percentage cells -----------------------------------------------------------------------


class PercentDelegate(QStyledItemDelegate):
    """Edits a group's percentage as text: digits, one decimal, empty for no figure."""

    def __init__(self, commit: Callable[[QModelIndex, str], None], parent: QObject) -> None:
        super().__init__(parent)
        self._commit = commit

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(
            QRegularExpressionValidator(QRegularExpression(PERCENT_PATTERN), editor)
        )
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setAccessibleName("Share in per cent")
        editor.setObjectName("percent_editor")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        editor.setText(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        self._commit(index, editor.text())


class _NoEditDelegate(QStyledItemDelegate):
    """The group names and checks are not typed in."""

    def createEditor(self, parent, option, index):
        return None


# -- the dialog ---------------------------------------------------------------------------------


class ReferencePopulationDialog(QObject):
    """Shows and edits the area's reference population; OK saves it through the session.

    Opens window-modal without blocking (`open()`); `saved` is emitted after the shares have
    been written. In a read-only audit the figures can be looked at and saved as a CSV.
    """

    saved = Signal()

    def __init__(
        self, session: AuditSession, parent: QWidget, settings: AppSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings or AppSettings(self)
        self.ui = load_ui("reference_dialog.ui", parent)
        self.tree = self.ui.figures_tree
        self._question_items: dict[str, QTreeWidgetItem] = {}
        self._group_items: dict[tuple[str, str], QTreeWidgetItem] = {}

        width = self.ui.fontMetrics().averageCharWidth()
        self.ui.resize(width * 135, self.ui.fontMetrics().height() * 44)
        self.ui.problem_label.setStyleSheet(f"color: {PROBLEM};")
        self.ui.problem_label.hide()
        self.ui.notes_label.hide()
        self._build_tree()
        self._load(reference_shares(session.store))

        self.ui.source_edit.textEdited.connect(self._source_edited)
        self.ui.import_button.clicked.connect(self.import_csv)
        self.ui.export_button.clicked.connect(self.export_csv)
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.ui.reject)
        self._set_read_only(session.read_only)
        fit_dialog(self.ui)

    @property
    def ok_button(self) -> QPushButton:
        return self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def open(self) -> None:
        self.ui.open()
        self.tree.setFocus()
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self._make_current(first.child(0))

    # -- building and filling --------------------------------------------------------------

    def _build_tree(self) -> None:
        tree = self.tree
        tree.setColumnCount(3)
        tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Not SelectedClicked: while Qt waits to tell a click from a double-click, it drops
        # the digits typed into the row just clicked.
        tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self._percent_delegate = PercentDelegate(self._commit, self)
        self._no_edit = _NoEditDelegate(self)
        tree.setItemDelegateForColumn(GROUP_COLUMN, self._no_edit)
        tree.setItemDelegateForColumn(SHARE_COLUMN, self._percent_delegate)
        tree.setItemDelegateForColumn(CHECK_COLUMN, self._no_edit)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(GROUP_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SHARE_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(CHECK_COLUMN, QHeaderView.ResizeMode.Fixed)
        metrics = tree.fontMetrics()
        tree.setColumnWidth(SHARE_COLUMN, metrics.horizontalAdvance("Share (%)") + 24)
        tree.setColumnWidth(
            CHECK_COLUMN,
            metrics.horizontalAdvance("Less than 100%: some groups have no figure") + 24,
        )
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        tree.headerItem().setTextAlignment(
            SHARE_COLUMN, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        bold = QFont(tree.font())
        bold.setBold(True)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for question in QUESTIONS:
            top = QTreeWidgetItem(tree, [question.label, "", ""])
            top.setData(GROUP_COLUMN, KEY_ROLE, question.key)
            top.setFont(GROUP_COLUMN, bold)
            top.setFont(SHARE_COLUMN, bold)
            top.setTextAlignment(SHARE_COLUMN, right)
            top.setToolTip(GROUP_COLUMN, question.prompt)
            top.setToolTip(SHARE_COLUMN, f"Total of the groups of '{question.label}'")
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self._question_items[question.key] = top
            for answer in question.answers:
                child = QTreeWidgetItem(top, [answer.label, "", ""])
                child.setData(GROUP_COLUMN, KEY_ROLE, (question.key, answer.code))
                child.setData(SHARE_COLUMN, SHARE_ROLE, None)
                child.setData(SHARE_COLUMN, SOURCE_ROLE, "")
                child.setTextAlignment(SHARE_COLUMN, right)
                child.setToolTip(GROUP_COLUMN, answer.label)  # long ones are cut short
                child.setToolTip(SHARE_COLUMN, f"Per cent of the area's population: {answer.label}")
                child.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable
                )
                self._group_items[(question.key, answer.code)] = child
        tree.expandAll()
        tree.selectionModel().currentChanged.connect(self._keep_on_share_column)

    def _load(self, shares: list[ReferenceShare]) -> None:
        for share in shares:
            item = self._group_items.get((share.question, share.group))
            if item is not None:
                self._set_share(item, share.share, share.source)
        for key in self._question_items:
            self._update_total(key)
        self._show_source()

    def _set_share(self, item: QTreeWidgetItem, share: float | None, source: str) -> None:
        item.setData(SHARE_COLUMN, SHARE_ROLE, share)
        item.setData(SHARE_COLUMN, SOURCE_ROLE, source)
        item.setText(SHARE_COLUMN, _percent_text(share))

    def _set_read_only(self, read_only: bool) -> None:
        self.ui.read_only_note.setVisible(read_only)
        if not read_only:
            return
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ui.source_edit.setReadOnly(True)
        self.ui.import_button.setEnabled(False)
        self.ok_button.hide()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    # -- reading the table -----------------------------------------------------------------

    def share(self, question: str, group: str) -> float | None:
        """Return the share shown for a group (0 to 1), or None when it has no figure."""
        return self._group_items[(question, group)].data(SHARE_COLUMN, SHARE_ROLE)

    def shares(self) -> list[ReferenceShare]:
        """Return the figures in the table as (unsaved) reference shares."""
        result = []
        for (question, group), item in self._group_items.items():
            share = item.data(SHARE_COLUMN, SHARE_ROLE)
            if share is not None:
                source = item.data(SHARE_COLUMN, SOURCE_ROLE) or ""
                result.append(
                    ReferenceShare(question=question, group=group, share=share, source=source)
                )
        return result

    def total(self, question: str) -> float | None:
        given = [
            item.data(SHARE_COLUMN, SHARE_ROLE)
            for item in self._children(question)
            if item.data(SHARE_COLUMN, SHARE_ROLE) is not None
        ]
        return sum(given) if given else None

    def source_text(self) -> str:
        """The sources of the figures shown, each once."""
        return "; ".join(dict.fromkeys(s.source for s in self.shares() if s.source))

    def _children(self, question: str) -> list[QTreeWidgetItem]:
        top = self._question_items[question]
        return [top.child(row) for row in range(top.childCount())]

    # -- editing ---------------------------------------------------------------------------

    def _keep_on_share_column(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # A group's row is edited in its percentage: land there, so typing a number edits it.
        if current.isValid() and current.parent().isValid() and current.column() != SHARE_COLUMN:
            self.tree.selectionModel().setCurrentIndex(
                current.siblingAtColumn(SHARE_COLUMN),
                QItemSelectionModel.SelectionFlag.NoUpdate,
            )

    def _make_current(self, item: QTreeWidgetItem) -> None:
        self.tree.setCurrentItem(item, SHARE_COLUMN)
        # A question at the top shows its groups below it.
        hint = QAbstractItemView.ScrollHint
        position = hint.EnsureVisible if item.parent() else hint.PositionAtTop
        self.tree.scrollToItem(item, position)

    def _commit(self, index: QModelIndex, text: str) -> None:
        """Take what was typed in a percentage cell, or say why not."""
        item = self.tree.itemFromIndex(index)
        if item is None or item.parent() is None or self.session.read_only:
            return
        question, _group = item.data(GROUP_COLUMN, KEY_ROLE)
        cleaned = text.strip().rstrip("%").strip().replace(",", ".")
        if cleaned in ("", "."):
            share = None
        else:
            try:
                value = float(cleaned)
            except ValueError:
                self._problem(f"{item.text(GROUP_COLUMN)}: '{text}' is not a number.")
                return
            if value > 100:
                self._problem(
                    f"{item.text(GROUP_COLUMN)}: {value:g}% is more than 100%. "
                    "Type the percentage of the area's population in this group."
                )
                return
            share = round(value / 100, 10)
        old = item.data(SHARE_COLUMN, SHARE_ROLE)
        if _percent_text(share) == _percent_text(old):
            return  # as shown: keep the exact figure behind it
        source = item.data(SHARE_COLUMN, SOURCE_ROLE) or self.ui.source_edit.text().strip()
        self._set_share(item, share, source)
        self._update_total(question)
        self._clear_problem()

    def _show_source(self) -> None:
        self.ui.source_edit.setText(self.source_text())
        self.ui.source_edit.setCursorPosition(0)  # a long list of sources shows its start

    def _source_edited(self, text: str) -> None:
        # One source for every figure: the field says where all of them come from.
        for item in self._group_items.values():
            item.setData(SHARE_COLUMN, SOURCE_ROLE, text.strip())

    def _update_total(self, question: str) -> None:
        top = self._question_items[question]
        total = self.total(question)
        missing = sum(
            1 for item in self._children(question) if item.data(SHARE_COLUMN, SHARE_ROLE) is None
        )
        if total is None:
            text, colour = "No figures", QUIET
        elif total > MOST_TOTAL + 1e-9:
            text, colour = "More than 100%: check the figures", PROBLEM
        elif total < ABOUT_ALL:
            text = "Less than 100%: " + (
                "some groups have no figure" if missing else "check the figures"
            )
            colour = WARNING
        else:
            text, colour = "About 100%", GOOD
        top.setText(SHARE_COLUMN, _percent_text(total))
        top.setText(CHECK_COLUMN, text)
        top.setForeground(CHECK_COLUMN, QBrush(QColor(colour)))
        top.setToolTip(CHECK_COLUMN, text)

    def _problem(self, text: str) -> None:
        self.ui.problem_label.setText(text)
        self.ui.problem_label.show()

    def _clear_problem(self) -> None:
        self.ui.problem_label.clear()
        self.ui.problem_label.hide()

    # -- import and export -----------------------------------------------------------------

    def import_csv(self) -> None:
        """Ask for a CSV file and fill the table from it; a bad file changes nothing."""
        if self.session.read_only:
            return
        path = choose_csv_to_open(self.ui, self.settings)
        self.ui.activateWindow()  # back from the file chooser
        if path is None:
            return
        self.import_from(path)

    def import_from(self, path: Path) -> bool:
        """Fill the questions the file gives figures for; return False (and say why) if not."""
        try:
            table = read_reference_csv(path)
        except ReferenceCsvError as error:
            show_error(
                self.ui,
                "The figures were not imported",
                f"{error.where}: {error.problem}",
                (error.advice + " " if error.advice else "") + "Nothing in the table has changed.",
            )
            return False
        for question in table.questions:
            for item in self._children(question):
                self._set_share(item, None, "")
        for share in table.shares:
            self._set_share(
                self._group_items[(share.question, share.group)],
                share.share,
                share.source or path.name,
            )
        for question in table.questions:
            self._update_total(question)
        self._show_source()
        labels = [QUESTIONS_BY_KEY[q].label for q in table.questions]
        others = len(QUESTIONS) - len(labels)
        lines = [
            f"Imported from {path.name}: {', '.join(labels)}."
            + (
                f" The other {number_of(others, 'question')} "
                f"{noun_for(others, 'is as it was', 'are as they were')}."
                if others
                else ""
            )
            + " Press OK to keep the figures."
        ]
        lines += table.notes
        self.ui.notes_label.setText("\n".join(lines))
        self.ui.notes_label.show()
        self._clear_problem()
        first = table.questions[0]
        self._make_current(self._children(first)[0])
        self.tree.scrollToItem(
            self._question_items[first], QAbstractItemView.ScrollHint.PositionAtTop
        )
        self.tree.setFocus()
        return True

    def export_csv(self) -> None:
        """Save the figures shown (and an empty row for each group without one) as a CSV."""
        path = choose_csv_to_save(self.ui, self.settings, "Reference population.csv")
        if path is None:
            return
        from coprod_desktop.gui.dialogs.exchange import output_refused
        from coprod_desktop.store.outputs import OutputKind, audit_files

        # Never onto the audit's own files under any name (a link to it), nor a binary file.
        title = "The CSV file was not saved"
        protected = audit_files(self.session.path)
        if output_refused(self.ui, title, path, OutputKind.TEXT, protected):
            return
        try:
            write_reference_csv(path, self.shares(), every_group=True)
        except OSError as error:
            show_error(
                self.ui,
                "The CSV file was not saved",
                f"{path.name} could not be written: {error.strerror or error}.",
                "Choose another folder, or close the file if Excel has it open.",
            )
            return
        self.ui.notes_label.setText(
            f"Saved as {path.name}. Groups without a figure have an empty row to fill in."
        )
        self.ui.notes_label.show()

    # -- saving ----------------------------------------------------------------------------

    def save(self) -> None:
        """Replace the audit's reference shares with the table, in one step of undo."""
        if self.session.read_only:
            self.ui.reject()
            return
        self._clear_problem()
        over = [key for key in self._question_items if (self.total(key) or 0) > MOST_TOTAL + 1e-9]
        if over:
            labels = ", ".join(f"'{QUESTIONS_BY_KEY[key].label}'" for key in over)
            self._problem(
                f"Not saved: the shares of {labels} add up to more than 100%. "
                "Correct the figures, then press OK."
            )
            self._make_current(self._question_items[over[0]])
            self.tree.setFocus()
            return
        try:
            changed = self._write(self.shares())
        except (ValidationError, AuditFileError) as error:
            self._problem(f"Not saved. {error}")
            return
        if changed:
            self.saved.emit()
        self.ui.accept()

    def _write(self, wanted: list[ReferenceShare]) -> bool:
        store = self.session.store
        old: dict[tuple[str, str], ReferenceShare] = {}
        deletes: list[ReferenceShare] = []
        for share in reference_shares(store):
            key = (share.question, share.group)
            if key not in self._group_items:
                continue  # not a group this version knows: not shown, so not touched
            if key in old:
                deletes.append(share)  # a group given twice: keep the first
            else:
                old[key] = share
        updates: list[ReferenceShare] = []
        adds: list[ReferenceShare] = []
        for share in wanted:
            before = old.pop((share.question, share.group), None)
            if before is None:
                adds.append(share)
            elif abs(before.share - share.share) > 1e-12 or before.source != share.source:
                updates.append(dataclasses.replace(before, share=share.share, source=share.source))
        deletes += old.values()
        if not (deletes or updates or adds):
            return False
        for record in (*updates, *adds):
            validate(record)  # all or nothing: refuse before the first write
        with self.session.edit(UNDO_TEXT):
            for record in deletes:
                self.session.delete(record)
            for record in updates:
                self.session.update(record)
            for record in adds:
                self.session.add(record)
        return True
