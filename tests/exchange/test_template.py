"""The partner template: a workbook partners fill in offline and send back."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.exchange.workbook.writer import HOW_TO_FILL_IN, write_template
from tests.exchange.conftest import (
    CODED,
    all_cells,
    allowed_labels,
    headers,
    list_rule_for,
    list_source,
    sha256,
    sheet_records,
)

PARTNER = PrivacyLevel.PARTNER
TEMPLATE_SHEETS = ["Read me", *(s.name for s in L.TEMPLATE_SHEETS), "About this file", "Lists"]


@pytest.fixture(scope="module")
def blank_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "Partner template.xlsx"
    result = write_template(path)
    return path, result


@pytest.fixture(scope="module")
def audit_template(tmp_path_factory, sample_store):
    path = tmp_path_factory.mktemp("template") / "Template with assets.xlsx"
    result = write_template(path, store=sample_store)
    return path, result


def example_rows(ws, sheet: L.Sheet) -> list[list]:
    id_index = [c.kind for c in sheet.columns_at(PARTNER)].index(Kind.ID)
    return [row for row in ws.iter_rows(min_row=2) if row[id_index].value == L.EXAMPLE_ID]


@pytest.mark.parametrize("which", ["blank_template", "audit_template"])
def test_the_template_has_the_sheets_partners_add_to(request, which):
    path, result = request.getfixturevalue(which)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == TEMPLATE_SHEETS
    assert {ws.title for ws in book.worksheets if ws.sheet_state == "hidden"} == {
        L.ABOUT_SHEET,
        L.LISTS_SHEET,
    }
    about = dict(book[L.ABOUT_SHEET].iter_rows(values_only=True))
    assert about["format"] == L.WORKBOOK_FORMAT
    assert about["kind"] == "template" and about["privacy"] == "partner"
    assert result.privacy is PARTNER and result.path == path
    for sheet in L.TEMPLATE_SHEETS:
        ws = book[sheet.name]
        assert headers(ws) == [c.header for c in sheet.columns_at(PARTNER)]
        (table,) = ws.tables.values()
        assert table.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        assert table.autoFilter.ref == table.ref
        assert ws.freeze_panes == "A2"
        for column in sheet.columns_at(PARTNER):
            if column.kind in CODED:
                letter = openpyxl.utils.get_column_letter(headers(ws).index(column.header) + 1)
                rule = list_rule_for(ws, letter)
                assert list_source(book, rule.formula1) == allowed_labels(column)


def test_a_blank_template_holds_one_marked_example_per_sheet(blank_template):
    path, result = blank_template
    book = openpyxl.load_workbook(path)
    for sheet in L.TEMPLATE_SHEETS:
        ws = book[sheet.name]
        rows = example_rows(ws, sheet)
        assert len(rows) == len(sheet.examples) == 1, sheet.name
        assert ws.max_row == 2, sheet.name  # nothing but the example
        assert result.sheets[sheet.name] == 1
        filled = [cell for cell in rows[0] if cell.value is not None]
        # Marked as an example: a cell says so, and the whole row is set in grey italics.
        assert any(str(cell.value).startswith("Example") for cell in filled), sheet.name
        assert all(cell.font.i for cell in filled), sheet.name


def test_example_rows_use_only_values_their_drop_downs_offer(blank_template):
    book = openpyxl.load_workbook(blank_template[0])
    for sheet in L.TEMPLATE_SHEETS:
        ws = book[sheet.name]
        (row,) = example_rows(ws, sheet)
        for column, cell in zip(sheet.columns_at(PARTNER), row, strict=True):
            if column.kind in CODED and cell.value is not None:
                assert str(cell.value) in allowed_labels(column), (sheet.name, column.header)
            if column.kind is Kind.CHOICES and cell.value:
                labels = {m.label for m in column.choices}
                assert set(cell.value.split(L.MULTI_SEPARATOR)) <= labels, column.header


def test_example_children_name_the_example_person(blank_template):
    book = openpyxl.load_workbook(blank_template[0])
    person = sheet_records(book["People"])[0]["Name"]
    for name in ("Capabilities", "Role details"):
        (row,) = sheet_records(book[name])
        assert row["Person"] == person
        assert row["Person ID"] is None  # a new person has no ID yet


def test_a_blank_template_belongs_to_no_audit(blank_template):
    about = dict(
        openpyxl.load_workbook(blank_template[0])[L.ABOUT_SHEET].iter_rows(values_only=True)
    )
    assert not about["audit_id"]


def test_the_read_me_says_how_to_fill_it_in(blank_template):
    rows = list(
        openpyxl.load_workbook(blank_template[0])[L.README_SHEET].iter_rows(values_only=True)
    )
    texts = [text for row in rows for text in row if text]
    assert "How to fill it in" in texts
    for line in HOW_TO_FILL_IN:
        assert line in texts
    assert any("Example" in text and "examples" in text for text in texts)
    listed = {label for label, _ in rows if label}
    assert {s.name for s in L.TEMPLATE_SHEETS} <= listed
    assert "The six elements of co-production" in texts


def test_with_an_audit_the_template_holds_its_assets_to_extend(audit_template, sample_store):
    path, result = audit_template
    assets = {a.id: a for a in sample_store.iterate(r.CommunityAsset)}
    book = openpyxl.load_workbook(path)
    ws = book["Assets"]
    assert "Contact" not in headers(ws)  # partner level
    rows = sheet_records(ws)
    assert rows[0]["Asset ID (leave as it is)"] == L.EXAMPLE_ID
    existing = {row["Asset ID (leave as it is)"]: row for row in rows[1:]}
    assert existing.keys() == assets.keys()
    for asset_id, row in existing.items():
        asset = assets[asset_id]
        assert row["Name"] == asset.name
        assert row["Category"] == asset.category.label
        assert row["Postcode"] == (asset.postcode or None)
    assert result.sheets["Assets"] == len(assets) + 1
    about = dict(book[L.ABOUT_SHEET].iter_rows(values_only=True))
    assert about["audit_id"] == sample_store.audit().id
    assert about["schema_version"] == str(sample_store.schema_version)


def test_a_template_from_an_audit_gives_away_no_people_or_contacts(audit_template, sample_store):
    texts = [str(value) for _, _, value in all_cells(audit_template[0])]
    contacts = {a.contact for a in sample_store.iterate(r.CommunityAsset) if a.contact}
    people = list(sample_store.iterate(r.Person))
    assert not [t for t in texts if any(contact in t for contact in contacts)]
    assert not {p.name for p in people} & set(texts)
    assert not {p.id for p in people} & set(texts)
    book = openpyxl.load_workbook(audit_template[0])
    for sheet in ("People", "Capabilities", "Role details", "Actions"):
        assert book[sheet].max_row == 2, sheet  # the example only


def test_writing_a_template_leaves_the_audit_unchanged(sample_audit, tmp_path):
    from coprod_desktop.store import AuditStore

    before = sha256(sample_audit)
    with AuditStore.open(sample_audit, read_only=True) as store:
        write_template(tmp_path / "t.xlsx", store=store)
    assert sha256(sample_audit) == before


def test_formula_like_asset_names_stay_text_in_a_template(formula_audit, tmp_path):
    path = tmp_path / "t.xlsx"
    write_template(path, store=formula_audit)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(?:\w+:)?f[\s>/]", archive.read(name)), name
    names = [row["Name"] for row in sheet_records(openpyxl.load_workbook(path)["Assets"])]
    assert len(names) == 7 and names[0].startswith("Example")


def test_a_cancelled_template_leaves_nothing(sample_store, tmp_path):
    class Stop(Exception):
        pass

    def progress(done, total):
        raise Stop

    with pytest.raises(Stop):
        write_template(tmp_path / "t.xlsx", store=sample_store, progress=progress)
    assert list(tmp_path.iterdir()) == []


# -- the command line ----------------------------------------------------------------------------


def test_cli_template(tmp_path, capsys):
    out = tmp_path / "For partners.xlsx"
    assert main(["template", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.err == "" and str(out) in printed.out
    assert "community assets" not in printed.out
    assert openpyxl.load_workbook(out).sheetnames == TEMPLATE_SHEETS


def test_cli_template_from_an_audit(sample_audit, sample_store, tmp_path, capsys):
    before = sha256(sample_audit)
    out = tmp_path / "With assets.xlsx"
    assert main(["template", str(out), "--from", str(sample_audit)]) == 0
    printed = capsys.readouterr().out
    assert f"{sample_store.count(r.CommunityAsset)} community assets" in printed
    assert sha256(sample_audit) == before
    about = dict(openpyxl.load_workbook(out)[L.ABOUT_SHEET].iter_rows(values_only=True))
    assert about["audit_id"] == sample_store.audit().id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("template.csv", "does not end in .xlsx"),
        ("template", "does not end in .xlsx"),
        ("Missing folder/template.xlsx", "does not exist"),
    ],
)
def test_cli_template_refuses_with_one_plain_line(tmp_path, capsys, name, expected):
    assert main(["template", str(tmp_path / name)]) == 1
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_template_from_a_missing_audit(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", str(out), "--from", str(tmp_path / "Nowhere.coprod")]) == 1
    err = capsys.readouterr().err
    assert "Nowhere.coprod" in err and "does not exist" in err
    assert list(tmp_path.iterdir()) == []
