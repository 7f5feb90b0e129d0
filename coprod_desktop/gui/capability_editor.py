"""The capabilities part of the People page: a person's gifts, edited beside their details."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QListWidgetItem, QWidget

from coprod_desktop.domain import Capability, CapabilityKind, Person, Problem, ValidationError
from coprod_desktop.gui.dialogs import show_error
from coprod_desktop.gui.forms import (
    ProblemLabels,
    combo_value,
    fill_combo,
    set_combo_value,
    set_editable,
)
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.store import AuditFileError

ID_ROLE = Qt.ItemDataRole.UserRole


class CapabilityEditor(QObject):
    """Lists the person's capabilities; adds, changes and removes them through the session."""

    def __init__(self, session: AuditSession, ui: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.ui = ui
        self.person: Person | None = None
        self._editing: Capability | None = None
        fill_combo(ui.capability_kind_combo, CapabilityKind)
        self.problems = ProblemLabels({"description": ui.capability_problem})
        ui.capability_list.currentItemChanged.connect(self._choose)
        ui.add_capability_button.clicked.connect(self.start_new)
        ui.save_capability_button.clicked.connect(self.save)
        ui.remove_capability_button.clicked.connect(self.remove_current)
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
        if self.person is None:
            return
        self.ui.capability_list.clearSelection()
        self._editing = Capability(
            person_id=self.person.id, kind=CapabilityKind.HEAD, description=""
        )
        self._fill(self._editing)
        self.ui.capability_kind_combo.setFocus()
        self._update()

    def save(self) -> Capability | None:
        if self._editing is None:
            return None
        capability = dataclasses.replace(
            self._editing,
            kind=combo_value(self.ui.capability_kind_combo),
            description=self.ui.capability_description_edit.toPlainText().strip(),
            tags=tuple(
                t.strip() for t in self.ui.capability_tags_edit.text().split(",") if t.strip()
            ),
            willing_to_share=self.ui.capability_share_check.isChecked(),
        )
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

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self._editing = self.session.store.get(Capability, item.data(ID_ROLE))
        self._fill(self._editing)
        self._update()

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
