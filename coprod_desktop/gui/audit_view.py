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
from coprod_desktop.gui.pages.reports import ReportsPage
from coprod_desktop.gui.pages.roles import RolesPage
from coprod_desktop.gui.pages.self_assessment import SelfAssessmentPage
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.unsaved import ask_discard

PAGE_TYPES: tuple[type[Page], ...] = (
    OverviewPage,
    PeoplePage,
    AssetsPage,
    ElementsPage,
    RolesPage,
    SelfAssessmentPage,
    ActionsPage,
    ReportsPage,
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
    pending_changed = Signal()  # what the pages' forms hold unsaved may have changed

    def __init__(self, session: AuditSession, settings: AppSettings, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.ui = load_into("audit_view.ui", self)
        # Pages are made when first shown: opening a large audit waits only for the first.
        self._made: list[Page | None] = [None] * len(PAGE_TYPES)
        self._shown = -1  # the page on screen (the navigation may move before it is left)
        for page_type in PAGE_TYPES:
            self.ui.pages.addWidget(QWidget(self.ui.pages))
            QListWidgetItem(page_type.title, self.ui.navigation)
        self.ui.navigation.setSpacing(2)
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

    @property
    def pages(self) -> list[Page]:
        """Every page (making those not shown yet)."""
        return [self._page_at(number) for number in range(len(PAGE_TYPES))]

    def current_page(self) -> Page:
        return self._page_at(self.ui.pages.currentIndex())

    def page(self, object_name: str) -> Page:
        number = next(n for n, t in enumerate(PAGE_TYPES) if t.object_name == object_name)
        return self._page_at(number)

    def show_page(self, page: Page) -> bool:
        """Show `page`; False if the page on screen holds edits the user went back to fix."""
        self.ui.navigation.setCurrentRow(self._made.index(page))
        return self.current_page() is page

    def pending_edits(self) -> list[str]:
        """What the forms of every page hold unsaved, in words (empty: everything saved)."""
        return [edit for page in self._made if page is not None and (edit := page.pending_edit())]

    def save_pending(self) -> bool:
        """Keep what every page's form holds (the page on screen first); False: the user
        chose to go back to a form whose typing could not be saved (it is then on screen)."""
        shown = self._made[self._shown] if self._shown >= 0 else None
        pages = [shown, *(p for p in self._made if p is not None and p is not shown)]
        for page in pages:
            what = page.pending_edit() if page is not None else ""
            if not what or page.save_pending():
                continue
            self._put_on_screen(page)  # the problems are beside its fields
            if not ask_discard(page, what):
                return False
            page.discard_pending()
        return True

    def _put_on_screen(self, page: Page) -> None:
        row = self._made.index(page)
        self.ui.navigation.blockSignals(True)
        self.ui.navigation.setCurrentRow(row)
        self.ui.navigation.blockSignals(False)
        self.ui.pages.setCurrentIndex(row)
        self._shown = row
        self.page_changed.emit()

    def shutdown(self) -> None:
        """Let the pages finish their background work: the audit is about to close."""
        for page in self._made:
            if page is not None:
                page.shutdown()

    def _page_at(self, number: int) -> Page:
        page = self._made[number]
        if page is None:
            page = PAGE_TYPES[number](self.session, self.settings)
            page.go_to.connect(self._go_to)
            page.selection_changed.connect(self.page_changed)
            page.pending_changed.connect(self.pending_changed)
            placeholder = self.ui.pages.widget(number)
            self.ui.pages.insertWidget(number, page)
            self.ui.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._made[number] = page
        return page

    def _show_page(self, row: int) -> None:
        if row < 0 or row == self._shown:
            return
        leaving = self._made[self._shown] if self._shown >= 0 else None
        if leaving is not None and not leaving.leave():
            self.ui.navigation.blockSignals(True)  # stay with the form being fixed
            self.ui.navigation.setCurrentRow(self._shown)
            self.ui.navigation.blockSignals(False)
            return
        self._page_at(row)
        self.ui.pages.setCurrentIndex(row)
        self._shown = row
        self.page_changed.emit()
        self.pending_changed.emit()

    def _go_to(self, object_name: str, record_type: object, record_id: str) -> None:
        page = self.page(object_name)
        if not self.show_page(page):
            return
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
            # In words: "Capability (Heart: what they care about) · gardening", never a code.
            noun = hit.noun.capitalize() + (f" ({hit.what})" if hit.what else "")
            whose = f" ({hit.person})" if hit.person else ""
            about = " · ".join(part for part in (noun, hit.snippet) if part)
            item = QListWidgetItem(f"{hit.title}{whose}\n{about}", results)
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
        if not self.current_page().leave():
            return
        record_type = SEARCH_KINDS[kind]
        for number, page_type in enumerate(PAGE_TYPES):
            if record_type not in page_type.shows:
                continue
            page = self._page_at(number)
            if page.show_record(record_type, record_id):
                self.show_page(page)
                return
