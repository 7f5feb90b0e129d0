"""What every page of the audit window has: the session, the settings and the Edit menu hooks."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from coprod_desktop.domain import Record
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.unsaved import keep_or_ask


class Page(QWidget):
    """A page in the navigation: Overview, People, Assets...

    Subclasses set `title` (the navigation label) and `object_name`, build their layout from
    a `.ui` file, listen to `session.changed` and override the Edit menu hooks they support.
    """

    title = ""
    object_name = ""
    add_text = ""  # the Edit > Add label on this page ("Add person"); empty: nothing to add
    shows: tuple[type[Record], ...] = ()  # the records search results can open on this page
    # Emitted when the page wants the window to show another page at a record.
    go_to = Signal(str, object, str)  # page object name, record type, record id

    def __init__(
        self,
        session: AuditSession,
        settings: AppSettings,
        parent=None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.today = today or date.today()  # tests pass the day the sample audits are made for
        self.setObjectName(self.object_name)
        self.setAccessibleName(self.title)

    # -- Edit menu hooks -------------------------------------------------------------------

    def can_add(self) -> bool:
        return bool(self.add_text) and not self.session.read_only

    def add_record(self) -> None:
        """Start adding a new record (Edit > Add, Ctrl+N on the page)."""

    def can_delete(self) -> bool:
        return False

    def delete_selected(self) -> None:
        """Delete what is selected (Edit > Delete), after asking."""

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        """Select a record found by search; return False if this page does not show it."""
        return False

    def shutdown(self) -> None:
        """Stop background work before the audit closes (pages with workers wait for them)."""

    # -- what the page's form holds unsaved (see gui/unsaved.py) ---------------------------

    def pending_edit(self) -> str:
        """Name what the page's form holds that is not saved ("the person 'Siân Evans'")."""
        return ""

    def save_pending(self) -> bool:
        """Save what the form holds; False (problems shown beside the fields) if it cannot."""
        return True

    def discard_pending(self) -> None:
        """Put the form back as it was saved."""

    def leave(self) -> bool:
        """Keep what the form holds before the user leaves the page; False: stay on it."""
        if self.session.read_only:
            return True
        return keep_or_ask(self, self)

    def focus_first(self) -> None:
        """Put the keyboard focus where work on this page starts."""
        self.focusNextChild()

    # Pages call this after their selection changes so the Edit menu follows.
    selection_changed = Signal()
    # Pages emit this whenever what their form holds unsaved may have changed (typing,
    # saving, reverting): the status bar never says "saved" while a form holds edits.
    pending_changed = Signal()
