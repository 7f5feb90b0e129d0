"""Benchmark of the import on the 100,000-person sample (not part of the test run).

    python tests/benchmarks/bench_import.py [--sample PATH] [--workbook PATH] [--people 100000]

Makes the sample audit (or copies the one given with --sample: it is never changed), exports it
with `export_workbook` (or takes the export given with --workbook), then times, in the same run:
- openpyxl alone: a read-only workbook, every value of every sheet iterated (the bare library
  doing the reading an import cannot avoid);
- `plan_import` of the same workbook into the audit it was exported from (every row matched
  by ID and compared field by field: the preview of a round trip, which must find nothing new
  or changed).
Each runs in a fresh child process, which reports its time and peak memory (ru_maxrss). The
goal is a ratio of at most 1.5.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _openpyxl_values(workbook: str) -> tuple[float, float, int]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(workbook, read_only=True, data_only=True)
    cells = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return time.perf_counter() - started, _peak_mb(), cells


def _plan(audit: str, workbook: str) -> tuple[float, float, str]:
    from coprod_desktop.exchange.importing.importer import plan_import
    from coprod_desktop.store import AuditStore

    started = time.perf_counter()
    with AuditStore.open(audit, read_only=True) as store:
        plan = plan_import(store, workbook, today=TODAY)
    seconds = time.perf_counter() - started
    summary = (
        f"{plan.unchanged:,} unchanged, {plan.new:,} new, {plan.changed:,} changed, "
        f"{len(plan.problems)} problems"
    )
    return seconds, _peak_mb(), summary


def _in_child(function, *args):
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(function, args)


def _export(audit: Path, workbook: Path) -> float:
    from coprod_desktop.exchange.workbook.writer import export_workbook
    from coprod_desktop.store import AuditStore

    started = time.perf_counter()
    with AuditStore.open(audit, read_only=True) as store:
        export_workbook(store, workbook)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, help="a sample audit to use (copied first)")
    parser.add_argument("--workbook", type=Path, help="an export of that audit to use")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, best kept (1)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        audit = Path(folder) / "sample.coprod"
        if args.sample:
            shutil.copyfile(args.sample, audit)
            print(f"Sample: a copy of {args.sample}")
        else:
            from coprod_desktop.sample import write_sample

            started = time.perf_counter()
            write_sample(audit, people=args.people, seed=1, today=TODAY)
            print(f"Sample: {args.people:,} people made in {time.perf_counter() - started:.1f} s")
        if args.workbook:
            workbook = args.workbook
            print(f"Workbook: {workbook}")
        else:
            workbook = Path(folder) / "export.xlsx"
            seconds = _export(audit, workbook)
            print(f"Workbook: exported in {seconds:.1f} s")
        size = workbook.stat().st_size / 1e6
        print(f"Workbook size: {size:.1f} MB")

        bare, plans = [], []
        for _ in range(args.repeat):
            bare.append(_in_child(_openpyxl_values, str(workbook)))
            plans.append(_in_child(_plan, str(audit), str(workbook)))
        bare_seconds, bare_peak, cells = min(bare)
        plan_seconds, plan_peak, summary = min(plans)
        print(
            f"openpyxl read-only, all values: {bare_seconds:.1f} s, {cells:,} cells, "
            f"peak {bare_peak:.0f} MB"
        )
        print(f"plan_import:                    {plan_seconds:.1f} s, peak {plan_peak:.0f} MB")
        print(f"  ({summary})")
        print(f"Ratio plan_import / openpyxl: {plan_seconds / bare_seconds:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
