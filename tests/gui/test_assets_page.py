"""The Assets page, used as a person would: the register, its form and the people connected."""

from acting import answer_next_question, painted_colour, pick, show, tick
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from coprod_desktop.domain import (
    Access,
    AssetCategory,
    AssetConnection,
    AssetStatus,
    CommunityAsset,
    Person,
)
from coprod_desktop.gui.models.records import WARNING_COLOUR
from coprod_desktop.gui.pages.assets import CATEGORY, NAME, STATUS, AssetsPage


def make_page(qtbot, session, settings) -> AssetsPage:
    page = AssetsPage(session, settings)
    qtbot.addWidget(page)
    return page


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_add_an_asset_through_the_form_and_undo_it(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    show(qtbot, page)
    ui = page.ui
    page.add_record()
    assert QApplication.focusWidget() is ui.name_edit
    qtbot.keyClicks(ui.name_edit, "Millfield Community Garden")
    pick(ui.category_combo, AssetCategory.PHYSICAL_SPACES.label)
    pick(ui.status_combo, AssetStatus.AT_RISK.label)
    qtbot.keyClicks(ui.area_edit, "Millfield")
    qtbot.keyClicks(ui.postcode_edit, "bk2 3dg")
    qtbot.keyClicks(ui.contact_edit, "01632 960000")
    qtbot.keyClicks(ui.opening_edit, "Sundays 10am-1pm")
    tick(qtbot, ui.access_list, Access.STEP_FREE.label)
    tick(qtbot, ui.access_list, Access.QUIET_SPACE.label)
    qtbot.keyClicks(ui.description_edit, "Raised beds and a shed; the lease ends next year.")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)

    (saved,) = session.store.page(CommunityAsset)
    assert saved.name == "Millfield Community Garden"
    assert saved.category is AssetCategory.PHYSICAL_SPACES
    assert saved.status is AssetStatus.AT_RISK
    assert (saved.area, saved.postcode, saved.contact) == ("Millfield", "BK2 3DG", "01632 960000")
    assert saved.opening_times == "Sundays 10am-1pm"
    assert saved.accessibility == (Access.STEP_FREE, Access.QUIET_SPACE)
    assert saved.description.startswith("Raised beds")
    assert page.model.rowCount() == 1 and ui.form_heading.text() == "Change the asset"
    assert page.model.index(0, STATUS).data() == "At risk"

    session.undo_stack.undo()
    assert session.store.count(CommunityAsset) == 0
    assert page.model.rowCount() == 0 and ui.name_edit.text() == ""


def test_an_asset_without_a_name_is_refused_beside_the_field(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    ui = page.ui
    page.add_record()
    qtbot.keyClicks(ui.area_edit, "Oakleigh Park")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    assert session.store.count(CommunityAsset) == 0
    assert ui.name_problem.isVisibleTo(page) and "cannot be empty" in ui.name_problem.text()

    qtbot.keyClicks(ui.name_edit, "Oakleigh Park bowls club")
    qtbot.keyClick(ui.name_edit, Qt.Key.Key_Return)  # Enter saves too
    assert session.store.count(CommunityAsset) == 1
    assert not ui.name_problem.isVisibleTo(page)


def test_change_an_asset_chosen_in_the_table_then_undo(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    ui = page.ui
    click_row(qtbot, ui.assets_table, 1)
    chosen = page.model.record(1)
    assert ui.name_edit.text() == chosen.name
    pick(ui.status_combo, AssetStatus.CLOSED.label)
    ui.opening_edit.clear()
    qtbot.keyClicks(ui.opening_edit, "Closed for repairs")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    stored = sample_session.store.get(CommunityAsset, chosen.id)
    assert stored.status is AssetStatus.CLOSED and stored.opening_times == "Closed for repairs"

    sample_session.undo_stack.undo()
    assert sample_session.store.get(CommunityAsset, chosen.id).status is chosen.status
    assert ui.opening_edit.text() == chosen.opening_times  # the form follows the undo


def test_category_filter_works_in_the_store(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    ui = page.ui
    assert ui.category_filter.itemText(0) == "All categories"
    total = sample_session.store.count(CommunityAsset)
    assert ui.count_label.text() == f"{total} assets"
    pick(ui.category_filter, AssetCategory.PHYSICAL_SPACES.label)
    expected = sample_session.store.count(CommunityAsset, category=AssetCategory.PHYSICAL_SPACES)
    assert 0 < page.model.rowCount() == expected < total
    shown = {page.model.index(row, CATEGORY).data() for row in range(expected)}
    assert shown == {"Physical spaces"}
    page.add_record()  # a new asset starts in the category shown
    assert ui.category_combo.currentText() == "Physical spaces"


def test_assets_at_risk_or_closed_are_in_the_warning_colour(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    model = page.model
    statuses = {model.record(row).status: row for row in range(model.rowCount())}
    assert AssetStatus.AT_RISK in statuses and AssetStatus.ACTIVE in statuses
    warning = WARNING_COLOUR
    assert painted_colour(model, statuses[AssetStatus.AT_RISK], STATUS) == warning
    assert painted_colour(model, statuses[AssetStatus.ACTIVE], STATUS) != warning


def test_connect_people_to_an_asset_and_remove_them(qtbot, sample_session, settings):
    store = sample_session.store
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    ui = page.ui
    click_row(qtbot, ui.assets_table, 0)
    asset = page.model.record(0)
    before = store.count(AssetConnection, asset_id=asset.id)
    assert page.connections.rowCount() == before

    connected = {c.person_id for c in store.related(AssetConnection, "asset_id", [asset.id])}
    person = next(p for p in store.page(Person, limit=100) if p.id not in connected)
    surname = person.name.split()[-1]
    qtbot.keyClicks(ui.person_search_edit, surname[:4])
    matches = [ui.person_combo.itemText(row) for row in range(ui.person_combo.count())]
    assert 0 < len(matches) <= 20 and all(surname[:4].lower() in m.lower() for m in matches)
    pick(ui.person_combo, next(m for m in matches if m.startswith(person.name)))
    qtbot.keyClicks(ui.relation_edit, "runs it")
    qtbot.mouseClick(ui.add_connection_button, Qt.MouseButton.LeftButton)

    assert store.count(AssetConnection, asset_id=asset.id) == before + 1
    assert page.connections.rowCount() == before + 1
    names = {page.connections.index(row, 0).data() for row in range(before + 1)}
    assert person.name in names
    assert ui.person_search_edit.text() == "" and not ui.add_connection_button.isEnabled()

    # The same person twice is refused, with a reason.
    qtbot.keyClicks(ui.person_search_edit, surname[:4])
    pick(ui.person_combo, next(m for m in matches if m.startswith(person.name)))
    qtbot.mouseClick(ui.add_connection_button, Qt.MouseButton.LeftButton)
    assert store.count(AssetConnection, asset_id=asset.id) == before + 1
    assert "already connected" in ui.connection_problem.text()

    row = next(r for r in range(before + 1) if page.connections.record(r).person_id == person.id)
    click_row(qtbot, ui.connections_table, row)
    qtbot.mouseClick(ui.remove_connection_button, Qt.MouseButton.LeftButton)
    assert store.count(AssetConnection, asset_id=asset.id) == before
    sample_session.undo_stack.undo()
    assert store.count(AssetConnection, asset_id=asset.id) == before + 1
    assert page.connections.rowCount() == before + 1


def test_a_new_asset_is_saved_before_people_are_connected(qtbot, session, settings):
    session.add(Person(name="Carol Webb"))
    page = make_page(qtbot, session, settings)
    ui = page.ui
    page.add_record()
    assert ui.connections_note.isVisibleTo(page)
    assert not ui.person_search_edit.isEnabled() and not ui.add_connection_button.isEnabled()
    ui.name_edit.insert("Tŷ Gwyn hub")  # as if pasted: QTest types only Latin-1
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    assert not ui.connections_note.isVisibleTo(page) and ui.person_search_edit.isEnabled()
    qtbot.keyClicks(ui.person_search_edit, "webb")
    assert ui.person_combo.currentText() == "Carol Webb"
    qtbot.keyClick(ui.relation_edit, Qt.Key.Key_Return)  # Enter in the relation adds
    assert session.store.count(AssetConnection) == 1

    qtbot.keyClicks(ui.person_search_edit, "zzzz")
    assert ui.person_combo.currentText().startswith("No one found")
    assert not ui.add_connection_button.isEnabled()


def test_delete_asks_first_and_can_be_undone(qtbot, sample_session, settings):
    store = sample_session.store
    page = make_page(qtbot, sample_session, settings)
    show(qtbot, page)
    count = store.count(CommunityAsset)
    click_row(qtbot, page.ui.assets_table, 0)
    asset = page.model.record(0)
    connections = store.count(AssetConnection, asset_id=asset.id)
    assert page.can_delete() and connections

    answer_next_question(QMessageBox.StandardButton.No)
    page.delete_selected()
    assert store.count(CommunityAsset) == count

    answer_next_question(QMessageBox.StandardButton.Yes)
    page.delete_selected()
    assert store.get(CommunityAsset, asset.id) is None
    assert store.count(AssetConnection, asset_id=asset.id) == 0
    assert page.model.rowCount() == count - 1 and page.connections.rowCount() == 0

    sample_session.undo_stack.undo()
    assert store.count(AssetConnection, asset_id=asset.id) == connections


def test_show_record_finds_an_asset_hidden_by_the_filter(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    (asset,) = sample_session.store.page(CommunityAsset, category=AssetCategory.DIGITAL, limit=1)
    pick(page.ui.category_filter, AssetCategory.CULTURAL.label)
    assert page.show_record(CommunityAsset, asset.id)
    assert page.ui.category_filter.currentIndex() == 0
    assert page.ui.name_edit.text() == asset.name
    assert not page.show_record(Person, asset.id)


def test_a_read_only_audit_cannot_be_changed(qtbot, read_only_session, settings):
    page = make_page(qtbot, read_only_session, settings)
    show(qtbot, page)
    ui = page.ui
    assert ui.read_only_note.isVisible() and not page.can_add()
    click_row(qtbot, ui.assets_table, 0)
    asset = page.model.record(0)
    assert ui.name_edit.text() == asset.name  # reading still works
    assert page.connections.rowCount() == read_only_session.store.count(
        AssetConnection, asset_id=asset.id
    )
    for widget in (ui.name_edit, ui.category_combo, ui.access_list, ui.description_edit):
        assert not widget.isEnabled()
    for widget in (ui.save_button, ui.person_search_edit, ui.add_connection_button):
        assert not widget.isEnabled()
    assert not page.can_delete() and ui.category_filter.isEnabled()
    assert not ui.connections_note.isVisible()


def test_keyboard_only(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    show(qtbot, page)
    ui = page.ui
    page.add_record()
    qtbot.keyClicks(ui.name_edit, "Capel Bethel")
    order = [ui.category_combo, ui.status_combo, ui.area_edit, ui.postcode_edit]
    order += [ui.contact_edit, ui.opening_edit, ui.access_list, ui.description_edit]
    order += [ui.acv_status_combo, ui.acv_reference_edit, ui.acv_nominated_by_edit]
    order += [ui.acv_nominated_on_edit, ui.acv_listed_on_edit, ui.acv_listing_ends_edit]
    order += [ui.acv_sale_notice_on_edit, ui.revert_button, ui.save_button]
    for expected in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    qtbot.keyClick(ui.save_button, Qt.Key.Key_Space)
    assert session.store.page(CommunityAsset)[0].name == "Capel Bethel"

    # Saved, Save is greyed out and the focus moves on to the people connected.
    assert QApplication.focusWidget() is ui.connections_table
    order = [ui.person_search_edit, ui.person_combo, ui.relation_edit]
    for expected in order:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected

    qtbot.keyClick(page, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Accessi&bility
    assert QApplication.focusWidget() is ui.access_list
    qtbot.keyClick(page, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # Sho&w
    assert QApplication.focusWidget() is ui.category_filter
    qtbot.keyClick(ui.category_filter, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.add_asset_button  # Add, beside the filter
    qtbot.keyClick(ui.add_asset_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is ui.assets_table
    assert ui.assets_table.model().index(0, NAME).data() == "Capel Bethel"
