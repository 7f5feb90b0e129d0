"""The capabilities a row of a people sheet gives in its capability columns (mixed into
`rows.SheetImport`): checked before the row's person is planned, added to that person (new or
found in the audit) once the row is imported, each once: what the person has already, or was
given higher up in the file, is not added again."""

from __future__ import annotations

import dataclasses
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.validation import problems as record_problems
from coprod_desktop.exchange.importing.capability_columns import fold, is_capability_key, kind_of
from coprod_desktop.exchange.importing.state import RowError


class RowCapabilities:
    """Capabilities from the capability columns of a people sheet."""

    def _offered(self, excel_row: int, parsed: dict[str, Any]) -> list[r.Capability]:
        """The capabilities the row's capability columns give (taken out of `parsed`), each
        checked as a record of its own; the person is filled in once the row is imported."""
        offered = []
        for key in [k for k in parsed if is_capability_key(k)]:
            kind = kind_of(key)
            for description in parsed.pop(key) or ():
                capability = r.Capability(person_id="-", kind=kind, description=description)
                found = record_problems(capability, self.state.today)
                if found:
                    raise RowError(
                        f"{found[0].message} ('{description[:40]}')",
                        "Correct it and import again.",
                        self.where_column(key),
                    )
                offered.append(capability)
        return offered

    def _add_capabilities(self, person_id: str, offered: list[r.Capability]) -> None:
        """Add the capabilities the person does not have yet (compared without case and with
        single spaces, kind by kind): importing the same sheet again adds nothing."""
        has = self.state.capability_keys(person_id)
        for capability in offered:
            key = (capability.kind.value, fold(capability.description))
            if key in has:
                continue
            has.add(key)
            record = dataclasses.replace(capability, person_id=person_id)
            self.state.new_ids[r.Capability].add(record.id)
            self.state.plan.adds.append(record)
            self.summary.capabilities = (self.summary.capabilities or 0) + 1
