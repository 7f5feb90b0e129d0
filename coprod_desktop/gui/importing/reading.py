"""Reading the chosen spreadsheet (in a worker thread): what the wizard's pages show of it.

Nothing here imports Qt: `read_file` runs in a worker, and the facts it returns are plain data.
A short sheet (at most `KEPT_ROWS` rows) is kept whole in its facts, so that the mapping page
can look at its values again at once (`kept_sheets`), without reading the file again in a
worker each time a column's field changes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from coprod_desktop.exchange.workbook import columns as L

SPREADSHEET_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xltx *.csv *.txt *.zip);;"
    "Excel workbooks (*.xlsx *.xlsm *.xltx);;CSV files (*.csv *.txt);;"
    "ODK Central exports (*.zip);;All files (*)"
)
# What a dropped file may be: the reader says plainly what is wrong with an old .xls.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xls", ".csv", ".txt", ".tsv", ".zip")
SAMPLES = 3  # values shown per column on the mapping page
KEPT_ROWS = 1000  # a sheet this short is kept whole, and its values looked at without the file


def is_spreadsheet(path: Path) -> bool:
    """Whether a dropped file looks like something the import can try to read."""
    return Path(path).suffix.lower() in SPREADSHEET_SUFFIXES


def column_letter(number: int) -> str:
    """Return the Excel letter of a column (0 -> A, 26 -> AA)."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sample_text(value: object) -> str:
    """Show a cell's value as a person reads it in Excel."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        # A date typed in Excel is read as midnight: shown as the date alone (a time is
        # always true in Python, so midnight is asked for by its value).
        midnight = value.time() == datetime.min.time()
        return f"{value:%d/%m/%Y}" if midnight else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


def headers_key(headers: list[str]) -> str:
    """Return the settings key of a sheet's headers: the same headers find the same mapping."""
    cleaned = "\x1f".join(" ".join(h.split()).casefold() for h in headers)
    return hashlib.sha1(cleaned.encode("utf-8")).hexdigest()[:20]


@dataclass
class SheetFacts:
    """A partner's sheet as read: its headers, a few values of each column, the guess."""

    name: str
    headers: list[str]
    samples: list[list[str]]
    entity: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # header -> field key
    rows: list[list] | None = None  # every row's values, for a sheet of at most KEPT_ROWS

    @property
    def key(self) -> str:
        return headers_key(self.headers)


@dataclass
class FileFacts:
    path: Path
    kind: str  # "xlsx" or "csv"
    own_workbook: bool
    about: dict[str, str] | None
    sheets: list[SheetFacts]

    @property
    def kept(self) -> bool:
        """Whether every sheet was short enough to be kept whole."""
        return all(sheet.rows is not None for sheet in self.sheets)


def read_file(path: Path) -> FileFacts:
    """Open the spreadsheet; for a partner's own sheets, read the headers, samples and guesses.

    Raises SpreadsheetError (a plain message) when the file cannot be read.
    """
    from coprod_desktop.exchange.importing.importer import guess_mapping
    from coprod_desktop.exchange.importing.mapping import known_headers
    from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet

    with open_spreadsheet(path) as book:
        about = book.about
        own = bool(about) and about.get("format") == L.WORKBOOK_FORMAT
        if own:
            return FileFacts(Path(path), book.kind, True, about, [])
        guess = guess_mapping(book)
        known = known_headers()  # as the guess finds the header row
        sheets = []
        for name in book.sheet_names:
            guessed = guess.sheets.get(name)
            rows = book.sheet(name, known_headers=known)
            headers = list(rows.headers)
            samples: list[list[str]] = [[] for _ in headers]
            kept: list[list] | None = []
            for _row, values in rows.rows:
                if len(kept) >= KEPT_ROWS:
                    kept = None  # a long sheet: its values are read again in a worker
                    break
                kept.append(values)
                for index, value in enumerate(values[: len(headers)]):
                    if value not in (None, "") and len(samples[index]) < SAMPLES:
                        samples[index].append(sample_text(value))
            facts = SheetFacts(name, headers, samples, rows=kept)
            if guessed is not None:
                facts.entity = guessed.entity
                facts.columns = dict(guessed.columns)
            sheets.append(facts)
        return FileFacts(Path(path), book.kind, False, about, sheets)
