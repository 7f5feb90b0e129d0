"""The page furniture of the PDF report: A4 pages, styles, header and footer, contents, outline,
and tables that stream across pages.

Built in one pass. The numbers only known at the end ("of M" in "Page N of M", and the page
of each section in the contents) are PDF form objects that the pages refer to and that are
filled in once the last page is laid out: reportlab lets a page use a form defined later.
A second layout pass (reportlab's usual way) would double the time of a large report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table
from reportlab.platypus import TableStyle as ReportlabTableStyle

from coprod_desktop.report import fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP = 22 * mm  # room for the header
BOTTOM = 20 * mm  # room for the footer
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
TEXT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM

DARK_BLUE = colors.HexColor("#1F4E78")
LIGHT_BLUE = colors.HexColor("#DDEBF7")
GREY = colors.HexColor("#595959")
LIGHT_GREY = colors.HexColor("#F2F2F2")
RULE_GREY = colors.HexColor("#BFBFBF")

TOTAL_PAGES_FORM = "TotalPages"
CELL_PADDING = 3
# The longest text a table cell shows: a longer one is shortened (the report says so), so
# that no row is taller than a page.
MAX_CELL_TEXT = 600
# Rows laid out at a time: a few more than the last page took (at first, more than a page
# holds), so that few rows are measured twice.
FIRST_CHUNK = 60
CHUNK_MARGIN = 6


def _style(name: str, **values) -> ParagraphStyle:
    base = {
        "fontName": fonts.REGULAR,
        "bulletFontName": fonts.REGULAR,  # reportlab's default is Helvetica, not embedded
        "fontSize": 9.5,
        "leading": 13,
        "spaceAfter": 5,
    }
    return ParagraphStyle(name, **(base | values))


class Styles:
    """The paragraph styles of the report (built after the font is registered)."""

    def __init__(self) -> None:
        fonts.register()
        self.body = _style("Body")
        self.small = _style("Small", fontSize=8, leading=10.5, textColor=GREY)
        self.title = _style(
            "Title", fontName=fonts.BOLD, fontSize=26, leading=32, textColor=DARK_BLUE
        )
        self.subtitle = _style("Subtitle", fontSize=14, leading=19, textColor=GREY)
        self.h1 = _style(
            "Heading1",
            fontName=fonts.BOLD,
            fontSize=16,
            leading=20,
            textColor=DARK_BLUE,
            spaceBefore=4,
            spaceAfter=8,
        )
        self.h2 = _style(
            "Heading2",
            fontName=fonts.BOLD,
            fontSize=11.5,
            leading=15,
            textColor=DARK_BLUE,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.bullet = _style("Bullet", leftIndent=12, bulletIndent=2)
        self.cell = _style("Cell", fontSize=8, leading=10, spaceAfter=0)
        self.header_cell = _style(
            "HeaderCell",
            fontName=fonts.BOLD,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            textColor=colors.white,
        )
        self.caption = _style("Caption", fontSize=8.5, leading=11.5, textColor=GREY)
        self.box = _style(
            "Box", backColor=LIGHT_BLUE, borderPadding=6, spaceBefore=6, spaceAfter=12
        )


def text(value: str) -> str:
    """Plain text made safe for a Paragraph (which reads a little XML)."""
    return escape(value).replace("\n", "<br/>")


# -- headings, the contents and the outline ---------------------------------------------------


class Heading(Paragraph):
    """A heading that is a destination of the contents and an entry of the PDF's outline."""

    def __init__(
        self, title: str, style: ParagraphStyle, key: str, level: int, pages, *, keep=True
    ) -> None:
        super().__init__(text(title), style)
        self.key, self.level, self.title, self.pages = key, level, title, pages
        # Not with a streamed table: it always claims more than a page, so the heading would
        # be pushed to the next page with it.
        self.keepWithNext = keep

    def draw(self) -> None:
        super().draw()
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + self.style.spaceBefore)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)
        self.pages[self.key] = canv.getPageNumber()


def page_form(key: str) -> str:
    return f"PageOf_{key}"


class Contents(Flowable):
    """The list of sections, each a link to its first page, with the page number filled in
    at the end of the build."""

    LINE = 17

    def __init__(self, entries: Sequence[tuple[str, str, int]]) -> None:
        super().__init__()
        self.entries = list(entries)  # (key, title, level)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.LINE * len(self.entries)

    def draw(self) -> None:
        canv = self.canv
        number_width = 12 * mm
        for i, (key, title, level) in enumerate(self.entries):
            y = self.LINE * (len(self.entries) - i - 1) + 4
            indent = 8 * mm * level
            font = fonts.BOLD if level == 0 else fonts.REGULAR
            size = 10.5 if level == 0 else 9.5
            canv.setFont(font, size)
            canv.setFillColor(colors.black)
            canv.drawString(indent, y, title)
            start = indent + stringWidth(title, font, size) + 4
            end = self.width - number_width
            if end > start:
                canv.setFillColor(RULE_GREY)
                dots = "." * int((end - start) / stringWidth(".", fonts.REGULAR, size))
                canv.setFont(fonts.REGULAR, size)
                canv.drawRightString(end, y, dots)
            canv.saveState()
            canv.translate(self.width - number_width, y)
            canv.doForm(page_form(key))
            canv.restoreState()
            canv.linkRect("", key, (0, y - 3, self.width, y + self.LINE - 5), relative=1)


# -- the document -----------------------------------------------------------------------------


@dataclass
class Furniture:
    """What the header and footer of every page say."""

    title: str
    privacy: str  # e.g. "Partner copy"
    pages: dict[str, int] = field(default_factory=dict)  # section key -> first page


class ReportDocument(BaseDocTemplate):
    """A4 pages with a header (the audit's title) and a footer ("Page N of M")."""

    def __init__(self, target, furniture: Furniture, **metadata) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            lang="en-GB",
            displayDocTitle=True,
            initialFontName=fonts.REGULAR,
            **metadata,
        )
        self.furniture = furniture
        frame = Frame(
            MARGIN,
            BOTTOM,
            TEXT_WIDTH,
            TEXT_HEIGHT,
            id="text",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPageEnd=self._footer),
                PageTemplate("page", [frame], onPage=self._header, onPageEnd=self._footer),
            ]
        )
        self._doSave = 0  # saved by `finish`, once the late numbers are known

    def _header(self, canv, _doc) -> None:
        canv.saveState()
        canv.setFont(fonts.REGULAR, 8)
        canv.setFillColor(GREY)
        y = PAGE_HEIGHT - TOP + 8 * mm
        title = _fitted(self.furniture.title, fonts.REGULAR, 8, TEXT_WIDTH * 0.7)
        canv.drawString(MARGIN, y, title)
        canv.drawRightString(PAGE_WIDTH - MARGIN, y, self.furniture.privacy)
        canv.setStrokeColor(RULE_GREY)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, y - 2.5 * mm, PAGE_WIDTH - MARGIN, y - 2.5 * mm)
        canv.restoreState()

    def _footer(self, canv, _doc) -> None:
        canv.saveState()
        canv.setFont(fonts.REGULAR, 8)
        canv.setFillColor(GREY)
        label = f"Page {canv.getPageNumber()} of "
        x = PAGE_WIDTH - MARGIN - 22 * mm
        canv.drawString(x, BOTTOM - 10 * mm, label)
        canv.translate(x + stringWidth(label, fonts.REGULAR, 8), BOTTOM - 10 * mm)
        canv.doForm(TOTAL_PAGES_FORM)
        canv.restoreState()

    def finish(self) -> int:
        """Fill in the numbers known only now, and save the PDF; return the page count."""
        canv = self.canv
        pages = canv.getPageNumber() - 1  # the page after the last has begun
        _number_form(canv, TOTAL_PAGES_FORM, str(pages), fonts.REGULAR, 8, GREY, right=False)
        for key, page in self.furniture.pages.items():
            _number_form(canv, page_form(key), str(page), fonts.REGULAR, 9.5, colors.black)
        canv.showOutline()
        canv.save()
        return pages

    def missing_forms(self, keys: Iterable[str]) -> None:
        """Sections in the contents that never reached a page (none should) get a blank."""
        for key in keys:
            self.furniture.pages.setdefault(key, 0)


def _number_form(canv, name, value, font, size, colour, *, right=True) -> None:
    canv.beginForm(name, lowerx=-2, lowery=-4, upperx=12 * mm + 2, uppery=size + 2)
    canv.setFont(font, size)
    canv.setFillColor(colour)
    if right:
        canv.drawRightString(12 * mm, 0, value)
    else:
        canv.drawString(0, 0, value)
    canv.endForm()


def _fitted(value: str, font: str, size: float, width: float) -> str:
    """Shorten `value` with an ellipsis until it fits `width`."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


# -- tables -----------------------------------------------------------------------------------


def table_style(extra: Iterable[tuple] = ()) -> ReportlabTableStyle:
    return ReportlabTableStyle(
        [
            ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8, 10),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), DARK_BLUE),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 8, 10),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT_GREY]),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE_GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            *extra,
        ]
    )


class Cells:
    """Makes table cells: plain strings where they fit on one line (quick to lay out),
    wrapping paragraphs where they do not. Notes long texts that were shortened."""

    def __init__(self, styles: Styles, widths: Sequence[float]) -> None:
        self.style = styles.cell
        self.header_style = styles.header_cell
        self.room = [w - 2 * CELL_PADDING for w in widths]
        self.shortened = 0
        self.letters_missing: dict[str, str] = {}  # letters the font lacks -> an example text
        self.right_to_left = 0  # texts in Hebrew, Arabic...: printed out of order
        self.right_to_left_examples: list[str] = []

    def header(self, labels: Sequence[str]) -> list:
        return [Paragraph(text(label), self.header_style) for label in labels]

    def row(self, values: Sequence[object]) -> list:
        return [self.cell(v, room) for v, room in zip(values, self.room, strict=True)]

    def cell(self, value: object, room: float) -> object:
        if value is None:
            return ""
        value = str(value)
        if len(value) > MAX_CELL_TEXT:
            self.shortened += 1
            value = value[: MAX_CELL_TEXT - 1] + "…"
        if not value.isascii():
            missing = fonts.missing_letters(value)
            if missing:
                self.letters_missing.setdefault(missing, value)
            if fonts.right_to_left(value):
                self.right_to_left += 1
                if len(self.right_to_left_examples) < 3:
                    self.right_to_left_examples.append(value)
        if "\n" not in value and stringWidth(value, fonts.REGULAR, 8) <= room:
            return value
        return Paragraph(text(value), self.style)


def simple_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    styles: Styles,
    extra_style: Iterable[tuple] = (),
) -> Table:
    """A small table (a page or two): reportlab's own, with the header repeated."""
    cells = Cells(styles, widths)
    data = [cells.header(header), *(cells.row(row) for row in rows)]
    table = Table(data, colWidths=list(widths), repeatRows=1, style=table_style(extra_style))
    table.hAlign = "LEFT"
    return table


class StreamedTable(Flowable):
    """A table of any length, laid out a page at a time from an iterator of rows.

    reportlab's Table works out the height of every remaining row each time it splits at a
    page end, which takes time growing with the square of the rows (minutes for 30,000). This
    one takes a page's worth of rows at a time from the iterator, so the rows are neither all
    in memory nor measured more than twice.
    """

    def __init__(
        self,
        header: Sequence[str],
        rows: Iterator[Sequence[object]],
        widths: Sequence[float],
        cells: Cells,
        on_rows: Callable[[int], None] | None = None,
        pending: list | None = None,
    ) -> None:
        super().__init__()
        self.header, self.rows, self.widths = list(header), rows, list(widths)
        self.cells, self.on_rows = cells, on_rows
        self.pending: list[list] = pending if pending is not None else []
        self.exhausted = False
        self.chunk = FIRST_CHUNK
        self._table: Table | None = None

    def _fill(self) -> None:
        while not self.exhausted and len(self.pending) < self.chunk:
            row = next(self.rows, None)
            if row is None:
                self.exhausted = True
            else:
                self.pending.append(self.cells.row(row))

    def _make(self, rows: list[list]) -> Table:
        table = Table(
            [self.cells.header(self.header), *rows],
            colWidths=self.widths,
            repeatRows=1,
            style=table_style(),
        )
        table.hAlign = "LEFT"
        return table

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._fill()
        if self.exhausted and self.pending:
            self._table = self._make(self.pending)
            return self._table.wrap(available_width, available_height)
        self._table = None
        # More rows than one chunk: more than fits, so the frame asks `split` for a page's worth.
        return available_width, available_height + 1

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        while True:
            self._fill()
            if not self.pending:
                return []
            parts = self._make(self.pending).split(available_width, available_height)
            if len(parts) == 1 and not self.exhausted:
                # The whole chunk fits and rows are left: take more, or the next chunk would
                # start with a header in the middle of the page.
                self.chunk *= 2
                continue
            break
        if not parts:
            return []  # not even one row fits here: the next page
        first = parts[0]
        placed = len(first._cellvalues) - 1
        if placed <= 0:
            return []
        if self.on_rows:
            self.on_rows(placed)
        rest = StreamedTable(
            self.header, self.rows, self.widths, self.cells, self.on_rows, self.pending[placed:]
        )
        rest.exhausted = self.exhausted
        rest.chunk = placed + CHUNK_MARGIN
        if rest.exhausted and not rest.pending:
            return [first]
        return [first, rest]

    def draw(self) -> None:
        if self._table is not None:
            if self.on_rows:
                self.on_rows(len(self.pending))
            self._table.drawOn(self.canv, 0, 0)
