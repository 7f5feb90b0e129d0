"""Fixtures shared by the tests of the Excel exchange: the sample audit, workbooks exported from
it once per session, and helpers that read every cell of a workbook or run LibreOffice.

Session fixtures hand out files that tests read; a test that changes one copies it first.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from coprod_desktop.domain import Audit
from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore

TODAY = date(2026, 11, 23)
SAMPLE_PEOPLE = 300
LIBREOFFICE_TIMEOUT = 120  # seconds per conversion


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def all_cells(path: Path) -> Iterator[tuple[str, str, object]]:
    """Yield (sheet, coordinate, value) of every non-empty cell of every sheet, hidden ones
    too, read back with openpyxl as a spreadsheet program would."""
    book = openpyxl.load_workbook(path)
    try:
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        yield ws.title, cell.coordinate, cell.value
    finally:
        book.close()


def sheet_records(ws) -> list[dict[str, object]]:
    """Return the rows under the header row of a data sheet as {header: value} dicts."""
    rows = ws.iter_rows(values_only=True)
    names = next(rows)
    return [dict(zip(names, row, strict=True)) for row in rows if any(v is not None for v in row)]


# -- reading our workbooks ----------------------------------------------------------------------

CODED = {Kind.CHOICE, Kind.YES_NO, Kind.HAT, Kind.EQUALITY, Kind.STRENGTH, Kind.RATING}


def headers(ws) -> list[str]:
    return [cell.value for cell in ws[1]]


def letter_of(ws, header: str) -> str:
    return get_column_letter(headers(ws).index(header) + 1)


def column_values(ws, header: str) -> list:
    index = headers(ws).index(header)
    return [row[index] for row in ws.iter_rows(min_row=2, values_only=True)]


def allowed_labels(column: L.Column) -> list[str]:
    """The values a coded column's drop-down must offer, as the workbook shows them."""
    if column.kind in (Kind.YES_NO, Kind.HAT):
        return ["Yes", "No"]
    if column.kind is Kind.EQUALITY:
        return [a.label for a in QUESTIONS_BY_KEY[column.code].answers]
    if column.kind is Kind.STRENGTH:
        return ["0", "1", "2", "3"]
    if column.kind is Kind.RATING:
        return ["1", "2", "3", "4", "5"]
    return [member.label for member in column.choices]


def list_source(book, formula: str) -> list[str]:
    """The values in the range a list validation refers to (which must be on Lists)."""
    match = re.fullmatch(r"'?([^'!]+)'?!(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)", formula)
    assert match, f"the drop-down's source {formula!r} is not a range of a sheet"
    assert match[1] == L.LISTS_SHEET
    low_col, low_row, high_col, high_row = range_boundaries(match[2].replace("$", ""))
    ws = book[match[1]]
    return [
        str(ws.cell(row=row, column=column).value)
        for column in range(low_col, high_col + 1)
        for row in range(low_row, high_row + 1)
    ]


def list_rule_for(ws, letter: str, down_to: int = 5000):
    """The one list drop-down of a column, from row 2 down to at least row `down_to`."""
    rules = [
        dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "list" and f"{letter}2" in dv.sqref and f"{letter}{down_to}" in dv.sqref
    ]
    assert len(rules) == 1, f"{ws.title} column {letter}: {len(rules)} list drop-downs"
    return rules[0]


@pytest.fixture(scope="session")
def sample_audit(tmp_path_factory) -> Path:
    """The 300-person sample audit (read it, or copy it before changing it)."""
    path = tmp_path_factory.mktemp("exchange-sample") / "Sample.coprod"
    write_sample(path, people=SAMPLE_PEOPLE, seed=3, today=TODAY)
    return path


@pytest.fixture(scope="session")
def sample_store(sample_audit) -> Iterator[AuditStore]:
    """The sample audit opened read-only for the whole session."""
    store = AuditStore.open(sample_audit, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def exported(sample_store, tmp_path_factory) -> Callable[[str], Path]:
    """exported("partner") -> the sample exported at that privacy level (made once)."""
    from coprod_desktop.exchange.workbook.writer import export_workbook

    folder = tmp_path_factory.mktemp("exchange-exports")
    made: dict[str, Path] = {}

    def export(level: str = "internal") -> Path:
        if level not in made:
            path = folder / f"sample-{level}.xlsx"
            export_workbook(sample_store, path, privacy=PrivacyLevel(level))
            made[level] = path
        return made[level]

    return export


@pytest.fixture
def new_audit(tmp_path) -> Iterator[AuditStore]:
    """A new, empty audit of this test's own, open for editing."""
    store = AuditStore.create(
        tmp_path / "New audit.coprod",
        Audit(title="Exchange test", organisation="Council"),
        user="t",
    )
    yield store
    store.close()


@pytest.fixture
def copy_of_sample(sample_audit, tmp_path) -> Iterator[AuditStore]:
    """An editable copy of the sample audit."""
    path = tmp_path / "Sample copy.coprod"
    shutil.copyfile(sample_audit, path)
    store = AuditStore.open(path, user="tester")
    yield store
    store.close()


def soffice_path() -> str | None:
    return shutil.which("soffice")


def libreoffice_convert(
    sources: list[Path], to: str, outdir: Path, home: Path
) -> subprocess.CompletedProcess:
    """Convert `sources` with LibreOffice headless (one process for all of them)."""
    soffice = soffice_path()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [soffice, "--headless", "--convert-to", to, "--outdir", str(outdir), *map(str, sources)],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home)},
        timeout=LIBREOFFICE_TIMEOUT * len(sources),
        check=False,
    )


# Every sheet to its own CSV file named "<stem>-<sheet>.csv" (LibreOffice 7.2 or later):
# comma, double quote, UTF-8, from row 1, cells as shown, ..., sheet -1 = all sheets.
CSV_EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


# -- an audit whose every text starts as a formula would -------------------------------------

# Text Excel (or LibreOffice) would run as a formula or turn into a number: `= + - @`, tab, CR.
FORMULA_LIKE = ("=1+1", "+44 7700 900123", "-5", "@SUM(A1)", "\t=cmd", "\r=x")
_NOT_TEXT = {"id", "created_at", "modified_at", "modified_by"}


def _with_text(record_type, value: str, **given):
    """A record of `record_type` whose every text field (and list of texts) holds `value`."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(record_type)
    texts: dict[str, object] = {}
    for field in dataclasses.fields(record_type):
        if field.name in _NOT_TEXT or field.name in given:
            continue
        if hints[field.name] is str:
            texts[field.name] = value
        elif hints[field.name] == tuple[str, ...]:
            texts[field.name] = (value,)
    return record_type(**texts, **given)


def formula_email(value: str) -> str:
    """An e-mail address the store accepts that starts like `value` (or "" if none can)."""
    local = value.replace(" ", "")
    return f"{local}@example.org" if local[:1] in "=+-" else ""


@pytest.fixture
def formula_audit(tmp_path) -> Iterator[AuditStore]:
    """An audit where every text field of every exported record, and the audit's own title,
    organisation, area and purpose, starts like a formula (one set of records per start)."""
    from coprod_desktop.domain import records as r
    from coprod_desktop.domain.vocabulary import (
        AssetCategory,
        CapabilityKind,
        ConsentScope,
        Element,
        Hat,
        Principle,
        Rung,
        Stage,
    )

    audit = _with_text(r.Audit, '=HYPERLINK("http://example.org")')
    store = AuditStore.create(tmp_path / "Formulas.coprod", audit, user="t")
    for number, value in enumerate(FORMULA_LIKE, 1):
        person = store.add(
            _with_text(
                r.Person,
                value,
                email=formula_email(value),
                hats=(Hat.CARER,),
                consent_scope=ConsentScope.PUBLIC,
            )
        )
        capability = store.add(
            _with_text(r.Capability, value, person_id=person.id, kind=CapabilityKind.HEAD)
        )
        asset = store.add(_with_text(r.CommunityAsset, value, category=AssetCategory.DIGITAL))
        for target in ({"person_id": person.id}, {"capability_id": capability.id}):
            store.add(_with_text(r.ElementLink, value, element=Element.ASSETS, **target))
        store.add(_with_text(r.ElementLink, value, element=Element.BLURRING, asset_id=asset.id))
        store.add(
            _with_text(r.Role, value, person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN)
        )
        held = store.add(_with_text(r.AssessmentRound, value, held_on=date(2025, 1, number)))
        store.add(_with_text(r.AssessmentRating, value, round_id=held.id, element=Element.ASSETS))
        store.add(
            _with_text(r.AssessmentRating, value, round_id=held.id, principle=Principle.EQUALITY)
        )
        store.add(_with_text(r.Action, value, element=Element.ASSETS))
    yield store
    store.close()
