"""The dialog that starts a self-assessment round, or changes the day, who took part and notes."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from coprod_desktop.domain import AssessmentRound, ValidationError, problems
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


def ask_round(
    parent: QWidget,
    session: AuditSession,
    today: date,
    shown: AssessmentRound | None = None,
) -> AssessmentRound | None:
    """Ask for a new round (or changes to `shown`) and save it through the session.

    Runs modally. A date after `today` is refused beside the field and nothing is written;
    returns the saved round, or None if the user cancels.
    """
    dialog = load_ui("round_dialog.ui", parent)
    dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 64)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    if shown is None:
        ok.setText("Start the round")
        dialog.setWindowTitle("Start a self-assessment round")
    else:
        ok.setText("Save")
        dialog.setWindowTitle("Change the self-assessment round")
        dialog.explanation.setText("Change the day of the round, who took part or the notes.")
    for edit in (dialog.participants_edit, dialog.notes_edit):
        edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5)
    prepare_optional_date(
        dialog.date_edit, empty_text="dd/mm/yyyy", problem_label=dialog.held_on_problem, today=today
    )
    set_optional_date(dialog.date_edit, shown.held_on if shown else today)
    dialog.participants_edit.setPlainText(shown.participants if shown else "")
    dialog.notes_edit.setPlainText(shown.notes if shown else "")
    labels = ProblemLabels({"held_on": dialog.held_on_problem}, dialog.summary_problem)
    dialog.buttons.rejected.connect(dialog.reject)
    fit_dialog(dialog)
    saved: list[AssessmentRound] = []

    def accept() -> None:
        values = {
            "held_on": optional_date(dialog.date_edit),
            "participants": dialog.participants_edit.toPlainText().strip(),
            "notes": dialog.notes_edit.toPlainText().strip(),
        }
        record = (
            AssessmentRound(**values) if shown is None else dataclasses.replace(shown, **values)
        )
        found = problems(record, today)
        try:
            if found:
                raise ValidationError(record, found)
            saved.append(session.add(record) if shown is None else session.update(record))
        except ValidationError as error:
            labels.show(error.problems)
            dialog.date_edit.setFocus()
            return
        except AuditFileError as error:
            labels.clear()
            dialog.summary_problem.setText(f"Not saved. {error}")
            dialog.summary_problem.show()
            return
        dialog.accept()

    def values() -> tuple:
        # A date typed but not readable yet is a value of its own: it counts as a change.
        held_on = optional_date(dialog.date_edit)
        return held_on, dialog.participants_edit.toPlainText(), dialog.notes_edit.toPlainText()

    as_shown = values()
    what = "the new round" if shown is None else "the round"
    guard = DialogGuard(dialog, lambda: values() != as_shown, accept, what)  # noqa: F841
    dialog.buttons.accepted.connect(accept)
    dialog.date_edit.setFocus()
    dialog.exec()
    dialog.deleteLater()
    return saved[0] if saved else None
