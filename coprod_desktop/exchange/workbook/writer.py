"""The audit as an Excel workbook, and the partner template, written with openpyxl.

Rows are streamed (openpyxl's write-only mode, a batch of records at a time), so memory stays
flat however large the audit. The workbook is written to a temporary file beside the
destination and moved into place at the end: a cancelled or failed export leaves nothing
behind and never damages a workbook of the same name.

What each sheet holds is in `columns`; what each privacy level lets leave (which columns, how
people are named, which capabilities, whether rows about people leave at all) is the level's
policy (`domain.privacy`). A workbook without rows about people (`public`) holds totals only
(`exchange.public_tables`). The sheets are written by `data_sheets` (one row per record) and
`summary` (Read me, Overview, the hidden sheet), into the workbook of `book`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.book import Progress, WorkbookWriter, as_cells, save
from coprod_desktop.exchange.workbook.data_sheets import (
    record_rows,
    sheet_filters,
    template_rows,
    write_data_sheets,
)
from coprod_desktop.exchange.workbook.names import NameLookup, display_name
from coprod_desktop.exchange.workbook.summary import (
    HOW_TO_FILL_IN,
    readme_lines,
    write_about,
    write_overview,
    write_read_me,
)


@dataclass
class ExportResult:
    path: Path
    privacy: PrivacyLevel | PrivacyPolicy
    sheets: dict[str, int] = field(default_factory=dict)  # data rows per sheet
    notes: list[str] = field(default_factory=list)  # e.g. text shortened to fit a cell


def export_workbook(
    store,
    path: Path | str,
    *,
    privacy: PrivacyLevel | PrivacyPolicy = PrivacyLevel.INTERNAL,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the audit to `path` as an Excel workbook at the privacy level given."""
    path = Path(path)
    policy = policy_for(privacy)
    audit = store.audit()
    total = sum(
        store.count(sheet.record_type, **sheet_filters(sheet, policy)) for sheet in L.DATA_SHEETS
    )
    writer = WorkbookWriter(policy, progress, total, "export")
    if not policy.rows_about_people:
        names = [L.OVERVIEW_SHEET, *public_tables.SHEET_NAMES]
    else:
        names = [L.OVERVIEW_SHEET]
        for sheet in L.DATA_SHEETS:
            if sheet is L.ROLES:
                names.append(L.ROLE_GRID_SHEET)
            names.append(sheet.name)

    def build() -> None:
        write_read_me(writer, audit, names)
        write_overview(writer, store)
        if not policy.rows_about_people:
            for name, table_name, columns, rows in public_tables.tables(store):
                writer.data_sheet(name, table_name, columns, as_cells(writer, rows), prompts=False)
        else:
            write_data_sheets(writer, store, L.DATA_SHEETS)
        write_about(writer, store, audit)
        if progress:
            progress(writer.total, writer.total)  # a public export counts no records

    save(writer, path, build, store)
    return ExportResult(path, privacy, writer.result_sheets, writer.notes)


def write_template(
    path: Path | str, *, store=None, progress: Progress | None = None
) -> ExportResult:
    """Write the partner template: the sheets partners add to, with instructions, examples
    and, given an audit, its community assets for partners to extend (partner level)."""
    path = Path(path)
    level = PrivacyLevel.PARTNER
    policy = policy_for(level)
    audit = store.audit() if store is not None else None
    assets = store.count(r.CommunityAsset) if store is not None else 0
    writer = WorkbookWriter(policy, progress, assets, "template")

    def build() -> None:
        write_read_me(writer, audit, [s.name for s in L.TEMPLATE_SHEETS])
        for sheet in L.TEMPLATE_SHEETS:
            columns = sheet.columns_at(policy)
            existing: Iterable[list[Any]] = []
            if sheet is L.ASSETS and store is not None:
                existing = record_rows(writer, store, sheet, columns)
            writer.data_sheet(
                sheet.name,
                sheet.table_name,
                columns,
                template_rows(writer, sheet, columns, existing),
                hidden_columns=[len(columns)],
            )
        write_about(writer, store, audit)

    save(writer, path, build, store)
    return ExportResult(path, level, writer.result_sheets, writer.notes)


__all__ = [
    "HOW_TO_FILL_IN",
    "ExportError",
    "ExportResult",
    "NameLookup",
    "display_name",
    "export_workbook",
    "readme_lines",
    "write_template",
]
