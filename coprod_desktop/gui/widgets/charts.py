"""Charts of the Overview, drawn with QPainter (Qt Essentials has no QtCharts).

A screen reader cannot see a picture, so every chart also states its numbers as text in its
accessible description. Sizes come from the font, so the charts grow with a large system font.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from coprod_desktop.analysis.coverage import ElementCoverage
from coprod_desktop.analysis.leaving_out import GroupShare
from coprod_desktop.analysis.stages import StageCoverage
from coprod_desktop.domain import Band, Element, Rung
from coprod_desktop.domain.wording import count_text

__all__ = ["count_text"]  # the pages take it from here, with the charts

# Colours chosen to be told apart with the common kinds of colour blindness; every bar is also
# labelled with its number and kind, so that nothing depends on colour alone.
PEOPLE_COLOUR = QColor("#1f5f9e")
CAPABILITIES_COLOUR = QColor("#2e8540")
ASSETS_COLOUR = QColor("#b05f00")
WARNING_TEXT = QColor("#a4262c")
WARNING_FILL = QColor("#fbe3e4")
THIN_ROW_FILL = QColor("#fff4e5")
HEAT_LOW = QColor("#f3f7fc")
HEAT_HIGH = QColor("#8db8e3")
GOOD_HIGH = QColor("#9fd3a8")
INK = QColor("#1a1a1a")  # text on the light cells of the heat map, whatever the theme

BAR_KINDS = (
    ("people", "person", "people", PEOPLE_COLOUR),
    ("capabilities", "capability", "capabilities", CAPABILITIES_COLOUR),
    ("assets", "community asset", "community assets", ASSETS_COLOUR),
)


def _blend(low: QColor, high: QColor, share: float) -> QColor:
    share = max(0.0, min(1.0, share))
    return QColor(
        round(low.red() + (high.red() - low.red()) * share),
        round(low.green() + (high.green() - low.green()) * share),
        round(low.blue() + (high.blue() - low.blue()) * share),
    )


class ElementCoverageChart(QWidget):
    """Horizontal bars of the people, capabilities and assets linked to each element.

    Each kind is scaled to the element where it is highest, because capabilities outnumber
    assets a hundred to one: the bars compare elements, the numbers give the sizes.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("element_coverage_chart")
        self.setAccessibleName("Coverage of the six elements")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self._coverage: list[ElementCoverage] = []
        self._name: Callable[[Element], str] = lambda e: e.label
        self.set_coverage([], self._name)

    def set_coverage(
        self, coverage: Sequence[ElementCoverage], name: Callable[[Element], str]
    ) -> None:
        """Show `coverage`, naming elements with `name` (the user's naming)."""
        self._coverage = list(coverage)
        self._name = name
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def describe(self) -> str:
        """Return the chart's numbers as sentences, for screen readers."""
        if not self._coverage:
            return "No coverage to show."
        lines = []
        for c in self._coverage:
            linked = ", ".join(
                count_text(getattr(c, key), one, many) for key, one, many, _ in BAR_KINDS
            )
            state = "thin" if c.thin else "well covered"
            lines.append(f"{self._name(c.element)}: {linked} linked; {state}.")
        return " ".join(lines)

    # -- geometry --------------------------------------------------------------------------

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _row_height(self) -> int:
        # Three bars, each a line of text high, and a gap below.
        return round(self._line() * 3.9)

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._coverage))
        return QSize(self._line() * 40, rows * self._row_height() + self._line())

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(self._line() * 24, hint.height())

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        line, row_height = self._line(), self._row_height()
        if not self._coverage:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to show yet.")
            return
        name_width = round(self.width() * 0.34)
        number_width = metrics.horizontalAdvance("000,000 community assets") + line
        bar_left = name_width + line
        bar_room = max(line, self.width() - bar_left - number_width)
        biggest = {
            key: max([1, *(getattr(c, key) for c in self._coverage)]) for key, *_ in BAR_KINDS
        }
        bold = QFont(self.font())
        bold.setBold(True)
        for row, coverage in enumerate(self._coverage):
            top = row * row_height + line // 2
            if coverage.thin:
                painter.fillRect(
                    QRectF(0, top - line * 0.25, self.width(), row_height - line * 0.4),
                    THIN_ROW_FILL,
                )
            name_rect = QRectF(line * 0.3, top, name_width - line * 0.3, line * 2.2)
            painter.setFont(bold)
            painter.setPen(text_colour)
            painter.drawText(
                name_rect,
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                self._name(coverage.element),
            )
            painter.setFont(self.font())
            if coverage.thin:
                painter.setPen(WARNING_TEXT)
                painter.drawText(
                    QRectF(line * 0.3, top + line * 2.2, name_width, line),
                    Qt.AlignmentFlag.AlignLeft,
                    "⚠ Thin",
                )
            for index, (key, one, many, colour) in enumerate(BAR_KINDS):
                value = getattr(coverage, key)
                y = top + index * line * 1.1
                length = bar_room * value / biggest[key]
                if value:
                    length = max(length, 2.0)  # a bar of one is still visible
                painter.fillRect(QRectF(bar_left, y + 2, length, line - 4), colour)
                painter.setPen(text_colour)
                painter.drawText(
                    QRectF(bar_left + length + line * 0.4, y, number_width, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    count_text(value, one, many),
                )


class StageHeatMap(QWidget):
    """Stages down the side; across, how many people take part per band of the ladder and how
    many of them have lived experience. Stages where no one with lived experience takes part are
    marked "None" on a warning colour."""

    COLUMNS = (
        *(band.label for band in Band),
        "With lived experience",
        "Lived experience in decisions",
        "Highest rung with lived experience",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stage_heat_map")
        self.setAccessibleName("Who takes part at each stage")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._stages: list[StageCoverage] = []
        self.set_stages([])

    def set_stages(self, stages: Sequence[StageCoverage]) -> None:
        self._stages = list(stages)
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def describe(self) -> str:
        """Return the heat map's numbers as sentences, for screen readers."""
        if not self._stages:
            return "No stages to show."
        lines = []
        for s in self._stages:
            bands = ", ".join(f"{band.label.lower()} {s.bands.get(band, 0)}" for band in Band)
            top = s.top_lived_experience_rung
            rung = f"highest rung with lived experience {top.label}" if top else "no rung"
            lines.append(
                f"{s.stage.label}: {count_text(s.people, 'person', 'people')} ({bands}); "
                f"{s.lived_experience} with lived experience, "
                f"{s.lived_experience_decision_makers} of them in decisions; {rung}."
            )
        return " ".join(lines)

    # -- geometry --------------------------------------------------------------------------

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def _stage_width(self) -> int:
        metrics = QFontMetrics(self.font())
        labels = [s.stage.label for s in self._stages] or ["Setting priorities"]
        return max(metrics.horizontalAdvance(text) for text in labels) + self._line()

    def _cell_width(self) -> int:
        return QFontMetrics(self.font()).horizontalAdvance("Co-production") + self._line()

    def _header_height(self) -> int:
        return self._line() * 3 + self._line() // 2

    def sizeHint(self) -> QSize:
        width = self._stage_width() + len(self.COLUMNS) * self._cell_width()
        rows = max(1, len(self._stages))
        return QSize(width, self._header_height() + rows * round(self._line() * 1.8) + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # -- drawing ---------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        line = self._line()
        if not self._stages:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing to show yet.")
            return
        stage_width, header = self._stage_width(), self._header_height()
        cell = max(self._cell_width(), (self.width() - stage_width) // len(self.COLUMNS))
        row_height = round(line * 1.8)
        centre = Qt.AlignmentFlag.AlignCenter
        painter.setPen(text_colour)
        for column, title in enumerate(self.COLUMNS):
            rect = QRectF(stage_width + column * cell + 2, 0, cell - 4, header - 4)
            painter.drawText(
                rect, Qt.TextFlag.TextWordWrap | centre | Qt.AlignmentFlag.AlignBottom, title
            )
        band_max = max([1, *(n for s in self._stages for n in s.bands.values())])
        lived_max = max([1, *(s.lived_experience for s in self._stages)])
        for row, stage in enumerate(self._stages):
            top = header + row * row_height
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, top, stage_width, row_height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                stage.stage.label,
            )
            for column, (text, fill) in enumerate(self._cells(stage, band_max, lived_max)):
                rect = QRectF(stage_width + column * cell + 1, top + 1, cell - 2, row_height - 2)
                painter.fillRect(rect, fill)
                painter.setPen(WARNING_TEXT if fill == WARNING_FILL else INK)
                painter.drawText(rect, centre, text)

    def _cells(
        self, stage: StageCoverage, band_max: int, lived_max: int
    ) -> list[tuple[str, QColor]]:
        cells = [
            (f"{n:,}", _blend(HEAT_LOW, HEAT_HIGH, n / band_max))
            for n in (stage.bands.get(band, 0) for band in Band)
        ]
        for n in (stage.lived_experience, stage.lived_experience_decision_makers):
            if n == 0:
                cells.append(("None", WARNING_FILL))
            else:
                cells.append((f"{n:,}", _blend(HEAT_LOW, GOOD_HIGH, n / lived_max)))
        top = stage.top_lived_experience_rung
        if top is None:
            cells.append(("None", WARNING_FILL))
        elif top.rank < Rung.CO_DESIGN.rank:
            cells.append((top.label, WARNING_FILL))
        else:
            cells.append((top.label, GOOD_HIGH))
        return cells


AREA_COLOUR = QColor("#8c8c8c")
GAP_ROWS = 8  # groups drawn at most: the under-represented ones, largest gap first


class LeavingOutChart(QWidget):
    """For each under-represented group, its share among the people involved (a solid bar)
    beside its share of the area (a grey bar), each with its percentage written out.

    Shares hidden to protect small groups are not drawn: the row says "fewer than 5 people".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leaving_out_chart")
        self.setAccessibleName("Groups under-represented among the people involved")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._groups: list[GroupShare] = []
        self.set_groups([])

    def set_groups(self, groups: Sequence[GroupShare]) -> None:
        """Show `groups` (under-represented ones), the largest gap first."""

        def gap(g: GroupShare) -> float:
            return (g.reference or 0.0) - (g.share or 0.0)

        self._groups = sorted(groups, key=gap, reverse=True)[:GAP_ROWS]
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    @property
    def groups(self) -> list[GroupShare]:
        return list(self._groups)

    @staticmethod
    def involved_text(group: GroupShare) -> str:
        if group.count is None:
            return "fewer than 5 people involved"
        if group.share is None:  # hidden so that a small group elsewhere stays hidden
            return f"{group.count:,} people involved"
        return f"{group.share:.1%} of the people involved"

    def describe(self) -> str:
        if not self._groups:
            return "No group is shown as under-represented."
        return " ".join(
            f"{g.question_label}, {g.label}: {self.involved_text(g)}, against "
            f"{g.reference or 0:.1%} of the area."
            for g in self._groups
        )

    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def sizeHint(self) -> QSize:
        rows = max(1, len(self._groups))
        return QSize(self._line() * 40, rows * round(self._line() * 3.2) + self._line())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._line() * 24, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        line = self._line()
        painter.setPen(text_colour)
        if not self._groups:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, "No group is under-represented."
            )
            return
        metrics = QFontMetrics(self.font())
        name_width = round(self.width() * 0.38)
        number_width = metrics.horizontalAdvance("fewer than 5 people involved") + line
        bar_left = name_width + line
        bar_room = max(line, self.width() - bar_left - number_width)
        biggest = max(max(g.reference or 0.0, g.share or 0.0) for g in self._groups) or 1.0
        bold = QFont(self.font())
        bold.setBold(True)
        row_height = round(line * 3.2)
        for row, group in enumerate(self._groups):
            top = row * row_height + line // 2
            painter.setFont(bold)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(line * 0.3, top, name_width - line * 0.3, line * 2.4),
                Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                f"{group.question_label}: {group.label}",
            )
            painter.setFont(self.font())
            bars = (
                (group.share, PEOPLE_COLOUR, self.involved_text(group)),
                (group.reference, AREA_COLOUR, f"{group.reference or 0:.1%} of the area"),
            )
            for index, (share, colour, text) in enumerate(bars):
                y = top + index * line * 1.1
                length = bar_room * (share or 0.0) / biggest
                if share:
                    length = max(length, 2.0)
                    painter.fillRect(QRectF(bar_left, y + 2, length, line - 4), colour)
                painter.setPen(text_colour)
                painter.drawText(
                    QRectF(bar_left + length + line * 0.4, y, number_width, line),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
