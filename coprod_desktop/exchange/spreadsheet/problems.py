"""The problem a spreadsheet that cannot be read raises, and the advice it shares."""

from __future__ import annotations

from pathlib import Path

from coprod_desktop.exchange.errors import FileProblem

SUPPORTED = "an Excel workbook (.xlsx) or a CSV file"
SAVE_AS_XLSX = (
    "Open it in Excel and choose File > Save As > Excel Workbook (.xlsx), then import the new file."
)
ASK_AGAIN = (
    "Ask for it again (or download or copy it again); if Excel can open it, save a new copy "
    "as .xlsx and import that."
)


class SpreadsheetError(FileProblem):
    """Cannot read the file; str() is one complete plain-language message.

    `problem` says what is wrong and `advice` what to do; `sheet`, `row` (as Excel numbers rows)
    and `column` (a letter, perhaps with its header: "C (Email)") say where, when it has a place.
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        advice: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.sheet = sheet
        super().__init__(path, problem, advice, row=row, column=column)

    def _places(self) -> list[str]:
        sheet = [f"sheet '{self.sheet}'"] if self.sheet is not None else []
        return sheet + super()._places()


def os_error(path: Path, error: OSError) -> SpreadsheetError:
    if isinstance(error, FileNotFoundError):
        return SpreadsheetError(
            path,
            "the file could not be found.",
            "Check that it has not been moved, renamed or deleted, and choose it again.",
        )
    if isinstance(error, IsADirectoryError):
        return SpreadsheetError(
            path, "this is a folder, not a file.", f"Choose {SUPPORTED} inside it."
        )
    if isinstance(error, PermissionError):
        return SpreadsheetError(
            path,
            "the file could not be opened: it is open in another program, or you are not "
            "allowed to read it.",
            "Close it in Excel (or the other program) and try again; if it is on a shared drive, "
            "copy it to your computer first.",
        )
    return SpreadsheetError(
        path,
        f"the file could not be read ({error.strerror or error}).",
        "Check that it still exists and that you may open it, then try again.",
    )


def not_a_spreadsheet(path: Path, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        path, f"this is not a spreadsheet: it is {what}.", f"Choose {SUPPORTED}."
    )
