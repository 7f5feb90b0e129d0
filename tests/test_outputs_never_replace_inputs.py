"""An output never replaces the audit, its lock, its backups or a file the command reads, under
any name (a copy named like the output, a hard link, a symbolic link, a linked folder), and
never replaces an existing file that is not of the kind written (issue 21 item 1, issue 20).

Each case runs the command as a user does and checks the exit code, the message, and that the
protected file is byte for byte as it was and still passes `check`.
"""

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from coprod_desktop.cli import main

needs_links = pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links here")

CSV = "Name,Organisation\nSiân Jones,Acme\nBob Hughes,Foo\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "a.coprod"
    assert main(["sample", str(path), "--people", "30", "--seed", "2"]) == 0
    return path


@pytest.fixture
def audit(sample, tmp_path) -> Path:
    copy = tmp_path / "a.coprod"
    shutil.copyfile(sample, copy)
    return copy


def refused(capsys, argv: list[str], *protected: Path) -> str:
    """Run the command; it must exit 1 with one message and leave `protected` as they were."""
    before = {path: digest(path) for path in protected}
    capsys.readouterr()
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "Nothing was written" in captured.err, captured.err
    for path, value in before.items():
        assert digest(path) == value, f"{path} was changed"
    return captured.err


def passes_check(capsys, path: Path) -> None:
    capsys.readouterr()
    assert main(["check", str(path)]) == 0, capsys.readouterr()


def no_leftovers(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".part")]


# -- the audit under the output's own name ------------------------------------------------------


def test_an_export_to_the_audit_itself_is_refused(audit, capsys):
    named = audit.with_name("e.xlsx")
    shutil.copyfile(audit, named)
    message = refused(capsys, ["export", str(named), "--xlsx", str(named)], named)
    assert f'"{named}" is the audit' in message
    assert "Choose another name or folder for the workbook" in message
    passes_check(capsys, named)
    no_leftovers(named.parent)


def test_a_report_to_the_audit_itself_is_refused(audit, capsys):
    named = audit.with_name("f.pdf")
    shutil.copyfile(audit, named)
    message = refused(capsys, ["export", str(named), "--pdf", str(named)], named)
    assert "is the audit" in message and "report" in message
    passes_check(capsys, named)
    no_leftovers(named.parent)


def test_a_template_from_an_audit_onto_itself_is_refused(audit, capsys):
    named = audit.with_name("g.xlsx")
    shutil.copyfile(audit, named)
    message = refused(capsys, ["template", str(named), "--from", str(named)], named)
    assert "is the audit" in message
    passes_check(capsys, named)


# -- import --save-mapping ----------------------------------------------------------------------


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "src.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_saving_the_mapping_onto_the_audit_is_refused(audit, source, capsys, dry_run):
    argv = ["import", str(audit), str(source), "--save-mapping", str(audit)]
    message = refused(capsys, argv + (["--dry-run"] if dry_run else []), audit, source)
    assert "is the audit" in message and "column mapping" in message
    passes_check(capsys, audit)
    assert "Siân Jones" not in _names(audit)  # refused before anything was imported


def test_saving_the_mapping_onto_the_source_is_refused(audit, source, capsys):
    message = refused(
        capsys, ["import", str(audit), str(source), "--save-mapping", str(source)], audit, source
    )
    assert f'"{source}" is the file being imported' in message
    assert source.read_text(encoding="utf-8") == CSV
    assert "Siân Jones" not in _names(audit)


def test_saving_the_mapping_onto_the_mapping_read_is_refused(audit, source, tmp_path, capsys):
    saved = tmp_path / "map.json"
    assert main(["import", str(audit), str(source), "--dry-run", "--save-mapping", str(saved)]) == 0
    argv = ["import", str(audit), str(source), "--mapping", str(saved), "--save-mapping"]
    message = refused(capsys, [*argv, str(saved)], audit, saved)
    assert "is the column mapping being read" in message


def test_saving_the_mapping_onto_the_lock_is_refused(audit, source, capsys):
    lock = audit.with_name(audit.name + ".lock")
    message = refused(
        capsys, ["import", str(audit), str(source), "--save-mapping", str(lock)], audit
    )
    assert "lock file" in message
    # The lock of the import was removed as usual, not left behind as a mapping.
    assert not lock.exists()
    passes_check(capsys, audit)


def test_saving_the_mapping_onto_a_backup_is_refused(audit, source, capsys):
    backup = audit.with_name("a.v1-backup-20260101-120000.coprod")
    shutil.copyfile(audit, backup)
    fixed = audit.with_name("a.before-date-fix-20260102-120000.coprod")
    shutil.copyfile(audit, fixed)
    for copy in (backup, fixed):
        argv = ["import", str(audit), str(source), "--dry-run", "--save-mapping", str(copy)]
        message = refused(capsys, argv, audit, copy)
        assert "a backup copy of the audit" in message
        passes_check(capsys, copy)


# -- links: the same file under another name ----------------------------------------------------


@needs_links
def test_an_export_onto_a_hard_link_of_the_audit_is_refused(audit, capsys):
    link = audit.with_name("hard.xlsx")
    os.link(audit, link)
    message = refused(capsys, ["export", str(audit), "--xlsx", str(link)], audit)
    assert f'"{link}" is the audit "a.coprod" (the same file under another name)' in message
    assert os.path.samefile(audit, link)  # the link is still the audit
    passes_check(capsys, audit)


def test_an_export_onto_a_symbolic_link_to_the_audit_is_refused(audit, capsys):
    link = audit.with_name("sym.pdf")
    link.symlink_to(audit.name)
    refused(capsys, ["export", str(audit), "--pdf", str(link)], audit)
    assert link.is_symlink() and os.path.samefile(audit, link)
    passes_check(capsys, audit)


@needs_links
def test_a_mapping_onto_a_hard_link_of_the_audit_is_refused(audit, source, capsys):
    link = audit.with_name("hard.json")
    os.link(audit, link)
    argv = ["import", str(audit), str(source), "--dry-run", "--save-mapping", str(link)]
    refused(capsys, argv, audit)
    passes_check(capsys, audit)


def test_a_mapping_onto_a_symbolic_link_to_the_audit_is_refused(audit, source, capsys):
    link = audit.with_name("sym.json")
    link.symlink_to(audit)
    argv = ["import", str(audit), str(source), "--dry-run", "--save-mapping", str(link)]
    refused(capsys, argv, audit)
    passes_check(capsys, audit)


def test_a_report_through_a_linked_folder_onto_the_audit_is_refused(audit, tmp_path, capsys):
    named = audit.with_name("f.pdf")
    shutil.copyfile(audit, named)
    (tmp_path / "linked").symlink_to(tmp_path, target_is_directory=True)
    through = tmp_path / "linked" / "f.pdf"
    refused(capsys, ["export", str(named), "--pdf", str(through)], named)
    passes_check(capsys, named)


# -- the kind of file replaced ------------------------------------------------------------------


def test_an_export_never_replaces_an_audit_of_another_name(audit, sample, tmp_path, capsys):
    other = tmp_path / "other.xlsx"
    shutil.copyfile(sample, other)  # another audit, not an input of this command
    message = refused(capsys, ["export", str(audit), "--xlsx", str(other)], other, audit)
    assert f'"{other}" already exists and is a Coprod audit, not a workbook' in message
    assert "move that file" in message
    passes_check(capsys, other)


@pytest.mark.parametrize(
    ("option", "name", "content", "found"),
    [
        ("--pdf", "notes.pdf", b"My notes, not a PDF\n", "not a PDF"),
        ("--xlsx", "photos.xlsx", b"%PDF-1.4\n%...\n", "is a PDF, not a workbook"),
        ("--xlsx", "plain.xlsx", b"name,email\nSian,s@example.org\n", "not a workbook"),
    ],
)
def test_an_export_never_replaces_a_file_of_another_kind(
    audit, tmp_path, capsys, option, name, content, found
):
    other = tmp_path / name
    other.write_bytes(content)
    message = refused(capsys, ["export", str(audit), option, str(other)], other)
    assert found in message


def test_a_mapping_never_replaces_a_file_that_is_not_a_mapping(audit, source, tmp_path, capsys):
    other = tmp_path / "settings.json"
    other.write_text('{"theme": "dark"}\n', encoding="utf-8")
    argv = ["import", str(audit), str(source), "--dry-run", "--save-mapping", str(other)]
    message = refused(capsys, argv, other)
    assert "not a column mapping" in message


def test_outputs_of_the_right_kind_are_replaced(audit, source, tmp_path, capsys):
    book, report, saved = tmp_path / "book.xlsx", tmp_path / "report.pdf", tmp_path / "map.json"
    for argv in (
        ["export", str(audit), "--xlsx", str(book)],
        ["export", str(audit), "--pdf", str(report)],
        ["template", str(book), "--from", str(audit)],
        ["import", str(audit), str(source), "--dry-run", "--save-mapping", str(saved)],
    ):
        assert main(argv) == 0  # written the first time
        assert main(argv) == 0  # and replaced: it is what we write
    assert json.loads(saved.read_text(encoding="utf-8"))["format"] == (
        "coprod-desktop import mapping"
    )
    empty = tmp_path / "empty.xlsx"
    empty.touch()  # an empty file holds nothing to lose
    assert main(["export", str(audit), "--xlsx", str(empty)]) == 0
    assert empty.read_bytes()[:2] == b"PK"


# -- the guard itself ---------------------------------------------------------------------------


def test_the_guard_lists_the_audits_companions(audit):
    from coprod_desktop.store.outputs import audit_files

    backup = audit.with_name("a.v0-backup-20260101-000000.coprod")
    backup.write_bytes(b"x")
    unrelated = audit.with_name("ab.v0-backup-20260101-000000.coprod")
    unrelated.write_bytes(b"x")
    names = {p.path.name for p in audit_files(audit)}
    assert {"a.coprod", "a.coprod.lock", "a.coprod-journal", backup.name} <= names
    assert unrelated.name not in names


def test_the_guard_refuses_a_folder_and_a_named_pipe(audit, tmp_path):
    from coprod_desktop.store.outputs import OutputKind, OutputRefused, audit_files, check_output

    with pytest.raises(OutputRefused, match="is a folder"):
        check_output(tmp_path, OutputKind.WORKBOOK, audit_files(audit))
    if hasattr(os, "mkfifo"):
        pipe = tmp_path / "pipe.xlsx"
        os.mkfifo(pipe)
        with pytest.raises(OutputRefused, match="not an ordinary file"):
            check_output(pipe, OutputKind.WORKBOOK, [])  # at once: it never opens the pipe


def _names(path: Path) -> set[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM person")}
