"""The ratings of one self-assessment round: a table model and the drop-down that edits a rating.

The ten rows are the six elements then the four principles (`analysis.progress.SUBJECTS`).
What the table shows comes from `analysis.progress.progress()`, the same numbers the reports
and the command line give; the model reads the round's rating records only to know which one to
change. Every edit goes through the session (add the rating when missing, change it when
present), so that it can be undone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox

from coprod_desktop.analysis.progress import (
    SUBJECTS,
    Progress,
    RatingProgress,
    Subject,
    rating_text,
    subject_kind,
)
from coprod_desktop.domain import (
    AssessmentRating,
    Element,
    Principle,
    Rating,
    ValidationError,
    validate,
)
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.widgets.radar_chart import date_text
from coprod_desktop.gui.widgets.rung_delegate import ChoiceDelegate
from coprod_desktop.store import AuditFileError

Index = QModelIndex | QPersistentModelIndex
KIND, SUBJECT, RATING, PREVIOUS, CHANGE, EVIDENCE = range(6)
HEADERS = ("Kind", "What is rated", "This round", "Round before", "Change", "Evidence")
SCORE_ROLE = Qt.ItemDataRole.UserRole + 1  # the rating as a number, None: not assessed
LOW_RATINGS = (Rating.NOT_YET, Rating.STARTING_OUT)  # worth turning into an action
UP_COLOUR = QColor("#1e6b30")
DOWN_COLOUR = QColor("#a4262c")


def change_text(change: int | None) -> str:
    """Return "▲ 1", "▼ 2", "=" or "" (no change can be worked out)."""
    if change is None:
        return ""
    if change == 0:
        return "="
    return f"{'▲' if change > 0 else '▼'} {abs(change)}"


def change_words(change: int | None) -> str:
    """Say the change in words: "up 1 step", "down 2 steps", "no change", "" (unknown)."""
    if change is None:
        return ""
    if change == 0:
        return "no change"
    steps = abs(change)
    return f"{'up' if change > 0 else 'down'} {number_of(steps, 'step')}"


def describe_subject(subject: Subject) -> str:
    """The short explanation of an element or principle, for tooltips."""
    if isinstance(subject, Element):
        return subject.info.summary
    return subject.description


class RatingsTableModel(QAbstractTableModel):
    """One row per element and principle, for the round that `set_progress` was given."""

    edit_failed = Signal(str)  # a rating could not be saved; the message says why

    def __init__(
        self, session: AuditSession, name: Callable[[Subject], str], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._name = name
        self.progress: Progress | None = None
        self._records: dict[tuple[str, str], AssessmentRating] = {}

    @property
    def round_id(self) -> str | None:
        return self.progress.round_id if self.progress else None

    def set_progress(self, progress: Progress | None) -> None:
        """Show the round `progress` looks at; the rows stay, so the selection does too."""
        self.progress = progress
        self._records = self._read_records()
        self._all_changed()

    def set_name(self, name: Callable[[Subject], str]) -> None:
        """Name the elements another way (the user changed the naming)."""
        self._name = name
        self._all_changed()

    def _all_changed(self) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(len(SUBJECTS) - 1, len(HEADERS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    def _read_records(self) -> dict[tuple[str, str], AssessmentRating]:
        """The round's rating records by (kind, code); of twins, the last changed, as in
        `progress()`, so that an edit changes the rating the page shows."""
        if self.round_id is None:
            return {}
        found: dict[tuple[str, str], AssessmentRating] = {}
        for rating in self._session.store.page(
            AssessmentRating, round_id=self.round_id, limit=1000
        ):
            subject = rating.element or rating.principle
            if subject is None:
                continue
            key = (subject_kind(subject), subject.value)
            if key not in found or rating.modified_at >= found[key].modified_at:
                found[key] = rating
        return found

    # -- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(SUBJECTS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def rating(self, row: int) -> RatingProgress | None:
        """The element or principle of `row` across the rounds (None before any round)."""
        if self.progress is None or self.progress.round_id is None:
            return None
        return self.progress.ratings[row]

    def subject(self, row: int) -> Subject:
        return SUBJECTS[row]

    def name(self, row: int) -> str:
        return self._name(SUBJECTS[row])

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == RATING and self.round_id and not self._session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        subject = SUBJECTS[row]
        rating = self.rating(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(column, subject, rating, spoken=role != Qt.ItemDataRole.DisplayRole)
        if role in (SCORE_ROLE, Qt.ItemDataRole.EditRole) and column == RATING:
            return rating.latest if rating else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, subject, rating)
        if role == Qt.ItemDataRole.ForegroundRole and column == CHANGE and rating:
            change = rating.since_previous
            if change:
                return UP_COLOUR if change > 0 else DOWN_COLOUR
        if (
            role == Qt.ItemDataRole.FontRole
            and column == SUBJECT
            and isinstance(subject, Principle)
        ):
            italic = QFont()
            italic.setItalic(True)  # as on the radar chart
            return italic
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CHANGE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(
        self, column: int, subject: Subject, rating: RatingProgress | None, spoken: bool
    ) -> str:
        if column == KIND:
            return subject_kind(subject).capitalize()
        if column == SUBJECT:
            return self._name(subject)
        if rating is None:
            return ""
        if column == RATING:
            return rating_text(rating.latest)
        if column == PREVIOUS:
            return rating_text(rating.previous) if self.progress.previous_round_id else ""
        if column == CHANGE:
            change = rating.since_previous
            return change_words(change) if spoken else change_text(change)
        if column == EVIDENCE:
            return " ".join(rating.evidence.split())  # one line in the table
        return ""

    def _tooltip(self, column: int, subject: Subject, rating: RatingProgress | None) -> str:
        if column in (KIND, SUBJECT):
            return describe_subject(subject)
        if rating is None:
            return ""
        before = self.progress.previous
        if column == RATING:
            tip = "Press F2, double-click or type a number from 1 to 5 to change the rating."
            if rating.latest in LOW_RATINGS:
                tip = "A low rating: consider turning it into an action. " + tip
            return tip
        if column == PREVIOUS:
            if before is None:
                return "There is no round before this one."
            return f"The rating in the round of {date_text(before.held_on)}."
        if column == CHANGE:
            words = change_words(rating.since_previous)
            if before is None:
                return "There is no round before this one to compare with."
            if not words:
                return "Not assessed in one of the two rounds: no change can be worked out."
            return f"{words.capitalize()} since the round of {date_text(before.held_on)}."
        if column == EVIDENCE:
            return rating.evidence
        return ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        progress = self.progress
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and progress is not None:
            if section == RATING and progress.current:
                return f"The rating in this round, held on {date_text(progress.current.held_on)}"
            if section in (PREVIOUS, CHANGE) and progress.previous:
                return f"Compared with the round of {date_text(progress.previous.held_on)}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != RATING:
            return False
        rating = self.rating(index.row())
        if rating is None or value == rating.latest:
            return False
        return self.write(index.row(), score=value)

    # -- edits -----------------------------------------------------------------------------

    def write(self, row: int, **changes: Any) -> bool:
        """Save `score` and/or `evidence` of `row` in the round, through the session.

        Adds the rating record when the round has none for the row, changes it otherwise.
        Returns False, and emits `edit_failed`, when it could not be saved.
        """
        round_id = self.round_id
        if round_id is None or self._session.read_only:
            return False
        subject = SUBJECTS[row]
        record = self._records.get((subject_kind(subject), subject.value))
        if record is None:
            is_element = isinstance(subject, Element)
            edited = AssessmentRating(
                round_id=round_id,
                element=subject if is_element else None,
                principle=None if is_element else subject,
                score=changes.get("score"),
                evidence=changes.get("evidence", ""),
            )
            if edited.score is None and not edited.evidence:
                return True  # nothing to write: "not assessed" with no evidence is no record
        else:
            edited = dataclasses.replace(record, **changes)
            if edited == record:
                return True
        name = self._name(subject)
        if "score" in changes:
            text = f"Rate {name}: {rating_text(changes['score'])}"
        else:
            text = f"Change the evidence for {name}"
        try:
            validate(edited)  # before the undo step opens: a refused edit leaves no empty step
            with self._session.edit(text):
                if record is None:
                    self._session.add(edited)
                else:
                    self._session.update(edited)
        except ValidationError as error:
            self.edit_failed.emit(f"The rating of {name} was not saved: {error}")
            return False
        except AuditFileError as error:
            self.edit_failed.emit(f"The rating of {name} was not saved: {error}")
            return False
        return True


# -- the drop-down that edits a rating ------------------------------------------------------


def fill_rating_combo(combo: QComboBox) -> None:
    """Offer "Not assessed" then 1 Not yet ... 5 Embedded (typing a digit chooses it)."""
    combo.clear()
    combo.addItem(rating_text(None), None)
    combo.setItemData(0, "No rating in this round.", Qt.ItemDataRole.ToolTipRole)
    for rating in Rating:
        combo.addItem(rating_text(int(rating)), int(rating))


class RatingDelegate(ChoiceDelegate):
    """Edits the rating of a row with a drop-down; Enter or a choice in the list saves it."""

    editor_name = "rating_editor"
    editor_label = "Rating"
    editor_help = (
        "Choose a rating from 1 Not yet to 5 Embedded, or Not assessed; press Enter to save."
    )
    value_role = SCORE_ROLE

    def fill(self, combo: QComboBox) -> None:
        fill_rating_combo(combo)
