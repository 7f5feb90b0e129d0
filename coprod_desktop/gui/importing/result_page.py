"""Page 4 of the import wizard: the import itself, in one transaction, then a summary.

The import is saved at once like every edit, and it is one step of Edit › Undo. Its layout is
`ui/import_result_page.ui`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWizard

from coprod_desktop.domain import records as r
from coprod_desktop.domain.wording import noun_for, number_of
from coprod_desktop.gui.dialogs.exchange import PROBLEM, QUIET
from coprod_desktop.gui.importing.page import ImportPage
from coprod_desktop.gui.importing.work import import_problem, import_work
from coprod_desktop.gui.workers import Cancelled

if TYPE_CHECKING:
    from coprod_desktop.gui.importing.wizard import ImportWizard

# Every record type an import can add or change: the pages hear of each after an import.
IMPORTED_TYPES: tuple[type[r.Record], ...] = (
    r.Person,
    r.Capability,
    r.CommunityAsset,
    r.AssetConnection,
    r.ElementLink,
    r.Role,
    r.AssessmentRound,
    r.AssessmentRating,
    r.Action,
)


class ResultPage(ImportPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "result_page", "import_result_page.ui")
        self.setTitle("Importing")
        self.work = self.work_panel("Importing")
        self.summary = self.ui.summary_label
        self.work.done.connect(self._imported)
        self.work.failed.connect(self._not_imported)

    def initializePage(self) -> None:
        wizard = self.wizard_
        plan = wizard.plan
        work = import_work(wizard.session.store, plan, valid_only=wizard.preview_page.valid_only)
        self.summary.clear()
        self.setTitle("Importing")
        self.work.run(f"Importing {plan.path.name}… (Cancel stops it; nothing is kept)", work)
        self.completeChanged.emit()
        # Cancel stops the import while it runs (nothing is kept); afterwards only Done.
        wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)

    def isComplete(self) -> bool:
        return not self.work.running

    def _imported(self, result) -> None:
        wizard = self.wizard_
        wizard.result = result
        self.work.say("")
        self.setTitle("Imported")
        self.summary.setText(result_text(wizard.plan, result))
        self.summary.setAccessibleName(self.summary.text())
        wizard.session.imported(result, IMPORTED_TYPES)  # one step of Edit › Undo
        wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.completeChanged.emit()
        wizard.imported.emit(result)
        wizard.work_ended()
        wizard.button(QWizard.WizardButton.FinishButton).setFocus()

    def _not_imported(self, error: BaseException) -> None:
        wizard = self.wizard_
        self.setTitle("Not imported")
        if isinstance(error, Cancelled):
            text = "The import was stopped. Nothing was imported: the audit is as it was."
        else:
            text = import_problem(error)
        self.work.say(text, PROBLEM if not isinstance(error, Cancelled) else QUIET)
        wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.completeChanged.emit()
        wizard.work_ended()


def result_text(plan, result) -> str:
    """The summary after the import: what was added and changed, sheet by sheet."""
    added = _counts(getattr(result, "added", {}))
    changed = _counts(getattr(result, "changed", {}))
    lines = []
    for sheet in dict.fromkeys([*added, *changed]):
        a, c = added.get(sheet, 0), changed.get(sheet, 0)
        if a or c:
            lines.append(f"{sheet}: {a:,} added, {c:,} changed.")
    total = sum(added.values()) + sum(changed.values())
    name = plan.path.name if plan is not None else "the spreadsheet"
    head = (
        f"The rows of {name} are in the audit." if total else f"Nothing in {name} needed importing."
    )
    skipped = len({(p.sheet, p.row) for p in plan.problems if p.severity == "error"}) if plan else 0
    were = noun_for(skipped, "was", "were")
    tail = (
        [
            f"{number_of(skipped, 'row')} with problems {were} left out: correct "
            f"{noun_for(skipped, 'it', 'them')} in the file and import it again (the rows "
            "imported now are recognised then, not added twice)."
        ]
        if skipped and total
        else []
    )
    if total:
        tail.append("Edit › Undo (Ctrl+Z) in the main window takes this whole import back.")
    return "\n".join([head, *lines, *tail])


def _counts(value: Any) -> dict[str, int]:
    if isinstance(value, dict):
        return {str(k): int(v) for k, v in value.items()}
    if isinstance(value, int):
        return {"Rows": value}
    return {}
