"""The People table: the record table model with people's columns and filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from coprod_desktop.domain import Hat, Person
from coprod_desktop.gui.models.records import PAGE_SIZE, PAGES_KEPT, Column, RecordTableModel
from coprod_desktop.store import AuditStore

__all__ = ["COLUMNS", "PAGES_KEPT", "PAGE_SIZE", "PeopleTableModel", "people_columns"]


def _consent(person: Person, today: date) -> str:
    if person.consent_scope is None:
        return "Not recorded"
    label = person.consent_scope.label
    return f"{label} (review overdue)" if person.consent_overdue(today) else label


def people_columns(today: date) -> tuple[Column[Person], ...]:
    return (
        Column("Name", lambda p: p.name, "sort_name"),
        Column("Pseudonym", lambda p: p.pseudonym, "pseudonym"),
        Column("Hats", lambda p: ", ".join(hat.label for hat in p.hats)),
        Column("Organisation", lambda p: p.organisation, "organisation"),
        Column("Consent", lambda p: _consent(p, today), warning=lambda p: p.consent_overdue(today)),
        Column(
            "Consent review",
            lambda p: f"{p.consent_review:%d/%m/%Y}" if p.consent_review else "",
            "consent_review",
            warning=lambda p: p.consent_overdue(today),
        ),
    )


COLUMNS = people_columns(date.today())


class PeopleTableModel(RecordTableModel[Person]):
    """Live people of an audit, one row each, read from the store a page at a time."""

    def __init__(self, store: AuditStore, parent: Any = None, *, today: date | None = None):
        super().__init__(
            store, Person, people_columns(today or date.today()), parent, sort="sort_name"
        )

    def person(self, row: int) -> Person | None:
        return self.record(row)

    def set_filter(self, *, hat: Hat | None = None, text: str = "") -> None:
        """Show only people wearing `hat` and matching the words in `text` (both optional)."""
        self.set_filters(hat=hat, text=text if text.strip() else None)
