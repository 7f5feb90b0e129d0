"""A table of one kind of record as a Qt model over the store's paged queries.

Rows are fetched a page at a time when the view asks for them, sorted and filtered in SQL, so
that an audit of 100,000 people shows its first screen without reading every row. The People,
Assets and Actions tables are this model with their own columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from coprod_desktop.domain import Record
from coprod_desktop.gui.models.page_cache import PAGE_SIZE, PAGES_KEPT, PageCache
from coprod_desktop.store import AuditStore

__all__ = ["ID_ROLE", "PAGES_KEPT", "PAGE_SIZE", "WARNING_COLOUR", "Column", "RecordTableModel"]


Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R", bound=Record)
ID_ROLE = Qt.ItemDataRole.UserRole
WARNING_COLOUR = QColor("#a4262c")  # views paint a QColor, not a Qt.GlobalColor


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    sort: str | None = None  # the store's sort key, or None when the column cannot be sorted
    warning: Callable[[R], bool] | None = None  # shown in the warning colour when true


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Live records of one type, one row each, read from the store a page at a time."""

    def __init__(
        self,
        store: AuditStore,
        record_type: type[R],
        columns: tuple[Column[R], ...],
        parent: Any = None,
        *,
        sort: str | None = None,
    ):
        super().__init__(parent)
        self._store = store
        self._type = record_type
        self.columns = columns
        self._sort = sort
        self._descending = False
        self._filters: dict[str, Any] = {}
        self._pages: PageCache[list[R]] = PageCache(self._fetch)
        self._count = store.count(record_type)

    @property
    def pages_fetched(self) -> int:
        """For tests and benchmarks: how often the store was asked for a page."""
        return self._pages.reads

    # -- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        record = self.record(index.row())
        if record is None:
            return None
        if role == ID_ROLE:
            return record.id
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return WARNING_COLOUR if column.warning and column.warning(record) else None
        return column.text(record)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort
        if key is None:
            return
        self._sort, self._descending = key, order == Qt.SortOrder.DescendingOrder
        self.reload()

    # -- what the page asks ----------------------------------------------------------------

    def record(self, row: int) -> R | None:
        """Return the record shown in `row`, fetching its page if it is not in memory."""
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        return page[offset] if offset < len(page) else None

    def set_filters(self, **filters: Any) -> None:
        """Show only the records matching `filters` (the store's column=value filters)."""
        self._filters = {key: value for key, value in filters.items() if value is not None}
        self.reload()

    def reload(self) -> None:
        """Read the count again and forget the pages (after an edit, a sort or a filter)."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self._store.count(self._type, **self._filters)
        self.endResetModel()

    def row_of(self, record_id: str) -> int | None:
        """Return the row of a record among the pages in memory, or None."""
        return self._pages.row_where(lambda record: record.id == record_id)

    def _fetch(self, number: int) -> list[R]:
        return self._store.page(
            self._type,
            offset=number * PAGE_SIZE,
            limit=PAGE_SIZE,
            sort=self._sort,
            descending=self._descending,
            **self._filters,
        )


_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    ID_ROLE,
)
