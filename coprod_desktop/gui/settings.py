"""The user's settings: window geometry, recent files, element naming, last folders, the
privacy level of the last report.

AppSettings is the only place that makes a QSettings (a test checks it): everything the window
remembers between runs has a typed accessor here, so that the keys and their defaults live in
one file. They are stored in an INI file in the platform's per-user settings folder (never
next to the program, never the Windows registry, so that tests can point it at a temporary
folder).
Nothing is created at import time: `app.configure_application()` names the application first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from coprod_desktop.domain.vocabulary import Element, Naming, PrivacyLevel

RECENT_MAX = 8


class AppSettings(QObject):
    """Typed access to QSettings, with a signal when the element naming changes."""

    naming_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Coprod", "Coprod Desktop"
        )

    # -- naming of the six elements ------------------------------------------------------

    @property
    def naming(self) -> Naming:
        try:
            return Naming(str(self._settings.value("naming", Naming.LGA.value)))
        except ValueError:
            return Naming.LGA

    @naming.setter
    def naming(self, naming: Naming) -> None:
        if naming is not self.naming:
            self._settings.setValue("naming", naming.value)
            self.naming_changed.emit()

    def element_name(self, element: Element) -> str:
        return element.name_in(self.naming)

    # -- recent files ----------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self._settings.value("recent_files", [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            value = [value]
        return [Path(item) for item in value or [] if item]

    def add_recent_file(self, path: Path) -> None:
        path = Path(path).absolute()
        recent = [path] + [p for p in self.recent_files() if p != path]
        self._settings.setValue("recent_files", [str(p) for p in recent[:RECENT_MAX]])

    def remove_recent_file(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != Path(path).absolute()]
        self._settings.setValue("recent_files", [str(p) for p in recent])

    # -- window and dialogs ----------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)

    def last_folder(self, purpose: str) -> str:
        """Return the folder a file dialog for `purpose` used last (empty: the default)."""
        return str(self._settings.value(f"folders/{purpose}", ""))

    def set_last_folder(self, purpose: str, folder: Path) -> None:
        self._settings.setValue(f"folders/{purpose}", str(folder))

    def import_mapping(self, key: str) -> str:
        """Return the column mapping (JSON) last confirmed for a sheet with these headers."""
        return str(self._settings.value(f"import_mappings/{key}", ""))

    def set_import_mapping(self, key: str, mapping_json: str) -> None:
        self._settings.setValue(f"import_mappings/{key}", mapping_json)

    # -- reports -----------------------------------------------------------------------------

    def report_privacy(self, default: PrivacyLevel) -> PrivacyLevel:
        """Return the privacy level of the last report (`default` before the first)."""
        try:
            return PrivacyLevel(str(self._settings.value("reports/privacy", default.value)))
        except ValueError:
            return default

    def set_report_privacy(self, level: PrivacyLevel) -> None:
        self._settings.setValue("reports/privacy", level.value)

    def sync(self) -> None:
        self._settings.sync()
