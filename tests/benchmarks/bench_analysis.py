"""Benchmark of every analysis together (not part of the test run).

    python tests/benchmarks/bench_analysis.py [--people 100000] [--small 10000] [--runs 5]
        [--sample PATH] [--small-sample PATH]

For a small and a large sample audit (made in a temporary folder unless given), prints:
- `analyse()` on the audit, median of several warm runs (goal: under 1 s at 100,000 people);
- the same SQL statements run by bare sqlite3 on a connection of its own in the same run (the
  statements are recorded from our connection), and our time as a ratio of it: what our
  Python adds to the database's work;
- how the time grows from the small to the large audit, against how the people grow (goal:
  not worse than linear).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from coprod_desktop.analysis import analyse
from coprod_desktop.domain import Person
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore
from coprod_desktop.store.queries.live import install_live_views

TODAY = date(2026, 11, 23)


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def recorded_statements(store: AuditStore) -> list[str]:
    """Return the SQL that one analyse() runs, with its parameters filled in."""
    statements: list[str] = []
    connection = store._connection  # the benchmark looks inside on purpose
    connection.set_trace_callback(statements.append)
    try:
        analyse(store, TODAY)
    finally:
        connection.set_trace_callback(None)
    return statements


def measure(path: Path, runs: int) -> tuple[int, float, float]:
    with AuditStore.open(path, read_only=True) as store:
        people = store.count(Person)
        analyse(store, TODAY)  # warm the file's pages, as the window's second look would
        ours = median_time(lambda: analyse(store, TODAY), runs)
        statements = recorded_statements(store)
    bare = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    install_live_views(bare)  # the store's queries read its TEMP views (live_person...)
    try:

        def run_bare() -> None:
            for sql in statements:
                bare.execute(sql).fetchall()

        run_bare()
        sql_only = median_time(run_bare, runs)
    finally:
        bare.close()
    return people, ours, sql_only


def sample(path: Path | None, folder: Path, people: int) -> Path:
    if path is not None:
        return path
    made = folder / f"sample-{people}.coprod"
    started = time.perf_counter()
    write_sample(made, people=people, seed=1, today=TODAY)
    print(f"made a sample of {people:,} people in {time.perf_counter() - started:.1f} s")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=Path, help="the large audit (made when not given)")
    parser.add_argument("--small-sample", type=Path, help="the small audit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = []
        for given, people in ((args.small_sample, args.small), (args.sample, args.people)):
            path = sample(given, folder, people)
            n, ours, bare = measure(path, args.runs)
            results.append((n, ours))
            print(
                f"{n:>8,} people: analyse() {ours:.3f} s; the same SQL by bare sqlite3 "
                f"{bare:.3f} s; ratio {ours / bare:.2f}x"
            )
        (small_n, small_t), (large_n, large_t) = results
        growth = large_t / small_t
        print(
            f"people grew {large_n / small_n:.1f}x, time grew {growth:.1f}x "
            f"({'linear or better' if growth <= large_n / small_n * 1.1 else 'WORSE than linear'})"
        )
        goal = "met" if large_t < 1.0 else "NOT met"
        print(f"goal: all analyses on {large_n:,} people under 1 s: {goal} ({large_t:.3f} s)")


if __name__ == "__main__":
    main()
