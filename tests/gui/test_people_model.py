"""The People table model, without a widget: paged reads, SQL sorting and filtering."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from coprod_desktop.domain import ConsentScope, Hat, Person
from coprod_desktop.gui.models.people import COLUMNS, PAGE_SIZE, PAGES_KEPT, PeopleTableModel
from coprod_desktop.sample import write_sample
from coprod_desktop.store import AuditStore

TODAY = date(2026, 11, 23)
NAME, HATS, CONSENT = 0, 2, 4


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("gui") / "sample.coprod"
    write_sample(path, people=2500, seed=2, today=TODAY)
    return path


@pytest.fixture
def store(sample_path):
    with AuditStore.open(sample_path, read_only=True) as opened:
        yield opened


def text(model: PeopleTableModel, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def test_the_model_passes_qts_own_checks(qapp, store):
    model = PeopleTableModel(store, today=TODAY)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    model.set_filter(hat=Hat.CARER)


def test_only_the_pages_shown_are_read(qapp, store):
    model = PeopleTableModel(store, today=TODAY)
    assert model.rowCount() == 2500 and model.pages_fetched == 0
    assert text(model, 0, NAME)
    assert model.pages_fetched == 1
    text(model, PAGE_SIZE - 1, NAME)
    assert model.pages_fetched == 1
    text(model, 2499, NAME)
    assert model.pages_fetched == 2
    for row in range(0, 2500, PAGE_SIZE):  # scroll through everything
        text(model, row, NAME)
    assert len(model._pages) <= PAGES_KEPT


def test_rows_come_sorted_by_name_from_the_database(qapp, store):
    model = PeopleTableModel(store, today=TODAY)
    expected = [p.name for p in store.page(Person, limit=PAGE_SIZE + 10, sort="name")]
    assert [text(model, row, NAME) for row in range(PAGE_SIZE + 10)] == expected
    model.sort(NAME, Qt.SortOrder.DescendingOrder)
    last_first = [p.name for p in store.page(Person, limit=5, sort="name", descending=True)]
    assert [text(model, row, NAME) for row in range(5)] == last_first


def test_unsortable_columns_leave_the_order_alone(qapp, store):
    model = PeopleTableModel(store, today=TODAY)
    first = text(model, 0, NAME)
    model.sort(HATS)
    assert text(model, 0, NAME) == first


def test_filter_by_hat_and_by_words(qapp, store):
    model = PeopleTableModel(store, today=TODAY)
    model.set_filter(hat=Hat.LIVED_EXPERIENCE)
    assert model.rowCount() == store.count(Person, hat=Hat.LIVED_EXPERIENCE) < 2500
    assert all("Lived experience" in text(model, row, HATS) for row in range(model.rowCount()))
    model.set_filter(text="Siân")
    assert 0 < model.rowCount() == store.count(Person, text="Siân") < 100
    assert any("Siân" in text(model, row, NAME) for row in range(model.rowCount()))
    model.set_filter()
    assert model.rowCount() == 2500


def test_cells_use_plain_words(qapp, store):
    model = PeopleTableModel(store, today=TODAY)
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == [c.title for c in COLUMNS]
    consents = {text(model, row, CONSENT) for row in range(model.rowCount())}
    labels = {scope.label for scope in ConsentScope}
    assert consents & labels and "Not recorded" not in labels
    assert any("(review overdue)" in c for c in consents)
    assert not any("_" in text(model, row, HATS) for row in range(300))
    person_id = model.data(model.index(3, NAME), Qt.ItemDataRole.UserRole)
    assert store.get(Person, person_id).name == text(model, 3, NAME)
    assert model.row_of(person_id) == 3
