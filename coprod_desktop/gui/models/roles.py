"""The Roles grid: people (rows) against the six stages (columns), each cell a rung of the ladder.

People are read from the store a page at a time, sorted by name and filtered by hat and name in
SQL, with the roles of each page read in one query, so that an audit of 100,000 people shows its
first screen without reading every row. Choosing a rung in a cell writes through the session
(add, change or delete the Role), so that every edit can be undone.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from coprod_desktop.domain import Band, Hat, Person, Role, Rung, Stage, ValidationError
from coprod_desktop.domain.wording import noun_for
from coprod_desktop.gui.models.page_cache import PAGE_SIZE, PageCache
from coprod_desktop.gui.models.records import ID_ROLE
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.store import AuditFileError
from coprod_desktop.store.queries.positions import people_before, people_by_stage, position_by_name
from coprod_desktop.store.tables import sort_key

Index = QModelIndex | QPersistentModelIndex
STAGES = tuple(Stage)
RUNG_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's Rung, or None when there is no role

# Okabe-Ito orange and sky blue (told apart with every common colour-vision deficiency) as
# light tints so that black text stays readable, with a neutral grey between them.
BAND_COLOURS = {
    Band.DOING_TO: QColor("#f3c57f"),
    Band.DOING_FOR: QColor("#dcdcdc"),
    Band.DOING_WITH: QColor("#8fc9ee"),
}
TEXT_COLOUR = QColor("#000000")


def band_colour(rung: Rung) -> QColor:
    return BAND_COLOURS[rung.band]


def rung_explanation(rung: Rung) -> str:
    """Return "Co-design, doing with: People have real influence..." for tooltips."""
    return f"{rung.label}, {rung.band.label.lower()}: {rung.description}"


class _Page:
    """One page of people with their roles by stage."""

    def __init__(self, people: list[Person], roles: list[Role]) -> None:
        self.people = people
        self.roles: dict[str, dict[Stage, Role]] = {person.id: {} for person in people}
        for role in roles:
            self.roles.setdefault(role.person_id, {})[role.stage] = role


class RolesTableModel(QAbstractTableModel):
    """People and their role at each stage, read from the store a page at a time."""

    edit_failed = Signal(str)  # a rung could not be saved; the message says why

    def __init__(self, session: AuditSession, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._filters: dict[str, Any] = {}
        self._pages: PageCache[_Page] = PageCache(self._fetch)
        self._count = self.store.count(Person)
        self._stage_counts: dict[Stage, int] = self._read_stage_counts()

    @property
    def pages_fetched(self) -> int:
        """For tests: how often the store was asked for a page of people."""
        return self._pages.reads

    @property
    def store(self):
        return self._session.store

    # -- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(STAGES)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return f"Person and hats\n{self._count:,} shown"
            return f"{STAGES[section - 1].label}\n{self.stage_count(section):,} with a role"
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            stage = STAGES[section - 1]
            count = self.stage_count(section)
            have = noun_for(count, "has", "have")
            return f"{count:,} of the people shown {have} a role at {stage.label}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() > 0 and not self._session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self.person(index.row())
        if person is None:
            return None
        if role == ID_ROLE:
            return person.id
        if index.column() == 0:
            return self._person_data(person, role)
        stage = STAGES[index.column() - 1]
        rung = self._role_of(index.row(), person.id, stage)
        rung = rung.rung if rung else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return rung.label if rung else ""
        if role in (RUNG_ROLE, Qt.ItemDataRole.EditRole):
            return rung
        if role == Qt.ItemDataRole.ToolTipRole:
            what = rung_explanation(rung) if rung else "No role at this stage."
            return f"{person.name} at {stage.label}. {what}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return rung.band.label if rung else "No role"
        if role == Qt.ItemDataRole.BackgroundRole:
            return band_colour(rung) if rung else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return TEXT_COLOUR if rung else None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Give the person `value` (a Rung) at the cell's stage, or no role for None."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        person = self.person(index.row())
        if person is None or self._session.read_only:
            return False
        stage = STAGES[index.column() - 1]
        current = self.role_at(index)
        try:
            if value is None:
                if current is not None:
                    self._session.delete(current)
            elif current is None:
                self._session.add(Role(person_id=person.id, stage=stage, rung=Rung(value)))
            elif current.rung != value:
                self._session.update(dataclasses.replace(current, rung=Rung(value)))
        except (ValidationError, AuditFileError, ValueError) as error:
            self.edit_failed.emit(f"The role was not saved: {error}")
            self.refresh_roles()
            return False
        return True

    # -- what the page asks ----------------------------------------------------------------

    def person(self, row: int) -> Person | None:
        """Return the person shown in `row`, fetching their page if it is not in memory."""
        page = self._page_of(row)
        offset = row % PAGE_SIZE
        return page.people[offset] if page and offset < len(page.people) else None

    def role_at(self, index: Index) -> Role | None:
        """Return (a copy of) the role in a stage cell, or None."""
        if not index.isValid() or index.column() == 0:
            return None
        person = self.person(index.row())
        if person is None:
            return None
        role = self._role_of(index.row(), person.id, STAGES[index.column() - 1])
        return self.store.get(Role, role.id) if role else None

    @staticmethod
    def stage_of(index: Index) -> Stage | None:
        return STAGES[index.column() - 1] if index.isValid() and index.column() > 0 else None

    @staticmethod
    def column_of(stage: Stage) -> int:
        return STAGES.index(stage) + 1

    def stage_count(self, column: int) -> int:
        """How many of the people shown have a role at the stage in `column`."""
        return self._stage_counts.get(STAGES[column - 1], 0)

    def set_filter(self, *, hat: Hat | None = None, text: str = "") -> None:
        """Show only people wearing `hat` and matching the words in `text` (both optional)."""
        filters: dict[str, Any] = {}
        if hat is not None:
            filters["hat"] = hat
        if text.strip():
            filters["text"] = text
        self._filters = filters
        self.reload()

    def reload(self) -> None:
        """Read the count and the stage totals again and forget the pages."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.store.count(Person, **self._filters)
        self._stage_counts = self._read_stage_counts()
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(STAGES))

    def refresh_roles(self) -> None:
        """Read the roles of the pages in memory again (after an edit, undo or redo).

        Unlike `reload` this keeps the rows, so the selection and the open cell stay put.
        """
        ids = [person.id for page in self._pages.values() for person in page.people]
        roles = self.store.related(Role, "person_id", ids)
        for page in self._pages.values():
            page.roles = {person.id: {} for person in page.people}
        by_person = {person_id: page for page in self._pages.values() for person_id in page.roles}
        for role in roles:
            by_person[role.person_id].roles[role.person_id][role.stage] = role
        self._stage_counts = self._read_stage_counts()
        if self._count:
            last = self.index(self._count - 1, len(STAGES))
            self.dataChanged.emit(self.index(0, 1), last)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(STAGES))

    def row_of(self, person_id: str) -> int | None:
        """Return the row of a person among those shown, or None (found in SQL, not by paging)."""
        return position_by_name(self.store, Person, person_id, **self._filters)

    def match(self, start: Index, role: int, value: Any, hits: int = 1, flags=None) -> list:
        """Find the first person whose name starts with `value`, in SQL (type to find a name).

        Qt's own search would read every page to look; this asks the index on sort_name.
        """
        if role != Qt.ItemDataRole.DisplayRole or start.column() != 0 or not str(value):
            return []
        key = sort_key(str(value))
        row = people_before(self.store, key, **self._filters)
        person = self.person(row)
        if person is None or not sort_key(person.name).startswith(key):
            return []
        return [self.index(row, 0)]

    # -- reading ---------------------------------------------------------------------------

    def _person_data(self, person: Person, role: int) -> Any:
        hats = ", ".join(hat.label for hat in person.hats)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{person.name}  ·  {hats}" if hats else person.name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{person.name}, wearing the hats: {hats}" if hats else person.name
        return None

    def _role_of(self, row: int, person_id: str, stage: Stage) -> Role | None:
        page = self._page_of(row)
        return page.roles.get(person_id, {}).get(stage) if page else None

    def _page_of(self, row: int) -> _Page | None:
        if not 0 <= row < self._count:
            return None
        return self._pages.get(row // PAGE_SIZE)

    def _fetch(self, number: int) -> _Page:
        people = self.store.page(
            Person, offset=number * PAGE_SIZE, limit=PAGE_SIZE, sort="sort_name", **self._filters
        )
        roles = self.store.related(Role, "person_id", [person.id for person in people])
        return _Page(people, roles)

    def _read_stage_counts(self) -> dict[Stage, int]:
        """Count, in SQL, the people shown who have a role at each stage."""
        rows = people_by_stage(self.store, **self._filters)
        counts = {}
        for code, number in rows:
            try:
                counts[Stage(code)] = number
            except ValueError:
                continue  # a stage from a newer version of the app: not a column here
        return counts
