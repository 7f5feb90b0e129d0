"""The Six elements page: a matrix of links from people, capabilities or assets to the elements.

Above the matrix a strip shows how well each element is covered and which are thin. Choosing a
cell shows the link in a side panel (strength and evidence); typing 0 to 3 on a cell sets the
strength at once and Delete removes the link. Every edit goes through the session, so it is
saved at once and can be undone.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
)

from coprod_desktop.analysis.coverage import THIN_RULE, ElementCoverage, element_coverage
from coprod_desktop.domain import (
    Capability,
    CommunityAsset,
    Element,
    ElementLink,
    Person,
    Record,
    ValidationError,
)
from coprod_desktop.domain.vocabulary import STRENGTH_LABELS
from coprod_desktop.domain.wording import number_of
from coprod_desktop.gui.models.element_matrix import ElementMatrixModel, RowKind
from coprod_desktop.gui.pages.base import Page
from coprod_desktop.gui.ui_loader import load_into
from coprod_desktop.gui.unsaved import CurrentCellGuard
from coprod_desktop.gui.widgets.forms import ProblemLabels, set_editable

NO_LINK = -1  # the strength drop-down's "No link"
STRENGTH_KEYS = {
    Qt.Key.Key_0: 0,
    Qt.Key.Key_1: 1,
    Qt.Key.Key_2: 2,
    Qt.Key.Key_3: 3,
}
DELETE_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Edits to these change what the matrix rows or the coverage show.
ROW_TYPES = (Person, Capability, CommunityAsset)
THIN_STYLE = "QFrame#coverage_box { background: #fdf0e6; border: 1px solid #c45c00; }"
WELL_STYLE = "QFrame#coverage_box { border: 1px solid palette(mid); }"


class HeatMapDelegate(QStyledItemDelegate):
    """Draws the chosen cell with a thick frame instead of a fill, so its colour stays seen."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected
        plain.state &= ~QStyle.StateFlag.State_HasFocus
        if selected:  # the view has already filled the row's highlight behind the cell
            painter.fillRect(option.rect, option.palette.base())
        super().paint(painter, plain, index)
        if selected:
            width = max(2, option.fontMetrics.height() // 6)
            painter.save()
            painter.setPen(QPen(option.palette.highlight().color(), width))
            painter.drawRect(option.rect.adjusted(width // 2, width // 2, -width, -width))
            painter.restore()


class ElementsPage(Page):
    """Link people, capabilities and assets to the six elements, and see which are thin."""

    title = "Six elements"
    object_name = "elements_page"

    def __init__(self, session, settings, parent=None) -> None:
        super().__init__(session, settings, parent)
        self.ui = load_into("elements_page.ui", self)
        ui = self.ui
        self.model = ElementMatrixModel(session.store, settings.element_name, self)
        self.view = ui.matrix_view
        self._cell_guard = CurrentCellGuard()
        self._panel_key: tuple | None = None  # (record id, element, title) in the side panel
        self._panel_baseline: tuple[object, str] = (None, "")  # as shown, to spot typing
        self._panel_index = QPersistentModelIndex()  # the cell the side panel shows
        self.view.setModel(self.model)
        self._set_up_view()
        self._problems = ProblemLabels(
            {"strength": ui.strength_problem, "evidence": ui.evidence_problem},
            ui.problem_summary,
        )
        ui.strength_combo.addItem("No link", NO_LINK)
        for strength, label in STRENGTH_LABELS.items():
            ui.strength_combo.addItem(f"{strength} {label}", strength)
        ui.thin_rule.setText(THIN_RULE)
        ui.summary_box.setToolTip(THIN_RULE)
        self._coverage_labels: dict[Element, tuple[QFrame, QLabel]] = {}
        self._build_summary_strip()
        self._coverage_timer = QTimer(self, singleShot=True, interval=0)
        self._coverage_timer.timeout.connect(self._show_coverage)

        ui.people_radio.toggled.connect(lambda on: on and self._show_rows(RowKind.PEOPLE))
        ui.capabilities_radio.toggled.connect(
            lambda on: on and self._show_rows(RowKind.CAPABILITIES)
        )
        ui.assets_radio.toggled.connect(lambda on: on and self._show_rows(RowKind.ASSETS))
        ui.filter_edit.textChanged.connect(self.model.set_text)
        ui.save_button.clicked.connect(self.save_link)
        ui.evidence_edit.textChanged.connect(self.pending_changed)
        ui.strength_combo.currentIndexChanged.connect(self.pending_changed)
        save_shortcut = QShortcut(QKeySequence("Ctrl+Return"), ui.evidence_edit)
        save_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        save_shortcut.activated.connect(self.save_link)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._show_current)
        session.changed.connect(self._session_changed)
        settings.naming_changed.connect(self._naming_changed)

        self._show_read_only()
        self._show_current()
        # Counted once the matrix is on screen: on a large audit that takes a moment.
        self._coverage_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_summary)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self, lambda: self._fit_summary(grow_only=True))

    def _fit_summary(self, grow_only: bool = False) -> None:
        """Give the coverage strip the height its text needs and the matrix the rest."""
        splitter = self.ui.vertical_splitter
        box = self.ui.summary_box
        box.layout().invalidate()  # forget heights measured for the previous text
        needed = box.layout().totalHeightForWidth(box.width())
        if needed <= 0:
            needed = box.minimumSizeHint().height()
        sizes = splitter.sizes()
        if grow_only and sizes[0] >= needed:
            return  # keep what the user dragged the strip to
        total = sum(sizes)
        splitter.setSizes([needed, max(0, total - needed)])

    # -- Page hooks ------------------------------------------------------------------------

    def can_delete(self) -> bool:
        return not self.session.read_only and self.current_link() is not None

    def delete_selected(self) -> None:
        """Remove the chosen link (no question asked: Undo brings it back)."""
        self.set_strength(NO_LINK)

    def show_record(self, record_type: type[Record], record_id: str) -> bool:
        kinds = {Person: RowKind.PEOPLE, Capability: RowKind.CAPABILITIES}
        kinds[CommunityAsset] = RowKind.ASSETS
        kind = kinds.get(record_type)
        if kind is None:
            return False
        self._radio(kind).setChecked(True)
        self.ui.filter_edit.clear()
        row = self.model.position_of(record_id)
        if row is None:
            return False
        index = self.model.index(row, self.model.column_of(Element.CAPABILITIES))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def focus_first(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what is chosen --------------------------------------------------------------------

    def current_element(self) -> Element | None:
        index = self.view.currentIndex()
        return self.model.element_of(index.column()) if index.isValid() else None

    def current_link(self) -> ElementLink | None:
        index = self.view.currentIndex()
        element = self.current_element()
        return self.model.link(index.row(), element) if element else None

    # -- edits -----------------------------------------------------------------------------

    def save_link(self) -> bool:
        """Save the strength and evidence in the side panel for the chosen cell."""
        return self._write(self.ui.strength_combo.currentData(), self.ui.evidence_edit)

    def set_strength(self, strength: int) -> bool:
        """Set the chosen cell's strength at once (NO_LINK removes the link)."""
        return self._write(strength, self.ui.evidence_edit)

    def _write(self, strength: int, evidence_edit) -> bool:
        # The cell the side panel shows: when another cell has just been chosen, what was
        # typed belongs to the one before.
        shown = self._panel_index
        index = (
            self.model.index(shown.row(), shown.column())
            if shown.isValid()
            else self.view.currentIndex()
        )
        element = self.model.element_of(index.column()) if index.isValid() else None
        if self.session.read_only or element is None:
            return False
        row = self.model.row(index.row())
        if row is None:
            return False
        existing = row.links.get(element)
        evidence = evidence_edit.toPlainText()
        target = {self.model.kind.link_field: row.record.id}
        self._problems.clear()
        before = self._panel_baseline
        # Saved from here on: the matrix reloads (and refills the panel) while it is written.
        combo = self.ui.strength_combo
        combo.setCurrentIndex(combo.findData(strength))
        self._panel_baseline = (strength, evidence)
        try:
            if strength == NO_LINK:
                if existing is not None:
                    self.session.delete(existing)
            elif existing is None:
                link = ElementLink(element=element, strength=strength, evidence=evidence, **target)
                self.session.add(link)
            else:
                self.session.update(
                    dataclasses.replace(existing, strength=strength, evidence=evidence)
                )
        except ValidationError as error:
            self._panel_baseline = before
            self._problems.show(error.problems)
            return False
        self.ui.saved_label.setText(self._saved_text(strength, element))
        self.pending_changed.emit()
        return True

    def _saved_text(self, strength: int, element: Element) -> str:
        name = self.settings.element_name(element)
        if strength == NO_LINK:
            return f"Link to {name} removed. Edit > Undo brings it back."
        return f"Saved: {STRENGTH_LABELS[strength]} link to {name}."

    # -- keyboard on the matrix ------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            return self._matrix_key(event)
        if watched is self.view and event.type() == QEvent.Type.FocusIn:
            self._choose_first_cell()
        if watched is self.view and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._fit_name_column)  # after the viewport has its new size
        if (
            watched is self.ui.evidence_edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):  # back to the matrix, where the user was
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _choose_first_cell(self) -> None:
        """Start at the first element cell, not on a name, so that typing 0-3 works at once."""
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            first = self.model.index(0, self.model.column_of(Element.CAPABILITIES))
            self.view.setCurrentIndex(first)

    def _matrix_key(self, event: QKeyEvent) -> bool:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if not plain or self.current_element() is None:
            return False
        key = event.key()
        if key in STRENGTH_KEYS:
            self.set_strength(STRENGTH_KEYS[key])
            return True
        if key in DELETE_KEYS:
            self.set_strength(NO_LINK)
            return True
        if key in ENTER_KEYS:
            self.ui.evidence_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return False

    # -- showing ---------------------------------------------------------------------------

    def _set_up_view(self) -> None:
        view = self.view
        view.installEventFilter(self)
        self.ui.evidence_edit.installEventFilter(self)
        view.verticalHeader().setVisible(False)
        view.setItemDelegate(HeatMapDelegate(view))
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = view.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setHighlightSections(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._name_width = 0
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 1)
        # The matrix takes the height the coverage strip leaves; dragging gives it more.
        self.ui.vertical_splitter.setStretchFactor(0, 0)
        self.ui.vertical_splitter.setStretchFactor(1, 1)
        self._size_columns()

    def _size_columns(self) -> None:
        """Give the element columns room for "Moderate" and the header room for long names."""
        metrics = self.view.fontMetrics()
        header = self.view.horizontalHeader()
        element_width = max(metrics.horizontalAdvance("Moderate"), metrics.averageCharWidth() * 10)
        element_width += 2 * metrics.averageCharWidth()
        label_widths = {"Capability": 22, "Kind": 14, "Whose": 14, "Category": 14}
        for column in range(self.model.columnCount()):
            if self.model.element_of(column) is not None:
                header.resizeSection(column, element_width)
            else:
                title = self.model.label_columns[column].title
                chars = label_widths.get(title, 20)
                header.resizeSection(column, metrics.averageCharWidth() * chars)
        self._name_width = header.sectionSize(0)
        self._fit_name_column()
        longest = max(
            (self.settings.element_name(element) for element in Element),
            key=len,
        )
        lines = max(1, -(-metrics.horizontalAdvance(longest) // element_width)) + 1
        header.setMinimumHeight(metrics.lineSpacing() * lines + metrics.height() // 2)
        self.view.verticalHeader().setDefaultSectionSize(metrics.height() + metrics.height() // 2)

    def _fit_name_column(self) -> None:
        """Let the row's name take the width the other columns leave, but never less than
        its own (then the matrix scrolls sideways)."""
        header = self.view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, self.model.columnCount()))
        spare = self.view.viewport().width() - others
        header.resizeSection(0, max(self._name_width, spare))

    def _show_rows(self, kind: RowKind) -> None:
        people = kind is RowKind.PEOPLE
        self.ui.filter_edit.blockSignals(True)
        self.ui.filter_edit.clear()
        self.ui.filter_edit.blockSignals(False)
        self.ui.filter_edit.setEnabled(people)
        self.ui.filter_label.setEnabled(people)
        self.model.set_kind(kind)
        self._size_columns()

    def _radio(self, kind: RowKind):
        return {
            RowKind.PEOPLE: self.ui.people_radio,
            RowKind.CAPABILITIES: self.ui.capabilities_radio,
            RowKind.ASSETS: self.ui.assets_radio,
        }[kind]

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._cell_guard.may_follow(self.leave, self.view, previous):
            return
        self._show_current()
        self.ui.saved_label.clear()

    # -- what the side panel holds unsaved (gui/unsaved.py) --------------------------------

    def _panel(self) -> tuple[object, str]:
        return self.ui.strength_combo.currentData(), self.ui.evidence_edit.toPlainText()

    def _panel_dirty(self) -> bool:
        return (
            self._panel_key is not None
            and not self.session.read_only
            and self._panel() != self._panel_baseline
        )

    def pending_edit(self) -> str:
        if not self._panel_dirty():
            return ""
        title, element = self._panel_key[2], self._panel_key[1]
        return f"the link of {title} to {self.settings.element_name(element)}"

    def save_pending(self) -> bool:
        if not self._panel_dirty():
            return True
        return self.save_link()

    def discard_pending(self) -> None:
        self._panel_key = None
        self._show_current()

    def _show_current(self) -> None:
        """Fill the side panel with the chosen cell's link."""
        ui = self.ui
        self._problems.clear()
        index = self.view.currentIndex()
        element = self.current_element()
        editable = element is not None and not self.session.read_only
        set_editable((ui.strength_combo, ui.evidence_edit, ui.save_button), editable)
        if element is None:
            ui.target_label.setText(
                "Choose a cell under an element to see or change its link."
                if self.model.rowCount()
                else "Nothing to link yet: add people, capabilities or assets first."
            )
            ui.element_label.clear()
            ui.strength_combo.setCurrentIndex(0)
            ui.evidence_edit.clear()
            self._panel_key = None
            self._panel_index = QPersistentModelIndex()
            self.pending_changed.emit()
            self.selection_changed.emit()
            return
        row = self.model.row(index.row())
        key = (row.record.id if row else None, element, self.model.title(index.row()))
        if key == self._panel_key and self._panel_dirty():
            return  # the same cell again (the matrix reloaded): keep what is typed
        link = self.model.link(index.row(), element)
        ui.target_label.setText(self.model.title(index.row()))
        name = self.settings.element_name(element)
        ui.element_label.setText(f"<b>{_escape(name)}</b>: {_escape(element.info.summary)}")
        ui.element_label.setAccessibleDescription(f"{name}: {element.info.summary}")
        strength = link.strength if link else NO_LINK
        ui.strength_combo.setCurrentIndex(ui.strength_combo.findData(strength))
        ui.evidence_edit.setPlainText(link.evidence if link else "")
        self._panel_key, self._panel_baseline = key, self._panel()
        self._panel_index = QPersistentModelIndex(index)
        self.pending_changed.emit()
        self.selection_changed.emit()

    def _show_read_only(self) -> None:
        self.ui.read_only_note.setVisible(self.session.read_only)

    def _build_summary_strip(self) -> None:
        layout = self.ui.summary_strip.layout()
        for element in Element:
            box = QFrame(self.ui.summary_strip)
            box.setObjectName("coverage_box")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            inner = QVBoxLayout(box)
            label = QLabel(box)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setText(f"<b>{_escape(self.settings.element_name(element))}</b><br>Counting…")
            inner.addWidget(label)
            layout.addWidget(box, 1)
            self._coverage_labels[element] = (box, label)

    def _show_coverage(self) -> None:
        for coverage in element_coverage(self.session.store):
            box, label = self._coverage_labels[coverage.element]
            name = self.settings.element_name(coverage.element)
            label.setText(_coverage_html(name, coverage))
            label.setAccessibleName(_coverage_text(name, coverage))
            box.setToolTip(f"{coverage.reason}\n\n{THIN_RULE}")
            box.setStyleSheet(THIN_STYLE if coverage.thin else WELL_STYLE)
        if self.isVisible():  # the text may need more lines, once the layout has seen it
            QTimer.singleShot(0, self, self._fit_summary)

    def coverage_text(self, element: Element) -> str:
        """Return what the summary strip says about `element` (as a screen reader hears it)."""
        return self._coverage_labels[element][1].accessibleName()

    # -- news from elsewhere ---------------------------------------------------------------

    def _session_changed(self, record_type: object) -> None:
        if record_type is ElementLink:
            self.model.refresh_links()
            self._show_current()
        elif record_type in ROW_TYPES:
            self._reload_keeping_place()
        else:
            return
        self._coverage_timer.start()

    def _reload_keeping_place(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row(index.row()) if index.isValid() else None
        self.model.reload()
        if row is not None:
            number = self.model.row_of(row.record.id)
            if number is not None:
                self.view.setCurrentIndex(self.model.index(number, index.column()))

    def _naming_changed(self) -> None:
        self.model.refresh_headers()
        self._size_columns()
        self._show_coverage()
        self._show_current()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _coverage_lines(coverage: ElementCoverage) -> list[str]:
    return [
        number_of(coverage.people, "person"),
        number_of(coverage.capabilities, "capability"),
        number_of(coverage.assets, "asset"),
    ]


def _coverage_html(name: str, coverage: ElementCoverage) -> str:
    lines = "<br>".join(_coverage_lines(coverage))
    thin = "<br><b style='color:#a33c00'>⚠ Thin</b>" if coverage.thin else ""
    return f"<b>{_escape(name)}</b><br>{lines}{thin}"


def _coverage_text(name: str, coverage: ElementCoverage) -> str:
    state = "thin" if coverage.thin else "well covered"
    return f"{name}: {', '.join(_coverage_lines(coverage))}; {state}. {coverage.reason}"
