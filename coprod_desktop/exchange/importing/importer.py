"""Import a workbook or CSV file into an audit: a preview first, then one transaction.

`plan_import` reads the file (with `exchange.spreadsheet.reader`) and works out what importing it
would do, without writing anything: our own workbooks and templates are matched row by row by
their IDs (new rows have none; example rows are skipped), partners' own sheets and CSV files
are mapped column by column by guesses from their headers (or a mapping the user confirmed),
every value is read forgivingly (`exchange.values`), every record checked, and likely
duplicates of people and assets flagged. `ImportPlan.to_text()` is the preview people read.
`apply_import` then writes the plan in one transaction (`AuditStore.apply_changes`): with any
problem, nothing is written unless the user chose to import only the valid rows.

Importing an export of the same audit changes nothing (a person a partner workbook shows by
pseudonym, with what identifies them left blank, stays as they are: `domain.privacy`); a
workbook of another audit is recognised (its hidden "About this file" sheet) and can be
imported as new records. A workbook of a level without rows about people is refused.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import find_policy
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.exchange.importing.mapping import (
    ENTITIES,
    ImportMapping,
    SheetMapping,
    guess_columns,
    guess_sheet,
    known_headers,
)
from coprod_desktop.exchange.importing.plan import (
    ERROR,
    WARNING,
    ImportPlan,
    ImportProblem,
    ImportRefused,
    ImportResult,
    RowChange,
    SheetPlan,
)
from coprod_desktop.exchange.importing.rows import PROGRESS_EVERY, SheetImport
from coprod_desktop.exchange.importing.state import ImportState
from coprod_desktop.exchange.importing.survey_connections import plan_group_links
from coprod_desktop.exchange.importing.value_mapping import missing_required
from coprod_desktop.exchange.importing.whole_sheet import give_it_advice
from coprod_desktop.exchange.spreadsheet.reader import (
    SheetRows,
    Spreadsheet,
    SpreadsheetError,
    open_spreadsheet,
)
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.store.connection import disk_full, require_free_space
from coprod_desktop.store.errors import DiskFullError

Progress = Callable[[int, int], None]

# The room an import takes in the audit, to refuse one that cannot fit before it is planned
# (a minute for 200,000 rows) rather than when the disk fills. Measured on CSV files: a new
# record takes about 500 bytes with a name only (stored, indexed, searchable) plus three to
# four times its text; a workbook about 1.1 times its sheets' unpacked XML. What is refused is
# what cannot fit in half of that or less (LEAST_...); the message asks for room for the rest.
LEAST_PER_LINE, LIKELY_PER_LINE = 250, 500  # a CSV line is a record at most
LEAST_PER_CSV_BYTE, LIKELY_PER_CSV_BYTE = 1, 4
LEAST_PER_SHEET_BYTE, LIKELY_PER_SHEET_BYTE = 0.5, 1.2
LEAST_PER_RECORD, LIKELY_PER_RECORD = 250, 500
ROOM_AT_LEAST = 1_000_000

__all__ = [
    "ImportMapping",
    "ImportPlan",
    "ImportProblem",
    "ImportRefused",
    "ImportResult",
    "RowChange",
    "SheetMapping",
    "SheetPlan",
    "SpreadsheetError",
    "apply_import",
    "guess_mapping",
    "plan_import",
]

_ORDER = {sheet.name: i for i, sheet in enumerate(L.DATA_SHEETS)}


def is_own_workbook(spreadsheet: Spreadsheet) -> bool:
    """Whether the file is a workbook or template made by Coprod Desktop."""
    return (spreadsheet.about or {}).get("format") == L.WORKBOOK_FORMAT


def guess_mapping(spreadsheet: Spreadsheet) -> ImportMapping:
    """Return the mapping of every sheet: for our own workbooks their exact headers; for
    other files what each sheet holds and which column fills which field, as guessed."""
    own = is_own_workbook(spreadsheet)
    mapping = ImportMapping()
    for name in spreadsheet.sheet_names:
        if own and name not in L.SHEETS_BY_NAME:
            continue
        rows = spreadsheet.sheet(name, known_headers=known_for(own, name, None))
        mapping.sheets[name] = guess_sheet(name, rows.headers, own=own)
    return mapping


def known_for(own: bool, name: str, given: SheetMapping | None) -> list[str]:
    """The headers the header row of sheet `name` may hold, to find it below title rows."""
    if own and name in L.SHEETS_BY_NAME:
        return [c.header for c in L.SHEETS_BY_NAME[name].columns]
    if given is not None:
        return [h for h, key in given.columns.items() if key] + known_headers(
            entity=given.entity or None
        )
    return known_headers()


def given_for(mapping: ImportMapping | None, name: str, count: int) -> SheetMapping | None:
    """The user's mapping of sheet `name`; a mapping of one sheet fits a file of one sheet
    (a CSV file is named after the file, which changes from month to month)."""
    if mapping is None:
        return None
    if name in mapping.sheets:
        return mapping.sheets[name]
    if count == 1 and len(mapping.sheets) == 1:
        return next(iter(mapping.sheets.values()))
    return None


def _merged(given: SheetMapping, headers: list[str]) -> SheetMapping:
    """The user's mapping, with guesses for headers it does not mention (new columns)."""
    if not given.entity:
        return SheetMapping("", {h: "" for h in headers if h})
    columns = {h: given.columns[h] for h in headers if h in given.columns}
    rest = [h for h in headers if h and h not in columns]
    if rest:
        used = set(columns.values())
        for header, key in guess_columns(rest, ENTITIES[given.entity]).items():
            columns[header] = key if key not in used else ""
    values = {key: dict(table) for key, table in given.values.items()}
    return SheetMapping(given.entity, columns, dict(given.fixed), values)


def plan_import(
    store,
    path: Path | str,
    *,
    mapping: ImportMapping | None = None,
    as_new: bool = False,
    add_duplicates: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
    check_room: bool = False,
) -> ImportPlan:
    """Work out what importing `path` into `store` would do; write nothing.

    With `check_room`, first refuse (DiskFullError, before any row is read) when the audit's
    disk has clearly too little room for what the file holds.

    Raises SpreadsheetError when the file cannot be read at all and ImportRefused when it
    must not be imported (a public export). Everything else is a problem in the plan, with
    its sheet, row and column. `progress(done, total)` is called every thousand rows; an
    exception it raises (how a caller cancels) goes through, and nothing has changed.
    `add_duplicates` adds likely duplicates of people and assets (listed as notes) instead
    of refusing those rows.
    """
    path = Path(path)
    with open_spreadsheet(path) as book:
        about = book.about or {}
        own = is_own_workbook(book)
        policy = find_policy(about.get("privacy")) if own else None
        if policy is not None and not policy.rows_about_people:
            raise ImportRefused(
                f"{path.name}: this is a public export of an audit, which holds totals only, "
                "without the rows of people, assets or actions, so it cannot be imported. "
                "Import an internal or partner workbook, or a partner template, instead."
            )
        if check_room:
            refuse_without_room(store.path, *import_room(path, book.kind))
        audit = store.audit()
        exported_from = about.get("audit_id", "") if own else ""
        other = bool(exported_from) and exported_from != audit.id
        plan = ImportPlan(
            path,
            own_workbook=own,
            other_audit=other,
            as_new=as_new,
            audit_title=about.get("audit_title", "") if other else "",
        )
        for note in book.warnings:  # how the file was read (a CSV's lines in another encoding)
            plan.problems.append(ImportProblem(path.name, None, None, note, "", WARNING))
        if other:
            title = plan.audit_title or "another audit"
            plan.problems.append(
                ImportProblem(
                    path.name,
                    None,
                    None,
                    f'this workbook was exported from another audit ("{title}"), not from '
                    f'"{audit.title}"',
                    "Its rows are imported as new records"
                    if as_new
                    else "Import it as new records to add its rows to this audit (people and "
                    "assets already here are flagged as likely duplicates).",
                    WARNING,
                )
            )
        state = ImportState(store, plan, add_duplicates=add_duplicates, today=today or date.today())
        jobs = _sheets_to_read(book, plan, own, mapping)
        total = sum(rows.total_rows or 0 for _, rows, _ in jobs)
        done = 0

        def tick() -> None:
            nonlocal done
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, max(total, done))

        for sheet_name, rows, sheet_mapping in jobs:
            layout_sheet = ENTITIES[sheet_mapping.entity]
            importer = SheetImport(
                state,
                layout_sheet,
                sheet_name,
                rows.headers,
                sheet_mapping.columns,
                fixed=sheet_mapping.fixed,
                values=sheet_mapping.values,
            )
            _note_columns(plan, importer, rows, own)
            if not own and importer.fixed_problems(rows.header_row or None):
                importer.refuse_rows(rows.rows, tick)  # one problem said why
                plan.sheets.append(importer.summary)
                continue
            if not own and missing_required(sheet_mapping.entity, sheet_mapping):
                importer.refuse_rows(rows.rows, tick)
                plan.sheets.append(importer.summary)
                continue
            importer.run(rows.rows, tick)
            plan.sheets.append(importer.summary)
            _note_formulas(plan, rows)
        plan_group_links(book, state, tick)  # a survey export's groups (survey_connections)
        if progress is not None:
            progress(done, max(total, done))
    return plan


def _sheets_to_read(
    book: Spreadsheet, plan: ImportPlan, own: bool, mapping: ImportMapping | None
) -> list[tuple[str, SheetRows, SheetMapping]]:
    """The sheets to import, parents first, each with its rows and mapping."""
    jobs = []
    for name in book.sheet_names:
        if own:
            layout_sheet = L.SHEETS_BY_NAME.get(name)
            if layout_sheet is None or not layout_sheet.importable:
                plan.ignored_sheets.append(name)
                continue
            rows = book.sheet(name, known_headers=known_for(True, name, None))
            sheet_mapping = guess_sheet(name, rows.headers, own=True)
        else:
            given = given_for(mapping, name, len(book.sheet_names))
            rows = book.sheet(name, known_headers=known_for(False, name, given))
            if given is not None:
                sheet_mapping = _merged(given, rows.headers)
            else:
                sheet_mapping = guess_sheet(name, rows.headers)
        plan.mapping.sheets[name] = sheet_mapping
        if not sheet_mapping.entity:
            plan.ignored_sheets.append(name)
            if not own and rows.headers:
                plan.problems.append(
                    ImportProblem(
                        name,
                        rows.header_row or None,
                        None,
                        "it is not clear what this sheet holds (people, capabilities, "
                        "community assets, roles or actions), so it is not imported",
                        "Say what it holds in the column mapping, or rename its column headers "
                        "like those of the partner template.",
                        WARNING,
                    )
                )
            continue
        jobs.append((name, rows, sheet_mapping))
    if own:
        jobs.sort(key=lambda job: _ORDER[job[0]])
    else:
        order = list(ENTITIES)
        jobs.sort(key=lambda job: order.index(job[2].entity))
    return jobs


def _note_columns(plan: ImportPlan, importer: SheetImport, rows: SheetRows, own: bool) -> None:
    """Notes about the columns of a sheet: not imported, or no ID column in a workbook."""
    mapped = {cell.index for cell in importer.cells}
    left = [
        rows.column_name(i) for i, header in enumerate(rows.headers) if header and i not in mapped
    ]
    if left:
        plan.problems.append(
            ImportProblem(
                importer.name,
                rows.header_row or None,
                None,
                f"{noun_for(len(left), 'this column is', 'these columns are')} not imported: "
                + ", ".join(left),
                (
                    "They are not columns of this sheet in Coprod Desktop; their values are left "
                    "out."
                    if own
                    else noun_for(len(left), "Map it", "Map them")
                    + " to a field in the column mapping if "
                    + noun_for(len(left), "it holds", "they hold")
                    + " one."
                ),
                WARNING,
            )
        )
    if own and "id" not in importer.by_key and rows.headers:
        plan.problems.append(
            ImportProblem(
                importer.name,
                rows.header_row or None,
                None,
                "this sheet has no ID column, so every row is taken as a new record",
                "If the rows are already in the audit, use a workbook exported from it.",
                WARNING,
            )
        )
    if own or not rows.headers:
        return
    for column in missing_required(importer.entity, importer.mapping):
        # One problem for the sheet, not one per row: its rows are not imported.
        plan.problems.append(
            ImportProblem(
                importer.name,
                rows.header_row or None,
                None,
                f'no column of this sheet gives "{column.header}", which every '
                f"{importer.record_type.noun} needs, so the rows of this sheet are not imported",
                give_it_advice(column),
                ERROR,
            )
        )


def _note_formulas(plan: ImportPlan, rows: SheetRows) -> None:
    if rows.uncalculated_formulas:
        plan.problems.append(
            ImportProblem(
                rows.name,
                None,
                None,
                f"{number_of(rows.uncalculated_formulas, 'cell holds', 'cells hold')} formulas "
                "that were never "
                "calculated, so they were read as empty",
                "Open the file in Excel (or LibreOffice), save it so that the formulas are "
                "calculated, and import it again.",
                WARNING,
            )
        )
    elif rows.formula_cells:
        plan.problems.append(
            ImportProblem(
                rows.name,
                None,
                None,
                f"{number_of(rows.formula_cells, 'cell holds a formula', 'cells hold formulas')}: "
                "their values as last calculated "
                "were imported",
                "Check them in the preview; the formulas themselves are not imported.",
                WARNING,
            )
        )


def apply_import(
    store, plan: ImportPlan, *, valid_only: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Write the plan in one transaction and return what was written (with what undoing
    it as one step needs: `AuditStore.undo_changes`).

    Refuses (ImportRefused, nothing written) when the plan has problems and `valid_only` is
    not set. Changes are applied to the records as they are now, so an edit made in the
    window since the preview is kept unless the file changes the same field.
    """
    if plan.has_errors and not valid_only:
        count = plan.error_rows or len(plan.errors)
        raise ImportRefused(
            f"{plan.path.name}: {number_of(count, 'row')} cannot be imported as "
            f"{noun_for(count, 'it is', 'they are')} (see the problems in the preview). "
            "Nothing was imported. Correct the file and import it again, or import only the "
            "valid rows."
        )
    if plan.nothing_to_do:
        return ImportResult()  # not even an empty transaction: the file stays as it is
    updates = _current(store, plan)
    result = ImportResult(file_name=plan.path.name)
    records = len(plan.adds) + len(updates)
    likely = max(records * LIKELY_PER_RECORD, import_room(plan.path, None)[1])
    refuse_without_room(store.path, records * LEAST_PER_RECORD, likely)
    try:
        store.apply_changes(
            plan.adds,
            updates,
            progress=progress,
            summary=result.summary,
            record_changes=result.record_changes,
        )
    except DiskFullError as error:  # rolled back, and the file put back as it was
        raise disk_full(store.path, needed=likely, unsaved=nothing_imported(store.path)) from error
    except ValueError as error:  # ValidationError, or a record the audit's rules refused
        raise ImportRefused(
            f"{plan.path.name}: nothing was imported, because the audit changed since the "
            f"preview ({error}). Make the preview again and import."
        ) from error
    for record in plan.adds:
        result.added_ids.setdefault(type(record), []).append(record.id)
    for sheet in plan.sheets:
        added = sheet.new + (sheet.capabilities or 0)  # with capabilities from its columns
        if added:
            result.added[sheet.sheet] = result.added.get(sheet.sheet, 0) + added
        if sheet.changed:
            result.changed[sheet.sheet] = result.changed.get(sheet.sheet, 0) + sheet.changed
    return result


def import_room(path: Path, kind: str | None) -> tuple[int, int]:
    """The room in bytes that importing the file at `path` takes in an audit, from its size:
    (at least, likely). Nothing of the file is read but a CSV file's line breaks."""
    path = Path(path)
    try:
        if kind is None:
            kind = "xlsx" if zipfile.is_zipfile(path) else "csv"
        if kind == "xlsx":
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            least, likely = unpacked * LEAST_PER_SHEET_BYTE, unpacked * LIKELY_PER_SHEET_BYTE
        else:
            lines = 0
            with path.open("rb") as stream:
                while chunk := stream.read(1 << 20):
                    lines += chunk.count(b"\n")
            size = path.stat().st_size
            least = size * LEAST_PER_CSV_BYTE + lines * LEAST_PER_LINE
            likely = size * LIKELY_PER_CSV_BYTE + lines * LIKELY_PER_LINE
    except (OSError, zipfile.BadZipFile):
        least = likely = 0
    return max(ROOM_AT_LEAST, int(least)), max(ROOM_AT_LEAST, int(likely))


def refuse_without_room(audit: Path, least: int, likely: int = 0) -> None:
    """Raise DiskFullError, saying that nothing was imported, when the audit's disk has less
    than `least` bytes free (asking for `likely` bytes, what the import is likely to take)."""
    require_free_space(audit, least, likely=likely, unsaved=nothing_imported(audit))


def nothing_imported(audit: Path) -> str:
    return f'Nothing was imported: the audit "{audit}" is as it was.'


def _current(store, plan: ImportPlan) -> list[r.Record]:
    """The changed records: the plan's changes laid over the records as stored now."""
    by_type: dict[type[r.Record], list[tuple[r.Record, tuple[str, ...]]]] = {}
    for record, fields in plan.updates:
        by_type.setdefault(type(record), []).append((record, fields))
    updates: list[r.Record] = []
    for record_type, items in by_type.items():
        now = {rec.id: rec for rec in store.related(record_type, "id", [i[0].id for i in items])}
        for record, fields in items:
            current = now.get(record.id)
            if current is None:
                raise ImportRefused(
                    f"{plan.path.name}: nothing was imported, because {record.noun} "
                    f"'{_name(record)}' has been deleted from the audit since the preview. "
                    "Make the preview again and import."
                )
            updates.append(dataclasses.replace(current, **{f: getattr(record, f) for f in fields}))
    return updates


def _name(record: r.Record) -> str:
    return str(getattr(record, "name", "") or getattr(record, "title", "") or record.id)
