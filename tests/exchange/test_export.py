"""The audit as an Excel workbook: what is in it, read back with openpyxl as Excel would read it.

Every test writes a real .xlsx file and asserts on its cells, tables, drop-downs and styles.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from coprod_desktop.cli import main
from coprod_desktop.domain import records as r
from coprod_desktop.domain.equality import QUESTIONS_BY_KEY
from coprod_desktop.domain.vocabulary import (
    AssetCategory,
    CapabilityKind,
    Element,
    PrivacyLevel,
    Rung,
    Stage,
)
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.values import words_text
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.exchange.workbook.writer import export_workbook, write_template
from tests.exchange.conftest import (
    CODED,
    FORMULA_LIKE,
    all_cells,
    allowed_labels,
    column_values,
    formula_email,
    headers,
    letter_of,
    list_rule_for,
    list_source,
    sha256,
    sheet_records,
)

SHEETS = [
    "Read me",
    "Overview",
    "People",
    "Capabilities",
    "Assets",
    "Element links",
    "Roles",
    "Role details",
    "Self-assessment",
    "Actions",
    "About this file",
    "Lists",
]
HIDDEN = {"About this file", "Lists"}
TEXT_KINDS = {Kind.TEXT, Kind.LONG_TEXT, Kind.WORDS, Kind.REF_NAME}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767
# An element link to a capability is named "<description> (<person>)".
LINK_NAMES = {*FORMULA_LIKE, *(f"{v} ({v})" for v in FORMULA_LIKE)}


def load(path):
    return openpyxl.load_workbook(path)


def colour_rules(ws, letter: str) -> list:
    return [
        rule
        for formatting in ws.conditional_formatting
        if f"{letter}2" in formatting.sqref
        for rule in formatting.rules
    ]


def export(store, path, level: str = "internal", **options):
    return export_workbook(store, path, privacy=PrivacyLevel(level), **options)


# -- structure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_sheets_in_order_with_the_two_hidden_ones_last(exported, level):
    book = load(exported(level))
    assert book.sheetnames == SHEETS
    hidden = {ws.title for ws in book.worksheets if ws.sheet_state != "visible"}
    assert hidden == HIDDEN
    assert book.active.title == "Read me"


def test_public_has_totals_sheets_only(exported):
    book = load(exported("public"))
    assert book.sheetnames == [
        "Read me",
        "Overview",
        "Capabilities",
        "Assets",
        "Roles",
        "Self-assessment",
        "Actions",
        "About this file",
        "Lists",
    ]
    assert {ws.title for ws in book.worksheets if ws.sheet_state == "hidden"} == HIDDEN


@pytest.mark.parametrize("level", ["internal", "partner", "public"])
def test_the_hidden_sheet_identifies_the_audit(exported, sample_store, level):
    ws = load(exported(level))[L.ABOUT_SHEET]
    about = {key: value for key, value in ws.iter_rows(values_only=True)}
    assert list(about) == list(L.ABOUT_KEYS)
    assert about["format"] == L.WORKBOOK_FORMAT
    assert about["audit_id"] == sample_store.audit().id
    assert about["audit_title"] == sample_store.audit().title
    assert about["schema_version"] == str(sample_store.schema_version)
    assert about["privacy"] == level
    assert about["kind"] == "export"
    assert about["app_version"]


def test_the_hidden_sheet_says_when_the_workbook_was_made(sample_store, tmp_path):
    before = datetime.now(UTC).replace(microsecond=0)
    export(sample_store, tmp_path / "when.xlsx", "public")
    after = datetime.now(UTC)
    about = dict(load(tmp_path / "when.xlsx")[L.ABOUT_SHEET].iter_rows(values_only=True))
    exported_at = datetime.fromisoformat(about["exported_at"])
    assert exported_at.tzinfo is not None
    assert before <= exported_at <= after


@pytest.mark.parametrize("level", ["internal", "partner", "public"])
def test_every_data_sheet_is_one_filtered_table_over_header_and_rows(exported, level):
    book = load(exported(level))
    for ws in book.worksheets:
        if ws.title in HIDDEN or ws.title == L.README_SHEET:
            assert not ws.tables, ws.title
            continue
        assert len(ws.tables) == 1, ws.title
        table = next(iter(ws.tables.values()))
        columns = [c.name for c in table.tableColumns]
        if ws.title == L.OVERVIEW_SHEET:  # the counts, then a second block for reading
            last_count = column_values(ws, "How many").index(None) + 1
            assert table.ref == f"A1:B{last_count}"
        else:
            last = max(ws.max_row, 2)  # an empty sheet keeps one blank row in its table
            assert table.ref == f"A1:{get_column_letter(ws.max_column)}{last}", ws.title
        assert table.autoFilter is not None and table.autoFilter.ref == table.ref, ws.title
        # Excel repairs a file whose table column names differ from the header cells.
        assert columns == headers(ws)[: len(columns)], ws.title
        assert len({c.casefold() for c in columns}) == len(columns), ws.title  # as Excel compares
        assert ws.freeze_panes == "A2", ws.title
        assert all(cell.font.b for cell in ws[1] if cell.value is not None), ws.title
    names = [name for ws in book.worksheets for name in ws.tables]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_coded_columns_offer_exactly_their_values_from_the_lists_sheet(exported, level):
    book = load(exported(level))
    checked = 0
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        assert headers(ws) == [c.header for c in sheet.columns_at(PrivacyLevel(level))]
        for column in sheet.columns_at(PrivacyLevel(level)):
            if column.kind in CODED:
                rule = list_rule_for(ws, letter_of(ws, column.header))
                assert list_source(book, rule.formula1) == allowed_labels(column), column.header
                assert rule.showErrorMessage
                checked += 1
    grid = book[L.ROLE_GRID_SHEET]
    for stage in Stage:
        rule = list_rule_for(grid, letter_of(grid, stage.label))
        assert list_source(book, rule.formula1) == [rung.label for rung in Rung]
    # 7 hats, consent, 11 equality questions (internal), kinds, categories, ACV statuses,
    # elements, rungs...
    assert checked == (36 if level == "internal" else 25)


# Excel's limits on the texts of a drop-down ([MS-OI29500] 2.1.613): longer ones make Excel
# "repair" the workbook and throw the drop-down away.
VALIDATION_LIMITS = {"promptTitle": 32, "errorTitle": 32, "prompt": 255, "error": 224}


@pytest.mark.parametrize("level", ["internal", "partner", "public", "template"])
def test_drop_down_texts_fit_within_excel_limits(exported, sample_store, tmp_path, level):
    if level == "template":
        path = tmp_path / "template.xlsx"
        write_template(path, store=sample_store)
    else:
        path = exported(level)
    too_long = []
    for ws in load(path).worksheets:
        for rule in ws.data_validations.dataValidation:
            for attribute, limit in VALIDATION_LIMITS.items():
                text = getattr(rule, attribute) or ""
                if len(text) > limit:
                    too_long.append(f"{ws.title} {rule.sqref} {attribute} {len(text)}: {text!r}")
            assert len(rule.formula1 or "") <= 255
    assert too_long == [], f"drop-down texts over Excel's limits: {too_long}"


def test_equality_columns_are_coded_at_internal_level(exported):
    ws = load(exported("internal"))["People"]
    equality = [h for h in headers(ws) if h.startswith("Equality: ")]
    assert len(equality) == len(QUESTIONS_BY_KEY)


def test_colour_scales_on_strengths_ratings_and_rungs(exported):
    book = load(exported("internal"))
    links = book["Element links"]
    (strength,) = colour_rules(links, letter_of(links, "Strength (0-3)"))
    assert strength.type == "colorScale"
    ratings = book["Self-assessment"]
    (rating,) = colour_rules(ratings, letter_of(ratings, "Rating (1-5)"))
    assert rating.type == "colorScale"
    for ws, header in [(book["Role details"], "Rung of the ladder")] + [
        (book["Roles"], stage.label) for stage in Stage
    ]:
        rules = colour_rules(ws, letter_of(ws, header))
        formulas = " ".join(f for rule in rules for f in rule.formula)
        assert all(f'"{rung.label}"' in formulas for rung in Rung), (ws.title, header)
        assert all(rule.dxf is not None and rule.dxf.fill is not None for rule in rules)


def width_of(ws, index: int) -> float | None:
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.min <= index <= dimension.max:
            return dimension.width
    return None


def hidden(ws, index: int) -> bool:
    return any(d.hidden for d in ws.column_dimensions.values() if d.min and d.min <= index <= d.max)


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_column_widths_and_the_row_id_last_and_folded_away(exported, level):
    book = load(exported(level))
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        columns = sheet.columns_at(PrivacyLevel(level))
        for index, column in enumerate(columns, 1):
            assert width_of(ws, index) == column.width, (sheet.name, column.header)
            # Every ID (the row's own, its person's, round's or linked record's) folded away.
            is_id = column.kind in (Kind.ID, Kind.REF)
            assert hidden(ws, index) is is_id, (sheet.name, column.header)
        assert columns[-1].kind is Kind.ID
        ids = column_values(ws, columns[-1].header)
        assert all(isinstance(v, str) and len(v) == 36 for v in ids), sheet.name
        assert len(set(ids)) == len(ids), sheet.name


@pytest.mark.parametrize("level", ["internal", "partner"])
def test_dates_are_real_dates_shown_day_first(exported, sample_store, level):
    book = load(exported(level))
    seen = 0
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        for column in sheet.columns_at(PrivacyLevel(level)):
            if column.kind is not Kind.DATE:
                continue
            letter = letter_of(ws, column.header)
            for cell in ws[letter][1:]:
                if cell.value is None:
                    continue
                seen += 1
                assert isinstance(cell.value, datetime), (sheet.name, cell.coordinate)
                assert cell.number_format == "dd/mm/yyyy", (
                    f"{sheet.name}!{cell.coordinate} ({column.header}) is shown as "
                    f"{cell.number_format!r}"
                )
    assert seen > 300


def test_rows_are_the_live_records_and_deleted_ones_are_left_out(copy_of_sample, tmp_path):
    store = copy_of_sample
    person = next(p for p in store.iterate(r.Person) if store.related(r.Role, "person_id", [p.id]))
    gone = {person.id}
    gone |= {c.id for c in store.related(r.Capability, "person_id", [person.id])}
    gone |= {role.id for role in store.related(r.Role, "person_id", [person.id])}
    for record_type in (r.CommunityAsset, r.Action, r.Capability, r.ElementLink):
        record = next(rec for rec in store.iterate(record_type) if rec.id not in gone)
        gone.add(record.id)
        store.delete(record_type, record.id)
    store.delete(r.Person, person.id)

    result = export(store, tmp_path / "live.xlsx")
    book = load(tmp_path / "live.xlsx")
    for sheet in L.DATA_SHEETS:
        expected = store.count(sheet.record_type)
        assert len(sheet_records(book[sheet.name])) == expected, sheet.name
        assert result.sheets[sheet.name] == expected, sheet.name
    people_with_roles = {
        role.person_id for role in store.iterate(r.Role) if store.get(r.Person, role.person_id)
    }
    assert len(sheet_records(book[L.ROLE_GRID_SHEET])) == len(people_with_roles)
    values = {str(value) for _, _, value in all_cells(tmp_path / "live.xlsx")}
    assert not gone & values
    for name, header in [("People", "Name"), ("Capabilities", "Person"), ("Roles", "Person")]:
        assert person.name not in column_values(book[name], header)


def test_children_carry_their_parents_id_and_name(exported, sample_store):
    book = load(exported("internal"))
    people = {p.id: p for p in sample_store.iterate(r.Person)}
    capabilities = {c.id: c for c in sample_store.iterate(r.Capability)}
    roles = {role.id: role for role in sample_store.iterate(r.Role)}
    for name, records in (("Capabilities", capabilities), ("Role details", roles)):
        rows = sheet_records(book[name])
        assert len(rows) == len(records)
        for row in rows:
            record = records[row[L.SHEETS_BY_NAME[name].columns[-1].header]]
            assert row["Person ID"] == record.person_id
            assert row["Person"] == people[record.person_id].name


def test_element_links_name_what_they_link(exported, sample_store):
    book = load(exported("internal"))
    people = {p.id: p.name for p in sample_store.iterate(r.Person)}
    assets = {a.id: a.name for a in sample_store.iterate(r.CommunityAsset)}
    capabilities = {
        c.id: f"{c.description} ({people[c.person_id]})" for c in sample_store.iterate(r.Capability)
    }
    names = {"Person": people, "Capability": capabilities, "Community asset": assets}
    links = {link.id: link for link in sample_store.iterate(r.ElementLink)}
    for row in sheet_records(book["Element links"]):
        link = links[row["Link ID (leave as it is)"]]
        kind, target = link.target
        assert row["Linked to"] == kind.label
        assert row["Linked ID"] == target
        assert row["Name"] == names[kind.label][target]
        assert row["Element"] == link.element.label
        assert row["Strength (0-3)"] == link.strength


def test_the_role_grid_has_one_row_per_person_with_the_highest_rung_at_each_stage(
    exported, sample_store
):
    people = {p.id: p.name for p in sample_store.iterate(r.Person)}
    best: dict[str, dict[str, Rung]] = {}
    for role in sample_store.iterate(r.Role):
        stages = best.setdefault(role.person_id, {})
        if role.stage not in stages or role.rung.rank > stages[role.stage].rank:
            stages[role.stage] = role.rung
    rows = sheet_records(load(exported("internal"))[L.ROLE_GRID_SHEET])
    assert len(rows) == len(best)
    assert len({row["Person ID"] for row in rows}) == len(rows)
    assert any(sum(v is not None for v in row.values()) > 3 for row in rows)
    for row in rows:
        person_id = row["Person ID"]
        assert row["Person"] == people[person_id]
        for stage in Stage:
            rung = best[person_id].get(stage)
            assert row[stage.label] == (rung.label if rung else None), (person_id, stage)


def test_self_assessment_rows_carry_their_round(exported, sample_store):
    rounds = {rnd.id: rnd for rnd in sample_store.iterate(r.AssessmentRound)}
    ratings = {rating.id: rating for rating in sample_store.iterate(r.AssessmentRating)}
    rows = sheet_records(load(exported("internal"))["Self-assessment"])
    assert len(rows) == len(ratings) > 0
    for row in rows:
        rating = ratings[row["Rating ID (leave as it is)"]]
        held = rounds[rating.round_id]
        assert row["Round ID"] == held.id
        assert row["Round held on"] is not None
        assert row["Round held on"].date() == held.held_on
        assert row["Who took part"] == (held.participants or None)
        assert row["Rating (1-5)"] == rating.score
        subject = rating.element or rating.principle
        assert subject.label in (row["Element"], row["Principle"])


def test_the_result_counts_rows_per_sheet(exported, sample_store, tmp_path):
    result = export(sample_store, tmp_path / "counted.xlsx")
    counts = sample_store.counts()
    assert result.privacy is PrivacyLevel.INTERNAL
    assert result.path == tmp_path / "counted.xlsx"
    assert result.sheets["People"] == counts["people"] == 300
    assert result.sheets["Capabilities"] == counts["capabilities"]
    assert result.sheets["Assets"] == counts["assets"]
    assert result.sheets["Element links"] == counts["element_links"]
    assert result.sheets["Role details"] == counts["roles"]
    assert result.sheets["Actions"] == counts["actions"]
    assert result.notes == []


def test_an_empty_audit_gives_empty_tables(new_audit, tmp_path):
    result = export(new_audit, tmp_path / "empty.xlsx")
    assert all(n == 0 for name, n in result.sheets.items() if name != L.OVERVIEW_SHEET)
    book = load(tmp_path / "empty.xlsx")
    assert book.sheetnames == SHEETS
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        assert headers(ws) == [c.header for c in sheet.columns]
        assert sheet_records(ws) == []
        (table,) = ws.tables.values()
        assert table.ref == f"A1:{get_column_letter(len(sheet.columns))}2"


def test_text_too_long_for_a_cell_is_shortened_with_a_note(new_audit, tmp_path):
    long_text = "Carer for thirty years. " * 2_000  # 48,000 characters: the store allows it
    person = new_audit.add(r.Person(name="Long Notes", notes=long_text))
    capability = new_audit.add(
        r.Capability(person_id=person.id, kind=CapabilityKind.HEAD, description=long_text)
    )
    new_audit.add(r.ElementLink(element=Element.ASSETS, capability_id=capability.id))
    new_audit.add(r.CommunityAsset(name="Hall", category=AssetCategory.PHYSICAL_SPACES))
    result = export(new_audit, tmp_path / "long.xlsx")
    assert result.notes and all("32,767" in note for note in result.notes)
    notes = sheet_records(load(tmp_path / "long.xlsx")["People"])[0]["Notes"]
    assert len(notes) == EXCEL_CELL_LIMIT and notes.endswith("…")
    # Excel refuses ("We found a problem with some content") any cell over the limit.
    too_long = [
        (sheet, where, len(value))
        for sheet, where, value in all_cells(tmp_path / "long.xlsx")
        if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT
    ]
    assert too_long == []


# -- text that looks like a formula ---------------------------------------------------------------


def test_text_that_looks_like_a_formula_is_written_as_text(formula_audit, tmp_path):
    path = tmp_path / "formulas.xlsx"
    export(formula_audit, path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                formulas = re.findall(rb"<(?:\w+:)?f[\s>/].{0,60}", archive.read(name))
                assert formulas == [], f"{name} holds formulas: {formulas[:3]}"

    book = load(path)
    wrong = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                formula_like = isinstance(value, str) and value.startswith(FORMULA_STARTS)
                if formula_like and (cell.data_type != "s" or not cell.quotePrefix):
                    wrong.append(f"{ws.title}!{cell.coordinate} {value!r} {cell.data_type}")
    assert wrong == [], f"{len(wrong)} cells are not quoted text: {wrong[:8]}"


def test_every_text_column_keeps_the_exact_text(formula_audit, tmp_path):
    path = tmp_path / "formulas.xlsx"
    export(formula_audit, path)
    book = load(path)
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        for column in sheet.columns:
            if column.kind not in TEXT_KINDS or column.key == "target_name":
                continue
            values = set(column_values(ws, column.header))
            expected = set(FORMULA_LIKE)
            if column.key == "email":  # only addresses the store accepts
                expected = {formula_email(v) or None for v in FORMULA_LIKE}
            if column.kind is Kind.WORDS:  # a word starting with a dash or a tab is quoted
                expected = {words_text([v]) for v in FORMULA_LIKE}
            assert values == expected, (sheet.name, column.header, values)
    names = set(column_values(book["Element links"], "Name"))
    assert names == LINK_NAMES
    assert set(column_values(book[L.ROLE_GRID_SHEET], "Person")) == set(FORMULA_LIKE)
    about = dict(book[L.ABOUT_SHEET].iter_rows(values_only=True))
    assert about["audit_title"] == formula_audit.audit().title
    assert book[L.README_SHEET]["A1"].value == formula_audit.audit().title


def test_partner_level_keeps_formula_like_names_as_text(formula_audit, tmp_path):
    path = tmp_path / "formulas-partner.xlsx"
    export(formula_audit, path, "partner")
    formulas = [
        f"{ws.title}!{cell.coordinate}"
        for ws in load(path).worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


# -- progress, failures and what is left behind ---------------------------------------------------


class Stop(Exception):
    pass


def test_progress_counts_up_to_its_total(sample_store, tmp_path):
    calls: list[tuple[int, int]] = []
    export(sample_store, tmp_path / "progress.xlsx", progress=lambda *a: calls.append(a))
    assert len(calls) > 5
    totals = {total for _, total in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert calls[-1][0] == calls[-1][1], f"the export finished with progress at {calls[-1]}"


def entries(folder) -> list[str]:
    return sorted(os.listdir(folder))


def openpyxl_leftovers(folder) -> list[str]:
    return [name for name in os.listdir(folder) if name.startswith("openpyxl")]


@pytest.fixture
def own_temp(tmp_path, monkeypatch):
    """Point the temporary folder at one of this test's own, to see what is left in it."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.parametrize("stop_at", ["first", "middle", "last"])
def test_cancelling_from_progress_leaves_nothing_behind(sample_store, tmp_path, own_temp, stop_at):
    folder = tmp_path / "out"
    folder.mkdir()
    counted: list = []
    export(sample_store, tmp_path / "counted.xlsx", progress=lambda *a: counted.append(a))
    stop_at = {"first": 1, "middle": len(counted) // 2, "last": len(counted)}[stop_at]
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == stop_at:
            raise Stop

    with pytest.raises(Stop):
        export(sample_store, folder / "Cancelled.xlsx", progress=progress)
    assert entries(folder) == []  # neither the workbook nor its .part file
    assert openpyxl_leftovers(own_temp) == []


def test_a_failed_export_leaves_the_workbook_already_there_untouched(sample_store, tmp_path):
    path = tmp_path / "Partners.xlsx"
    export(sample_store, path, "partner")
    before = sha256(path)

    def progress(done, total):
        raise Stop

    with pytest.raises(Stop):
        export(sample_store, path, progress=progress)
    assert sha256(path) == before
    assert entries(tmp_path) == ["Partners.xlsx"]


def test_a_successful_export_leaves_no_temporary_files(sample_store, tmp_path, own_temp):
    folder = tmp_path / "out"
    folder.mkdir()
    export(sample_store, folder / "Done.xlsx")
    assert entries(folder) == ["Done.xlsx"]
    assert openpyxl_leftovers(own_temp) == []


def test_replacing_a_workbook_gives_the_new_one(sample_store, tmp_path):
    path = tmp_path / "Replaced.xlsx"
    export(sample_store, path, "partner")  # an old workbook (only a workbook is replaced)
    export(sample_store, path, "public")
    assert load(path)[L.ABOUT_SHEET]["B6"].value == "public"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_the_workbook_gets_the_usual_permissions_of_a_new_file(sample_store, tmp_path):
    # mkstemp makes its file readable by its owner only; a workbook saved for partners in a
    # shared folder must be readable as any file the user saves there.
    umask = os.umask(0o022)
    os.umask(umask)
    path = tmp_path / "Shared.xlsx"
    export(sample_store, path, "partner")
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o666 & ~umask, f"the workbook's permissions are {mode:o}"


LOCKED_EXPORT = """
import sys
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.exchange.workbook.writer import export_workbook, write_template
from coprod_desktop.store import AuditStore

with AuditStore.open(sys.argv[1], read_only=True) as store:
    try:
        export_workbook(store, sys.argv[2])
    except ExportError as error:
        print(error)
        sys.exit(3)
"""


def export_message_in_locked_folder(sample_audit, destination) -> str:
    """Export to `destination` as a user the folder's permissions bind, and return the
    ExportError's message. Root ignores permissions, so as root the export runs in a child
    process without the capabilities that let root write anywhere (setpriv, util-linux)."""
    command = [sys.executable, "-c", LOCKED_EXPORT, str(sample_audit), str(destination)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2]
    )
    assert done.returncode == 3, done.stdout + done.stderr
    return done.stdout.strip()


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_a_folder_that_cannot_be_written_to_gives_a_plain_message(sample_audit, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        message = export_message_in_locked_folder(sample_audit, folder / "x.xlsx")
        assert str(folder) in message and "Choose a folder" in message
        assert "Errno" not in message and "Traceback" not in message
        assert len(message.splitlines()) == 1
        assert entries(folder) == []
    finally:
        folder.chmod(0o700)


def test_a_missing_folder_gives_a_plain_message(sample_store, tmp_path):
    with pytest.raises(ExportError) as raised:
        export(sample_store, tmp_path / "No such folder" / "x.xlsx")
    message = str(raised.value)
    assert "No such folder" in message and "does not exist" in message
    assert "Errno" not in message
    assert entries(tmp_path) == []


def test_a_file_in_place_of_the_folder_gives_a_plain_message(sample_store, tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    with pytest.raises(ExportError) as raised:
        export(sample_store, tmp_path / "notes.txt" / "x.xlsx")
    assert "notes.txt" in str(raised.value) and "Errno" not in str(raised.value)
    assert (tmp_path / "notes.txt").read_text() == "not a folder"


def test_a_folder_in_place_of_the_workbook_gives_a_plain_message(sample_store, tmp_path):
    (tmp_path / "Report.xlsx").mkdir()
    with pytest.raises(ExportError) as raised:
        export(sample_store, tmp_path / "Report.xlsx")
    assert "Report.xlsx" in str(raised.value) and "Errno" not in str(raised.value)
    assert entries(tmp_path) == ["Report.xlsx"]
    assert entries(tmp_path / "Report.xlsx") == []


# -- the command line ----------------------------------------------------------------------------


def test_cli_export_writes_the_workbook_and_leaves_the_audit_unchanged(
    sample_audit, tmp_path, capsys
):
    before = sha256(sample_audit)
    out = tmp_path / "Cwm Derwen partners.xlsx"
    assert main(["export", str(sample_audit), "--xlsx", str(out), "--privacy", "partner"]) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    assert str(out) in printed.out and "partner" in printed.out
    assert dict(load(out)[L.ABOUT_SHEET].iter_rows(values_only=True))["privacy"] == "partner"
    assert sha256(sample_audit) == before


def test_cli_export_is_partner_unless_told(sample_audit, tmp_path, capsys):
    out = tmp_path / "all.xlsx"
    assert main(["export", str(sample_audit), "--xlsx", str(out)]) == 0
    assert dict(load(out)[L.ABOUT_SHEET].iter_rows(values_only=True))["privacy"] == "partner"
    assert "privacy: Partner" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("out.csv", "does not end in .xlsx"),
        ("out.xls", "does not end in .xlsx"),
        ("No folder/out.xlsx", "does not exist"),
    ],
)
def test_cli_export_refuses_with_one_plain_line(sample_audit, tmp_path, capsys, name, expected):
    before = sha256(sample_audit)
    assert main(["export", str(sample_audit), "--xlsx", str(tmp_path / name)]) == 1
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert entries(tmp_path) == []
    assert sha256(sample_audit) == before


def test_cli_export_of_a_missing_audit(tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    assert main(["export", str(tmp_path / "Gone.coprod"), "--xlsx", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Gone.coprod" in err and "does not exist" in err
    assert not out.exists()


def test_cli_export_with_an_unknown_privacy_level_is_a_usage_error(sample_audit, tmp_path, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["export", str(sample_audit), "--xlsx", str(tmp_path / "o.xlsx"), "--privacy", "x"])
    assert raised.value.code == 2
    assert "internal" in capsys.readouterr().err
    assert entries(tmp_path) == []


def test_the_read_me_says_when_the_workbook_was_made(sample_audit, tmp_path):
    out = tmp_path / "dated.xlsx"
    assert main(["export", str(sample_audit), "--xlsx", str(out)]) == 0
    readme = dict(
        (label, text) for label, text in load(out)[L.README_SHEET].iter_rows(values_only=True)
    )
    assert readme["Made on"].startswith(date.today().strftime("%d/%m/%Y"))
