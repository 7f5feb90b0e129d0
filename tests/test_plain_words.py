"""Safe defaults and plain words on the command line and in the workbooks: an export without
--privacy is a partner copy (and says so), search shows labels not codes, the ID columns of a
workbook are folded away, counts agree with their nouns, and no message points to the window."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest

from coprod_desktop.cli import main
from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import AssetCategory, CapabilityKind
from coprod_desktop.domain.wording import count_text, noun_for, number_of, plural
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.columns import Kind
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import all_cells
from tests.exchange.test_pdf_report import flat, pdf_text

# Pointers to the window a command-line user cannot follow.
WINDOW_WORDS = re.compile(r"›|\bFile >|\bEdit >|\bAudit >|\bmenu\b|\bclick|Save a copy|\bpage\b")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "Sample.coprod"
    write_sample(path, people=120, seed=5)
    return path


@pytest.fixture(scope="module")
def contacts(sample) -> set[str]:
    with AuditStore.open(sample, read_only=True) as store:
        people = list(store.iterate(r.Person))
    found = {p.email for p in people if p.email} | {p.phone for p in people if p.phone}
    assert len(found) > 50
    return found


def texts_of(path: Path) -> list[str]:
    return [str(value) for _, _, value in all_cells(path)]


def headers_of(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [
            str(cell.value)
            for ws in book.worksheets
            for cell in next(ws.iter_rows(max_row=1), ())
            if cell.value is not None
        ]
    finally:
        book.close()


# -- export without --privacy ------------------------------------------------------------------


def test_export_without_privacy_is_a_partner_workbook_and_says_so(
    sample, contacts, tmp_path, capsys
):
    default, internal = tmp_path / "default.xlsx", tmp_path / "internal.xlsx"
    assert main(["export", str(sample), "--xlsx", str(default)]) == 0
    said = capsys.readouterr().out
    assert "privacy: Partner" in said
    assert "Partner is the default privacy level" in said and "--privacy internal" in said
    assert main(["export", str(sample), "--xlsx", str(internal), "--privacy", "internal"]) == 0
    assert "default privacy level" not in capsys.readouterr().out  # asked for: no note

    cells = texts_of(default)
    assert not [c for c in cells if any(contact in c for contact in contacts)]
    assert not [h for h in headers_of(default) if h.startswith("Equality:")]
    about = dict(openpyxl.load_workbook(default)[L.ABOUT_SHEET].iter_rows(values_only=True))
    assert about["privacy"] == "partner"
    # The scan can fail: the internal copy has the contact details and equality answers.
    assert contacts & set(texts_of(internal))
    assert [h for h in headers_of(internal) if h.startswith("Equality:")]


def test_export_pdf_without_privacy_is_a_partner_report(sample, contacts, tmp_path, capsys):
    default, partner = tmp_path / "default.pdf", tmp_path / "partner.pdf"
    internal = tmp_path / "internal.pdf"
    assert main(["export", str(sample), "--pdf", str(default)]) == 0
    said = capsys.readouterr().out
    assert "privacy: Partner" in said and "default privacy level" in said
    text = flat(pdf_text(default))
    assert "Privacy level: Partner" in text
    assert not [c for c in contacts if c in text]
    # Word for word the partner report (whose privacy test_pdf_privacy.py proves: equality
    # answers only as totals in "who are we leaving out?"), not the internal one.
    assert main(["export", str(sample), "--pdf", str(partner), "--privacy", "partner"]) == 0
    assert main(["export", str(sample), "--pdf", str(internal), "--privacy", "internal"]) == 0
    assert text == flat(pdf_text(partner))
    internal_text = flat(pdf_text(internal))
    assert "Privacy level: Internal" in internal_text and internal_text != text


def test_the_readme_says_the_default_is_partner():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    [line] = [
        x for x in readme.splitlines() if x.startswith("| `coprod-desktop export FILE --xlsx")
    ]
    assert "`partner` unless you say otherwise" in line


# -- the ID columns of a workbook ---------------------------------------------------------------


def folded_headers(ws) -> set[str]:
    headers = [cell.value for cell in ws[1]]
    return {
        headers[i - 1]
        for dimension in ws.column_dimensions.values()
        if dimension.hidden and dimension.min
        for i in range(dimension.min, dimension.max + 1)
        if i <= len(headers)
    }


@pytest.mark.parametrize("privacy", ["partner", "internal"])
def test_a_workbook_folds_every_id_column_away(sample, tmp_path, capsys, privacy):
    out = tmp_path / f"{privacy}.xlsx"
    assert main(["export", str(sample), "--xlsx", str(out), "--privacy", privacy]) == 0
    book = openpyxl.load_workbook(out)
    assert folded_headers(book["Capabilities"]) == {"Person ID", "Capability ID (leave as it is)"}
    assert folded_headers(book["Role details"]) == {"Person ID", "Role ID (leave as it is)"}
    assert folded_headers(book[L.ROLE_GRID_SHEET]) == {"Person ID"}
    assert folded_headers(book["Element links"]) == {"Linked ID", "Link ID (leave as it is)"}
    assert folded_headers(book["Self-assessment"]) == {"Round ID", "Rating ID (leave as it is)"}
    for sheet in L.DATA_SHEETS:
        ws = book[sheet.name]
        ids = {c.header for c in sheet.columns if c.kind in (Kind.ID, Kind.REF)}
        shown = {cell.value for cell in ws[1]} - folded_headers(ws)
        assert not shown & ids, sheet.name  # what a partner reads holds no ID
        assert folded_headers(ws) <= ids, sheet.name  # and nothing else is folded
        for dimension in ws.column_dimensions.values():
            if dimension.hidden:
                assert dimension.outlineLevel == 1  # folded: the + above unfolds it


@pytest.mark.parametrize("privacy", ["partner", "internal"])
def test_a_workbook_with_folded_ids_imports_back_unchanged(sample, tmp_path, capsys, privacy):
    copy = tmp_path / "copy.coprod"
    copy.write_bytes(sample.read_bytes())
    out = tmp_path / f"{privacy}.xlsx"
    assert main(["export", str(copy), "--xlsx", str(out), "--privacy", privacy]) == 0
    capsys.readouterr()
    assert main(["import", str(copy), str(out), "--json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    totals = preview["totals"]
    assert (totals["new"], totals["changed"], totals["errors"]) == (0, 0, 0)
    assert totals["unchanged"] > 500  # every row matched by its folded ID
    assert preview["imported"] is None


# -- search -------------------------------------------------------------------------------------

CODES = {m.value for m in CapabilityKind} | {m.value for m in AssetCategory}


def test_search_command_shows_labels_not_codes(sample, capsys):
    assert main(["search", str(sample), "heart"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("Capability ") for line in lines)
    assert all("Heart: what they care about" in line for line in lines)
    assert not [line for line in lines if re.search(r"(^|· |  )heart( ·|$)", line)]
    assert main(["search", str(sample), "hall"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assets = [line for line in lines if line.startswith("Community asset ")]
    assert assets and not [line for line in lines if line.startswith(("asset ", "capability "))]
    labels = {m.label for m in AssetCategory}
    assert all(any(label in line for label in labels) for line in assets)
    assert not [line for line in lines if "physical spaces" in line or "_" in line]


def test_search_as_json_keeps_the_codes_and_adds_the_label(sample, capsys):
    assert main(["search", str(sample), "lived", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    capabilities = [h for h in hits if h["kind"] == "capability"]
    assert capabilities and all(h["what"] == "Lived experience" for h in capabilities)
    assert not [h for h in capabilities if h["snippet"].startswith("lived experience")]


# -- plurals ------------------------------------------------------------------------------------

NOUNS = [
    ("person", "people"),
    ("capability", "capabilities"),
    ("community asset", "community assets"),
    ("asset", "assets"),
    ("activity", "activities"),
    ("action", "actions"),
    ("role", "roles"),
    ("element link", "element links"),
    ("self-assessment round", "self-assessment rounds"),
    ("row", "rows"),
    ("page", "pages"),
    ("problem", "problems"),
    ("match", "matches"),
    ("address", "addresses"),
    ("day", "days"),
    ("child", "children"),
]


@pytest.mark.parametrize(("one", "many"), NOUNS)
def test_a_count_agrees_with_its_noun(one, many):
    assert plural(one) == many
    assert number_of(0, one) == f"0 {many}"
    assert number_of(1, one) == f"1 {one}"
    assert number_of(2, one) == f"2 {many}"
    assert number_of(2_373, one) == f"2,373 {many}"
    assert count_text(0, one) == f"no {many}"
    assert count_text(1, one) == f"1 {one}"
    assert count_text(2, one) == f"2 {many}"


def test_every_record_type_names_its_plural_as_the_helper_does():
    for record_type in r.RECORD_TYPES:
        assert plural(record_type.noun) == record_type.plural, record_type


def test_phrases_and_verbs_follow_the_number():
    assert noun_for(1, "it is", "they are") == "it is"
    assert noun_for(3, "it is", "they are") == "they are"
    assert number_of(1, "action is", "actions are") == "1 action is"
    assert count_text(0, "action is", "actions are") == "no actions are"


def test_the_command_line_counts_in_words(tmp_path, capsys):
    path = tmp_path / "One.coprod"
    assert main(["sample", str(path), "--people", "1"]) == 0
    assert "(1 person)" in capsys.readouterr().out
    out = tmp_path / "t.xlsx"
    empty = tmp_path / "Empty.coprod"
    assert main(["new", str(empty), "--title", "Empty"]) == 0
    assert main(["template", str(out), "--from", str(empty)]) == 0
    assert "with the audit's 0 community assets" in capsys.readouterr().out
    assert main(["info", str(empty)]) == 0
    info = capsys.readouterr().out
    assert "Self-assessment rounds:" in info and "Community assets:" in info
    assert "Assessments:" not in info


# -- messages of the command line ---------------------------------------------------------------


def test_no_help_text_points_to_the_window(capsys):
    commands = ["new", "sample", "info", "check", "search", "analyse", "export", "template"]
    for command in [*commands, "import"]:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert text and not WINDOW_WORDS.search(text), command


def test_importing_into_a_read_only_audit_says_what_to_do_on_the_command_line(
    sample, tmp_path, capsys
):
    folder = tmp_path / "Content.Outlook" / "AB12CD34"  # Outlook's attachment folder
    folder.mkdir(parents=True)
    audit = folder / "Audit.coprod"
    audit.write_bytes(sample.read_bytes())
    template = tmp_path / "t.xlsx"
    assert main(["template", str(template)]) == 0
    capsys.readouterr()
    assert main(["import", str(audit), str(template)]) == 1
    err = capsys.readouterr().err
    assert "cannot be changed" in err and "Nothing was imported" in err
    assert "Copy the file to a folder of your own" in err
    assert not WINDOW_WORDS.search(err), err
    assert len(err.strip().splitlines()) == 1


def test_command_messages_about_problems_name_no_window_commands(sample, tmp_path, capsys):
    runs = [
        ["export", str(sample), "--xlsx", str(tmp_path / "out.csv")],
        ["export", str(sample), "--pdf", str(tmp_path / "out.pdf"), "--sections", "nothing"],
        ["export", str(sample), "--xlsx", str(tmp_path / "o.xlsx"), "--sections", "summary"],
        ["info", str(tmp_path / "Gone.coprod")],
        ["new", str(sample), "--title", "Again"],
        ["import", str(sample), str(tmp_path / "missing.xlsx")],
    ]
    for args in runs:
        assert main(args) == 1, args
        printed = capsys.readouterr()
        assert printed.err.strip(), args
        assert not WINDOW_WORDS.search(printed.err + printed.out), (args, printed.err)


@pytest.fixture(scope="module")
def one_of_each(tmp_path_factory) -> Path:
    """An audit with one person (lived experience, a role with decisions), one capability,
    one community asset, one link of each to an element, one action."""
    from coprod_desktop.domain import Audit, ElementLink, Role
    from coprod_desktop.domain.vocabulary import Element, Hat, Rung, Stage

    path = tmp_path_factory.mktemp("one") / "One of each.coprod"
    with AuditStore.create(path, Audit(title="One of each")) as store:
        person = store.add(r.Person(name="Siân Evans", hats=(Hat.LIVED_EXPERIENCE,)))
        capability = store.add(
            r.Capability(person_id=person.id, kind=CapabilityKind.HEART, description="Carers")
        )
        asset = store.add(r.CommunityAsset(name="Library", category=AssetCategory.INSTITUTIONS))
        store.add(
            ElementLink(element=Element.CAPABILITIES, capability_id=capability.id, strength=3)
        )
        store.add(ElementLink(element=Element.ASSETS, asset_id=asset.id, strength=1))
        store.add(
            Role(person_id=person.id, stage=Stage.DESIGN, rung=Rung.CO_DESIGN, decisions=True)
        )
        store.add(r.Action(title="Ask the library", element=Element.ASSETS))
    return path


def test_the_report_counts_one_of_each_in_the_singular(one_of_each, tmp_path, capsys):
    out = tmp_path / "one.pdf"
    assert main(["export", str(one_of_each), "--pdf", str(out), "--privacy", "internal"]) == 0
    text = flat(pdf_text(out))
    assert (
        "The audit records 1 person, 1 capability they offer and 1 community asset, with 1 role "
        "across the stages of the work and 1 action in the plan."
    ) in text
    assert "1 people" not in text and "1 assets" not in text and "1 capabilities" not in text


def test_the_analysis_counts_one_of_each_in_the_singular(one_of_each, capsys):
    assert main(["analyse", str(one_of_each)]) == 0
    text = capsys.readouterr().out
    assert "Building on people's existing capabilities: 0 people, 1 capability, 0 assets" in text
    assert "Assets: people as equal partners: 0 people, 0 capabilities, 1 asset;" in text
    assert "Design: 1 person (" in text
    assert "Of the 1 person with lived experience who holds a role" in text
    assert not re.search(r"\b1 (people|capabilities|assets|actions|roles|steps)\b", text), text


@pytest.mark.parametrize("privacy", ["partner", "internal"])
def test_the_workbook_overview_counts_in_words(sample, tmp_path, capsys, privacy):
    out = tmp_path / f"{privacy}.xlsx"
    assert main(["export", str(sample), "--xlsx", str(out), "--privacy", privacy]) == 0
    ws = openpyxl.load_workbook(out)[L.OVERVIEW_SHEET]
    what = [row[0] for row in ws.iter_rows(min_row=2, max_row=8, values_only=True)]
    assert what == [
        "People",
        "Capabilities",
        "Community assets",
        "Roles",
        "Element links",
        "Self-assessment rounds",
        "Actions",
    ]
