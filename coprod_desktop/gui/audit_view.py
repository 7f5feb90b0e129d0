"""The open audit: navigation and search down the left side, the pages beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from coprod_desktop.domain import Capability, CommunityAsset, Person, Record
from coprod_desktop.gui.pages.actions import ActionsPage
from coprod_desktop.gui.pages.assets import AssetsPage
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.pages.elements import ElementsPage
from coprod_desktop.gui.pages.overview import OverviewPage
from coprod_desktop.gui.pages.people import PeoplePage
from coprod_desktop.gui.pages.roles import RolesPage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into

PAGE_TYPES: tuple[type[Page], ...] = (
    OverviewPage,
    PeoplePage,
    AssetsPage,
    ElementsPage,
    RolesPage,
    ActionsPage,
)
SEARCH_KINDS: dict[str, type[Record]] = {
    "person": Person,
    "capability": Capability,
    "asset": CommunityAsset,
}
SEARCH_LIMIT = 50
HIT_ROLE = Qt.ItemDataRole.UserRole


class AuditView(QWidget):
    """Everything shown while an audit is open."""

    page_changed = Signal()

    def __init__(self, session: AuditSession, settings: AppSettings, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = load_into("audit_view.ui", self)
        self.pages: list[Page] = []
        for page_type in PAGE_TYPES:
            page = page_type(session, settings)
            self.pages.append(page)
            self.ui.pages.addWidget(page)
            QListWidgetItem(page.title, self.ui.navigation)
            page.go_to.connect(self._go_to)
            page.selection_changed.connect(self.page_changed)
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([220, 1000])
        self.ui.navigation.currentRowChanged.connect(self._show_page)
        self.ui.navigation.setCurrentRow(0)

        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self._search)
        self.ui.search_box.textChanged.connect(lambda _: self._search_timer.start())
        self.ui.search_box.returnPressed.connect(self._open_first_hit)
        self.ui.search_results.itemActivated.connect(self._open_hit)
        self.ui.search_results.hide()

    # -- pages -----------------------------------------------------------------------------

    def current_page(self) -> Page:
        return self.pages[self.ui.pages.currentIndex()]

    def page(self, object_name: str) -> Page:
        return next(page for page in self.pages if page.objectName() == object_name)

    def show_page(self, page: Page) -> None:
        self.ui.navigation.setCurrentRow(self.pages.index(page))

    def _show_page(self, row: int) -> None:
        if row >= 0:
            self.ui.pages.setCurrentIndex(row)
            self.page_changed.emit()

    def _go_to(self, object_name: str, record_type: object, record_id: str) -> None:
        page = self.page(object_name)
        self.show_page(page)
        if record_type is not None and record_id:
            page.show_record(record_type, record_id)
        page.focus_first()

    # -- search ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.ui.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search_box.selectAll()

    def _search(self) -> None:
        results = self.ui.search_results
        results.clear()
        text = self.ui.search_box.text()
        if not text.strip():
            results.hide()
            return
        hits = self.session.store.search(text, limit=SEARCH_LIMIT)
        for hit in hits:
            noun = SEARCH_KINDS[hit.kind].noun.capitalize()
            whose = f" ({hit.person})" if hit.person else ""
            item = QListWidgetItem(f"{hit.title}{whose}\n{noun} · {hit.snippet}", results)
            item.setData(HIT_ROLE, (hit.kind, hit.record_id))
        if not hits:
            item = QListWidgetItem("Nothing found. Try fewer or shorter words.", results)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        results.setAccessibleDescription(f"{len(hits)} found")
        results.show()

    def _open_first_hit(self) -> None:
        self._search_timer.stop()
        self._search()
        first = self.ui.search_results.item(0)
        if first is not None and first.data(HIT_ROLE):
            self.ui.search_results.setCurrentItem(first)
            self._open_hit(first)

    def _open_hit(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if not hit:
            return
        kind, record_id = hit
        record_type = SEARCH_KINDS[kind]
        for page in self.pages:
            if page.show_record(record_type, record_id):
                self.show_page(page)
                return
