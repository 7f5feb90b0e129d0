"""Export to Excel and the partner template, from the File menu, as a person would use them."""

from pathlib import Path

import openpyxl
import pytest
from acting import answer_file_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from coprod_desktop.domain import CommunityAsset, Person
from coprod_desktop.domain.vocabulary import ConsentScope, PrivacyLevel
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.gui.dialogs.exchange import CANCELLED_TEXT, ExportDialog, TemplateDialog


@pytest.fixture
def sample_copy(small_sample_path, tmp_path) -> Path:
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    return copy


def open_in(qtbot, window, path: Path, **options) -> None:
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(path, **options)


def saved_message(qtbot, window) -> QMessageBox:
    qtbot.waitUntil(
        lambda: (
            (box := window.findChild(QMessageBox, "workbook_saved_message")) is not None
            and box.isVisible()
        ),
        timeout=20_000,
    )
    return window.findChild(QMessageBox, "workbook_saved_message")


def close_box(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Close).click()


def headers(sheet) -> list[str]:
    return [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]


def test_the_exchange_entries_follow_the_open_audit(qtbot, window, sample_copy, small_sample_path):
    actions = (window.export_action, window.template_action, window.import_action)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts.index("&Export to Excel…") == texts.index("Save a &copy…") + 2  # a separator
    assert texts[texts.index("&Export to Excel…") + 1 :][:2] == [
        "New partner &template…",
        "&Import from Excel or CSV…",
    ]
    assert not any(a.isEnabled() for a in actions)  # no audit open

    open_in(qtbot, window, sample_copy)
    assert all(a.isEnabled() for a in actions)
    window.close_action.trigger()

    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(small_sample_path, read_only=True)
        assert not any(a.isEnabled() for a in actions)  # busy opening it
    assert window.export_action.isEnabled() and window.template_action.isEnabled()
    assert not window.import_action.isEnabled()
    assert "Save a copy" in window.import_action.toolTip()
    assert window.import_action.toolTip() == window.import_action.statusTip()


def test_export_at_partner_level_leaves_out_contact_details(
    qtbot, window, sample_copy, tmp_path, settings
):
    open_in(qtbot, window, sample_copy)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exchange_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    # What each level means for this audit: how many people show as pseudonyms.
    store = window.session.store
    named = sum(
        store.count(Person, consent_scope=s) for s in (ConsentScope.PARTNERS, ConsentScope.PUBLIC)
    )
    hidden = store.count(Person) - named
    partner_note = dialog.level_notes[PrivacyLevel.PARTNER].text()
    assert f"{hidden} people of 300 will show as pseudonyms" in partner_note
    assert "All 300 people" in dialog.level_notes[PrivacyLevel.INTERNAL].text()
    assert dialog.privacy is PrivacyLevel.PARTNER  # the safe choice is made for the user
    qtbot.mouseClick(dialog.level_buttons[PrivacyLevel.INTERNAL], Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.level_buttons[PrivacyLevel.INTERNAL], Qt.Key.Key_Down)
    assert dialog.privacy is PrivacyLevel.PARTNER
    assert dialog.suggested_name() == (
        "Community wellbeing hubs co-production audit 2026 - partner.xlsx"
    )

    target = tmp_path / "for partners.xlsx"
    seen = answer_file_dialog(target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert seen and seen[0].windowTitle() == "Export to Excel: save as"
    box = saved_message(qtbot, window)
    assert "The partner workbook was saved as for partners.xlsx" in box.text()
    offered = {b.text() for b in box.buttons()}
    assert {"&Open the workbook", "Open the &folder"} <= offered
    close_box(box)
    assert settings.last_folder("workbooks") == str(tmp_path)
    assert window.exchange_dialog is None

    book = openpyxl.load_workbook(target, read_only=True)
    people = headers(book["People"])
    assert "Name" in people and "Organisation" in people
    assert not {"Email", "Phone", "Address", "Notes"} & set(people)
    assert not any(str(h).startswith("Equality") for h in people)
    book.close()


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    window.export_action.trigger()
    dialog = window.exchange_dialog
    dialog.choose(PrivacyLevel.INTERNAL)
    target = tmp_path / "everything.xlsx"
    answer_file_dialog(target)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.work.running and not dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.work.running, timeout=20_000)
    assert dialog.isVisible()  # stopped, and the user can choose again
    assert dialog.work.status.text() == CANCELLED_TEXT
    assert dialog.save_button.isEnabled() and dialog.cancel_button.text() == "Close"
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == [
        "Sample.coprod",
        "settings",
    ]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.exchange_dialog is None)
    assert window.findChild(QMessageBox, "workbook_saved_message") is None


def test_an_export_that_cannot_be_written_says_why(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    window.export_action.trigger()
    dialog = window.exchange_dialog
    dialog.save_to(tmp_path / "no such folder" / "audit.xlsx")
    qtbot.waitUntil(
        lambda: dialog.findChild(QMessageBox, "error_message") is not None, timeout=20_000
    )
    box = dialog.findChild(QMessageBox, "error_message")
    assert box.windowTitle() == "The workbook was not saved"
    assert "does not exist" in box.text() and "Choose another folder" in box.text()
    assert "Traceback" not in box.text()
    box.accept()
    assert dialog.isVisible() and dialog.save_button.isEnabled()


def test_the_overview_share_step_opens_the_export(qtbot, window, sample_copy):
    open_in(qtbot, window, sample_copy)
    overview = window.view.page("overview_page")
    assert overview.ui.step_8_status.text() != "• Later"
    assert "later version" not in overview.ui.step_8_status.text()
    button = overview.ui.share_button
    assert button.isVisible() and button.accessibleName() == "Export to Excel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert isinstance(window.exchange_dialog, ExportDialog)
    window.exchange_dialog.reject()


def test_a_partner_template_with_the_audits_assets(qtbot, window, sample_copy, tmp_path):
    open_in(qtbot, window, sample_copy)
    window.template_action.trigger()
    dialog = window.exchange_dialog
    assert isinstance(dialog, TemplateDialog)
    assert dialog.include_assets.isEnabled() and not dialog.include_assets.isChecked()
    qtbot.mouseClick(dialog.include_assets, Qt.MouseButton.LeftButton)
    assert dialog.include_assets.isChecked()
    assert dialog.suggested_name().endswith(" - partner template.xlsx")
    target = tmp_path / "template.xlsx"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    answer_file_dialog(target)
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # &Choose the file
    box = saved_message(qtbot, window)
    assert "The partner template was saved as template.xlsx" in box.text()
    close_box(box)

    book = openpyxl.load_workbook(target, read_only=True)
    assert [s.name for s in L.TEMPLATE_SHEETS] == [
        n for n in book.sheetnames if n in {s.name for s in L.TEMPLATE_SHEETS}
    ]
    people = list(book["People"].iter_rows(values_only=True))
    name_at = people[0].index("Name")
    id_at = people[0].index("Person ID (leave as it is)")
    assert people[1][name_at] == "Example: Sam Jones" and people[1][id_at] == L.EXAMPLE_ID
    assets = window.session.store.count(CommunityAsset)
    asset_rows = [row for row in book["Assets"].iter_rows(min_row=2, values_only=True) if any(row)]
    assert len(asset_rows) == assets + 1  # the example and the audit's assets
    book.close()
