"""Page 2 of the import wizard, for partners' own sheets only: what the columns hold.

A tab per sheet (`sheet_tab.SheetMappingTab`), filled in with the importer's guesses or with
the choices confirmed last time for a sheet with the same headers. The choices confirmed are
remembered in the settings. Its layout is `ui/import_mapping_page.ui`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from coprod_desktop.gui.dialogs.exchange import PROBLEM
from coprod_desktop.gui.importing.page import ImportPage
from coprod_desktop.gui.importing.reading import FileFacts, SheetFacts
from coprod_desktop.gui.importing.sheet_tab import SheetMappingTab

if TYPE_CHECKING:
    from coprod_desktop.gui.importing.wizard import ImportWizard


class MappingPage(ImportPage):
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
        self.sheet_tabs: dict[str, SheetMappingTab] = {}
        self._shown_for: FileFacts | None = None

    def initializePage(self) -> None:
        facts = self.wizard_.facts
        if facts is None or facts is self._shown_for:
            return  # back from the preview: keep what the user chose
        self._shown_for = facts
        self.tabs.clear()
        for tab in self.sheet_tabs.values():
            tab.deleteLater()
        self.sheet_tabs = {}
        for sheet in facts.sheets:
            tab = SheetMappingTab(sheet, self._saved(sheet), self.tabs)
            self.tabs.addTab(tab, sheet.name)
            self.sheet_tabs[sheet.name] = tab
        self.problem_label.hide()
        self.tabs.setCurrentIndex(0)
        if self.sheet_tabs:
            next(iter(self.sheet_tabs.values())).entity_combo.setFocus()

    def tab(self, sheet: str) -> SheetMappingTab:
        return self.sheet_tabs[sheet]

    def _saved(self, sheet: SheetFacts) -> tuple[str, dict[str, str]] | None:
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
        saved = next(iter(mapping.sheets.values()))
        return saved.entity, dict(saved.columns)

    def mapping(self):
        """The ImportMapping of the choices shown."""
        from coprod_desktop.exchange.importing.importer import ImportMapping, SheetMapping

        return ImportMapping(
            sheets={
                name: SheetMapping(entity=tab.entity, columns=tab.columns())
                for name, tab in self.sheet_tabs.items()
            }
        )

    def validatePage(self) -> bool:
        problems = [p for tab in self.sheet_tabs.values() for p in tab.problems()]
        if self.sheet_tabs and all(not tab.entity for tab in self.sheet_tabs.values()):
            problems.insert(
                0, "Every sheet is set to “Nothing to import”: choose what at least one holds."
            )
        if problems:
            self.problem_label.setText("\n".join(problems))
            self.problem_label.show()
            return False
        self.problem_label.hide()
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
