"""The report's charts as reportlab drawings: the radar of a self-assessment against the round
before, and the heat map of people per stage and rung of the ladder.

They follow the window's charts (gui/radar_chart.py, gui/charts.py StageHeatMap) without Qt.
Printed reports are often greyscale, so nothing depends on colour alone: the latest round is a
filled shape with dots, the previous one a dashed outline with squares, and every heat map cell
has its number written in it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from coprod_desktop.domain.vocabulary import Band
from coprod_desktop.report import fonts as report_fonts

# Okabe-Ito blue and vermillion, as in the window: told apart with colour blindness, and dark
# against mid grey when printed in black and white.
LATEST = HexColor("#0072b2")
LATEST_FILL = HexColor("#b3d4ea")  # opaque: some PDF viewers print transparency badly
PREVIOUS = HexColor("#d55e00")
RING = HexColor("#b8b8b8")
INK = HexColor("#1a1a1a")
GREY_TEXT = HexColor("#555555")
HEAT_LOW = HexColor("#eef3f9")
HEAT_HIGH = HexColor("#1f5f9e")
SOLID = {"strokeColor": LATEST, "strokeWidth": 1.6}
DASHED = {"strokeColor": PREVIOUS, "strokeWidth": 1.6, "strokeDashArray": [3, 2]}
GRID = {"strokeColor": RING, "strokeWidth": 0.6}
SIZE = 8  # points; the smallest text (ring numbers, keys) is 7
SMALL = 7
SCALE = 5  # rings 1 to 5
# The ladder's bands over the seven rungs, lowest first: (label, how many rungs).
BANDS = tuple((band.label, len(band.rungs)) for band in Band)


def _width(text: str, size: float = SIZE, font: str | None = None) -> float:
    return stringWidth(text, font or report_fonts.REGULAR, size)


def _pieces(word: str, size: float, room: float) -> list[str]:
    """Split a word too long for `room`: after its hyphens, then between letters."""
    if _width(word, size) <= room:
        return [word]
    parts = [p + "-" for p in word.split("-")]
    parts[-1] = parts[-1][:-1]
    pieces: list[str] = []
    for part in filter(None, parts):
        while _width(part, size) > room and len(part) > 1:
            cut = max(1, max(i for i in range(1, len(part) + 1) if _width(part[:i], size) <= room))
            pieces.append(part[:cut])
            part = part[cut:]
        pieces.append(part)
    return pieces


def wrap(text: str, room: float, size: float = SIZE, max_lines: int = 3) -> list[str]:
    """Return `text` in lines no wider than `room`; past `max_lines` the last line ends in …"""
    report_fonts.register()
    lines: list[str] = []
    for word in text.split():
        for number, piece in enumerate(_pieces(word, size, room)):
            glue = " " if number == 0 else ""
            if lines and _width(lines[-1] + glue + piece, size) <= room:
                lines[-1] += glue + piece
            else:
                lines.append(piece)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while _width(last + "…", size) > room and " " in last:  # cut between words
            last = last.rsplit(" ", 1)[0]
        while last and _width(last + "…", size) > room:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + "…"]
    return lines or [""]


def _drawing(width: float, height: float) -> Drawing:
    # Without initialFontName the drawing sets Helvetica first, a font the PDF then names
    # without embedding it.
    return Drawing(width, height, initialFontName=report_fonts.REGULAR)


def _text(group: Group, x, y, text, size=SIZE, colour=INK, anchor="start", font=None) -> None:
    font = font or report_fonts.REGULAR
    group.add(String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor))


def _text_lines(group: Group, lines, x, top, anchor="start", size=SIZE, colour=INK) -> None:
    """Draw lines of text downwards from `top` (the top of the first line)."""
    for number, line in enumerate(lines):
        _text(group, x, top - size * 0.95 - number * size * 1.2, line, size, colour, anchor)


# -- radar ---------------------------------------------------------------------------------


def _spoke_lines(name: str, latest, previous, compare: bool, room: float) -> list[str]:
    """The label of a spoke: its name wrapped, then its numbers ("4, was 3")."""
    if latest is None:
        name += " (not assessed)"
    lines = wrap(name, room)
    numbers = [] if latest is None else [str(latest)]
    if compare:
        numbers.append(f"was {previous if previous is not None else 'not assessed'}")
    if numbers:
        lines.append(", ".join(numbers))
    return lines


def _label_boxes(spokes, compare: bool, radius: float, side: float):
    """Place each spoke's label around rings of `radius` centred on (0, 0), y upwards.

    Returns (lines, x, top, anchor, box) per spoke, box = (left, bottom, right, top).
    """
    count, gap, lead = len(spokes), SIZE * 0.8, SIZE * 1.2
    # Labels straight above and below may be wider, as far as the spokes beside them allow.
    beside = abs(math.cos(_angle(1, count))) if count > 2 else 1.0
    pole_width = max(side * 0.7, min(side * 1.5, 2 * beside * (radius + gap) - 8))
    placed = []
    for index, (name, latest, previous) in enumerate(spokes):
        angle = _angle(index, count)
        cos, sin = math.cos(angle), math.sin(angle)
        ax, ay = (radius + gap) * cos, (radius + gap) * sin
        pole = abs(sin) > 0.95
        lines = _spoke_lines(name, latest, previous, compare, pole_width if pole else side)
        height = len(lines) * lead
        if pole:
            top = ay + height if sin > 0 else ay
        elif abs(sin) > 0.3:  # grow away from the middle, where the other labels are
            top = ay - lead * 0.5 + height if sin > 0 else ay + lead * 0.5
        else:
            top = ay + height / 2
        widest = max(_width(line) for line in lines)
        if pole:
            x, anchor, left = ax, "middle", ax - widest / 2
        elif cos > 0:
            x, anchor, left = ax, "start", ax
        else:
            x, anchor, left = ax, "end", ax - widest
        placed.append((lines, x, top, anchor, (left, top - height, left + widest, top)))
    return placed


def _angle(index: int, count: int) -> float:
    return math.pi / 2 - 2 * math.pi * index / count  # the first spoke points up, clockwise


def _point(radius: float, index: int, count: int, value) -> tuple[float, float]:
    distance = radius * (value or 0) / SCALE  # "not assessed" sits at the centre
    angle = _angle(index, count)
    return distance * math.cos(angle), distance * math.sin(angle)


def _fit(spokes, compare: bool, width: float, height: float):
    """Return the largest radius whose rings and labels fit in width x height, and the bounds."""
    side = max(60.0, min(130.0, width * 0.24))
    radius = min(width, height) / 2
    while True:
        labels = _label_boxes(spokes, compare, radius, side)
        boxes = [box for *_rest, box in labels]
        ring = [_point(radius, i, len(spokes), SCALE) for i in range(len(spokes))]
        boxes += [(x, y, x, y) for x, y in ring]
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        if (right - left <= width - 2 and top - bottom <= height - 2) or radius <= 20:
            return radius, labels, (left, bottom, right, top)
        radius -= 1


def _legend(group: Group, latest_label: str, previous_label: str | None, width, top) -> float:
    """Draw the legend in one row (two if it must), centred; return its height."""
    entries = [
        ("latest", f"Latest round: {latest_label}"),
        ("previous", f"Previous round: {previous_label}")
        if previous_label is not None
        else (None, "No previous round to compare with"),
    ]
    widths = [(23 if kind else 0) + _width(text) for kind, text in entries]
    rows = [[0, 1]] if sum(widths) + 20 <= width else [[0], [1]]
    lead = SIZE * 1.6
    for number, row in enumerate(rows):
        x = (width - sum(widths[i] for i in row) - 20 * (len(row) - 1)) / 2
        y = top - lead * (number + 0.5)
        for i in row:
            kind, text = entries[i]
            if kind == "latest":
                group.add(Rect(x, y - 3, 18, 6, fillColor=LATEST_FILL, **SOLID))
            elif kind:
                group.add(Line(x, y, x + 18, y, **DASHED))
            colour = INK if kind else GREY_TEXT
            _text(group, x + widths[i] - _width(text), y - SIZE * 0.35, text, colour=colour)
            x += widths[i] + 20
    return lead * len(rows) + 4


def radar_drawing(
    spokes: Sequence[tuple[str, int | None, int | None]],
    latest_label: str,
    previous_label: str | None,
    width: float,
    height: float,
) -> Drawing:
    """Return the radar of the latest round (filled) against the previous one (dashed)."""
    report_fonts.register()
    drawing = _drawing(width, height)
    legend_height = _legend(drawing, latest_label, previous_label, width, height)
    if len(spokes) < 3:  # no shape to draw; the report says so in words
        return drawing
    compare, count = previous_label is not None, len(spokes)
    room = height - legend_height
    radius, labels, (left, bottom, right, top) = _fit(spokes, compare, width, room)
    cx, cy = (width - left - right) / 2, (room - bottom - top) / 2
    chart = Group(transform=(1, 0, 0, 1, cx, cy))
    drawing.add(chart)

    def outline(values) -> list[float]:
        return [v for i, value in enumerate(values) for v in _point(radius, i, count, value)]

    # The fill first, so that the rings and the dashed round stay visible over it.
    latest = outline(s[1] for s in spokes)
    chart.add(Polygon(latest, fillColor=LATEST_FILL, strokeColor=None))
    for ring in range(1, SCALE + 1):
        chart.add(Polygon(outline([ring] * count), fillColor=None, **GRID))
    for index in range(count):
        chart.add(Line(0, 0, *_point(radius, index, count, SCALE), **GRID))
    if compare:
        before = outline(s[2] for s in spokes)
        chart.add(PolyLine([*before, *before[:2]], **DASHED))
        for index, spoke in enumerate(spokes):
            if spoke[2] is not None:
                x, y = _point(radius, index, count, spoke[2])
                chart.add(Rect(x - 2.2, y - 2.2, 4.4, 4.4, fillColor=white, strokeColor=PREVIOUS))
    chart.add(Polygon(latest, fillColor=None, **SOLID))
    for index, spoke in enumerate(spokes):
        if spoke[1] is not None:
            dot = _point(radius, index, count, spoke[1])
            chart.add(Circle(*dot, 2.4, fillColor=LATEST, strokeColor=None))
    # Ring numbers right of the spoke that points up, on white so that they stay readable.
    for ring in range(1, SCALE + 1):
        y = radius * ring / SCALE
        chart.add(Rect(4, y - 4, _width("5", SMALL) + 2, 8, fillColor=white, strokeColor=None))
        _text(chart, 5, y - SMALL * 0.35, str(ring), SMALL, GREY_TEXT)
    for lines, x, line_top, anchor, _box in labels:
        _text_lines(chart, lines, x, line_top, anchor)
    return drawing


# -- heat map ------------------------------------------------------------------------------


def _blend(share: float) -> Color:
    share = max(0.0, min(1.0, share))
    low, high = HEAT_LOW.rgb(), HEAT_HIGH.rgb()
    return Color(*(a + (b - a) * share for a, b in zip(low, high, strict=True)))


def heat_map_drawing(
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    values: Sequence[Sequence[int | str]],
    width: float,
) -> Drawing:
    """Return a grid of people per row (stage) and column (rung); darker holds more people.

    A text value ("<5" in public reports) stands for a hidden small number: a light shade.
    """
    report_fonts.register()
    lead, columns = SIZE * 1.2, max(1, len(column_labels))
    widest_row = max([_width(label) for label in row_labels] or [0.0])
    row_width = min(widest_row + 8, width * 0.28)
    cell = (width - row_width) / columns
    row_lines = [wrap(label, row_width - 6) for label in row_labels]
    row_height = max([SIZE * 2.2, *(len(lines) * lead + 6 for lines in row_lines)])
    # Headers wrap in their column; a word that would have to break mid-letter turns them on end.
    upright = all(
        _width(part) <= cell - 4
        for label in column_labels
        for part in label.replace("-", "- ").split()
    )
    header_lines = [wrap(label, cell - 4) if upright else [label] for label in column_labels]
    if upright:
        header = max([1, *map(len, header_lines)]) * lead + 4
    else:
        header = max([_width(label) for label in column_labels] or [0.0]) + 6
    bands = sum(n for _, n in BANDS) == len(column_labels)
    band_height = lead + 6 if bands else 0.0
    numbers = [v for row in values for v in row if isinstance(v, int)]
    hidden = any(isinstance(v, str) for row in values for v in row)
    key = "Darker cells: more people." + (' "<5": fewer than 5 people.' if hidden else "")
    key_lines = wrap(key, width, SMALL)
    height = band_height + header + len(row_labels) * row_height + len(key_lines) * SMALL * 1.2 + 6
    drawing = _drawing(width, height)
    top = height
    if bands:
        first = 0
        for label, span in BANDS:
            left, right = row_width + first * cell + 3, row_width + (first + span) * cell - 3
            _text(
                drawing,
                (left + right) / 2,
                top - SIZE,
                label,
                anchor="middle",
                font=report_fonts.BOLD,
            )
            low, high = top - lead - 4, top - lead - 1  # a bracket over the band's columns
            bracket = [left, high, left, low, right, low, right, high]
            drawing.add(PolyLine(bracket, strokeColor=GREY_TEXT, strokeWidth=0.8))
            first += span
        top -= band_height
    for column, lines in enumerate(header_lines):
        middle = row_width + (column + 0.5) * cell
        if upright:  # bottom-aligned so that the headers sit on the grid
            _text_lines(drawing, lines, middle, top - header + 2 + len(lines) * lead, "middle")
        else:
            turned = Group(transform=(0, 1, -1, 0, middle + SIZE * 0.35, top - header + 3))
            _text(turned, 0, 0, lines[0])
            drawing.add(turned)
    top -= header
    biggest = max([1, *numbers])
    for row, lines in enumerate(row_lines):
        y = top - (row + 1) * row_height
        _text_lines(drawing, lines, 0, y + (row_height + len(lines) * lead) / 2)
        for column in range(columns):
            value = values[row][column] if column < len(values[row]) else 0
            share = value / biggest if isinstance(value, int) else 0.12
            x = row_width + column * cell
            fill = _blend(share)
            drawing.add(
                Rect(
                    x + 0.75,
                    y + 0.75,
                    cell - 1.5,
                    row_height - 1.5,
                    fillColor=fill,
                    strokeColor=None,
                )
            )
            text = f"{value:,}" if isinstance(value, int) else str(value)
            ink = white if share > 0.7 else INK  # black on light cells reads better
            _text(
                drawing,
                x + cell / 2,
                y + row_height / 2 - SIZE * 0.35,
                text,
                colour=ink,
                anchor="middle",
            )
    _text_lines(
        drawing, key_lines, 0, top - len(row_labels) * row_height - 4, size=SMALL, colour=GREY_TEXT
    )
    return drawing
