"""Starting the window: the application's names, logging, the error dialog, the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from coprod_desktop.paths import resource_path

log = logging.getLogger("coprod_desktop")
APP_NAME = "Coprod Desktop"  # the window's title, and the name the settings file is found by


def configure_application(app: QApplication) -> None:
    """Name the application (the settings file is found by the names) and give it its icon."""
    app.setOrganizationName("Coprod")
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName("coprod-desktop")
    icon = resource_path("icons", "coprod.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def log_file() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_log_dir("Coprod Desktop", appauthor=False))
    return folder / "coprod-desktop.log"


def start_logging() -> Path | None:
    """Log to a rotating file in the platform's log folder; None if that cannot be written."""
    import logging.handlers  # here, not at the top: it costs start-up time (sockets)

    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def show_unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The last resort for a bug: log it and tell the user, with details they can copy."""
    details = "".join(traceback.format_exception(kind, error, trace))
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", "")
    box.setObjectName("unexpected_error")
    box.setText(
        "Coprod Desktop met a problem it did not expect. Your audit is safe: every change "
        "shown as saved is in the file."
    )
    box.setInformativeText(
        f"If it happens again, send the details to your IT support. They are also in the "
        f"log file: {log_file()}"
    )
    box.setDetailedText(details)
    box.open()


def run(path: Path | None = None) -> int:
    """Show the main window (opening `path` if given) and run until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    start_logging()
    sys.excepthook = show_unexpected_error
    from coprod_desktop.gui.main_window import MainWindow
    from coprod_desktop.gui.settings import AppSettings

    window = MainWindow(AppSettings())
    window.show()
    if path is not None:
        window.open_audit(Path(path))
    return app.exec()
