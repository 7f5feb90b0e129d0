"""The Self-assessment page: rate the six elements and four principles, round after round.

Choose a round (the newest first), rate each element and principle in a table with a drop-down,
write the evidence for the selected one, and see the round against the round before on a radar
chart. Everything shown comes from `analysis.progress.progress()`, the same numbers as the
reports and the command line; every edit goes through the session so that it can be undone.
A low rating can be turned into an action, which the Actions page then shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView

from coprod_desktop.analysis.progress import (
    Progress,
    Subject,
    assessment_rounds,
    progress,
    rating_text,
)
from coprod_desktop.domain import (
    Action,
    ActionStatus,
    AssessmentRating,
    AssessmentRound,
    Element,
    Record,
    ValidationError,
)
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.gui.dialogs.messages import show_error
from coprod_desktop.gui.dialogs.round import ask_round
from coprod_desktop.gui.models.ratings import (
    CHANGE,
    EVIDENCE,
    KIND,
    LOW_RATINGS,
    PREVIOUS,
    RATING,
    SUBJECT,
    RatingDelegate,
    RatingsTableModel,
    change_words,
)
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.unsaved import CurrentCellGuard
from coprod_desktop.gui.widgets.forms import bold_font
from coprod_desktop.gui.widgets.radar_chart import RadarChart, date_text
from coprod_desktop.store import AuditFileError


class SelfAssessmentPage(Page):
    """Self-assessment rounds: the ratings of one round, its evidence and its radar chart."""

    title = "Self-assessment"
    object_name = "self_assessment_page"
    add_text = "Start a round"

    def __init__(
        self, session: AuditSession, settings: AppSettings, parent=None, **options
    ) -> None:
        super().__init__(session, settings, parent, **options)
        self.ui = load_into("self_assessment_page.ui", self)
        self.progress: Progress | None = None
        self._round_id: str | None = None  # the round chosen
        self._known_rounds: set[str] | None = None  # to choose a round that appears (new, undo)
        self._evidence_key: tuple[str, int] | None = None  # (round, row) in the evidence box
        self._evidence_baseline = ""  # the evidence as loaded, to spot typing
        self._cell_guard = CurrentCellGuard()

        self.model = RatingsTableModel(session, self._name, self)
        self.model.edit_failed.connect(self._show_status)
        self.chart = RadarChart(self.ui.chart_host)
        self.ui.chart_host.layout().addWidget(self.chart)
        self.setTabOrder(self.ui.save_button, self.chart)
        self._set_up_table()
        self._set_up_controls()

        session.changed.connect(self._on_session_changed)
        settings.naming_changed.connect(self._on_naming_changed)
        self.ui.read_only_note.setVisible(session.read_only)
        self._refresh()

    # -- set-up ----------------------------------------------------------------------------

    def _name(self, subject: Subject) -> str:
        if isinstance(subject, Element):
            return self.settings.element_name(subject)
        return subject.label

    def _set_up_table(self) -> None:
        table = self.ui.ratings_table
        table.setModel(self.model)
        table.setItemDelegateForColumn(RATING, RatingDelegate(table))
        triggers = QAbstractItemView.EditTrigger
        table.setEditTriggers(
            triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed
        )
        metrics = table.fontMetrics()
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(metrics.height() + 10)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in (KIND, SUBJECT, RATING, PREVIOUS, CHANGE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EVIDENCE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("x" * 6))
        # Ten rows and the header, without scrolling.
        table.setMinimumHeight(
            header.sizeHint().height()
            + self.model.rowCount() * rows.defaultSectionSize()
            + 2 * table.frameWidth()
            + 2
        )
        table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self._to_rating = _KeysRateTheRow(table)
        table.installEventFilter(self._to_rating)

    def _set_up_controls(self) -> None:
        ui = self.ui
        ui.empty_heading.setFont(bold_font(ui.empty_heading, 1.3))
        ui.status_label.setVisible(False)
        ui.evidence_edit.setMinimumHeight(ui.evidence_edit.fontMetrics().lineSpacing() * 3 + 12)
        ui.round_combo.currentIndexChanged.connect(self._on_round_chosen)
        ui.start_round_button.clicked.connect(self.start_round)
        ui.start_first_button.clicked.connect(self.start_round)
        ui.edit_round_button.clicked.connect(self.change_round)
        ui.delete_round_button.clicked.connect(self.delete_selected)
        ui.evidence_edit.textChanged.connect(self._update_buttons)
        ui.save_button.clicked.connect(self.save_evidence)
        ui.revert_button.clicked.connect(self.revert_evidence)
        ui.turn_into_action_button.clicked.connect(self.turn_into_action)
        # The table as tall as its ten rows; the rest for the evidence and the chart, where the
        # chart gets the larger share.
        em = self.fontMetrics().horizontalAdvance("M")
        ui.splitter.setStretchFactor(0, 0)
        ui.splitter.setStretchFactor(1, 1)
        ui.splitter.setSizes([ui.ratings_table.minimumHeight(), em * 40])
        ui.lower_splitter.setStretchFactor(0, 2)
        ui.lower_splitter.setStretchFactor(1, 3)
        ui.lower_splitter.setSizes([em * 28, em * 44])

    # -- the round shown -------------------------------------------------------------------

    def _refresh(self) -> None:
        """Read the rounds and the chosen round's progress again and show them."""
        rounds = assessment_rounds(self.session.store)
        ids = [r.id for r in rounds]
        known = self._known_rounds
        appeared = [i for i in ids if known is not None and i not in known]
        if appeared:  # a round just started, or brought back by undo: show it
            self._round_id = appeared[-1]
        elif self._round_id not in ids:
            self._round_id = ids[-1] if ids else None
        self._known_rounds = set(ids)
        self.progress = progress(self.session.store, self.today, self._round_id)

        combo = self.ui.round_combo
        combo.blockSignals(True)
        combo.clear()
        for summary in reversed(rounds):
            latest = " (latest)" if summary.id == ids[-1] else ""
            combo.addItem(
                f"{date_text(summary.held_on)}{latest}: {summary.rated} of "
                f"{self.model.rowCount()} rated",
                summary.id,
            )
        combo.setCurrentIndex(max(0, combo.findData(self._round_id)))
        combo.blockSignals(False)

        self.model.set_progress(self.progress)
        self.chart.set_progress(self.progress, self._name)
        has_round = self._round_id is not None
        self.ui.empty_panel.setVisible(not has_round)
        self.ui.round_scroll.setVisible(has_round)
        self._show_round_details()
        table = self.ui.ratings_table
        if has_round and not table.currentIndex().isValid():
            table.setCurrentIndex(self.model.index(0, RATING))
        self._show_row(table.currentIndex().row() if has_round else -1)
        self._apply_read_only()
        self.selection_changed.emit()

    def _show_round_details(self) -> None:
        current = self.progress.current if self.progress else None
        if current is None:
            self.ui.round_details.clear()
            return
        record = self.session.store.get(AssessmentRound, current.id)
        parts = [f"Held on {current.held_on:%A %d %B %Y}."]
        parts.append(f"Who took part: {current.participants or 'not recorded'}.")
        before = self.progress.previous
        if before is not None:
            parts.append(f"Compared with the round before, on {date_text(before.held_on)}.")
        else:
            parts.append("The first round: there is no round before it to compare with.")
        if record is not None and record.notes:
            parts.append(f"Notes: {record.notes}")
        self.ui.round_details.setText(" ".join(parts))

    def _on_round_chosen(self, index: int) -> None:
        chosen = self.ui.round_combo.itemData(index)
        if not chosen or chosen == self._round_id:
            return
        if not self._leave_evidence():
            combo = self.ui.round_combo
            combo.blockSignals(True)  # back to the round whose evidence needs fixing
            combo.setCurrentIndex(combo.findData(self._round_id))
            combo.blockSignals(False)
            return
        self._round_id = chosen
        self._refresh()

    def _apply_read_only(self) -> None:
        ui = self.ui
        editable = not self.session.read_only
        has_round = self._round_id is not None
        for button in (ui.start_first_button, ui.start_round_button):
            button.setEnabled(editable)
        ui.edit_round_button.setEnabled(editable and has_round)
        ui.delete_round_button.setEnabled(editable and has_round)
        if self.session.read_only:
            ui.empty_text.setText(
                "No round has been held in this audit, and it is open read-only, so none can "
                "be started here."
            )

    # -- the selected row and its evidence -------------------------------------------------

    def _on_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._cell_guard.may_follow(self.leave, self.ui.ratings_table, previous):
            return
        self._show_row(current.row())
        self.selection_changed.emit()

    def _show_row(self, row: int) -> None:
        """Show the heading, evidence and action hint of `row` (-1: nothing selected)."""
        ui = self.ui
        rating = self.model.rating(row) if row >= 0 else None
        key = (self._round_id, row) if rating is not None else None
        if key is not None and key == self._evidence_key and self._evidence_dirty():
            self._show_heading(row)  # keep what the user is typing
            return
        ui.evidence_edit.blockSignals(True)
        ui.evidence_edit.setPlainText(rating.evidence if rating else "")
        ui.evidence_edit.blockSignals(False)
        self._evidence_key = key
        self._evidence_baseline = ui.evidence_edit.toPlainText()
        self._show_heading(row)

    def _show_heading(self, row: int) -> None:
        ui = self.ui
        rating = self.model.rating(row) if row >= 0 else None
        editable = rating is not None and not self.session.read_only
        ui.evidence_edit.setEnabled(rating is not None)
        ui.evidence_edit.setReadOnly(not editable)
        ui.turn_into_action_button.setEnabled(editable and rating.latest is not None)
        if rating is None:
            ui.row_heading.setText("Select an element or principle in the table.")
            ui.action_hint.clear()
            self._update_buttons()
            return
        name, kind = self.model.name(row), rating.kind
        text = f"{name} ({kind}): {rating_text(rating.latest)}"
        if self.progress.previous is not None:
            text += f"; in the round before: {rating_text(rating.previous)}"
            words = change_words(rating.since_previous)
            if words:
                text += f" ({words})"
        ui.row_heading.setText(text + ".")
        ui.action_hint.setText(self._action_hint(rating.subject, rating.latest))
        self._update_buttons()

    def _action_hint(self, subject: Subject, score: int | None) -> str:
        if self.session.read_only:
            return ""
        if score is None:
            hint = "Rate it first to turn it into an action."
        elif score in LOW_RATINGS:
            hint = f"Suggested: rated {rating_text(score)}, a low rating worth an action."
        else:
            hint = "You can turn any rating into an action."
        if isinstance(subject, Element):
            open_actions = sum(
                self.session.store.count(Action, element=subject, status=status)
                for status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
            )
            if open_actions:
                hint += (
                    f" There {noun_for(open_actions, 'is', 'are')} already "
                    f"{number_of(open_actions, 'open action')} for this element."
                )
        return hint

    def _evidence_dirty(self) -> bool:
        return (
            self._evidence_key is not None
            and not self.session.read_only
            and self.ui.evidence_edit.toPlainText() != self._evidence_baseline
        )

    def _update_buttons(self) -> None:
        dirty = self._evidence_dirty()
        self.ui.save_button.setEnabled(dirty)
        self.ui.revert_button.setEnabled(dirty)
        self.pending_changed.emit()

    def save_evidence(self) -> bool:
        """Save the evidence typed for the row it was typed for; False if it was refused."""
        if not self._evidence_dirty():
            return True
        _round, row = self._evidence_key
        typed = self.ui.evidence_edit.toPlainText()
        before = self._evidence_baseline
        # Saved from here on: the page refreshes while the session writes it.
        self._evidence_baseline = typed
        if self.model.write(row, evidence=typed.strip()):
            self._show_status("")
            return True
        self._evidence_baseline = before
        self._update_buttons()
        return False

    def revert_evidence(self) -> None:
        self._evidence_key = None
        self._show_row(self.ui.ratings_table.currentIndex().row())

    def _leave_evidence(self) -> bool:
        """Before another row or round is shown, save the evidence typed (like a cell);
        False when it could not be saved and the user went back to it."""
        return self.leave()

    # -- what the page holds unsaved (gui/unsaved.py) --------------------------------------

    def pending_edit(self) -> str:
        if not self._evidence_dirty():
            return ""
        _round, row = self._evidence_key
        return f"the evidence typed for {self.model.name(row)}"

    def save_pending(self) -> bool:
        return self.save_evidence()

    def discard_pending(self) -> None:
        self.revert_evidence()

    def _show_status(self, message: str) -> None:
        self.ui.status_label.setText(message)
        self.ui.status_label.setVisible(bool(message))

    # -- rounds ----------------------------------------------------------------------------

    def start_round(self) -> None:
        """Ask for the day and who took part, and start a new round (it is then shown)."""
        if self.session.read_only or not self._leave_evidence():
            return
        started = ask_round(self, self.session, self.today)
        if started is not None:
            table = self.ui.ratings_table
            table.setCurrentIndex(self.model.index(0, RATING))
            table.setFocus()

    def change_round(self) -> None:
        """Change the chosen round's day, who took part or notes."""
        if self.session.read_only or self._round_id is None or not self._leave_evidence():
            return
        shown = self.session.store.get(AssessmentRound, self._round_id)
        if shown is not None:
            ask_round(self, self.session, self.today, shown)

    # -- turning a rating into an action ---------------------------------------------------

    def turn_into_action(self) -> Action | None:
        """Add an action to improve the selected element or principle and show it."""
        row = self.ui.ratings_table.currentIndex().row()
        rating = self.model.rating(row) if row >= 0 else None
        if rating is None or rating.latest is None or self.session.read_only:
            return None
        if not self._leave_evidence():
            return None
        rating = self.model.rating(row)  # with the evidence just saved
        held_on = self.progress.current.held_on
        name = self._name(rating.subject)
        notes = (
            f"From the self-assessment of {date_text(held_on)}: {name} was rated "
            f"{rating_text(rating.latest)}."
        )
        if rating.evidence:
            notes += f" Evidence: \u201c{rating.evidence}\u201d"
        action = Action(
            title=f"Improve: {name}",
            element=rating.subject if isinstance(rating.subject, Element) else None,
            status=ActionStatus.PLANNED,
            notes=notes,
        )
        try:
            with self.session.edit(f"Turn the rating of {name} into an action"):
                action = self.session.add(action)
        except (ValidationError, AuditFileError) as error:
            self._show_status(f"The action was not added: {error}")
            return None
        self.go_to.emit("actions_page", Action, action.id)
        return action

    # -- news from the session -------------------------------------------------------------

    def _on_session_changed(self, kind: object) -> None:
        if kind in (AssessmentRound, AssessmentRating, Action):
            self._refresh()

    def _on_naming_changed(self) -> None:
        self.model.set_name(self._name)
        self._refresh()

    # -- Edit menu hooks -------------------------------------------------------------------

    def can_add(self) -> bool:
        return not self.session.read_only

    def add_record(self) -> None:
        self.start_round()

    def can_delete(self) -> bool:
        return self._round_id is not None and not self.session.read_only

    def delete_selected(self) -> None:
        """Delete the chosen round and its ratings, after asking; one step of undo."""
        if not self.can_delete():
            return
        shown = self.session.store.get(AssessmentRound, self._round_id)
        if shown is None:
            return
        count = self.session.store.count(AssessmentRating, round_id=shown.id)
        ratings = f" and its {number_of(count, 'rating')}" if count else ""
        day = date_text(shown.held_on)
        answer = QMessageBox.question(
            self,
            "Delete round",
            f"Delete the self-assessment round of {day}{ratings}? "
            "You can undo this with Edit > Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._evidence_key = None  # what was typed goes with the round
        try:
            with self.session.edit(f"Delete the self-assessment round of {day}{ratings}"):
                self.session.delete(shown)
        except AuditFileError as error:
            show_error(
                self, "Round not deleted", f"The round of {day} was not deleted.", f"{error}"
            )

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        if record_type is AssessmentRating:
            rating = self.session.store.get(AssessmentRating, record_id)
            if rating is None:
                return False
            round_id, subject = rating.round_id, rating.element or rating.principle
        elif record_type is AssessmentRound:
            round_id, subject = record_id, None
        else:
            return False
        if round_id not in (self._known_rounds or set()) or not self._leave_evidence():
            return False
        self._round_id = round_id
        self._refresh()
        if subject is not None:
            for row in range(self.model.rowCount()):
                if self.model.subject(row) is subject:
                    self.ui.ratings_table.setCurrentIndex(self.model.index(row, RATING))
        return True

    def focus_first(self) -> None:
        if self._round_id is None:
            if self.ui.start_first_button.isEnabled():
                self.ui.start_first_button.setFocus()
            else:
                self.focusNextChild()
            return
        table = self.ui.ratings_table
        table.setFocus()
        if not table.currentIndex().isValid():
            table.setCurrentIndex(self.model.index(0, RATING))


class _KeysRateTheRow(QObject):
    """F2 or a typed digit rates the selected row, whichever of its cells is current: a row is
    selected as a whole, so the user should not have to move to the rating column first."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QTableView):
            current = watched.currentIndex()
            wants_edit = event.key() == Qt.Key.Key_F2 or (
                event.text().isdigit()
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            )
            if wants_edit and current.isValid() and current.column() != RATING:
                watched.setCurrentIndex(current.siblingAtColumn(RATING))
        return False
