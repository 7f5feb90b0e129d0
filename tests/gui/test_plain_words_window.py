"""Plain words in the window: search results name the kind of capability or asset by its label,
and the Edit menu's undo names a person as the window shows them, never by pseudonym."""

import re

import pytest
from PySide6.QtCore import Qt

from coprod_desktop.domain import AssetCategory, CapabilityKind, ConsentScope, Person
from coprod_desktop.gui.main_window import MainWindow

CODES = {m.value.replace("_", " ") for m in (*CapabilityKind, *AssetCategory)}


@pytest.fixture
def window(qtbot, settings, small_sample_path, tmp_path):
    copy = tmp_path / "sample.coprod"
    copy.write_bytes(small_sample_path.read_bytes())
    shown = MainWindow(settings)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    with qtbot.waitSignal(shown.audit_opened, timeout=20_000):
        shown.open_audit(copy)
    yield shown
    shown.close()


def search(qtbot, window, words: str) -> list[str]:
    """Type into the search box as a user does; return the results as they read."""
    window.find_action.trigger()
    box = window.view.ui.search_box
    results = window.view.ui.search_results
    box.clear()  # the results of the words before go
    qtbot.waitUntil(lambda: not results.isVisible())
    qtbot.keyClicks(box, words)
    qtbot.waitUntil(lambda: results.isVisible() and results.count() > 0)
    return [results.item(row).text() for row in range(results.count())]


def test_search_results_name_kinds_and_categories_by_their_labels(qtbot, window):
    found = search(qtbot, window, "heart")
    assert found and all("\nCapability (Heart: what they care about)" in f for f in found)
    found += search(qtbot, window, "hall")
    labels = {m.label for m in AssetCategory}
    assets = [f for f in found if "\nCommunity asset (" in f]
    assert assets and all(any(f"({label})" in f for label in labels) for f in assets)
    for text in found:
        about = text.split("\n")[1]
        words = {part.strip() for part in re.split(r"[·()]", about)}
        assert not words & CODES, about  # "heart", "physical spaces": codes, not labels


def test_undo_names_the_person_as_the_window_shows_them(qtbot, window):
    store = window.session.store
    private = [p for p in store.iterate(Person) if p.consent_scope is not ConsentScope.PARTNERS]
    person = next(p for p in private if p.consent_scope is not ConsentScope.PUBLIC)
    assert person.pseudonym and person.pseudonym != person.name
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    people = window.view.current_page()
    assert people.objectName() == "people_page"
    assert people.show_record(Person, person.id)
    people.ui.availability_edit.selectAll()
    qtbot.keyClicks(people.ui.availability_edit, "Tuesday evenings")
    qtbot.mouseClick(people.ui.save_button, Qt.MouseButton.LeftButton)
    assert store.get(Person, person.id).availability == "Tuesday evenings"

    undo = window.undo_action.text().replace("&", "")
    assert undo == f"Undo Change person '{person.name[:29]}{'…' * (len(person.name) > 30)}'"
    assert person.pseudonym not in undo
    window.undo_action.trigger()
    assert store.get(Person, person.id).availability != "Tuesday evenings"
    assert (
        window.redo_action.text()
        .replace("&", "")
        .startswith(f"Redo Change person '{person.name[:20]}")
    )
