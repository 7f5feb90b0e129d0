"""Render every page of the window on a sample audit, for the README and for looking at.

    xvfb-run -a python tests/make_screenshots.py [--people 1000] [--font-size 10] [OUT_DIR]

Runs the real window (offscreen when there is no display), opens a fresh sample audit, shows
each page in turn and saves `window-<page>.png` in OUT_DIR (default docs/screenshots).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication


def settle(milliseconds: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--font-size", type=int, default=0, help="application font size (pt)")
    parser.add_argument("--sample", type=Path, help="use this audit instead of a new sample")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.font_size:
        font = app.font()
        font.setPointSize(args.font_size)
        app.setFont(font)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from coprod_desktop.gui.app import configure_application
        from coprod_desktop.gui.main_window import MainWindow
        from coprod_desktop.gui.settings import AppSettings
        from coprod_desktop.sample import write_sample

        configure_application(app)
        path = args.sample
        if path is None:
            path = Path(tmp) / "Sample audit.coprod"
            write_sample(path, people=args.people, seed=1, today=date.today())
        window = MainWindow(AppSettings())
        window.resize(1280, 820)
        window.show()
        args.out.mkdir(parents=True, exist_ok=True)
        settle()
        window.grab().save(str(args.out / "window-welcome.png"))
        opened = QEventLoop()
        window.audit_opened.connect(opened.quit)
        window.open_audit(path)
        opened.exec()
        for page in window.view.pages:
            window.view.show_page(page)
            settle()
            name = page.objectName().removesuffix("_page")
            window.grab().save(str(args.out / f"window-{name}.png"))
            print(args.out / f"window-{name}.png")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
