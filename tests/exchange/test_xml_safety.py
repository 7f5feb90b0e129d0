"""Workbooks whose XML declares a document type are refused, wherever the declaration hides.

Excel never writes a document type (<!DOCTYPE ...>) or an entity (<!ENTITY ...>) in a workbook;
either one is how a file makes an XML parser expand text a billion times or pull in what it
should not. The check reads every part of the zip to its end, whatever the part is called:
a declaration after kilobytes of comment, in the shared strings, in a part renamed `.bin` (the
workbook's relationships say which part is a sheet, not its name), in custom XML, split across
two pieces of the stream, or in a part encoded as UTF-16. Each is refused naming the part, and
the audit is left as it was.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from defusedxml import EntitiesForbidden

from coprod_desktop.cli import main
from coprod_desktop.domain import Audit, Person
from coprod_desktop.exchange.spreadsheet import zip_safety
from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError, open_spreadsheet
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import sha256

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
COMMENT = "<!-- " + "padding " * 400 + "-->"  # 3.2 KB: past the first 2 KB of the part
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
LAUGHS = (
    "<!DOCTYPE sst ["
    '<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" if n > 1 else "&lol;"}'
        f'{(f"&lol{n - 1};" if n > 1 else "&lol;") * 9}">'
        for n in range(1, 10)
    )
    + "]>"
)

Edit = Callable[[bytes], bytes]


def partner_sheet(path: Path) -> Path:
    """A partner's own sheet of people, made with openpyxl, its text moved to shared strings
    as Excel saves it (openpyxl writes text in the cells)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "People"
    ws.append(["Name", "Organisation"])
    ws.append(["Nerys Quellyn", "Cwm FC"])
    ws.append(["Pryderi Oakes", "Cwm FC"])
    made = path.with_name("openpyxl " + path.name)
    book.save(made)
    strings: list[str] = []

    def shared(found: re.Match[bytes]) -> bytes:
        text = found[2].decode()
        if text not in strings:
            strings.append(text)
        return b'<c r="%s" t="s"><v>%d</v></c>' % (found[1], strings.index(text))

    def sheet(data: bytes) -> bytes:
        return re.sub(
            rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, data
        )

    rewritten(made, path, {SHEET: sheet})
    items = "".join(f"<si><t>{text}</t></si>" for text in strings)
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    types = types.replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = rels.replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>',
    )
    rewritten(
        path,
        made,
        {"[Content_Types].xml": lambda _: types, "xl/_rels/workbook.xml.rels": lambda _: rels},
    )
    with zipfile.ZipFile(made, "a") as archive:
        archive.writestr(
            STRINGS,
            f'{DECLARATION}<sst xmlns="{MAIN_NS}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{items}</sst>',
        )
    made.replace(path)
    return path


def rewritten(
    source: Path, target: Path, edits: dict[str, Edit], renames: dict[str, str] | None = None
) -> Path:
    """Copy the workbook `source` to `target`, editing parts' bytes and renaming parts (and
    what points at them: the workbook's relationships and the content types)."""
    renames = renames or {}
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            for before, after in renames.items():
                data = data.replace(before.encode(), after.encode())
            if info.filename in edits:
                data = edits[info.filename](data)
            name = info.filename
            for before, after in renames.items():
                name = name.replace(before, after)
            new.writestr(name, data)
    return target


def after_declaration(text: str) -> Edit:
    def edit(data: bytes) -> bytes:
        declaration = DECLARATION.encode()
        if data.startswith(declaration):
            return declaration + text.encode() + data[len(declaration) :]
        assert data.startswith(b"<") and not data.startswith(b"<?"), data[:80]
        return text.encode() + data  # openpyxl with lxml writes sheets without a declaration

    return edit


def first_name_as(entity_text: str) -> Edit:
    """Shared strings: put an entity reference where the first person's name was."""

    def edit(data: bytes) -> bytes:
        assert b"Nerys Quellyn" in data
        return data.replace(b"Nerys Quellyn", entity_text.encode())

    return edit


def both(*edits: Edit) -> Edit:
    def edit(data: bytes) -> bytes:
        for step in edits:
            data = step(data)
        return data

    return edit


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    path = tmp_path / "audit.coprod"
    AuditStore.create(path, Audit(title="XML safety")).close()
    return path


def refused_import(audit: Path, workbook: Path, capsys) -> str:
    """Import `workbook` with the command; it must exit 1 and leave the audit byte for byte."""
    digest = sha256(audit)
    assert main(["import", str(audit), str(workbook)]) == 1
    error = capsys.readouterr().err
    assert sha256(audit) == digest
    with AuditStore.open(audit, read_only=True) as store:
        assert store.counts()["people"] == 0
    return error


def assert_names_part(error: str, workbook: Path, part: str) -> None:
    assert error.startswith(f"{workbook.name}:"), error
    assert f'"{part}"' in error, error
    assert "document type" in error and "Excel never writes" in error, error
    assert error.count("\n") == 1, error


# -- the file as it is: the control cases read ------------------------------------------------


def test_the_rewritten_workbooks_read_without_a_declaration(tmp_path, audit, capsys):
    """The tricks themselves are harmless: the renamed sheet is read (the relationships lead to
    it), and a long comment changes nothing. So refusals below are for the declaration."""
    plain = partner_sheet(tmp_path / "plain.xlsx")
    renamed = rewritten(
        plain, tmp_path / "renamed.xlsx", {}, {"worksheets/sheet1.xml": "worksheets/sheet1.bin"}
    )
    with zipfile.ZipFile(renamed) as archive:
        assert b"Nerys Quellyn" in archive.read(STRINGS)  # the names are in the shared strings
        assert "xl/worksheets/sheet1.bin" in archive.namelist()
        assert SHEET not in archive.namelist()
    commented = rewritten(plain, tmp_path / "commented.xlsx", {SHEET: after_declaration(COMMENT)})
    for path in (renamed, commented):
        with open_spreadsheet(path) as book:
            rows = book.sheet("People")
            assert [values[0] for _, values in rows.rows] == ["Nerys Quellyn", "Pryderi Oakes"]
    assert main(["import", str(audit), str(renamed)]) == 0
    capsys.readouterr()
    with AuditStore.open(audit, read_only=True) as store:
        assert store.page(Person, text="Nerys")[0].organisation == "Cwm FC"


# -- declarations past the first 2 KB, or in parts not named .xml -----------------------------


def test_a_doctype_after_3_kb_of_comment_in_the_sheet_is_refused(tmp_path, audit, capsys):
    doctype = '<!DOCTYPE worksheet [<!ENTITY org "Injected">]>'
    path = rewritten(
        partner_sheet(tmp_path / "p.xlsx"),
        tmp_path / "commented sheet.xlsx",
        {SHEET: after_declaration(COMMENT + doctype)},
    )
    with zipfile.ZipFile(path) as archive:
        assert archive.read(SHEET).find(b"<!DOCTYPE") > 3000
    assert_names_part(refused_import(audit, path, capsys), path, SHEET)


def test_an_entity_in_the_shared_strings_is_refused_not_imported(tmp_path, audit, capsys):
    """The name would have been imported as the entity's text ("Injected Person")."""
    doctype = '<!DOCTYPE sst [<!ENTITY who "Injected Person">]>'
    path = rewritten(
        partner_sheet(tmp_path / "p.xlsx"),
        tmp_path / "strings.xlsx",
        {STRINGS: both(after_declaration(COMMENT + doctype), first_name_as("&who;"))},
    )
    error = refused_import(audit, path, capsys)
    assert_names_part(error, path, STRINGS)
    assert "Injected" not in error


def test_a_doctype_in_a_sheet_renamed_bin_is_refused(tmp_path, audit, capsys):
    """Only the old check's list of names (.xml, .rels) kept it from looking at this part,
    which openpyxl reads as the sheet because the relationships point at it."""
    doctype = '<!DOCTYPE worksheet [<!ENTITY x "x">]>'
    path = rewritten(
        partner_sheet(tmp_path / "p.xlsx"),
        tmp_path / "renamed.xlsx",
        {SHEET: after_declaration(doctype)},  # right at the start: only the name hid it
        {"worksheets/sheet1.xml": "worksheets/sheet1.bin"},
    )
    assert_names_part(refused_import(audit, path, capsys), path, "xl/worksheets/sheet1.bin")


def test_a_billion_laughs_in_the_shared_strings_is_refused_naming_the_part(tmp_path, audit, capsys):
    path = rewritten(
        partner_sheet(tmp_path / "p.xlsx"),
        tmp_path / "laughs.xlsx",
        {STRINGS: both(after_declaration(COMMENT + LAUGHS), first_name_as("&lol9;"))},
    )
    assert_names_part(refused_import(audit, path, capsys), path, STRINGS)


@pytest.mark.parametrize(
    ("part", "text"),
    [
        ("customXml/item1.xml", DECLARATION + '<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'),
        ("xl/printerSettings/printerSettings1.bin", "<!ENTITY e SYSTEM 'file:///etc/passwd'>"),
        ("docProps/custom", DECLARATION + "<!doctype properties><properties/>"),  # any case
    ],
    ids=["custom XML", "a .bin part", "no extension, lower case"],
)
def test_a_declaration_in_any_other_part_is_refused(tmp_path, part, text):
    source = partner_sheet(tmp_path / "p.xlsx")
    path = tmp_path / "extra part.xlsx"
    rewritten(source, path, {})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(part, text)
    with pytest.raises(SpreadsheetError) as caught:
        open_spreadsheet(path)
    assert_names_part(str(caught.value) + "\n", path, part)


def test_a_doctype_in_a_part_encoded_as_utf16_is_refused(tmp_path):
    """UTF-16 spells each letter with a zero byte beside it: looking for the bytes of
    "<!DOCTYPE" would not find it, and the XML parsers read UTF-16."""

    def to_utf16(data: bytes) -> bytes:
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
        text = text.replace("?>", "?>" + COMMENT + "<!DOCTYPE sst>", 1)
        return text.encode("utf-16")  # with its byte order mark

    path = rewritten(partner_sheet(tmp_path / "p.xlsx"), tmp_path / "u16.xlsx", {STRINGS: to_utf16})
    with pytest.raises(SpreadsheetError) as caught:
        open_spreadsheet(path)
    assert_names_part(str(caught.value) + "\n", path, STRINGS)


def test_a_part_in_an_encoding_that_could_hide_a_declaration_is_refused(tmp_path):
    """UTF-7 can spell "<!" as "+ADwAIQ-": no search for the letters finds it. Excel writes
    UTF-8 only, so parts declaring encodings that are not ASCII-like or UTF-16 are refused."""
    text = '<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE a+AD4-<a/>'
    source = partner_sheet(tmp_path / "p.xlsx")
    path = rewritten(source, tmp_path / "utf7.xlsx", {})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("customXml/item1.xml", text)
    with pytest.raises(SpreadsheetError) as caught:
        open_spreadsheet(path)
    message = str(caught.value)
    assert '"customXml/item1.xml"' in message and "UTF-7" in message, message


# -- the stream is read in pieces: a declaration split between two is found --------------------


@pytest.mark.parametrize("token", [b"<!DOCTYPE", b"<!ENTITY", b"<!DocType"])
def test_a_declaration_split_between_two_pieces_is_found(token):
    piece = 64
    for at in range(piece - len(token), piece + 1):
        data = b"<?xml version='1.0'?>".ljust(at, b" ") + token + b" a>" + b" " * piece * 3
        found = zip_safety.declaration_in(io.BytesIO(data), piece=piece)
        assert found is not None, (token, at)
    clean = b"<?xml version='1.0'?><!-- DOCTYPE --><a><![CDATA[ENTITY]]></a>" + b" " * 500
    assert zip_safety.declaration_in(io.BytesIO(clean), piece=piece) is None


def test_every_part_is_read_to_its_end_but_not_all_at_once(tmp_path):
    """A 30 MB part with the declaration at its very end is found, reading a piece at a time."""
    path = tmp_path / "long.xlsx"
    rewritten(partner_sheet(tmp_path / "p.xlsx"), path, {})
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("customXml/item1.xml", "w") as part,
    ):
        part.write(DECLARATION.encode() + b"<!-- ")
        for _ in range(30):
            part.write(b"x" * 1_000_000)
        part.write(b" --><!DOCTYPE a><a/>")
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError) as caught:
            open_spreadsheet(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert '"customXml/item1.xml"' in str(caught.value)
    assert peak < 10_000_000, f"{peak:,} bytes at the peak"


# -- the second guard: openpyxl's own parsing refuses entities ---------------------------------


def test_openpyxl_itself_refuses_entities_when_the_check_is_passed_by(tmp_path):
    """Behind the check, the XML parsers the reader uses expand no entity: openpyxl reads sheets
    and shared strings with defusedxml (a dependency) and its other parts with lxml told not to
    resolve entities. Read directly, without the check, the workbook is refused, not imported
    with the entity's text."""
    assert openpyxl.DEFUSEDXML
    source = partner_sheet(tmp_path / "p.xlsx")
    doctype = '<!DOCTYPE sst [<!ENTITY who "Injected Person">]>'
    strings = rewritten(
        source,
        tmp_path / "strings.xlsx",
        {STRINGS: both(after_declaration(doctype), first_name_as("&who;"))},
    )
    sheet = rewritten(
        source,
        tmp_path / "sheet.xlsx",
        {SHEET: after_declaration('<!DOCTYPE worksheet [<!ENTITY x "1">]>')},
    )
    for path in (strings, sheet):
        with pytest.raises(ValueError) as caught:  # openpyxl: "could not read strings"...
            openpyxl.load_workbook(path, read_only=True)
        cause = caught.value.__cause__ or caught.value.__context__
        assert isinstance(cause, EntitiesForbidden), (path.name, cause)
