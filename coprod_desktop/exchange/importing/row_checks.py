"""The checks of a record a row of an import would write (mixed into `rows.SheetImport`):
`domain.validation`'s problems, each at its column, and one role per person and stage. A
problem with a field no column of a partner's sheet gives is counted for one problem of the
sheet (`whole_sheet.WholeSheetValues.unmapped_need`)."""

from __future__ import annotations

from coprod_desktop.domain import records as r
from coprod_desktop.domain.validation import problems as record_problems
from coprod_desktop.exchange.importing.state import RowError
from coprod_desktop.exchange.importing.whole_sheet import SheetWide
from coprod_desktop.exchange.workbook.columns import Kind


class RowChecks:
    """Checks of the records a sheet's rows would write."""

    def _check(self, excel_row: int, record: r.Record) -> None:
        found = record_problems(record, self.state.today)
        if not found:
            if isinstance(record, r.Role):
                self._role_stage(record)
            return
        found = [p for p in found if not self.unmapped_need(excel_row, p.field, p.message)]
        if not found:
            raise SheetWide()  # the sheet's problem says why (`list_needs`)
        first = found[0]
        for problem in found[1:]:
            self.problem(
                excel_row,
                problem.message,
                "Correct it and import again.",
                column=self._field_column(problem.field),
            )
        raise RowError(
            first.message, "Correct it and import again.", self._field_column(first.field)
        )

    def _field_column(self, field_name: str) -> str | None:
        keys = {
            "target": ("target_id", "target_name", "target_kind"),
            "subject": ("element", "principle"),
            "equality": tuple(c.column.key for c in self.cells if c.column.kind is Kind.EQUALITY),
            "person_id": ("person_id", "person_name"),
            "round_id": ("round_id", "round_held_on"),
        }.get(field_name, (field_name,))
        return next((self.where_column(k) for k in keys if self.where_column(k)), None)

    def _role_stage(self, role: r.Role) -> None:
        """A person has one role per stage: refuse a second (the audit would)."""
        stages = self.state.role_stages()
        key = (role.person_id, role.stage.value)
        holder = stages.get(key)
        if holder is not None and holder != role.id:
            raise RowError(
                f"this person already has a role at the {role.stage.label} stage",
                "A person has one role per stage: change that role instead of adding another.",
                self.where_column("stage"),
            )
        stages[key] = role.id
