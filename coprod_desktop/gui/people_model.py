"""The People table as a Qt model over the store's paged queries.

Rows are fetched a page at a time when the view asks for them, sorted and filtered in SQL,
so that an audit of 100,000 people shows its first screen without reading every row.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coprod_desktop.domain import Hat, Person
from coprod_desktop.store import AuditStore

PAGE_SIZE = 200
PAGES_KEPT = 20  # about 4,000 people in memory, whatever the size of the audit

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PeopleColumn:
    title: str
    sort: str | None  # the store's sort key, or None when the column cannot be sorted

    def text(self, person: Person, today: date) -> str:
        return _TEXT[self.title](person, today)


def _consent(person: Person, today: date) -> str:
    if person.consent_scope is None:
        return "Not recorded"
    label = person.consent_scope.label
    return f"{label} (review overdue)" if person.consent_overdue(today) else label


_TEXT = {
    "Name": lambda p, _: p.name,
    "Pseudonym": lambda p, _: p.pseudonym,
    "Hats": lambda p, _: ", ".join(hat.label for hat in p.hats),
    "Organisation": lambda p, _: p.organisation,
    "Consent": _consent,
    "Consent review": lambda p, _: f"{p.consent_review:%d/%m/%Y}" if p.consent_review else "",
}

COLUMNS = (
    PeopleColumn("Name", "sort_name"),
    PeopleColumn("Pseudonym", "pseudonym"),
    PeopleColumn("Hats", None),
    PeopleColumn("Organisation", "organisation"),
    PeopleColumn("Consent", None),
    PeopleColumn("Consent review", "consent_review"),
)


class PeopleTableModel(QAbstractTableModel):
    """Live people of an audit, one row each, read from the store a page at a time."""

    def __init__(self, store: AuditStore, parent: Any = None, *, today: date | None = None):
        super().__init__(parent)
        self._store = store
        self._today = today or date.today()
        self._sort: str = "sort_name"
        self._descending = False
        self._filters: dict[str, Any] = {}
        self._pages: OrderedDict[int, list[Person]] = OrderedDict()
        self._count = store.count(Person)
        self.pages_fetched = 0  # for tests and benchmarks: how often the store was asked

    # -- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.UserRole,
        ):
            return None
        person = self.person(index.row())
        if person is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return person.id
        return COLUMNS[index.column()].text(person, self._today)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort
        if key is None:
            return
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- what the page asks ----------------------------------------------------------------

    def person(self, row: int) -> Person | None:
        """Return the person shown in `row`, fetching their page if it is not in memory."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._fetch(number)
        else:
            self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

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
        """Read the count again and forget the pages (after an edit, a sort or a filter)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._store.count(Person, **self._filters)
        self.endResetModel()

    def row_of(self, person_id: str) -> int | None:
        """Return the row of a person among the pages in memory, or None."""
        for number, page in self._pages.items():
            for offset, person in enumerate(page):
                if person.id == person_id:
                    return number * PAGE_SIZE + offset
        return None

    def _fetch(self, number: int) -> list[Person]:
        page = self._store.page(
            Person,
            offset=number * PAGE_SIZE,
            limit=PAGE_SIZE,
            sort=self._sort,
            descending=self._descending,
            **self._filters,
        )
        self.pages_fetched += 1
        self._pages[number] = page
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        return page
