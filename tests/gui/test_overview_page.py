"""The Overview page, used as a person would: its numbers, the journey, the details dialog."""

from html import escape

import pytest
from acting import show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from coprod_desktop.analysis.coverage import element_coverage, untapped_capabilities_count
from coprod_desktop.analysis.stages import audit_counts
from coprod_desktop.domain import (
    Capability,
    CapabilityKind,
    Element,
    ElementLink,
    Hat,
    Naming,
    Person,
    Role,
    Rung,
    Stage,
)
from coprod_desktop.gui.pages.overview import DONE_MARK, TILE_KEYS, TO_DO_MARK, OverviewPage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.store import AuditStore
from tests.gui.conftest import TODAY


def make_page(qtbot, session, settings) -> OverviewPage:
    """Make the page and show it (a hidden Overview waits until shown to recompute)."""
    page = OverviewPage(session, settings, today=TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    return page


def open_details(qtbot, page: OverviewPage):
    qtbot.mouseClick(page.ui.edit_details_button, Qt.MouseButton.LeftButton)
    dialog = page.details_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog.ui)
    dialog.ui.activateWindow()
    qtbot.waitUntil(dialog.ui.isActiveWindow)
    assert QApplication.focusWidget() is dialog.ui.title_edit
    return dialog


def test_numbers_shown_match_the_store(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    store = sample_session.store
    counts = audit_counts(store, TODAY)
    for key in TILE_KEYS:
        assert getattr(page.ui, f"{key}_count").text() == f"{counts[key]:,}"
    assert page.ui.people_count.text() == f"{store.count(Person):,}"
    assert page.ui.audit_title.text() == store.audit().title
    assert store.audit().organisation in page.ui.audit_summary.text()

    missing = page.ui.missing_text.text()
    untapped = untapped_capabilities_count(store)
    assert f"{untapped:,} capabilities are not linked to any element yet." in missing
    for coverage in element_coverage(store):
        if coverage.thin:
            assert f"{coverage.element.label} is thin" in missing
    # The chart states its numbers for screen readers.
    description = page.element_chart.accessibleDescription()
    first = element_coverage(store)[0]
    assert f"{first.element.label}: {first.people:,} people" in description


def test_journey_buttons_open_their_pages(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    for button, target in (
        (page.ui.people_button, "people_page"),
        (page.ui.assets_button, "assets_page"),
        (page.ui.elements_button, "elements_page"),
        (page.ui.roles_button, "roles_page"),
        (page.ui.self_assessment_button, "self_assessment_page"),
    ):
        with qtbot.waitSignal(page.go_to) as signal:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert signal.args == [target, None, ""]
    # And from the keyboard: Space on a focused button.
    page.ui.actions_button.setFocus()
    with qtbot.waitSignal(page.go_to) as signal:
        qtbot.keyClick(page.ui.actions_button, Qt.Key.Key_Space)
    assert signal.args == ["actions_page", None, ""]


def test_journey_marks_steps_done_as_the_audit_grows(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    assert page.ui.step_2_status.text() == TO_DO_MARK
    assert page.ui.step_6_status.text() == TO_DO_MARK
    assert page.ui.step_8_detail.text().endswith("and a PDF report to print or publish.")
    ann = session.add(Person(name="Ann"))
    session.add(Capability(person_id=ann.id, kind=CapabilityKind.HANDS, description="Cooking"))
    qtbot.waitUntil(lambda: page.ui.step_2_status.text() == DONE_MARK)
    assert page.ui.step_3_status.text() == TO_DO_MARK


def test_details_dialog_saves_through_the_session(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    dialog = open_details(qtbot, page)
    ui = dialog.ui
    assert ui.title_edit.text() == "Test audit"
    ui.title_edit.selectAll()
    qtbot.keyClicks(ui.title_edit, "Hubs audit")
    qtbot.keyClicks(ui.area_edit, "Cwm Derwen")
    ui.purpose_edit.setFocus()
    qtbot.keyClicks(ui.purpose_edit, "Redesign the hubs with the people who use them")
    ui.operators_edit.setFocus()
    qtbot.keyClicks(ui.operators_edit, "Rhian")
    qtbot.keyClick(ui.operators_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(ui.operators_edit, "Tom")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not ui.isVisible())
    audit = session.store.audit()
    assert (audit.title, audit.area, audit.operators) == (
        "Hubs audit",
        "Cwm Derwen",
        ("Rhian", "Tom"),
    )
    qtbot.waitUntil(lambda: page.ui.audit_title.text() == "Hubs audit")
    assert "run by Rhian, Tom" in page.ui.audit_summary.text()
    assert page.ui.step_1_status.text() == DONE_MARK

    session.undo_stack.undo()
    assert session.store.audit().title == "Test audit"
    qtbot.waitUntil(lambda: page.ui.audit_title.text() == "Test audit")


def test_details_dialog_refuses_an_empty_title(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    dialog = open_details(qtbot, page)
    ui = dialog.ui
    assert not ui.title_problem.isVisible()
    ui.title_edit.selectAll()
    qtbot.keyClick(ui.title_edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(ui.organisation_edit, " and partners")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert ui.isVisible()
    assert ui.title_problem.isVisible() and ui.title_problem.text()
    assert session.store.audit().title == "Test audit"
    assert session.store.audit().organisation == "Brackenford Council"
    assert session.undo_stack.count() == 0
    assert QApplication.focusWidget() is ui.title_edit
    ui.reject()


def test_charts_render_on_an_empty_audit_and_on_the_sample(
    qtbot, session, sample_session, settings
):
    for audit in (session, sample_session):
        page = make_page(qtbot, audit, settings)
        for chart in (page.element_chart, page.stage_map):
            assert chart.height() >= chart.minimumSizeHint().height() > 0
            image = chart.grab().toImage()
            assert not image.isNull() and image.width() > 100
    empty = make_page(qtbot, session, settings)
    assert "no people" in empty.element_chart.accessibleDescription()
    assert "Evaluation: no people" in empty.stage_map.accessibleDescription()
    assert "No people have been recorded yet." in empty.ui.missing_text.text()


def test_refreshes_once_after_a_burst_of_edits(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    assert page.ui.people_count.text() == "0"
    with session.edit("Add three people"):
        for name in ("Ann", "Bob", "Cat"):
            session.add(Person(name=name))
    # Nothing is recomputed during the burst: the timer fires when the event loop runs.
    assert page.ui.people_count.text() == "0"
    qtbot.waitUntil(lambda: page.ui.people_count.text() == "3")


def test_hidden_page_catches_up_when_shown(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    page.hide()
    session.add(Person(name="Ann"))
    QApplication.processEvents()  # the refresh timer fires while the page is hidden
    assert page.ui.people_count.text() == "0"
    page.show()
    assert page.ui.people_count.text() == "1"


def test_missing_shows_stages_without_lived_experience(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    staff = session.add(Person(name="Sam", hats=(Hat.STAFF,)))
    lived = session.add(Person(name="Lee", hats=(Hat.LIVED_EXPERIENCE,)))
    session.add(Role(person_id=staff.id, stage=Stage.EVALUATION, rung=Rung.CO_PRODUCTION))
    session.add(Role(person_id=lived.id, stage=Stage.DESIGN, rung=Rung.CONSULTATION))
    expected = "No one with lived experience takes part in evaluation."
    qtbot.waitUntil(lambda: expected in page.ui.missing_text.text())
    missing = page.ui.missing_text.text()
    assert "No one has a role in planning yet." in missing
    assert "People with lived experience take part in design, but none of them" in missing
    assert "Lived experience: None" not in page.stage_map.accessibleDescription()
    assert "Evaluation: 1 person" in page.stage_map.accessibleDescription()


def test_element_names_follow_the_users_naming(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    person = session.add(Person(name="Ann"))
    session.add(ElementLink(element=Element.PEER_NETWORKS, person_id=person.id, strength=1))
    qtbot.waitUntil(
        lambda: "Peer support networks: 1 person" in page.element_chart.accessibleDescription()
    )
    settings.naming = Naming.NEF
    qtbot.waitUntil(lambda: "Networks: 1 person" in page.element_chart.accessibleDescription())
    assert "Capacity has nothing linked to it yet." in page.ui.missing_text.text()


def test_read_only_audit_cannot_be_edited(qtbot, audit_path, settings):
    session = AuditSession(AuditStore.open(audit_path, read_only=True))
    try:
        page = make_page(qtbot, session, settings)
        assert page.ui.read_only_note.isVisible()
        assert not page.ui.edit_details_button.isEnabled()
        assert not page.ui.setup_button.isEnabled()
        qtbot.mouseClick(page.ui.edit_details_button, Qt.MouseButton.LeftButton)
        assert page.details_dialog is None
        assert page.ui.people_button.isEnabled()  # looking around still works
    finally:
        session.close()


def test_read_only_note_hidden_when_editable(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    assert not page.ui.read_only_note.isVisible()


def test_keyboard_walk_reaches_every_control(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    page.focus_first()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.ui.edit_details_button)
    expected = [
        page.ui.setup_button,
        page.ui.people_button,
        page.ui.assets_button,
        page.ui.elements_button,
        page.ui.roles_button,
        page.ui.self_assessment_button,
        page.ui.actions_button,
        page.ui.share_button,  # step 8: Export to Excel
        page.ui.reports_button,  # step 8: Go to Reports
        page.ui.missing_text,
        page.ui.evidence_1,
        page.ui.evidence_2,
        page.ui.evidence_3,
        page.ui.checklist_rules_button,
        page.ui.leaving_out_text,
        page.ui.reference_button,
        page.gap_chart,
        page.element_chart,
        page.stage_map,
    ]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
    for widget in (page.ui.edit_details_button, *expected):
        assert widget.accessibleName()


@pytest.mark.parametrize("point_size", [14])
def test_large_font_keeps_charts_whole(qtbot, sample_session, settings, point_size):
    app = QApplication.instance()
    old = app.font()
    font = app.font()
    font.setPointSize(point_size)
    app.setFont(font)
    try:
        page = make_page(qtbot, sample_session, settings)
        for chart in (page.element_chart, page.stage_map):
            assert chart.height() >= chart.minimumSizeHint().height()
            assert chart.width() >= chart.minimumSizeHint().width()
    finally:
        app.setFont(old)


def test_checklist_shows_the_analysis_answers_with_their_evidence(qtbot, sample_session, settings):
    from coprod_desktop.analysis import analyse

    page = make_page(qtbot, sample_session, settings)
    answers = analyse(sample_session.store, TODAY).checklist
    for answer in answers:
        shown = getattr(page.ui, f"answer_{answer.number}").text()
        assert shown.endswith(answer.answer_label)
        evidence = getattr(page.ui, f"evidence_{answer.number}").text()
        assert all(escape(sentence) in evidence for sentence in answer.evidence)
        assert getattr(page.ui, f"question_{answer.number}").toolTip() == answer.rule


def test_checklist_answers_follow_an_edit_of_the_roles(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    assert page.ui.answer_1.text() == "✗ No"
    assert "Nobody with lived experience has a role in setting priorities" in (
        page.ui.evidence_1.text()
    )
    lived = session.add(Person(name="Ann", hats=(Hat.LIVED_EXPERIENCE,)))
    staff = session.add(Person(name="Bea", hats=(Hat.STAFF,)))
    with session.edit("Roles everywhere"):
        for stage in Stage:
            for person in (lived, staff):
                session.add(
                    Role(person_id=person.id, stage=stage, rung=Rung.CO_PRODUCTION, decisions=True)
                )
    qtbot.waitUntil(lambda: page.ui.answer_1.text() == "✓ Yes")
    assert page.ui.answer_2.text() == "✓ Yes" and page.ui.answer_3.text() == "✓ Yes"
    session.undo_stack.undo()
    qtbot.waitUntil(lambda: page.ui.answer_1.text() == "✗ No")


def test_rules_button_explains_every_answer(qtbot, session, settings):
    from coprod_desktop.analysis.checklist import RULES

    page = make_page(qtbot, session, settings)
    qtbot.mouseClick(page.ui.checklist_rules_button, Qt.MouseButton.LeftButton)
    box = page.findChild(QMessageBox, "info_message")
    qtbot.waitUntil(lambda: box is not None and box.isVisible())
    text = box.text()
    assert all(escape(rule) in text for rule in RULES)
    box.accept()


def test_leaving_out_names_the_under_represented_groups(qtbot, sample_session, settings):
    from coprod_desktop.analysis.leaving_out import leaving_out

    page = make_page(qtbot, sample_session, settings)
    under = leaving_out(sample_session.store).under_represented
    assert under, "the sample's people should leave some group of the area out"
    assert page.gap_chart.isVisible()
    assert f"{len(under)} group" in page.ui.leaving_out_text.text()
    description = page.gap_chart.accessibleDescription()
    for group in page.gap_chart.groups:
        assert f"{group.question_label}, {group.label}" in description
    assert len(page.gap_chart.groups) == min(8, len(under))


def test_leaving_out_without_reference_figures_says_so(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    session.add(Person(name="Ann", equality={"age": "35_49"}))
    qtbot.waitUntil(
        lambda: (
            "reference population" in page.ui.leaving_out_text.text()
            or "Too few" in page.ui.leaving_out_text.text()
        )
    )
    assert not page.gap_chart.isVisible()


def test_reference_button_opens_the_reference_population(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    qtbot.mouseClick(page.ui.reference_button, Qt.MouseButton.LeftButton)
    dialog = page.reference_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog.ui)
    dialog.ui.reject()
    qtbot.waitUntil(lambda: not dialog.ui.isVisible())
