"""The radar chart of a self-assessment round against the round before, drawn with QPainter.

Ten spokes: the six elements (in the user's naming), then the four principles, in the order of
`analysis.progress.SUBJECTS`. The round looked at is a filled polygon with round markers, the
round before a dashed outline with square markers, so that the two are told apart without
colour; each spoke's label also gives both numbers. A rating left "not assessed" is not a zero:
its spoke gets no point and the polygon joins its neighbours. The numbers are also in the
accessible description for screen readers, and every size comes from the font.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from coprod_desktop.analysis.progress import Progress, Subject, rating_text
from coprod_desktop.domain import Rating

# Okabe-Ito blue and vermillion: told apart with the common kinds of colour blindness.
CURRENT_COLOUR = QColor("#0072b2")
PREVIOUS_COLOUR = QColor("#d55e00")
RING_COLOUR = QColor("#b8b8b8")
SCALE = len(Rating)  # rings 1 to 5
NOTHING_TO_SHOW = "No self-assessment yet: nothing to show."


def date_text(day) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Spoke:
    """One element or principle on the chart, with its ratings in the two rounds."""

    name: str
    kind: str  # "element" or "principle"
    current: int | None
    previous: int | None


class RadarChart(QWidget):
    """A round's ratings against the round before, on ten spokes from 1 (centre) to 5."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("radar_chart")
        self.setAccessibleName("Radar chart of the ratings")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.spokes: list[Spoke] = []
        self.current_label = ""  # the day of the round shown: "14/10/2026"
        self.previous_label = ""  # the day of the round before; empty when there is none
        self.setAccessibleDescription(self.describe())

    def set_progress(self, progress: Progress | None, name: Callable[[Subject], str]) -> None:
        """Show the round `progress` looks at against its previous round (None: no rounds)."""
        current = progress.current if progress else None
        if current is None:
            self.spokes = []
            self.current_label = self.previous_label = ""
        else:
            self.spokes = [
                Spoke(name(r.subject), r.kind, r.latest, r.previous) for r in progress.ratings
            ]
            self.current_label = date_text(current.held_on)
            before = progress.previous
            self.previous_label = date_text(before.held_on) if before else ""
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()  # the labels' lengths decide the least room the chart needs
        self.update()

    def describe(self) -> str:
        """Return the chart's numbers as sentences, for screen readers."""
        if not self.spokes:
            return NOTHING_TO_SHOW
        compare = (
            f" compared with the round before, on {self.previous_label}"
            if self.previous_label
            else "; there is no round before it to compare with"
        )
        lines = [
            f"Ratings from 1 Not yet to 5 Embedded. The round of {self.current_label}{compare}."
        ]
        for spoke in self.spokes:
            line = f"{spoke.name} ({spoke.kind}): {rating_text(spoke.current).lower()}"
            if self.previous_label:
                line += f", before {rating_text(spoke.previous).lower()}"
            lines.append(line + ".")
        return " ".join(lines)

    # -- geometry --------------------------------------------------------------------------

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _label_width(self) -> int:
        """The least width of a label beside the rings: a long name wraps onto a few lines."""
        return QFontMetrics(self.font()).horizontalAdvance("x") * 17

    def _smallest_radius(self) -> float:
        return self._line() * 5.0

    def sizeHint(self) -> QSize:
        # No taller than the least it needs: the layout gives it the room that is left, and a
        # page that scrolls (large fonts) measures its length from the hints.
        return QSize(self._line() * 40, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """Room for the rings at their smallest with the labels around them and the legend
        on top; with less, the page scrolls rather than squeezing the chart."""
        line = self._line()
        radius = self._smallest_radius()
        width = 2 * (self._label_width() + line * 0.6 + radius)
        height = 2 * radius + line * 7
        if self.spokes:
            above, below = self._pole_widths(radius)
            labels = self._label_height(0, above) + self._label_height(len(self.spokes) // 2, below)
            height = 2 * radius + labels + line * 3.8  # the legend in two rows, and gaps
        return QSize(round(width), round(height))

    def _legend_entries(self) -> list[tuple[str, str]]:
        """The legend: what each mark means, and the day of that round."""
        entries = [("This round (filled)", self.current_label)]
        if self.previous_label:
            entries.append(("Round before (dashed)", self.previous_label))
        else:
            entries.append(("No round before", "to compare with"))
        entries.append(("Principles in italics", ""))
        return entries

    def _legend_beside_size(self) -> QSizeF:
        """The legend as a column, each entry on two lines: what it is, then the day."""
        metrics = QFontMetrics(self.font())
        line = self._line()
        entries = self._legend_entries()
        widest = max(metrics.horizontalAdvance(text) for entry in entries for text in entry)
        lines = sum(2 if day else 1 for _what, day in entries)
        return QSizeF(line * 3.2 + widest, line * (lines + 0.4 * len(entries)))

    def _legend_flow(self) -> tuple[list[tuple[int, QPointF, str]], float]:
        """The legend in rows across the top: (entry number, where, text), and its height."""
        metrics = QFontMetrics(self.font())
        line = self._line()
        x, y, placed = 0.0, 0.0, []
        texts = [f"This round, {self.current_label}"]
        if self.previous_label:
            texts.append(f"Round before, {self.previous_label}")
        else:
            texts.append("No round before to compare with")
        texts.append("Principles in italics")
        for number, text in enumerate(texts):
            width = line * 2.7 + metrics.horizontalAdvance(text) + line
            if x and x + width > self.width():
                x, y = 0.0, y + line * 1.3
            placed.append((number, QPointF(x, y), text))
            x += width
        return placed, y + line * 1.5

    def _label_height(self, index: int, width: float) -> float:
        font = _italic(self.font()) if self.spokes[index].kind == "principle" else self.font()
        rect = QFontMetrics(font).boundingRect(
            QRectF(0, 0, width, self._line() * 20).toRect(),
            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignHCenter),
            self._label_text(self.spokes[index]),
        )
        return rect.height()

    def _pole_widths(self, radius: float) -> tuple[float, float]:
        """The widths of the labels straight above and below the rings.

        Wide, unless the labels of the spokes beside them (up or down at 54°, starting 0.59 of
        the way out) reach as high, or as low: then only as wide as fits between those.
        """
        line = self._line()
        wide = self._label_width() * 1.4
        between = max(line * 4.0, min(wide, 2 * (0.59 * (radius + line * 0.6) - line * 0.4)))
        if not self.spokes:
            return wide, wide
        count, side = len(self.spokes), self._label_width()
        reach = 0.81 * (radius + line * 0.7) - line * 0.5  # where the diagonal labels start
        pole_edge = radius + line * 0.7  # where the labels above and below start
        widths = []
        for neighbours in ((1, count - 1), (count // 2 - 1, count // 2 + 1)):
            tallest = max(self._label_height(i, side) for i in neighbours)
            widths.append(wide if reach + tallest <= pole_edge else between)
        return widths[0], widths[1]

    def _layout(self) -> tuple[QPointF, float, float, bool]:
        """Return the centre, the radius of ring 5, the width of the labels beside the rings,
        and whether the legend stands beside them (else in rows across the top).

        The legend goes where it leaves the larger rings. Labels get whatever width the rings
        leave, so that long names wrap less.
        """
        line = self._line()
        side = self._label_width() + line * 0.6
        beside_width = self._legend_beside_size().width()
        flow_height = self._legend_flow()[1]
        bottom = len(self.spokes) // 2

        def fit(beside: bool) -> tuple[QPointF, float, float, bool]:
            left = beside_width if beside else 0.0
            radius, room_y = self._smallest_radius(), 0.0
            for _ in range(3):  # the labels above and below narrow as the rings shrink
                above, under = self._pole_widths(radius)
                top = self._label_height(0, above) + line * 0.8
                top += 0.0 if beside else flow_height
                below = self._label_height(bottom, under) + line * 0.8
                room_x = (self.width() - left - 2 * side) / 2
                room_y = (self.height() - top - below) / 2
                radius = max(line * 2.0, min(room_x, room_y))
            spare = (self.width() - left) / 2 - radius - line * 0.9
            label_width = max(self._label_width(), min(spare, self._label_width() * 1.5))
            centre = QPointF(left + (self.width() - left) / 2, top + max(room_y, radius))
            return centre, radius, label_width, beside

        return max(fit(beside=False), fit(beside=True), key=lambda layout: layout[1])

    @staticmethod
    def _angle(index: int, count: int) -> float:
        return -math.pi / 2 + 2 * math.pi * index / count  # the first spoke points up

    def _point(self, centre: QPointF, radius: float, index: int, value: float) -> QPointF:
        angle = self._angle(index, len(self.spokes))
        distance = radius * value / SCALE
        return QPointF(
            centre.x() + distance * math.cos(angle), centre.y() + distance * math.sin(angle)
        )

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        if not self.spokes:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, NOTHING_TO_SHOW)
            return
        centre, radius, label_width, beside = self._layout()
        if beside:
            self._draw_legend_beside(painter, text_colour)
        else:
            self._draw_legend_flow(painter, text_colour)
        self._draw_grid(painter, centre, radius)
        if self.previous_label:
            self._draw_round(painter, centre, radius, previous=True)
        self._draw_round(painter, centre, radius, previous=False)
        self._draw_ring_numbers(painter, centre, radius, text_colour)
        self._draw_labels(painter, centre, radius, label_width, text_colour)

    def _draw_sample(self, painter: QPainter, number: int, x: float, middle: float) -> None:
        """The mark of legend entry `number`: a filled bar, a dashed line, or nothing."""
        line = self._line()
        sample = line * 2.2
        if number == 0:
            painter.setPen(QPen(CURRENT_COLOUR, 2))
            painter.setBrush(_fill(CURRENT_COLOUR))
            painter.drawRect(QRectF(x, middle - line * 0.3, sample, line * 0.6))
        elif number == 1 and self.previous_label:
            painter.setPen(_dashed(PREVIOUS_COLOUR))
            painter.drawLine(QPointF(x, middle), QPointF(x + sample, middle))

    def _draw_legend_beside(self, painter: QPainter, text_colour: QColor) -> None:
        line = self._line()
        x, y = line * 0.3, line * 0.2
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        entries = self._legend_entries()
        for number, (what, day) in enumerate(entries):
            self._draw_sample(painter, number, x, y + line / 2)
            painter.setPen(text_colour)
            painter.setFont(_italic(self.font()) if number == len(entries) - 1 else self.font())
            for text in (what, day) if day else (what,):
                painter.drawText(QRectF(x + line * 2.7, y, self.width(), line), left, text)
                y += line
            y += line * 0.4
        painter.setFont(self.font())

    def _draw_legend_flow(self, painter: QPainter, text_colour: QColor) -> None:
        line = self._line()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        placed, _height = self._legend_flow()
        last = len(self._legend_entries()) - 1
        for number, where, text in placed:
            x, y = where.x() + line * 0.3, where.y() + line * 0.2
            self._draw_sample(painter, number, x, y + line / 2)
            painter.setPen(text_colour)
            painter.setFont(_italic(self.font()) if number == last else self.font())
            painter.drawText(QRectF(x + line * 2.7, y, self.width(), line), left, text)
        painter.setFont(self.font())

    def _draw_grid(self, painter: QPainter, centre: QPointF, radius: float) -> None:
        count = len(self.spokes)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(RING_COLOUR, 1))
        for ring in range(1, SCALE + 1):
            painter.drawPolygon(
                QPolygonF([self._point(centre, radius, i, ring) for i in range(count)])
            )
        for index in range(count):
            painter.drawLine(centre, self._point(centre, radius, index, SCALE))

    def _draw_ring_numbers(
        self, painter: QPainter, centre: QPointF, radius: float, text_colour: QColor
    ) -> None:
        """Number the rings just right of the spoke that points up, on a light patch so that
        they stay readable over the shapes."""
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        painter.setPen(text_colour)
        line = QFontMetrics(small).height()
        metrics = QFontMetrics(small)
        patch = QColor(self.palette().color(QPalette.ColorRole.Base))
        patch.setAlpha(200)
        for ring in range(1, SCALE + 1):
            point = self._point(centre, radius, 0, ring)
            rect = QRectF(
                point.x() + line * 0.3, point.y() - line * 0.5, metrics.horizontalAdvance("5"), line
            ).adjusted(-1, 0, 1, 0)
            painter.fillRect(rect, patch)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(ring))
        painter.setFont(self.font())

    def _draw_round(
        self, painter: QPainter, centre: QPointF, radius: float, *, previous: bool
    ) -> None:
        values = [s.previous if previous else s.current for s in self.spokes]
        points = [
            self._point(centre, radius, i, value)
            for i, value in enumerate(values)
            if value is not None
        ]
        if not points:
            return
        colour = PREVIOUS_COLOUR if previous else CURRENT_COLOUR
        if previous:
            painter.setPen(_dashed(colour))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(QPen(colour, 2))
            painter.setBrush(_fill(colour))
        if len(points) > 1:
            painter.drawPolygon(QPolygonF(points))
        size = self._line() * 0.3
        painter.setPen(QPen(colour, 1.5))
        for point in points:
            if previous:  # hollow squares
                painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
                painter.drawRect(QRectF(point.x() - size, point.y() - size, 2 * size, 2 * size))
            else:  # filled dots
                painter.setBrush(colour)
                painter.drawEllipse(point, size, size)

    def _draw_labels(
        self,
        painter: QPainter,
        centre: QPointF,
        radius: float,
        side_width: float,
        text_colour: QColor,
    ) -> None:
        line = self._line()
        above, below = self._pole_widths(radius)
        for index, spoke in enumerate(self.spokes):
            angle = self._angle(index, len(self.spokes))
            cos, sin = math.cos(angle), math.sin(angle)
            anchor = QPointF(
                centre.x() + (radius + line * 0.6) * cos, centre.y() + (radius + line * 0.7) * sin
            )
            pole = abs(sin) > 0.95  # straight above or below the centre
            width = (above if sin < 0 else below) if pole else side_width
            height = self._label_height(index, width) + 2
            if pole:
                x, horizontal = anchor.x() - width / 2, Qt.AlignmentFlag.AlignHCenter
                y = anchor.y() - height if sin < 0 else anchor.y()
            else:
                if sin < -0.5:  # upper half: grow upwards, away from the labels below
                    y = anchor.y() + line * 0.5 - height
                elif sin > 0.5:  # lower half: grow downwards
                    y = anchor.y() - line * 0.5
                else:
                    y = anchor.y() - height / 2
                if cos > 0:
                    x, horizontal = anchor.x(), Qt.AlignmentFlag.AlignLeft
                else:
                    x, horizontal = anchor.x() - width, Qt.AlignmentFlag.AlignRight
            painter.setFont(_italic(self.font()) if spoke.kind == "principle" else self.font())
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(x, y, width, height),
                horizontal | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                self._label_text(spoke),
            )
        painter.setFont(self.font())

    def _label_text(self, spoke: Spoke) -> str:
        return f"{spoke.name}\n{self._numbers(spoke)}"

    def _numbers(self, spoke: Spoke) -> str:
        """Return "4, was 3", "not assessed" or "4, was not assessed" for a spoke's label."""
        now = str(spoke.current) if spoke.current is not None else "not assessed"
        if not self.previous_label:
            return now
        before = str(spoke.previous) if spoke.previous is not None else "not assessed"
        return f"{now}, was {before}"


def _italic(font: QFont) -> QFont:
    italic = QFont(font)
    italic.setItalic(True)
    return italic


def _fill(colour: QColor) -> QColor:
    fill = QColor(colour)
    fill.setAlpha(70)
    return fill


def _dashed(colour: QColor) -> QPen:
    pen = QPen(colour, 2.2)
    pen.setStyle(Qt.PenStyle.DashLine)
    return pen
