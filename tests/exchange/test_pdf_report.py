"""The PDF report, read back as a reader's tools read it: text from `pdftotext`, page size and
metadata from `pdfinfo`, fonts from `pdffonts`, the outline and links from PDFium (pypdfium2).

The sample's reports are built once per module (one per privacy level, on demand); tests that
change an audit build their own small ones. The helpers at the top are shared with
test_pdf_privacy.py, test_pdf_bad_input.py and test_cli_pdf.py.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from coprod_desktop.domain import records as r
from coprod_desktop.domain.vocabulary import (
    RATING_LABELS,
    CapabilityKind,
    ConsentScope,
    Element,
    Hat,
    PrivacyLevel,
    Rung,
    Stage,
)
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore
from tests.exchange.conftest import TODAY

SECTION_KEYS = (
    "summary",
    "elements",
    "roles",
    "leaving_out",
    "capabilities",
    "assets",
    "actions",
    "appendix",
)
A4 = (595.28, 841.89)  # points
PDF_TIMEOUT = 120  # seconds for one poppler tool on one report

if shutil.which("pdftotext") is None:  # poppler-utils
    pytest.skip("pdftotext (poppler-utils) is not installed", allow_module_level=True)


# -- reading a PDF back ------------------------------------------------------------------------


def _poppler(*args: str | Path) -> str:
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=PDF_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, f"{args[0]} failed on {args[-1]}: {done.stderr}"
    return done.stdout


def pdf_text(path: Path, *, layout: bool = False, first: int = 0, last: int = 0) -> str:
    """The text of the PDF (pages 1-based, 0 for the first/last), pages ended by a form feed.
    Without `layout` the text is in the order it is drawn, so a table cell's wrapped lines
    follow each other (what a screen reader reads); with it, as the page shows it."""
    options = ["-layout"] if layout else ["-raw"]
    if first:
        options += ["-f", str(first)]
    if last:
        options += ["-l", str(last)]
    return _poppler("pdftotext", *options, "-enc", "UTF-8", path, "-")


def pages_of(text: str) -> list[str]:
    """The text of each page of pdftotext's output."""
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """Every run of white space as one space: text wrapped onto lines reads as one line."""
    return " ".join(text.split())


def pdf_info(path: Path) -> dict[str, str]:
    info = {}
    for line in _poppler("pdfinfo", "-enc", "UTF-8", path).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table: name, type, encoding, emb, sub, uni of each font of the PDF."""
    lines = _poppler("pdffonts", path).splitlines()
    _header, rule, *rows = lines
    # The rule of dashes under the header gives the columns' widths.
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    keys = ["name", "type", "encoding", "emb", "sub", "uni", "object", "id"]
    return [{k: row[a:b].strip() for k, (a, b) in zip(keys, spans, strict=False)} for row in rows]


@dataclass(frozen=True)
class Bookmark:
    level: int
    title: str
    page: int  # 1-based


def outline(path: Path) -> list[Bookmark]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        marks = []
        for mark in pdf.get_toc():
            dest = mark.get_dest()
            page = dest.get_index() + 1 if dest is not None else 0
            marks.append(Bookmark(mark.level, mark.get_title(), page))
        return marks
    finally:
        pdf.close()


def link_targets(path: Path, page_number: int) -> list[int]:
    """The pages (1-based) the links on a page go to, in the order PDFium finds them."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_number - 1]
        targets = []
        position = ctypes.c_int(0)
        link = raw.FPDF_LINK()
        while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            dest = raw.FPDFLink_GetDest(pdf.raw, link)
            if not dest:
                action = raw.FPDFLink_GetAction(link)
                dest = raw.FPDFAction_GetDest(pdf.raw, action) if action else None
            if dest:
                targets.append(raw.FPDFDest_GetDestPageIndex(pdf.raw, dest) + 1)
        page.close()
        return targets
    finally:
        pdf.close()


# -- building reports ------------------------------------------------------------------------


@dataclass
class Built:
    """A report made by export_report, with its text read back once."""

    result: object  # ReportResult
    path: Path
    text: str  # pdftotext in drawing order, pages ended by form feeds

    @property
    def pages(self) -> list[str]:
        return pages_of(self.text)

    @property
    def flat(self) -> str:
        return flat(self.text)

    def section_pages(self, key: str) -> tuple[int, int]:
        """The first and last page (1-based) of a section, from the outline."""
        from coprod_desktop.report.pdf import SECTIONS

        title = {s.key: s.title for s in SECTIONS}[key]
        top = [m for m in outline(self.path) if m.level == 0]
        starts = [m.page for m in top]
        index = [m.title for m in top].index(title)
        first = starts[index]
        if index + 1 == len(starts):
            return first, len(self.pages)
        last = starts[index + 1]
        # The next section starts on a page of its own unless its heading follows other text.
        following = [line.strip() for line in self.pages[last - 1].splitlines() if line.strip()]
        if flat(top[index + 1].title) in following[:3]:
            last -= 1
        return first, max(first, last)

    def section_text(self, key: str) -> str:
        first, last = self.section_pages(key)
        return "\f".join(self.pages[first - 1 : last])


def build(store, path: Path, level: str = "internal", **options) -> Built:
    from coprod_desktop.report.pdf import export_report

    options.setdefault("today", TODAY)
    result = export_report(store, path, privacy=PrivacyLevel(level), **options)
    return Built(result, Path(path), pdf_text(Path(path)))


@pytest.fixture(scope="module")
def sample_report(sample_store, tmp_path_factory) -> Callable[[str], Built]:
    """sample_report("partner") -> the sample's full report at that level (made once)."""
    folder = tmp_path_factory.mktemp("pdf-reports")
    made: dict[str, Built] = {}

    def report(level: str = "internal") -> Built:
        if level not in made:
            made[level] = build(sample_store, folder / f"sample-{level}.pdf", level)
        return made[level]

    return report


def people(store, *names: str, consent=ConsentScope.PUBLIC) -> list[r.Person]:
    """Add people with a capability each (so that the inventory names them)."""
    added = []
    for number, name in enumerate(names):
        person = store.add(r.Person(name=name, hats=(Hat.COMMUNITY_MEMBER,), consent_scope=consent))
        store.add(
            r.Capability(
                person_id=person.id,
                kind=CapabilityKind.HEART,
                description=f"Runs the knitting circle {number + 1}",
            )
        )
        added.append(person)
    return added


# -- the sections and the result ---------------------------------------------------------------


def test_the_sections_are_the_agreed_ones_in_report_order():
    from coprod_desktop.report.pdf import INVENTORY_SECTIONS, SECTIONS

    assert tuple(s.key for s in SECTIONS) == SECTION_KEYS
    assert set(INVENTORY_SECTIONS) == {"capabilities", "assets"}
    for section in SECTIONS:
        assert section.title.strip() and section.about.strip(), section
        assert len(section.about.splitlines()) == 1, section
    assert len({s.title for s in SECTIONS}) == len(SECTIONS)


@pytest.mark.parametrize("level", ["internal", "partner", "public"])
def test_the_result_describes_the_file(sample_report, level):
    built = sample_report(level)
    result = built.result
    assert Path(result.path) == built.path and built.path.exists()
    assert result.privacy is PrivacyLevel(level)
    assert result.sections == list(SECTION_KEYS)
    assert result.pages == int(pdf_info(built.path)["Pages"]) == len(built.pages)
    assert isinstance(result.notes, list)
    assert built.path.read_bytes().startswith(b"%PDF-")


def test_a4_pages_and_document_metadata(sample_report, sample_store):
    built = sample_report("internal")
    info = pdf_info(built.path)
    width, height = map(float, re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (width, height) == pytest.approx(A4, abs=1), info["Page size"]
    audit = sample_store.audit()
    assert info["Title"].startswith(audit.title)
    assert info.get("Author"), "the report names no author"
    assert audit.organisation in info["Author"] or info["Author"] in audit.operators
    assert info.get("Subject"), "the report has no subject"
    # The language of the text (for screen readers): /Lang in the document catalogue.
    assert re.search(rb"/Lang\s*\(en", built.path.read_bytes()), "no /Lang in the PDF"


def test_every_font_is_dejavu_and_embedded(sample_report):
    for level in ("internal", "public"):
        fonts = pdf_fonts(sample_report(level).path)
        assert fonts, "pdffonts found no fonts"
        for font in fonts:
            assert font["emb"] == "yes", f"{level}: {font['name']} is not embedded"
            assert "DejaVuSans" in font["name"], f"{level}: a font other than DejaVu: {font}"
            assert font["uni"] == "yes", f"{level}: {font['name']} has no ToUnicode map"


@pytest.mark.parametrize("level", ["internal", "public"])
def test_every_page_has_the_header_and_page_n_of_m(sample_report, sample_store, level):
    built = sample_report(level)
    pages = built.pages
    total = len(pages)
    assert total > 5
    title = flat(sample_store.audit().title)
    for number, text in enumerate(pages, 1):
        if number == 1:
            continue  # the cover shows the title its own way and needs no page number
        assert f"Page {number} of {total}" in text, f"page {number} has no 'Page N of M'"
        assert title in flat(text), f"page {number} has no header with the audit's title"


@pytest.mark.parametrize("level", ["internal", "partner", "public"])
def test_the_cover(sample_report, sample_store, level):
    cover = flat(sample_report(level).pages[0])
    audit = sample_store.audit()
    label = PrivacyLevel(level).label
    assert flat(audit.title) in cover
    assert flat(audit.organisation) in cover
    assert flat(audit.area) in cover
    assert "23 November 2026" in cover  # the day it was made (today=)
    assert f"Privacy level: {label}" in cover
    # What the level means, in words a reader understands.
    meaning = cover.split(f"Privacy level: {label}", 1)[1]
    expected = {
        "internal": ["audit team"],
        "partner": ["contact details", "equality", "pseudonym"],
        "public": ["names nobody", "<5"],
    }[level]
    for words in expected:
        assert words in meaning, f"the {level} cover does not say {words!r}: {meaning[:300]!r}"


def test_the_outline_lists_every_section_in_order_on_rising_pages(sample_report):
    from coprod_desktop.report.pdf import SECTIONS

    built = sample_report("internal")
    marks = outline(built.path)
    top = [m for m in marks if m.level == 0]
    titles = [m.title for m in top]
    expected = [s.title for s in SECTIONS]
    assert [t for t in titles if t in expected] == expected, titles
    pages = [m.page for m in top]
    assert pages == sorted(pages) and pages[0] >= 1 and pages[-1] <= len(built.pages)
    assert all(m.page >= 1 for m in marks), "a bookmark goes nowhere"
    for mark in top:
        if mark.title in expected:
            # The bookmark goes to the page where the section's heading is.
            assert flat(mark.title) in flat(built.pages[mark.page - 1]), mark


def test_the_contents_page_links_to_every_section(sample_report):
    from coprod_desktop.report.pdf import SECTIONS

    built = sample_report("internal")
    contents = next(n for n, text in enumerate(built.pages, 1) if "Contents" in text)
    assert contents <= 3
    text = flat(built.pages[contents - 1])
    for section in SECTIONS:
        assert flat(section.title) in text, f"the contents do not list {section.title}"
    targets = link_targets(built.path, contents)
    starts = {m.title: m.page for m in outline(built.path) if m.level == 0}
    for section in SECTIONS:
        assert starts[section.title] in targets, (
            f"no link on the contents page goes to {section.title} (page "
            f"{starts[section.title]}); links go to {targets}"
        )


# -- what each section says --------------------------------------------------------------------


def test_the_summary_answers_the_checklist_and_lists_top_actions(sample_report):
    built = sample_report("internal")
    text = flat(built.section_text("summary"))
    for question in (
        "Can people with lived experience work with staff at all stages?",
        "Do people with lived experience have an equal role in making decisions?",
        "Are staff and people with lived experience jointly responsible for design and delivery?",
    ):
        assert question in text
    first, last = built.section_pages("summary")
    assert last - first <= 1, "the summary is meant to be one page"


def test_the_summary_counts_what_the_audit_holds(sample_report, sample_store):
    text = flat(sample_report("internal").section_text("summary"))
    counts = sample_store.counts()
    for key, noun in (
        ("people", "people"),
        ("capabilities", "capabilities"),
        ("assets", "community assets"),
        ("roles", "roles"),
        ("actions", "actions"),
    ):
        assert f"{counts[key]:,} {noun}" in text, f"the summary does not say {counts[key]} {noun}"


def test_the_elements_section_has_the_six_elements_the_radar_and_coverage(
    sample_report, sample_store
):
    from coprod_desktop.analysis.progress import assessment_rounds

    built = sample_report("internal")
    text = flat(built.section_text("elements"))
    for element in Element:
        assert flat(element.label) in text, element
        # The explanation of each element (its first words: the text may wrap anywhere).
        assert flat(element.info.summary)[:40] in text, element
    rounds = assessment_rounds(sample_store)
    assert len(rounds) == 2
    for held in rounds:  # the radar's legend names the latest and the previous round
        assert f"{held.held_on.day} {held.held_on:%B %Y}" in text, held
    assert "thin" in text.lower() and "strong" in text.lower()


def test_the_roles_section_has_the_heat_map_and_the_checklist(sample_report):
    from coprod_desktop.analysis.checklist import QUESTIONS

    text = flat(sample_report("internal").section_text("roles"))
    for stage in Stage:
        assert stage.label in text, stage
    for rung in Rung:
        # A long rung name may wrap at its hyphen in the heat map's column header.
        assert rung.label in text or rung.label.replace("-", "- ") in text, rung
    for band in ("doing to", "doing for", "doing with"):
        assert band in text.lower(), band
    for question in QUESTIONS:
        assert question in text
    # The checklist comes with its evidence (the sample's question 2 is answered "Partly").
    assert "take part in decisions" in text


def test_the_leaving_out_section_compares_with_the_area(sample_report, sample_store):
    from coprod_desktop.analysis.leaving_out import leaving_out

    analysis = leaving_out(sample_store)
    text = flat(sample_report("internal").section_text("leaving_out"))
    for question in analysis.questions:
        assert question.label in text, question.label
    assert "<5" in text  # the sample has small groups
    for group in analysis.under_represented:
        assert flat(group.label) in text, group.label


def test_the_inventories_and_the_action_plan_list_their_records(sample_report, sample_store):
    built = sample_report("internal")
    capabilities = flat(built.section_text("capabilities"))
    for kind in CapabilityKind:
        assert kind.label in capabilities, kind  # grouped by kind
    descriptions = {flat(c.description) for c in sample_store.iterate(r.Capability)}
    missing = {d for d in descriptions if d not in capabilities}
    assert not missing, f"{len(missing)} capabilities missing, e.g. {sorted(missing)[:3]}"

    assets = flat(built.section_text("assets"))
    names = {flat(a.name) for a in sample_store.iterate(r.CommunityAsset)}
    missing = {n for n in names if n not in assets}
    assert not missing, f"assets missing from the register: {sorted(missing)[:5]}"

    actions = flat(built.section_text("actions"))
    titles = {flat(a.title) for a in sample_store.iterate(r.Action)}
    missing = {t for t in titles if t not in actions}
    assert not missing, f"actions missing from the plan: {sorted(missing)[:5]}"


def test_the_appendix_explains_the_method_and_the_words(sample_report):
    text = flat(sample_report("internal").section_text("appendix"))
    for element in Element:
        assert flat(element.label) in text, element
    for rung in Rung:
        assert rung.label in text, rung
    for label in RATING_LABELS.values():
        assert label in text, label


def test_tables_that_split_across_pages_repeat_their_headers(sample_report):
    built = sample_report("internal")
    first, last = built.section_pages("capabilities")
    assert last > first, "the sample's capability inventory should need more than a page"
    pages = built.pages[first - 1 : last]
    # The header row of the table on the first page of the section ...
    header = [line for line in pages[1].splitlines() if line.strip()]
    assert any("Person" in line or "Capability" in line for line in header[:8]), header[:8]
    # ... is on every page the table continues onto (the page's first lines after the header).
    for number, text in enumerate(pages[1:], first + 1):
        top = flat("\n".join(text.splitlines()[:12]))
        assert "Capability" in top or "Description" in top, f"page {number}: {top[:200]!r}"


# -- choosing sections ---------------------------------------------------------------------------


def test_only_the_chosen_sections_are_in_the_report(sample_store, tmp_path):
    from coprod_desktop.report.pdf import SECTIONS

    built = build(sample_store, tmp_path / "two.pdf", sections=["roles", "summary"])
    assert built.result.sections == ["summary", "roles"]  # in report order
    titles = [m.title for m in outline(built.path) if m.level == 0]
    chosen = {s.title for s in SECTIONS if s.key in ("summary", "roles")}
    left_out = {s.title for s in SECTIONS} - chosen
    assert chosen <= set(titles)
    assert not left_out & set(titles), titles
    assert "Privacy level: Internal" in flat(built.pages[0])  # the cover is always there


def test_without_the_inventories_the_report_is_shorter(sample_store, sample_report, tmp_path):
    from coprod_desktop.report.pdf import INVENTORY_SECTIONS

    keys = [k for k in SECTION_KEYS if k not in INVENTORY_SECTIONS]
    short = build(sample_store, tmp_path / "short.pdf", sections=keys)
    assert short.result.sections == keys
    assert short.result.pages < sample_report("internal").result.pages


def test_an_unknown_section_is_refused_before_anything_is_written(sample_store, tmp_path):
    from coprod_desktop.report.pdf import export_report

    with pytest.raises(ValueError, match="bogus"):
        export_report(sample_store, tmp_path / "x.pdf", sections=["summary", "bogus"])
    assert list(tmp_path.iterdir()) == []


def test_an_empty_choice_still_gives_the_cover_and_contents(sample_store, tmp_path):
    built = build(sample_store, tmp_path / "none.pdf", sections=[])
    assert built.result.sections == []
    assert built.result.pages >= 1
    assert "Privacy level: Internal" in flat(built.pages[0])


# -- more data, no data, some data ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_sample(tmp_path_factory) -> Iterator[AuditStore]:
    path = tmp_path_factory.mktemp("pdf-small") / "Small.coprod"
    write_sample(path, people=40, seed=3, today=TODAY)
    store = AuditStore.open(path, read_only=True)
    yield store
    store.close()


def test_the_page_count_grows_with_the_data(small_sample, sample_report, tmp_path):
    small = build(small_sample, tmp_path / "small.pdf")
    large = sample_report("internal")
    assert small.result.pages < large.result.pages
    assert small_sample.counts()["people"] < 300


@pytest.mark.parametrize("level", ["internal", "partner", "public"])
def test_an_empty_audit_gives_a_sensible_report(new_audit, tmp_path, level):
    built = build(new_audit, tmp_path / "empty.pdf", level)
    assert built.result.sections == list(SECTION_KEYS)
    text = flat(built.text)
    assert "No self-assessment yet." in text
    assert "Exchange test" in text and f"Privacy level: {PrivacyLevel(level).label}" in text
    for number, page in enumerate(built.pages[1:], 2):
        assert f"Page {number} of {len(built.pages)}" in page
    assert "None" not in text.split(), "a missing value is printed as None"
    assert "nan" not in text.split()


def test_an_audit_with_only_people_gives_a_report(new_audit, tmp_path):
    people(new_audit, "Mair Jones", "Dai Thomas", consent=ConsentScope.INTERNAL)
    built = build(new_audit, tmp_path / "people only.pdf")
    text = flat(built.text)
    assert "No self-assessment yet." in text
    assert "Mair Jones" in text and "Runs the knitting circle 1" in text
    assert "None" not in text.split()


def test_an_audit_with_one_round_and_no_roles_gives_a_report(new_audit, tmp_path):
    held = new_audit.add(r.AssessmentRound(held_on=date(2026, 3, 12)))
    new_audit.add(r.AssessmentRating(round_id=held.id, element=Element.RECIPROCITY, score=3))
    new_audit.add(r.Action(title="Ask the tenants' forum to co-chair", element=Element.ASSETS))
    built = build(new_audit, tmp_path / "one round.pdf")
    text = flat(built.text)
    assert "12 March 2026" in text  # the radar's only round
    assert "No self-assessment yet." not in text
    assert "Ask the tenants' forum to co-chair" in text
    assert "None" not in text.split()


# -- letters -------------------------------------------------------------------------------------


def test_welsh_letters_are_in_the_text(new_audit, tmp_path):
    people(new_audit, "Gwenllïan ap Dafydd Ŵyn", "Llŷr", "Siân Ffrâncon")
    built = build(new_audit, tmp_path / "Cymraeg.pdf")
    text = flat(built.text)
    for name in ("Gwenllïan ap Dafydd Ŵyn", "Llŷr", "Siân Ffrâncon"):
        assert name in text, name
    assert not [note for note in built.result.notes if "font" in note.lower()], built.result.notes


def test_letters_the_font_lacks_are_reported_in_the_notes(new_audit, tmp_path):
    people(new_audit, "王小明", "Ana Lúcia")
    built = build(new_audit, tmp_path / "letters.pdf")
    assert any("王小明" in note for note in built.result.notes), built.result.notes
    assert "Ana Lúcia" in flat(built.text)


# -- progress ------------------------------------------------------------------------------------


def test_progress_counts_up_to_its_total(small_sample, tmp_path):
    calls: list[tuple[int, int]] = []
    build(small_sample, tmp_path / "progress.pdf", progress=lambda *a: calls.append(a))
    assert len(calls) > 3
    assert len({total for _, total in calls}) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert calls[-1][0] == calls[-1][1], f"the report finished with progress at {calls[-1]}"


@pytest.mark.parametrize("key", ["capabilities", "assets", "actions"])
def test_a_long_table_starts_on_the_page_of_its_heading(sample_report, key):
    """A heading is never left alone at the foot of a page with its table on the next."""
    built = sample_report("partner")
    first, _ = built.section_pages(key)
    heading_page = [line for line in built.pages[first - 1].splitlines() if line.strip()]
    # Header, heading, a line or two of introduction, the footer: and then at least a table's
    # header and a few rows.
    assert len(heading_page) > 10, (
        f"the {key} section's page {first} holds only {heading_page}; its table starts on the "
        "next page"
    )


# -- nothing cut off, nothing on top of other text ---------------------------------------------

MARGIN_POINTS = 18 * 72 / 25.4  # the report's side margins, 18 mm


def misplaced_letters(path: Path, limit: int = 10) -> tuple[list[str], list[str]]:
    """Letters outside the side margins or the page, and pairs of letters drawn over each
    other (their boxes, shrunk by a quarter on each side to allow for kerning, overlap)."""
    import pypdfium2 as pdfium

    outside: list[str] = []
    overlapping: list[str] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            width, height = page.get_size()
            letters = page.get_textpage()
            boxes = []
            for index in range(letters.count_chars()):
                letter = letters.get_text_range(index, 1)
                if not letter.strip():
                    continue
                left, bottom, right, top = letters.get_charbox(index)
                if (
                    left < MARGIN_POINTS - 2
                    or right > width - MARGIN_POINTS + 2
                    or bottom < 0
                    or top > height
                ):
                    outside.append(f"page {number + 1}: {letter!r} at {left:.0f},{bottom:.0f}")
                w, h = (right - left) / 4, (top - bottom) / 4
                boxes.append((left + w, bottom + h, right - w, top - h, letter))
            boxes.sort()
            for at, (left, bottom, right, top, letter) in enumerate(boxes):
                for left2, bottom2, _right2, top2, letter2 in boxes[at + 1 :]:
                    if left2 >= right:
                        break
                    if bottom2 < top and bottom < top2:
                        overlapping.append(
                            f"page {number + 1}: {letter!r} and {letter2!r} at "
                            f"{left:.0f},{bottom:.0f}"
                        )
            letters.close()
            page.close()
            if len(outside) > limit or len(overlapping) > limit:
                break
    finally:
        pdf.close()
    return outside, overlapping


def test_the_check_for_misplaced_letters_finds_them(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from coprod_desktop.report import fonts as report_fonts

    report_fonts.register()
    path = tmp_path / "overlap.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont(report_fonts.REGULAR, 10)
    canvas.drawString(100, 500, "Setting priorities")
    canvas.drawString(103, 501, "Planning")  # on top of the first
    canvas.drawString(A4[0] - 30, 400, "cut off at the edge")
    canvas.save()
    outside, overlapping = misplaced_letters(path)
    assert outside and overlapping


@pytest.mark.parametrize("level", ["internal", "public"])
def test_no_text_is_cut_off_or_drawn_over_other_text(sample_report, level):
    outside, overlapping = misplaced_letters(sample_report(level).path)
    assert outside == [], f"letters outside the margins: {outside[:10]}"
    assert overlapping == [], f"letters drawn over others: {overlapping[:10]}"
