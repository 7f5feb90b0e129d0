"""Benchmark of the import on the 100,000-person sample (not part of the test run).

    python tests/benchmarks/bench_import.py [--sample PATH] [--workbook PATH] [--people 100000]
        [--flat] [--small-sample PATH | --small-workbook PATH] [--openpyxl] [--repeat N]

Makes the sample audit (or copies the one given with --sample: it is never changed), exports it
with `export_workbook` (or takes the export given with --workbook), then times, in the same run:
- calamine alone (python-calamine, which the reader uses): every value of every sheet read
  (the bare library doing the reading an import cannot avoid);
- the reader alone: every row of every visible sheet, as the importer gets them;
- `plan_import` of the same workbook into the audit it was exported from (every row matched
  by ID and compared field by field: the preview of a round trip, which must find nothing new
  or changed).
The goal (issue 15 part 5) is plan_import at most 2x calamine alone. With --flat, the reader
also reads the export of a sample a quarter the size (made, or given with --small-sample and
--small-workbook), to show that its peak memory does not grow with the rows. With --openpyxl,
openpyxl alone (read-only, every value) is timed too, as the reader read before.
Each measurement runs in a fresh child process (children.py), which reports its time and peak
memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))  # children.py, when run as a script
from children import max_rss_mb, run_child  # noqa: E402

TODAY = date(2026, 11, 23)


# -- the child processes ------------------------------------------------------------------------


def child_calamine(workbook: str) -> dict:
    import python_calamine

    started = time.perf_counter()
    cells = 0
    with python_calamine.CalamineWorkbook.from_path(workbook) as book:
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).iter_rows():
                cells += len(row)
    return {"seconds": time.perf_counter() - started, "peak": max_rss_mb(), "cells": cells}


def child_openpyxl(workbook: str) -> dict:
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(workbook, read_only=True, data_only=True)
    cells = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    book.close()
    return {"seconds": time.perf_counter() - started, "peak": max_rss_mb(), "cells": cells}


def child_reader(workbook: str) -> dict:
    from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet

    started = time.perf_counter()
    rows = 0
    with open_spreadsheet(workbook) as book:
        for name in book.sheet_names:
            for _ in book.sheet(name).rows:
                rows += 1
    return {"seconds": time.perf_counter() - started, "peak": max_rss_mb(), "rows": rows}


def child_plan(audit: str, workbook: str) -> dict:
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
    return {"seconds": seconds, "peak": max_rss_mb(), "summary": summary}


CHILDREN = {
    "calamine": child_calamine,
    "openpyxl": child_openpyxl,
    "reader": child_reader,
    "plan": child_plan,
}


def child_main(args: list[str]) -> None:
    print(json.dumps(CHILDREN[args[0]](*args[1:])))


# -- the run ------------------------------------------------------------------------------------


def _measure(repeat: int, *args: str) -> dict:
    """The fastest of `repeat` runs of a child (the machine may be busy)."""
    return min((run_child(HERE, *args) for _ in range(repeat)), key=lambda r: r["seconds"])


def _files(folder: Path, people: int, sample: Path | None, workbook: Path | None, tag: str):
    from coprod_desktop.exchange.workbook.writer import export_workbook
    from coprod_desktop.store import AuditStore

    audit = folder / f"sample-{tag}.coprod"
    if sample:
        shutil.copyfile(sample, audit)
        print(f"Sample ({tag}): a copy of {sample}")
    else:
        from coprod_desktop.sample import write_sample

        started = time.perf_counter()
        write_sample(audit, people=people, seed=1, today=TODAY)
        print(f"Sample ({tag}): {people:,} people made in {time.perf_counter() - started:.1f} s")
    if workbook is None:
        workbook = folder / f"export-{tag}.xlsx"
        started = time.perf_counter()
        with AuditStore.open(audit, read_only=True) as store:
            export_workbook(store, workbook)
        print(f"Workbook ({tag}): exported in {time.perf_counter() - started:.1f} s")
    else:
        print(f"Workbook ({tag}): {workbook}")
    print(f"Workbook size ({tag}): {workbook.stat().st_size / 1e6:.1f} MB")
    return audit, workbook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, help="a sample audit to use (copied first)")
    parser.add_argument("--workbook", type=Path, help="an export of that audit to use")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--flat", action="store_true", help="peak memory at a quarter the rows")
    parser.add_argument("--small-sample", type=Path, help="with --flat: a smaller sample")
    parser.add_argument("--small-workbook", type=Path, help="with --flat: a smaller export")
    parser.add_argument("--openpyxl", action="store_true", help="time openpyxl alone too")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, best kept (1)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        audit, workbook = _files(Path(folder), args.people, args.sample, args.workbook, "big")
        book = str(workbook)
        bare = _measure(args.repeat, "calamine", book)
        read = _measure(args.repeat, "reader", book)
        plan = _measure(args.repeat, "plan", str(audit), book)
        print(
            f"calamine alone, all values: {bare['seconds']:6.1f} s, {bare['cells']:,} cells, "
            f"peak {bare['peak']:.0f} MB"
        )
        if args.openpyxl:
            old = _measure(args.repeat, "openpyxl", book)
            print(f"openpyxl alone, all values: {old['seconds']:6.1f} s, peak {old['peak']:.0f} MB")
        print(
            f"reader, all rows:           {read['seconds']:6.1f} s, {read['rows']:,} rows, "
            f"peak {read['peak']:.0f} MB"
        )
        print(f"plan_import:                {plan['seconds']:6.1f} s, peak {plan['peak']:.0f} MB")
        print(f"  ({plan['summary']})")
        ratio = plan["seconds"] / bare["seconds"]
        print(f"Ratio plan_import / calamine alone: {ratio:.2f} (goal <= 2)")
        if args.flat:
            small = args.small_workbook
            if small is None:
                _, small = _files(
                    Path(folder), args.people // 4, args.small_sample, None, "quarter"
                )
            few = _measure(args.repeat, "reader", str(small))
            print(
                f"reader, a quarter the rows: {few['seconds']:6.1f} s, {few['rows']:,} rows, "
                f"peak {few['peak']:.0f} MB (all the rows: {read['peak']:.0f} MB)"
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
