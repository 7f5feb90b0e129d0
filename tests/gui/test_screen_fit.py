"""The window and every dialog fit a laptop's 1366 × 768 and a 1280 × 720 screen, buttons in view.

Each dialog is shown as the app shows it, then fitted through `screen_fit.fit_window` to the
screen given as a rectangle (the screen less a 40 px taskbar), at the normal font and at 150%.
Then its frame must lie inside the rectangle, nothing in it may be squeezed below its layout's
minimum, and every button of its button row must be shown whole.
"""

import pytest
from acting import answer_dialogs, show
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QScrollArea,
    QWidget,
    QWizard,
)

from coprod_desktop.gui import screen_fit
from coprod_desktop.gui.dialogs import messages as dialogs
from coprod_desktop.gui.dialogs.audit_details import AuditDetailsDialog
from coprod_desktop.gui.dialogs.exchange import ExportDialog, TemplateDialog
from coprod_desktop.gui.dialogs.reference import ReferencePopulationDialog
from coprod_desktop.gui.dialogs.round import ask_round
from coprod_desktop.gui.importing.wizard import ImportWizard
from coprod_desktop.gui.main_window import MainWindow
from coprod_desktop.gui.ui_loader import load_ui

TASKBAR = 40
SCREENS = {
    "1366x768": QRect(0, 0, 1366, 768 - TASKBAR),
    "1280x720": QRect(0, 0, 1280, 720 - TASKBAR),
}
PARTNER_CSV = (
    "Full name;E-mail address;Organisation;Consent date;Consent to share;Languages spoken\r\n"
    "Gwen Morgan;gwen@example.org;Riverside Tenants' Association;03/04/2025;Partners;Welsh\r\n"
)


@pytest.fixture(params=[1.0, 1.5], ids=["font100", "font150"])
def font_scale(request, qapp):
    """The application font at its size, then enlarged by half (as a user's 150% setting)."""
    normal = QFont(qapp.font())
    if request.param != 1.0:
        bigger = QFont(normal)
        bigger.setPointSizeF(normal.pointSizeF() * request.param)
        qapp.setFont(bigger)
    yield request.param
    qapp.setFont(normal)


@pytest.fixture(params=list(SCREENS), ids=list(SCREENS))
def screen_rect(request) -> QRect:
    return SCREENS[request.param]


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    show(qtbot, widget)
    return widget


def button_rows(dialog: QWidget) -> list[QPushButton]:
    if isinstance(dialog, QWizard):
        return [button for button in dialog.findChildren(QPushButton) if button.isVisible()]
    buttons = []
    for box in dialog.findChildren(QDialogButtonBox):
        buttons += [button for button in box.buttons() if not button.isHidden()]
    return buttons


def assert_fits(qtbot, dialog: QWidget, rect: QRect) -> None:
    """Fit `dialog` to `rect` as the app does; check its frame, layout and buttons."""
    screen_fit.fit_window(dialog, rect)
    qtbot.wait(20)  # the layout settles
    frame = dialog.frameGeometry()
    assert rect.contains(frame), f"{dialog.objectName()} {frame} is not inside {rect}"
    layout = dialog.layout()
    if isinstance(dialog, QWizard):  # its layout is its own: look at the page shown
        inside, least = dialog.currentPage(), dialog.currentPage().minimumSizeHint()
    else:
        inside, least = dialog, layout.totalMinimumSize() if layout else QSize(0, 0)
    assert least.width() <= inside.width() and least.height() <= inside.height(), (
        f"{dialog.objectName()} is squeezed: {inside.size()} < {least}"
    )
    buttons = button_rows(dialog)
    assert buttons, f"{dialog.objectName()} has no buttons"
    for button in buttons:
        assert screen_fit.visible_in_window(button), (
            f"{button.text()!r} of {dialog.objectName()} is not in view"
        )


# -- the dialogs ----------------------------------------------------------------------------------


def test_the_export_and_template_dialogs_fit(
    qtbot, font_scale, screen_rect, sample_session, settings, host
):
    for kind in (ExportDialog, TemplateDialog):
        dialog = kind(sample_session, settings, host)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        assert_fits(qtbot, dialog, screen_rect)
        dialog.reject()


def test_the_reference_population_dialog_fits(
    qtbot, font_scale, screen_rect, sample_session, settings, host
):
    dialog = ReferencePopulationDialog(sample_session, host, settings)
    dialog.open()
    qtbot.waitExposed(dialog.ui)
    assert_fits(qtbot, dialog.ui, screen_rect)
    assert screen_fit.visible_in_window(dialog.ui.import_button)
    dialog.ui.reject()


def test_the_audit_details_dialog_fits_and_scrolls_when_it_grows(
    qtbot, font_scale, screen_rect, sample_session, host
):
    details = AuditDetailsDialog(sample_session, host)
    details.open()
    qtbot.waitExposed(details.ui)
    assert_fits(qtbot, details.ui, screen_rect)
    # A long purpose and problems beside every field: the content grows, the buttons stay.
    details.ui.purpose_edit.setPlainText("Why we audit.\n" * 40)
    details.ui.title_edit.clear()
    qtbot.mouseClick(details.save_button, Qt.MouseButton.LeftButton)
    assert details.ui.title_problem.isVisible()
    qtbot.wait(20)
    assert screen_rect.contains(details.ui.frameGeometry())
    assert screen_fit.visible_in_window(details.save_button)
    details.ui.reject()


def _check_modal(qtbot, rect: QRect, seen: list[str]):
    def check(dialog: QWidget) -> None:
        try:
            assert_fits(qtbot, dialog, rect)
            seen.append("fits")
        except AssertionError as error:
            seen.append(str(error))
        dialog.reject()

    return check


def test_the_round_dialog_fits(qtbot, font_scale, screen_rect, sample_session, host, today):
    seen: list[str] = []
    answer_dialogs(_check_modal(qtbot, screen_rect, seen))
    assert ask_round(host, sample_session, today) is None
    assert seen == ["fits"]


def test_the_new_audit_dialog_fits(qtbot, font_scale, screen_rect, host):
    seen: list[str] = []
    answer_dialogs(_check_modal(qtbot, screen_rect, seen))
    assert dialogs.ask_new_audit(host) is None
    assert seen == ["fits"]


def test_every_page_of_the_import_wizard_fits(
    qtbot, font_scale, screen_rect, sample_session, settings, host, tmp_path
):
    csv_file = tmp_path / "volunteers.csv"
    csv_file.write_bytes(PARTNER_CSV.encode("utf-8-sig"))
    wizard = ImportWizard(sample_session, settings, host, csv_file)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: not wizard.file_page.work.running, timeout=20_000)
    assert_fits(qtbot, wizard, screen_rect)
    for _page in ("mapping", "preview"):
        wizard.next()
        qtbot.waitUntil(lambda: not wizard.running, timeout=20_000)
        assert_fits(qtbot, wizard, screen_rect)
    wizard.reject()


def test_the_wizards_pages_scroll_on_a_very_small_screen(
    qtbot, font_scale, sample_session, settings, host, tmp_path
):
    csv_file = tmp_path / "volunteers.csv"
    csv_file.write_bytes(PARTNER_CSV.encode("utf-8-sig"))
    wizard = ImportWizard(sample_session, settings, host, csv_file)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: not wizard.file_page.work.running, timeout=20_000)
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.running, timeout=20_000)
    small = QRect(0, 0, 700, 320)  # lower than the mapping page with the title and buttons
    assert_fits(qtbot, wizard, small)
    area = wizard.mapping_page.findChild(QScrollArea, screen_fit.CONTENT_AREA)
    assert area is not None and area.isVisible()  # the page scrolls, the buttons stay
    wizard.reject()


def test_a_dialog_taller_than_the_screen_scrolls_with_its_buttons_below(qtbot, font_scale, host):
    small = QRect(0, 0, 800, 360)
    ui = load_ui("audit_details_dialog.ui", host)
    screen_fit.fit_dialog(ui)
    ui.show()
    qtbot.waitExposed(ui)
    assert_fits(qtbot, ui, small)
    area = ui.findChild(QScrollArea, screen_fit.CONTENT_AREA)
    assert area.verticalScrollBar().maximum() > 0  # the fields scroll
    assert not area.isAncestorOf(ui.buttons)  # the buttons do not
    ui.close()


# -- the help dialog and the main window ----------------------------------------------------------


def test_the_help_dialog_fits(qtbot, font_scale, screen_rect, window):
    window.help_action.trigger()
    dialog = window.findChild(QDialog, "help_dialog")
    qtbot.waitExposed(dialog)
    screen_fit.fit_window(dialog, screen_rect)
    assert screen_rect.contains(dialog.frameGeometry())
    for button in button_rows(dialog):
        assert screen_fit.visible_in_window(button)
    dialog.close()


def test_the_main_window_starts_within_the_screen(qtbot, settings):
    available = screen_fit.available_geometry()
    fresh = MainWindow(settings)
    qtbot.addWidget(fresh)
    # No saved size: 1200 × 780 where that fits (with room for a title bar), else the screen.
    framed = QSize(1200, 780) + screen_fit.FRAME_ALLOWANCE
    if framed.width() <= available.width() and framed.height() <= available.height():
        assert fresh.size() == QSize(1200, 780)
    assert fresh.width() <= available.width()
    assert fresh.height() + screen_fit.FRAME_ALLOWANCE.height() <= available.height()
    # A size saved on a large monitor is brought within this one.
    fresh.setGeometry(QRect(-300, -200, 2400, 1600))
    settings.set_geometry(fresh.saveGeometry())
    restored = MainWindow(settings)
    qtbot.addWidget(restored)
    assert available.contains(QRect(restored.pos(), restored.size()))
    assert restored.height() + screen_fit.FRAME_ALLOWANCE.height() <= available.height()


def test_the_main_window_and_each_page_fit(
    qtbot, font_scale, screen_rect, settings, small_sample_path, tmp_path
):
    copy = tmp_path / "Sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    window = MainWindow(settings)
    qtbot.addWidget(window)
    screen_fit.keep_on_screen(window, QSize(1200, 780), screen_rect)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.audit_opened, timeout=20_000):
        window.open_audit(copy)
    for page in window.view.pages:
        window.view.show_page(page)
        qtbot.wait(10)
        screen_fit.keep_on_screen(window, QSize(1200, 780), screen_rect)
        qtbot.wait(10)
        frame = window.frameGeometry()
        assert screen_rect.contains(frame), f"{page.objectName()}: {frame}"
        least = window.minimumSizeHint()
        assert least.height() <= window.height(), f"{page.objectName()} needs {least}"
    window.close()
