"""A KoboToolbox export through the import wizard: its sheets mapped, previewed, imported."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from coprod_desktop.domain import records as r
from coprod_desktop.gui.importing.wizard import MAPPING_PAGE, PREVIEW_PAGE, RESULT_PAGE
from tests.gui.test_exchange_import import (
    choose,
    next_page,
    open_in,
    start_import,
    summary,
    wait_for_preview,
)

KOBO = Path(__file__).parents[1] / "fixtures" / "spreadsheets" / "kobo"
# Where to save pictures of the pages, to look at them (COPROD_SCREENSHOTS=/some/folder).
SCREENSHOTS = os.environ.get("COPROD_SCREENSHOTS")


def picture(widget, name: str) -> None:
    if SCREENSHOTS:
        widget.grab().save(str(Path(SCREENSHOTS) / f"{name}.png"))


def test_a_kobo_export_is_mapped_previewed_and_imported(qtbot, window, audit_path, settings):
    open_in(qtbot, window, audit_path)
    wizard = start_import(qtbot, window)
    wizard.resize(1000, 700)
    choose(qtbot, wizard, KOBO / "volunteers_labels.xlsx")

    next_page(qtbot, wizard)
    assert wizard.currentId() == MAPPING_PAGE
    people = wizard.mapping_page.tab("Volunteer sign-up")
    assert people.entity == "people"
    guessed = {header: combo.currentData() for header, combo in people.combos.items()}
    assert guessed["Name"] == "name" and guessed["Email"] == "email"
    assert guessed["Consent covers"] == "consent_scope"
    assert guessed["What I can offer"] == "capabilities:hands"
    offers = wizard.mapping_page.tab("things_i_can_offer")
    assert offers.entity == "capabilities"
    picture(wizard, "kobo-mapping")

    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    page = wait_for_preview(qtbot, wizard)
    rows = summary(page)
    assert rows["Volunteer sign-up"][0] == "4"  # Tom Price once, though he sent it twice
    assert rows["things_i_can_offer"][0] == "6"
    assert rows["groups_i_belong_to (connections to community assets)"][0] == "5"
    assert rows["groups_i_belong_to (new community assets)"][0] == "4"
    picture(wizard, "kobo-preview")
    assert window.session.store.count(r.Person) == 0  # nothing written yet

    qtbot.mouseClick(wizard.import_button(), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == RESULT_PAGE
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(finish.isEnabled, timeout=20_000)
    picture(wizard, "kobo-result")
    store = window.session.store
    assert store.count(r.Person) == 4
    assert store.count(r.AssetConnection) == 5
    assert window.session.undo_stack.count() == 1  # one step of undo
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)


def test_an_odk_central_zip_can_be_chosen_and_dropped():
    from coprod_desktop.gui.importing.reading import SPREADSHEET_FILTER, is_spreadsheet

    assert is_spreadsheet(KOBO / "volunteers_odk_central.zip")
    assert "*.zip" in SPREADSHEET_FILTER.split(";;")[0]
