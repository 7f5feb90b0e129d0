"""Fixtures for window tests: settings in a temporary folder, fresh audits, the sample."""

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from coprod_desktop.domain import Audit
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def settings_folder(tmp_path, qapp):
    """Point QSettings at a folder of this test's own, so that no test sees another's."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    qapp.setOrganizationName("Coprod")
    qapp.setApplicationName("Coprod Desktop")
    return folder


@pytest.fixture
def settings(settings_folder):
    return AppSettings()


@pytest.fixture
def audit_path(tmp_path):
    path = tmp_path / "Test audit.coprod"
    AuditStore.create(path, Audit(title="Test audit", organisation="Brackenford Council")).close()
    return path


@pytest.fixture
def session(audit_path):
    opened = AuditSession(AuditStore.open(audit_path, user="tester"))
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def small_sample_path(tmp_path_factory):
    """A sample audit of 300 people (read it, or copy it before editing)."""
    path = tmp_path_factory.mktemp("sample") / "Sample.coprod"
    write_sample(path, people=300, seed=3, today=TODAY)
    return path


@pytest.fixture
def sample_session(small_sample_path, tmp_path):
    """An editable copy of the small sample audit."""
    copy = tmp_path / "Sample copy.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    opened = AuditSession(AuditStore.open(copy, user="tester"))
    yield opened
    opened.close()


@pytest.fixture
def read_only_session(small_sample_path):
    """The small sample opened read-only, as when someone else has it open."""
    opened = AuditSession(AuditStore.open(small_sample_path, read_only=True))
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot, settings):
    """The main window, shown at its start size with the welcome screen."""
    from coprod_desktop.gui.main_window import MainWindow

    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()


@pytest.fixture
def today():
    """The date the sample audits are made for (tests pass it to pages that show dates)."""
    return TODAY
