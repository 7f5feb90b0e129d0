"""Shared test set-up: where Qt draws.

Without a display, Qt's default platform plugin (xcb) aborts the whole run with a misleading
message instead of failing a test, so when nobody chose a platform and there is no display the
tests use Qt's `offscreen` platform. This runs when pytest imports this file, before pytest-qt
imports Qt and long before any QApplication exists. `pytest --onscreen` leaves the platform alone
(for example, to watch the windows, or under `xvfb-run`).
"""

import os

import pytest

_PLATFORM_SET_HERE = False
if not (
    os.environ.get("QT_QPA_PLATFORM")
    or os.environ.get("DISPLAY")
    or os.environ.get("WAYLAND_DISPLAY")
):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _PLATFORM_SET_HERE = True


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--onscreen",
        action="store_true",
        help="leave QT_QPA_PLATFORM alone instead of choosing 'offscreen' when there is no "
        "display (needs a DISPLAY, e.g. under xvfb-run)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Options are parsed only after this file is imported. Undoing the choice is still in time:
    # Qt reads QT_QPA_PLATFORM when the QApplication is created, not when it is imported.
    if config.getoption("onscreen") and _PLATFORM_SET_HERE:
        del os.environ["QT_QPA_PLATFORM"]
