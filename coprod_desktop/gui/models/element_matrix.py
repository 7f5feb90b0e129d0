"""The six-element matrix: people, capabilities or assets down the side, the elements across.

Rows are read from the store a page at a time, with the links of that page's rows, so that an
audit of 100,000 people shows its first screen without reading every row. Each element cell
holds the strength of the row's link to that element (empty when there is none).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coprod_desktop.domain import (
    Capability,
    CommunityAsset,
    Element,
    ElementLink,
    Person,
    Record,
)
from coprod_desktop.domain.vocabulary import STRENGTH_LABELS
from coprod_desktop.gui.models.page_cache import PAGE_SIZE, PageCache
from coprod_desktop.store import AuditStore
from coprod_desktop.store.queries.positions import position_by_name, position_in_order_added

Index = QModelIndex | QPersistentModelIndex
ELEMENTS = tuple(Element)

# A sequential blue scale, light to dark, readable by people with colour-blindness;
# the strongest cell gets white text for contrast.
HEAT_COLOURS = {0: "#eeeeee", 1: "#d4e6f4", 2: "#86b9e0", 3: "#1f5f99"}
HEAT_TEXT = {0: "#444444", 1: "#1a1a1a", 2: "#1a1a1a", 3: "#ffffff"}


@dataclass
class MatrixRow:
    """One row: a person, capability or asset, its links by element, and whose it is."""

    record: Record
    links: dict[Element, ElementLink] = field(default_factory=dict)
    owner: str = ""  # for a capability, the name of the person it belongs to


@dataclass(frozen=True)
class LabelColumn:
    title: str
    text: Callable[[MatrixRow], str]


class RowKind(Enum):
    """What the rows of the matrix are."""

    PEOPLE = "people"
    CAPABILITIES = "capabilities"
    ASSETS = "assets"

    @property
    def record_type(self) -> type[Record]:
        return _RECORD_TYPES[self]

    @property
    def link_field(self) -> str:
        """The field of ElementLink that points at a row of this kind."""
        return _LINK_FIELDS[self]

    @property
    def sort(self) -> str | None:
        # Capabilities in the order they were added keep each person's together.
        return None if self is RowKind.CAPABILITIES else "sort_name"


_RECORD_TYPES: dict[RowKind, type[Record]] = {
    RowKind.PEOPLE: Person,
    RowKind.CAPABILITIES: Capability,
    RowKind.ASSETS: CommunityAsset,
}
_LINK_FIELDS = {
    RowKind.PEOPLE: "person_id",
    RowKind.CAPABILITIES: "capability_id",
    RowKind.ASSETS: "asset_id",
}
LABEL_COLUMNS: dict[RowKind, tuple[LabelColumn, ...]] = {
    RowKind.PEOPLE: (LabelColumn("Person", lambda row: row.record.name),),
    RowKind.CAPABILITIES: (
        LabelColumn("Capability", lambda row: row.record.description),
        LabelColumn("Kind", lambda row: row.record.kind.label),
        LabelColumn("Whose", lambda row: row.owner),
    ),
    RowKind.ASSETS: (
        LabelColumn("Community asset", lambda row: row.record.name),
        LabelColumn("Category", lambda row: row.record.category.label),
    ),
}


def row_title(kind: RowKind, row: MatrixRow) -> str:
    """Return how the side panel and screen readers name a row."""
    record = row.record
    if kind is RowKind.CAPABILITIES:
        owner = f" ({row.owner})" if row.owner else ""
        return f"{record.kind.label}: {record.description}{owner}"
    return record.name


class ElementMatrixModel(QAbstractTableModel):
    """Rows of one kind against the six elements, read from the store a page at a time."""

    def __init__(
        self,
        store: AuditStore,
        element_name: Callable[[Element], str],
        parent: Any = None,
        kind: RowKind = RowKind.PEOPLE,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._element_name = element_name
        self._kind = kind
        self._text = ""
        self._pages: PageCache[list[MatrixRow]] = PageCache(self._fetch)
        self._count = self._read_count()

    @property
    def pages_fetched(self) -> int:
        """For tests: how often the store was asked for a page of rows."""
        return self._pages.reads

    # -- what the view asks ----------------------------------------------------------------

    @property
    def kind(self) -> RowKind:
        return self._kind

    @property
    def label_columns(self) -> tuple[LabelColumn, ...]:
        return LABEL_COLUMNS[self._kind]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.label_columns) + len(ELEMENTS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        element = self.element_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._element_name(element) if element else self.label_columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole and element:
            return f"{self._element_name(element)}: {element.info.summary}"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index.row())
        if row is None:
            return None
        element = self.element_of(index.column())
        if element is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.label_columns[index.column()].text(row)
            return None
        link = row.links.get(element)
        if role == Qt.ItemDataRole.DisplayRole:
            return STRENGTH_LABELS[link.strength] if link else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(HEAT_COLOURS[link.strength]) if link else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(HEAT_TEXT[link.strength]) if link else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self.describe_cell(row, element)
        return None

    # -- what the page asks ----------------------------------------------------------------

    def element_of(self, column: int) -> Element | None:
        """Return the element shown in `column`, or None for the columns naming the row."""
        position = column - len(self.label_columns)
        return ELEMENTS[position] if 0 <= position < len(ELEMENTS) else None

    def column_of(self, element: Element) -> int:
        return len(self.label_columns) + ELEMENTS.index(element)

    def row(self, number: int) -> MatrixRow | None:
        """Return row `number`, fetching its page if it is not in memory."""
        if not 0 <= number < self._count:
            return None
        page_number, offset = divmod(number, PAGE_SIZE)
        page = self._pages.get(page_number)
        return page[offset] if offset < len(page) else None

    def link(self, number: int, element: Element) -> ElementLink | None:
        row = self.row(number)
        return row.links.get(element) if row else None

    def title(self, number: int) -> str:
        row = self.row(number)
        return row_title(self._kind, row) if row else ""

    def describe_cell(self, row: MatrixRow, element: Element) -> str:
        """Return a cell as a screen reader says it: what, which element, how strong."""
        link = row.links.get(element)
        name = f"{row_title(self._kind, row)}, {self._element_name(element)}"
        if link is None:
            return f"{name}: not linked"
        evidence = f". Evidence: {link.evidence}" if link.evidence else ""
        return f"{name}: {STRENGTH_LABELS[link.strength]} ({link.strength}){evidence}"

    def rows_in_memory(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def row_of(self, record_id: str) -> int | None:
        """Return the number of the row showing `record_id` among the pages in memory."""
        return self._pages.row_where(lambda row: row.record.id == record_id)

    def position_of(self, record_id: str) -> int | None:
        """Return the row of `record_id` in the whole list (counted in SQL), or None."""
        if self._filters():
            return self.row_of(record_id)
        if self._kind is RowKind.CAPABILITIES:  # in the order they were added
            return position_in_order_added(self._store, self._kind.record_type, record_id)
        # by name, ties by id, as the store's pages are sorted
        return position_by_name(self._store, self._kind.record_type, record_id)

    def set_kind(self, kind: RowKind) -> None:
        """Show people, capabilities or assets down the side."""
        if kind is self._kind:
            return
        self.beginResetModel()
        self._kind = kind
        self._text = ""
        self._pages.clear()
        self._count = self._read_count()
        self.endResetModel()

    def set_text(self, text: str) -> None:
        """Show only the rows matching the words in `text` (people only: the store's search)."""
        self._text = text.strip()
        self.reload()

    def reload(self) -> None:
        """Read the rows again (after people, capabilities or assets changed)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._read_count()
        self.endResetModel()

    def refresh_links(self) -> None:
        """Forget the pages so that the view reads the links again, keeping the selection."""
        self._pages.clear()
        if self._count:
            last = self.index(self._count - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def refresh_headers(self) -> None:
        """Show the elements by the names the user chose (after the naming setting changes)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    # -- reading the store -----------------------------------------------------------------

    def _filters(self) -> dict[str, Any]:
        if self._kind is RowKind.PEOPLE and self._text:
            return {"text": self._text}
        return {}

    def _read_count(self) -> int:
        return self._store.count(self._kind.record_type, **self._filters())

    def _fetch(self, page_number: int) -> list[MatrixRow]:
        records = self._store.page(
            self._kind.record_type,
            offset=page_number * PAGE_SIZE,
            limit=PAGE_SIZE,
            sort=self._kind.sort,
            **self._filters(),
        )
        rows = {record.id: MatrixRow(record) for record in records}
        link_field = self._kind.link_field
        for link in self._store.related(ElementLink, link_field, rows):
            # Two links of one row to the same element (e.g. after a merge): show the first.
            rows[getattr(link, link_field)].links.setdefault(link.element, link)
        if self._kind is RowKind.CAPABILITIES:
            owners = {r.record.person_id for r in rows.values()}
            names = {p.id: p.name for p in self._store.related(Person, "id", owners)}
            for row in rows.values():
                row.owner = names.get(row.record.person_id, "")
        return list(rows.values())
