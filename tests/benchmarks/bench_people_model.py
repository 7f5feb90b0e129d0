"""Benchmark of the People table model on a large sample (not part of the test run).

    python tests/benchmarks/bench_people_model.py [--people 100000]

Scrolls from the first row to the last, a page at a time, in name order and in organisation
order, and prints the slowest and median page fetch (goal: none over 50 ms), and the time to
the first page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt

from coprod_desktop.gui.models.people import COLUMNS, PAGE_SIZE, PeopleTableModel
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore


def scroll(model: PeopleTableModel) -> list[float]:
    times = []
    for row in range(0, model.rowCount(), PAGE_SIZE):
        started = time.perf_counter()
        model.person(row)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    QCoreApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.coprod"
        write_sample(path, people=args.people, seed=1, today=date.today())
        started = time.perf_counter()
        with AuditStore.open(path) as store:
            model = PeopleTableModel(store)
            model.person(0)
            first = time.perf_counter() - started
            print(f"{args.people:,} people: open and first page {first * 1000:.1f} ms")
            for column in (0, 3):
                model.sort(column, Qt.SortOrder.AscendingOrder)
                times = scroll(model)
                print(
                    f"  scroll by {COLUMNS[column].title.lower()}: {len(times)} pages, median "
                    f"{statistics.median(times) * 1000:.1f} ms, slowest "
                    f"{max(times) * 1000:.1f} ms (goal: none over 50 ms)"
                )


if __name__ == "__main__":
    main()
