"""The action plan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from coprod_desktop.analysis.small_counts import (
    WORK,
)
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import (
    ActionStatus,
    Element,
)
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.report.sections.base import (
    SectionBase,
)
from coprod_desktop.store.queries.assessment import actions_by_due


class ActionSections(SectionBase):
    def actions(self) -> list[Flowable]:
        p = self.a.progress
        parts: list[Flowable] = [self.heading("Action plan", "actions")]
        parts.append(
            self.para(
                "What the team will do about the gaps: "
                f"{self.count(p.actions_done, WORK)} done, "
                f"{self.count(p.actions_open, WORK)} open, of which "
                f"{self.count(p.actions_overdue, WORK)} overdue."
            )
        )
        if self.store.count(r.Action):
            header, rows = public_tables.action_totals(self.store, self.today)
            parts.append(self.heading("Actions by element", "actions-by-element", 1))
            parts.append(
                self.table(
                    header,
                    [[row[0], *(f"{n:,}" for n in row[1:])] for row in rows],
                    (40, 11, 14, 11, 12, 12),
                )
            )
            # Not kept with the long table (that would push both to the next page), but not
            # alone at the foot of a page either.
            parts.append(CondPageBreak(40 * mm))
            parts.append(self.heading("The actions", "actions-list", 1, keep=False))
        internal = self._shows(L.ACTIONS, "owner")
        header = ["Action", "Element", "Due", "Status"] + (["Owner"] if internal else [])
        shares = (44, 26, 12, 12) + ((16,) if internal else ())
        if not self.store.count(r.Action):
            parts.append(self.para("No actions yet."))
        else:
            parts.append(self._streamed(header, shares, self._action_rows(internal)))
        return [*parts, PageBreak()]

    def _action_rows(self, internal: bool) -> Iterator[list]:
        for title, element, due, status, owner in actions_by_due(self.store):
            day = date.fromisoformat(due) if due else None
            status_label = ActionStatus(status).label
            if day and day < self.today and status in ("planned", "in_progress"):
                status_label += " (overdue)"
            row = [
                title,
                Element(element).label if element else "",
                f"{day:%d/%m/%Y}" if day else "",
                status_label,
            ]
            if internal:
                row.append(owner)
            yield row

    # -- appendix -------------------------------------------------------------------------
