"""Loading the Qt Designer layouts in `ui/` at run time.

`QUiLoader` reads the `.ui` files shipped with the package (no generated code, and nothing that
shells out to `pyside6-uic`, which a frozen app does not have).
"""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from coprod_desktop.gui.widgets.date_field import DateField
from coprod_desktop.gui.widgets.forms import name_clear_buttons
from coprod_desktop.paths import ui_path

# The app's own widgets that the layouts name in <customwidgets>.
CUSTOM_WIDGETS = (DateField,)


class LayoutError(RuntimeError):
    """A `.ui` file is missing or broken: an installation problem, not the user's."""


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """Return the widget laid out in `ui/NAME`, with its named children as attributes."""
    path = ui_path(name)
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise LayoutError(f"The layout {name} could not be read ({path}).")
    try:
        loader = QUiLoader()
        loader.clearPluginPaths()  # no Designer plugins: skip scanning for them at start-up
        for widget_type in CUSTOM_WIDGETS:
            loader.registerCustomWidget(widget_type)
        widget = loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise LayoutError(f"The layout {name} is broken: {loader.errorString()}")
    name_clear_buttons(widget)  # Designer cannot name the clear buttons of search boxes
    return widget


def load_into(name: str, host: QWidget) -> QWidget:
    """Load `ui/NAME` and fill `host` with it (no margins); return the loaded widget."""
    widget = load_ui(name, host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget)
    return widget
