"""The report's charts: built inside real PDFs, their text read back with pdftotext, and their
shapes checked to stay inside the drawing without labels running into each other."""

from __future__ import annotations

import shutil
import subprocess
from itertools import combinations
from pathlib import Path

import pytest
from reportlab.graphics.shapes import Group, String, mmult, nullTransform, transformPoint
from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from coprod_desktop.report.charts import heat_map_drawing, radar_drawing, wrap

WIDTH = 174 * mm - 12  # the text width of an A4 page with 18 mm margins, less frame padding
ELEMENTS = ["Assets", "Capacity", "Mutuality", "Networks", "Blurring roles", "Catalysts"]
LONG_ELEMENTS = [
    "Recognising people as assets and building on what they can do",
    "Building on people's existing capabilities",
    "Mutuality and reciprocity between everyone involved",
    "Peer support networks",
    "Blurring the distinction between professionals and recipients",
    "Facilitating rather than delivering (acting as catalysts)",
]
STAGES = ["Setting priorities", "Planning", "Design", "Delivery", "Improvement", "Evaluation"]
RUNGS = [
    "Coercion",
    "Educating",
    "Informing",
    "Consultation",
    "Engagement",
    "Co-design",
    "Co-production",
]
PEOPLE = [
    [0, 3, 12, 40, 22, 9, 5],
    [1, 0, 8, 31, 27, 14, 2],
    [0, 0, 4, 18, 30, 25, 11],
    [2, 5, 20, 15, 12, 8, 3],
    [0, 1, 6, 22, 19, 17, 1234],
    [0, 0, 3, 9, 11, 7, 4],
]


def pdf_text(tmp_path: Path, *drawings) -> str:
    """Build the drawings into an A4 PDF with 18 mm margins; return its text."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "charts.pdf"
    margins = {f"{side}Margin": 18 * mm for side in ("left", "right", "top", "bottom")}
    story = [item for drawing in drawings for item in (drawing, Spacer(1, 12))]
    doc = SimpleDocTemplate(str(path), pagesize=A4, initialFontName="DejaVuSans", **margins)
    doc.build(story)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "Helvetica" not in fonts.stdout  # only the report's font, embedded
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def strings(node, transform=None) -> list[tuple[String, tuple[float, ...]]]:
    """Every String of a drawing with its bounds in the drawing's coordinates."""
    found, transform = [], transform or nullTransform()
    for child in node.getContents():
        if isinstance(child, Group):
            found += strings(child, mmult(transform, child.transform))
        elif isinstance(child, String):
            x1, y1, x2, y2 = child.getBounds()
            xs, ys = zip(*(transformPoint(transform, p) for p in ((x1, y1), (x2, y2))), strict=True)
            found.append((child, (min(xs), min(ys), max(xs), max(ys))))
    return found


def assert_tidy(drawing) -> None:
    """Everything inside the drawing, and no two texts on top of each other."""
    left, bottom, right, top = drawing.getBounds()
    assert left >= 0 and bottom >= 0, drawing.getBounds()
    assert right <= drawing.width + 0.5 and top <= drawing.height + 0.5, drawing.getBounds()
    boxes = [box for _string, box in strings(drawing)]
    for box in boxes:
        assert box[0] >= 0 and box[2] <= drawing.width + 0.5
        assert box[1] >= 0 and box[3] <= drawing.height + 0.5
    for a, b in combinations(boxes, 2):
        # The boxes include a little space above and below the letters: allow half a point.
        apart = a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5
        assert apart, (a, b)


def test_radar_shows_names_numbers_and_both_rounds(tmp_path):
    spokes = list(zip(ELEMENTS, [4, 3, 2, 5, 1, 3], [3, 3, 1, 4, 2, 2], strict=True))
    drawing = radar_drawing(spokes, "12 March 2026", "3 May 2025", WIDTH, 300)
    assert_tidy(drawing)
    text = pdf_text(tmp_path, drawing)
    for name in ELEMENTS:
        assert name in text
    assert "Latest round: 12 March 2026" in text
    assert "Previous round: 3 May 2025" in text
    assert "4, was 3" in text and "5, was 4" in text


def test_radar_not_assessed_and_no_previous_round(tmp_path):
    spokes = [(name, None if i % 2 else 3, None) for i, name in enumerate(ELEMENTS)]
    drawing = radar_drawing(spokes, "1 June 2026", None, WIDTH, 300)
    assert_tidy(drawing)
    text = pdf_text(tmp_path, drawing)
    assert "Capacity (not assessed)" in text
    assert "Assets (not assessed)" not in text
    assert "No previous round to compare with" in text
    assert "Previous round" not in text and "was" not in text


def test_radar_previous_not_assessed(tmp_path):
    spokes = [(name, 2, None) for name in ELEMENTS]
    text = pdf_text(tmp_path, radar_drawing(spokes, "1 June 2026", "1 June 2025", WIDTH, 300))
    assert text.count("2, was not assessed") == 6


@pytest.mark.parametrize("width, height", [(WIDTH, 300), (WIDTH, 240), (110 * mm, 260)])
def test_radar_long_names_wrap_inside_the_drawing(tmp_path, width, height):
    spokes = list(zip(LONG_ELEMENTS, [4, None, 2, 5, 1, 3], [1, 2, 3, 4, 5, None], strict=True))
    drawing = radar_drawing(spokes, "12 March 2026", "1 January 2025", width, height)
    assert_tidy(drawing)
    labels = [s.text for s, _box in strings(drawing) if s.text not in "12345"]
    assert len(labels) > len(LONG_ELEMENTS) + 6  # names took more than one line each
    if width == WIDTH:  # at the page's width every word of every name is there
        words = " ".join(pdf_text(tmp_path, drawing).split())
        for name in LONG_ELEMENTS:
            for word in name.split():
                assert word in words


def test_heat_map_shows_labels_bands_and_numbers(tmp_path):
    drawing = heat_map_drawing(STAGES, RUNGS, PEOPLE, WIDTH)
    assert_tidy(drawing)
    text = pdf_text(tmp_path, drawing)
    for label in [*STAGES, "Coercion", "Consultation", "Engagement", "Co-design", "production"]:
        assert label in text
    for band in ("Doing to", "Doing for", "Doing with"):
        assert band in text
    assert "1,234" in text
    assert "Darker cells: more people." in text and "<5" not in text


def test_heat_map_darkest_cells_have_white_text():
    texts = {
        s.text: s.fillColor for s, _box in strings(heat_map_drawing(STAGES, RUNGS, PEOPLE, WIDTH))
    }
    assert texts["1,234"] == white
    assert texts["40"] != white  # far below the largest number: a light cell


def test_heat_map_all_hidden(tmp_path):
    hidden = [["<5"] * len(RUNGS) for _ in STAGES]
    drawing = heat_map_drawing(STAGES, RUNGS, hidden, WIDTH)
    assert_tidy(drawing)
    text = pdf_text(tmp_path, drawing)
    assert text.count("<5") == len(STAGES) * len(RUNGS) + 1  # and once in the key
    assert "fewer than 5 people" in text


def test_heat_map_all_zeros_and_narrow(tmp_path):
    zeros = [[0] * len(RUNGS) for _ in STAGES]
    narrow = heat_map_drawing(STAGES, RUNGS, zeros, 250)
    assert_tidy(narrow)  # too narrow for the headers to wrap: they stand on end
    text = pdf_text(tmp_path, narrow, heat_map_drawing(STAGES, RUNGS, zeros, WIDTH))
    assert "Co-production" in text
    assert all(s.fillColor != white for s, _box in strings(narrow))


def test_heat_map_long_stage_names():
    stages = [*STAGES[:5], "Evaluation and learning together with the people who use services"]
    assert_tidy(heat_map_drawing(stages, RUNGS, PEOPLE, WIDTH))


def test_wrap_keeps_within_room_and_line_limit():
    lines = wrap("Blurring the distinction between professionals and recipients", 60)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert wrap("Co-production", 50) == ["Co-", "production"]
    assert wrap("", 40) == [""]
