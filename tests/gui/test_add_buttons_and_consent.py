"""Add buttons on the Assets and Actions pages; the person form's Save and consent note."""

from datetime import date

import pytest
from acting import choose, pick, show
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from coprod_desktop.domain import Action, CommunityAsset, ConsentScope, Element, Person
from coprod_desktop.gui import screen_fit
from coprod_desktop.gui.main_window import MainWindow
from coprod_desktop.gui.pages.actions import ActionsPage
from coprod_desktop.gui.pages.assets import AssetsPage
from coprod_desktop.gui.pages.people import PeoplePage
from coprod_desktop.gui.widgets.person_form import CONSENT_NOTES

TODAY = date(2026, 11, 23)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_add_asset_button_starts_a_new_asset_that_save_adds(qtbot, sample_session, settings):
    page = AssetsPage(sample_session, settings)
    qtbot.addWidget(page)
    show(qtbot, page)
    ui = page.ui
    before = sample_session.store.count(CommunityAsset)
    page.table.selectRow(0)  # an asset is in the form
    assert ui.form_heading.text() == "Change the asset"
    click(qtbot, ui.add_asset_button)
    assert ui.form_heading.text() == "New asset" and ui.name_edit.text() == ""
    assert QApplication.focusWidget() is ui.name_edit
    qtbot.keyClicks(ui.name_edit, "Millfield Seed Library")
    click(qtbot, ui.save_button)
    assert sample_session.store.count(CommunityAsset) == before + 1
    names = [asset.name for asset in sample_session.store.page(CommunityAsset, limit=before + 1)]
    assert "Millfield Seed Library" in names
    assert ui.form_heading.text() == "Change the asset"


def test_add_action_button_starts_a_new_action_that_save_adds(qtbot, sample_session, settings):
    page = ActionsPage(sample_session, settings, today=TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    ui = page.ui
    before = sample_session.store.count(Action)
    page.table.selectRow(0)
    assert ui.form_heading.text() == "Change the action"
    click(qtbot, ui.add_action_button)
    assert ui.form_heading.text() == "New action" and ui.title_edit.text() == ""
    assert QApplication.focusWidget() is ui.title_edit
    qtbot.keyClicks(ui.title_edit, "Pay for travel to the planning day")
    pick(ui.element_combo, Element.RECIPROCITY.label)
    click(qtbot, ui.save_button)
    assert sample_session.store.count(Action) == before + 1
    titles = [action.title for action in sample_session.store.page(Action, limit=before + 1)]
    assert "Pay for travel to the planning day" in titles


def test_the_add_buttons_are_off_in_a_read_only_audit(qtbot, read_only_session, settings):
    assets = AssetsPage(read_only_session, settings)
    qtbot.addWidget(assets)
    actions = ActionsPage(read_only_session, settings, today=TODAY)
    qtbot.addWidget(actions)
    for page in (assets, actions):
        show(qtbot, page)
    assert not assets.ui.add_asset_button.isEnabled()
    assert not actions.ui.add_action_button.isEnabled()


@pytest.fixture
def people_page(qtbot, session, settings):
    page = PeoplePage(session, settings, today=TODAY)
    qtbot.addWidget(page)
    show(qtbot, page)
    return page


def test_the_consent_note_follows_the_choice_before_saving(qtbot, people_page, session):
    ui = people_page.ui
    click(qtbot, ui.add_person_button)
    qtbot.keyClicks(ui.name_edit, "Ann Evans")
    assert ui.consent_warning.text() == CONSENT_NOTES[None]
    choose(qtbot, ui.consent_scope_combo, ConsentScope.PARTNERS.label)
    assert ui.consent_warning.isVisible()
    assert "shows their name" in ui.consent_warning.text()
    assert "never their contact details" in ui.consent_warning.text()
    assert session.store.count(Person) == 0  # nothing saved yet
    choose(qtbot, ui.consent_scope_combo, ConsentScope.INTERNAL.label)
    assert "pseudonym" in ui.consent_warning.text()
    choose(qtbot, ui.consent_scope_combo, ConsentScope.PUBLIC.label)
    assert "Public reports give totals, never names" in ui.consent_warning.text()
    choose(qtbot, ui.consent_scope_combo, "Not recorded")
    assert ui.consent_warning.text() == CONSENT_NOTES[None]


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["font100", "font150"])
def test_save_is_in_view_on_each_form_page(
    qtbot, qapp, settings, small_sample_path, tmp_path, scale
):
    """In the window on a 1280 × 720 screen, at 150% font too, Save needs no scrolling; on
    the People page with the equality answers open."""
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    normal = QFont(qapp.font())
    bigger = QFont(normal)
    bigger.setPointSizeF(normal.pointSizeF() * scale)
    qapp.setFont(bigger)
    try:
        window = MainWindow(settings)
        qtbot.addWidget(window)
        screen_fit.keep_on_screen(window, None, QRect(0, 0, 1280, 720 - 40))
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.audit_opened, timeout=20_000):
            window.open_audit(copy)
        for name, table in (
            ("people_page", "people_table"),
            ("assets_page", "assets_table"),
            ("actions_page", "actions_table"),
        ):
            page = window.view.page(name)
            window.view.show_page(page)
            ui = page.ui
            getattr(ui, table).selectRow(0)
            if name == "people_page":
                click(qtbot, ui.equality_toggle)
                assert ui.equality_group.isVisible()
            qtbot.wait(20)
            assert ui.form_scroll.verticalScrollBar().value() == 0
            for button in (ui.save_button, ui.revert_button):
                assert screen_fit.visible_in_window(button), f"{name}: {button.text()}"
            if name != "actions_page":  # a short form: its buttons fit under the fields
                assert not ui.form_scroll.isAncestorOf(ui.save_button)
        window.close()
    finally:
        qapp.setFont(normal)
