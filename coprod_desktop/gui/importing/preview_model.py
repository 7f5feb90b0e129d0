"""What the preview page shows of an import plan: the rows of its two tables and its texts.

The summary (new, changed, unchanged, skipped and with problems, sheet by sheet), the problems
(sheet, row, column, what is wrong, what to do) as listed, copied and saved, and the sentences
around them. Nothing here imports Qt.
"""

from __future__ import annotations

from coprod_desktop.domain.wording import number_of, sentence

SUMMARY_HEADERS = ("Sheet", "New", "Changed", "Unchanged", "Skipped", "With problems")
PROBLEM_HEADERS = ("Sheet", "Row", "Column", "What is wrong", "What to do")
WHOLE_FILE = "(whole file)"  # the sheet of a problem of the whole file (another audit...)
PROBLEMS_SHOWN = 500  # problems listed in the preview's table (copy and save give them all)
UNDO_NOTE = (
    "The import is saved at once, as one step: Edit › Undo (Ctrl+Z) in the main window takes "
    "the whole import back."
)
ERRORS_NOTE = (
    "Nothing can be imported while there are errors: correct them in the "
    "spreadsheet and check again, or tick “Import only the rows without problems”."
)
NOTHING_NOTE = "Nothing to import: everything in the spreadsheet is already in the audit."


def summary_rows(plan) -> list[list[str | int]]:
    """A row per sheet: its name, then the counts under SUMMARY_HEADERS[1:]."""
    return [
        [
            sheet.sheet,
            sheet.new,
            sheet.changed,
            sheet.unchanged,
            sheet.skipped,
            getattr(sheet, "errors", 0),
        ]
        for sheet in plan.sheets
    ]


def changes(plan) -> int:
    """How many records the import would add or change."""
    return sum(s.new + s.changed for s in plan.sheets) if plan else 0


def ordered(problems) -> list:
    """The whole file's problems first, then the rows that are not imported, then the notes."""
    return sorted(
        problems,
        key=lambda p: (p.row is not None or p.sheet != WHOLE_FILE, p.severity != "error"),
    )


def problem_cells(problem) -> list[str]:
    """The problem under PROBLEM_HEADERS."""
    return [
        problem.sheet,
        "" if problem.row is None else str(problem.row),
        problem.column or "",
        sentence(problem.message),
        sentence(problem.advice),
    ]


def problem_rows(problems) -> list[list[str]]:
    """Every problem with a header row, as copied and saved as CSV."""
    rows = [[*PROBLEM_HEADERS, "Error or warning"]]
    for p in problems:
        rows.append([*problem_cells(p), "Error" if p.severity == "error" else "Warning"])
    return rows


def problems_heading(problems, shown: int) -> str:
    """The line above the problems: how many errors and warnings, and what they mean."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not problems:
        return "No problems found."
    parts = []
    if errors:
        parts.append(number_of(errors, "error"))
    if warnings:
        parts.append(number_of(warnings, "warning"))
    text = f"Problems: {' and '.join(parts)}."
    if errors:
        text += " Rows with an error are not imported."
    if len(problems) > shown:
        text += (
            f" The first {shown:,} are listed here; copy them or save them as CSV for all of them."
        )
    return text


def other_audit_text(plan) -> str:
    """The warning over a workbook exported from another audit."""
    title = getattr(plan, "audit_title", "")
    source = f"another audit (“{title}”)" if title else "another audit"
    return (
        f"⚠ This workbook was exported from {source}. Its rows are not matched with "
        "the records of this audit. Tick the box to add them as new records; check "
        "the likely duplicates below first."
    )


def note(plan, valid_only: bool) -> tuple[str, bool]:
    """The note under the preview, and whether it says what stops the import."""
    problem = False
    if plan.has_errors and not valid_only:
        text, problem = ERRORS_NOTE, True
    elif not changes(plan):
        text = NOTHING_NOTE
    else:
        text = UNDO_NOTE
    if plan.matched:  # rows imported before: say why they are not new
        text = f"{plan.matched_note()}\n{text}"
    return text, problem
