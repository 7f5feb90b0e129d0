"""Opening spreadsheets people send: workbooks and CSV files, and every kind of wrong file."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coprod_desktop.exchange.spreadsheet import xlsx
from coprod_desktop.exchange.spreadsheet.reader import (
    MAX_UNCOMPRESSED,
    SheetRows,
    Spreadsheet,
    SpreadsheetError,
    clean_header,
    header_key,
    open_spreadsheet,
)
from coprod_desktop.exchange.workbook import columns as layout

FIXTURES = Path(__file__).parent.parent / "fixtures" / "spreadsheets"
WELSH = "Gwenllian Tŷ, Ŵyre Âl"
OTHER_SCRIPTS = "Zoë 李小龙 Ελένη Даша مريم"
INTERNAL_WORDS = ("openpyxl", "zipfile", "BadZipFile", "Traceback", "Error:", "None", "xml")


def assert_plain(error: SpreadsheetError, path: Path, *phrases: str) -> None:
    """The message names the file, says what is wrong and what to do, and no internal names."""
    message = str(error)
    assert message.startswith((path.name + ":", path.name + ",")), message
    for phrase in phrases:
        assert phrase in message, message
    for word in INTERNAL_WORDS:
        assert word not in message.replace(path.name, ""), message
    assert error.path == path
    assert error.problem and error.advice


def refused(path: Path) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as caught:
        open_spreadsheet(path)
    return caught.value


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read(spreadsheet: Spreadsheet, name: str | None = None, **kwargs) -> SheetRows:
    return spreadsheet.sheet(name or spreadsheet.sheet_names[0], **kwargs)


def workbook(path: Path, rows: list[list], title: str = "People") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# -- hand-made workbooks: the XML as other programs write it -----------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
    '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def hand_made(
    path: Path, rows, *, dimension: str | None = None, prefix: str = "", doctype: str = ""
) -> Path:
    """Write a one-sheet workbook ("Data") whose sheet XML holds `rows` (strings or chunks)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN_NS}"' if prefix else f'xmlns="{MAIN_NS}"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            start = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<{p}worksheet {xmlns}>'
            if dimension:
                start += f'<{p}dimension ref="{dimension}"/>'
            sheet.write((start + f"<{p}sheetData>").encode())
            for chunk in [rows] if isinstance(rows, str) else rows:
                sheet.write(chunk.encode())
            sheet.write(f"</{p}sheetData></{p}worksheet>".encode())
    return path


def text_cell(ref: str, text: str, p: str = "") -> str:
    return f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'


def row_xml(number: int, cells: str, p: str = "") -> str:
    return f'<{p}row r="{number}">{cells}</{p}row>'


# -- workbooks ----------------------------------------------------------------------------------


def test_a_workbook_reads_row_by_row_with_excel_row_numbers(tmp_path):
    path = workbook(
        tmp_path / "people.xlsx",
        [
            ["Name", "Joined", "Sessions", "Paid", "Score"],
            ["Sam Jones", datetime(2025, 4, 3), 12, True, 2.5],
            [],
            ["Jo Bloggs", None, 0, False, None],
        ],
    )
    with open_spreadsheet(path) as spreadsheet:
        assert spreadsheet.kind == "xlsx"
        assert spreadsheet.path == path
        assert spreadsheet.sheet_names == ["People"]
        assert spreadsheet.about is None
        sheet = spreadsheet.sheet("People")
        assert sheet.name == "People"
        assert sheet.header_row == 1
        assert sheet.headers == ["Name", "Joined", "Sessions", "Paid", "Score"]
        assert sheet.total_rows == 4
        assert list(sheet.rows) == [
            (2, ["Sam Jones", datetime(2025, 4, 3), 12, True, 2.5]),
            (4, ["Jo Bloggs", None, 0, False, None]),
        ]
        assert sheet.formula_cells == 0
        assert sheet.column_name(0) == "A (Name)"


def test_what_a_file_is_comes_from_its_content_not_its_name(tmp_path):
    book = workbook(tmp_path / "book.xlsx", [["Name", "Area"], ["Sam", "Riverside"]])
    renamed = tmp_path / "people.csv"
    shutil.copy(book, renamed)
    with open_spreadsheet(renamed) as spreadsheet:
        assert spreadsheet.kind == "xlsx"
        assert list(read(spreadsheet).rows) == [(2, ["Sam", "Riverside"])]
    text = tmp_path / "people.xlsx"
    text.write_text("Name,Area\nSam,Riverside\n", encoding="utf-8")
    with open_spreadsheet(text) as spreadsheet:
        assert spreadsheet.kind == "csv"
        assert spreadsheet.sheet_names == ["people"]
        assert list(read(spreadsheet).rows) == [(2, ["Sam", "Riverside"])]


def test_hidden_sheets_are_not_listed_and_the_about_sheet_is_read(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "People"
    book.active.append(["Name"])
    book.create_sheet("Assets").append(["Name"])
    about = book.create_sheet(layout.ABOUT_SHEET)
    about.sheet_state = "hidden"
    about.append(["format", layout.WORKBOOK_FORMAT])
    about.append(["audit_id", "0b0e6c1e-1111-4a4a-9999-123456789abc"])
    about.append(["schema_version", 3])
    about.append([None, "ignored"])
    about.append(["privacy", None])
    lists = book.create_sheet(layout.LISTS_SHEET)
    lists.sheet_state = "hidden"
    lists.append(["Yes", "No"])
    book.create_sheet("Secret").sheet_state = "veryHidden"
    path = tmp_path / "export.xlsx"
    book.save(path)
    with open_spreadsheet(path) as spreadsheet:
        assert spreadsheet.sheet_names == ["People", "Assets"]
        assert spreadsheet.about == {
            "format": layout.WORKBOOK_FORMAT,
            "audit_id": "0b0e6c1e-1111-4a4a-9999-123456789abc",
            "schema_version": "3",
            "privacy": "",
        }
        # a hidden sheet can still be read by name
        assert read(spreadsheet, layout.LISTS_SHEET).headers == ["Yes", "No"]


def test_our_sheets_of_lists_stay_out_even_when_someone_unhid_them(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "People"
    about = book.create_sheet(layout.ABOUT_SHEET)
    about.append(["format", layout.WORKBOOK_FORMAT])
    book.create_sheet(layout.LISTS_SHEET)
    path = tmp_path / "unhidden.xlsx"
    book.save(path)
    with open_spreadsheet(path) as spreadsheet:
        assert spreadsheet.sheet_names == ["People"]


def test_titles_notes_and_blank_rows_above_the_header_are_passed_over(tmp_path):
    path = workbook(
        tmp_path / "assets.xlsx",
        [
            ["Community assets in Riverside"],
            [],
            ["Updated by the tenants' association", None, None, "March 2025"],
            [None, "  Asset\nname *", "Category*", "Post   code"],
            [None, "Community hall", "Physical spaces", "CF10 1AA", "a note past the headers"],
            [None, "Food bank", None],
        ],
        title="Assets",
    )
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        assert sheet.header_row == 4
        assert sheet.headers == ["", "Asset name", "Category", "Post code"]
        assert list(sheet.rows) == [
            (5, [None, "Community hall", "Physical spaces", "CF10 1AA"]),
            (6, [None, "Food bank", None, None]),
        ]


def test_known_headers_pick_the_header_row_among_look_alikes(tmp_path):
    path = workbook(
        tmp_path / "people.xlsx",
        [
            ["Volunteers", "2025"],
            ["Prepared by", "Sam"],
            ["Full name", "E-mail", "Phone"],
            ["Jo Bloggs", "jo@example.org", "01234 567890"],
        ],
    )
    with open_spreadsheet(path) as spreadsheet:
        found = read(spreadsheet, known_headers=["full name", "email address", "e_mail", "phone"])
        assert found.header_row == 3
        assert list(found.rows) == [(4, ["Jo Bloggs", "jo@example.org", "01234 567890"])]


def test_merged_header_cells_give_their_text_to_every_column_they_cover(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet["A1"] = "Name"
    sheet["B1"] = "Contact"
    sheet.merge_cells("B1:C1")
    sheet["D1"] = "Notes"
    sheet.append(["Sam", "sam@example.org", "01234", "likes gardening"])
    path = tmp_path / "merged.xlsx"
    book.save(path)
    with open_spreadsheet(path) as spreadsheet:
        rows = read(spreadsheet)
        assert rows.headers == ["Name", "Contact", "Contact", "Notes"]
        assert list(rows.rows) == [(2, ["Sam", "sam@example.org", "01234", "likes gardening"])]


def test_two_header_rows_with_merged_cells_read_by_known_headers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Name"
    sheet.merge_cells("A1:A2")
    sheet["B1"] = "Contact details"
    sheet.merge_cells("B1:C1")
    sheet["B2"] = "Email"
    sheet["C2"] = "Phone"
    sheet.append(["Sam", "sam@example.org", "01234"])
    path = tmp_path / "two-rows.xlsx"
    book.save(path)
    with open_spreadsheet(path) as spreadsheet:
        rows = read(spreadsheet, known_headers=["Name", "Email", "Phone"])
        assert rows.header_row == 2
        assert rows.headers == ["Name", "Email", "Phone"]
        assert list(rows.rows) == [(3, ["Sam", "sam@example.org", "01234"])]


def test_an_empty_sheet_has_no_header_and_no_rows(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Empty"
    book.create_sheet("Blank").append([None, "  ", None])
    path = tmp_path / "empty-sheets.xlsx"
    book.save(path)
    with open_spreadsheet(path) as spreadsheet:
        for name in ("Empty", "Blank"):
            rows = spreadsheet.sheet(name)
            assert (rows.header_row, rows.headers, list(rows.rows)) == (0, [], [])


def test_a_sheet_that_is_not_there_is_named_with_the_sheets_that_are(tmp_path):
    path = workbook(tmp_path / "people.xlsx", [["Name"]])
    with open_spreadsheet(path) as spreadsheet, pytest.raises(SpreadsheetError) as caught:
        spreadsheet.sheet("Peeple")
    assert_plain(caught.value, path, "no sheet called 'Peeple'", "'People'")


def test_a_sheet_can_be_read_twice(tmp_path):
    path = workbook(tmp_path / "people.xlsx", [["Name", "Area"], ["Sam", "Riverside"]])
    with open_spreadsheet(path) as spreadsheet:
        first, second = read(spreadsheet), read(spreadsheet)
        assert list(first.rows) == list(second.rows) == [(2, ["Sam", "Riverside"])]
        assert first.total_rows == second.total_rows == 2


def test_a_wrong_dimension_in_the_file_does_not_cut_the_rows_short(tmp_path):
    rows = "".join(
        row_xml(n, text_cell(f"A{n}", f"Person {n}") + f'<c r="B{n}"><v>{n}</v></c>')
        for n in range(2, 7)
    )
    header = row_xml(1, text_cell("A1", "Name") + text_cell("B1", "Number"))
    path = hand_made(tmp_path / "dimension.xlsx", header + rows, dimension="A1:B2")
    with open_spreadsheet(path) as spreadsheet:
        assert [number for number, _ in read(spreadsheet).rows] == [2, 3, 4, 5, 6]


def test_a_sheet_that_declares_no_size_still_tells_its_rows_for_progress(tmp_path, monkeypatch):
    """openpyxl's write-only mode, which our exports use, writes no dimension."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(["Name", "Number"])
    for n in range(2, 3002):
        sheet.append([f"Person {n}", n])
    path = tmp_path / "streamed.xlsx"
    book.save(path)
    with open_spreadsheet(path) as spreadsheet:
        rows = read(spreadsheet)
        assert (rows.total_rows, rows.total_estimated) == (3001, False)  # found by the scan
    monkeypatch.setattr(xlsx, "SCAN_FIRST_BYTES", 10)
    with open_spreadsheet(path) as spreadsheet:
        rows = read(spreadsheet)
        assert rows.total_estimated
        assert 2700 < rows.total_rows < 3300  # a guess from the size of the sheet
        assert sum(1 for _ in rows.rows) == 3000


def test_unicode_survives_a_workbook(tmp_path):
    path = workbook(tmp_path / "pobl.xlsx", [["Enw", "Iaith"], [WELSH, OTHER_SCRIPTS]])
    with open_spreadsheet(path) as spreadsheet:
        assert list(read(spreadsheet).rows) == [(2, [WELSH, OTHER_SCRIPTS])]


def test_header_cells_are_cleaned_and_folded_for_matching():
    assert clean_header("  Email\naddress  *") == "Email address"
    assert clean_header("\ufeffName\u00a0 ") == "Name"
    assert clean_header(2024.0) == "2024"
    assert clean_header(None) == ""
    assert header_key(" E-mail_Address* ") == header_key("e mail address")


# -- formulas ---------------------------------------------------------------------------------


def formula_rows(p: str = "") -> str:
    header = row_xml(1, text_cell("A1", "Count", p) + text_cell("B1", "Double", p), p)
    calculated = row_xml(
        2,
        f'<{p}c r="A2"><{p}v>2</{p}v></{p}c><{p}c r="B2"><{p}f>A2*2</{p}f><{p}v>4</{p}v></{p}c>',
        p,
    )
    # written by a program that does not calculate: no value, or an empty one
    missing = row_xml(
        3, f'<{p}c r="A3"><{p}v>5</{p}v></{p}c><{p}c r="B3"><{p}f>A3*2</{p}f></{p}c>', p
    )
    empty = row_xml(
        4,
        f'<{p}c r="A4"><{p}v>6</{p}v></{p}c><{p}c r="B4"><{p}f>A4*2</{p}f><{p}v></{p}v></{p}c>',
        p,
    )
    shared = row_xml(
        5,
        f'<{p}c r="A5"><{p}f t="shared" ref="A5:A6" si="0">B2+1</{p}f><{p}v>5</{p}v></{p}c>'
        f'<{p}c r="B5" t="str"><{p}f t="shared" si="0"/><{p}v>x</{p}v></{p}c>',
        p,
    )
    return header + calculated + missing + empty + shared


@pytest.mark.parametrize("prefix", ["", "x"])
def test_formulas_give_their_saved_values_and_are_counted(tmp_path, prefix):
    rows = formula_rows(f"{prefix}:" if prefix else "")
    path = hand_made(tmp_path / "formulas.xlsx", rows, prefix=prefix)
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        assert sheet.headers == ["Count", "Double"]
        assert list(sheet.rows) == [(2, [2, 4]), (3, [5, None]), (4, [6, None]), (5, [5, "x"])]
        assert sheet.formula_cells == 5
        assert sheet.uncalculated_formulas == 2


def test_formulas_of_a_big_sheet_are_counted_once_its_rows_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "SCAN_FIRST_BYTES", 10)
    path = hand_made(tmp_path / "formulas.xlsx", formula_rows())
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        assert sheet.formula_cells == 0  # not scanned yet
        assert len(list(sheet.rows)) == 4
        assert (sheet.formula_cells, sheet.uncalculated_formulas) == (5, 2)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_formulas_saved_by_a_spreadsheet_program_read_as_their_values(tmp_path):
    written = workbook(
        tmp_path / "sums.xlsx",
        [["Name", "Count", "Double"], ["Sam", 2, "=B2*2"], ["Jo", 5, "=B3*2"]],
    )
    with open_spreadsheet(written) as spreadsheet:  # openpyxl does not calculate
        sheet = read(spreadsheet)
        assert [row[2] for _, row in sheet.rows] == [None, None]
        assert (sheet.formula_cells, sheet.uncalculated_formulas) == (2, 2)
    out = tmp_path / "saved"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(written)],
        env={**os.environ, "HOME": str(tmp_path / "home")},
        capture_output=True,
        timeout=120,
        check=True,
    )
    with open_spreadsheet(out / "sums.xlsx") as spreadsheet:
        sheet = read(spreadsheet)
        assert [row[2] for _, row in sheet.rows] == [4, 10]
        assert (sheet.formula_cells, sheet.uncalculated_formulas) == (2, 0)


# -- a million rows -----------------------------------------------------------------------------


def million_rows(path: Path, count: int = 1_000_000) -> Path:
    def chunks():
        yield row_xml(1, text_cell("A1", "Name") + text_cell("B1", "Number"))
        for start in range(2, count + 2, 20_000):
            yield "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Person {n}</t></is></c>'
                f'<c r="B{n}"><v>{n}</v></c></row>'
                for n in range(start, min(start + 20_000, count + 2))
            )

    return hand_made(path, chunks(), dimension=f"A1:B{count + 1}")


def test_a_million_rows_are_read_lazily_and_can_be_stopped(tmp_path):
    path = million_rows(tmp_path / "million.xlsx")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with open_spreadsheet(path) as spreadsheet:
            sheet = read(spreadsheet)
            assert sheet.total_rows == 1_000_001
            first = []
            for number, values in sheet.rows:  # a consumer with a progress bar...
                first.append((number, values))
                if len(first) == 1000:  # ...whose user presses Cancel
                    break
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first[0] == (2, ["Person 2", 2])
    assert first[-1] == (1001, ["Person 1001", 1001])
    assert elapsed < 3, elapsed
    assert peak < 30_000_000, peak


# -- CSV files ----------------------------------------------------------------------------------

CSV_ROWS = [
    ["Name", "Organisation", "Note"],
    ["{name}", "Caf\u00e9 £5, â", 'She said "hello"'],
    ["Jo Bloggs", "", "two\nlines"],
]


def csv_text(separator: str, name: str) -> str:
    def cell(value: str) -> str:
        if any(ch in value for ch in (separator, '"', "\n", ",")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "".join(
        separator.join(cell(v.format(name=name)) for v in row) + "\r\n" for row in CSV_ROWS
    )


@pytest.mark.parametrize("separator", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_in_every_encoding_and_separator(tmp_path, encoding, separator):
    name = "Zo\u00eb Smith" if encoding == "cp1252" else WELSH  # Windows-1252 has no ŵ or ŷ
    path = tmp_path / "people.csv"
    path.write_bytes(csv_text(separator, name).encode(encoding))
    with open_spreadsheet(path) as spreadsheet:
        assert spreadsheet.kind == "csv"
        assert spreadsheet.about is None
        sheet = read(spreadsheet)
        assert sheet.headers == ["Name", "Organisation", "Note"]
        assert sheet.formula_cells == 0
        assert list(sheet.rows) == [
            (2, [name, "Caf\u00e9 £5, â", 'She said "hello"']),
            (3, ["Jo Bloggs", None, "two\nlines"]),
        ]
        assert sheet.total_rows == 4  # lines, for progress: the quoted line break counts


def test_csv_in_utf16_without_a_mark(tmp_path):
    path = tmp_path / "people.txt"
    path.write_bytes(f"Name\tLanguages\r\n{WELSH}\t{OTHER_SCRIPTS}\r\n".encode("utf-16-le"))
    with open_spreadsheet(path) as spreadsheet:
        assert list(read(spreadsheet).rows) == [(2, [WELSH, OTHER_SCRIPTS])]


def test_csv_with_a_title_and_blank_lines_above_the_header(tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        "Community assets,,\n,,\nName,Category,Area\nHall,Physical spaces,Riverside\n,,\n"
        "Food bank,,\n",
        encoding="utf-8",
    )
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        assert (sheet.header_row, sheet.headers) == (3, ["Name", "Category", "Area"])
        assert list(sheet.rows) == [
            (4, ["Hall", "Physical spaces", "Riverside"]),
            (6, ["Food bank", None, None]),
        ]


@pytest.mark.parametrize(
    "text",
    [
        "Name;Score\r\nSam;1,5\r\nJo;2,5\r\n",  # decimal commas, as Excel writes in Europe
        "sep=;\r\nName;Score\r\nSam;1,5\r\nJo;2,5\r\n",  # Excel's hint line
        "Name, Score\nSam, 1.5\nJo, 2.5\n",  # spaces after the commas
    ],
    ids=["decimal commas", "sep line", "spaces"],
)
def test_csv_separators_people_meet(tmp_path, text):
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        assert sheet.headers == ["Name", "Score"]
        values = [values for _, values in sheet.rows]
        assert values in ([["Sam", "1,5"], ["Jo", "2,5"]], [["Sam", "1.5"], ["Jo", "2.5"]])


def test_a_csv_of_one_column(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("Name\nSam Jones\nJo Bloggs\n", encoding="utf-8")
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        assert sheet.headers == ["Name"]
        assert [values for _, values in sheet.rows] == [["Sam Jones"], ["Jo Bloggs"]]


def test_a_big_csv_is_streamed(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write("Name,Number\n")
        for start in range(0, 300_000, 10_000):
            stream.write("".join(f"Person {n},{n}\n" for n in range(start, start + 10_000)))
    tracemalloc.start()
    try:
        with open_spreadsheet(path) as spreadsheet:
            sheet = read(spreadsheet)
            first = [next(sheet.rows) for _ in range(100)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sheet.total_rows == 300_001
    assert first[-1] == (101, ["Person 99", "99"])
    assert peak < 5_000_000, peak


def test_a_quote_never_closed_is_reported_at_its_row(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text('Name,Note\nSam,fine\nJo,"never closed\nAl,more\n', encoding="utf-8")
    with open_spreadsheet(path) as spreadsheet, pytest.raises(SpreadsheetError) as caught:
        list(read(spreadsheet).rows)
    assert caught.value.row == 3
    assert_plain(caught.value, path, "row 3", "quotation mark", "never closed")


def test_a_runaway_cell_too_long_for_a_csv_is_reported(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('Name,Note\nJo,"' + "word " * 40_000 + "\n", encoding="utf-8")
    with open_spreadsheet(path) as spreadsheet, pytest.raises(SpreadsheetError) as caught:
        list(read(spreadsheet).rows)
    assert_plain(caught.value, path, "row 2", "quotation mark")


# -- files that are refused ---------------------------------------------------------------------


def test_an_old_xls_workbook_is_refused_with_what_to_do(tmp_path):
    for name in ("old-excel.xls", "renamed.csv"):
        path = tmp_path / name
        shutil.copy(FIXTURES / "old-excel.xls", path)
        assert_plain(refused(path), path, "old Excel file (.xls", "Save As", ".xlsx")


def test_a_password_protected_workbook_is_refused_with_what_to_do(tmp_path):
    for name in ("protected.xlsx", "renamed.xls"):
        path = tmp_path / name
        shutil.copy(FIXTURES / "password-protected.xlsx", path)
        assert_plain(refused(path), path, "protected with a password", "remove the password")


def test_other_office_files_are_not_spreadsheets(tmp_path):
    # an OLE file with neither a workbook nor encryption streams, as a Word .doc
    data = (FIXTURES / "old-excel.xls").read_bytes()
    for name, other in (("Workbook", "Wordbook"), ("Book", "Boot")):
        data = data.replace(f"{name}\x00".encode("utf-16-le"), f"{other}\x00".encode("utf-16-le"))
    path = tmp_path / "letter.doc"
    path.write_bytes(data)
    assert_plain(refused(path), path, "is not a spreadsheet", "Word document")


def test_a_truncated_workbook_is_damaged_or_incomplete(tmp_path):
    whole = workbook(tmp_path / "whole.xlsx", [["Name"], ["Sam"]])
    path = tmp_path / "half.xlsx"
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_plain(refused(path), path, "damaged or incomplete", "not fully downloaded", "again")


def test_a_workbook_with_a_damaged_sheet_is_refused(tmp_path):
    rows = "".join(
        row_xml(n, "".join(text_cell(f"{c}{n}", f"{n * 7919 % 10007} {c}") for c in "ABCDEFGH"))
        for n in range(1, 2000)
    )
    whole = hand_made(tmp_path / "whole.xlsx", rows, dimension="A1:H1999")
    data = bytearray(whole.read_bytes())
    with zipfile.ZipFile(whole) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # overwrite the middle of the sheet's compressed data; the zip's directory stays intact
    start = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[start : start + 64] = bytes(64)
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    # every part is read to its end when the file is opened (for declarations Excel never
    # writes), so the damage shows there, before any row is read
    assert_plain(refused(path), path, "damaged or incomplete", "again")


def test_a_sheet_whose_xml_breaks_off_is_refused_at_the_row_where_reading_stops(
    tmp_path, monkeypatch
):
    rows = [row_xml(n, text_cell(f"A{n}", f"Person {n}")) for n in range(1, 2000)]
    rows[1000] = '<row r="1001"><c r="A1001" t="inlineStr"><is><t>broken</is></row>'
    path = hand_made(tmp_path / "broken.xlsx", rows, dimension="A1:A1999")
    # a big sheet is not scanned first: the damage shows at the row where reading stops
    monkeypatch.setattr(xlsx, "SCAN_FIRST_BYTES", 10)
    with open_spreadsheet(path) as spreadsheet:
        sheet = read(spreadsheet)
        with pytest.raises(SpreadsheetError) as caught:
            for number, _ in sheet.rows:
                assert number < 1001
    assert caught.value.sheet == "Data" and caught.value.row > 30
    assert_plain(caught.value, path, "sheet 'Data', row", "damaged or incomplete", "again")


def set_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Make the zip's directory say that `member` unpacks to `size` bytes (its data unchanged)."""
    data = bytearray(data)
    name = member.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:  # central directory entries
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + length] == name:
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
            local = int.from_bytes(data[at + 42 : at + 46], "little")
            data[local + 22 : local + 26] = size.to_bytes(4, "little")
            return bytes(data)
        at += 4
    raise AssertionError(f"{member} not in the zip")


def test_a_zip_bomb_is_refused_from_its_directory_before_reading(tmp_path):
    whole = workbook(tmp_path / "whole.xlsx", [["Name"], ["Sam"]])
    path = tmp_path / "bomb.xlsx"
    size = MAX_UNCOMPRESSED + 200_000_000
    path.write_bytes(set_declared_size(whole.read_bytes(), "xl/worksheets/sheet1.xml", size))
    # had the sheet been read, zipfile would have found its data too short: a different message
    assert_plain(refused(path), path, "too big to read safely", "1.2 GB")


def test_a_part_that_unpacks_hugely_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            zeros = bytes(1_000_000)
            for _ in range(60):  # 60 MB of zeros deflate to about 60 KB
                sheet.write(zeros)
    started = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - started < 1
    assert_plain(error, path, "too big to read safely", "60 MB")


def test_zipped_files_that_are_not_workbooks(tmp_path):
    cases = {
        "folder.zip": ({"notes.txt": "hello"}, "zipped file, but not an Excel workbook"),
        "letter.docx": ({"word/document.xml": "<w/>"}, "Word document"),
        "slides.pptx": ({"ppt/presentation.xml": "<p/>"}, "PowerPoint presentation"),
        "sheet.ods": (
            {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
            "OpenDocument spreadsheet (.ods)",
        ),
        "binary.xlsb": ({"xl/workbook.bin": "x"}, "binary workbook (.xlsb)"),
    }
    for name, (members, phrase) in cases.items():
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            for member, text in members.items():
                archive.writestr(member, text)
        assert_plain(refused(path), path, phrase)


def test_a_workbook_declaring_a_document_type_is_refused(tmp_path):
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    path = hand_made(
        tmp_path / "laughs.xlsx", row_xml(1, text_cell("A1", "&lol2;")), doctype=laughs
    )
    error = refused(path)  # more in test_xml_safety.py
    assert str(error).startswith('laughs.xlsx: its part "xl/worksheets/sheet1.xml" declares')
    assert "Excel never writes" in str(error) and error.advice


def test_a_damaged_workbook_part_is_refused_in_plain_words(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet name=")  # cut short
    assert_plain(refused(path), path, "could not be read", "save it again")


@pytest.mark.parametrize(
    ("name", "data", "phrase"),
    [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF document"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40), "a picture"),
        ("photo.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(40), "a picture"),
        ("random.csv", bytes(range(256)) * 8, "binary data"),
        (
            "page.xls",
            b"<html><body><table><tr><td>Name</td></tr></table></body></html>",
            "web page",
        ),
    ],
)
def test_files_that_are_not_spreadsheets(tmp_path, name, data, phrase):
    path = tmp_path / name
    path.write_bytes(data)
    assert_plain(refused(path), path, phrase)


def test_an_audit_file_is_not_a_spreadsheet_and_stays_unchanged(tmp_path):
    path = tmp_path / "audit.coprod"
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "audit_v0.coprod", path)
    before = sha256(path)
    assert_plain(refused(path), path, "is not a spreadsheet", "audit file")
    assert sha256(path) == before


@pytest.mark.parametrize("content", [b"", b"  \r\n\r\n\t\n"], ids=["nothing", "blank lines"])
def test_an_empty_file_is_not_a_spreadsheet(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert_plain(refused(path), path, "is empty", "not a spreadsheet")


def test_a_missing_file_and_a_folder(tmp_path):
    missing = tmp_path / "gone.xlsx"
    assert_plain(refused(missing), missing, "could not be found")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert_plain(refused(folder), folder, "is a folder")


def test_a_file_that_may_not_be_read_says_to_close_it_and_try_again(tmp_path):
    """Locked by another program (Windows) and not readable (Linux) come as the same error."""
    path = workbook(tmp_path / "locked.xlsx", [["Name"], ["Sam"]])
    path.chmod(0o000)
    if os.geteuid() != 0:
        assert_plain(refused(path), path, "open in another program", "Close it")
        return
    # root reads everything: open it from a process without root's right to ignore permissions
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to read as root without the right to ignore permissions")
    script = (
        "import sys\n"
        "from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet\n"
        "try:\n    open_spreadsheet(sys.argv[1])\n"
        "except Exception as error:\n    print(type(error).__name__, error)\n"
    )
    done = subprocess.run(
        [
            "setpriv",
            "--bounding-set=-dac_override,-dac_read_search",
            sys.executable,
            "-c",
            script,
            str(path),
        ],
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0:
        pytest.skip(f"setpriv cannot drop the right here: {done.stderr.strip()}")
    assert done.stdout.startswith("SpreadsheetError locked.xlsx:"), done.stdout + done.stderr
    assert "open in another program" in done.stdout and "Close it" in done.stdout


GOOD_WORKBOOK = None


def some_bytes():
    """Bytes of any kind, some starting as a zip, a compound file or a workbook cut short."""
    global GOOD_WORKBOOK
    if GOOD_WORKBOOK is None:
        with tempfile.TemporaryDirectory() as folder:
            path = workbook(Path(folder) / "good.xlsx", [["Name", "Area"], ["Sam", "Riverside"]])
            GOOD_WORKBOOK = path.read_bytes()
    prefixes = st.sampled_from(
        [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf"]
    )
    return st.one_of(
        st.builds(lambda p, b: p + b, prefixes, st.binary(max_size=300)),
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),
        st.integers(0, len(GOOD_WORKBOOK or b"") or 4000).map(lambda n: GOOD_WORKBOOK[:n]),
        st.tuples(st.integers(0, 3999), st.binary(min_size=1, max_size=8)).map(
            lambda a: GOOD_WORKBOOK[: a[0]] + a[1] + GOOD_WORKBOOK[a[0] + len(a[1]) :]
        ),
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=some_bytes())
def test_any_bytes_read_or_give_a_plain_refusal(tmp_path, data):
    path = tmp_path / "anything.xlsx"
    path.write_bytes(data)
    try:
        with open_spreadsheet(path) as spreadsheet:
            for name in spreadsheet.sheet_names:
                rows = spreadsheet.sheet(name, known_headers=["Name"])
                for _number, values in rows.rows:
                    assert len(values) == len(rows.headers)
    except SpreadsheetError as error:
        assert_plain(error, path)


def test_closing_ends_reading(tmp_path):
    path = workbook(tmp_path / "people.xlsx", [["Name"], ["Sam"]])
    spreadsheet = open_spreadsheet(path)
    spreadsheet.close()
    spreadsheet.close()  # twice is fine
    with pytest.raises(ValueError):
        spreadsheet.sheet("People")
