"""Fuzzing the importer: whatever the cells hold, it plans or refuses plainly, and never corrupts.

Random values of every kind (text with control characters, formula-like text, huge numbers,
NaN, dates, yes/no words, labels, IDs of the audit's records) go into our own sheets and into a
partner's CSV file. `plan_import` may only raise SpreadsheetError or ImportRefused; every
error names its sheet and row; `apply_import(valid_only=True)` writes only what the audit
accepts, and the file passes `check_audit`. Files live in /dev/shm (memory) for speed.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from coprod_desktop.domain import (
    AssessmentRound,
    Audit,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Person,
    Role,
    Rung,
    Stage,
)
from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.vocabulary import AssetCategory
from coprod_desktop.exchange.importing.importer import (
    ImportRefused,
    SpreadsheetError,
    apply_import,
    plan_import,
)
from coprod_desktop.exchange.importing.mapping import known_headers
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.store import AuditStore
from coprod_desktop.store.check import check_audit

TODAY = date(2026, 11, 23)
STATS = {"rows": 0, "written": 0}  # how much the examples exercised (see a long hunt's -s)
SHM = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
FUZZ = settings(
    # COPROD_FUZZ_EXAMPLES=2000 for a long hunt; the test run keeps to about ten seconds.
    max_examples=int(os.environ.get("COPROD_FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

WORDS = [
    "=1+1",
    '=HYPERLINK("http://x")',
    "+44 1234",
    "-",
    "@home",
    "\tindented",
    "yes",
    "No",
    "x",
    "✓",
    "03/04/2025",
    "31/02/2025",
    "3 April 2025",
    "2099-01-01",
    "Co-design",
    "Head",
    "Hands: practical skills",
    "Partner organisations",
    "Person",
    "Community asset",
    "Design",
    "Developing",
    "Mutuality",
    "learning; payment",
    "English, Welsh",
    "EXAMPLE",
    "Jane Smith",
    "Riverside Hall",
    "jane@example.org",
    "not an e-mail",
    "",
    " ",
]


@pytest.fixture(scope="module")
def template_audit(tmp_path_factory) -> tuple[Path, list[str]]:
    """A small audit to import into (copied for each example), and its records' IDs."""
    path = tmp_path_factory.mktemp("fuzz") / "Fuzz.coprod"
    with AuditStore.create(path, Audit(title="Fuzz")) as store:
        jane = store.add(Person(name="Jane Smith", email="jane@example.org"))
        dai = store.add(Person(name="Dai Jones"))
        skill = store.add(
            Capability(person_id=jane.id, kind=CapabilityKind.HEAD, description="Maps")
        )
        hall = store.add(CommunityAsset(name="Riverside Hall", category=AssetCategory.CULTURAL))
        role = store.add(Role(person_id=dai.id, stage=Stage.DESIGN, rung=Rung.INFORMING))
        rnd = store.add(AssessmentRound(held_on=date(2025, 4, 3)))
        ids = [jane.id, dai.id, skill.id, hall.id, role.id, rnd.id]
    return path, ids


@pytest.fixture
def workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="coprod-fuzz-", dir=SHM))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def cells(ids: list[str]) -> st.SearchStrategy:
    return st.one_of(
        st.none(),
        st.sampled_from(WORDS),
        st.sampled_from([*ids, "not-an-id", "EXAMPLE"]),
        st.text(max_size=40),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 12, 31)),
    )


def _xlsx_value(value: object) -> object:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def check(audit: Path, source: Path) -> None:
    """The properties every import must have, whatever `source` holds."""
    with AuditStore.open(audit) as store:
        try:
            plan = plan_import(store, source, today=TODAY)
        except (SpreadsheetError, ImportRefused) as error:
            assert str(error).strip()
            return
        for problem in plan.problems:
            assert problem.sheet and problem.message
            if problem.severity == "error":
                assert problem.row is not None, problem
        plan.to_text()
        plan.to_json()
        apply_import(store, plan, valid_only=True)
        STATS["rows"] += plan.new + plan.changed + plan.unchanged + plan.error_rows
        STATS["written"] += plan.new + plan.changed
    report = check_audit(audit)
    assert report.ok, report.problems


def plausible(column: L.Column, ids: list[str]) -> st.SearchStrategy:
    """Values a person could well have typed in this column (most of them valid)."""
    kind = column.kind
    if kind is Kind.ID:
        return st.sampled_from([*ids, "", "EXAMPLE"])
    if kind is Kind.REF:
        return st.sampled_from([*ids, ""])
    if kind is Kind.REF_NAME:
        return st.sampled_from(["Jane Smith", "Dai Jones", "Riverside Hall", "Maps (Jane Smith)"])
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        return st.one_of(st.text(max_size=30), st.sampled_from(WORDS))
    if kind is Kind.DATE:
        return st.one_of(
            st.dates(min_value=date(1950, 1, 1), max_value=date(2026, 11, 1)),
            st.sampled_from(["03/04/2025", "3 April 2025", "2025-04-03", "3/4/25"]),
        )
    if kind in (Kind.YES_NO, Kind.HAT):
        return st.sampled_from(["Yes", "No", "y", "n", "x", True, False, None])
    if kind is Kind.CHOICE and column.choices is not None:
        return st.sampled_from([m.label for m in column.choices] + [None])
    if kind is Kind.CHOICES and column.choices is not None:
        labels = [m.label for m in column.choices]
        return st.lists(st.sampled_from(labels), max_size=3).map("; ".join)
    if kind is Kind.WORDS:
        return st.lists(st.sampled_from(["Welsh", "English", "gardening"]), max_size=3).map(
            ", ".join
        )
    if kind is Kind.STRENGTH:
        return st.integers(0, 3)
    if kind is Kind.RATING:
        return st.one_of(st.integers(1, 5), st.none())
    if kind is Kind.EQUALITY:
        question = QUESTIONS_BY_KEY[column.code]
        return st.sampled_from([a.label for a in question.answers] + [None])
    return st.none()


@st.composite
def our_workbook(draw, ids: list[str]) -> list[tuple[L.Sheet, list[L.Column], list[list]]]:
    sheets = draw(
        st.lists(st.sampled_from(L.DATA_SHEETS), min_size=1, max_size=4, unique_by=lambda s: s.name)
    )
    found = []
    for sheet in sheets:
        columns = draw(
            st.lists(st.sampled_from(sheet.columns), min_size=1, max_size=12, unique=True)
        )
        # Rows of plausible values reach the records; rows with any value reach the readers.
        row = st.one_of(
            st.tuples(*(plausible(c, ids) for c in columns)),
            st.tuples(*(st.one_of(plausible(c, ids), cells(ids)) for c in columns)),
        ).map(list)
        rows = draw(st.lists(row, max_size=4))
        found.append((sheet, columns, rows))
    return found


@FUZZ
@given(data=st.data())
def test_our_own_sheets_with_any_values(template_audit, workdir, data):
    audit_template, ids = template_audit
    audit = workdir / "audit.coprod"
    shutil.copyfile(audit_template, audit)
    with AuditStore.open(audit, read_only=True) as store:
        audit_id = store.audit().id
    sheets = data.draw(our_workbook(ids))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, columns, rows in sheets:
        ws = book.create_sheet(sheet.name)
        ws.append([c.header for c in columns])
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
    about = book.create_sheet(L.ABOUT_SHEET)
    about.sheet_state = "hidden"
    privacy = data.draw(st.sampled_from(["internal", "partner"]))
    for key, value in (
        ("format", L.WORKBOOK_FORMAT),
        ("audit_id", data.draw(st.sampled_from([audit_id, "another-audit", ""]))),
        ("privacy", privacy),
        ("kind", "export"),
    ):
        about.append([key, value])
    source = workdir / "ours.xlsx"
    book.save(source)
    check(audit, source)


@FUZZ
@given(data=st.data())
def test_a_partners_csv_with_any_headers_and_values(template_audit, workdir, data):
    audit_template, ids = template_audit
    audit = workdir / "audit.coprod"
    shutil.copyfile(audit_template, audit)
    headers = data.draw(
        st.lists(
            st.one_of(st.sampled_from(known_headers()), st.text(max_size=15)),
            min_size=1,
            max_size=8,
        )
    )
    rows = data.draw(
        st.lists(st.lists(cells(ids), min_size=len(headers), max_size=len(headers)), max_size=5)
    )
    title_rows = data.draw(st.integers(0, 2))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    delimiter = data.draw(st.sampled_from([",", ";", "\t"]))
    source = workdir / "partner.csv"
    with source.open("w", encoding=encoding, errors="replace", newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        for _ in range(title_rows):
            writer.writerow(["Our list of people, spring"])
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    check(audit, source)


@FUZZ
@given(data=st.data())
def test_a_partners_workbook_with_any_values(template_audit, workdir, data):
    audit_template, ids = template_audit
    audit = workdir / "audit.coprod"
    shutil.copyfile(audit_template, audit)
    entity = data.draw(st.sampled_from([L.PEOPLE, L.CAPABILITIES, L.ASSETS, L.ROLES, L.ACTIONS]))
    names = [n for c in entity.columns for n in (c.header, *c.synonyms)]
    headers = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=8, unique=True))
    rows = data.draw(
        st.lists(st.lists(cells(ids), min_size=len(headers), max_size=len(headers)), max_size=5)
    )
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = data.draw(st.sampled_from(["Sheet1", "Volunteers", "Assets", "Skills", "To do"]))
    ws.append(["A title above the table"])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    source = workdir / "partner.xlsx"
    book.save(source)
    check(audit, source)


def teardown_module() -> None:
    if os.environ.get("COPROD_FUZZ_EXAMPLES"):
        print(f"\nFuzzed rows: {STATS['rows']:,}, of which written: {STATS['written']:,}")
