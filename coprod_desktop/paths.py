"""Where Coprod Desktop finds its `ui/` and `resources/` folders, and where the sample audit lives.

The one place that builds paths to them. They sit at the top of a source checkout, inside the
package in an installed wheel (see pyproject.toml), and beside the executable in a frozen app.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates(folder: str) -> list[Path]:
    frozen_root = getattr(sys, "_MEIPASS", None)
    roots = [Path(frozen_root)] if frozen_root else []
    roots += [_PACKAGE_DIR, _PACKAGE_DIR.parent]
    return [root / folder for root in roots]


def _find(folder: str) -> Path:
    for candidate in _candidates(folder):
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(c) for c in _candidates(folder))
    raise FileNotFoundError(f"Coprod Desktop's {folder}/ folder is missing (looked in {searched})")


def resource_path(*parts: str) -> Path:
    """Return the path of a file under `resources/`, wherever the app is installed."""
    return _find("resources").joinpath(*parts)


def ui_path(name: str) -> Path:
    """Return the path of a Qt Designer file under `ui/`."""
    return _find("ui") / name


SAMPLE_FILE_NAME = "Sample audit.coprod"


def sample_audit_path() -> Path:
    """Return where the sample audit lives for this user (in the per-user data folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("Coprod Desktop", appauthor=False)) / SAMPLE_FILE_NAME
