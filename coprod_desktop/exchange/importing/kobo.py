"""KoboToolbox and ODK Central exports of a survey: recognised and read, as the importer's sheets.

A KoboToolbox XLSX export (as its library formpack writes it) has a sheet of submissions and one
sheet per repeat group, tied by `_index` / `_parent_table_name` / `_parent_index`; ODK Central's
CSV ZIP has a CSV of submissions and one CSV per repeat, tied by `KEY` / `PARENT_KEY`.
`open_zip` (what the spreadsheet reader calls for any zip file) recognises them, reads their
tables and their links, and hands them back as a `SurveySpreadsheet` (`survey_sheets` says
what its sheets hold); any other zip is opened as a workbook, as before.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from coprod_desktop.exchange.importing.survey_sheets import (
    KOBO,
    ODK,
    GroupLinks,
    SurveySpreadsheet,
    Table,
    survey_spreadsheet,
)
from coprod_desktop.exchange.spreadsheet.problems import ASK_AGAIN, SpreadsheetError
from coprod_desktop.exchange.spreadsheet.sheets import SheetRows, Spreadsheet
from coprod_desktop.exchange.spreadsheet.zip_safety import BIG_PART, MAX_RATIO, MAX_UNCOMPRESSED

__all__ = ["KOBO", "ODK", "GroupLinks", "SurveySpreadsheet", "open_zip"]


def open_zip(path: Path) -> Spreadsheet:
    """Open a zip file: ODK Central's CSV export, a KoboToolbox export, or any workbook."""
    from coprod_desktop.exchange.spreadsheet.xlsx import WorkbookFile

    tables = _odk_tables(path)
    if tables is not None:
        return survey_spreadsheet(path, ODK, tables)
    book = WorkbookFile.open(path)  # checked as any workbook is
    if not _names_kobo_columns(path):
        return book  # most workbooks: none of their sheets is read here
    try:
        tables = _kobo_tables(book)
    except BaseException:
        book.close()
        raise
    if tables is None:
        return book
    book.close()
    return survey_spreadsheet(path, KOBO, tables)


# Bytes of each worksheet and of the shared strings looked at for Kobo's columns: its header
# row is the first row of the first sheet.
_HEAD_BYTES = 256 * 1024


def _names_kobo_columns(path: Path) -> bool:
    """Whether the workbook's first bytes name a column Kobo adds (`_uuid`): a quick look at
    the zip, so that other workbooks are not read twice."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename
                if name == "xl/sharedStrings.xml" or (
                    name.startswith("xl/worksheets/") and name.endswith(".xml")
                ):
                    with archive.open(info) as part:
                        if b"_uuid" in part.read(_HEAD_BYTES):
                            return True
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError):
        return False
    return False


def _kobo_tables(book: Spreadsheet) -> list[Table] | None:
    """The sheets of a KoboToolbox export, linked; None when the workbook is not one."""
    if book.about or not book.sheet_names:
        return None
    known = ("_uuid", "_index", "_id", "_submission_time")
    first = book.sheet(book.sheet_names[0], known_headers=known)
    folded = {h.casefold() for h in first.headers}
    if "_uuid" not in folded or not folded & {"_index", "_submission_time"}:
        return None
    tables = [_table(book.sheet_names[0], first)]
    for name in book.sheet_names[1:]:
        rows = book.sheet(name, known_headers=("_parent_index", "_parent_table_name"))
        if {"_parent_index", "_parent_table_name"} <= {h.casefold() for h in rows.headers}:
            tables.append(_table(name, rows))
    main = tables[0]
    index, uuid = main.column("_index"), main.column("_uuid")
    for number, row in main.rows:
        main.keys.append(f"{main.name}#{_ref(main.values(index, row)) or number}")
        main.parents.append("")
    for table in tables[1:]:
        own, parent = table.column("_index"), table.column("_parent_index")
        parent_table = table.column("_parent_table_name")
        for number, row in table.rows:
            table.keys.append(f"{table.name}#{_ref(table.values(own, row)) or number}")
            of = _sheet_named(str(table.values(parent_table, row) or ""), tables)
            table.parents.append(f"{of}#{_ref(table.values(parent, row))}")
    main.uuid_column = uuid
    return tables


def _ref(value: Any) -> str:
    """An `_index` as text: 3, whether the reader gives 3 or 3.0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _table(name: str, rows: SheetRows) -> Table:
    found = []
    for number, values in rows.rows:
        if all(v is None or str(v).startswith("#") for v in values):
            continue  # a row of HXL tags under the header
        found.append((number, list(values)))
    return Table(name, list(rows.headers), found)


def _sheet_named(table_name: str, tables: list[Table]) -> str:
    """The sheet of a `_parent_table_name`: formpack names a sheet after its table, with "_"
    for the characters Excel forbids, shortened to 31 characters with "..." and made unique
    with " (1)"."""
    cleaned = re.sub(r"[\[\]*?:\\/]", "_", table_name)
    best, best_length = tables[0].name, -1
    for table in tables:
        if table.name in (table_name, cleaned):
            return table.name
        base = re.sub(r"(\.\.\.)?( \(\d+\))?$", "", table.name)
        if base and cleaned.startswith(base) and len(base) > best_length:
            best, best_length = table.name, len(base)
    return best


def _odk_tables(path: Path) -> list[Table] | None:
    """The CSV files of ODK Central's ZIP export, linked; None when the zip is not one."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        names = [i.filename for i in infos]
        csvs = [i for i in infos if i.filename.lower().endswith(".csv")]
        if "xl/workbook.xml" in names or not csvs:
            return None
        if sum(i.file_size for i in csvs) > MAX_UNCOMPRESSED or any(
            i.file_size > BIG_PART and i.file_size > MAX_RATIO * max(i.compress_size, 1)
            for i in csvs
        ):
            raise SpreadsheetError(
                path,
                "the ZIP file is too big to read safely.",
                "Download fewer submissions at a time from ODK Central and import each file.",
            )
        tables = []
        for info in csvs:
            try:
                text = _decoded(archive.read(info))
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise SpreadsheetError(
                    path, "the ZIP file is damaged or incomplete.", ASK_AGAIN
                ) from error
            lines = list(csv.reader(io.StringIO(text)))
            if not lines:
                continue
            name = Path(info.filename).stem
            rows = [(n, row) for n, row in enumerate(lines[1:], start=2) if any(row)]
            tables.append(Table(name, [h.strip() for h in lines[0]], rows))
    # The submissions: the file with SubmissionDate (ODK writes no PARENT_KEY in it).
    roots = [t for t in tables if t.column("SubmissionDate") is not None]
    roots = roots or [t for t in tables if t.column("meta-instanceID") is not None]
    if not roots or roots[0].column("KEY") is None or roots[0].column("PARENT_KEY") is not None:
        return None
    tables.remove(roots[0])
    tables.insert(0, roots[0])
    for table in tables:
        key, parent = table.column("KEY"), table.column("PARENT_KEY")
        for _number, row in table.rows:
            table.keys.append(str(table.values(key, row) or ""))
            table.parents.append(str(table.values(parent, row) or "") if parent is not None else "")
    tables[0].uuid_column = tables[0].column("meta-instanceID", "KEY")
    return tables


def _decoded(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
