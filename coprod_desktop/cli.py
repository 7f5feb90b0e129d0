"""The `coprod-desktop` command: opens the window, or runs one of its sub-commands.

Exit codes: 0 success; 1 a problem with the user's files or data (one line on stderr);
2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from coprod_desktop import __version__
from coprod_desktop.domain import Audit, PrivacyLevel, ValidationError
from coprod_desktop.domain.privacy import PrivacyPolicy, policies, policy_for
from coprod_desktop.domain.wording import COUNT_LABELS, noun_for, number_of
from coprod_desktop.exchange.errors import ExportError
from coprod_desktop.paths import sample_audit_path
from coprod_desktop.report.outline import SECTION_KEYS as REPORT_SECTION_KEYS
from coprod_desktop.store import AuditFileError, AuditNotFoundError, AuditStore
from coprod_desktop.store.check import DATES_LISTED, CheckReport, check_audit, clear_old_dates
from coprod_desktop.store.connection import disk_full
from coprod_desktop.store.outputs import OutputKind, audit_files, check_output, input_file

PROGRAM = "coprod-desktop"
# What `export` writes without --privacy: as the window's export, nothing private leaves.
DEFAULT_PRIVACY = PrivacyLevel.PARTNER


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


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


def _open_parser() -> argparse.ArgumentParser:
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


def _command_parser() -> tuple[argparse.ArgumentParser, set[str]]:
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
    new.set_defaults(run=_new)

    sample = commands.add_parser("sample", help="create the sample audit of a fictional town")
    sample.add_argument("file", type=Path, help="where to create it (.coprod)")
    sample.add_argument("--people", type=_positive, default=300, help="how many people (300)")
    sample.add_argument("--seed", type=int, default=1, help="another seed, another town (1)")
    sample.set_defaults(run=_sample)

    info = commands.add_parser("info", help="show an audit's title, format and counts")
    info.add_argument("file", type=Path)
    info.add_argument("--json", action="store_true", help="print a JSON object instead")
    info.set_defaults(run=_info)

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
    check.set_defaults(run=_check)

    search = commands.add_parser("search", help="find people, capabilities and assets")
    search.add_argument("file", type=Path)
    search.add_argument("query", help="words to look for (the start of a word is enough)")
    search.add_argument("--limit", type=_positive, default=50, help="most results (50)")
    search.add_argument("--json", action="store_true", help="print a JSON list instead")
    search.set_defaults(run=_search)

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
    analyse.set_defaults(run=_analyse)

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
    export.set_defaults(run=_export)

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
    template.set_defaults(run=_template)

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
    importing.set_defaults(run=_import)
    return parser, set(commands.choices)


def _new(args: argparse.Namespace) -> None:
    audit = Audit(title=args.title, organisation=args.organisation, area=args.area)
    AuditStore.create(args.file, audit).close()
    print(f"Created the audit {args.file}")


def _sample(args: argparse.Namespace) -> None:
    from coprod_desktop.sample import write_sample

    started = time.perf_counter()
    path = write_sample(args.file, people=args.people, seed=args.seed)
    seconds = time.perf_counter() - started
    people = number_of(args.people, "person")
    print(f"Created the sample audit {path} ({people}) in {seconds:.1f} s")


def _info(args: argparse.Namespace) -> None:
    with AuditStore.open(args.file, read_only=True) as store:
        audit = store.audit()
        counts = store.counts()
        version = store.file_schema_version
    if args.json:
        print(
            json.dumps(
                {"title": audit.title, "schema_version": version, "counts": counts},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    lines = [
        ("Title", audit.title),
        ("Organisation", audit.organisation or "-"),
        ("Area", audit.area or "-"),
        ("File format", str(version)),
        *((COUNT_LABELS.get(key, key), f"{n:,}") for key, n in counts.items()),
    ]
    width = max(len(label) for label, _ in lines) + 2
    for label, value in lines:
        print(f"{label + ':':<{width}}{value}")


def _check(args: argparse.Namespace) -> None:
    report = check_audit(args.file)
    for note in report.notes:
        print(f"Note: {note}")
    if args.fix_dates and not report.problems and any(bad.clearable for bad in report.dates):
        _fix_dates(args)
        return
    if not report.ok:
        for problem in report.all_problems:
            print(f"Problem: {problem}")
        problems = number_of(len(report.problems) + len(report.dates), "problem")
        advice = []
        if report.problems:
            advice.append("Open a backup or an earlier copy of the audit.")
        if report.dates:
            advice.append(_date_advice(report, args.file))
        raise UserError(f'"{report.path}" has {problems} (listed above). {" ".join(advice)}')
    print(f'"{report.path}": no problems found (file format {report.schema_version}).')


def _date_advice(report: CheckReport, file: Path) -> str:
    clearable = sum(bad.clearable for bad in report.dates)
    advice = f"Open the audit and type the real {noun_for(len(report.dates), 'date')}"
    if not clearable:
        return advice + "."
    if report.problems:
        return advice + ", or clear them."
    return (
        f'{advice}, or clear them: "{PROGRAM} check {file} --fix-dates" clears '
        f"{'it' if clearable == 1 else f'the {clearable:,} optional ones'} for you, after "
        "writing a backup copy beside the audit."
    )


def _fix_dates(args: argparse.Namespace) -> None:
    fix = clear_old_dates(args.file)
    if fix.backup is None:
        print("No date could be cleared: nothing was changed.")
    else:
        print(f"Wrote a backup copy first: {fix.backup}")
        print(f"Cleared {number_of(len(fix.cleared), 'date')} before 2000:")
        for bad in fix.cleared[:DATES_LISTED]:
            print(f"  {bad.what}")
        if len(fix.cleared) > DATES_LISTED:
            print(f"  ... and {len(fix.cleared) - DATES_LISTED:,} more")
    if fix.left:
        for problem in CheckReport(args.file, dates=fix.left).date_problems:
            print(f"Problem: {problem}")
        dates = noun_for(len(fix.left), "date")
        raise UserError(
            f"{number_of(len(fix.left), 'date')} must still be corrected (listed above): "
            f"open the audit and type the real {dates}."
        )


def _search(args: argparse.Namespace) -> None:
    with AuditStore.open(args.file, read_only=True) as store:
        hits = store.search(args.query, limit=args.limit)
    if args.json:
        rows = [
            {
                "kind": h.kind,
                "id": h.record_id,
                "title": h.title,
                "snippet": h.snippet,
                **({"person": h.person} if h.person else {}),
                **({"what": h.what} if h.what else {}),
            }
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        print(f"Nothing found for '{args.query}'.")
        return
    for hit in hits:
        whose = f" ({hit.person})" if hit.person else ""
        words = " · ".join(part for part in (hit.what, hit.snippet) if part)
        print(f"{hit.noun.capitalize():<16} {hit.title}{whose}  {words}".rstrip())


def _analyse(args: argparse.Namespace) -> None:
    from coprod_desktop.analysis import analyse

    with AuditStore.open(args.file, read_only=True) as store:
        result = analyse(store, args.today)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(result.to_text(), end="")


def _export(args: argparse.Namespace) -> None:
    if args.pdf is not None:
        _export_report(args)
        return
    if args.sections:
        raise UserError("--sections is for reports (--pdf); a workbook holds every sheet.")
    from coprod_desktop.exchange.workbook.writer import export_workbook

    level = _privacy(args)
    _check_workbook_name(args.xlsx)
    check_output(args.xlsx, OutputKind.WORKBOOK, audit_files(args.file))  # before any work
    started = time.perf_counter()
    with AuditStore.open(args.file, read_only=True) as store:
        result = export_workbook(store, args.xlsx, privacy=level)
    seconds = time.perf_counter() - started
    rows = number_of(sum(result.sheets.values()), "row")
    print(f"Wrote {result.path} (privacy: {level.label}, {rows}) in {seconds:.1f} s")
    _say_privacy_default(args)
    for note in result.notes:
        print(f"Note: {note}")


def _privacy(args: argparse.Namespace) -> PrivacyLevel | PrivacyPolicy:
    """The privacy level asked for; partner when none is (no contact details leave by mistake)."""
    return policy_for(args.privacy).level if args.privacy else DEFAULT_PRIVACY


def _say_privacy_default(args: argparse.Namespace) -> None:
    if args.privacy is None:
        print(
            f"Note: {DEFAULT_PRIVACY.label} is the default privacy level: no contact details or "
            "equality answers, and pseudonyms for people whose consent does not cover partners. "
            "Add --privacy internal for everything, for the audit team."
        )


def _export_report(args: argparse.Namespace) -> None:
    from coprod_desktop.report.pdf import export_report

    if args.pdf.suffix.lower() != ".pdf":
        raise UserError(
            f'"{args.pdf}" does not end in .pdf. Use a name like "{args.pdf.stem}.pdf".'
        )
    sections = None
    if args.sections:
        sections = [key.strip() for key in args.sections.split(",") if key.strip()]
        unknown = [key for key in sections if key not in REPORT_SECTION_KEYS]
        if unknown:
            raise UserError(
                f"Unknown section {', '.join(unknown)}. The sections are "
                f"{', '.join(REPORT_SECTION_KEYS)}."
            )
    check_output(args.pdf, OutputKind.REPORT, audit_files(args.file))  # before any work
    level = _privacy(args)
    started = time.perf_counter()
    with AuditStore.open(args.file, read_only=True) as store:
        result = export_report(store, args.pdf, privacy=level, sections=sections)
    seconds = time.perf_counter() - started
    pages = number_of(result.pages, "page")
    print(f"Wrote {result.path} ({pages}, privacy: {level.label}) in {seconds:.1f} s")
    _say_privacy_default(args)
    for note in result.notes:
        print(f"Note: {note}")


def _template(args: argparse.Namespace) -> None:
    from coprod_desktop.exchange.workbook.writer import write_template

    _check_workbook_name(args.out)
    check_output(args.out, OutputKind.WORKBOOK, audit_files(args.audit) if args.audit else [])
    if args.audit is None:
        result = write_template(args.out)
    else:
        with AuditStore.open(args.audit, read_only=True) as store:
            result = write_template(args.out, store=store)
    assets = number_of(result.sheets.get("Assets", 0) - 1, "community asset")  # less the example
    extra = f", with the audit's {assets}" if args.audit else ""
    print(f"Wrote the partner template {result.path}{extra}")


def _check_workbook_name(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise UserError(
            f'"{path}" does not end in .xlsx: Excel would not open it. Use a name like '
            f'"{path.stem}.xlsx".'
        )


# -- import -------------------------------------------------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from coprod_desktop.exchange.importing.importer import (
        ImportMapping,
        ImportRefused,
        SpreadsheetError,
        apply_import,
        plan_import,
    )

    # What the mapping saved must never replace: the audit's files and every file read.
    protected = [*audit_files(args.file), input_file(args.source, "the file being imported")]
    if args.mapping:
        protected.append(input_file(args.mapping, "the column mapping being read"))
    if args.save_mapping:
        check_output(args.save_mapping, OutputKind.MAPPING, protected)  # before any work
    try:
        mapping = ImportMapping.load(args.mapping) if args.mapping else None
        with AuditStore.open(args.file, read_only=args.dry_run) as store:
            if not args.dry_run:
                _refuse_read_only(store)
            plan = plan_import(
                store,
                args.source,
                mapping=mapping,
                as_new=args.as_new,
                add_duplicates=args.add_duplicates,
                check_room=not args.dry_run,  # a file that cannot fit: said before planning
            )
            if args.save_mapping:
                plan.mapping.save(args.save_mapping, protected)
            refused = plan.has_errors and not args.valid_only
            result = None
            if not args.dry_run and not refused and not plan.nothing_to_do:
                result = apply_import(store, plan, valid_only=args.valid_only)
    except (SpreadsheetError, ImportRefused, ValueError) as error:
        # ValueError: a mapping file that cannot be read or saved (its message says so).
        raise UserError(str(error)) from None
    if args.json:
        data = plan.to_json()
        data["imported"] = result.to_json() if result is not None else None
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(plan.to_text(), end="")
        if result is not None:
            print(f"{result} The audit {args.file} is saved.")
    if args.save_mapping:
        print(f"Saved the column mapping to {args.save_mapping}", file=sys.stderr)
    if refused:
        rows = plan.error_rows or len(plan.errors)
        raise UserError(
            f"{number_of(rows, 'row')} of {args.source.name} cannot be imported as "
            f"{noun_for(rows, 'it is', 'they are')}: nothing was imported. Correct "
            f"{noun_for(rows, 'it', 'them')} and import again, or add --valid-only to import "
            "the other rows."
        )
    return 0


# What to do about an audit that cannot be changed, by why (ReadOnlyReason.code), in words for
# the command line: the window's advice ("use Save a copy") names a command it does not have.
READ_ONLY_ADVICE = {
    "opened_by": "Import when they have closed it.",
    "newer_version": "",
    "attachment": "Copy the file to a folder of your own and import into the copy.",
    "read_only_location": "Copy the file to a folder you can write to and import into the copy.",
    "foreign_lock": "",
}
READ_ONLY_WHY = {
    "attachment": "it was opened from an e-mail attachment, where changes can be lost",
}


def _refuse_read_only(store: AuditStore) -> None:
    reason = store.read_only_reason
    if reason is None:
        return
    if reason.code == "disk_full":  # not even the lock file could be written
        from coprod_desktop.exchange.importing.importer import nothing_imported

        raise disk_full(store.path, unsaved=nothing_imported(store.path))
    why = READ_ONLY_WHY.get(reason.code) or reason.message.removeprefix("Read-only: ")
    advice = READ_ONLY_ADVICE.get(
        reason.code, "Copy the file to a folder you can write to and import into the copy."
    )
    raise UserError(
        f'"{store.path}" cannot be changed: {why}. Nothing was imported. {advice}'.strip()
    )


def _open_window(args: argparse.Namespace) -> int:
    path: Path | None = args.file
    if args.sample:
        path = sample_audit_path()
        if not path.exists():
            from coprod_desktop.sample import write_sample

            path.parent.mkdir(parents=True, exist_ok=True)
            print(f"Making the sample audit at {path} ...")
            write_sample(path)
    if path is not None and not path.exists():
        # A mistyped name in a terminal: say so here. Other problems (a damaged or foreign
        # file) are shown by the window, which also serves "Open with" from the desktop.
        raise AuditNotFoundError(path.absolute(), "does not exist.", "Check the name and folder.")
    from coprod_desktop.gui.app import run

    return run(path)


def _guarded(action: Callable[[], int | None]) -> int:
    try:
        return action() or 0
    except (AuditFileError, ValidationError, UserError, ExportError) as error:
        print(str(error), file=sys.stderr)
    except BrokenPipeError:  # the reader (head, less) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands, names = _command_parser()
    if argv and (argv[0] in names or argv[0] in ("-h", "--help")):
        args = commands.parse_args(argv)
        return _guarded(lambda: args.run(args))
    args = _open_parser().parse_args(argv)
    return _guarded(lambda: _open_window(args))


if __name__ == "__main__":
    sys.exit(main())
