"""The window on the 100,000-person sample: it shows pages without reading every row."""

from datetime import date

import pytest

from coprod_desktop.domain import Person
from coprod_desktop.gui.main_window import MainWindow
from coprod_desktop.sample import write_sample

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def large_sample(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "Large sample.coprod"
    write_sample(path, people=100_000, seed=1, today=date(2026, 11, 23))
    return path


def test_the_100000_person_sample_opens_on_its_first_pages(qtbot, settings, large_sample):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.audit_opened, timeout=60_000):
        window.open_audit(large_sample, read_only=True)
    overview = window.view.current_page()
    # The sums run in a worker: the page says so, then shows them.
    qtbot.waitUntil(lambda: overview.facts is not None, timeout=60_000)
    assert overview.facts.counts["people"] == 100_000

    for number, name in ((2, "people_page"), (4, "elements_page"), (5, "roles_page")):
        window.page_actions[number - 1].trigger()
        page = window.view.current_page()
        assert page.objectName() == name
        qtbot.wait(50)  # let the view paint its first screen
        assert page.model.rowCount() == 100_000
        assert page.model.pages_fetched <= 2, name

    people = window.view.page("people_page")
    assert people.model.record(99_999) is not None  # the last row, fetched on its own
    assert window.session.store.count(Person) == 100_000
    window.close()
