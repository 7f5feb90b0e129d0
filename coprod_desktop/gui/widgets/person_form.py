"""The person form of the People page: fills its widgets from a Person and reads one back."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from coprod_desktop.domain import Access, ConsentScope, Hat, Person, Problem, Reciprocity
from coprod_desktop.domain.equality import QUESTIONS
from coprod_desktop.gui.widgets.forms import (
    ProblemLabels,
    checked_values,
    combo_value,
    fill_checklist,
    fill_combo,
    optional_date,
    prepare_optional_date,
    set_checked_values,
    set_combo_value,
    set_optional_date,
)

NOT_ANSWERED = "Not answered"
# What each consent means for who sees the person (as the exports do it: partner workbooks name
# only those whose consent covers partners; public reports give totals, never names).
CONSENT_NOTES = {
    None: "No consent recorded: their details stay within the audit team. A partner workbook "
    "shows their pseudonym, not their name.",
    ConsentScope.INTERNAL: "Their details stay within the audit team. A partner workbook shows "
    "their pseudonym, not their name.",
    ConsentScope.PARTNERS: "A partner workbook shows their name, capabilities and roles; never "
    "their contact details or equality answers.",
    ConsentScope.PUBLIC: "A partner workbook shows their name, capabilities and roles; never "
    "their contact details or equality answers. Public reports give totals, never names.",
}


class PersonForm:
    """Binds the person widgets of `ui/people_page.ui` to Person records."""

    def __init__(self, ui: QWidget, today: date) -> None:
        self.ui = ui
        self.today = today
        fill_checklist(ui.hats_list, Hat)
        fill_checklist(ui.wants_list, Reciprocity)
        fill_checklist(ui.access_list, Access)
        fill_combo(ui.consent_scope_combo, ConsentScope, none_text="Not recorded")
        for field in ("consent_date", "consent_review"):
            edit, problem = getattr(ui, f"{field}_edit"), getattr(ui, f"{field}_problem")
            prepare_optional_date(edit, problem_label=problem, today=today)
        self.equality_combos: dict[str, QComboBox] = {}
        for question in QUESTIONS:
            combo = QComboBox(ui.equality_group)
            combo.setObjectName(f"equality_{question.key}")
            combo.setAccessibleName(question.label)
            combo.setToolTip(question.prompt)
            combo.addItem(NOT_ANSWERED, None)
            for answer in question.answers:
                combo.addItem(answer.label, answer.code)
            label = QLabel(question.label, ui.equality_group)
            label.setBuddy(combo)
            label.setWordWrap(True)
            ui.equality_form.addRow(label, combo)
            self.equality_combos[question.key] = combo
        self.problems = ProblemLabels(
            {
                "name": ui.name_problem,
                "email": ui.email_problem,
                "consent_scope": ui.consent_scope_problem,
                "consent_date": ui.consent_date_problem,
                "consent_review": ui.consent_review_problem,
                "equality": ui.equality_problem,
            },
            ui.form_problem,
        )
        self._loaded: Person | None = None
        self._as_shown: Person | None = None  # what the form read back once loaded
        # The note under the consent fields says what the choice means as it is made.
        ui.consent_scope_combo.currentIndexChanged.connect(self._consent_edited)
        ui.consent_review_edit.dateChanged.connect(self._consent_edited)

    def editing_widgets(self) -> list[QWidget]:
        ui = self.ui
        return [
            ui.name_edit,
            ui.hats_list,
            ui.organisation_edit,
            ui.languages_edit,
            ui.availability_edit,
            ui.email_edit,
            ui.phone_edit,
            ui.address_edit,
            ui.wants_list,
            ui.reciprocity_note_edit,
            ui.access_list,
            ui.accessibility_note_edit,
            ui.notes_edit,
            ui.consent_scope_combo,
            ui.consent_date_edit,
            ui.consent_review_edit,
            *self.equality_combos.values(),
            ui.save_button,
            ui.revert_button,
        ]

    def watched_widgets(self) -> list[QWidget]:
        """The widgets whose changes make the form hold unsaved edits."""
        buttons = (self.ui.save_button, self.ui.revert_button)
        return [widget for widget in self.editing_widgets() if widget not in buttons]

    @property
    def loaded(self) -> Person | None:
        return self._loaded

    def load(self, person: Person) -> None:
        """Show `person` (a new, unsaved one has no pseudonym yet)."""
        ui = self.ui
        self._loaded = person
        self.problems.clear()
        ui.name_edit.setText(person.name)
        ui.pseudonym_value.setText(person.pseudonym or "Given when the person is saved")
        set_checked_values(ui.hats_list, person.hats)
        ui.organisation_edit.setText(person.organisation)
        ui.languages_edit.setText(", ".join(person.languages))
        ui.availability_edit.setText(person.availability)
        ui.email_edit.setText(person.email)
        ui.phone_edit.setText(person.phone)
        ui.address_edit.setPlainText(person.address)
        set_checked_values(ui.wants_list, person.wants_in_return)
        ui.reciprocity_note_edit.setText(person.reciprocity_note)
        set_checked_values(ui.access_list, person.accessibility_needs)
        ui.accessibility_note_edit.setText(person.accessibility_note)
        ui.notes_edit.setPlainText(person.notes)
        set_combo_value(ui.consent_scope_combo, person.consent_scope)
        set_optional_date(ui.consent_date_edit, person.consent_date)
        set_optional_date(ui.consent_review_edit, person.consent_review)
        for key, combo in self.equality_combos.items():
            set_combo_value(combo, person.equality.get(key))
        self.show_consent_warning(person)
        # What the form reads back as shown (ticks in the list's order, words trimmed): the
        # baseline to spot the user's changes.
        self._as_shown = self.read()

    def read(self) -> Person:
        """Return the loaded person with what the form now says."""
        assert self._loaded is not None
        ui = self.ui
        return dataclasses.replace(
            self._loaded,
            name=ui.name_edit.text().strip(),
            hats=checked_values(ui.hats_list),
            organisation=ui.organisation_edit.text().strip(),
            languages=tuple(
                part.strip() for part in ui.languages_edit.text().split(",") if part.strip()
            ),
            availability=ui.availability_edit.text().strip(),
            email=ui.email_edit.text().strip(),
            phone=ui.phone_edit.text().strip(),
            address=ui.address_edit.toPlainText().strip(),
            wants_in_return=checked_values(ui.wants_list),
            reciprocity_note=ui.reciprocity_note_edit.text().strip(),
            accessibility_needs=checked_values(ui.access_list),
            accessibility_note=ui.accessibility_note_edit.text().strip(),
            notes=ui.notes_edit.toPlainText().strip(),
            consent_scope=combo_value(ui.consent_scope_combo),
            consent_date=optional_date(ui.consent_date_edit),
            consent_review=optional_date(ui.consent_review_edit),
            equality={
                key: combo.currentData()
                for key, combo in self.equality_combos.items()
                if combo.currentData() is not None
            },
        )

    def is_dirty(self) -> bool:
        """True when the form differs from the person as it was shown."""
        return self._loaded is not None and self.read() != self._as_shown

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.show(problems)
        if any(p.field == "equality" for p in problems):
            self.ui.equality_toggle.setChecked(True)

    def _consent_edited(self, *_args) -> None:
        """Show the note for the consent now chosen in the form, before it is saved."""
        if self._loaded is None:
            return
        review = optional_date(self.ui.consent_review_edit)
        shown = dataclasses.replace(
            self._loaded,
            consent_scope=combo_value(self.ui.consent_scope_combo),
            consent_review=review if isinstance(review, date) else self._loaded.consent_review,
        )
        self.show_consent_warning(shown)

    def show_consent_warning(self, person: Person) -> None:
        """Say what the person's consent means for who sees them, or that it is overdue."""
        warning = self.ui.consent_warning
        if person.consent_overdue(self.today):
            warning.setText(
                f"⚠ The consent review was due on {person.consent_review:%d/%m/%Y}. Ask them "
                "again, then record the new dates."
            )
            warning.setStyleSheet("color: #a4262c; font-weight: bold;")
        else:
            warning.setText(CONSENT_NOTES[person.consent_scope])
            warning.setStyleSheet("")
        warning.setVisible(bool(warning.text()))
