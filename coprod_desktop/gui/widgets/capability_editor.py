"""The capabilities part of the People page: a person's gifts, edited beside their details."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from coprod_desktop.domain import Capability, CapabilityKind, Person, Problem, ValidationError
from coprod_desktop.gui.dialogs.messages import show_error
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.unsaved import EditWatcher, keep_or_ask
from coprod_desktop.gui.widgets.forms import (
    ProblemLabels,
    combo_value,
    fill_combo,
    set_combo_value,
    set_editable,
)
from coprod_desktop.store import AuditFileError

ID_ROLE = Qt.ItemDataRole.UserRole


class CapabilityEditor(QObject):
    """Lists the person's capabilities; adds, changes and removes them through the session."""

    edited = Signal()  # the user typed or chose something in the capability form

    def __init__(self, session: AuditSession, ui: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.ui = ui
        self.person: Person | None = None
        self._editing: Capability | None = None
        self._choosing = False  # the editor moves the list's current item itself
        fill_combo(ui.capability_kind_combo, CapabilityKind)
        self.problems = ProblemLabels({"description": ui.capability_problem})
        ui.capability_list.currentItemChanged.connect(self._choose)
        ui.add_capability_button.clicked.connect(self.start_new)
        ui.save_capability_button.clicked.connect(self.save)
        ui.remove_capability_button.clicked.connect(self.remove_current)
        self._watcher = EditWatcher(
            [
                ui.capability_kind_combo,
                ui.capability_description_edit,
                ui.capability_tags_edit,
                ui.capability_share_check,
            ],
            self,
        )
        self._watcher.edited.connect(self.edited)
        self._update()

    def show_person(self, person: Person | None, select: str | None = None) -> None:
        """List the capabilities of `person` (None or unsaved: nothing to list yet)."""
        self.person = person
        listing = self.ui.capability_list
        listing.blockSignals(True)
        listing.clear()
        saved = person is not None and self.session.store.get(Person, person.id) is not None
        if saved:
            for capability in self.session.store.related(Capability, "person_id", [person.id]):
                item = QListWidgetItem(_summary(capability), listing)
                item.setData(ID_ROLE, capability.id)
                item.setToolTip(capability.description)
        listing.blockSignals(False)
        self._editing = None
        row = next(
            (r for r in range(listing.count()) if listing.item(r).data(ID_ROLE) == select), 0
        )
        if listing.count():
            listing.setCurrentRow(row)
        else:
            self._fill(None)
        self.ui.capabilities_group.setTitle(
            "Capabilities: what's strong, not what's wrong"
            if saved
            else "Capabilities (save the person first)"
        )
        self._update()

    def start_new(self) -> None:
        if self.person is None or not keep_or_ask(self, self.ui):
            return
        self.ui.capability_list.clearSelection()
        self._editing = Capability(
            person_id=self.person.id, kind=CapabilityKind.HEAD, description=""
        )
        self._fill(self._editing)
        self.ui.capability_kind_combo.setFocus()
        self._update()

    def _read(self) -> Capability | None:
        """Return the capability being edited with what the form now says."""
        if self._editing is None:
            return None
        return dataclasses.replace(
            self._editing,
            kind=combo_value(self.ui.capability_kind_combo),
            description=self.ui.capability_description_edit.toPlainText().strip(),
            tags=tuple(
                t.strip() for t in self.ui.capability_tags_edit.text().split(",") if t.strip()
            ),
            willing_to_share=self.ui.capability_share_check.isChecked(),
        )

    def is_dirty(self) -> bool:
        """True when the form holds typing not saved (a new one only once it has words)."""
        edited = self._read()
        if edited is None or self.session.read_only:
            return False
        if self.session.store.get(Capability, edited.id) is None:
            return bool(edited.description or edited.tags)
        return edited != self._editing

    def pending_edit(self) -> str:
        edited = self._read()
        if edited is None or not self.is_dirty():
            return ""
        text = edited.description or ", ".join(edited.tags)
        short = text if len(text) <= 30 else text[:29] + "…"
        return f"the capability '{short}'"

    def save_pending(self) -> bool:
        return self.save() is not None

    def discard_pending(self) -> None:
        self.revert()

    def revert(self) -> None:
        self._fill(self._editing)
        self.edited.emit()

    def save(self) -> Capability | None:
        capability = self._read()
        if capability is None:
            return None
        if not capability.description:
            self.problems.show([_NO_DESCRIPTION])
            self.ui.capability_description_edit.setFocus()
            return None
        try:
            exists = self.session.store.get(Capability, capability.id) is not None
            saved = (self.session.update if exists else self.session.add)(capability)
        except ValidationError as error:
            self.problems.show(error.problems)
            return None
        except AuditFileError as error:  # the disk is full, the drive went away...
            show_error(self.ui, "The capability was not saved", str(error), error.advice)
            return None
        self.problems.clear()
        self.show_person(self.person, select=saved.id)
        return saved

    def remove_current(self) -> None:
        item = self.ui.capability_list.currentItem()
        if item is None:
            return
        capability = self.session.store.get(Capability, item.data(ID_ROLE))
        if capability is not None:
            self.session.delete(capability)
        self.show_person(self.person)

    def _choose(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if item is None or self._choosing:
            return
        target = item.data(ID_ROLE)
        if self.is_dirty():
            back = previous.data(ID_ROLE) if previous is not None else None
            if not keep_or_ask(self, self.ui):
                self._select_quietly(back)  # back to the capability being fixed
                return
            self._select_quietly(target)  # saving it listed the capabilities again
        self._editing = self.session.store.get(Capability, target)
        self._fill(self._editing)
        self._update()

    def _select_quietly(self, capability_id: str | None) -> None:
        listing = self.ui.capability_list
        self._choosing = True
        try:
            for row in range(listing.count()):
                if listing.item(row).data(ID_ROLE) == capability_id:
                    listing.setCurrentRow(row)
                    break
        finally:
            self._choosing = False

    def _fill(self, capability: Capability | None) -> None:
        ui = self.ui
        self.problems.clear()
        set_combo_value(ui.capability_kind_combo, capability.kind if capability else None)
        ui.capability_description_edit.setPlainText(capability.description if capability else "")
        ui.capability_tags_edit.setText(", ".join(capability.tags) if capability else "")
        ui.capability_share_check.setChecked(capability.willing_to_share if capability else True)

    def _update(self) -> None:
        ui = self.ui
        editable = not self.session.read_only
        saved = self.person is not None and bool(self.person.pseudonym)
        set_editable([ui.add_capability_button], editable and saved)
        set_editable(
            [ui.remove_capability_button], editable and ui.capability_list.currentItem() is not None
        )
        set_editable(
            [
                ui.capability_kind_combo,
                ui.capability_description_edit,
                ui.capability_tags_edit,
                ui.capability_share_check,
                ui.save_capability_button,
            ],
            editable and self._editing is not None,
        )


def _summary(capability: Capability) -> str:
    kind = capability.kind.label.split(":")[0]
    return f"{kind}: {capability.description}"


_NO_DESCRIPTION = Problem("description", "say what the capability is.")
