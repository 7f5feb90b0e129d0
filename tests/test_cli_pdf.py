"""`coprod-desktop export FILE --pdf OUT.pdf`, run as a user runs it: real files, real exit
codes, the report read back with pdftotext."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from coprod_desktop.cli import main
from tests.exchange.conftest import sha256
from tests.exchange.test_pdf_report import SECTION_KEYS, flat, outline, pdf_info, pdf_text
from tests.test_cli import run

WROTE = re.compile(r"^Wrote (?P<path>.+) \((?P<pages>\d+) pages, privacy: (?P<level>\w+)\)")


@pytest.fixture(scope="module")
def audit(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-pdf") / "Cwm Derwen.coprod"
    assert main(["sample", str(path), "--people", "80", "--seed", "5"]) == 0
    return path


def entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_export_pdf_writes_the_report_and_says_where(audit, tmp_path, capsys):
    before = sha256(audit)
    out = tmp_path / "Cwm Derwen partners.pdf"
    assert main(["export", str(audit), "--pdf", str(out), "--privacy", "partner"]) == 0
    printed = capsys.readouterr()
    assert printed.err == ""
    line = printed.out.splitlines()[0]
    match = WROTE.match(line)
    assert match, line
    assert match["path"] == str(out) and match["level"] == "Partner"
    assert int(match["pages"]) == int(pdf_info(out)["Pages"])
    assert "Privacy level: Partner" in flat(pdf_text(out, last=1))
    assert sha256(audit) == before  # the audit is only read
    assert not Path(str(audit) + ".lock").exists()


def test_export_pdf_is_partner_with_every_section_unless_told(audit, tmp_path, capsys):
    from coprod_desktop.report.pdf import SECTIONS

    out = tmp_path / "all.pdf"
    assert main(["export", str(audit), "--pdf", str(out)]) == 0
    assert "privacy: Partner" in capsys.readouterr().out
    assert "Privacy level: Partner" in flat(pdf_text(out, last=1))
    titles = [m.title for m in outline(out) if m.level == 0]
    assert [s.title for s in SECTIONS if s.title in titles] == [s.title for s in SECTIONS]


def test_export_pdf_with_chosen_sections(audit, tmp_path, capsys):
    from coprod_desktop.report.pdf import SECTIONS

    out = tmp_path / "short.pdf"
    args = ["export", str(audit), "--pdf", str(out), "--privacy", "public"]
    assert main([*args, "--sections", "actions, summary"]) == 0
    assert "privacy: Public" in capsys.readouterr().out
    titles = {m.title for m in outline(out) if m.level == 0}
    by_key = {s.key: s.title for s in SECTIONS}
    assert {by_key["summary"], by_key["actions"]} <= titles
    assert not titles & {by_key[k] for k in SECTION_KEYS if k not in ("summary", "actions")}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--pdf", "{tmp}/out.xlsx"], "does not end in .pdf"),
        (["--pdf", "{tmp}/No folder/out.pdf"], "does not exist"),
        (["--pdf", "{tmp}/out.pdf", "--sections", "summary,bogus"], "bogus"),
        (["--xlsx", "{tmp}/out.xlsx", "--sections", "summary"], "--sections"),
    ],
)
def test_export_pdf_refuses_with_one_plain_line(audit, tmp_path, capsys, args, expected):
    before = sha256(audit)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(["export", str(audit), *args]) == 1
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert entries(tmp_path) == []
    assert sha256(audit) == before


def test_a_folder_in_the_way_exits_1(audit, tmp_path, capsys):
    (tmp_path / "Report.pdf").mkdir()
    assert main(["export", str(audit), "--pdf", str(tmp_path / "Report.pdf")]) == 1
    err = capsys.readouterr().err
    assert "Report.pdf" in err and "Errno" not in err
    assert entries(tmp_path) == ["Report.pdf"]


def test_export_pdf_of_a_missing_audit(tmp_path, capsys):
    out = tmp_path / "out.pdf"
    assert main(["export", str(tmp_path / "Gone.coprod"), "--pdf", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Gone.coprod" in err and "does not exist" in err
    assert entries(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--pdf", "a.pdf", "--xlsx", "a.xlsx"],  # one or the other
        [],  # one of them is needed
        ["--pdf", "a.pdf", "--privacy", "secret"],
    ],
)
def test_usage_errors_exit_2(audit, tmp_path, args):
    result = run("export", str(audit), *args)
    assert result.returncode == 2, result
    assert "usage:" in result.stderr
    assert entries(tmp_path) == []


def test_export_pdf_in_a_child_process_as_from_a_terminal(audit, tmp_path):
    out = tmp_path / "Adroddiad Cwm Derwen ŵ ŷ.pdf"
    result = run("export", str(audit), "--pdf", str(out), "--privacy", "public")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert WROTE.match(result.stdout) and str(out) in result.stdout
    assert out.exists() and "Privacy level: Public" in flat(pdf_text(out, last=1))
    # The report is dated today when the command line gives no date.
    today = date.today()
    assert f"{today.day} {today:%B %Y}" in flat(pdf_text(out, last=1))


def test_help_mentions_the_pdf_report():
    result = run("export", "--help")
    assert result.returncode == 0
    assert "--pdf" in result.stdout and "--sections" in result.stdout
    for key in SECTION_KEYS:
        assert key in result.stdout, key
