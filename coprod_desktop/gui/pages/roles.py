"""The Roles page: who takes part at each stage of the work, and on which rung of the ladder.

A grid of people against the six stages; each cell is edited with a coloured drop-down of
rungs, and a side panel holds the details of the selected role (title, decisions, payment,
what else the person gets back). Hat buttons answer "where are the people with lived
experience?" in one click.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QButtonGroup, QHeaderView, QPushButton

from coprod_desktop.domain import (
    Band,
    Hat,
    Person,
    Reciprocity,
    Record,
    Role,
    Rung,
    Stage,
    ValidationError,
)
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.models.roles import BAND_COLOURS, STAGES, RolesTableModel
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.unsaved import CurrentCellGuard
from coprod_desktop.gui.widgets.forms import (
    ProblemLabels,
    checked_values,
    fill_checklist,
    set_checked_values,
    set_editable,
)
from coprod_desktop.gui.widgets.rung_delegate import RungDelegate
from coprod_desktop.store import AuditFileError

HAT_COLUMNS = 4  # hat buttons per row: two short rows survive a large font
FILTER_DELAY_MS = 250  # wait for a pause in typing before filtering


class RolesPage(Page):
    title = "Roles"
    object_name = "roles_page"
    add_text = ""

    def __init__(self, session: AuditSession, settings: AppSettings, parent=None) -> None:
        super().__init__(session, settings, parent)
        self.ui = load_into("roles_page.ui", self)
        self._role: Role | None = None  # the role shown in the side panel
        self._hat: Hat | None = None
        self._cell_guard = CurrentCellGuard()

        self.model = RolesTableModel(session, self)
        self.model.edit_failed.connect(self._show_status)
        self._set_up_table()
        self._set_up_hat_buttons()
        self._set_up_panel()
        self.ui.band_key.setText(_band_key())
        self.ui.band_key.setToolTip(_legend())
        self.ui.legend_label.setText(_legend())

        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.ui.name_filter.textChanged.connect(self._filter_timer.start)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 1)
        # The side panel scrolls only up and down, so it must be as wide as its widest field.
        scroll = self.ui.side_scroll
        scroll.setMinimumWidth(
            self.ui.side_contents.minimumSizeHint().width()
            + scroll.verticalScrollBar().sizeHint().width()
        )
        em = self.fontMetrics().horizontalAdvance("M")
        self.ui.splitter.setSizes([em * 60, em * 22])

        session.changed.connect(self._on_session_changed)
        self.ui.read_only_note.setVisible(session.read_only)
        self._update_summary()
        self._show_cell(QModelIndex())

    # -- setting up ------------------------------------------------------------------------

    def _set_up_table(self) -> None:
        table = self.ui.roles_table
        table.setModel(self.model)
        table.setItemDelegate(RungDelegate(table))
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(
            triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        self._size_columns()
        table.verticalHeader().setVisible(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.selectionModel().currentChanged.connect(self._on_current_changed)

    def _size_columns(self) -> None:
        """Width from the font, not from the rows: measuring rows would read many pages."""
        metrics = self.ui.roles_table.fontMetrics()
        widest_rung = max(metrics.horizontalAdvance(rung.label) for rung in Rung)
        for column, stage in enumerate(STAGES, start=1):
            widest = max(widest_rung, metrics.horizontalAdvance(stage.label))
            self.ui.roles_table.setColumnWidth(column, widest + 24)
        self.ui.roles_table.setColumnWidth(0, metrics.horizontalAdvance("M") * 15)

    def _set_up_hat_buttons(self) -> None:
        self._hat_group = QButtonGroup(self)
        self._hat_group.setExclusive(True)
        self._hat_group.addButton(self.ui.hat_everyone)
        self.ui.hat_everyone.setProperty("hat", None)
        layout = self.ui.hat_buttons_layout
        previous = self.ui.hat_everyone
        for number, hat in enumerate(Hat, start=1):
            button = QPushButton(hat.label, self.ui.hat_bar)
            button.setObjectName(f"hat_{hat.value}")
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setAccessibleName(f"Show people wearing the hat {hat.label}")
            button.setToolTip(f"Show only people wearing the hat: {hat.label}")
            button.setProperty("hat", hat.value)
            self._hat_group.addButton(button)
            layout.addWidget(button, *divmod(number, HAT_COLUMNS))
            self.setTabOrder(previous, button)
            previous = button
        self.setTabOrder(previous, self.ui.name_filter)
        self._hat_group.buttonClicked.connect(self._on_hat_clicked)

    def _set_up_panel(self) -> None:
        fill_checklist(self.ui.reciprocity_list, Reciprocity)
        self.problems = ProblemLabels(
            {
                "title": self.ui.title_problem,
                "reciprocity": self.ui.reciprocity_problem,
                "notes": self.ui.notes_problem,
            },
            self.ui.save_problem,
        )
        self.ui.title_edit.textEdited.connect(self._update_buttons)
        self.ui.decisions_check.toggled.connect(self._update_buttons)
        self.ui.paid_check.toggled.connect(self._update_buttons)
        self.ui.reciprocity_list.itemChanged.connect(self._update_buttons)
        self.ui.notes_edit.textChanged.connect(self._update_buttons)
        self.ui.save_button.clicked.connect(self.save_role)
        self.ui.revert_button.clicked.connect(self.revert_role)
        self.ui.cell_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.ui.status_label.setVisible(False)

    @property
    def _panel_fields(self):
        ui = self.ui
        return (ui.title_edit, ui.decisions_check, ui.paid_check, ui.reciprocity_list)

    # -- Edit menu hooks -------------------------------------------------------------------

    def can_delete(self) -> bool:
        return not self.session.read_only and self._role is not None

    def delete_selected(self) -> None:
        """Take away the selected role (the cell becomes "No role"); undo brings it back."""
        if self.can_delete():
            self.model.setData(self.ui.roles_table.currentIndex(), None)

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        stage = None
        person_id = record_id
        if record_type is Role:
            role = self.session.store.get(Role, record_id)
            if role is None:
                return False
            person_id, stage = role.person_id, role.stage
        elif record_type is not Person:
            return False
        row = self.model.row_of(person_id)
        if row is None:  # hidden by the filters: show everyone
            self.ui.name_filter.clear()
            self.ui.hat_everyone.setChecked(True)
            self._hat = None
            self._apply_filter()
            row = self.model.row_of(person_id)
        if row is None:
            return False
        column = self.model.column_of(stage) if stage else 0
        index = self.model.index(row, column)
        self.ui.roles_table.setCurrentIndex(index)
        self.ui.roles_table.scrollTo(index)
        return True

    def focus_first(self) -> None:
        self.ui.roles_table.setFocus()
        if not self.ui.roles_table.currentIndex().isValid() and self.model.rowCount():
            self.ui.roles_table.setCurrentIndex(self.model.index(0, 1))

    # -- filters ---------------------------------------------------------------------------

    def _on_hat_clicked(self, button: QPushButton) -> None:
        code = button.property("hat")
        self._hat = Hat(code) if code else None
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.leave()  # if the user goes back to fix the details, the panel keeps them
        with self._cell_guard.quiet():  # the panel follows the grid below, once
            self._keeping_place(
                lambda: self.model.set_filter(hat=self._hat, text=self.ui.name_filter.text())
            )
        self._update_summary()
        if not self._dirty():
            self._show_cell(self.ui.roles_table.currentIndex())

    def _update_summary(self) -> None:
        shown = self.model.rowCount()
        who = f" wearing the hat {self._hat.label}" if self._hat else ""
        if shown == 0:
            self.ui.summary_label.setText(f"No people{who} match.")
            self.ui.summary_label.setAccessibleDescription("")
            return
        missing = [stage.label for column, stage in self._stages() if not self._count(column)]
        if missing:
            gaps = f"No one shown has a role at: {', '.join(missing)}."
        else:
            gaps = "At every stage at least one of them has a role."
        self.ui.summary_label.setText(
            f"{number_of(shown, 'person')}{who} shown. The number under each stage counts those "
            "with a role "
            f"there. {gaps}"
        )
        counts = ", ".join(
            f"{stage.label} {self._count(column):,}" for column, stage in self._stages()
        )
        self.ui.summary_label.setAccessibleDescription(f"With a role: {counts}")

    @staticmethod
    def _stages() -> list[tuple[int, Stage]]:
        return list(enumerate(STAGES, start=1))

    def _count(self, column: int) -> int:
        return self.model.stage_count(column)

    # -- the selected cell and its role ----------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._cell_guard.may_follow(self.leave, self.ui.roles_table, previous):
            return
        self._show_cell(current)
        self.selection_changed.emit()

    def _show_cell(self, index: QModelIndex) -> None:
        person = self.model.person(index.row()) if index.isValid() else None
        stage = self.model.stage_of(index)
        self._role = self.model.role_at(index) if stage else None
        self.problems.clear()
        if person is None or stage is None:
            heading = "Select a stage in the grid to see that person's role there."
        elif self._role is None:
            heading = f"{person.name} has no role at {stage.label}. Choose a rung in the grid."
        else:
            rung = self._role.rung
            heading = f"{person.name} at {stage.label}: {rung.label} ({rung.band.label.lower()})"
        self.ui.cell_heading.setText(heading)
        self._fill_panel(self._role)

    def _fill_panel(self, role: Role | None) -> None:
        ui = self.ui
        widgets = (*self._panel_fields, ui.notes_edit)
        for widget in widgets:
            widget.blockSignals(True)
        ui.title_edit.setText(role.title if role else "")
        ui.title_edit.setCursorPosition(0)  # a long title shows its start
        ui.decisions_check.setChecked(bool(role and role.decisions))
        ui.paid_check.setChecked(bool(role and role.paid))
        set_checked_values(ui.reciprocity_list, role.reciprocity if role else ())
        ui.notes_edit.setPlainText(role.notes if role else "")
        for widget in widgets:
            widget.blockSignals(False)
        editable = role is not None and not self.session.read_only
        set_editable(widgets, editable)
        self._update_buttons()

    def _panel_values(self) -> dict[str, object]:
        ui = self.ui
        return {
            "title": ui.title_edit.text().strip(),
            "decisions": ui.decisions_check.isChecked(),
            "paid": ui.paid_check.isChecked(),
            "reciprocity": checked_values(ui.reciprocity_list),
            "notes": ui.notes_edit.toPlainText(),
        }

    def _edited_role(self) -> Role | None:
        if self._role is None:
            return None
        # The rung may have changed in the grid since the panel was filled: keep it.
        saved = self.session.store.get(Role, self._role.id) or self._role
        return dataclasses.replace(saved, **self._panel_values())

    def _dirty(self) -> bool:
        return self._role is not None and (
            dataclasses.replace(self._role, **self._panel_values()) != self._role
        )

    def _update_buttons(self) -> None:
        dirty = self._dirty() and not self.session.read_only
        self.ui.save_button.setEnabled(dirty)
        self.ui.revert_button.setEnabled(dirty)
        self.pending_changed.emit()

    def save_role(self) -> bool:
        """Save the side panel's details of the selected role; show problems beside fields."""
        edited = self._edited_role()
        if edited is None or not self._dirty():
            return True
        try:
            self.session.update(edited)
        except ValidationError as error:
            self.problems.show(error.problems)
            return False
        except AuditFileError as error:
            self._show_status(f"The role was not saved: {error}")
            return False
        self.problems.clear()
        self._show_status("")
        self._role = self.session.store.get(Role, edited.id)
        self._update_buttons()
        return True

    def revert_role(self) -> None:
        self.problems.clear()
        self._fill_panel(self._role)

    # -- what the panel holds unsaved (gui/unsaved.py) -------------------------------------

    def pending_edit(self) -> str:
        if self.session.read_only or not self._dirty():
            return ""
        person = self.session.store.get(Person, self._role.person_id)
        whose = f"{person.name}'s role" if person else "the role"
        return f"the details of {whose} at {self._role.stage.label}"

    def save_pending(self) -> bool:
        return self.save_role()

    def discard_pending(self) -> None:
        self.revert_role()

    def _show_status(self, message: str) -> None:
        self.ui.status_label.setText(message)
        self.ui.status_label.setVisible(bool(message))

    # -- news from the session -------------------------------------------------------------

    def _on_session_changed(self, kind: object) -> None:
        if kind is Role:
            self.model.refresh_roles()
        elif kind is Person:
            self._keeping_place(self.model.reload)
        else:
            return
        self._update_summary()
        if self._dirty():
            return  # keep what the user is typing
        self._show_cell(self.ui.roles_table.currentIndex())
        self.selection_changed.emit()

    def _keeping_place(self, reload: Callable[[], None]) -> None:
        """Reload the grid and select the same person and stage again if still shown."""
        table = self.ui.roles_table
        current = table.currentIndex()
        person = self.model.person(current.row()) if current.isValid() else None
        reload()
        row = self.model.row_of(person.id) if person else None
        if row is not None:
            table.setCurrentIndex(self.model.index(row, current.column()))
            table.scrollTo(table.currentIndex())


def _band_key() -> str:
    chips = " ".join(
        f'<span style="background-color:{BAND_COLOURS[band].name()}; color:#000000">'
        f"&nbsp;{escape(band.label)}:&nbsp;{escape(_rungs_of(band))}&nbsp;</span>"
        for band in reversed(Band)
    )
    return f"<p>Colours: {chips}</p>"


def _rungs_of(band: Band) -> str:
    return ", ".join(rung.label for rung in reversed(band.rungs))


def _legend() -> str:
    """The ladder from the top rung down, each rung with its band and what it means."""
    rows = []
    for rung in reversed(Rung):
        colour = BAND_COLOURS[rung.band].name()
        rows.append(
            f'<tr><td style="background-color:{colour}; color:#000000; padding:3px">'
            f"<b>{escape(rung.label)}</b><br/>{escape(rung.band.label.lower())}</td>"
            f'<td style="padding:3px">{escape(rung.description)}</td></tr>'
        )
    intro = (
        "<p>From the top rung down. The top two rungs are <b>doing with</b> people, the "
        "middle three <b>doing for</b> them, the bottom two <b>doing to</b> them.</p>"
    )
    return f'{intro}<table cellspacing="2">{"".join(rows)}</table>'
