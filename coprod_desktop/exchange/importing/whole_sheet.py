"""Values for the whole sheet, and what a sheet lacks for all its rows (mixed into
`rows.SheetImport`).

A value for the whole sheet (`SheetMapping.fixed`) is read once, like a cell of its column,
and fills every row's empty cell of that field, or every row when no column gives the field.
A field the rows need that no column gives (a consent scope for people with a consent date)
is one problem for the sheet, with the number of rows it stops, not one problem per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.exchange.importing.cells import ValueProblem, parser_for
from coprod_desktop.exchange.importing.state import RowError
from coprod_desktop.exchange.workbook.columns import Column, Kind

EMPTY = (None, "", ())


class SheetWide(RowError):
    """A row not imported for a reason the sheet's own problem gives (listed once)."""

    def __init__(self) -> None:
        super().__init__("", "")


def give_it_advice(column: Column) -> str:
    """How to give a field no column of the sheet gives."""
    return (
        "Choose a column for it in the column mapping, or give one value for the whole sheet "
        f'(on the command line, in the --mapping file\'s "fixed": {{"{column.key}": "..."}}, '
        f'or --fixed "SHEET:{column.key}=VALUE").'
    )


class WholeSheetValues:
    """The values a sheet gives every row, and the fields it lacks for all of them."""

    def read_fixed(
        self,
        by_key: dict[str, Column],
        fixed: dict[str, str],
        values: dict[str, dict[str, str]],
    ) -> None:
        """Read the values for the whole sheet once: for every row (no column gives the
        field), or for the rows whose cell is empty; keep those that cannot be read."""
        self.fixed_always: dict[str, Any] = {}
        self.fixed_default: dict[str, Any] = {}
        self.fixed_refused: list[tuple[Column, str, ValueProblem]] = []
        self.needs: dict[str, list[Any]] = {}  # column key -> [message, rows, first row]
        for key, text in fixed.items():
            column = by_key.get(key)
            if column is None or column.kind in (Kind.ID, Kind.REF) or not str(text).strip():
                continue
            try:
                value = parser_for(column, values.get(key))(text)
            except ValueProblem as problem:
                self.fixed_refused.append((column, str(text), problem))
                continue
            if value in EMPTY:
                continue
            (self.fixed_default if key in self.by_key else self.fixed_always)[key] = value

    def fixed_problems(self, header_row: int | None) -> bool:
        """List a value for the whole sheet that cannot be read (one problem for the sheet);
        return whether there was one (then no row of the sheet is imported)."""
        for column, text, problem in self.fixed_refused:
            self.problem(
                header_row,
                f'the value "{text}" given to every row for {column.header} cannot be used: '
                f"{problem.problem}, so the rows of this sheet are not imported",
                f"{problem.advice} Change the value for the whole sheet in the column mapping.",
            )
        return bool(self.fixed_refused)

    def refuse_rows(self, rows: Iterable[tuple[int, list]], tick: Callable[[], None]) -> None:
        """Count every row as not imported, without a problem each: the sheet's problem says
        why (a field every record needs has no column and no value for the whole sheet)."""
        for _row in rows:
            tick()
            self.summary.errors += 1

    def unmapped_need(self, excel_row: int, field_name: str, message: str) -> bool:
        """Count a row's problem with a field no column and no value of the sheet gives, for
        one problem of the sheet (`list_needs`); return False for any other problem."""
        if self.state.plan.own_workbook:
            return False  # our workbooks have every column: a problem of the row's own
        if field_name in self.by_key or field_name in self.fixed_always:
            return False
        column = next(
            (
                c
                for c in self.sheet.columns
                if c.key == field_name and c.kind not in (Kind.ID, Kind.REF, Kind.REF_NAME)
            ),
            None,
        )
        if column is None:
            return False
        need = self.needs.setdefault(column.key, [message, 0, excel_row])
        need[1] += 1
        return True

    def list_needs(self) -> None:
        """One problem per field the rows need that the sheet does not give."""
        for key, (message, count, first) in self.needs.items():
            column = self.sheet.column(key)
            self.problem(
                None,
                f"{number_of(count, 'row')} {noun_for(count, 'needs', 'need')} "
                f'"{column.header}", which no column of this sheet gives '
                f"({message.rstrip('.')}; the first is row {first}), so "
                f"{noun_for(count, 'it is', 'they are')} not imported",
                give_it_advice(column),
            )
