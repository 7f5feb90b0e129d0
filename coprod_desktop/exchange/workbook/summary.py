"""The sheets of a workbook that are not records: Read me (what the workbook holds, at which
privacy level, and how to fill it in), Overview (counts, element coverage, actions; counts of
people as the level's small-count rule shows them) and the hidden sheet that identifies the
audit and the level, for the import.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from coprod_desktop import __version__
from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyLevel, PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import (
    ELEMENT_INFO,
    NOT_ASSESSED_LABEL,
    RATING_LABELS,
    STRENGTH_LABELS,
    Coded,
    Rung,
)
from coprod_desktop.domain.wording import COUNT_LABELS
from coprod_desktop.exchange import public_tables
from coprod_desktop.exchange.workbook import columns as L
from coprod_desktop.exchange.workbook.book import (
    BOLD,
    HEADING_FONT,
    NO,
    README_TEXT_WIDTH,
    TITLE_FONT,
    YES,
    Cells,
    WorkbookWriter,
    fit_to_page_width,
)
from coprod_desktop.exchange.workbook.columns import Column, Kind

# -- read me, overview and the hidden sheet ---------------------------------------------------


def write_read_me(writer: WorkbookWriter, audit: r.Audit | None, sheets: list[str]) -> None:
    ws = writer.book.create_sheet(L.README_SHEET)
    cells = Cells(ws, writer.notes)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = README_TEXT_WIDTH
    fit_to_page_width(ws, landscape=False)
    for number, line in enumerate(readme_lines(audit, writer.policy, writer.kind, sheets), 1):
        if isinstance(line, tuple) and len(line[1]) > README_TEXT_WIDTH:
            # Excel does not grow a row for wrapped text it did not type itself.
            lines = math.ceil(len(line[1]) / (README_TEXT_WIDTH * 1.05))
            ws.row_dimensions[number].height = 15 * lines
        if isinstance(line, str):
            ws.append([cells.styled(line, font=HEADING_FONT)] if line else [])
        elif line[0] == "title":
            ws.append([cells.styled(line[1], font=TITLE_FONT)])
        else:
            ws.append(
                [cells.styled(line[0], font=BOLD, wrap=True), cells.styled(line[1], wrap=True)]
            )


def readme_lines(
    audit: r.Audit | None, level: PrivacyLevel | PrivacyPolicy, kind: str, sheets: list[str]
) -> list[str | tuple[str, str]]:
    """The Read me sheet, as headings (str) and label/text pairs."""
    policy = policy_for(level)
    title = audit.title if audit else "Co-production audit"
    lines: list[str | tuple[str, str]] = [("title", title)]
    if kind == "template":
        lines.append(("", "A workbook for partners to fill in and send back."))
    if audit is not None:
        lines += [
            ("Organisation", audit.organisation or "-"),
            ("Area", audit.area or "-"),
            ("Purpose", audit.purpose or "-"),
        ]
    lines += [
        ("Privacy level", f"{policy.label}: {policy.description}"),
        ("Made on", date.today().strftime("%d/%m/%Y") + f" by Coprod Desktop {__version__}"),
        "",
        "What is in this workbook",
    ]
    about = {s.name: s.about for s in L.DATA_SHEETS}
    about[L.ROLE_GRID_SHEET] = (
        "For reading: one row per person, the rung of the ladder at each stage (the highest "
        "where they have several roles there). Change roles on Role details."
    )
    about[L.OVERVIEW_SHEET] = (
        "How many records the audit holds, how well each element is covered, and the actions "
        "by element."
    )
    if not policy.rows_about_people:
        about.update(public_tables.SHEET_ABOUT)
    for name in sheets:
        lines.append((name, about.get(name, "Totals, without any names.")))
    if policy.rows_about_people:
        lines += ["", "How to fill it in"] + [("", text) for text in HOW_TO_FILL_IN]
    lines += ["", "The six elements of co-production"]
    lines += [
        (info.lga_name, f"{info.summary} {info.explanation} (Also called: {info.nef_name}.)")
        for info in ELEMENT_INFO.values()
    ]
    lines += ["", "The ladder of co-production (lowest rung first)"]
    lines += [(rung.label, f"{rung.band.label}. {rung.description}") for rung in Rung]
    lines += ["", "Ratings in self-assessment"]
    lines += [(f"{score.value} {label}", "") for score, label in RATING_LABELS.items()]
    lines.append(("(empty)", NOT_ASSESSED_LABEL))
    lines += ["", "Strength of a link to an element"]
    lines += [(str(n), label) for n, label in STRENGTH_LABELS.items()]
    lines += ["", "The values of each list"]
    for column_header, vocabulary in _vocabularies():
        lines.append(
            (
                column_header,
                "; ".join(
                    f"{m.label}" + (f" ({m.description})" if m.description else "")
                    for m in vocabulary
                ),
            )
        )
    return lines


HOW_TO_FILL_IN = (
    "Each sheet is a table: add a row at the bottom and it becomes part of the table.",
    "Columns with a small arrow offer a list: choose from it. Where a column takes several "
    "values (languages, what people want in return, accessibility), separate them with ; "
    '(a language or tag that holds a comma or ; goes in quotation marks: "Welsh, North").',
    "Dates as 03/04/2025 or 3 April 2025. Yes or No where asked.",
    "Rows that start with \u201cExample\u201d are examples: overwrite or delete them.",
    "Leave the ID columns (folded away on the right) as they are: they match each row to the "
    "audit when the workbook comes back. New rows have no ID.",
    "Capabilities and roles name their person exactly as on the People sheet.",
    "Send the workbook back to the audit team, who import it with Coprod Desktop. Nothing is "
    "changed until they have seen a preview of every change.",
)


def _vocabularies() -> list[tuple[str, type[Coded]]]:
    seen: dict[type[Coded], str] = {}
    for sheet in L.DATA_SHEETS:
        for column in sheet.columns:
            if column.choices is not None and column.choices not in seen:
                seen[column.choices] = column.header
    return [(header, vocabulary) for vocabulary, header in seen.items()]


def write_overview(writer: WorkbookWriter, store) -> None:
    from coprod_desktop.analysis.coverage import element_coverage
    from coprod_desktop.analysis.small_counts import PEOPLE, WORK, shown_count

    policy = writer.policy

    def count(n: int, counted=PEOPLE) -> int | str:
        """As the small-count rule shows it in a public workbook: of people "<5"."""
        return shown_count(n, counted) if policy.small_counts else n

    if not policy.rows_about_people:
        rows = public_tables.overview_counts(store)
    else:
        rows = [[COUNT_LABELS.get(key, key), n] for key, n in store.counts().items()]
    writer.data_sheet(
        L.OVERVIEW_SHEET,
        "Counts",
        (Column("what", "What", Kind.TEXT, width=36), Column("n", "How many", Kind.TEXT, 12)),
        rows,
        prompts=False,
    )
    ws = writer.book.worksheets[-1]
    ws.append([])
    cells = Cells(ws, writer.notes)
    ws.append([cells.styled("How well each element is covered", font=HEADING_FONT)])
    headers = ["Element", "People", "Capabilities", "Assets", "Strong links", "Thin?", "Why"]
    ws.append([cells.header(h) for h in headers])
    for c in element_coverage(store):
        ws.append(
            [
                c.element.label,
                count(c.people),
                count(c.capabilities),
                count(c.assets, WORK),
                count(c.strong),  # links of people among them
                YES if c.thin else NO,
                # A public workbook says why without the counts (which may be under 5).
                cells.styled(c.reason if policy.states_counts else c.plain_reason, wrap=True),
            ]
        )
    ws.append([])
    ws.append([cells.styled("Actions by element", font=HEADING_FONT)])
    header, action_rows = public_tables.action_totals(store, date.today())
    ws.append([cells.header(h) for h in header])
    for row in action_rows:
        ws.append(row)  # actions are not people: exact at every level
    for letter, width in zip("CDEFG", (12, 12, 12, 10, 60), strict=True):
        ws.column_dimensions[letter].width = width


def write_about(writer: WorkbookWriter, store, audit: r.Audit | None) -> None:
    ws = writer.book.create_sheet(L.ABOUT_SHEET)
    ws.sheet_state = "hidden"
    values = {
        "format": L.WORKBOOK_FORMAT,
        "audit_id": audit.id if audit else "",
        "audit_title": audit.title if audit else "",
        "schema_version": str(store.schema_version) if store else "",
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "privacy": writer.policy.code,
        "kind": writer.kind,
        "app_version": __version__,
    }
    cells = Cells(ws, writer.notes)
    for key in L.ABOUT_KEYS:
        ws.append([key, cells.text(values[key])])
