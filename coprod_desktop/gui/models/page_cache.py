"""The pages of rows a table model keeps in memory, read from the store on first use.

Every large table (People, Assets, the six-elements matrix, the roles grid) reads its rows a
page at a time and keeps only the pages used last, so that memory stays flat however many
people the audit has.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, ItemsView, ValuesView
from typing import Generic, TypeVar

PAGE_SIZE = 200
PAGES_KEPT = 20  # about 4,000 rows in memory, whatever the size of the audit

P = TypeVar("P")


class PageCache(Generic[P]):
    """Pages by number: read with `read(number)` when first asked for, least recently used
    dropped beyond `kept`."""

    def __init__(self, read: Callable[[int], P], kept: int = PAGES_KEPT) -> None:
        self._read = read
        self._kept = kept
        self._pages: OrderedDict[int, P] = OrderedDict()
        self.reads = 0  # for tests and benchmarks: how often the store was asked

    def get(self, number: int) -> P:
        page = self._pages.get(number)
        if page is None:
            page = self._pages[number] = self._read(number)
            self.reads += 1
            while len(self._pages) > self._kept:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def row_where(self, matches: Callable[[object], bool]) -> int | None:
        """Return the number of the first row in memory that `matches`, or None.

        For pages that are lists of rows (the roles grid keeps its own kind of page)."""
        for number, page in self._pages.items():
            for offset, row in enumerate(page):  # type: ignore[arg-type]
                if matches(row):
                    return number * PAGE_SIZE + offset
        return None

    def clear(self) -> None:
        self._pages.clear()

    def items(self) -> ItemsView[int, P]:
        return self._pages.items()

    def values(self) -> ValuesView[P]:
        return self._pages.values()

    def __len__(self) -> int:
        return len(self._pages)
