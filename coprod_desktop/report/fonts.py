"""The report's font: DejaVu Sans, shipped in resources/fonts with its licence, embedded in
every PDF (as a subset of the letters used).

DejaVu Sans covers Latin (Welsh ŵ ŷ â included), Greek, Cyrillic, Armenian, Georgian, Hebrew,
Arabic letters and many symbols, but no Chinese, Japanese, Korean or Indic scripts. reportlab
does not fall back to another font, so a letter the font lacks would print as an empty box:
`missing_letters` finds such letters so that the report can say which texts are affected.
reportlab also lays every line out left to right and does not join Arabic letters, so names in
Hebrew or Arabic print with their letters in the wrong order: `right_to_left` finds those.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from coprod_desktop.paths import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FAMILY = "DejaVu Sans"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


@cache
def register() -> None:
    """Register the report's fonts with reportlab (once per process)."""
    for name, file_name in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
    # <b> and <i> in paragraphs pick the bold and oblique faces.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, ITALIC)
    addMapping(REGULAR, 1, 1, BOLD)


@cache
def _covered() -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(REGULAR)
    return frozenset(font.face.charToGlyph)


def missing_letters(text: str) -> str:
    """Return the letters of `text` the report's font cannot show (in order, once each)."""
    covered = _covered()
    missing = dict.fromkeys(ch for ch in text if ord(ch) not in covered and not ch.isspace())
    return "".join(missing)


def right_to_left(text: str) -> bool:
    """Whether `text` holds letters of a right-to-left script (Hebrew, Arabic...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)
