"""The Overview's "what is missing" and the PDF report's summary name the same thin elements:
one analysis (`AuditAnalysis.thin_elements`), every thin element, on the 300-person sample,
the 12-person sample and an audit with nothing linked (all six thin: the summary once listed
only four of them)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from acting import show

from coprod_desktop.analysis import analyse
from coprod_desktop.domain import Element
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui.pages.overview import OverviewPage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.report.pdf import export_report
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore
from tests.exchange.test_pdf_report import flat, pdf_text
from tests.gui.conftest import TODAY

THIN = (" is thin", " has nothing linked")


def named_thin(sentences: list[str]) -> set[Element]:
    """The elements that sentences of "what is missing" call thin."""
    return {
        element
        for element in Element
        for sentence in sentences
        if any(sentence.startswith(element.label + mark) for mark in THIN)
    }


def overview_thin(qtbot, session, settings) -> set[Element]:
    page = OverviewPage(session, settings, today=TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    items = re.findall(r"<li>(.*?)</li>", page.ui.missing_text.text(), re.DOTALL)
    return named_thin([unescape(item) for item in items])


def report_thin(store, path, level: str) -> set[Element]:
    export_report(store, path, privacy=PrivacyLevel(level), sections=["summary"], today=TODAY)
    text = flat(pdf_text(path))
    missing = text.split("What is missing", 1)[1].split("Are people with lived experience", 1)[0]
    return named_thin([flat(item) for item in missing.split("\u2022")])


@pytest.fixture
def twelve_people(tmp_path):
    path = tmp_path / "Twelve.coprod"
    write_sample(path, people=12, today=TODAY)
    opened = AuditSession(AuditStore.open(path, user="tester"))
    yield opened
    opened.close()


def _check(qtbot, session, settings, tmp_path) -> set[Element]:
    expected = {c.element for c in analyse(session.store, TODAY).coverage if c.thin}
    shown = overview_thin(qtbot, session, settings)
    assert shown == expected
    for level in ("internal", "public"):
        in_report = report_thin(session.store, tmp_path / f"{level}.pdf", level)
        assert in_report == shown, f"{level} report: {sorted(e.label for e in in_report)}"
    return shown


def test_the_300_person_sample(qtbot, sample_session, settings, tmp_path):
    assert _check(qtbot, sample_session, settings, tmp_path)


def test_the_12_person_sample(qtbot, twelve_people, settings, tmp_path):
    assert len(_check(qtbot, twelve_people, settings, tmp_path)) >= 5


def test_an_audit_with_nothing_linked_lists_all_six(qtbot, session, settings, tmp_path):
    assert _check(qtbot, session, settings, tmp_path) == set(Element)
