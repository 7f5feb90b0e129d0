"""Pictures of a PDF's pages in the window: pages rendered with pypdfium2, shown one at a time.

pypdfium2 renders a page to a bitmap in memory; it is turned into a QImage here (no PIL).
PDFium may be used by one thread at a time, so every use holds `PDFIUM_LOCK`, and every
document is closed at once, so that Windows lets the temporary file be deleted afterwards.
QImage (unlike QPixmap) may be made in a worker thread: a preview's first page is rendered
there, the others in the window's thread when the user pages to them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

PDFIUM_LOCK = threading.Lock()
RENDER_SCALE = 2.0  # pixels per point: 144 dpi, sharp when scaled down to fit the window
PAGE_MARGIN = 8  # pixels of grey around the page


@dataclass(frozen=True)
class RenderedPage:
    """A page as a picture, its text (for screen readers), and how many pages there are."""

    image: QImage
    text: str
    number: int  # from 1
    pages: int


def page_image(page, scale: float) -> QImage:
    """Return a pypdfium2 page as a picture, `scale` pixels a point (hold PDFIUM_LOCK)."""
    # RGBx: four bytes a pixel, in the order QImage.Format_RGBX8888 reads them.
    bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
    try:
        return QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGBX8888,
        ).copy()  # its own pixels: the bitmap's memory goes with the bitmap
    finally:
        bitmap.close()


def render_page(path: Path | str, number: int = 1, scale: float = RENDER_SCALE) -> RenderedPage:
    """Return page `number` (from 1) of the PDF at `path` as a picture, and its text."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(str(path))
        try:
            pages = len(document)
            number = max(1, min(number, pages))
            page = document[number - 1]
            try:
                image = page_image(page, scale)
                text_page = page.get_textpage()
                try:
                    text = text_page.get_text_bounded()
                finally:
                    text_page.close()
            finally:
                page.close()
        finally:
            document.close()
    return RenderedPage(image=image, text=" ".join(text.split()), number=number, pages=pages)


class PdfPreview(QWidget):
    """One page of a PDF at a time, as wide as the space allows, with Previous and Next."""

    page_shown = Signal(int)  # the page number (from 1)

    def __init__(self, parent: QWidget | None = None, name: str = "Preview") -> None:
        super().__init__(parent)
        self.setObjectName("pdf_preview")
        self._name = name
        self._path: Path | None = None
        self._page: RenderedPage | None = None

        self.image_label = QLabel(self)
        self.image_label.setObjectName("page_image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image_label.setWordWrap(True)
        self.image_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image_label.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("page_scroll")
        self.scroll.setWidget(self.image_label)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setBackgroundRole(self.palette().ColorRole.Mid)
        self.scroll.setAccessibleName(name)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys scroll the page

        self.previous_button = QPushButton("Pre&vious page", self)
        self.previous_button.setObjectName("previous_page_button")
        self.previous_button.setAutoDefault(False)
        self.next_button = QPushButton("Ne&xt page", self)
        self.next_button.setObjectName("next_page_button")
        self.next_button.setAutoDefault(False)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_number_label")
        self.page_label.setAccessibleName("Page shown")
        self.whole_page = QCheckBox("Show the &whole page", self)
        self.whole_page.setObjectName("whole_page_check")
        self.whole_page.setToolTip("Untick to show the page as wide as the space, to read it.")
        self.whole_page.setChecked(True)
        self.whole_page.toggled.connect(lambda _on: self._fit())
        self.previous_button.clicked.connect(lambda: self.show_page(self.number - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.number + 1))

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.whole_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bar)
        self.clear("")

    # -- what is shown ---------------------------------------------------------------------

    @property
    def number(self) -> int:
        return self._page.number if self._page else 0

    @property
    def pages(self) -> int:
        return self._page.pages if self._page else 0

    @property
    def text(self) -> str:
        """The text of the page shown (what a screen reader is given)."""
        return self._page.text if self._page else ""

    def pixmap(self) -> QPixmap:
        return self.image_label.pixmap()

    def show_document(self, path: Path, first: RenderedPage) -> None:
        """Show the PDF at `path`, starting at its page `first` (already rendered)."""
        self._path = Path(path)
        self._show(first)

    def show_page(self, number: int) -> None:
        """Show page `number` (from 1) of the document shown."""
        if self._path is None or not 1 <= number <= self.pages or number == self.number:
            return
        try:
            page = render_page(self._path, number)
        except Exception as error:  # the file went (a new preview replaced it): say so
            self.clear(f"This page could not be shown: {error}")
            return
        self._show(page)

    def clear(self, message: str) -> None:
        """Show `message` instead of a page (while a preview is made, or when it failed)."""
        self._path = None
        self._page = None
        self.image_label.clear()
        self.image_label.setText(message)
        self.image_label.setAccessibleName(message or self._name)
        self.image_label.setAccessibleDescription("")
        self.scroll.setAccessibleDescription(message)
        self._fit()
        self._update_buttons()

    @property
    def path(self) -> Path | None:
        return self._path

    # -- drawing ---------------------------------------------------------------------------

    def _show(self, page: RenderedPage) -> None:
        self._page = page
        where = f"Page {page.number} of {page.pages}"
        self.image_label.setText("")
        self.image_label.setAccessibleName(f"{self._name}, {where.lower()}")
        self.image_label.setAccessibleDescription(page.text)
        self.scroll.setAccessibleDescription(f"{where}. {page.text}")
        self._fit()
        self._update_buttons()
        self.scroll.verticalScrollBar().setValue(0)
        self.page_shown.emit(page.number)

    def _update_buttons(self) -> None:
        self.previous_button.setEnabled(self.number > 1)
        self.next_button.setEnabled(0 < self.number < self.pages)
        self.page_label.setText(f"Page {self.number} of {self.pages}" if self._page else "")
        for button in (self.previous_button, self.next_button, self.page_label):
            button.setVisible(self.pages > 1)

    def _fit(self) -> None:
        """Scale the page to the space (the whole page, or its width; never larger than it
        was rendered)."""
        viewport = self.scroll.viewport().size()
        if self._page is None:
            self.image_label.setPixmap(QPixmap())
            self.image_label.resize(max(viewport.width(), 1), max(viewport.height(), 1))
            return
        image = self._page.image
        ratio = self.devicePixelRatioF() or 1.0
        width = max(64, viewport.width() - 2 * PAGE_MARGIN)
        if self.whole_page.isChecked():  # as tall as the space, less the margins
            height = max(64, self.scroll.height() - 2 * self.scroll.frameWidth() - 2 * PAGE_MARGIN)
            width = min(width, height * image.width() // max(image.height(), 1))
        pixels = min(image.width(), round(width * ratio))
        scaled = image.scaledToWidth(pixels, Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.image_label.setPixmap(pixmap)
        shown = QSize(round(scaled.width() / ratio), round(scaled.height() / ratio))
        self.image_label.resize(shown.width() + 2 * PAGE_MARGIN, shown.height() + 2 * PAGE_MARGIN)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
