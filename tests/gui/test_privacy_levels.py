"""The export dialog and the Reports page offer the levels of the privacy policies
(domain.privacy), with their texts: a level added at run time is offered too, in its place."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from coprod_desktop.domain import privacy
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui.dialogs.exchange import ExportDialog, privacy_consequences
from tests.exchange.test_privacy_policy import FUNDER


@pytest.fixture
def funder():
    privacy.register(FUNDER, after=PrivacyLevel.PARTNER.value)
    try:
        yield FUNDER
    finally:
        privacy.unregister(FUNDER.code)


def test_the_export_dialog_offers_a_registered_level(
    qtbot, window, small_sample_path, tmp_path, funder
):
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(Path(small_sample_path).read_bytes())
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(copy)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exchange_dialog
    assert isinstance(dialog, ExportDialog)
    assert list(dialog.level_buttons) == [
        PrivacyLevel.INTERNAL,
        PrivacyLevel.PARTNER,
        funder,
        PrivacyLevel.PUBLIC,
    ]
    button, note = dialog.level_buttons[funder], dialog.level_notes[funder]
    assert button.text() == "&Funder" and button.objectName() == "funder_button"
    assert funder.description in note.text()
    assert "All 300 people will show as pseudonyms" in note.text()
    assert privacy_consequences(window.session)[funder] in button.accessibleDescription()
    dialog.choose(funder)
    assert dialog.privacy is funder
    assert dialog.suggested_name().endswith(" - funder.xlsx")
    dialog.choose(PrivacyLevel.PUBLIC)
    assert dialog.privacy is PrivacyLevel.PUBLIC
    dialog.reject()
