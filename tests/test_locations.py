"""coprod_desktop.paths finds ui/ and resources/ in a checkout and in a frozen app."""

import sys

import pytest

from coprod_desktop import paths as locations
from coprod_desktop.paths import resource_path, ui_path


def test_resource_path_finds_the_resources_folder():
    folder = resource_path()
    assert folder.name == "resources"
    assert folder.is_dir()
    assert resource_path("sample") == folder / "sample"
    assert resource_path("sample", "README.md").is_file()


def test_ui_path_finds_files_in_the_ui_folder():
    readme = ui_path("README.md")
    assert readme.parent.name == "ui"
    assert readme.is_file()


def test_missing_folder_error_names_every_place_searched():
    folder = "no-such-folder-for-this-test"
    with pytest.raises(FileNotFoundError) as excinfo:
        locations._find(folder)
    message = str(excinfo.value)
    assert f"{folder}/" in message
    searched = locations._candidates(folder)
    assert len(searched) >= 2
    for candidate in searched:
        assert str(candidate) in message


def test_frozen_app_looks_beside_the_executable_first(tmp_path, monkeypatch):
    (tmp_path / "resources").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icons") == tmp_path / "resources" / "icons"
