"""The import wizard's preview names the lines of a CSV that were not in UTF-8 (issue 21, 3)."""

from pathlib import Path

from test_exchange_import import (
    choose,
    next_page,
    open_in,
    problem_rows,
    start_import,
    wait_for_preview,
)

from coprod_desktop.gui.importing.wizard import PREVIEW_PAGE


def test_the_preview_names_the_line_read_as_windows_1252(qtbot, window, audit_path, tmp_path):
    csv_file = tmp_path / "volunteers.csv"
    lines = [f"Siân Hughes {n},Cwm Arts\n".encode() for n in range(200)]
    csv_file.write_bytes(
        b"Name,Organisation\n" + b"".join(lines) + "Siân Windows,Côr\n".encode("cp1252")
    )
    open_in(qtbot, window, Path(audit_path))
    wizard = start_import(qtbot, window)
    choose(qtbot, wizard, csv_file)
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW_PAGE
    page = wait_for_preview(qtbot, wizard)
    notes = [row for row in problem_rows(page) if "UTF-8" in row[3]]
    assert len(notes) == 1
    assert "line 202" in notes[0][3].lower() and "Siân" in notes[0][3]
    names = {p.name for p in wizard.plan.adds}
    assert "Siân Hughes 0" in names and "Siân Windows" in names
