"""`coprod-desktop check` reports the dates the first version saved for "not set".

The first version's date fields saved 1 January 1900 (or a day or two after) when a user meant
"no date". These tests write such dates straight into the file with sqlite3, as that version
did, into every date column of the schema, and run the real command: as a child process, as a
user runs it, or through `cli.main`. `--fix-dates` clears the optional ones through the store
after writing a backup copy, and leaves the round dates, which cannot be empty, to be typed.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import Action, AssessmentRound, Audit, Person
from coprod_desktop.domain.vocabulary import ConsentScope
from coprod_desktop.store import AuditStore
from coprod_desktop.store.check import DATES_LISTED, check_audit, date_fields


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coprod_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def make_audit(path: Path) -> dict[str, str]:
    """An audit with good dates in every date field; return the records' ids by name."""
    with AuditStore.create(
        path, Audit(title="Cwm Tŷ-gwyn audit", start_date=date(2026, 1, 5))
    ) as store:
        sian = store.add(
            Person(
                name="Siân Evans",
                consent_date=date(2026, 3, 1),
                consent_scope=ConsentScope.PARTNERS,
                consent_review=date(2027, 3, 1),
            )
        )
        gwen = store.add(
            Person(
                name="Gwen Price",
                consent_date=date(2026, 4, 2),
                consent_scope=ConsentScope.INTERNAL,
            )
        )
        gone = store.add(Person(name="Dafydd Gone"))
        action = store.add(Action(title="Recruit two peer supporters", due=date(2026, 12, 1)))
        spring = store.add(
            AssessmentRound(held_on=date(2026, 2, 1), participants="Gwen, Siân and the group")
        )
        store.delete(Person, gone.id)
        return {
            "audit": store.audit().id,
            "Siân": sian.id,
            "Gwen": gwen.id,
            "gone": gone.id,
            "action": action.id,
            "round": spring.id,
        }


def write_old_dates(path: Path, ids: dict[str, str]) -> None:
    """Put dates in the file as the first version's date fields did (and one worse)."""
    with sqlite3.connect(path) as connection:
        sql = connection.execute
        sql("UPDATE audit SET start_date = '1900-01-01'")
        sql(
            "UPDATE person SET consent_date = '1900-01-01', consent_review = '1900-01-03' "
            "WHERE id = ?",
            (ids["Siân"],),
        )
        sql("UPDATE person SET consent_review = '1999-06-30' WHERE id = ?", (ids["Gwen"],))
        sql("UPDATE person SET consent_date = '1900-01-01' WHERE id = ?", (ids["gone"],))
        sql("UPDATE action SET due = '1900-01-02'")
        sql("UPDATE assessment_round SET held_on = '1900-01-01'")
    connection.close()


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    path = tmp_path / "Cwm Tŷ-gwyn.coprod"
    ids = make_audit(path)
    write_old_dates(path, ids)
    return path


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


EXPECTED = [
    "Audit details 'Cwm Tŷ-gwyn audit': start date 01/01/1900 looks like an empty date saved "
    "by an older version; clear it or type the real date",
    "Person 'Siân Evans': consent date 01/01/1900 looks like an empty date saved by an older "
    "version; clear it or type the real date",
    "Person 'Siân Evans': consent review date 03/01/1900 looks like an empty date saved by an "
    "older version; clear it or type the real date",
    "Person 'Gwen Price': consent review date 30/06/1999 is before 2000; check the year and "
    "clear it or type the real date",
    "Action 'Recruit two peer supporters': due date 02/01/1900 looks like an empty date saved "
    "by an older version; clear it or type the real date",
    "date 01/01/1900 looks like an empty date saved by an older version; type the real date",
]


def test_every_date_column_of_the_schema_is_checked() -> None:
    found = {(f.table, f.column, f.optional) for f in date_fields()}
    assert found == {
        ("audit", "start_date", True),
        ("person", "consent_date", True),
        ("person", "consent_review", True),
        ("assessment_round", "held_on", False),
        ("action", "due", True),
        ("asset", "acv_nominated_on", True),
        ("asset", "acv_listed_on", True),
        ("asset", "acv_listing_ends", True),
        ("asset", "acv_sale_notice_on", True),
    }


def test_check_reports_each_old_date_by_record_and_exits_1(audit: Path) -> None:
    before = audit.read_bytes()
    result = run("check", str(audit))
    assert result.returncode == 1, result
    problems = [line for line in result.stdout.splitlines() if line.startswith("Problem: ")]
    assert len(problems) == len(EXPECTED), result.stdout
    for expected in EXPECTED:
        assert any(expected in line for line in problems), (expected, result.stdout)
    round_line = next(line for line in problems if "Self-assessment round" in line)
    assert "with Gwen, Siân and the group" in round_line
    assert "Dafydd" not in result.stdout, "a deleted person is not reported"
    # One line on stderr, saying what to do, with the command that clears them.
    assert result.stderr.count("\n") == 1, result.stderr
    assert "has 6 problems" in result.stderr
    assert "type the real dates" in result.stderr
    assert f"check {audit} --fix-dates" in result.stderr
    assert "backup or an earlier copy" not in result.stderr, "dates are not damage"
    assert audit.read_bytes() == before, "check changes nothing"


def test_a_clean_audit_and_the_sample_pass(tmp_path: Path, capsys) -> None:
    path = tmp_path / "clean.coprod"
    make_audit(path)
    assert main(["check", str(path)]) == 0
    assert "no problems found" in capsys.readouterr().out
    sample = tmp_path / "sample.coprod"
    assert main(["sample", str(sample), "--people", "80"]) == 0
    assert main(["check", str(sample)]) == 0
    assert "no problems found" in capsys.readouterr().out
    assert check_audit(sample).dates == []


def test_a_date_that_is_not_a_date_is_reported(tmp_path: Path, capsys) -> None:
    path = tmp_path / "odd.coprod"
    make_audit(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE action SET due = '31/02/2026'")
    connection.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        "Problem: Action 'Recruit two peer supporters': due date '31/02/2026' is not a date; "
        "clear it or type the real date"
    ) in out


def test_a_date_more_than_ten_years_ahead_is_reported_and_not_cleared(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "ahead.coprod"
    make_audit(path)
    far = date.today().replace(year=date.today().year + 11, day=1)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE action SET due = ?", (far.isoformat(),))
        connection.execute("UPDATE audit SET start_date = '1900-01-01'")
    connection.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert (
        f"Problem: Action 'Recruit two peer supporters': due date {far:%d/%m/%Y} is more than "
        "10 years from now; check the year and clear it or type the real date"
    ) in out
    # --fix-dates clears only what an older version saved for "not set"; the year is the
    # user's to correct.
    assert main(["check", str(path), "--fix-dates"]) == 1
    captured = capsys.readouterr()
    assert "Cleared 1 date before 2000:" in captured.out
    assert rows(path, "SELECT start_date, (SELECT due FROM action) FROM audit") == [
        (None, far.isoformat())
    ]
    assert "1 date must still be corrected" in captured.err


def test_many_old_dates_are_counted_not_all_listed(tmp_path: Path, capsys) -> None:
    path = tmp_path / "many.coprod"
    with AuditStore.create(path, Audit(title="Many")) as store:
        store.add_many([Person(name=f"Person {n}") for n in range(DATES_LISTED + 25)])
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE person SET consent_date = '1900-01-01'")
    connection.close()
    report = check_audit(path)
    assert len(report.dates) == DATES_LISTED + 25
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert sum("consent date 01/01/1900 looks like" in line for line in lines) == DATES_LISTED
    assert lines[-1] == ("Problem: ... and 25 more people with a consent date that cannot be right")
    assert f"has {DATES_LISTED + 25} problems" in captured.err
    assert f"clears the {DATES_LISTED + 25} optional ones" in captured.err


def test_an_older_format_file_is_checked_for_dates_too(audit: Path, capsys) -> None:
    with sqlite3.connect(audit) as connection:
        connection.execute("PRAGMA user_version = 1")  # format 1 had the same tables
    connection.close()
    assert main(["check", str(audit)]) == 1
    out = capsys.readouterr().out
    assert "older file format (1)" in out
    assert "Person 'Siân Evans': consent date 01/01/1900" in out


def test_fix_dates_clears_the_optional_ones_after_a_backup(audit: Path, capsys) -> None:
    folder = audit.parent
    assert main(["check", str(audit), "--fix-dates"]) == 1  # the round's date is left to type
    captured = capsys.readouterr()
    backups = sorted(folder.glob("Cwm Tŷ-gwyn.before-date-fix-*.coprod"))
    assert len(backups) == 1
    assert f"Wrote a backup copy first: {backups[0]}" in captured.out
    assert "Cleared 5 dates before 2000:" in captured.out
    assert "  Person 'Siân Evans': consent date 01/01/1900" in captured.out
    assert "  Person 'Gwen Price': consent review date 30/06/1999" in captured.out
    assert "Self-assessment round added on" in captured.out  # listed as left to correct
    assert "1 date must still be corrected" in captured.err
    assert "type the real date." in captured.err
    assert sorted(os.listdir(folder)) == sorted([audit.name, backups[0].name])

    # The backup holds the file as it was; the audit has the optional dates cleared.
    old = "SELECT name, consent_date, consent_review FROM person ORDER BY name"
    assert rows(backups[0], old) == [
        ("Dafydd Gone", "1900-01-01", None),
        ("Gwen Price", "2026-04-02", "1999-06-30"),
        ("Siân Evans", "1900-01-01", "1900-01-03"),
    ]
    assert rows(audit, old) == [
        ("Dafydd Gone", "1900-01-01", None),  # deleted: left as it was
        ("Gwen Price", "2026-04-02", None),
        ("Siân Evans", None, None),
    ]
    assert rows(audit, "SELECT start_date FROM audit") == [(None,)]
    assert rows(audit, "SELECT due FROM action") == [(None,)]
    assert rows(audit, "SELECT held_on FROM assessment_round") == [("1900-01-01",)]
    with AuditStore.open(audit) as store:
        sian = store.page(Person, limit=10)
        assert {p.name: p.consent_scope for p in sian} == {
            "Gwen Price": ConsentScope.INTERNAL,
            "Siân Evans": ConsentScope.PARTNERS,  # only the dates were cleared
        }
        logged = [entry.summary for entry in store.changes(limit=5)]
    assert any("Cleared dates before 2000" in line and "2 people" in line for line in logged)

    # Typing the round's real date (as in the window) leaves a file that passes.
    with sqlite3.connect(audit) as connection:
        connection.execute("UPDATE assessment_round SET held_on = '2026-02-01'")
    connection.close()
    assert main(["check", str(audit)]) == 0
    assert main(["check", str(audit), "--fix-dates"]) == 0  # nothing left to do
    assert len(list(folder.glob("*.before-date-fix-*.coprod"))) == 1


def test_fix_dates_changes_nothing_while_the_audit_is_open(audit: Path, capsys) -> None:
    before = audit.read_bytes()
    with AuditStore.open(audit) as store:  # open in the window, here
        assert not store.read_only
        assert main(["check", str(audit), "--fix-dates"]) == 1
    captured = capsys.readouterr()
    assert "cannot be changed" in captured.err and "opened by" in captured.err
    assert captured.err.count("\n") == 1
    assert audit.read_bytes() == before
    assert sorted(os.listdir(audit.parent)) == [audit.name], "no backup is left"


def test_fix_dates_with_only_a_round_date_writes_no_backup(tmp_path: Path, capsys) -> None:
    path = tmp_path / "round.coprod"
    make_audit(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE assessment_round SET held_on = '1900-01-01'")
    connection.close()
    assert main(["check", str(path), "--fix-dates"]) == 1
    captured = capsys.readouterr()
    assert "date 01/01/1900 looks like an empty date" in captured.out
    assert "--fix-dates" not in captured.err  # it cannot clear a round's date
    assert "Open the audit and type the real date." in captured.err
    assert sorted(os.listdir(tmp_path)) == [path.name]


def test_fix_dates_leaves_a_record_it_could_not_save(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mixed.coprod"
    ids = make_audit(path)
    far = date.today().replace(year=date.today().year + 20, day=1).isoformat()
    with sqlite3.connect(path) as connection:
        sql = connection.execute
        # Siân: an old consent date, and a review date the store would refuse to save.
        sql(
            "UPDATE person SET consent_date = '1900-01-01', consent_review = ? WHERE id = ?",
            (far, ids["Siân"]),
        )
        # Gwen: an old consent date, and a review that is not a date (the record cannot be read).
        sql(
            "UPDATE person SET consent_date = '1900-01-01', consent_review = 'soon' WHERE id = ?",
            (ids["Gwen"],),
        )
        sql("UPDATE action SET due = '1900-01-01'")
    connection.close()
    assert main(["check", str(path), "--fix-dates"]) == 1
    captured = capsys.readouterr()
    assert "Cleared 1 date before 2000:\n  Action 'Recruit two peer supporters'" in captured.out
    for line in (
        "Person 'Siân Evans': consent date 01/01/1900 looks like",
        "Person 'Siân Evans': consent review date",
        "Person 'Gwen Price': consent date 01/01/1900 looks like",
        "Person 'Gwen Price': consent review date 'soon' is not a date",
    ):
        assert f"Problem: {line}" in captured.out, line
    assert "4 dates must still be corrected" in captured.err
    assert rows(path, "SELECT name, consent_date FROM person WHERE deleted = 0 ORDER BY name") == [
        ("Gwen Price", "1900-01-01"),
        ("Siân Evans", "1900-01-01"),
    ]
    assert rows(path, "SELECT due FROM action") == [(None,)]


def test_fix_dates_with_nothing_it_can_save_changes_nothing(tmp_path: Path, capsys) -> None:
    path = tmp_path / "stuck.coprod"
    ids = make_audit(path)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "UPDATE person SET consent_date = '1900-01-01', consent_review = 'soon' WHERE id = ?",
            (ids["Gwen"],),
        )
    connection.close()
    before = path.read_bytes()
    assert main(["check", str(path), "--fix-dates"]) == 1
    captured = capsys.readouterr()
    assert "No date could be cleared: nothing was changed." in captured.out
    assert "2 dates must still be corrected" in captured.err
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [path.name]
