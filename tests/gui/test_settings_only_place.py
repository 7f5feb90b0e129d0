"""AppSettings is the only place that makes a QSettings: keys and defaults live in one file."""

from pathlib import Path

import coprod_desktop
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.gui.settings import AppSettings

PACKAGE = Path(coprod_desktop.__file__).parent
SETTINGS = PACKAGE / "gui" / "settings.py"


def test_no_module_but_gui_settings_names_qsettings():
    named = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != SETTINGS and "QSettings" in path.read_text(encoding="utf-8")
    ]
    assert named == []


def test_the_report_privacy_is_remembered_across_settings_objects(settings_folder):
    assert AppSettings().report_privacy(PrivacyLevel.PUBLIC) is PrivacyLevel.PUBLIC
    AppSettings().set_report_privacy(PrivacyLevel.PARTNER)
    assert AppSettings().report_privacy(PrivacyLevel.PUBLIC) is PrivacyLevel.PARTNER


def test_an_unknown_report_privacy_falls_back_to_the_default(settings_folder):
    settings = AppSettings()
    settings._settings.setValue("reports/privacy", "secret")
    assert settings.report_privacy(PrivacyLevel.INTERNAL) is PrivacyLevel.INTERNAL
