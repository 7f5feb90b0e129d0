"""Errors of exchange, light to import: the command line catches them without loading openpyxl."""

from __future__ import annotations

from pathlib import Path


class ExportError(Exception):
    """A workbook or report could not be written; the message says why and what to do."""


class FileProblem(Exception):
    """A file could not be read; str() is one plain-language message: where, what, what to do.

    `row` (as Excel numbers rows, from 1) and `column` (a letter, perhaps with its header)
    locate the problem when it has a place. Subclasses add places between the file's name and
    the column (a sheet, several rows) through `_places`.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        advice: str = "",
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        self.row = row
        self.column = column
        super().__init__(self.message)

    def _places(self) -> list[str]:
        return [f"row {self.row}"] if self.row is not None else []

    @property
    def where(self) -> str:
        place = [self.path.name, *self._places()]
        if self.column:
            place.append(f"column {self.column}")
        return ", ".join(place)

    @property
    def message(self) -> str:
        text = f"{self.where}: {self.problem}"
        return f"{text} {self.advice}" if self.advice else text
