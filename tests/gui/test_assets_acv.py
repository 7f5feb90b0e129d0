"""The Asset of Community Value group of the Assets page, used as a person would.

Dates are typed into the form's date fields; the listing end left empty shows the one worked
out (five years after the date listed); the moratoriums follow the owner's notice of sale and
cannot be typed in; leaving the form saves it, as every other field does.
"""

from datetime import date

from acting import pick, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from coprod_desktop.domain import AssetCategory, CommunityAsset
from coprod_desktop.domain.vocabulary import AcvStatus
from coprod_desktop.gui.pages.assets import NO_NOTICE, AssetsPage


def make_page(qtbot, session, settings) -> AssetsPage:
    page = AssetsPage(session, settings)
    qtbot.addWidget(page)
    show(qtbot, page)
    return page


def type_date(qtbot, field, text: str) -> None:
    """Click into the date field, type the date and Tab out, as a person does."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not field


def visible_text(page, label) -> str:
    return label.text() if label.isVisibleTo(page) else ""


def test_an_asset_listed_as_an_acv_is_typed_in_and_saved(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    ui = page.ui
    assert ui.acv_group.title() == "Asset of Community Value"
    page.add_record()
    qtbot.keyClicks(ui.name_edit, "The Red Lion")
    pick(ui.category_combo, AssetCategory.ECONOMIC.label)
    assert ui.acv_status_combo.currentText() == "Not nominated"
    pick(ui.acv_status_combo, AcvStatus.LISTED.label)
    qtbot.keyClicks(ui.acv_reference_edit, "ACV/2024/07")
    qtbot.keyClicks(ui.acv_nominated_by_edit, "Friends of the Red Lion")
    type_date(qtbot, ui.acv_nominated_on_edit, "3/1/24")
    type_date(qtbot, ui.acv_listed_on_edit, "29 Feb 2024")
    # Left empty, the listing end shows the one worked out, and says so.
    assert ui.acv_listing_ends_edit.text() == ""
    assert ui.acv_listing_ends_edit.placeholderText() == "28/02/2029"
    assert visible_text(page, ui.acv_listing_ends_note) == "Five years after listing"
    assert ui.acv_interim_ends_edit.text() == NO_NOTICE
    type_date(qtbot, ui.acv_sale_notice_on_edit, "31.8.2026")
    assert ui.acv_interim_ends_edit.text() == "12/10/2026"  # six weeks on
    assert ui.acv_full_ends_edit.text() == "28/02/2027"  # six months on, to the month's end
    for derived in (ui.acv_interim_ends_edit, ui.acv_full_ends_edit):
        assert derived.isReadOnly()
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)

    (saved,) = session.store.page(CommunityAsset)
    assert saved.acv_status is AcvStatus.LISTED
    assert (saved.acv_reference, saved.acv_nominated_by) == (
        "ACV/2024/07",
        "Friends of the Red Lion",
    )
    assert saved.acv_nominated_on == date(2024, 1, 3)
    assert saved.acv_listed_on == date(2024, 2, 29)
    assert saved.acv_listing_ends is None  # worked out, not stored
    assert saved.acv_listed_until == date(2029, 2, 28)
    assert saved.acv_sale_notice_on == date(2026, 8, 31)

    # A listing end the council gave is kept as given.
    type_date(qtbot, ui.acv_listing_ends_edit, "01/03/2027")
    assert visible_text(page, ui.acv_listing_ends_note) == ""
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    assert session.store.get(CommunityAsset, saved.id).acv_listing_ends == date(2027, 3, 1)

    session.undo_stack.undo()
    assert session.store.get(CommunityAsset, saved.id).acv_listing_ends is None
    assert ui.acv_listing_ends_edit.text() == ""  # the form follows the undo


def test_a_listing_end_before_the_date_listed_is_refused_beside_the_field(qtbot, session, settings):
    asset = session.add(
        CommunityAsset(
            name="Old Chapel",
            category=AssetCategory.PHYSICAL_SPACES,
            acv_status=AcvStatus.LISTED,
            acv_listed_on=date(2025, 6, 1),
        )
    )
    page = make_page(qtbot, session, settings)
    ui = page.ui
    assert page.show_record(CommunityAsset, asset.id)
    type_date(qtbot, ui.acv_listing_ends_edit, "01/06/2024")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    problem = visible_text(page, ui.acv_listing_ends_problem)
    assert problem.startswith("The listing ends before the date listed")
    assert session.store.get(CommunityAsset, asset.id).acv_listing_ends is None


def test_a_listed_asset_without_its_date_is_saved_with_advice(qtbot, session, settings):
    page = make_page(qtbot, session, settings)
    ui = page.ui
    page.add_record()
    qtbot.keyClicks(ui.name_edit, "Millfield Allotments")
    assert visible_text(page, ui.acv_advice) == ""
    pick(ui.acv_status_combo, AcvStatus.LISTED.label)
    assert visible_text(page, ui.acv_advice).startswith("Add the date listed")
    qtbot.mouseClick(ui.save_button, Qt.MouseButton.LeftButton)
    (saved,) = session.store.page(CommunityAsset)
    assert saved.acv_status is AcvStatus.LISTED and saved.acv_listed_on is None
    type_date(qtbot, ui.acv_listed_on_edit, "14/09/2025")
    assert visible_text(page, ui.acv_advice) == ""


def test_leaving_the_form_saves_what_was_typed_in_the_acv_group(qtbot, sample_session, settings):
    page = make_page(qtbot, sample_session, settings)
    ui = page.ui
    first, second = page.model.record(0), page.model.record(1)
    assert page.show_record(CommunityAsset, first.id)
    pick(ui.acv_status_combo, AcvStatus.NOMINATED.label)
    type_date(qtbot, ui.acv_nominated_on_edit, "14/09/2026")
    assert "the asset" in page.pending_edit()
    rect = ui.assets_table.visualRect(page.model.index(page.model.row_of(second.id), 0))
    qtbot.mouseClick(ui.assets_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ui.name_edit.text() == second.name
    stored = sample_session.store.get(CommunityAsset, first.id)
    assert stored.acv_status is AcvStatus.NOMINATED
    assert stored.acv_nominated_on == date(2026, 9, 14)


def test_the_sample_has_assets_on_the_councils_list(qtbot, sample_session, settings):
    listed = list(sample_session.store.iterate(CommunityAsset, acv_status=AcvStatus.LISTED))
    assert len(listed) >= 2
    market = next(a for a in listed if a.acv_sale_notice_on is not None)
    page = make_page(qtbot, sample_session, settings)
    assert page.show_record(CommunityAsset, market.id)
    ui = page.ui
    assert ui.acv_status_combo.currentText() == "Listed"
    assert ui.acv_reference_edit.text() == market.acv_reference
    assert ui.acv_full_ends_edit.text() == f"{market.acv_full_moratorium_ends:%d/%m/%Y}"
    assert not ui.save_button.isEnabled()  # showing a record is no change
