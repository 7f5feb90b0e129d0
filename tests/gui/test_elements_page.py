"""The Six elements page, used as a person would: clicks, typing and the keyboard."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from coprod_desktop.domain import (
    AssetCategory,
    Capability,
    CapabilityKind,
    CommunityAsset,
    Element,
    ElementLink,
    Naming,
    Person,
)
from coprod_desktop.gui.models.element_matrix import PAGE_SIZE, ElementMatrixModel, RowKind
from coprod_desktop.gui.pages.elements import ElementsPage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.store import AuditStore


@pytest.fixture
def people(session):
    """Two people, the first with a capability, and a community asset."""
    ada = session.store.add(Person(name="Ada Lovelace"))
    session.store.add(Person(name="Bola Adeyemi"))
    cooking = session.store.add(
        Capability(person_id=ada.id, kind=CapabilityKind.HANDS, description="Cooks for groups")
    )
    hall = session.store.add(
        CommunityAsset(name="Elm Street Hall", category=AssetCategory.PHYSICAL_SPACES)
    )
    return ada, cooking, hall


def open_page(qtbot, session, settings) -> ElementsPage:
    page = ElementsPage(session, settings)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    with qtbot.waitExposed(page):
        page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # so that keyboard focus can be checked
    return page


def click_cell(qtbot, page: ElementsPage, row: int, element: Element) -> None:
    index = page.model.index(row, page.model.column_of(element))
    page.view.scrollTo(index)
    rect = page.view.visualRect(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.view.currentIndex() == index


def links(session, field: str, record_id: str) -> list[ElementLink]:
    return session.store.related(ElementLink, field, [record_id])


def test_link_a_capability_by_clicking_and_typing(qtbot, session, settings, people):
    _, cooking, _ = people
    page = open_page(qtbot, session, settings)
    qtbot.mouseClick(page.ui.capabilities_radio, Qt.MouseButton.LeftButton)
    assert page.model.kind is RowKind.CAPABILITIES
    assert page.model.data(page.model.index(0, 2)) == "Ada Lovelace"  # whose it is

    click_cell(qtbot, page, 0, Element.PEER_NETWORKS)
    assert "Cooks for groups" in page.ui.target_label.text()
    assert "Peer support networks" in page.ui.element_label.text()
    assert page.ui.strength_combo.currentText() == "No link"
    qtbot.keyClicks(page.ui.strength_combo, "2")
    assert page.ui.strength_combo.currentText() == "2 Moderate"
    qtbot.keyClicks(page.ui.evidence_edit, "Runs the Friday lunch club")
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)

    (link,) = links(session, "capability_id", cooking.id)
    assert (link.element, link.strength, link.evidence) == (
        Element.PEER_NETWORKS,
        2,
        "Runs the Friday lunch club",
    )
    index = page.view.currentIndex()
    assert page.model.data(index) == "Moderate"
    assert "Moderate" in page.model.data(index, Qt.ItemDataRole.AccessibleTextRole)
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert "Saved" in page.ui.saved_label.text()
    qtbot.waitUntil(lambda: page.coverage_text(Element.PEER_NETWORKS).find("1 capability") >= 0)


def test_strength_by_keyboard_delete_and_undo(qtbot, session, settings, people):
    ada, _, _ = people
    page = open_page(qtbot, session, settings)
    page.focus_first()  # the first person, first element
    qtbot.keyClick(page.view, Qt.Key.Key_Right)
    assert page.current_element() is Element.RECIPROCITY

    qtbot.keyClick(page.view, Qt.Key.Key_3)
    (link,) = links(session, "person_id", ada.id)
    assert (link.element, link.strength) == (Element.RECIPROCITY, 3)
    assert page.ui.strength_combo.currentText() == "3 Strong"

    qtbot.keyClick(page.view, Qt.Key.Key_1)
    (changed,) = links(session, "person_id", ada.id)
    assert changed.id == link.id and changed.strength == 1
    assert page.model.data(page.view.currentIndex()) == "Weak"
    assert page.can_delete()

    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert links(session, "person_id", ada.id) == []
    assert page.model.data(page.view.currentIndex()) == ""
    assert not page.can_delete()

    session.undo_stack.undo()
    assert [x.strength for x in links(session, "person_id", ada.id)] == [1]
    assert page.ui.strength_combo.currentText() == "1 Weak"
    session.undo_stack.undo()
    assert [x.strength for x in links(session, "person_id", ada.id)] == [3]
    session.undo_stack.undo()
    assert links(session, "person_id", ada.id) == []
    assert page.model.data(page.view.currentIndex()) == ""

    # Down to the second person: links go to whoever is chosen.
    qtbot.keyClick(page.view, Qt.Key.Key_Down)
    qtbot.keyClick(page.view, Qt.Key.Key_0)
    bola = session.store.page(Person, sort="sort_name")[1]
    assert [(x.element, x.strength) for x in links(session, "person_id", bola.id)] == [
        (Element.RECIPROCITY, 0)
    ]
    assert page.model.data(page.view.currentIndex()) == "None"


def test_enter_goes_to_the_evidence_and_ctrl_enter_saves(qtbot, session, settings, people):
    ada, _, _ = people
    page = open_page(qtbot, session, settings)
    page.focus_first()
    qtbot.keyClick(page.view, Qt.Key.Key_2)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.ui.evidence_edit
    qtbot.keyClicks(page.ui.evidence_edit, "Teaches others to cook")
    qtbot.keyClick(page.ui.evidence_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    (link,) = links(session, "person_id", ada.id)
    assert (link.element, link.strength) == (Element.CAPABILITIES, 2)
    assert link.evidence == "Teaches others to cook"
    assert session.undo_stack.count() == 2  # added, then the evidence saved
    qtbot.keyClick(page.ui.evidence_edit, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is page.view


def test_choosing_no_link_in_the_panel_removes_it(qtbot, session, settings, people):
    ada, _, _ = people
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Element.ASSETS)
    qtbot.keyClick(page.view, Qt.Key.Key_3)
    assert len(links(session, "person_id", ada.id)) == 1
    page.ui.strength_combo.setFocus()
    qtbot.keyClicks(page.ui.strength_combo, "N")
    assert page.ui.strength_combo.currentText() == "No link"
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    assert links(session, "person_id", ada.id) == []
    assert "removed" in page.ui.saved_label.text()


def test_invalid_evidence_is_shown_and_not_written(qtbot, session, settings, people):
    ada, _, _ = people
    page = open_page(qtbot, session, settings)
    click_cell(qtbot, page, 0, Element.BLURRING)
    qtbot.keyClicks(page.ui.strength_combo, "1")
    # A control character pasted from another program cannot be saved.
    QApplication.clipboard().setText("Chairs the forum\x07 every month")
    page.ui.evidence_edit.setFocus()
    qtbot.keyClick(page.ui.evidence_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.ui.save_button, Qt.MouseButton.LeftButton)
    assert links(session, "person_id", ada.id) == []
    assert "control character" in page.ui.evidence_problem.text()
    assert page.ui.evidence_problem.isVisibleTo(page)
    assert session.undo_stack.count() == 0


def test_rows_can_be_assets(qtbot, session, settings, people):
    _, _, hall = people
    page = open_page(qtbot, session, settings)
    qtbot.mouseClick(page.ui.assets_radio, Qt.MouseButton.LeftButton)
    model = page.model
    assert model.kind is RowKind.ASSETS and model.rowCount() == 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Community asset"
    assert model.data(model.index(0, 0)) == "Elm Street Hall"
    assert not page.ui.filter_edit.isEnabled()  # finding by words is for people only
    click_cell(qtbot, page, 0, Element.FACILITATING)
    qtbot.keyClick(page.view, Qt.Key.Key_2)
    (link,) = links(session, "asset_id", hall.id)
    assert (link.element, link.strength, link.person_id) == (Element.FACILITATING, 2, None)


def test_finding_people_by_name(qtbot, session, settings, people):
    page = open_page(qtbot, session, settings)
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.ui.filter_edit, "Bola")
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 0)) == "Bola Adeyemi"


def test_read_only_audit_blocks_edits(qtbot, audit_path, settings):
    with AuditStore.open(audit_path, user="tester") as store:
        person = store.add(Person(name="Ada Lovelace"))
    session = AuditSession(AuditStore.open(audit_path, read_only=True))
    try:
        page = open_page(qtbot, session, settings)
        assert page.ui.read_only_note.isVisible()
        click_cell(qtbot, page, 0, Element.RECIPROCITY)
        for widget in (page.ui.strength_combo, page.ui.evidence_edit, page.ui.save_button):
            assert not widget.isEnabled()
        qtbot.keyClick(page.view, Qt.Key.Key_3)
        qtbot.keyClick(page.view, Qt.Key.Key_Delete)
        assert links(session, "person_id", person.id) == []
        assert not page.save_link()
        assert not page.can_delete() and not page.can_add()
        assert session.undo_stack.count() == 0
    finally:
        session.close()


def test_keyboard_walk_reaches_every_control(qtbot, session, settings, people):
    page = open_page(qtbot, session, settings)
    page.focus_first()
    page.ui.people_radio.setFocus()
    expected = [
        page.ui.filter_edit,
        page.view,
        page.ui.strength_combo,
        page.ui.evidence_edit,
        page.ui.save_button,
    ]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
    for widget in (page.ui.people_radio, page.ui.capabilities_radio, page.ui.assets_radio):
        assert widget.accessibleName()


def test_sample_shows_its_first_page_without_reading_every_row(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    model = page.model
    total = sample_session.store.count(Person)
    assert total > PAGE_SIZE
    assert model.rowCount() == total
    qtbot.waitUntil(lambda: model.pages_fetched > 0)  # the view painted its first rows
    assert model.pages_fetched == 1 and model.rows_in_memory() == PAGE_SIZE
    linked = [row for row in range(PAGE_SIZE) if any(model.row(row).links.values())]
    assert linked, "the sample links some of the first page's people"
    assert model.pages_fetched == 1

    qtbot.mouseClick(page.ui.capabilities_radio, Qt.MouseButton.LeftButton)
    assert model.rowCount() == sample_session.store.count(Capability)
    first = model.row(0)
    owner = sample_session.store.get(Person, first.record.person_id)
    assert first.owner == owner.name
    shown = [page.coverage_text(element) for element in Element]
    assert all("people" in text or "person" in text for text in shown)


def test_naming_setting_changes_the_headers(qtbot, session, settings, people):
    settings.naming = Naming.LGA
    page = open_page(qtbot, session, settings)
    model = page.model
    column = model.column_of(Element.CAPABILITIES)
    assert model.headerData(column, Qt.Orientation.Horizontal) == (
        "Building on people's existing capabilities"
    )
    tooltip = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "What's strong, not what's wrong." in tooltip
    with qtbot.waitSignal(model.headerDataChanged):
        settings.naming = Naming.NEF
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Capacity"
    blurring = model.column_of(Element.BLURRING)
    assert model.headerData(blurring, Qt.Orientation.Horizontal) == "Shared roles"
    assert page.coverage_text(Element.BLURRING).startswith("Shared roles")


def test_search_result_opens_at_its_row(qtbot, sample_session, settings):
    page = open_page(qtbot, sample_session, settings)
    store = sample_session.store
    last = store.page(Person, sort="sort_name", offset=store.count(Person) - 1, limit=1)[0]
    assert page.show_record(Person, last.id)
    assert page.model.row(page.view.currentIndex().row()).record.id == last.id
    capability = store.page(Capability, offset=250, limit=1)[0]
    assert page.show_record(Capability, capability.id)
    assert page.ui.capabilities_radio.isChecked()
    assert page.model.row(page.view.currentIndex().row()).record.id == capability.id
    assert capability.description in page.ui.target_label.text()
    assert not page.show_record(ElementLink, capability.id)


def test_the_matrix_model_passes_qts_own_checks(qtbot, sample_session, settings):
    model = ElementMatrixModel(sample_session.store, settings.element_name)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_kind(RowKind.CAPABILITIES)
    model.set_kind(RowKind.ASSETS)
    model.set_kind(RowKind.PEOPLE)
    model.set_text("Abigail")
    assert 0 < model.rowCount() < sample_session.store.count(Person)
    model.refresh_links()
