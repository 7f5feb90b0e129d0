"""The window's dialogs: messages, questions, file choosers, new audit, help and about.

Questions and file choosers run modally with `exec()`; tests answer them by acting on
`QApplication.activeModalWidget()`. Error messages open without blocking (`open()`), so the
window stays usable and a test can read them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from coprod_desktop import __version__
from coprod_desktop.domain.wording import sentence
from coprod_desktop.gui.screen_fit import fit_dialog
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_ui

if TYPE_CHECKING:
    from coprod_desktop.domain import Audit, ValidationError

AUDIT_FILTER = "Coprod audits (*.coprod)"


def show_error(parent: QWidget, title: str, message: str, advice: str = "") -> QMessageBox:
    """Show a problem the user can act on; returns at once (the box is window-modal)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok)
    box.setObjectName("error_message")
    box.setParent(parent, box.windowFlags())
    if advice:
        box.setInformativeText(advice)
    box.setAccessibleName(title)
    box.open()
    return box


def show_info(parent: QWidget, title: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok)
    box.setObjectName("info_message")
    box.setParent(parent, box.windowFlags())
    box.open()
    return box


def confirm(parent: QWidget, title: str, question: str, yes_text: str) -> bool:
    """Ask before something the user may regret; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def choose_file(
    parent: QWidget,
    settings: AppSettings,
    *,
    purpose: str,
    caption: str,
    name_filter: str,
    suffix: str,
    save: bool,
    suggested_name: str = "",
) -> Path | None:
    """Ask for a file to open or save, starting in the folder last used for `purpose`.

    A name saved without the `suffix` gets it. Returns None when the user cancels.
    """
    folder = settings.last_folder(purpose) or str(Path.home())
    start = str(Path(folder) / suggested_name) if suggested_name else folder
    dialog = QFileDialog(parent, caption, start, name_filter)
    dialog.setObjectName("file_dialog")
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(suffix)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    path = Path(dialog.selectedFiles()[0])
    if save and path.suffix.lower() != f".{suffix}":
        path = path.with_name(f"{path.name}.{suffix}")
    settings.set_last_folder(purpose, path.parent)
    return path


def choose_audit_to_open(parent: QWidget, settings: AppSettings) -> Path | None:
    return choose_file(
        parent,
        settings,
        purpose="audits",
        caption="Open audit",
        name_filter=AUDIT_FILTER,
        suffix="coprod",
        save=False,
    )


def choose_audit_to_save(
    parent: QWidget, settings: AppSettings, caption: str, suggested_name: str
) -> Path | None:
    return choose_file(
        parent,
        settings,
        purpose="audits",
        caption=caption,
        name_filter=AUDIT_FILTER,
        suffix="coprod",
        save=True,
        suggested_name=suggested_name,
    )


def ask_new_audit(parent: QWidget) -> Audit | None:
    """Ask for the new audit's title and details; None if the user cancels."""
    from coprod_desktop.domain import Audit, problems

    dialog = load_ui("new_audit_dialog.ui", parent)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText("Choose where to save…")
    dialog.buttons.rejected.connect(dialog.reject)
    dialog.problem_label.hide()
    fit_dialog(dialog)
    result: list[Audit] = []

    def accept() -> None:
        audit = Audit(
            title=dialog.title_edit.text().strip(),
            organisation=dialog.organisation_edit.text().strip(),
            area=dialog.area_edit.text().strip(),
            purpose=dialog.purpose_edit.toPlainText().strip(),
        )
        found = problems(audit)
        if found:
            dialog.problem_label.setText(" ".join(sentence(p.message) for p in found))
            dialog.problem_label.show()
            dialog.title_edit.setFocus()
            return
        result.append(audit)
        dialog.accept()

    dialog.buttons.accepted.connect(accept)
    dialog.exec()
    dialog.deleteLater()
    return result[0] if result else None


def validation_message(error: ValidationError) -> str:
    return " ".join(sentence(p.message) for p in error.problems)


# -- help ---------------------------------------------------------------------------------------


def coproduction_help_html(settings: AppSettings) -> str:
    """Return "What is co-production?": the idea, how to go through the audit journey, then
    the six elements in the user's naming, the ladder and the checklist."""
    from coprod_desktop.domain import Element, Naming

    parts = [
        "<h2>What is co-production?</h2>",
        "<p>Co-production means people who use services, their carers and communities work "
        "with staff as <b>equal partners</b>: at every stage, from setting priorities to "
        "judging what worked, sharing decisions and seeing the work through.</p>",
        "<p>This audit records who takes part and what they bring, and shows how the work "
        "builds the six elements of co-production below.</p>",
        how_to_html(),
        "<h3>The six elements</h3>",
    ]
    for element in Element:
        info = element.info
        other_name = info.lga_name if settings.naming is Naming.NEF else info.nef_name
        parts.append(
            f"<h4>{settings.element_name(element)}</h4>"
            f"<p><i>{info.summary}</i> {info.explanation}</p>"
            f"<p style='color:#555'>Also known as: {other_name}</p>"
        )
    parts.append(
        "<h3>The ladder of co-production</h3><p>Each role sits on a rung of the ladder: "
        "<b>doing to</b> (coercion, educating), <b>doing for</b> (informing, consultation, "
        "engagement) and <b>doing with</b> (co-design, co-production).</p>"
    )
    parts.append("<h3>The equal-partner checklist</h3>" + checklist_rules_html())
    return "".join(parts)


# The audit journey (DESIGN.md), step by step: what to do, and where in the window.
HOW_TO_STEPS = (
    (
        "Set up",
        "On the <b>Overview</b> (Ctrl+1), press <b>Edit audit details</b> and write the "
        "purpose, the area and who runs the audit. Then press <b>Area's reference "
        "population</b> and type in the shares of the area's people by group, or take them "
        "from a CSV file of the census figures.",
    ),
    (
        "People and what they bring",
        "On the <b>People</b> page (Ctrl+2), add each person with the hats they wear and "
        "their consent, then their capabilities: what they know, care about and can do "
        "(“what's strong, not what's wrong”).",
    ),
    (
        "Community assets",
        "On the <b>Assets</b> page (Ctrl+3), add the groups, places, services and other "
        "assets the community can draw on.",
    ),
    (
        "Link them to the six elements",
        "On the <b>Six elements</b> page (Ctrl+4), link people, capabilities and assets to "
        "the elements they build, with how strongly and why.",
    ),
    (
        "Roles",
        "On the <b>Roles</b> page (Ctrl+5), record who takes part at each stage of the work, "
        "on which rung of the ladder, and whether they share the decisions.",
    ),
    (
        "Self-assessment",
        "On the <b>Self-assessment</b> page (Ctrl+6), rate each element and principle with "
        "your partners, then do it again a few months later to see what changed.",
    ),
    (
        "Gaps and actions",
        "Read what the <b>Overview</b> finds missing and who the audit is leaving out, then "
        "on the <b>Actions</b> page (Ctrl+7) write down what the team will do, who does it "
        "and by when.",
    ),
    (
        "Share",
        "Use <b>File › Export to Excel</b> (Ctrl+E) for a workbook for partners, <b>File › "
        "New partner template</b> for them to fill in, and the <b>Reports</b> page (Ctrl+8) "
        "to export the PDF report or print it (<b>File › Print</b>, Ctrl+P). Choose who each "
        "is for: only what they may see goes in. The Overview lists what has been shared.",
    ),
)


def how_to_html() -> str:
    """Return the "How to" part of the help: the eight steps of the audit journey."""
    steps = "".join(f"<li><b>{title}.</b> {text}</li>" for title, text in HOW_TO_STEPS)
    return (
        "<h3>How to: the audit journey</h3><p>The Overview shows where the audit stands on "
        "these eight steps; each step's button there opens the page that does it.</p>"
        f"<ol>{steps}</ol>"
    )


def checklist_rules_html() -> str:
    """Return the rules of the three answers, as the help text gives them."""
    import html

    from coprod_desktop.analysis.checklist import QUESTIONS, RULES
    from coprod_desktop.analysis.stages import STAFF_RULE

    parts = [
        f"<p><b>{number}. {html.escape(question)}</b><br>{html.escape(rule)}</p>"
        for number, (question, rule) in enumerate(zip(QUESTIONS, RULES, strict=True), start=1)
    ]
    return "".join(parts) + f"<p>{html.escape(STAFF_RULE)}</p>"


def about_text() -> str:
    return (
        f"<h2>Coprod Desktop {__version__}</h2>"
        "<p>Co-production audits: people's capabilities, community assets, the six elements "
        "of co-production and equal-partner roles.</p>"
        "<p>Everything stays on this computer, in the audit file you choose. It works "
        "without the internet.</p>"
    )
