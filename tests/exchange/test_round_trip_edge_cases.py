"""An export imported back changes nothing, whatever the text holds (issue 21, item 6).

Languages and tags that start with "-", hold commas or semicolons or start with a tab; text
that Excel would take for a formula, full-width signs included; a CSV whose last quotation
mark is never closed; a workbook cell whose text has markup nested in it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import CapabilityKind, PrivacyLevel
from coprod_desktop.exchange import values as V
from coprod_desktop.exchange.importing.importer import plan_import
from coprod_desktop.exchange.spreadsheet import xlsx
from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError, open_spreadsheet
from coprod_desktop.exchange.workbook.writer import export_workbook
from tests.exchange.hand_made_workbook import hand_made

LANGUAGES = (
    "-Sign Supported English",
    "Welsh, North Wales",
    "\tBSL",
    "English",
    "Urdu; Punjabi",
    "english",  # differs from another only in case
)
TAGS = ("-urgent", "a, b", "\ttab first", '"quoted"', "plain", "• bullet", "x/y", " spaced ")
FULL_WIDTH = ("＝SUM(A1)", "＋44 20", "－5", "＠home")


@pytest.fixture
def awkward_audit(new_audit):
    person = new_audit.add(
        r.Person(
            name="Siân Jones",
            languages=LANGUAGES,
            organisation=FULL_WIDTH[0],
            address=FULL_WIDTH[1],
            availability=FULL_WIDTH[2],
            notes=FULL_WIDTH[3],
        )
    )
    new_audit.add(
        r.Capability(
            person_id=person.id,
            kind=CapabilityKind.HANDS,
            description="-starts with a minus, <b>has markup</b>",
            tags=TAGS,
        )
    )
    new_audit.add(
        r.Capability(person_id=person.id, kind=CapabilityKind.HEAD, description="=1+1", tags=("-",))
    )
    return new_audit


@pytest.mark.parametrize("level", [PrivacyLevel.INTERNAL, PrivacyLevel.PARTNER])
def test_an_export_imported_back_changes_nothing(awkward_audit, tmp_path, level):
    path = tmp_path / "export.xlsx"
    export_workbook(awkward_audit, path, privacy=level)
    plan = plan_import(awkward_audit, path)
    assert plan.errors == []
    assert (plan.new, plan.changed) == (0, 0), [str(c) for c in plan.changes]
    assert plan.unchanged == 3


def test_the_list_cells_read_back_as_the_values(awkward_audit, tmp_path):
    path = tmp_path / "export.xlsx"
    export_workbook(awkward_audit, path, privacy=PrivacyLevel.INTERNAL)
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book["People"].iter_rows(values_only=True))
    languages = rows[1][rows[0].index("Languages")]
    book.close()
    assert V.parse_words(languages) == LANGUAGES
    # A plain list stays as people write it.
    assert V.parse_words("Welsh; English") == ("Welsh", "English")
    assert V.parse_words("- Welsh\n- English") == ("Welsh", "English")
    assert V.parse_words("Welsh; welsh, WELSH") == ("Welsh",)


def test_full_width_formula_signs_get_the_quote_prefix(awkward_audit, tmp_path):
    path = tmp_path / "export.xlsx"
    export_workbook(awkward_audit, path, privacy=PrivacyLevel.INTERNAL)
    book = openpyxl.load_workbook(path)
    found = {}
    for row in book["People"].iter_rows():
        for cell in row:
            if cell.value in FULL_WIDTH:
                found[cell.value] = (cell.data_type, cell.quotePrefix)
    assert found == dict.fromkeys(FULL_WIDTH, ("s", True))


@pytest.mark.parametrize(
    "text",
    ['Name,Note\nSam,fine\nJo,"never closed', 'Name,Note\nSam,fine\nJo,"never closed\n'],
    ids=["no line break at the end", "a line break at the end"],
)
def test_a_quote_left_open_at_the_end_is_a_problem_with_its_line(new_audit, tmp_path, text):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpreadsheetError) as caught:
        plan_import(new_audit, path)
    assert caught.value.row == 3
    assert "never closed" in str(caught.value) and "row 3" in str(caught.value)


def test_a_closed_quote_at_the_end_is_data(new_audit, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text('Name,Note\nSam,fine\nJo,"closed, with ""quotes"""', encoding="utf-8")
    plan = plan_import(new_audit, path)
    assert plan.new == 2 and not plan.errors


# -- workbooks whose cells hold markup ----------------------------------------------------------


def markup_workbook(path: Path, shared: str, cells: str) -> Path:
    """A workbook of one sheet, People, whose XML is written by hand."""
    return hand_made(path, cells, shared)


SHARED = (
    "<si><t>Name</t></si><si><t>Organisation</t></si>"
    "<si><t>Si<b>â</b>n Jones</t></si>"  # markup nested in the text
    "<si><r><rPr><b/></rPr><t><i>Dai</i> Morgan</t></r></si>"  # a run whose text starts with it
    "<si><r><t>Cwm </t></r><r><rPr><b/></rPr><t>Arts</t></r></si>"  # plain rich text runs
    '<si><t>Tŷ Hapus</t><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>'  # a reading hint
)
HEADER = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def test_nested_markup_in_shared_strings_is_read_as_its_text(new_audit, tmp_path):
    cells = (
        HEADER + '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>4</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>5</v></c></row>'
    )
    path = markup_workbook(tmp_path / "people.xlsx", SHARED, cells)
    with open_spreadsheet(path) as book:
        rows = [values for _, values in book.sheet("People").rows]
    assert rows == [["Siân Jones", "Cwm Arts"], ["Dai Morgan", "Tŷ Hapus"]]
    plan = plan_import(new_audit, path)
    assert sorted(p.name for p in plan.adds) == ["Dai Morgan", "Siân Jones"]


def test_nested_markup_in_inline_strings_is_read_as_its_text(tmp_path):
    cells = (
        HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>Si<b>â</b>n Jones</t></is></c>'
        '<c r="B2" t="inlineStr"><is><r><t><i>Cwm</i> Arts</t></r></is></c></row>'
    )
    path = markup_workbook(tmp_path / "inline.xlsx", SHARED, cells)
    with open_spreadsheet(path) as book:
        rows = [values for _, values in book.sheet("People").rows]
    assert rows == [["Siân Jones", "Cwm Arts"]]


def test_nested_markup_in_a_sheet_too_big_to_scan_first_is_not_dropped(tmp_path, monkeypatch):
    # Sheets bigger than SCAN_FIRST_BYTES are not scanned first: each slice calamine reads
    # is looked at for such cells as it is read (calamine_rows), so they are read whole.
    monkeypatch.setattr(xlsx, "SCAN_FIRST_BYTES", 100)
    cells = HEADER + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Si<b>â</b>n Jones</t></is></c></row>'
    )
    path = markup_workbook(tmp_path / "big.xlsx", SHARED, cells)
    with open_spreadsheet(path) as book:
        assert list(book.sheet("People").rows) == [(2, ["Siân Jones", None])]


# Markup around the text elements rather than inside them: Excel shows every text element of
# the string, runs included, but not the reading hints (rPh) it keeps for Japanese names.
WRAPPED = (
    "<si><t>Name</t></si><si><t>Organisation</t></si>"
    "<si><x><t>Siân Jones</t></x></si>"  # an element wrapped around the text
    "<si><x><r><rPr><b/></rPr><t>Dai </t></r><r><t>Morgan</t></r></x></si>"  # ...around runs
    "<si><r><rPr><b/></rPr><x><t>Cwm</t></x><t> Arts</t></r></si>"  # ...inside a run
    '<si><rPh sb="0" eb="1"><t>hint</t></rPh><t>Tŷ </t><t>Hapus</t></si>'  # two texts, a hint
    '<si><r><t>Ana </t></r><rPh sb="0" eb="1"><t>hint</t></rPh><r><t>Lee</t></r></si>'
)


def test_markup_around_the_text_of_shared_strings_is_read_as_excel_shows_it(new_audit, tmp_path):
    cells = (
        HEADER + '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>4</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>5</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" t="s"><v>4</v></c></row>'
    )
    path = markup_workbook(tmp_path / "wrapped.xlsx", WRAPPED, cells)
    with open_spreadsheet(path) as book:
        rows = [values for _, values in book.sheet("People").rows]
    assert rows == [["Siân Jones", "Cwm Arts"], ["Dai Morgan", "Tŷ Hapus"], ["Ana Lee", "Cwm Arts"]]
    plan = plan_import(new_audit, path)
    assert sorted(p.name for p in plan.adds) == ["Ana Lee", "Dai Morgan", "Siân Jones"]


def test_markup_around_the_text_of_inline_strings_is_read_as_excel_shows_it(tmp_path):
    cells = (
        HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><x><t>Siân Jones</t></x></is></c>'
        '<c r="B2" t="inlineStr"><is><r><x><t>Cwm</t></x><t> Arts</t></r></is></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Dai </t><t>Morgan</t></is></c>'
        '<c r="B3" t="inlineStr"><is><rPh sb="0" eb="1"><t>hint</t></rPh><t>Tŷ Hapus</t></is>'
        '</c></row><row r="4"><c r="A4" t="inlineStr"><is><r><t>Ana </t></r><rPh sb="0" eb="1">'
        "<t>hint</t></rPh><r><t>Lee</t></r></is></c>"
        '<c r="B4" t="inlineStr"><is><t>Plain</t></is></c></row>'
    )
    path = markup_workbook(tmp_path / "inline.xlsx", SHARED, cells)
    with open_spreadsheet(path) as book:
        rows = [values for _, values in book.sheet("People").rows]
    assert rows == [["Siân Jones", "Cwm Arts"], ["Dai Morgan", "Tŷ Hapus"], ["Ana Lee", "Plain"]]


def test_markup_around_inline_text_in_a_sheet_too_big_to_scan_first_is_not_dropped(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(xlsx, "SCAN_FIRST_BYTES", 100)
    cells = HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><x><t>Siân</t></x></is></c></row>'
    path = markup_workbook(tmp_path / "big.xlsx", SHARED, cells)
    with open_spreadsheet(path) as book:
        assert list(book.sheet("People").rows) == [(2, ["Siân", None])]
