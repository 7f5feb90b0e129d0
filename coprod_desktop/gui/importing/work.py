"""The wizard's work in worker threads (read, look at values, check, import) and what its
failures say.

Each `*_work` returns the function a `WorkPanel` runs in its thread; it is given a `report`
callback for progress. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coprod_desktop.gui.importing.reading import read_file

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None]], Any]


def read_work(path: Path) -> Work:
    """Read the spreadsheet's sheets, headers and a few values (see `reading.read_file`)."""
    return lambda _report: read_file(path)


def values_work(path: Path, mapping) -> Work:
    """Find, in every row of the mapped sheets, the values our choices do not know:
    {sheet: {field key: [their values]}} (`value_mapping.unknown_values`)."""

    def work(report):
        from coprod_desktop.exchange.importing.value_mapping import unknown_values
        from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet

        with open_spreadsheet(path) as book:
            return unknown_values(_Reporting(book, report), mapping)

    return work


class _Reporting:
    """A spreadsheet whose rows report progress as they are read: `report` raises Cancelled
    when the user stops the work, and so stops it at the next few hundred rows."""

    EVERY = 250  # rows between reports

    def __init__(self, book, report: Callable[[int, int], None]) -> None:
        self._book = book
        self._report = report

    def __getattr__(self, name: str) -> Any:
        return getattr(self._book, name)

    def sheet(self, name: str, **options):
        rows = self._book.sheet(name, **options)
        rows.rows = self._counted(rows.rows, rows.total_rows or 0)
        return rows

    def _counted(self, rows, total: int):
        self._report(0, total)
        for number, row in enumerate(rows, start=1):
            if number % self.EVERY == 0:
                self._report(number, total)
            yield row


def plan_work(store, path: Path, mapping, *, as_new: bool, add_duplicates: bool) -> Work:
    """Work out what the import would do: nothing is written."""

    def work(report):
        from coprod_desktop.exchange.importing.importer import plan_import

        reader = store.reader()  # the window goes on using its own connection
        try:
            return plan_import(
                reader,
                path,
                mapping=mapping,
                as_new=as_new,
                add_duplicates=add_duplicates,
                progress=report,
                check_room=True,  # a full disk is said before a long check
            )
        finally:
            reader.close()

    return work


def import_work(store, plan, *, valid_only: bool) -> Work:
    """Write the plan into the audit, in one transaction."""

    def work(report):
        from coprod_desktop.exchange.importing.importer import apply_import

        return apply_import(store, plan, valid_only=valid_only, progress=report)

    return work


def reading_problem(error: BaseException, path_text: str) -> str:
    """What to say when the file could not be read."""
    from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError

    if isinstance(error, SpreadsheetError):
        return str(error)
    name = Path(path_text).name or path_text
    if isinstance(error, FileNotFoundError):
        return f"“{name}” was not found. Check the name and folder, or choose the file again."
    if isinstance(error, PermissionError):
        return (
            f"“{name}” could not be opened: another program has it open, or you may not read "
            "it. Close it in Excel, or copy it to your Documents folder, and try again."
        )
    if isinstance(error, OSError):
        return f"“{name}” could not be read: {error.strerror or error}."
    log.error("Reading %s failed", path_text, exc_info=error)
    return (
        f"“{name}” could not be read: {error}. Try saving it again from Excel as a workbook "
        "(.xlsx); if it keeps happening, send the log file to your IT support."
    )


def planning_problem(error: BaseException) -> str:
    """What to say when checking the import failed."""
    from coprod_desktop.exchange.importing.importer import ImportRefused
    from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError
    from coprod_desktop.store import DiskFullError

    if isinstance(error, ImportRefused | DiskFullError):
        return str(error)  # a full disk's message says what to free and what was kept
    if isinstance(error, (SpreadsheetError, ValueError)):
        return f"{error} Nothing was imported."
    if isinstance(error, OSError):
        return (
            f"The spreadsheet could not be read: {error.strerror or error}. Check that it is "
            "still there and not open in another program, then press Check again."
        )
    log.error("Checking an import failed", exc_info=error)
    return (
        f"The spreadsheet could not be checked: {error}. Nothing was imported. If it keeps "
        "happening, send the log file to your IT support."
    )


def import_problem(error: BaseException) -> str:
    """What to say when the import itself failed (nothing of it was kept)."""
    try:
        from coprod_desktop.exchange.importing.importer import ImportRefused
    except ImportError:  # pragma: no cover
        ImportRefused = ()
    from coprod_desktop.store import AuditFileError, DiskFullError

    if isinstance(error, DiskFullError):
        return str(error)  # it says what to free and that nothing was imported
    if isinstance(error, ImportRefused):
        return f"{error} Nothing was imported: the audit is as it was."
    if isinstance(error, AuditFileError):
        advice = f" {error.advice}" if getattr(error, "advice", "") else ""
        return f"{error} Nothing was imported: the audit is as it was.{advice}"
    log.error("An import failed", exc_info=error)
    return (
        f"The import failed: {error}. Nothing was imported: the audit is as it was. If it "
        "keeps happening, send the log file to your IT support."
    )
