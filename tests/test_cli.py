"""The `coprod-desktop` command, run as a user runs it: real files, real exit codes."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coprod_desktop.cli import main
from coprod_desktop.store import SCHEMA_VERSION

INFO_COUNTS = {
    "people",
    "capabilities",
    "assets",
    "roles",
    "element_links",
    "assessments",
    "actions",
}


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command in a child process, as from a terminal."""
    return subprocess.run(
        [sys.executable, "-m", "coprod_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "Sample town.coprod"
    assert main(["sample", str(path), "--people", "120", "--seed", "4"]) == 0
    return path


def test_new_then_info_as_json(tmp_path, capsys):
    path = tmp_path / "Cwm Tŷ-gwyn audit.coprod"
    assert main(["new", str(path), "--title", "Ŵyl audit", "--organisation", "Council"]) == 0
    capsys.readouterr()
    assert main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert set(info) == {"title", "schema_version", "counts"}
    assert info["title"] == "Ŵyl audit" and info["schema_version"] == SCHEMA_VERSION
    assert info["counts"] == dict.fromkeys(INFO_COUNTS, 0)


def test_sample_info_counts_match_the_request(sample, capsys):
    assert main(["info", str(sample), "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)["counts"]
    assert set(counts) == INFO_COUNTS
    assert counts["people"] == 120
    assert all(counts[key] > 0 for key in INFO_COUNTS), counts
    assert counts["assessments"] == 2


def test_info_as_text_is_readable(sample, capsys):
    assert main(["info", str(sample)]) == 0
    out = capsys.readouterr().out
    assert "Title:" in out and "People:" in out and "120" in out and "File format:" in out


def test_search_finds_people_capabilities_and_assets(sample, capsys):
    assert main(["search", str(sample), "a", "--json", "--limit", "5"]) == 0
    assert len(json.loads(capsys.readouterr().out)) <= 5
    assert main(["search", str(sample), "cook", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all({"kind", "id", "title", "snippet"} <= set(hit) for hit in hits)
    capabilities = [hit for hit in hits if hit["kind"] == "capability"]
    assert capabilities and all(hit["person"] for hit in capabilities)  # whose it is
    assert main(["search", str(sample), "zzzqqq"]) == 0
    assert "Nothing found" in capsys.readouterr().out


def test_read_only_commands_leave_the_file_alone(sample, capsys):
    before = digest(sample)
    for args in (["info", str(sample)], ["check", str(sample)], ["search", str(sample), "ty"]):
        assert main(args) == 0
    assert digest(sample) == before
    assert not Path(str(sample) + ".lock").exists()


def test_check_passes_a_good_audit(sample, capsys):
    assert main(["check", str(sample)]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_check_reports_unknown_codes_and_broken_references(tmp_path, sample, capsys):
    path = tmp_path / "edited.coprod"
    path.write_bytes(sample.read_bytes())
    with sqlite3.connect(path) as connection:  # another program edits the file behind our back
        connection.execute("UPDATE role SET stage = 'lunch' WHERE rowid = 1")
        connection.execute("UPDATE capability SET person_id = 'nobody' WHERE rowid = 1")
    connection.close()
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert "unknown code 'lunch'" in captured.out
    assert "refers to a missing row in person" in captured.out
    assert captured.err.count("\n") == 1 and "problems" in captured.err


def test_check_reports_damage(tmp_path, sample, capsys):
    path = tmp_path / "damaged.coprod"
    data = bytearray(sample.read_bytes())
    page = 4096
    for offset in range(3 * page, len(data) - page, 7 * page):  # scribble over some pages
        data[offset + 8 : offset + 400] = os.urandom(392)
    path.write_bytes(bytes(data))
    assert main(["check", str(path)]) == 1
    assert "damage" in capsys.readouterr().out


def test_problems_exit_1_with_one_line(tmp_path):
    existing = tmp_path / "exists.coprod"
    existing.write_text("not an audit")
    cases = [
        ("info", str(tmp_path / "missing.coprod")),
        ("info", str(existing)),
        ("check", str(existing)),
        ("search", str(existing), "x"),
        ("new", str(existing), "--title", "T"),
        (str(tmp_path / "missing.coprod"),),
    ]
    for args in cases:
        result = run(*args)
        assert result.returncode == 1, (args, result)
        assert result.stderr.count("\n") == 1, (args, result.stderr)
        assert str(tmp_path) in result.stderr
    assert existing.read_text() == "not an audit"


def test_usage_errors_exit_2():
    for args in (
        ["new"],
        ["new", "x.coprod"],
        ["sample", "x.coprod", "--people", "0"],
        ["--bogus"],
    ):
        result = run(*args)
        assert result.returncode == 2, (args, result)
        assert "usage:" in result.stderr


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("new", "sample", "info", "check", "search"):
        assert command in result.stdout


def open_window(*args: str, until, env: dict | None = None, seconds: float = 90) -> str:
    """Start the window as from a terminal; close it once `until()` is true; return its output."""
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "coprod_desktop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )
    try:
        deadline = time.monotonic() + seconds
        while not until():
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the window did not get there in time"
            time.sleep(0.1)
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    return output


def test_opening_a_file_opens_it_in_the_window(sample, tmp_path):
    copy = tmp_path / "copy.coprod"
    copy.write_bytes(sample.read_bytes())
    lock = copy.with_name(copy.name + ".lock")
    open_window(str(copy), until=lock.exists, env={"HOME": str(tmp_path)})


def test_open_sample_makes_it_in_the_user_data_folder(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path)}

    def opened() -> bool:
        return any((tmp_path / "data").rglob("*.coprod.lock"))

    output = open_window("--sample", until=opened, env=env)
    made = list((tmp_path / "data").rglob("*.coprod"))
    assert len(made) == 1 and "Sample" in made[0].name
    assert "Making the sample audit" in output
