"""A public report of a small audit still says something: the 12-person sample made and
exported with the command line, as a user does, and its public PDF (pdftotext) and public
workbook (openpyxl) read back.

Counts of people, and of what belongs to them, stay hidden under 5 ("<5"); counts of
community assets, asset links, actions and rounds are exact (`analysis.small_counts`). And no
published report (partner or public) tells its reader to use the app.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.analysis.small_counts import (
    PEOPLE,
    SUPPRESSED,
    WORK,
    hide_small,
    is_hidden,
    shown_count,
)
from coprod_desktop.analysis.stages import audit_counts
from coprod_desktop.cli import main
from coprod_desktop.domain.vocabulary import AssetCategory, AssetStatus, Element
from coprod_desktop.store import AuditStore
from tests.exchange.test_pdf_privacy import small_count_lines
from tests.exchange.test_pdf_report import Built, flat, pdf_text

PEOPLE_IN_SAMPLE = 12
NUMBER = r"(?:<5|\d[\d,]*)"


def _export(audit: Path, out: Path, kind: str, level: str) -> Path:
    assert main(["export", str(audit), f"--{kind}", str(out), "--privacy", level]) == 0
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("public-numbers")


@pytest.fixture(scope="module")
def small(folder) -> Path:
    """`coprod-desktop sample small.coprod --people 12`."""
    path = folder / "small.coprod"
    assert main(["sample", str(path), "--people", str(PEOPLE_IN_SAMPLE)]) == 0
    return path


@pytest.fixture(scope="module")
def store(small):
    opened = AuditStore.open(small, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def empty(folder) -> Path:
    """A new audit with nothing in it: no area figures, no self-assessment."""
    path = folder / "empty.coprod"
    assert main(["new", str(path), "--title", "Nothing yet"]) == 0
    return path


@pytest.fixture(scope="module")
def made(folder, small, empty):
    """made(audit, "pdf" | "xlsx", level) -> the file, exported once with the command line."""
    files: dict[tuple, Path] = {}

    def make(which: str, kind: str, level: str) -> Path:
        key = (which, kind, level)
        if key not in files:
            audit = {"small": small, "empty": empty}[which]
            files[key] = _export(audit, folder / f"{which}-{level}.{kind}", kind, level)
        return files[key]

    return make


@pytest.fixture(scope="module")
def public_pdf(made) -> Built:
    path = made("small", "pdf", "public")
    return Built(None, path, pdf_text(path))


@pytest.fixture(scope="module")
def public_book(made):
    book = openpyxl.load_workbook(made("small", "xlsx", "public"))
    yield book
    book.close()


def section_lines(built: Built, key: str) -> list[str]:
    first, last = built.section_pages(key)
    return pdf_text(built.path, layout=True, first=first, last=last).splitlines()


def numbers_after(lines: list[str], label: str) -> list[str] | None:
    """The numbers (or "<5") on the line of a table that starts with `label`."""
    pattern = re.compile(rf"^\s*{re.escape(label)}((?:\s+{NUMBER})+)\s*$")
    for line in lines:
        match = pattern.match(line)
        if match:
            return match[1].split()
    return None


def asset_counts(store) -> dict[tuple[str, str], int]:
    rows = store.query(
        "SELECT category, status, count(*) FROM asset WHERE deleted = 0 GROUP BY 1, 2"
    )
    return {(category, status): n for category, status, n in rows}


def rows_of(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


# -- the sample is small enough for the rule to matter ------------------------------------------


def test_the_sample_has_small_counts_of_assets_and_of_people(store):
    assert store.counts()["people"] == PEOPLE_IN_SAMPLE
    small_assets = [n for n in asset_counts(store).values() if 0 < n < 5]
    assert small_assets, "no category and status with 1 to 4 assets: nothing to show exactly"
    roles = store.query(
        "SELECT count(DISTINCT person_id) FROM role WHERE deleted = 0 GROUP BY stage, rung"
    )
    assert any(0 < n < 5 for (n,) in roles)


# -- assets and actions in numbers --------------------------------------------------------------


def test_the_public_report_shows_the_asset_register_in_numbers(public_pdf, store):
    counts = asset_counts(store)
    lines = section_lines(public_pdf, "assets")
    for category in AssetCategory:
        by_status = [counts.get((category.value, s.value), 0) for s in AssetStatus]
        found = numbers_after(lines, category.label)
        assert found is not None, f"no row for {category.label} in the asset register"
        assert found[: len(AssetStatus) + 1] == [str(n) for n in [*by_status, sum(by_status)]]


def test_the_public_report_shows_the_action_plan_in_numbers(public_pdf, store):
    counts = audit_counts(store, date.today())
    text = flat("\n".join(section_lines(public_pdf, "actions")))
    assert (
        f"{counts['actions_done']:,} done, {counts['actions_open']:,} open, of which "
        f"{counts['actions_overdue']:,} overdue." in text
    )
    lines = section_lines(public_pdf, "actions")
    small = 0
    for element in Element:
        every = store.query(
            "SELECT count(*), total(status = 'done') FROM action WHERE deleted = 0 AND element = ?",
            (element.value,),
        )[0]
        found = numbers_after(lines, element.label)
        assert found is not None, f"no row for {element.label} among the actions by element"
        assert SUPPRESSED not in found
        assert found[-1] == f"{every[0]:,}" and found[2] == f"{int(every[1]):,}"
        small += any(int(n) < 5 for n in found)
    assert small, "no small number among the actions by element: nothing shown exactly"
    summary = flat("\n".join(section_lines(public_pdf, "summary")))
    assert f"{counts['assets']:,} community assets" in summary
    assert f"{store.counts()['actions']:,} actions in the plan" in summary


def test_the_public_report_shows_the_assets_linked_to_each_element(public_pdf, store):
    from coprod_desktop.analysis.coverage import element_coverage

    lines = section_lines(public_pdf, "elements")
    for c in element_coverage(store):
        found = numbers_after(lines, c.element.label)
        if found is None:  # the "Covered?" column follows: take the numbers before it
            line = next(x for x in lines if x.strip().startswith(c.element.label) and "<5" in x)
            found = re.findall(NUMBER, line[len(c.element.label) + line.find(c.element.label) :])
        assert found[2] == f"{c.assets:,}", c.element.label


def test_the_public_workbook_shows_assets_and_actions_in_numbers(public_book, store):
    counts = asset_counts(store)
    rows = rows_of(public_book["Assets"])
    header = rows[0]
    assert header[: len(AssetStatus) + 2] == ["Category", *(s.label for s in AssetStatus), "All"]
    for category, row in zip(AssetCategory, rows[1:], strict=True):
        by_status = [counts.get((category.value, s.value), 0) for s in AssetStatus]
        assert row[0] == category.label
        assert row[1 : len(AssetStatus) + 2] == [*by_status, sum(by_status)]  # ints, exact

    overview = rows_of(public_book["Overview"])
    labels = {row[0]: row[1] for row in overview if row[0]}
    every = store.counts()
    assert labels["Community assets"] == every["assets"]
    assert labels["Actions"] == every["actions"]
    assert labels["Self-assessment rounds"] == every["assessments"]
    assert every["assessments"] < 5  # a small count, shown as it is

    start = next(i for i, row in enumerate(overview) if row[0] == "Actions by element")
    header = overview[start + 1]
    assert header[:6] == ["Element", "Open", "Of which overdue", "Done", "Dropped", "All"]
    by_element = {row[0]: row[1:6] for row in overview[start + 2 :] if row[0]}
    for element in Element:
        n, done = store.query(
            "SELECT count(*), total(status = 'done') FROM action WHERE deleted = 0 AND element = ?",
            (element.value,),
        )[0]
        assert by_element[element.label][4] == n and by_element[element.label][2] == int(done)
    assert by_element["All elements"][4] == every["actions"]
    cells = [v for row in overview[start + 1 :] for v in row]
    assert SUPPRESSED not in cells
    assert any(isinstance(v, int) and 0 < v < 5 for v in cells)

    actions = rows_of(public_book["Actions"])
    assert len(actions) - 1 == every["actions"]


# -- people stay hidden -------------------------------------------------------------------------


def test_counts_of_people_under_five_stay_hidden_in_the_public_report(public_pdf):
    small = small_count_lines(public_pdf, ("summary", "roles", "leaving_out", "capabilities"))
    assert small == [], "counts of people under 5:\n" + "\n".join(small[:10])
    roles = "\n".join(section_lines(public_pdf, "roles"))
    assert roles.count(SUPPRESSED) > 20  # 12 people over 6 stages and 7 rungs: mostly hidden
    assets = section_lines(public_pdf, "assets")
    for category in AssetCategory:
        connected = numbers_after(assets, category.label)[-1]
        assert connected == SUPPRESSED or int(connected) >= 5, category.label


def test_counts_of_people_under_five_stay_hidden_in_the_public_workbook(public_book):
    def people_cells(sheet: str, columns: set[str], header_row: int = 0) -> list:
        rows = rows_of(public_book[sheet])
        header = rows[header_row]
        wanted = [i for i, h in enumerate(header) if h in columns]
        return [row[i] for row in rows[header_row + 1 :] for i in wanted if row[0]]

    cells = people_cells("Roles", {"Take part in decisions", "Coercion", "Co-design"})
    cells += people_cells("Assets", {"People connected"})
    cells += people_cells("Capabilities", {"Capabilities", "Willing to share"})
    overview = rows_of(public_book["Overview"])
    coverage = next(i for i, row in enumerate(overview) if row[:2] == ["Element", "People"])
    for row in overview[coverage + 1 : coverage + 1 + len(Element)]:
        cells += [row[1], row[2], row[4]]  # people, capabilities, strong links (of people too)
    cells += [overview[1][1], overview[2][1], overview[4][1]]  # people, capabilities, roles
    small = [v for v in cells if isinstance(v, int) and v < 5]
    assert small == []
    assert cells.count(SUPPRESSED) > 20


def test_a_hidden_capability_count_cannot_be_worked_out_by_subtraction(public_book, store):
    """Capabilities of a kind less those willing to share is the number not shared: where
    that is 1 to 4, one of the two is hidden too."""
    rows = rows_of(public_book["Capabilities"])[1:]
    unshared = dict(
        store.query(
            "SELECT kind, count(*) FROM capability WHERE deleted = 0 AND willing_to_share = 0 "
            "GROUP BY kind"
        )
    )
    assert any(0 < n < 5 for n in unshared.values())  # the rule is exercised
    for kind, every, willing in rows:
        if isinstance(every, int) and isinstance(willing, int):
            assert every - willing == 0 or every - willing >= 5, kind
    shown = [r[1] for r in rows if isinstance(r[1], int)]
    total = store.counts()["capabilities"]
    hidden = [r for r in rows if r[1] == SUPPRESSED]
    if len(hidden) == 1:  # the one hidden kind would be the total less the others
        assert total - sum(shown) in (0,) or total - sum(shown) >= 5


# -- the rule itself ----------------------------------------------------------------------------


def test_the_rule_hides_people_and_shows_work():
    assert shown_count(3, PEOPLE) == SUPPRESSED and shown_count(0, PEOPLE) == SUPPRESSED
    assert shown_count(3, WORK) == 3 and shown_count(0, WORK) == 0
    assert shown_count(5, PEOPLE) == 5
    assert is_hidden(2, "capabilities") and is_hidden(2, "roles") and is_hidden(4, "people")
    assert not is_hidden(2, "assets") and not is_hidden(1, "actions_overdue")
    assert not is_hidden(1, "assessments") and not is_hidden(0, "asset_links")
    assert is_hidden(2, "something new")  # an unknown count is taken as one of people


def test_hide_small_hides_a_second_count_where_a_total_gives_one_away():
    # 7 capabilities, 5 of them shared: the 2 not shared (never shown) would be worked out.
    cells = {"all": 7, "shared": 5, "not": 2}
    assert hide_small(cells, [("all", ["shared", "not"])], unshown=["not"]) == {"shared"}
    # 6 not shared: worked out, but not small.
    cells = {"all": 11, "shared": 5, "not": 6}
    assert hide_small(cells, [("all", ["shared", "not"])], unshown=["not"]) == set()
    # A lone hidden 0 identifies nobody.
    cells = {"all": 6, "shared": 6, "not": 0}
    assert hide_small(cells, [("all", ["shared", "not"])], unshown=["not"]) == set()
    # A total stated elsewhere (None) and one small part: the smallest other part goes too.
    cells = {"a": 9, "b": 6, "c": 3}
    assert hide_small(cells, [(None, ["a", "b", "c"])]) == {"b", "c"}
    # Two hidden parts: neither can be worked out alone.
    cells = {"a": 9, "b": 2, "c": 3}
    assert hide_small(cells, [(None, ["a", "b", "c"])]) == {"b", "c"}


# -- no app instructions in a published report --------------------------------------------------

APP_WORDS = re.compile(
    r"\b(?:Audit|File|Edit|View|Tools|Help)\s*(?:>|›)"
    r"|›"
    r"|\bclick"
    r"|\bunder (?:Audit|File|Edit|View|Tools|Help)\b"
    r"|\bon the [A-Z][\w-]*(?: [\w-]+)? page\b"
    r"|\b(?:menu|button|Ctrl\+)",
    re.IGNORECASE,
)


def app_words(text: str) -> list[str]:
    text = re.sub(r"Page \d+ of \d+", "", text)
    return [text[max(0, m.start() - 50) : m.end() + 30] for m in APP_WORDS.finditer(text)]


def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    try:
        return "\n".join(
            str(cell.value)
            for ws in book.worksheets
            for row in ws.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        )
    finally:
        book.close()


@pytest.mark.parametrize("which", ["empty", "small"])
@pytest.mark.parametrize("level", ["partner", "public"])
def test_a_published_report_never_tells_the_reader_to_use_the_app(made, which, level):
    text = flat(pdf_text(made(which, "pdf", level)))
    hits = app_words(text)
    assert hits == [], f"the {level} report of the {which} audit points to the app: {hits[:3]}"
    if which == "empty":  # what is missing is said in words a reader understands
        assert "population figures (for example from the census) have not been added" in text
        assert "No self-assessment yet. The team has not yet rated the six elements" in text


@pytest.mark.parametrize("which", ["empty", "small"])
@pytest.mark.parametrize("level", ["partner", "public"])
def test_a_published_workbook_never_tells_the_reader_to_use_the_app(made, which, level):
    hits = app_words(workbook_text(made(which, "xlsx", level)))
    assert hits == [], f"the {level} workbook of the {which} audit points to the app: {hits[:3]}"


def test_the_scan_finds_the_hint_the_internal_report_keeps(made):
    text = flat(pdf_text(made("empty", "pdf", "internal")))
    assert app_words(text), "the scan for app instructions found nothing it should find"


def test_the_public_workbook_read_me_describes_its_own_sheets(public_book):
    from coprod_desktop.exchange.public_tables import SHEET_ABOUT

    about = {row[0]: row[1] for row in rows_of(public_book["Read me"]) if row[0]}
    for sheet, text in SHEET_ABOUT.items():
        assert sheet in public_book.sheetnames and about[sheet] == text
    text = "\n".join(str(v) for v in about.values())
    assert "Role details" not in text  # a sheet of the partner workbook only
    assert about["Privacy level"] == "Public: Totals only; counts of people under 5 shown as “<5”."
