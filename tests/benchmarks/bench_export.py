"""Benchmark of the Excel export (not part of the test run).

    python tests/benchmarks/bench_export.py [--sample PATH] [--small-sample PATH]
        [--people 100000] [--small 10000] [--runs 3] [--pandas-python PATH] [--keep DIR]

For a large and a small sample audit (made with `coprod-desktop sample` in a temporary folder
unless given; given ones are only opened read-only), prints:
- our export at internal level (`export_workbook`): time, and peak memory, both the Python
  heap's peak (tracemalloc, in a run of its own since it slows the work) and the process's
  peak resident size (ru_maxrss);
- bare openpyxl writing the same cells in the same run: our workbook is read back once with
  openpyxl read-only, every sheet's values kept, then written by a write-only workbook with
  plain `ws.append` (no styles, tables, drop-downs or colours); our time as a ratio of it
  (goal: at most 1.5); ours and bare alternate --runs times and the medians are compared;
- `pandas.DataFrame.to_excel` of the same values, one DataFrame per sheet through one
  ExcelWriter (openpyxl engine), run with a Python that has pandas (--pandas-python, by default
  /tmp/benchvenv/bin/python; pandas is never installed in the project's environment); our time
  as a ratio of it (goal: under 1), or a note when no such Python exists.

Each measurement runs in a child process of its own, so that memory figures are separate and
nothing warmed by one run helps another. Memory must stay flat from the small to the large
audit: the export streams rows.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))  # children.py, when run as a script
from children import max_rss_mb, run_child  # noqa: E402

PANDAS_PYTHON = Path("/tmp/benchvenv/bin/python")


# -- the child processes ------------------------------------------------------------------------


def child_export(sample: Path, out: Path, traced: bool) -> dict:
    from coprod_desktop.domain.vocabulary import PrivacyLevel
    from coprod_desktop.exchange.workbook.writer import export_workbook
    from coprod_desktop.store import AuditStore

    with AuditStore.open(sample, read_only=True) as store:
        people = store.counts()["people"]
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        result = export_workbook(store, out, privacy=PrivacyLevel.INTERNAL)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else None
        tracemalloc.stop()
    return {
        "people": people,
        "seconds": seconds,
        "rows": sum(result.sheets.values()),
        "heap_peak_mb": peak,
        "max_rss_mb": max_rss_mb(),
        "bytes": out.stat().st_size,
    }


def child_collect(workbook: Path, values: Path) -> dict:
    """Read our workbook once (read-only) and keep every sheet's values for the writers."""
    import openpyxl

    started = time.perf_counter()
    book = openpyxl.load_workbook(workbook, read_only=True)
    sheets = []
    cells = 0
    for ws in book.worksheets:
        rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
        width = max((len(row) for row in rows), default=0)
        # Rows as wide as the widest (pandas needs it); empty cells are written by nobody.
        rows = [row + (None,) * (width - len(row)) for row in rows]
        cells += sum(v is not None for row in rows for v in row)
        sheets.append((ws.title, rows))
    book.close()
    with values.open("wb") as handle:
        pickle.dump(sheets, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return {"seconds": time.perf_counter() - started, "cells": cells, "sheets": len(sheets)}


def child_bare(values: Path, out: Path) -> dict:
    from openpyxl import Workbook

    with values.open("rb") as handle:
        sheets = pickle.load(handle)
    started = time.perf_counter()
    book = Workbook(write_only=True)
    for title, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(out)
    return {"seconds": time.perf_counter() - started, "max_rss_mb": max_rss_mb()}


def child_pandas(values: Path, out: Path) -> dict:
    import pandas

    with values.open("rb") as handle:
        sheets = pickle.load(handle)
    frames = []
    for title, rows in sheets:
        header, *body = rows or [()]
        frames.append((title, pandas.DataFrame(body, columns=list(header) or None)))
    started = time.perf_counter()
    with pandas.ExcelWriter(out, engine="openpyxl") as writer:
        for title, frame in frames:
            frame.to_excel(writer, sheet_name=title, index=False)
    return {
        "seconds": time.perf_counter() - started,
        "max_rss_mb": max_rss_mb(),
        "pandas": pandas.__version__,
    }


# -- the parent ---------------------------------------------------------------------------------


def make_sample(folder: Path, people: int) -> Path:
    path = folder / f"sample-{people}.coprod"
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coprod_desktop",
            "sample",
            str(path),
            "--people",
            str(people),
        ],
        check=True,
        capture_output=True,
    )
    print(f"made a sample of {people:,} people in {time.perf_counter() - started:.0f} s")
    return path


def measure(sample: Path, folder: Path, pandas_python: Path | None, runs: int) -> dict:
    """Run every child on `sample`; ours and bare alternate `runs` times (a shared machine's
    load then falls on both alike) and the medians are reported."""
    ours = folder / f"{sample.stem}-ours.xlsx"
    values = folder / f"{sample.stem}-values.pickle"
    bare = folder / f"{sample.stem}-bare.xlsx"
    exports = [run_child(HERE, "export", str(sample), str(ours))]
    figures = {"collect": run_child(HERE, "collect", str(ours), str(values))}
    bares = [run_child(HERE, "bare", str(values), str(bare))]
    for _ in range(runs - 1):
        exports.append(run_child(HERE, "export", str(sample), str(ours)))
        bares.append(run_child(HERE, "bare", str(values), str(bare)))
    figures["export"] = {**exports[0], "seconds": median(e["seconds"] for e in exports)}
    figures["export"]["all"] = [e["seconds"] for e in exports]
    figures["bare"] = {**bares[0], "seconds": median(b["seconds"] for b in bares)}
    figures["bare"]["all"] = [b["seconds"] for b in bares]
    traced = folder / f"{sample.stem}-traced.xlsx"
    figures["traced"] = run_child(HERE, "export-traced", str(sample), str(traced))
    traced.unlink()
    if pandas_python is not None:
        frames = folder / f"{sample.stem}-pandas.xlsx"
        figures["pandas"] = run_child(
            HERE, "pandas", str(values), str(frames), python=pandas_python
        )
    values.unlink()
    return figures


def report(figures: dict) -> None:
    export, traced = figures["export"], figures["traced"]
    bare, collect = figures["bare"], figures["collect"]
    print(
        f"\n{export['people']:,} people: {export['rows']:,} rows, {collect['cells']:,} cells in "
        f"{collect['sheets']} sheets, {export['bytes'] / 2**20:.1f} MB"
    )
    runs = ", ".join(f"{t:.1f}" for t in export["all"])
    print(f"  ours (export_workbook)      {export['seconds']:7.1f} s  (median of {runs})")
    runs = ", ".join(f"{t:.1f}" for t in bare["all"])
    print(f"  bare openpyxl write-only    {bare['seconds']:7.1f} s  (median of {runs})")
    print(
        f"  ratio ours / bare           {export['seconds'] / bare['seconds']:7.2f}   (goal <= 1.5)"
    )
    if "pandas" in figures:
        pandas = figures["pandas"]
        print(
            f"  pandas {pandas['pandas']} to_excel     {pandas['seconds']:7.1f} s  "
            f"(peak RSS {pandas['max_rss_mb']:.0f} MB)"
        )
        ratio = export["seconds"] / pandas["seconds"]
        print(f"  ratio ours / pandas         {ratio:7.2f}   (goal < 1)")
    else:
        print("  pandas: no Python with pandas (see --pandas-python); not measured")
    print(
        f"  export memory: peak RSS {export['max_rss_mb']:.0f} MB, Python heap peak "
        f"(tracemalloc) {traced['heap_peak_mb']:.1f} MB"
    )
    print(f"  (reading our workbook back read-only took {collect['seconds']:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=Path, help="the large audit (made if not given)")
    parser.add_argument("--small-sample", type=Path, help="the small audit (made if not given)")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--pandas-python", type=Path, default=PANDAS_PYTHON)
    parser.add_argument("--keep", type=Path, help="keep the workbooks in this folder")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of ours and of bare, alternating (3)"
    )
    args = parser.parse_args()

    pandas_python = args.pandas_python
    if not pandas_python.exists():
        print(
            f"No Python with pandas at {pandas_python}: make one with\n"
            f"  python -m venv {PANDAS_PYTHON.parent.parent} && "
            f"{PANDAS_PYTHON.parent}/pip install openpyxl lxml pandas\n"
            "Going on without the pandas comparison."
        )
        pandas_python = None

    with tempfile.TemporaryDirectory(prefix="bench-export-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        small = args.small_sample or make_sample(folder, args.small)
        large = args.sample or make_sample(folder, args.people)
        results = {}
        for sample in dict.fromkeys((small, large)):  # once if they are the same
            started = time.perf_counter()
            results[sample] = measure(sample, folder, pandas_python, args.runs)
            print(f"measured {sample} in {time.perf_counter() - started:.0f} s")
        for figures in results.values():
            report(figures)
        small_f, large_f = results[small]["export"], results[large]["export"]
        growth = large_f["people"] / small_f["people"]
        heap = results[large]["traced"]["heap_peak_mb"] / results[small]["traced"]["heap_peak_mb"]
        print(
            f"\nfrom {small_f['people']:,} to {large_f['people']:,} people ({growth:.0f}x): "
            f"export time x{large_f['seconds'] / small_f['seconds']:.1f}, peak RSS "
            f"{small_f['max_rss_mb']:.0f} -> {large_f['max_rss_mb']:.0f} MB, heap peak x{heap:.2f}"
        )


def child_main(argv: list[str]) -> None:
    kind, *paths = argv
    if kind in ("export", "export-traced"):
        figures = child_export(Path(paths[0]), Path(paths[1]), traced=kind == "export-traced")
    elif kind == "collect":
        figures = child_collect(Path(paths[0]), Path(paths[1]))
    elif kind == "bare":
        figures = child_bare(Path(paths[0]), Path(paths[1]))
    elif kind == "pandas":
        figures = child_pandas(Path(paths[0]), Path(paths[1]))
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(figures))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
