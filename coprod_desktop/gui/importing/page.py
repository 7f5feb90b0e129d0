"""What the wizard's pages share: a layout from `ui/`, and a place for the work's progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWizardPage

from coprod_desktop.gui.dialogs.exchange import WorkPanel
from coprod_desktop.gui.ui_loader import load_into

if TYPE_CHECKING:
    from coprod_desktop.gui.importing.wizard import ImportWizard


class ImportPage(QWizardPage):
    """A page of the import wizard laid out by `ui/UI_NAME`; `self.ui` holds its widgets."""

    def __init__(self, wizard: ImportWizard, object_name: str, ui_name: str) -> None:
        super().__init__(wizard)
        self.wizard_ = wizard
        self.setObjectName(object_name)
        self.ui = load_into(ui_name, self)

    def work_panel(self, name: str) -> WorkPanel:
        """Put the status and progress bar of the page's work where the layout's `work_slot` is."""
        work = WorkPanel(self, name)
        slot = self.ui.work_slot
        self.ui.layout().replaceWidget(slot, work)  # searches the nested layouts too
        slot.hide()
        slot.deleteLater()
        return work
