"""What an import would do, before it does it: the preview people read and confirm.

An `ImportPlan` counts, per sheet, the rows that are new, changed, unchanged, skipped (example
rows) and not importable, lists every problem with its sheet, row and column and what to do,
and holds the records to add and the changes to save, which `importer.apply_import` writes in
one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.wording import noun_for, number_of, sentence
from coprod_desktop.exchange.importing.mapping import ImportMapping

ERROR = "error"  # the row is not imported
WARNING = "warning"  # the row is imported; something to know
# The preview lists this many changed rows; the counts cover them all.
CHANGES_SHOWN = 200


class ImportRefused(Exception):
    """The file cannot be imported (or not as it is); str() is one plain-language message."""


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an import, located as a person finds it in Excel."""

    sheet: str
    row: int | None  # as Excel numbers rows
    column: str | None  # "C (Email)", or None for the whole row or sheet
    message: str  # what is wrong
    advice: str  # what to do
    severity: str = ERROR  # "error": the row is not imported; "warning": it is

    @property
    def where(self) -> str:
        place = [self.sheet]
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column:
            place.append(f"column {self.column}")
        return ", ".join(place)

    def __str__(self) -> str:
        text = f"{self.where}: {sentence(self.message)}"
        return f"{text} {self.advice}" if self.advice else text

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
            "advice": self.advice,
            "severity": self.severity,
        }


@dataclass
class SheetPlan:
    """The rows of one sheet, counted by what the import does with them."""

    sheet: str
    record_type: type[r.Record]
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0  # example rows of a template
    errors: int = 0  # rows with a problem: not imported
    # Of the changed and unchanged rows, those without an ID found among the audit's records
    # by what they say (importer_matching): imported before, not added again.
    matched: int = 0
    # Capabilities the rows' capability columns add to their people (`capability_columns`);
    # None for a sheet without such columns.
    capabilities: int | None = None

    @property
    def rows(self) -> int:
        return self.new + self.changed + self.unchanged + self.skipped + self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "records": self.record_type.plural,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
            "matched": self.matched,
            **({} if self.capabilities is None else {"capabilities": self.capabilities}),
        }


@dataclass(frozen=True)
class RowChange:
    """A row that changes a record: which fields, for the preview."""

    sheet: str
    row: int
    label: str  # the record as people know it (a name, a title)
    fields: tuple[str, ...]  # column headers

    def __str__(self) -> str:
        return f"{self.sheet}, row {self.row} ({self.label}): {', '.join(self.fields)}"


@dataclass
class ImportPlan:
    """What importing `path` would do; nothing is written until `apply_import`."""

    path: Path
    own_workbook: bool  # one of our workbooks or templates (rows matched by ID)
    other_audit: bool  # exported from another audit
    as_new: bool  # every row is imported as a new record
    sheets: list[SheetPlan] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    mapping: ImportMapping = field(default_factory=ImportMapping)
    duplicates: list[ImportProblem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    # What apply_import writes: new records, and changed records with the fields changed.
    adds: list[r.Record] = field(default_factory=list)
    updates: list[tuple[r.Record, tuple[str, ...]]] = field(default_factory=list)
    audit_title: str = ""  # of the audit the file was exported from
    # Sheets of the file that are not imported (the Read me...), for the preview.
    ignored_sheets: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity != ERROR]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sheets)

    @property
    def changed(self) -> int:
        return sum(s.changed for s in self.sheets)

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sheets)

    @property
    def matched(self) -> int:
        return sum(s.matched for s in self.sheets)

    @property
    def capabilities_added(self) -> int:
        """Capabilities added from the capability columns of people sheets."""
        return sum(s.capabilities or 0 for s in self.sheets)

    @property
    def error_rows(self) -> int:
        return sum(s.errors for s in self.sheets)

    @property
    def nothing_to_do(self) -> bool:
        return not self.adds and not self.updates

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "own_workbook": self.own_workbook,
            "other_audit": self.other_audit,
            "as_new": self.as_new,
            "totals": {
                "new": self.new,
                "changed": self.changed,
                "unchanged": self.unchanged,
                "skipped": sum(s.skipped for s in self.sheets),
                "errors": self.error_rows,
                "matched": self.matched,
                **(
                    {"capabilities": self.capabilities_added}
                    if any(s.capabilities is not None for s in self.sheets)
                    else {}
                ),
            },
            "sheets": [s.to_json() for s in self.sheets],
            "ignored_sheets": list(self.ignored_sheets),
            "problems": [p.to_json() for p in self.problems],
            "duplicates": len(self.duplicates),
            "changes": [
                {"sheet": c.sheet, "row": c.row, "record": c.label, "columns": list(c.fields)}
                for c in self.changes
            ],
            "mapping": self.mapping.to_json(),
        }

    def to_text(self) -> str:
        """The preview: counts per sheet, the changes, every problem and what to do."""
        lines = [f"Import from {self.path.name}"]
        if self.own_workbook:
            lines.append("A workbook made by Coprod Desktop: rows are matched by their IDs.")
        else:
            lines.append("A spreadsheet of its own: columns are matched by their headers.")
        if self.other_audit:
            title = f' ("{self.audit_title}")' if self.audit_title else ""
            lines.append(
                f"It was exported from another audit{title}."
                + (
                    " Every row is imported as a new record."
                    if self.as_new
                    else " Rows of that audit are not matched here; import it as new to add them."
                )
            )
        elif self.as_new:
            lines.append("Every row is imported as a new record.")
        lines.append("")
        headings = ("Sheet", "New", "Changed", "Unchanged", "Skipped", "Problems")
        rows = [(s.sheet, s.new, s.changed, s.unchanged, s.skipped, s.errors) for s in self.sheets]
        if rows:
            widths = [
                max(len(str(row[i])) for row in [headings, *rows]) for i in range(len(headings))
            ]
            for row in [headings, *rows]:
                cells = [f"{row[0]:<{widths[0]}}"] + [
                    f"{row[i]:>{widths[i]}}" if i else "" for i in range(1, len(row))
                ]
                lines.append("  ".join(c for c in cells if c))
        else:
            lines.append("No sheet of this file could be imported.")
        for s in self.sheets:
            if s.capabilities:
                lines.append(
                    f"Capabilities added to the people of {s.sheet} from its columns: "
                    f"{s.capabilities:,}."
                )
        if self.ignored_sheets:
            lines.append(f"Not imported (for reading only): {', '.join(self.ignored_sheets)}.")
        if self.matched:
            lines.append(self.matched_note())
        if self.changes:
            lines += ["", "Changes:"]
            lines += [f"  {c}" for c in self.changes[:CHANGES_SHOWN]]
            if self.changed > CHANGES_SHOWN:
                more = number_of(self.changed - CHANGES_SHOWN, "more changed row")
                lines.append(f"  ... and {more}.")
        errors, warnings = self.errors, self.warnings
        if errors:
            lines += ["", f"Problems ({len(errors):,}; these rows are not imported):"]
            lines += [f"  {p}" for p in errors]
        if warnings:
            lines += ["", f"Notes ({len(warnings):,}):"]
            lines += [f"  {p}" for p in warnings]
        lines.append("")
        lines.append(self.verdict())
        return "\n".join(lines) + "\n"

    def matched_note(self) -> str:
        """What the rows found among the audit's records are ("" when there are none)."""
        count = self.matched
        if not count:
            return ""
        from coprod_desktop.exchange.importing.matching import HOW

        how = [HOW[s.record_type] for s in self.sheets if s.matched and s.record_type in HOW]
        return (
            f"{number_of(count, 'row')} without an ID {noun_for(count, 'is', 'are')} "
            f"already in the audit (found by what {noun_for(count, 'it says', 'they say')}: "
            f"{'; '.join(dict.fromkeys(how))}): counted as unchanged or changed, not added "
            "again. Empty cells in them keep what the audit holds."
        )

    def verdict(self) -> str:
        """One sentence: what importing would do."""
        if self.nothing_to_do and not self.has_errors:
            return "Nothing to import: the audit already holds everything in this file."
        what = f"{self.new:,} new and {self.changed:,} changed records"
        if self.capabilities_added:
            what += f" and {number_of(self.capabilities_added, 'capability', 'capabilities')}"
        if self.has_errors:
            rows = self.error_rows
            return (
                f"{number_of(rows, 'row')} cannot be imported as "
                f"{noun_for(rows, 'it is. Correct it', 'they are. Correct them')} "
                "and import again, or import only the valid rows "
                f"({what}); nothing is written until you choose."
            )
        return f"Ready to import {what}. Nothing has been written yet."


@dataclass
class ImportResult:
    """What an import wrote, per sheet; and, to undo it as one step and redo it, the IDs of
    the records it added and each record it changed with its fields before and after."""

    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    file_name: str = ""
    added_ids: dict[type[r.Record], list[str]] = field(default_factory=dict)
    record_changes: list[Any] = field(default_factory=list)  # store RecordChange

    @property
    def summary(self) -> str:
        """How the change log names the import ("Imported from partners.xlsx")."""
        return f"Imported from {self.file_name}" if self.file_name else "Imported"

    def step_text(self) -> str:
        """The import as a step of undo: "Import 12 people, 30 capabilities from x.xlsx"."""
        added = ", ".join(_count(len(ids), kind) for kind, ids in self.added_ids.items() if ids)
        changed: dict[type[r.Record], int] = {}
        for change in self.record_changes:
            changed[change.record_type] = changed.get(change.record_type, 0) + 1
        changes = ", ".join(_count(n, kind) for kind, n in changed.items())
        what = " and ".join(
            part for part in (added, f"changes to {changes}" if changes else "") if part
        )
        what = what or "nothing"
        return f"Import {what} from {self.file_name}" if self.file_name else f"Import {what}"

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_changed(self) -> int:
        return sum(self.changed.values())

    def to_json(self) -> dict[str, Any]:
        return {"added": dict(self.added), "changed": dict(self.changed)}

    def __str__(self) -> str:
        return f"Imported {self.total_added:,} new and {self.total_changed:,} changed records."


def _count(count: int, kind: type[r.Record]) -> str:
    return number_of(count, kind.noun, kind.plural)
