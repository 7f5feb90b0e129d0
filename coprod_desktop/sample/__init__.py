"""The sample audit of a fictional town with a Welsh-speaking valley, for demonstrations,
first-run exploration, tests and benchmarks.

    generate(people, seed, today)       every record of the sample, parents first
    sample_audit(people, seed, today)   the audit's own details (title, area, purpose...)
    write_sample(path, people=..., ...) a new .coprod file holding the whole sample

The same (people, seed, today) always gives the same records, UUIDs included. No Qt here.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from coprod_desktop.domain.records import Audit, Record
from coprod_desktop.sample.actions import read_reference_population
from coprod_desktop.sample.generator import DEFAULT_PEOPLE, SampleAudit
from coprod_desktop.store import AuditStore
from coprod_desktop.store.files import already_exists, move_into_place

__all__ = [
    "DEFAULT_PEOPLE",
    "SampleAudit",
    "generate",
    "read_reference_population",
    "sample_audit",
    "write_sample",
]


def generate(
    people: int = DEFAULT_PEOPLE, seed: int = 1, today: date | None = None
) -> Iterator[Record]:
    """Yield every record of the sample audit, grouped by kind with parents first."""
    return SampleAudit(people, seed, today).records()


def sample_audit(people: int = DEFAULT_PEOPLE, seed: int = 1, today: date | None = None) -> Audit:
    """Return the sample's audit record (the same ID for the same seed)."""
    return SampleAudit(people, seed, today).audit()


def write_sample(
    path: Path | str,
    *,
    people: int = DEFAULT_PEOPLE,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Create the sample audit as a new file at `path` and return its path.

    Refuses (AuditExistsError) when `path` exists, before doing anything. The audit is built
    under a temporary name in the same folder and moved to `path` only when complete, so a crash
    or a cancel (an exception raised by `progress`, which is called with the number of records
    saved so far) leaves no half-made audit behind. `today` cannot be in the future: the store
    refuses consent dates and assessment rounds after the real today.
    """
    path = Path(path).expanduser().absolute()
    if path.exists():
        raise already_exists(path)
    if today is not None and today > date.today():
        raise ValueError(f"the sample's 'today' ({today:%d/%m/%Y}) cannot be in the future")
    sample = SampleAudit(people, seed, today)
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(4)}.generating")
    try:
        store = AuditStore.create(temporary, sample.audit())
        try:
            store.add_many(sample.records(), progress=progress)
        finally:
            store.close()
        move_into_place(temporary, path)
    except BaseException:
        for leftover in (temporary, temporary.with_name(temporary.name + ".partial")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    return path
