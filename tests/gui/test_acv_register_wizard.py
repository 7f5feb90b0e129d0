"""A council's register of Assets of Community Value, imported through the wizard of the real
window as a council officer would (issue 15 part 4): a new audit, the register chosen, the
mapping page's choices made with the mouse and the drop-downs, the preview checked, the
import, then the Assets page; and the next register, the same, imports nothing new with the
choices remembered.

Set COPROD_WIZARD_SHOTS to a folder to save pictures of the mapping and preview pages (run
with QT_QPA_PLATFORM="offscreen:configfile=..." for a laptop's 1366 x 768 screen).
"""

import os
from datetime import date
from pathlib import Path

from acting import answer_dialogs, pick
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_exchange_import import (
    choose,
    next_page,
    problem_rows,
    start_import,
    summary,
    wait_for_preview,
)
from test_import_sheet_values import import_from_preview, shown_texts
from test_main_window import fill_new_audit, save_as

from coprod_desktop.domain import CommunityAsset
from coprod_desktop.domain.vocabulary import AcvStatus, AssetCategory
from coprod_desktop.gui.importing.wizard import MAPPING_PAGE, PREVIEW_PAGE
from coprod_desktop.gui.pages.assets import shown_date
from tests.exchange.council_register import LISTED, UNSUCCESSFUL, council_register

LISTED_SHEET = "List of ACVs"
REFUSED_SHEET = "Unsuccessful nominations"


def look(wizard, name: str) -> None:
    """Save a picture of the wizard as shown, where COPROD_WIZARD_SHOTS asks for them."""
    folder = os.environ.get("COPROD_WIZARD_SHOTS")
    if folder:
        QApplication.processEvents()  # the tab's tables arranged, as the user sees them
        Path(folder).mkdir(parents=True, exist_ok=True)
        wizard.grab().save(str(Path(folder) / f"{name}.png"))


def new_audit(qtbot, window, path: Path) -> None:
    answer_dialogs(fill_new_audit("Brackenford assets"), save_as(path))
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)


def to_mapping_page(qtbot, window, register: Path):
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, register)
    assert wizard.file_page.found.text().startswith("✓ ACV register.xlsx was read: 2 sheets")
    next_page(qtbot, wizard)
    assert wizard.currentId() == MAPPING_PAGE
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: not page.work.running, timeout=20_000)
    assert list(page.sheet_tabs) == [LISTED_SHEET, REFUSED_SHEET]
    return wizard, page


def show_tab(qtbot, page, name: str):
    """Click the sheet's tab, as a person does to see its columns."""
    bar = page.tabs.tabBar()
    index = list(page.sheet_tabs).index(name)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentIndex() == index
    return page.tab(name)


def fields(tab) -> dict[str, str]:
    return {header: combo.currentText() for header, combo in tab.combos.items()}


def click_row(qtbot, table, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_council_register_is_mapped_checked_and_imported_in_the_wizard(qtbot, window, tmp_path):
    register = council_register(tmp_path / "ACV register.xlsx")
    new_audit(qtbot, window, tmp_path / "Brackenford assets.coprod")
    wizard, page = to_mapping_page(qtbot, window, register)

    # The register's header is found under its title rows and the merged "Asset",
    # "Nomination", "Listing" row; its columns are guessed, dates shown as a person reads them.
    listed = page.tab(LISTED_SHEET)
    assert listed.entity == "assets"
    assert fields(listed) == {
        "Ref.": "Ignore this column",
        "Name of asset": "Name",
        "Address": "Ignore this column",
        "Nominating body": "ACV nominated by",
        "Date of nomination": "ACV date nominated",
        "Date listed": "ACV date listed",
        "Listing expiry date": "ACV listing ends",
        "Status": "ACV status",  # a register's status is the listing's
    }
    assert listed.table.item(4, listed.EXAMPLES).text() == (
        "12/01/2021 · 12th February 2022 · 03.05.22"
    )
    assert listed.table.item(1, listed.EXAMPLES).text().startswith("Tafarn y Llew Coch · ")
    # Every asset needs a category: the register has none, so one is asked for the sheet.
    assert listed.whole.table.item(0, listed.whole.FIELD).text() == "Category (needed)"
    # Nothing the officer reads is one of our internal keys.
    assert not any("acv_" in text for text in shown_texts(listed))
    look(wizard, "1-mapping-guessed")

    # The officer's choices on the register's sheet: a category for every row, the reference,
    # and "Listed - moratorium" as Listed.
    pick(listed.whole.editors["category"], "Physical spaces")
    pick(listed.combos["Ref."], "ACV register reference")
    # "Listed" is one of the ACV statuses; "Listed - moratorium" is not, and is offered.
    assert list(listed.theirs.combos) == [("acv_status", "Listed - moratorium")]
    moratorium = listed.theirs.combos[("acv_status", "Listed - moratorium")]
    assert moratorium.currentText() == "Leave as a problem"
    assert listed.theirs.table.item(0, listed.theirs.THEIRS).text() == "Listed - moratorium"
    pick(moratorium, "Listed")
    look(wizard, "2-mapping-listed")

    # The unsuccessful nominations: the same category, the reference, and all of them refused.
    refused = show_tab(qtbot, page, REFUSED_SHEET)
    assert refused.entity == "assets"
    assert fields(refused)["Nominated by"] == "ACV nominated by"
    assert refused.theirs.box.isHidden()
    pick(refused.whole.editors["category"], "Physical spaces")
    pick(refused.combos["Ref."], "ACV register reference")
    pick(refused.whole.add_combo, "ACV status")
    qtbot.mouseClick(refused.whole.add_button, Qt.MouseButton.LeftButton)
    pick(refused.whole.editors["acv_status"], "Refused")
    assert not any("acv_" in text for text in shown_texts(refused))
    look(wizard, "3-mapping-unsuccessful")

    # The preview: 8 new assets, the total row left out and said, the formula said.
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    preview = wait_for_preview(qtbot, wizard)
    assert summary(preview) == {
        LISTED_SHEET: ("6", "0", "0", "1", "0"),
        REFUSED_SHEET: ("2", "0", "0", "0", "0"),
    }
    problems = problem_rows(preview)
    [total] = [row for row in problems if "Total assets listed" in row[3]]
    assert total[:2] == (LISTED_SHEET, "15") and "left out" in total[3]
    [formula] = [row for row in problems if "never calculated" in row[3]]
    assert formula[0] == LISTED_SHEET and "Excel" in formula[4]
    assert all(row[3].startswith("Warning") for row in problems)  # nothing stops the import
    assert window.session.store.count(CommunityAsset) == 0  # nothing written yet
    look(wizard, "4-preview")
    text = import_from_preview(qtbot, window, wizard)
    assert f"{LISTED_SHEET}: 6 added" in text and f"{REFUSED_SHEET}: 2 added" in text

    # The store: every asset, a category each, the ACV statuses, dates in every form.
    found = {a.name: a for a in window.session.store.page(CommunityAsset)}
    rows = [row for row in LISTED if row]
    assert set(found) == {row[1] for row in rows} | {row[1] for row in UNSUCCESSFUL}
    assert {a.category for a in found.values()} == {AssetCategory.PHYSICAL_SPACES}
    for ref, name, *_ in rows:
        assert (found[name].acv_status, found[name].acv_reference) == (AcvStatus.LISTED, ref)
    for ref, name, *_ in UNSUCCESSFUL:
        assert (found[name].acv_status, found[name].acv_reference) == (AcvStatus.REFUSED, ref)
    assert found["Tafarn y Llew Coch"].acv_listed_on == date(2021, 3, 1)
    assert found["Tafarn y Llew Coch"].acv_listing_ends is None  # the formula: five years on
    assert found["Neuadd Bentref Cwm Derwen"].acv_nominated_on == date(2022, 2, 12)
    assert found["The Brackenford Arms"].acv_listing_ends == date(2027, 6, 28)
    assert found["Riverside Allotments"].acv_listed_on == date(2022, 11, 1)
    assert found["Brackenford Library"].acv_nominated_on == date(2023, 9, 5)
    assert found["Maes Chwarae Heol Las"].acv_nominated_on == date(2023, 3, 21)

    # The Assets page: the ACV group of an asset shows its status and listing end.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assets = window.view.current_page()
    assert assets.objectName() == "assets_page"
    names = [assets.model.record(row).name for row in range(assets.model.rowCount())]
    click_row(qtbot, assets.ui.assets_table, names.index("The Brackenford Arms"))
    ui = assets.ui
    assert ui.name_edit.text() == "The Brackenford Arms"
    assert ui.acv_group.isVisible()
    assert ui.acv_status_combo.currentText() == "Listed"
    assert ui.acv_reference_edit.text() == "ACV/003"
    assert ui.acv_listing_ends_edit.text() == "28/06/2027"
    # The pub whose listing end was a formula: the end worked out, said as such.
    click_row(qtbot, assets.ui.assets_table, names.index("Tafarn y Llew Coch"))
    assert ui.acv_listing_ends_edit.text() == ""
    tafarn = found["Tafarn y Llew Coch"]
    assert ui.acv_listing_ends_edit.placeholderText() == shown_date(tafarn.acv_listed_until)
    assert ui.acv_listing_ends_note.text() == "Five years after listing"

    # The council's next register, the same: the choices are remembered, nothing is new.
    wizard, page = to_mapping_page(qtbot, window, register)
    listed, refused = page.tab(LISTED_SHEET), page.tab(REFUSED_SHEET)
    for tab in (listed, refused):
        assert "confirmed last time" in tab.note.text()
        assert tab.whole.editors["category"].currentText() == "Physical spaces"
        assert fields(tab)["Ref."] == "ACV register reference"
    assert fields(listed)["Status"] == "ACV status"
    moratorium = listed.theirs.combos[("acv_status", "Listed - moratorium")]
    assert moratorium.currentText() == "Listed"
    assert refused.whole.editors["acv_status"].currentText() == "Refused"
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    preview = wait_for_preview(qtbot, wizard)
    assert summary(preview)[LISTED_SHEET][:3] == ("0", "0", "6")
    assert summary(preview)[REFUSED_SHEET][:3] == ("0", "0", "2")
    assert "8 rows without an ID are already in the audit" in preview.note.text()
    assert "Nothing to import: everything in the spreadsheet" in preview.note.text()
    look(wizard, "5-preview-again")
    assert not wizard.import_button().isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    assert window.session.store.count(CommunityAsset) == len(found)
