"""The Assets page: the community's groups, places and services, and who is connected to them."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMessageBox

from coprod_desktop.domain import (
    Access,
    AssetCategory,
    AssetConnection,
    AssetStatus,
    CommunityAsset,
    Person,
    Record,
    ValidationError,
)
from coprod_desktop.domain.validation import advice
from coprod_desktop.domain.vocabulary import AcvStatus
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.models.records import Column, RecordTableModel
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.session import AuditSession
from coprod_desktop.gui.settings import AppSettings
from coprod_desktop.gui.ui_loader import load_into
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
    set_editable,
    set_optional_date,
)
from coprod_desktop.gui.widgets.record_form import RecordForm
from coprod_desktop.store import AuditFileError

NAME, CATEGORY, STATUS, AREA, POSTCODE, ACCESSIBILITY = range(6)
WARNING_STATUSES = (AssetStatus.AT_RISK, AssetStatus.CLOSED)
MATCHES_SHOWN = 20  # people offered when connecting someone: enough to choose from
# The Asset of Community Value dates typed in the form (field name, as in the .ui: NAME_edit).
ACV_DATES = ("acv_nominated_on", "acv_listed_on", "acv_listing_ends", "acv_sale_notice_on")
NO_NOTICE = "No notice of sale"


def shown_date(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else ""


def asset_columns() -> tuple[Column[CommunityAsset], ...]:
    return (
        Column("Name", lambda a: a.name, "sort_name"),
        Column("Category", lambda a: a.category.label, "category"),
        Column(
            "Status",
            lambda a: a.status.label,
            "status",
            warning=lambda a: a.status in WARNING_STATUSES,
        ),
        Column("Area", lambda a: a.area, "area"),
        Column("Postcode", lambda a: a.postcode),
        Column("Accessibility", lambda a: ", ".join(access.label for access in a.accessibility)),
    )


class AssetsPage(RecordForm, Page):
    """The asset register: a table filtered by category, a form, and the people connected."""

    title = "Assets"
    object_name = "assets_page"
    shows = (CommunityAsset,)
    add_text = "Add asset"
    record_type = CommunityAsset
    noun = "asset"

    def __init__(self, session: AuditSession, settings: AppSettings, parent=None) -> None:
        super().__init__(session, settings, parent)
        self.ui = load_into("assets_page.ui", self)
        self._start_form()
        self._names: dict[str, str] = {}  # person id -> name, for the connections shown

        store = session.store
        self.model = RecordTableModel(
            store, CommunityAsset, asset_columns(), self, sort="sort_name"
        )
        self.connections = RecordTableModel(
            store,
            AssetConnection,
            (Column("Person", self._person_name), Column("Relation", lambda c: c.relation)),
            self,
        )
        self.connections.set_filters(asset_id="")  # no asset yet: no connections
        self._set_up_table()
        self._set_up_form()
        self._set_up_connections()

        session.changed.connect(self._on_changed)
        self._apply_read_only()
        self._load(None)
        self._show_count()

    # -- set-up ----------------------------------------------------------------------------

    def _set_up_table(self) -> None:
        ui = self.ui
        fill_combo(ui.category_filter, AssetCategory, none_text="All categories")
        ui.category_filter.currentIndexChanged.connect(self._on_filter_changed)
        ui.add_asset_button.clicked.connect(self.add_record)
        ui.add_asset_button.setEnabled(not self.session.read_only)

        table = self.table = ui.assets_table
        table.setModel(self.model)
        header = table.horizontalHeader()
        letters = table.fontMetrics().horizontalAdvance("x")
        header.setMinimumSectionSize(letters * 8)
        header.setResizeContentsPrecision(200)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column, width in ((NAME, 28), (AREA, 14), (ACCESSIBILITY, 24)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, letters * width)
        header.setStretchLastSection(True)
        header.setSortIndicator(NAME, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        # A sort reloads the model, which forgets the selection: show the asset again.
        header.sortIndicatorChanged.connect(self._reselect)
        table.selectionModel().currentRowChanged.connect(self._on_row_chosen)
        self.model.modelReset.connect(self._show_count)

    def _set_up_form(self) -> None:
        ui = self.ui
        fill_combo(ui.category_combo, AssetCategory)
        fill_combo(ui.status_combo, AssetStatus)
        fill_checklist(ui.access_list, Access)
        fill_combo(ui.acv_status_combo, AcvStatus)
        for row, status in enumerate(AcvStatus):
            ui.acv_status_combo.setItemData(row, status.description, Qt.ItemDataRole.ToolTipRole)
        for name in ACV_DATES:
            prepare_optional_date(self._date_edit(name), problem_label=self._date_problem(name))
        lines = ui.fontMetrics().lineSpacing()
        # Show a few rows of each list and of the description; the font decides the height.
        ui.access_list.setMinimumHeight(lines * 5)
        ui.access_list.setMaximumHeight(lines * 9)
        ui.description_edit.setMaximumHeight(lines * 7)
        ui.splitter.setSizes([560, 440])  # proportions: the table gets the larger share
        self.problems = ProblemLabels(
            {"name": ui.name_problem, **{n: self._date_problem(n) for n in ACV_DATES}},
            ui.problem_summary,
        )
        self._editors = (
            ui.name_edit,
            ui.category_combo,
            ui.status_combo,
            ui.area_edit,
            ui.postcode_edit,
            ui.contact_edit,
            ui.opening_edit,
            ui.access_list,
            ui.description_edit,
            ui.acv_status_combo,
            ui.acv_reference_edit,
            ui.acv_nominated_by_edit,
            *(self._date_edit(n) for n in ACV_DATES),
        )
        for edit in (
            ui.name_edit,
            ui.area_edit,
            ui.postcode_edit,
            ui.contact_edit,
            ui.acv_reference_edit,
            ui.acv_nominated_by_edit,
        ):
            edit.textChanged.connect(self._update_buttons)
            edit.returnPressed.connect(self.save)
        ui.opening_edit.textChanged.connect(self._update_buttons)
        ui.opening_edit.returnPressed.connect(self.save)
        ui.description_edit.textChanged.connect(self._update_buttons)
        ui.access_list.itemChanged.connect(self._update_buttons)
        for combo in (ui.category_combo, ui.status_combo, ui.acv_status_combo):
            combo.currentIndexChanged.connect(self._update_buttons)
        for name in ACV_DATES:
            self._date_edit(name).dateChanged.connect(self._update_buttons)
        # The dates the Act derives follow what is typed, before it is saved.
        ui.acv_status_combo.currentIndexChanged.connect(self._show_acv_dates)
        for name in ACV_DATES:
            self._date_edit(name).dateChanged.connect(self._show_acv_dates)
        ui.save_button.clicked.connect(self.save)
        ui.revert_button.clicked.connect(self.revert)

    def _set_up_connections(self) -> None:
        ui = self.ui
        table = ui.connections_table
        table.setModel(self.connections)
        table.setMinimumHeight(ui.fontMetrics().lineSpacing() * 6)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(self._update_connection_buttons)
        self.connections.modelReset.connect(self._update_connection_buttons)
        self._connection_problem = ProblemLabels({}, ui.connection_problem)
        ui.person_search_edit.textChanged.connect(self._find_people)
        ui.person_combo.currentIndexChanged.connect(self._update_connection_buttons)
        ui.relation_edit.returnPressed.connect(self.add_connection)
        ui.add_connection_button.clicked.connect(self.add_connection)
        ui.remove_connection_button.clicked.connect(self.remove_connection)
        self._connection_editors = (
            table,
            ui.person_search_edit,
            ui.person_combo,
            ui.relation_edit,
        )

    # -- the table -------------------------------------------------------------------------

    def _on_filter_changed(self) -> None:
        self.model.set_filters(category=combo_value(self.ui.category_filter))
        self._reselect()

    def _on_changed(self, record_type: type[Record]) -> None:
        if record_type is Person:
            self._names.clear()  # a name may have changed; a deleted person loses connections
            self.connections.reload()
        elif record_type is AssetConnection:
            self.connections.reload()
        elif record_type is CommunityAsset:
            self.model.reload()
            if self._current is not None and not self._is_dirty():
                # An undo or redo may have changed or removed the asset in the form.
                self._load(self.session.store.get(CommunityAsset, self._current.id))
            elif self._current is not None:
                self.connections.reload()  # deleting an asset takes its connections
            self._reselect()

    # -- the form --------------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        ui = self.ui
        return {
            "name": ui.name_edit.text().strip(),
            "category": combo_value(ui.category_combo),
            "status": combo_value(ui.status_combo),
            "area": ui.area_edit.text().strip(),
            "postcode": ui.postcode_edit.text().strip().upper(),
            "contact": ui.contact_edit.text().strip(),
            "opening_times": ui.opening_edit.text().strip(),
            "accessibility": checked_values(ui.access_list),
            "description": ui.description_edit.toPlainText().strip(),
            "acv_status": combo_value(ui.acv_status_combo),
            "acv_reference": ui.acv_reference_edit.text().strip(),
            "acv_nominated_by": ui.acv_nominated_by_edit.text().strip(),
            **{name: optional_date(self._date_edit(name)) for name in ACV_DATES},
        }

    def _blank(self) -> CommunityAsset:
        category = combo_value(self.ui.category_filter) or AssetCategory.ASSOCIATIONS
        return CommunityAsset(name="", category=category)

    def _fill(self, shown: CommunityAsset) -> None:
        ui = self.ui
        for edit, text in (
            (ui.name_edit, shown.name),
            (ui.area_edit, shown.area),
            (ui.postcode_edit, shown.postcode),
            (ui.contact_edit, shown.contact),
            (ui.opening_edit, shown.opening_times),
            (ui.acv_reference_edit, shown.acv_reference),
            (ui.acv_nominated_by_edit, shown.acv_nominated_by),
        ):
            edit.setText(text)
            edit.setCursorPosition(0)  # show the start of long text
        set_combo_value(ui.category_combo, shown.category)
        set_combo_value(ui.status_combo, shown.status)
        set_checked_values(ui.access_list, shown.accessibility)
        ui.description_edit.setPlainText(shown.description)
        set_combo_value(ui.acv_status_combo, shown.acv_status)
        for name in ACV_DATES:
            set_optional_date(self._date_edit(name), getattr(shown, name))
        self._show_acv_dates()

    # -- the Asset of Community Value group ------------------------------------------------

    def _date_edit(self, name: str):
        return getattr(self.ui, f"{name}_edit")

    def _date_problem(self, name: str):
        return getattr(self.ui, f"{name}_problem")

    def _show_acv_dates(self) -> None:
        """Show the dates worked out from those in the form: the listing end when none is
        given (as the field's placeholder), the moratoriums after a notice of sale."""
        ui = self.ui
        values = {name: optional_date(self._date_edit(name)) for name in ACV_DATES}
        status = combo_value(ui.acv_status_combo) or AcvStatus.NOT_NOMINATED
        typed = CommunityAsset(name="", category=AssetCategory.ASSOCIATIONS, acv_status=status)
        for name, value in values.items():
            # Text that is not a date yet works nothing out (and is refused on saving).
            setattr(typed, name, value if isinstance(value, date) else None)
        # An empty listing end shows the one worked out, greyed as a placeholder is.
        computed = typed.acv_listing_ends is None and values["acv_listing_ends"] is None
        ends = ui.acv_listing_ends_edit
        ends.setPlaceholderText(
            shown_date(typed.acv_listed_until) if typed.acv_listed_on else "Not set"
        )
        # A new placeholder makes Qt draw the field's hidden clear button: hide it again.
        ends.clear_action.setVisible(True)
        ends.clear_action.setVisible(bool(ends.text()))
        ui.acv_listing_ends_note.setText("Five years after listing" if computed else "")
        notice = typed.acv_sale_notice_on is not None
        ui.acv_interim_ends_edit.setText(
            shown_date(typed.acv_interim_moratorium_ends) if notice else NO_NOTICE
        )
        ui.acv_full_ends_edit.setText(
            shown_date(typed.acv_full_moratorium_ends) if notice else NO_NOTICE
        )
        said = advice(typed)
        ui.acv_advice.setText(" ".join(p.message[0].upper() + p.message[1:] for p in said))
        ui.acv_advice.setVisible(bool(said))

    def _after_load(self) -> None:
        # Connections first: disabling Save moves the focus on, to them if they are enabled.
        self._show_connections()

    # -- people connected to the asset -----------------------------------------------------

    def _person_name(self, connection: AssetConnection) -> str:
        name = self._names.get(connection.person_id)
        if name is None:
            person = self.session.store.get(Person, connection.person_id)
            name = self._names[connection.person_id] = person.name if person else "(removed)"
        return name

    def _show_connections(self) -> None:
        saved = self._current is not None
        self.connections.set_filters(asset_id=self._current.id if saved else "")
        self.ui.connections_note.setVisible(not saved and not self.session.read_only)
        set_editable(self._connection_editors, saved and not self.session.read_only)
        self.ui.connections_table.setEnabled(saved)  # reading connections is always allowed
        self._connection_problem.clear()
        self._update_connection_buttons()

    def _find_people(self, text: str) -> None:
        combo = self.ui.person_combo
        combo.clear()
        if text.strip():
            for person in self.session.store.page(
                Person, text=text, limit=MATCHES_SHOWN, sort="name"
            ):
                shown = f"{person.name} ({person.organisation})" if person.organisation else None
                combo.addItem(shown or person.name, person.id)
            if not combo.count():
                combo.addItem("No one found: try fewer letters", None)
        self._update_connection_buttons()

    def _update_connection_buttons(self) -> None:
        editable = self._current is not None and not self.session.read_only
        chosen = self.ui.connections_table.selectionModel().hasSelection()
        self.ui.remove_connection_button.setEnabled(editable and chosen)
        person_id = combo_value(self.ui.person_combo)
        self.ui.add_connection_button.setEnabled(editable and person_id is not None)

    def add_connection(self) -> None:
        """Connect the person chosen among the matches to the asset in the form."""
        person_id = combo_value(self.ui.person_combo)
        if self._current is None or person_id is None or self.session.read_only:
            return
        store = self.session.store
        if store.count(AssetConnection, asset_id=self._current.id, person_id=person_id):
            self._connection_problem.show([])
            self.ui.connection_problem.setText(
                "Not added: this person is already connected to the asset. Remove that "
                "connection first to change how they are connected."
            )
            return
        connection = AssetConnection(
            asset_id=self._current.id,
            person_id=person_id,
            relation=self.ui.relation_edit.text().strip(),
        )
        try:
            self.session.add(connection)
        except (ValidationError, AuditFileError) as error:
            self._connection_problem.show(getattr(error, "problems", []))
            self.ui.connection_problem.setText(f"Not added: {error}")
            return
        self._connection_problem.clear()
        self.ui.person_search_edit.clear()
        self.ui.relation_edit.clear()
        self.ui.person_search_edit.setFocus()  # ready for the next person

    def remove_connection(self) -> None:
        rows = self.ui.connections_table.selectionModel().selectedRows()
        connection = self.connections.record(rows[0].row()) if rows else None
        if connection is None or self.session.read_only:
            return
        self.session.delete(connection)  # undo brings it back: no need to ask

    # -- Edit menu hooks -------------------------------------------------------------------

    def add_record(self) -> None:
        if not self.can_add() or not self._leave_form():
            return
        self._load(None)
        self._select(None)
        self.ui.name_edit.setFocus()

    def delete_selected(self) -> None:
        if not self.can_delete():
            return
        asset = self._current
        count = self.session.store.count(AssetConnection, asset_id=asset.id)
        people = f" and its {number_of(count, 'connection')} to people" if count else ""
        answer = QMessageBox.question(
            self,
            "Delete asset",
            f"Delete the asset \u201c{asset.name}\u201d{people}? "
            "You can undo this with Edit > Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.delete(asset)
            self._load(None)

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        if record_type is not CommunityAsset:
            return False
        asset = self.session.store.get(CommunityAsset, record_id)
        if asset is None or not self._leave_form():
            return False
        if asset.category != combo_value(self.ui.category_filter):
            set_combo_value(self.ui.category_filter, None)  # show every category
        self._load(asset)
        self._select(asset.id)
        return True

    def focus_first(self) -> None:
        self.ui.assets_table.setFocus()
