"""The sub-commands of `coprod-desktop`: each takes the parsed arguments, prints what it did,
and raises `UserError` (or an error of the store or the exchange) for a problem the user can
fix."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from coprod_desktop.domain import Audit, PrivacyLevel
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.wording import COUNT_LABELS, noun_for, number_of
from coprod_desktop.report.outline import SECTION_KEYS as REPORT_SECTION_KEYS
from coprod_desktop.store import AuditStore
from coprod_desktop.store.check import DATES_LISTED, CheckReport, check_audit, clear_old_dates
from coprod_desktop.store.connection import disk_full
from coprod_desktop.store.outputs import OutputKind, audit_files, check_output, input_file

PROGRAM = "coprod-desktop"
# What `export` writes without --privacy: as the window's export, nothing private leaves.
DEFAULT_PRIVACY = PrivacyLevel.PARTNER


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 1."""


def new(args: argparse.Namespace) -> None:
    audit = Audit(title=args.title, organisation=args.organisation, area=args.area)
    AuditStore.create(args.file, audit).close()
    print(f"Created the audit {args.file}")


def sample(args: argparse.Namespace) -> None:
    from coprod_desktop.sample import write_sample

    started = time.perf_counter()
    path = write_sample(args.file, people=args.people, seed=args.seed)
    seconds = time.perf_counter() - started
    people = number_of(args.people, "person")
    print(f"Created the sample audit {path} ({people}) in {seconds:.1f} s")


def info(args: argparse.Namespace) -> None:
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


def check(args: argparse.Namespace) -> None:
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


def search(args: argparse.Namespace) -> None:
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


def analyse(args: argparse.Namespace) -> None:
    from coprod_desktop.analysis import analyse

    with AuditStore.open(args.file, read_only=True) as store:
        result = analyse(store, args.today)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(result.to_text(), end="")


def export(args: argparse.Namespace) -> None:
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


def template(args: argparse.Namespace) -> None:
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


def import_file(args: argparse.Namespace) -> int:
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
        if args.fixed:
            mapping = _with_fixed(mapping, args.source, args.fixed)
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


def _with_fixed(mapping, source: Path, fixed: list[str]):
    """The mapping with the --fixed values for whole sheets (a guessed one if none given)."""
    from coprod_desktop.exchange.importing.value_mapping import add_fixed
    from coprod_desktop.exchange.spreadsheet.reader import open_spreadsheet

    with open_spreadsheet(source) as book:
        return add_fixed(mapping, book, fixed)


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
