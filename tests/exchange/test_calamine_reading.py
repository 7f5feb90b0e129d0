"""Cells read by calamine, a slice of the sheet at a time (exchange/spreadsheet/calamine_rows),
are the values openpyxl read before: each case where calamine alone reads otherwise is shown."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from coprod_desktop.exchange.spreadsheet import calamine_rows, xlsx
from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet
from tests.exchange.hand_made_workbook import hand_made

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture
def calamine_only(monkeypatch):
    """Fail if any row is read by openpyxl, the fallback: calamine must read them all."""

    def no_fallback(*args, **kwargs):
        raise AssertionError("openpyxl read the rows, not calamine")

    monkeypatch.setattr(xlsx, "_row_source", no_fallback)


def calamine_alone(path: Path) -> list[list]:
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python()


def openpyxl_alone(path: Path, name: str | None = None) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book[name] if name else book.worksheets[0]
    sheet.reset_dimensions()
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    return rows


def ours(path: Path, name: str | None = None) -> tuple[list[str], list[tuple[int, list]]]:
    with open_spreadsheet(path) as book:
        sheet = book.sheet(name or book.sheet_names[0])
        return sheet.headers, list(sheet.rows)


def as_openpyxl_reads(path: Path, name: str | None = None) -> list[tuple[int, list]]:
    """The rows under the header as openpyxl reads them, cut to the header's width."""
    headers, _ = ours(path, name)
    found = []
    for number, values in enumerate(openpyxl_alone(path, name), start=1):
        if number <= 1 or all(v is None or v == "" for v in values):
            continue
        row = list(values[: len(headers)])
        found.append((number, row + [None] * (len(headers) - len(row))))
    return found


# -- values --------------------------------------------------------------------------------------


def typed_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Name", "Phone", "Count", "Share", "Member", "Born", "Seen", "Start", "Hours"])
    sheet.append(["Sam", 7700900123, 3, 1.5, True, datetime(1990, 5, 17), None, None, None])
    sheet.append(["Jo", 441632960000, 0, -2.25, False, date(2001, 1, 31), "", "x", None])
    sheet.append(["Al", None, 12, 0.1, None, datetime(2024, 3, 1, 10, 30), None, None, None])
    # numbers with date or time formats, as Excel keeps dates
    sheet["F5"], sheet["G5"], sheet["H5"], sheet["I5"] = 45000, 45000.25, 0.5, 1.25
    sheet["A5"] = "Bo"
    sheet["F5"].number_format = "dd/mm/yyyy"
    sheet["G5"].number_format = "yyyy-mm-dd hh:mm"
    sheet["H5"].number_format = "hh:mm"
    sheet["I5"].number_format = "[h]:mm"
    sheet["A6"], sheet["F6"] = "Cy", time(9, 15)
    book.save(path)
    return path


def test_values_of_every_kind_read_as_openpyxl_reads_them(tmp_path, calamine_only):
    path = typed_workbook(tmp_path / "typed.xlsx")
    raw = calamine_alone(path)
    # calamine alone: empty cells "", whole numbers as floats, a whole day as a date
    assert raw[1][:3] == ["Sam", 7700900123.0, 3.0] and raw[1][6] == ""
    assert raw[1][5] == date(1990, 5, 17)
    headers, rows = ours(path)
    assert headers[1] == "Phone"
    assert rows == as_openpyxl_reads(path)
    assert rows[0][1] == [
        "Sam", 7700900123, 3, 1.5, True, datetime(1990, 5, 17), None, None, None
    ]  # fmt: skip
    assert type(rows[0][1][1]) is int  # a phone number is never "7700900123.0"
    assert rows[3][1][5:] == [
        datetime(2023, 3, 15),
        datetime(2023, 3, 15, 6),
        time(12),
        timedelta(hours=30),
    ]
    assert rows[4][1][5] == time(9, 15)


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # openpyxl alone
def test_the_1904_date_system(tmp_path, calamine_only):
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Born</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Sam</t></is></c>'
        '<c r="B2" s="1"><v>0</v></c></row>'
        '<row r="3"><c r="A3" t="inlineStr"><is><t>Jo</t></is></c>'
        '<c r="B3" s="1"><v>45000</v></c></row>'
    )
    for system, dates in (
        ("", [time(0), datetime(2023, 3, 15)]),
        ('<workbookPr date1904="1"/>', [time(0), datetime(2027, 3, 16)]),
    ):
        path = hand_made(tmp_path / "dates.xlsx", cells, workbook_pr=system)
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("xl/styles.xml", styles)
        _, rows = ours(path)
        assert [values[1] for _, values in rows] == dates
        assert rows == as_openpyxl_reads(path)


def test_error_cells_keep_their_text(tmp_path, calamine_only):
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Total</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Sam</t></is></c>'
        '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    )
    path = hand_made(tmp_path / "errors.xlsx", cells)
    assert calamine_alone(path)[1] == ["Sam", ""]  # calamine alone: empty
    _, rows = ours(path)
    assert rows == [(2, ["Sam", "#DIV/0!"])] == as_openpyxl_reads(path)


def test_spaces_and_escapes_in_inline_strings_as_written(tmp_path, calamine_only):
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Group</t></is></c></row>'
        # runs with the space at a text's end, without xml:space: calamine drops the space
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>Cwm </t></r><r><t>Arts</t></r></is></c>'
        '<c r="B2" t="inlineStr"><is><t>  padded  </t></is></c></row>'
        # what looks like Excel's escape of a character: calamine decodes it, we did not
        '<row r="3"><c r="A3" t="inlineStr"><is><t>a_x0041_b</t></is></c>'
        '<c r="B3" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c></row>'
        # another attribute on the text: read from the XML
        '<row r="4"><c r="A4" t="inlineStr"><is><t xml:lang="cy"> Tŷ </t></is></c></row>'
    )
    path = hand_made(tmp_path / "spaces.xlsx", cells)
    raw = calamine_alone(path)
    assert raw[1] == ["CwmArts", "padded"] and raw[2][0] == "aAb"
    _, rows = ours(path)
    assert rows == [
        (2, ["Cwm Arts", "  padded  "]),
        (3, ["a_x0041_b", " kept "]),
        (4, [" Tŷ ", None]),
    ]


def test_shared_strings_reach_calamine_as_we_read_them(tmp_path, calamine_only):
    shared = (
        "<si><t>Name</t></si><si><t>Note</t></si>"
        "<si><r><t>Cwm </t></r><r><t>Arts</t></r></si>"  # runs, a space without xml:space
        "<si><t>a_x005F_x0041_b &amp; &lt;c&gt;</t></si>"  # escaped underscore, markup signs
        "<si><t>two&#13;\nlines</t></si>"
        "<si><t>Si<b>â</b>n</t></si>"  # markup nested in the text
    )
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{2 * n - 2}</v></c>'
        f'<c r="B{n}" t="s"><v>{2 * n - 1}</v></c></row>'
        for n in (1, 2, 3)
    )
    path = hand_made(tmp_path / "shared.xlsx", cells, shared=shared)
    _, rows = ours(path)
    assert rows == [(2, ["Cwm Arts", "a_x0041_b & <c>"]), (3, ["two\r\nlines", "Siân"])]


# -- slices ------------------------------------------------------------------------------------


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(calamine_rows, "FIRST_SLICE_BYTES", 300)
    monkeypatch.setattr(calamine_rows, "SLICE_BYTES", 2000)


def sliced_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Report of members"])  # a title above the header
    sheet.append([])
    sheet.append(["Name", "Phone", "Joined", "Note"])
    for n in range(1, 400):
        if n % 37 == 0:
            sheet.append([])  # a blank row
        elif n % 11 == 0:
            sheet.append([None, None, None, f"note {n}"])  # a slice may start at column D
        else:
            sheet.append([f"Person {n}", 7700900000 + n, datetime(2020, 1, 1) + timedelta(n), None])
    sheet["D50"] = "=B50*2"  # a formula never calculated
    book.save(path)
    return path


def test_a_sheet_read_in_many_slices_reads_as_one(
    tmp_path, small_slices, calamine_only, monkeypatch
):
    path = sliced_workbook(tmp_path / "slices.xlsx")
    monkeypatch.setattr(xlsx, "SCAN_FIRST_BYTES", 10)  # the scan is fed the slices
    with open_spreadsheet(path) as book:
        sheet = book.sheet("People")
        assert (sheet.header_row, sheet.headers) == (3, ["Name", "Phone", "Joined", "Note"])
        rows = list(sheet.rows)
        assert (sheet.formula_cells, sheet.uncalculated_formulas) == (1, 1)
    expected = [(n, v) for n, v in as_openpyxl_reads(path) if n > 3]
    assert rows == expected and len(rows) == 399 - 399 // 37


def test_where_calamine_cannot_read_on_openpyxl_does(tmp_path, small_slices, monkeypatch):
    path = sliced_workbook(tmp_path / "slices.xlsx")
    read_slice, calls = calamine_rows._read_slice, []

    def third_fails(*args):
        calls.append(1)
        if len(calls) == 3:
            raise python_calamine.CalamineError("a slice calamine cannot read")
        return read_slice(*args)

    monkeypatch.setattr(calamine_rows, "_read_slice", third_fails)
    _, rows = ours(path)
    assert len(calls) == 3
    assert rows == [(n, v) for n, v in as_openpyxl_reads(path) if n > 3]


def test_the_first_rows_come_before_the_sheet_is_read(tmp_path, monkeypatch):
    path = sliced_workbook(tmp_path / "slices.xlsx")
    monkeypatch.setattr(calamine_rows, "FIRST_SLICE_BYTES", 300)
    read_slice, sizes = calamine_rows._read_slice, []

    def measured(parts, sheet):
        sizes.append(len(sheet))
        return read_slice(parts, sheet)

    monkeypatch.setattr(calamine_rows, "_read_slice", measured)
    with open_spreadsheet(path) as book:
        rows = book.sheet("People").rows
        next(rows)
        assert sum(sizes) < 10_000  # a few small slices, not the sheet's 57 kB
        assert sum(1 for _ in rows) == 398 - 399 // 37


def test_an_empty_sheet_and_a_workbook_in_memory(tmp_path, calamine_only):
    path = hand_made(tmp_path / "empty.xlsx", "")
    headers, rows = ours(path)
    assert (headers, rows) == ([], [])
    book = calamine_rows.BookParts(None, False, None).workbook(
        f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
    )
    assert isinstance(book, io.BytesIO)


NUMBER_FORMATS = [
    "General", "0", "0.00", "#,##0", "0%", "@", "dd/mm/yyyy", "d-mmm-yy", "mmm-yy", "h:mm AM/PM",
    "h:mm:ss", "m/d/yy h:mm", "mm:ss", "[h]:mm:ss", "[$-F800]dddd, mmmm dd, yyyy", '0.00 "d"',
    '#,##0 "days"', "[$-409]mmmm d, yyyy;@", 'yyyy"年"m"月"d"日"', "[Red]0.00", "0.00E+00",
    "# ?/?", "[$£-809]#,##0.00", "dd/mm/yyyy hh:mm:ss", "[mm]:ss", "ddd",
]  # fmt: skip


def test_numbers_in_every_format_read_as_openpyxl_reads_them(tmp_path, calamine_only):
    """calamine and openpyxl each decide from a number's format whether it is a date."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(["Name", *(f"Format {i}" for i in range(len(NUMBER_FORMATS)))])
    for row, value in enumerate((45000.5, 12, 0.25, 59, 61), start=2):
        sheet.append([f"Row {row}", *[value] * len(NUMBER_FORMATS)])
        for column, number_format in enumerate(NUMBER_FORMATS, start=2):
            sheet.cell(row, column).number_format = number_format
    path = tmp_path / "formats.xlsx"
    book.save(path)
    _, rows = ours(path)
    expected = as_openpyxl_reads(path)
    assert rows == expected
    assert [[type(v) for v in values] for _, values in rows] == [
        [type(v) for v in values] for _, values in expected
    ]
