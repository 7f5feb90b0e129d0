"""Benchmark of the window (not part of the test run).

    python tests/benchmarks/bench_window.py [--sample FILE] [--people 100000] [--runs 7]

1. Cold start to the window shown, as a ratio against a bare PySide6 QMainWindow started the
   same way (a new Python process each time, offscreen), in the same run. Goal: at most 1.3x.
2. Opening a large sample audit in the window: from the File > Open request to the audit shown,
   and to the People page's first screen of rows painted. Goal: under 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 780)
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

OURS = """
import os, sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from coprod_desktop.gui.app import configure_application
from coprod_desktop.gui.main_window import MainWindow
from coprod_desktop.gui.settings import AppSettings
configure_application(app)
window = MainWindow(AppSettings())
window.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""


def cold_start(code: str, runs: int, settings: str) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, settings], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def open_large(path: Path) -> tuple[float, float]:
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as settings:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings)
        from coprod_desktop.gui.main_window import MainWindow
        from coprod_desktop.gui.settings import AppSettings

        window = MainWindow(AppSettings())
        window.resize(1280, 820)
        window.show()
        app.processEvents()
        loop = QEventLoop()
        window.audit_opened.connect(loop.quit)
        started = time.perf_counter()
        window.open_audit(path, read_only=True)
        loop.exec()
        app.processEvents()  # the first page painted
        shown = time.perf_counter() - started
        people = window.view.page("people_page")
        window.view.show_page(people)
        people.ui.people_table.repaint()
        app.processEvents()
        first_page = time.perf_counter() - started
        fetched = people.model.pages_fetched
        window.close()
    print(f"  People rows read: {fetched} page(s) of 200 of {people.model.rowCount():,} rows")
    return shown, first_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, help="an existing large audit to open")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as settings:
        bare = cold_start(BARE, args.runs, settings)
        ours = cold_start(OURS, args.runs, settings)
    print(f"Cold start to the window shown (median of {args.runs}, new process each):")
    print(f"  bare PySide6 QMainWindow {bare:.3f} s, Coprod Desktop {ours:.3f} s")
    print(f"  ratio {ours / bare:.2f}x (goal: at most 1.3x)")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.sample
        if path is None:
            from coprod_desktop.sample import write_sample

            path = Path(tmp) / "sample.coprod"
            print(f"Making a sample of {args.people:,} people ...")
            write_sample(path, people=args.people, seed=1, today=date.today())
        print(f"Opening {path.name}:")
        shown, first_page = open_large(path)
        print(f"  audit shown (Overview) {shown:.3f} s; People's first page {first_page:.3f} s")
        print("  (goal: under 0.5 s)")


if __name__ == "__main__":
    main()
