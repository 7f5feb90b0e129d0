"""The dialog that changes the audit's own details: title, organisation, area, purpose..."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from coprod_desktop.domain import Audit, ValidationError
from coprod_desktop.gui.dialogs.reference import ReferencePopulationDialog, figures_summary
from coprod_desktop.gui.screen_fit import fit_dialog
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.ui_loader import load_ui
from coprod_desktop.gui.unsaved import DialogGuard
from coprod_desktop.gui.widgets.forms import (
    ProblemLabels,
    optional_date,
    prepare_optional_date,
    set_optional_date,
)
from coprod_desktop.store import AuditFileError

FIELDS = ("title", "organisation", "area", "purpose", "start_date", "operators")


class AuditDetailsDialog(QObject):
    """Edits the audit record through the session (so the change can be undone).

    The dialog opens window-modal without blocking (`open()`), so that tests and the page
    carry on; `saved` is emitted after a valid change has been written.
    """

    saved = Signal()

    def __init__(self, session: AuditSession, parent: QWidget) -> None:
        super().__init__(parent)
        self.session = session
        self.ui = load_ui("audit_details_dialog.ui", parent)
        # Wide enough for a long title, in the user's font size.
        self.ui.setMinimumWidth(self.ui.fontMetrics().averageCharWidth() * 70)
        prepare_optional_date(self.ui.start_date_edit, problem_label=self.ui.start_date_problem)
        self.problems = ProblemLabels(
            {field: getattr(self.ui, f"{field}_problem") for field in FIELDS},
            self.ui.summary_problem,
        )
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.ui.reject)
        self.reference_dialog: ReferencePopulationDialog | None = None
        self.ui.reference_button.clicked.connect(self.edit_reference_population)
        self._load(session.store.audit())
        self._show_reference_summary()
        self._guard = DialogGuard(self.ui, self.is_dirty, self.save, "the audit's details")
        fit_dialog(self.ui)

    @property
    def save_button(self):
        return self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)

    def open(self) -> None:
        self.ui.open()
        self.ui.title_edit.setFocus()

    def edit_reference_population(self) -> None:
        """Open the reference population over this dialog; it saves on its own OK."""
        self.reference_dialog = ReferencePopulationDialog(self.session, self.ui)
        self.reference_dialog.ui.finished.connect(self._show_reference_summary)
        self.reference_dialog.ui.finished.connect(self.reference_dialog.ui.deleteLater)
        self.reference_dialog.open()

    def _show_reference_summary(self) -> None:
        self.ui.reference_summary.setText(figures_summary(self.session.store))

    def _load(self, audit: Audit) -> None:
        self.ui.title_edit.setText(audit.title)
        self.ui.organisation_edit.setText(audit.organisation)
        self.ui.area_edit.setText(audit.area)
        self.ui.purpose_edit.setPlainText(audit.purpose)
        set_optional_date(self.ui.start_date_edit, audit.start_date)
        self.ui.operators_edit.setPlainText("\n".join(audit.operators))

    def _edited(self) -> Audit:
        operators = self.ui.operators_edit.toPlainText().splitlines()
        return dataclasses.replace(
            self.session.store.audit(),
            title=self.ui.title_edit.text().strip(),
            organisation=self.ui.organisation_edit.text().strip(),
            area=self.ui.area_edit.text().strip(),
            purpose=self.ui.purpose_edit.toPlainText().strip(),
            start_date=optional_date(self.ui.start_date_edit),
            operators=tuple(name.strip() for name in operators if name.strip()),
        )

    def is_dirty(self) -> bool:
        """True when the fields differ from the audit as saved (a date typed that cannot be
        read yet counts as a change)."""
        return self._edited() != self.session.store.audit()

    def save(self) -> None:
        """Write the details and close, or show what is wrong beside the fields and stay."""
        self.problems.clear()
        try:
            self.session.update(self._edited())
        except ValidationError as error:
            self.problems.show(error.problems)
            first = getattr(self.ui, f"{error.problems[0].field}_edit", self.ui.title_edit)
            first.setFocus()
            return
        except AuditFileError as error:
            self.ui.summary_problem.setText(f"Not saved. {error}")
            self.ui.summary_problem.show()
            return
        self.saved.emit()
        self.ui.accept()
