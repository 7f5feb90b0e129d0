"""`coprod-desktop import`: the preview, applying, JSON, mappings and exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import Person
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import sha256


@pytest.fixture
def audit(copy_of_sample):
    copy_of_sample.close()
    return copy_of_sample.path


def test_a_dry_run_prints_the_preview_and_changes_nothing(audit, exported, capsys):
    digest = sha256(audit)
    assert main(["import", str(audit), str(exported("partner")), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Import from sample-partner.xlsx" in out and "Unchanged" in out
    assert "Nothing to import" in out
    assert sha256(audit) == digest


def test_new_rows_of_a_csv_are_imported(audit, tmp_path, capsys):
    source = tmp_path / "new people.csv"
    source.write_text("Name;Organisation\nZebedee Quill;Cwm FC\n", encoding="utf-8")
    assert main(["import", str(audit), str(source)]) == 0
    out = capsys.readouterr().out
    assert "Imported 1 new and 0 changed records." in out
    with AuditStore.open(audit, read_only=True) as store:
        assert store.page(Person, text="Zebedee")[0].organisation == "Cwm FC"


def test_errors_exit_1_and_write_nothing_unless_valid_only(audit, tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text(
        "Name,Email\nGood Newcomer,good@example.org\nBad Newcomer,bad@\n", encoding="utf-8"
    )
    digest = sha256(audit)
    assert main(["import", str(audit), str(source)]) == 1
    captured = capsys.readouterr()
    assert "people, row 3, column B (Email)" in captured.out
    assert captured.err.count("\n") == 1 and "--valid-only" in captured.err
    assert "nothing was imported" in captured.err
    assert sha256(audit) == digest

    assert main(["import", str(audit), str(source), "--valid-only"]) == 0
    with AuditStore.open(audit, read_only=True) as store:
        assert store.page(Person, text="Good Newcomer")
        assert not store.page(Person, text="Bad Newcomer")


def test_json_output_and_saved_mapping(audit, tmp_path, capsys):
    source = tmp_path / "march.csv"
    source.write_text("Who,E-mail adress\nOlwen Pryce,olwen@example.org\n", encoding="utf-8")
    saved = tmp_path / "map.json"
    args = ["import", str(audit), str(source), "--dry-run", "--json", "--save-mapping", str(saved)]
    # "Who" could be anything: the guess leaves it out, so the rows have no name.
    assert main(args) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["new"] == 0 and data["imported"] is None
    assert data["mapping"]["sheets"]["march"] == {
        "entity": "people",
        "columns": {"Who": "", "E-mail adress": "email"},
    }
    assert any("Name" in p["message"] for p in data["problems"])
    # The user says what "Who" is, and the mapping serves next month's file.
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    mapping["sheets"]["march"]["columns"]["Who"] = "name"

    other = tmp_path / "april.csv"
    other.write_text("Who,E-mail adress\nIfan Lloyd,ifan@example.org\n", encoding="utf-8")
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    assert main(["import", str(audit), str(other), "--mapping", str(saved), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["imported"] == {"added": {"april": 1}, "changed": {}}


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b"\x00\x01\x02" * 1000), "not a spreadsheet"),
        (lambda p: p.write_text("{ not json", encoding="utf-8"), "not a column mapping"),
    ],
    ids=["binary file", "broken mapping"],
)
def test_bad_files_give_one_line_and_exit_1(audit, tmp_path, capsys, make, expected):
    source = tmp_path / "people.csv"
    source.write_text("Name\nA Person\n", encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text("{}", encoding="utf-8")
    if expected == "not a spreadsheet":
        make(source)
        args = ["import", str(audit), str(source)]
    else:
        make(mapping)
        args = ["import", str(audit), str(source), "--mapping", str(mapping)]
    digest = sha256(audit)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1
    assert sha256(audit) == digest


def test_another_audits_workbook_as_new(tmp_path, exported, capsys):
    target = tmp_path / "Empty.coprod"
    assert main(["new", str(target), "--title", "Empty"]) == 0
    assert main(["import", str(target), str(exported("internal")), "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "exported from another audit" in out
    copy = tmp_path / "export.xlsx"
    shutil.copyfile(exported("internal"), copy)
    assert main(["import", str(target), str(copy), "--as-new", "--valid-only"]) == 0
    with AuditStore.open(target, read_only=True) as store:
        assert store.count(Person) > 0
