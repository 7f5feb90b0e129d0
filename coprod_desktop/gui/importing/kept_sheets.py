"""A file's short sheets, kept whole when it was read, read again as a spreadsheet.

The mapping page looks at the values of each column again whenever a column's field changes
(`value_mapping.unknown_values`). For sheets of at most `reading.KEPT_ROWS` rows, kept in the
file's facts, that is quick enough for the window's thread; longer files are read again in a
worker. Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable

from coprod_desktop.exchange.spreadsheet.sheets import SheetRows, Spreadsheet
from coprod_desktop.gui.importing.reading import FileFacts


class KeptSheets(Spreadsheet):
    """The sheets kept in a file's facts, with the headers found when the file was read."""

    def __init__(self, facts: FileFacts) -> None:
        super().__init__(facts.path, facts.kind, [s.name for s in facts.sheets], facts.about)
        self._sheets = {sheet.name: sheet for sheet in facts.sheets}

    def sheet(self, name: str, *, known_headers: Iterable[str] = ()) -> SheetRows:
        facts = self._sheets.get(name)
        if facts is None or facts.rows is None:
            raise self._no_sheet(name)
        rows = facts.rows
        numbered = ((number, list(values)) for number, values in enumerate(rows, start=2))
        return SheetRows(name, 1, list(facts.headers), numbered, len(rows) + 1, kind=self.kind)
