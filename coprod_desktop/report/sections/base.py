"""What every section of the PDF report shares: the level's policy, how counts and
dates are written, paragraphs, headings and tables in the report's styles."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from reportlab.platypus import Flowable, Paragraph

from coprod_desktop.analysis.audit_analysis import AuditAnalysis
from coprod_desktop.analysis.small_counts import (
    PEOPLE,
    SUPPRESS_BELOW,
    WITHHELD,
    Counted,
    shown_count_text,
)
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import (
    PrivacyLevel,
)
from coprod_desktop.domain.wording import plural
from coprod_desktop.exchange import public_tables
from coprod_desktop.report import fonts
from coprod_desktop.report.document import (
    TEXT_WIDTH,
    Cells,
    Furniture,
    Heading,
    StreamedTable,
    Styles,
    simple_table,
    text,
)

TOP_ACTIONS = 5
TOP_ITEMS = 3
BATCH = 2000
_DIGIT = re.compile(r"\d")

WITHHELD_NOTE = (
    f"\u201c{WITHHELD}\u201d: a count of {SUPPRESS_BELOW} or more, hidden so that a count "
    f"under {SUPPRESS_BELOW} beside it cannot be worked out from the totals."
)


TYPICAL_HIDDEN = "not shown"  # a typical rung a public report leaves out
UNDER_HIDDEN = "not shown"  # whether a hidden group is under-represented, where it would tell


def under_text(under: bool | None) -> str:
    """The "Under-represented" cell of a group: "Yes", "" or, where saying would tell
    something of a hidden count (`analysis.leaving_out`), "not shown"."""
    return UNDER_HIDDEN if under is None else "Yes" if under else ""


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class SectionBase:
    """The report's state and helpers; `rows_done(n)` is told as inventory rows are laid out."""

    def __init__(
        self,
        store,
        analysis: AuditAnalysis,
        level: PrivacyLevel | PrivacyPolicy,
        furniture: Furniture,
        today: date,
        rows_done: Callable[[int], None],
    ) -> None:
        self.store = store
        self.a = analysis
        self.level = level
        self.policy = policy_for(level)
        # No rows about people: totals only, in place of the inventories.
        self.public = not self.policy.rows_about_people
        self.furniture = furniture
        self.today = today
        self.rows_done = rows_done
        self.styles = Styles()
        self.cells: list[Cells] = []  # of the streamed tables, for their notes

    # -- helpers --------------------------------------------------------------------------

    def count(self, n: int, counted: Counted = PEOPLE) -> str:
        """A count as this report may show it: in a public report "<5" for a small count of
        people (`analysis.small_counts`); counts of assets, actions, rounds always exact."""
        return shown_count_text(n, counted, public=self.policy.small_counts)

    def counted(self, n: int, noun: str, counted: Counted = PEOPLE) -> str:
        """A count and its noun as this report may show them: "1 person", "<5 people"."""
        return shown_count_text(n, counted, public=self.policy.small_counts, noun=noun)

    @property
    def published(self) -> bool:
        """Whether the report is for readers outside the audit team (partner or public)."""
        return self.policy.published

    def _shows(self, sheet, key: str) -> bool:
        """Whether the workbook's column `key` of `sheet` (its sensitivity) is shown at this
        level: the inventories' columns follow the workbook's."""
        return self.policy.shown(sheet.column(key).sensitivity)

    def said(self, sentence: str) -> bool:
        """Whether an analysis sentence may be shown: a public report states no counts."""
        return self.policy.states_counts or not _DIGIT.search(sentence)

    def heading(self, title: str, key: str, level: int = 0, *, keep: bool = True) -> Heading:
        style = self.styles.h1 if level == 0 else self.styles.h2
        return Heading(title, style, key, level, self.furniture.pages, keep=keep)

    def para(self, value: str, style=None) -> Paragraph:
        return Paragraph(text(value), style or self.styles.body)

    def bullets(self, items: list[str]) -> list[Flowable]:
        return [Paragraph(text(item), self.styles.bullet, bulletText="\u2022") for item in items]

    def h2(self, title: str) -> Paragraph:
        return Paragraph(text(title), self.styles.h2)

    def table(self, header, rows, shares, extra=()) -> Flowable:
        widths = [TEXT_WIDTH * s / sum(shares) for s in shares]
        return simple_table(header, rows, widths, self.styles, extra)

    # -- cover and contents ---------------------------------------------------------------

    def _protected(self, totals, noun: str, key: tuple = public_tables.TOTAL) -> str:
        """A count of a protected table (its total unless `key` says) with its noun: "683
        capabilities", "<5 roles", "a hidden number of roles"."""
        shown = totals(self.store).shown(key)
        if shown == WITHHELD:
            return f"a hidden number of {plural(noun)}"
        if isinstance(shown, int):
            shown = f"{shown:,}"
        return f"{shown} {noun if shown == '1' else plural(noun)}"

    # -- what is missing, in words for the reader ----------------------------------------

    def _no_assessment_text(self) -> str:
        if self.published:
            return (
                "No self-assessment yet. The team has not yet rated the six elements with its "
                "partners; once it has, and again a few months later, this part of the report "
                "shows the ratings and how they change."
            )
        return (
            "No self-assessment yet. Rate the six elements with your partners on the "
            "Self-assessment page, then again a few months later, to see the progress here."
        )

    def _no_reference_text(self) -> str:
        if self.published:
            return (
                "The area's population figures (for example from the census) have not been "
                "added to the audit, so this report cannot yet say which groups of the area "
                "are missing among the people involved."
            )
        return (
            "To compare, enter the area's population figures (for example from the census) "
            "under Audit > Reference population."
        )

    # -- who are we leaving out? ------------------------------------------------------------

    def _streamed(self, header, shares, rows) -> StreamedTable:
        widths = [TEXT_WIDTH * s / sum(shares) for s in shares]
        cells = Cells(self.styles, widths)
        self.cells.append(cells)
        return StreamedTable(header, rows, widths, cells, self.rows_done)


def embedded_font(drawing):
    """A chart starts in the report's font: reportlab's default, Helvetica, is not embedded."""
    drawing.initialFontName = fonts.REGULAR
    return drawing
