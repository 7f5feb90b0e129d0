"""The command line's arguments: the window's (a file, --sample) and each sub-command's."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from coprod_desktop import __version__
from coprod_desktop.cli import commands as run
from coprod_desktop.cli.commands import DEFAULT_PRIVACY, PROGRAM
from coprod_desktop.domain.privacy import policies
from coprod_desktop.report.outline import SECTION_KEYS as REPORT_SECTION_KEYS


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; use 1 or more")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-23") from None


def open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Open Coprod Desktop, on an audit file if one is given.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="the audit (.coprod) to open")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="open the sample audit (made in your per-user data folder the first time)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def command_parser() -> tuple[argparse.ArgumentParser, set[str]]:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description=(
            "Co-production audits: people, capabilities, community assets, the six elements, "
            f"roles and self-assessment. '{PROGRAM} [FILE]' opens the window; the commands "
            "below work without it."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    new = commands.add_parser("new", help="create a new, empty audit")
    new.add_argument("file", type=Path, help="where to create the audit (.coprod)")
    new.add_argument("--title", required=True, help="the audit's title")
    new.add_argument("--organisation", default="", help="who runs the audit")
    new.add_argument("--area", default="", help="the area it covers")
    new.set_defaults(run=run.new)

    sample = commands.add_parser("sample", help="create the sample audit of a fictional town")
    sample.add_argument("file", type=Path, help="where to create it (.coprod)")
    sample.add_argument("--people", type=_positive, default=300, help="how many people (300)")
    sample.add_argument("--seed", type=int, default=1, help="another seed, another town (1)")
    sample.set_defaults(run=run.sample)

    info = commands.add_parser("info", help="show an audit's title, format and counts")
    info.add_argument("file", type=Path)
    info.add_argument("--json", action="store_true", help="print a JSON object instead")
    info.set_defaults(run=run.info)

    check = commands.add_parser(
        "check", help="check an audit file for damage and for dates that cannot be right"
    )
    check.add_argument("file", type=Path)
    check.add_argument(
        "--fix-dates",
        action="store_true",
        help="clear the optional dates before 2000 (an older version saved 01/01/1900 for an "
        "empty date field), after writing a backup copy beside the audit",
    )
    check.set_defaults(run=run.check)

    search = commands.add_parser("search", help="find people, capabilities and assets")
    search.add_argument("file", type=Path)
    search.add_argument("query", help="words to look for (the start of a word is enough)")
    search.add_argument("--limit", type=_positive, default=50, help="most results (50)")
    search.add_argument("--json", action="store_true", help="print a JSON list instead")
    search.set_defaults(run=run.search)

    analyse = commands.add_parser(
        "analyse",
        help="coverage, roles, the equal-partner checklist, principles, gaps and progress",
    )
    analyse.add_argument("file", type=Path)
    analyse.add_argument("--json", action="store_true", help="print one JSON object instead")
    analyse.add_argument(
        "--today",
        type=_day,
        default=None,
        help="the day to judge overdue actions by, as YYYY-MM-DD (today)",
    )
    analyse.set_defaults(run=run.analyse)

    # -- sharing: workbooks for partners --------------------------------------------------
    export = commands.add_parser(
        "export", help="export the audit as an Excel workbook or a PDF report"
    )
    export.add_argument("file", type=Path, help="the audit (.coprod)")
    output = export.add_mutually_exclusive_group(required=True)
    output.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="the workbook to write")
    output.add_argument("--pdf", type=Path, metavar="OUT.pdf", help="the report to write")
    export.add_argument(
        "--privacy",
        choices=[policy.code for policy in policies()],
        default=None,
        help="; ".join(f"{policy.code}: {policy.command_help}" for policy in policies())
        + f" (default: {DEFAULT_PRIVACY.value})",
    )
    export.add_argument(
        "--sections",
        metavar="A,B",
        help="report only: the sections to include, separated by commas, from "
        f"{', '.join(REPORT_SECTION_KEYS)} (default: all)",
    )
    export.set_defaults(run=run.export)

    template = commands.add_parser(
        "template", help="write a workbook for partners to fill in and send back"
    )
    template.add_argument("out", type=Path, metavar="OUT.xlsx", help="the workbook to write")
    template.add_argument(
        "--from",
        dest="audit",
        type=Path,
        metavar="FILE",
        help="an audit whose community assets partners can extend",
    )
    template.set_defaults(run=run.template)

    # -- sharing: importing workbooks and CSV files ---------------------------------------
    importing = commands.add_parser(
        "import",
        help="import a workbook or CSV file into the audit, after a preview of every change",
    )
    importing.add_argument("file", type=Path, help="the audit (.coprod)")
    importing.add_argument(
        "source", type=Path, metavar="IN", help="the workbook (.xlsx) or CSV file to import"
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="show the preview only; change nothing"
    )
    importing.add_argument(
        "--mapping",
        type=Path,
        metavar="MAP.json",
        help="which column fills which field, for a partner's own sheet (saved earlier with "
        "--save-mapping)",
    )
    importing.add_argument(
        "--save-mapping",
        type=Path,
        metavar="MAP.json",
        help="save the column mapping used, to check or change it and use it next time",
    )
    importing.add_argument(
        "--fixed",
        action="append",
        default=[],
        metavar="SHEET:FIELD=VALUE",
        help="one value for every row of a sheet that has no column for it, or where its "
        'cell is empty (e.g. "Volunteers:consent_scope=Partner organisations"); FIELD is the '
        "field's key or header; saved with --save-mapping; may be given several times",
    )
    importing.add_argument("--json", action="store_true", help="print the preview as JSON")
    importing.add_argument(
        "--valid-only",
        action="store_true",
        help="import the rows without problems even when other rows have some",
    )
    importing.add_argument(
        "--as-new",
        action="store_true",
        help="import every row as a new record (for a workbook exported from another audit)",
    )
    importing.add_argument(
        "--add-duplicates",
        action="store_true",
        help="add new people and assets that look like ones already there, instead of "
        "refusing those rows",
    )
    importing.set_defaults(run=run.import_file)
    return parser, set(commands.choices)
