"""The People page: the paged table of people, and the form for one person and their gifts."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtWidgets import QHeaderView

from coprod_desktop.domain import Capability, Hat, Person, Record, ValidationError
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.dialogs import messages as dialogs
from coprod_desktop.gui.models.people import PeopleTableModel
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.unsaved import EditWatcher, keep_or_ask
from coprod_desktop.gui.widgets.capability_editor import CapabilityEditor
from coprod_desktop.gui.widgets.forms import combo_value, fill_combo, set_editable
from coprod_desktop.gui.widgets.person_form import PersonForm
from coprod_desktop.store import AuditFileError

FILTER_DELAY_MS = 200


class PeoplePage(Page):
    title = "People"
    object_name = "people_page"
    shows = (Person, Capability)
    add_text = "Add person"

    def __init__(
        self, session: AuditSession, settings: AppSettings, parent=None, **options
    ) -> None:
        super().__init__(session, settings, parent, **options)
        self.ui = ui = load_into("people_page.ui", self)
        self.model = PeopleTableModel(session.store, self, today=self.today)
        ui.people_table.setModel(self.model)
        ui.people_table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        header = ui.people_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        letter = ui.people_table.fontMetrics().averageCharWidth()  # widths follow the font
        for column, letters in enumerate((24, 15, 24, 22, 20)):
            ui.people_table.setColumnWidth(column, letters * letter)
        rows = ui.people_table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(ui.people_table.fontMetrics().height() + 10)
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)

        self.form = PersonForm(ui, self.today)
        self.capabilities = CapabilityEditor(session, ui, self)
        self._watcher = EditWatcher(self.form.watched_widgets(), self)
        self._watcher.edited.connect(self._form_edited)
        self.capabilities.edited.connect(self.pending_changed)
        fill_combo(ui.hat_filter, Hat, none_text="Everyone")
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        ui.hat_filter.currentIndexChanged.connect(self._apply_filter)
        ui.name_filter.textChanged.connect(lambda _: self._filter_timer.start())
        ui.add_person_button.clicked.connect(self.add_record)
        ui.save_button.clicked.connect(self.save)
        ui.revert_button.clicked.connect(self.revert)
        ui.equality_toggle.setCheckable(True)
        ui.equality_toggle.toggled.connect(self._show_equality)
        ui.people_table.selectionModel().selectionChanged.connect(self._selection_changed)
        ui.people_table.activated.connect(lambda _: ui.name_edit.setFocus())
        session.changed.connect(self._changed)

        self._show_equality(False)
        if session.read_only:
            reason = session.store.read_only_reason
            ui.read_only_note.setText(
                f"{reason.message if reason else 'Read-only'}. You can look but not change "
                "anything; use File › Save a copy for a copy you can edit."
            )
            ui.read_only_note.setStyleSheet("color: #a4262c; font-weight: bold;")
        else:
            ui.read_only_note.hide()
        set_editable([ui.add_person_button], not session.read_only)
        self._show(None)
        self._update_count()

    # -- the form --------------------------------------------------------------------------

    @property
    def current(self) -> Person | None:
        return self.form.loaded

    def _show(self, person: Person | None, capability_id: str | None = None) -> None:
        ui = self.ui
        for section in self._form_sections():
            section.setVisible(person is not None)
        if person is None:
            self.form._loaded = None
            self.capabilities.show_person(None)
            ui.form_heading.setText(
                "<p>Choose a person in the table to see their details and capabilities"
                + ("." if self.session.read_only else ", or press Add person.")
                + "</p>"
            )
            self._form_edited()
            return
        self._show_equality(ui.equality_toggle.isChecked())
        self.form.load(person)
        is_new = not person.pseudonym
        ui.form_heading.setText(
            "<h2>New person</h2>" if is_new else f"<h2>{_escape(person.name)}</h2>"
        )
        set_editable(self.form.editing_widgets(), not self.session.read_only)
        self.capabilities.show_person(person, select=capability_id)
        self._form_edited()
        self.selection_changed.emit()

    def _form_sections(self) -> list:
        ui = self.ui
        return [
            ui.about_group,
            ui.contact_group,
            ui.taking_part_group,
            ui.consent_group,
            ui.equality_toggle,
            ui.equality_group,
            ui.save_button,
            ui.revert_button,
            ui.capabilities_group,
        ]

    def save(self) -> Person | None:
        """Save the form; show problems beside the fields instead when it is not valid."""
        if self.current is None or self.session.read_only:
            return None
        person = self.form.read()
        try:
            exists = bool(self.current.pseudonym)
            saved = (self.session.update if exists else self.session.add)(person)
        except ValidationError as error:
            self.form.show_problems(error.problems)
            return None
        except AuditFileError as error:  # the disk is full, the drive went away...
            dialogs.show_error(self, "The person was not saved", str(error), error.advice)
            return None
        self._show(saved)
        self._form_edited()
        return saved

    def revert(self) -> None:
        if self.current is not None:
            self._show(self.current)
        self._form_edited()

    def _form_edited(self) -> None:
        dirty = self.form.is_dirty() and not self.session.read_only
        new = self.current is not None and not self.current.pseudonym
        self.ui.save_button.setEnabled(dirty or (new and not self.session.read_only))
        self.ui.revert_button.setEnabled(dirty)
        self.pending_changed.emit()

    # -- what the form holds unsaved (gui/unsaved.py) --------------------------------------

    def _person_pending(self) -> str:
        person = self.current
        if person is None or self.session.read_only or not self.form.is_dirty():
            return ""
        name = self.ui.name_edit.text().strip() or person.name
        if not person.pseudonym:
            return f"the new person '{name}'" if name else "the new person"
        return f"the person '{name}'"

    def pending_edit(self) -> str:
        if self.session.read_only:
            return ""
        parts = [self._person_pending(), self.capabilities.pending_edit()]
        return " and ".join(part for part in parts if part)

    def save_pending(self) -> bool:
        if self._person_pending() and self.save() is None:
            return False
        return not self.capabilities.is_dirty() or self.capabilities.save() is not None

    def discard_pending(self) -> None:
        if self.current is not None and not self.current.pseudonym:
            self._show(None)  # a new person never saved: nothing to go back to
        else:
            self.capabilities.revert()
            self.revert()
        self._form_edited()

    def leave_person(self) -> bool:
        """Keep what the form holds before it shows another person; False: stay."""
        return self.session.read_only or keep_or_ask(self, self)

    def _reselect_current(self) -> None:
        table = self.ui.people_table
        row = self.model.row_of(self.current.id) if self.current is not None else None
        selection = table.selectionModel()
        selection.blockSignals(True)
        if row is None:
            table.clearSelection()
        else:
            table.selectRow(row)
        selection.blockSignals(False)

    def _show_equality(self, shown: bool) -> None:
        self.ui.equality_group.setVisible(shown)
        self.ui.equality_toggle.setText(
            "Hide e&quality-monitoring answers"
            if shown
            else "Show e&quality-monitoring answers (sensitive)"
        )

    # -- the table -------------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(hat=combo_value(self.ui.hat_filter), text=self.ui.name_filter.text())
        self._update_count()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.ui.count_label.setText(number_of(count, "person"))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        person = self.model.person(rows[0].row())
        if person is None or (self.current is not None and person.id == self.current.id):
            return
        if not self.leave_person():
            self._reselect_current()  # the problems are shown; the form keeps the person
            return
        self._show(person)

    def _changed(self, kind: type[Record]) -> None:
        if kind not in (Person, Capability):
            return
        self.model.reload()
        self._update_count()
        current = self.current
        if current is None or not current.pseudonym or self.form.is_dirty():
            return
        fresh = self.session.store.get(Person, current.id)
        self._show(fresh)  # undo may have changed or removed the person shown

    # -- Edit menu hooks -------------------------------------------------------------------

    def add_record(self) -> None:
        if self.session.read_only or not self.leave_person():
            return
        self.ui.people_table.clearSelection()
        self._show(Person(name=""))
        self.ui.name_edit.setFocus()

    def can_delete(self) -> bool:
        return self.current is not None and bool(self.current.pseudonym)

    def delete_selected(self) -> None:
        person = self.current
        if person is None or not person.pseudonym or self.session.read_only:
            return
        if dialogs.confirm(
            self,
            "Delete person",
            f"Delete {person.name} with their capabilities, roles and links to the elements? "
            "You can undo this (Ctrl+Z).",
            "Delete",
        ):
            self.delete_person(person)

    def delete_person(self, person: Person) -> None:
        self.session.delete(person)
        self.ui.people_table.clearSelection()
        self._show(None)

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        store = self.session.store
        capability_id = None
        if record_type is Capability:
            capability = store.get(Capability, record_id)
            if capability is None:
                return False
            capability_id, record_id = capability.id, capability.person_id
        elif record_type is not Person:
            return False
        person = store.get(Person, record_id)
        if person is None or not self.leave_person():
            return False
        row = self.model.row_of(person.id)
        if row is not None:
            self.ui.people_table.selectRow(row)
        self._show(person, capability_id)
        return True

    def focus_first(self) -> None:
        self.ui.people_table.setFocus()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
