"""The audit every hand-built analysis test starts from: a new, empty file."""

import pytest

from coprod_desktop.domain import Audit
from coprod_desktop.store import AuditStore


@pytest.fixture
def store(tmp_path):
    opened = AuditStore.create(tmp_path / "a.coprod", Audit(title="Known answers"), user="t")
    yield opened
    opened.close()
