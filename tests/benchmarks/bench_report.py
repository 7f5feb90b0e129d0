"""Benchmark of the PDF report (not part of the test run).

    python tests/benchmarks/bench_report.py [--sample s10k] [--sample s100k] [--sample PATH]
        [--runs 1] [--short-runs 3] [--keep DIR]

For each sample audit (by default the 10,000- and 100,000-person samples of
/tmp/issue6, `s10k` and `s100k`; any other .coprod by its path; all opened read-only), prints:
- our report with every section at internal level (`export_report`): time, pages, and the
  process's peak resident size (ru_maxrss);
- bare reportlab laying out the same table rows in the same run: the rows of the report's long
  tables (the capability inventory by kind, the asset register by category, the action plan)
  are read from the audit once, then a plain BaseDocTemplate with one frame lays them out: a
  heading per group, then Tables of 80 rows each with repeatRows=1, the report's column
  widths, cell padding and page margins, DejaVu Sans 8 pt, a cell as a plain string when it
  fits on one line and as a Paragraph when it must wrap (as the report does), no charts, no
  page header or "Page N of M", no analyses; our time as a ratio of it
  (goal: at most 1.5); ours and bare alternate --runs times and the medians are compared;
- the report without the inventories (cover, contents, summary, charts, roles, leaving out,
  action plan, appendix): the first build in a fresh process (fonts registered, analyses run
  from cold) and the median of --short-runs more in the same process (goal: under 2 s).

Each measurement runs in a child process of its own, so that memory figures are separate and
nothing warmed by one run helps another. Memory should stay flat from the small to the large
audit: the report streams its long tables.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parent))  # children.py, when run as a script
from children import max_rss_mb, run_child  # noqa: E402

SAMPLES = {
    "s10k": Path("/tmp/issue6/s10k.coprod"),
    "s100k": Path("/tmp/issue6/s100k.coprod"),
}
BARE_CHUNK = 80  # rows per Table in the bare layout
BARE_FONT_SIZE = 8
BARE_PADDING = 3  # points each side of a cell, as the report's tables
SHORT_GOAL = 2.0  # seconds
RATIO_GOAL = 1.5


# -- the child processes ------------------------------------------------------------------------


def child_ours(sample: Path, out: Path) -> dict:
    from coprod_desktop.domain.vocabulary import PrivacyLevel
    from coprod_desktop.report.pdf import export_report
    from coprod_desktop.store import AuditStore

    with AuditStore.open(sample, read_only=True) as store:
        counts = store.counts()
        started = time.perf_counter()
        result = export_report(store, out, privacy=PrivacyLevel.INTERNAL)
        seconds = time.perf_counter() - started
    return {
        "people": counts["people"],
        "rows": counts["capabilities"] + counts["assets"] + counts["actions"],
        "seconds": seconds,
        "pages": result.pages,
        "max_rss_mb": max_rss_mb(),
        "bytes": out.stat().st_size,
    }


def child_short(sample: Path, out: Path, runs: int) -> dict:
    from coprod_desktop.domain.vocabulary import PrivacyLevel
    from coprod_desktop.report.pdf import INVENTORY_SECTIONS, SECTIONS, export_report
    from coprod_desktop.store import AuditStore

    keys = [s.key for s in SECTIONS if s.key not in INVENTORY_SECTIONS]
    times = []
    with AuditStore.open(sample, read_only=True) as store:
        for _ in range(1 + runs):
            started = time.perf_counter()
            result = export_report(store, out, privacy=PrivacyLevel.PUBLIC, sections=keys)
            times.append(time.perf_counter() - started)
    return {
        "first": times[0],
        "warm": median(times[1:]) if runs else None,
        "all": times,
        "pages": result.pages,
        "sections": keys,
        "max_rss_mb": max_rss_mb(),
    }


def child_collect(sample: Path, values: Path) -> dict:
    """Read, once, the rows of the report's long tables as the internal report shows them:
    [(group heading, column headers, column shares, rows)]."""
    from datetime import date

    from coprod_desktop.domain import records as r
    from coprod_desktop.domain.vocabulary import (
        ActionStatus,
        AssetCategory,
        CapabilityKind,
        Element,
    )
    from coprod_desktop.store import AuditStore

    started = time.perf_counter()
    groups = []
    with AuditStore.open(sample, read_only=True) as store:
        names = dict(store.query("SELECT id, name FROM person WHERE deleted = 0"))
        for kind in CapabilityKind:
            rows = [
                [
                    c.description,
                    names.get(c.person_id, ""),
                    "; ".join(c.tags),
                    "Yes" if c.willing_to_share else "No",
                ]
                for c in store.iterate(r.Capability, batch_size=2000, kind=kind)
            ]
            if rows:
                header = ["Capability", "Person", "Tags", "Shared?"]
                groups.append((f"{kind.label} ({len(rows):,})", header, (46, 23, 21, 10), rows))
        for category in AssetCategory:
            rows = [
                [
                    a.name,
                    a.status.label,
                    ", ".join(v for v in (a.area, a.postcode) if v),
                    a.opening_times,
                    "; ".join(x.label for x in a.accessibility),
                    a.contact,
                    a.description,
                ]
                for a in store.iterate(r.CommunityAsset, batch_size=2000, category=category)
            ]
            if rows:
                header = ["Name", "Status", "Where", "Opening times", "Accessibility"]
                header += ["Contact", "Description"]
                shares = (22, 10, 14, 14, 16, 14, 24)
                groups.append((f"{category.label} ({len(rows):,})", header, shares, rows))
        rows = [
            [
                title,
                Element(element).label if element else "",
                f"{date.fromisoformat(due):%d/%m/%Y}" if due else "",
                ActionStatus(status).label,
                owner,
            ]
            for title, element, due, status, owner in store.query(
                "SELECT title, element, due, status, owner FROM action WHERE deleted = 0 "
                "ORDER BY due IS NULL, due, rowid"
            )
        ]
        if rows:
            header = ["Action", "Element", "Due", "Status", "Owner"]
            groups.append(("Action plan", header, (44, 26, 12, 12, 16), rows))
    with values.open("wb") as handle:
        pickle.dump(groups, handle, protocol=pickle.HIGHEST_PROTOCOL)
    cells = sum(len(row) for *_, rows in groups for row in rows)
    return {
        "seconds": time.perf_counter() - started,
        "rows": sum(len(rows) for *_, rows in groups),
        "cells": cells,
        "groups": len(groups),
    }


def child_bare(values: Path, out: Path) -> dict:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageTemplate,
        Paragraph,
        Table,
        TableStyle,
    )

    from coprod_desktop.report import fonts as report_fonts

    try:  # the report's page geometry, so that as many rows fit on a page
        from coprod_desktop.report.document import BOTTOM, MARGIN, TOP
    except ImportError:
        MARGIN, TOP, BOTTOM = 18 * mm, 22 * mm, 20 * mm

    with values.open("rb") as handle:
        groups = pickle.load(handle)
    started = time.perf_counter()
    report_fonts.register()
    font = report_fonts.REGULAR
    cell = ParagraphStyle("cell", fontName=font, fontSize=BARE_FONT_SIZE, leading=10)
    heading = ParagraphStyle("h", fontName=report_fonts.BOLD, fontSize=11.5, leading=15)
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, BARE_FONT_SIZE, 10),
            ("FONT", (0, 0), (-1, 0), report_fonts.BOLD, BARE_FONT_SIZE, 10),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.darkblue),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
            ("LEFTPADDING", (0, 0), (-1, -1), BARE_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), BARE_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
    )
    width = A4[0] - 2 * MARGIN
    document = BaseDocTemplate(str(out), pagesize=A4)
    frame = Frame(MARGIN, BOTTOM, width, A4[1] - TOP - BOTTOM, 0, 0, 0, 0, id="text")
    document.addPageTemplates([PageTemplate("page", [frame])])
    story = []
    for title, header, shares, rows in groups:
        widths = [width * s / sum(shares) for s in shares]
        room = [w - 2 * BARE_PADDING for w in widths]
        story.append(Paragraph(escape(title), heading))
        for start in range(0, len(rows), BARE_CHUNK):
            data = [header]
            for row in rows[start : start + BARE_CHUNK]:
                data.append(
                    [
                        value
                        if "\n" not in value and stringWidth(value, font, BARE_FONT_SIZE) <= space
                        else Paragraph(escape(value), cell)
                        for value, space in zip(row, room, strict=True)
                    ]
                )
            story.append(Table(data, colWidths=widths, repeatRows=1, style=style))
    document.build(story)
    seconds = time.perf_counter() - started
    pages = document.page
    return {"seconds": seconds, "pages": pages, "max_rss_mb": max_rss_mb()}


# -- the parent ---------------------------------------------------------------------------------


def measure(sample: Path, folder: Path, runs: int, short_runs: int) -> dict:
    """Run every child on `sample`; ours and bare alternate `runs` times (a shared machine's
    load then falls on both alike) and the medians are reported."""
    ours_pdf = folder / f"{sample.stem}-ours.pdf"
    bare_pdf = folder / f"{sample.stem}-bare.pdf"
    values = folder / f"{sample.stem}-rows.pickle"
    figures = {"collect": run_child(HERE, "collect", str(sample), str(values))}
    ours, bare = [], []
    for _ in range(runs):
        ours.append(run_child(HERE, "ours", str(sample), str(ours_pdf)))
        bare.append(run_child(HERE, "bare", str(values), str(bare_pdf)))
    figures["ours"] = {**ours[0], "seconds": median(o["seconds"] for o in ours)}
    figures["ours"]["all"] = [o["seconds"] for o in ours]
    figures["bare"] = {**bare[0], "seconds": median(b["seconds"] for b in bare)}
    figures["bare"]["all"] = [b["seconds"] for b in bare]
    short_pdf = folder / f"{sample.stem}-short.pdf"
    figures["short"] = run_child(HERE, "short", str(sample), str(short_pdf), str(short_runs))
    values.unlink()
    return figures


def report(sample: Path, figures: dict) -> None:
    ours, bare, collect, short = (figures[k] for k in ("ours", "bare", "collect", "short"))
    print(
        f"\n{sample.name}: {ours['people']:,} people; {collect['rows']:,} table rows "
        f"({collect['cells']:,} cells) in {collect['groups']} groups"
    )
    runs = ", ".join(f"{t:.1f}" for t in ours["all"])
    print(
        f"  ours (export_report, all)   {ours['seconds']:7.1f} s  {ours['pages']:,} pages, "
        f"{ours['bytes'] / 2**20:.1f} MB, peak RSS {ours['max_rss_mb']:.0f} MB  (median of {runs})"
    )
    runs = ", ".join(f"{t:.1f}" for t in bare["all"])
    print(
        f"  bare reportlab, same rows   {bare['seconds']:7.1f} s  {bare['pages']:,} pages, "
        f"peak RSS {bare['max_rss_mb']:.0f} MB  (median of {runs})"
    )
    ratio = ours["seconds"] / bare["seconds"]
    verdict = "ok" if ratio <= RATIO_GOAL else "OVER"
    print(f"  ratio ours / bare           {ratio:7.2f}   (goal <= {RATIO_GOAL}: {verdict})")
    warm = f"{short['warm']:.2f} s" if short["warm"] is not None else "-"
    verdict = "ok" if short["first"] < SHORT_GOAL else "OVER"
    print(
        f"  without inventories         {short['first']:7.2f} s  first in a fresh process "
        f"({verdict}, goal < {SHORT_GOAL:.0f} s); then {warm}; {short['pages']} pages, "
        f"peak RSS {short['max_rss_mb']:.0f} MB"
    )
    print(f"  (reading the rows for bare took {collect['seconds']:.1f} s, not counted)")


def resolve(name: str) -> Path:
    path = SAMPLES.get(name, Path(name))
    if not path.exists():
        raise SystemExit(
            f"No audit at {path}. Make one with: coprod-desktop sample {path} --people 100000"
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sample",
        action="append",
        help="s10k, s100k or the path of an audit; may be given more than once "
        "(default: s10k and s100k)",
    )
    parser.add_argument("--runs", type=int, default=1, help="runs of ours and of bare (1)")
    parser.add_argument(
        "--short-runs", type=int, default=3, help="warm runs of the report without inventories"
    )
    parser.add_argument("--keep", type=Path, help="keep the PDFs in this folder")
    args = parser.parse_args()
    samples = [resolve(name) for name in (args.sample or ["s10k", "s100k"])]

    with tempfile.TemporaryDirectory(prefix="bench-report-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        results = {}
        for sample in dict.fromkeys(samples):
            started = time.perf_counter()
            results[sample] = measure(sample, folder, args.runs, args.short_runs)
            print(f"measured {sample} in {time.perf_counter() - started:.0f} s")
        for sample, figures in results.items():
            report(sample, figures)
        if len(results) > 1:
            (small, s_fig), *_, (large, l_fig) = results.items()
            growth = l_fig["ours"]["people"] / s_fig["ours"]["people"]
            print(
                f"\nfrom {small.name} to {large.name} ({growth:.0f}x people): report time "
                f"x{l_fig['ours']['seconds'] / s_fig['ours']['seconds']:.1f}, peak RSS "
                f"{s_fig['ours']['max_rss_mb']:.0f} -> {l_fig['ours']['max_rss_mb']:.0f} MB"
            )


def child_main(argv: list[str]) -> None:
    kind, *rest = argv
    if kind == "ours":
        figures = child_ours(Path(rest[0]), Path(rest[1]))
    elif kind == "short":
        figures = child_short(Path(rest[0]), Path(rest[1]), int(rest[2]))
    elif kind == "collect":
        figures = child_collect(Path(rest[0]), Path(rest[1]))
    elif kind == "bare":
        figures = child_bare(Path(rest[0]), Path(rest[1]))
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(figures))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
    else:
        main()
