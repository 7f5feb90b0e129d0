"""Page 2 of the import wizard, for partners' own sheets only: what the columns hold.

A tab per sheet (`sheet_tab.SheetMappingTab`), filled in with the importer's guesses or with
the choices confirmed last time for a sheet with the same headers: each column's field, the
values for the whole sheet, and what the sheet's own values become. The choices confirmed are
remembered in the settings. Its layout is `ui/import_mapping_page.ui`.

The values of the columns that our choices do not know ("Listed", "Yse") are looked for in
every row: at once for short sheets (kept whole when the file was read), in a worker thread
for longer ones, with progress and a Stop button. They are looked for when the page shows,
when a column's field changes, and before going on: values found then that were not on show
keep the user on the page to say what they become.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from coprod_desktop.gui.dialogs.exchange import PROBLEM, QUIET
from coprod_desktop.gui.importing.page import ImportPage
from coprod_desktop.gui.importing.reading import FileFacts, SheetFacts
from coprod_desktop.gui.importing.sheet_tab import SheetMappingTab
from coprod_desktop.gui.importing.work import reading_problem, values_work
from coprod_desktop.gui.workers import Cancelled

if TYPE_CHECKING:
    from coprod_desktop.gui.importing.wizard import ImportWizard

NEW_VALUES = (
    "Some values in your sheet are not among the audit's choices. Under “Values of your "
    "sheet that the audit does not know”, choose what each becomes (or leave it as a "
    "problem), then press Next."
)
AFTER_FAILURE = "Press Next to go on: the next page checks every row."
STOPPED = (
    "Stopped looking at the values. Press Next to go on: values that the audit does not know "
    "are listed as problems on the next page."
)


class MappingPage(ImportPage):
    LOOK_DELAY_MS = 400  # after a change of field, before a long sheet is read again

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard, "mapping_page", "import_mapping_page.ui")
        self.setTitle("What the columns hold")
        self.setSubTitle(
            "Say what each sheet holds and which field of the audit each of its columns fills."
        )
        self.tabs = self.ui.sheet_tabs
        self.problem_label = self.ui.problem_label
        self.problem_label.setStyleSheet(f"color: {PROBLEM};")
        self.problem_label.hide()
        self.work = self.work_panel("Looking at the values of the sheets")
        self.stop_button = self.ui.stop_button
        self.stop_button.hide()
        self.stop_button.clicked.connect(self.work.cancel)
        self.work.done.connect(self._looked)
        self.work.failed.connect(self._not_looked)
        self.sheet_tabs: dict[str, SheetMappingTab] = {}
        self._shown_for: FileFacts | None = None
        self._looked_for = ""  # the columns whose values are on show (see _signature)
        self._looking_for = ""  # the columns the worker is looking at
        self._stopped_for = ""  # the columns the user stopped looking at
        self._go_on = False  # Next was pressed: go on once the values are known
        self._look_later = QTimer(self)
        self._look_later.setSingleShot(True)
        self._look_later.setInterval(self.LOOK_DELAY_MS)
        self._look_later.timeout.connect(self.look)

    def initializePage(self) -> None:
        facts = self.wizard_.facts
        if facts is None or facts is self._shown_for:
            self.look()  # if it was stopped by going back to the file
            return  # keep what the user chose
        self._shown_for = facts
        self.tabs.clear()
        for tab in self.sheet_tabs.values():
            tab.deleteLater()
        self.sheet_tabs = {}
        for sheet in facts.sheets:
            tab = SheetMappingTab(sheet, self._saved(sheet), self.tabs)
            self.tabs.addTab(tab, sheet.name)
            self.sheet_tabs[sheet.name] = tab
            tab.columns_changed.connect(self._columns_changed)
        self.problem_label.hide()
        self._looked_for = self._stopped_for = ""
        self.work.say("")
        self.tabs.setCurrentIndex(0)
        if self.sheet_tabs:
            next(iter(self.sheet_tabs.values())).entity_combo.setFocus()
        self.look()

    def cleanupPage(self) -> None:
        self._look_later.stop()
        self._go_on = False
        self.work.cancel()  # back to the file: nothing to look at any more

    def tab(self, sheet: str) -> SheetMappingTab:
        return self.sheet_tabs[sheet]

    def _saved(self, sheet: SheetFacts):
        from coprod_desktop.exchange.importing.importer import ImportMapping

        text = self.wizard_.settings.import_mapping(sheet.key)
        if not text:
            return None
        try:
            mapping = ImportMapping.from_json(json.loads(text))
        except (ValueError, TypeError, KeyError):
            return None  # from an older version, or damaged: guess again
        if not mapping.sheets:
            return None
        return next(iter(mapping.sheets.values()))

    def mapping(self, *, with_values: bool = True):
        """The ImportMapping of the choices shown (without the values mapped, to look for
        every value our choices do not know)."""
        from coprod_desktop.exchange.importing.importer import ImportMapping, SheetMapping

        return ImportMapping(
            sheets={
                name: SheetMapping(
                    entity=tab.entity,
                    columns=tab.columns(),
                    fixed=tab.fixed(),
                    values=tab.values() if with_values else {},
                )
                for name, tab in self.sheet_tabs.items()
            }
        )

    # -- looking at the values -------------------------------------------------------------

    def _signature(self) -> str:
        """What the values looked for depend on: what each sheet holds and its columns."""
        return json.dumps(
            {name: [tab.entity, tab.columns()] for name, tab in self.sheet_tabs.items()},
            sort_keys=True,
        )

    def _columns_changed(self) -> None:
        self._go_on = False  # still choosing
        if self._kept:
            self.look()
        else:
            self._look_later.start()

    @property
    def _kept(self) -> bool:
        facts = self.wizard_.facts
        return facts is not None and facts.kept

    def look(self) -> None:
        """Look for the values our choices do not know, for the columns as chosen now."""
        self._look_later.stop()
        facts = self.wizard_.facts
        signature = self._signature()
        if facts is None or not self.sheet_tabs or signature == self._looked_for:
            return
        if self._kept:
            self._look_now(signature)
            return
        if self.work.running:
            if self._looking_for != signature:
                self.work.cancel()  # then looked for again, for the columns as they are
            return
        self._looking_for = signature
        self.stop_button.show()
        self.work.run(
            f"Looking at the values in {facts.path.name}…",
            values_work(facts.path, self.mapping(with_values=False)),
        )

    def _look_now(self, signature: str) -> bool:
        """Look through the sheets kept whole (quick); return whether new values came up."""
        from coprod_desktop.exchange.importing.value_mapping import unknown_values
        from coprod_desktop.gui.importing.kept_sheets import KeptSheets

        found = unknown_values(KeptSheets(self.wizard_.facts), self.mapping(with_values=False))
        return self._show_found(found, signature)

    def _show_found(self, found: dict[str, dict[str, list[str]]], signature: str) -> bool:
        """Show the values found; return whether some were not on show before."""
        self._looked_for = signature
        new_in = []
        for name, tab in self.sheet_tabs.items():
            before = tab.theirs.shown_values()
            tab.show_unknown(found.get(name, {}))
            if tab.theirs.shown_values() - before:
                new_in.append(tab)
        if new_in and self.tabs.currentWidget() not in new_in:
            self.tabs.setCurrentWidget(new_in[0])
        return bool(new_in)

    def _looked(self, found) -> None:
        self.stop_button.hide()
        self.work.say("")
        signature, self._looking_for = self._looking_for, ""
        self.wizard_.work_ended()
        if self.wizard_.closing:
            return
        if signature != self._signature():  # the columns changed meanwhile: look again
            self._show_found(found, signature)
            self._looked_for = ""
            self.look()
            return
        new = self._show_found(found, signature)
        if self._go_on:
            self._go_on = False
            if new:
                self._say(NEW_VALUES)
            elif self.isVisible():
                self.wizard_.next()

    def _not_looked(self, error: BaseException) -> None:
        self.stop_button.hide()
        signature, self._looking_for = self._looking_for, ""
        self.wizard_.work_ended()
        if isinstance(error, Cancelled):
            if self.wizard_.currentPage() is not self:
                self.work.say("")  # back to the file: looked for again on coming back
                return
            if signature != self._signature() and not self.wizard_.closing:
                self.work.say("")
                self.look()  # stopped for a change of field: look for the columns as now
                return
            self._stopped_for = signature
            self._go_on = False
            self.work.say(STOPPED, QUIET)
        else:
            self._go_on = False
            path = str(self.wizard_.path or "")
            self.work.say(f"{reading_problem(error, path)} {AFTER_FAILURE}", PROBLEM)
            self._stopped_for = signature  # the preview checks every row again

    # -- going on --------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def validatePage(self) -> bool:
        problems = [p for tab in self.sheet_tabs.values() for p in tab.problems()]
        if self.sheet_tabs and all(not tab.entity for tab in self.sheet_tabs.values()):
            problems.insert(
                0, "Every sheet is set to “Nothing to import”: choose what at least one holds."
            )
        if problems:
            self._say("\n".join(problems))
            return False
        signature = self._signature()
        if signature not in (self._looked_for, self._stopped_for):
            if self._kept:
                if self._look_now(signature):
                    self._say(NEW_VALUES)
                    return False
            else:
                self._say("")
                self._go_on = True
                self.look()  # goes on when the values are known
                return False
        self._say("")
        mapping = self.mapping()
        self.wizard_.mapping = mapping
        self._remember(mapping)
        return True

    def _remember(self, mapping) -> None:
        from coprod_desktop.exchange.importing.importer import ImportMapping

        for name, tab in self.sheet_tabs.items():
            one = ImportMapping(sheets={name: mapping.sheets[name]})
            self.wizard_.settings.set_import_mapping(
                tab.facts.key, json.dumps(one.to_json(), ensure_ascii=False)
            )
