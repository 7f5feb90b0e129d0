"""CSV files whose letters are not all in one encoding (issue 21, item 3).

A file of UTF-8 rows with one line saved as Windows-1252 (a row pasted in from an older file)
must keep every UTF-8 row as written, read the odd line as Windows-1252, and say which line that
was in the preview; a file wholly in Windows-1252 is read as such, saying so. Valid UTF-8 is
never read as anything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import Person
from coprod_desktop.exchange.importing.importer import plan_import
from coprod_desktop.exchange.importing.reference_csv import read_reference_csv
from coprod_desktop.exchange.spreadsheet.reader import SpreadsheetError, open_spreadsheet
from coprod_desktop.store import AuditStore

ROWS = 40_000


def mixed_file(path: Path, rows: int = ROWS) -> Path:
    """`rows` people named Siân in UTF-8, then one more written in Windows-1252."""
    with path.open("wb") as stream:
        stream.write(b"Name,Organisation\n")
        for number in range(rows):
            stream.write(f"Siân Hughes {number},Cwm Arts\n".encode())
        stream.write("Siân Windows,Caffi Côr\n".encode("cp1252"))
    return path


def test_every_utf8_row_keeps_its_letters_and_the_odd_line_is_named(tmp_path):
    path = mixed_file(tmp_path / "people.csv")
    with open_spreadsheet(path) as book:
        rows = book.sheet(book.sheet_names[0], known_headers=["Name", "Organisation"])
        names = [values[0] for _, values in rows.rows]
        notes = list(book.warnings)
    assert len(names) == ROWS + 1
    assert all(name.startswith("Siân Hughes ") for name in names[:-1])
    assert names[-1] == "Siân Windows"
    assert not any("Ã" in name for name in names)
    assert len(notes) == 1
    assert "line 40,002" in notes[0].lower() and "Windows-1252" in notes[0] and "Siân" in notes[0]


def test_the_preview_and_the_dry_run_name_the_line(new_audit, tmp_path, capsys):
    path = mixed_file(tmp_path / "people.csv", rows=2000)
    plan = plan_import(new_audit, path)
    assert plan.new == 2001
    names = {record.name for record in plan.adds if isinstance(record, Person)}
    assert "Siân Hughes 0" in names and "Siân Hughes 1999" in names and "Siân Windows" in names
    assert not any("Ã" in name for name in names)
    notes = [str(p) for p in plan.warnings if "UTF-8" in p.message]
    assert len(notes) == 1 and "line 2,002" in notes[0].lower() and "Siân" in notes[0]
    assert "line 2,002" in plan.to_text().lower()

    new_audit.close()
    assert main(["import", str(new_audit.path), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "line 2,002" in out.lower() and "Windows-1252" in out
    with AuditStore.open(new_audit.path, read_only=True) as store:
        assert not store.page(Person, text="Siân")


def test_a_file_wholly_in_windows_1252_is_read_as_such_and_says_so(tmp_path):
    path = tmp_path / "old excel.csv"
    text = "Name,Organisation\nSiân Jones,Côr Cwm\nDai Ŵ,Tŷ\n"
    path.write_bytes(text.encode("cp1252", "replace"))
    with open_spreadsheet(path) as book:
        rows = book.sheet(book.sheet_names[0])
        names = [values[0] for _, values in rows.rows]
        notes = list(book.warnings)
    assert names[0] == "Siân Jones"
    assert len(notes) == 1 and "Windows-1252" in notes[0] and "whole file" in notes[0].lower()


def test_utf8_files_give_no_note(tmp_path):
    path = tmp_path / "good.csv"
    path.write_text("Name,Organisation\nSiân Jones,Côr Cwm\n", encoding="utf-8-sig")
    with open_spreadsheet(path) as book:
        rows = book.sheet(book.sheet_names[0])
        names = [values[0] for _, values in rows.rows]
        assert book.warnings == []
    assert names == ["Siân Jones"]


def test_utf8_split_across_read_chunks_stays_utf8(tmp_path):
    # Long lines so that the 1 MB pieces of the check cut inside a letter.
    path = tmp_path / "long.csv"
    with path.open("wb") as stream:
        stream.write(b"Name,Note\n")
        for number in range(300):
            stream.write(f"Siân {number},{'ŵŷâ' * 3001}\n".encode())
    with open_spreadsheet(path) as book:
        rows = list(book.sheet(book.sheet_names[0]).rows)
        assert book.warnings == []
    assert all(values[1] == "ŵŷâ" * 3001 for _, values in rows)


def test_a_reference_csv_with_one_windows_line_keeps_the_others(tmp_path):
    path = tmp_path / "census.csv"
    lines = [
        b"question,group,share,source",
        "Ethnic group,Asian,7.2%,Tŷ Siân".encode(),
        "Ethnic group,Black,3.1%,Tŷ Siân".encode(),
        "Ethnic group,Mixed,2.2%,Tŷ Siân".encode(),
        "Ethnic group,White,86.2%,Côr".encode("cp1252"),
        "Ethnic group,Other,1.3%,Tŷ Siân".encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    table = read_reference_csv(path)
    assert {s.source for s in table.shares} == {"Tŷ Siân", "Côr"}
    notes = [note for note in table.notes if "UTF-8" in note]
    assert len(notes) == 1 and "line 5" in notes[0].lower() and "Windows-1252" in notes[0]


@pytest.mark.parametrize(
    ("mark", "newline"),
    [(b"\xef\xbb\xbf", b"\r\n"), (b"", b"\r"), (b"\xef\xbb\xbf", b"\n")],
    ids=["mark and CRLF", "CR alone", "mark and LF"],
)
def test_mixed_files_with_a_mark_or_other_line_breaks(tmp_path, mark, newline):
    path = tmp_path / "people.csv"
    lines = [b"Name,Organisation"] + [f"Siân {n},Côr".encode() for n in range(5)]
    lines.insert(3, "Siân Windows,Côr".encode("cp1252"))
    path.write_bytes(mark + newline.join(lines) + newline)
    with open_spreadsheet(path) as book:
        rows = book.sheet(book.sheet_names[0])
        assert rows.headers == ["Name", "Organisation"]
        names = [values[0] for _, values in rows.rows]
        notes = list(book.warnings)
    assert names == ["Siân 0", "Siân 1", "Siân Windows", "Siân 2", "Siân 3", "Siân 4"]
    assert len(notes) == 1 and "line 4 " in notes[0].lower()


def test_a_quote_left_open_in_a_mixed_file_is_found(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("Name,Note\nSiân,fine\n".encode() + 'Côr,"never closed\n'.encode("cp1252"))
    with open_spreadsheet(path) as book, pytest.raises(SpreadsheetError) as caught:
        list(book.sheet(book.sheet_names[0]).rows)
    assert caught.value.row == 3
