"""Recognising an audit file from its first bytes, before SQLite touches it.

The SQLite header holds the application id, the schema version and the size the file should
have, so a foreign, empty or cut-off file is refused with a clear message and never opened
for writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coprod_desktop.store.errors import (
    AuditNotFoundError,
    CorruptAuditError,
    NotAnAuditError,
)
from coprod_desktop.store.schema import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100

_RESTORE_ADVICE = (
    "If you have a backup or an earlier copy of the audit (an e-mail attachment, a USB stick), "
    "open that instead."
)


@dataclass(frozen=True)
class Header:
    application_id: int
    schema_version: int
    page_size: int
    page_count: int | None  # None when the header's size field is not trustworthy


def _int(data: bytes, offset: int, size: int = 4) -> int:
    return int.from_bytes(data[offset : offset + size], "big")


def read_header(path: Path) -> Header:
    """Return the header of the audit at `path`; raise if it is not a usable audit file."""
    if not path.exists():
        raise AuditNotFoundError(path, "does not exist.", "Check the name and the folder.")
    if path.is_dir():
        raise NotAnAuditError(
            path, "is a folder, not an audit file.", "Choose the .coprod file inside the folder."
        )
    if not path.is_file():  # a named pipe or a device: opening it could wait for ever
        raise NotAnAuditError(
            path,
            "is not an ordinary file (it is a named pipe or a device), so not an audit.",
            "Open a .coprod file.",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(HEADER_SIZE)
            size = path.stat().st_size
    except OSError as error:
        raise AuditNotFoundError(path, f"cannot be read ({error.strerror}).") from error
    if size == 0:
        raise CorruptAuditError(
            path,
            "is empty (0 bytes): it is not a usable audit. It may have been cut off while it "
            "was copied or downloaded.",
            _RESTORE_ADVICE,
        )
    if not data.startswith(SQLITE_MAGIC):
        raise NotAnAuditError(
            path,
            "is not a Coprod audit file.",
            "Open a .coprod file, or use Import for spreadsheets.",
        )
    if len(data) < HEADER_SIZE:
        raise CorruptAuditError(
            path, "is cut off: only part of the file is there.", _RESTORE_ADVICE
        )
    page_size = _int(data, 16, 2)
    page_size = 65536 if page_size == 1 else page_size
    # The page count is valid only when written by a SQLite that also set "version-valid-for".
    valid = _int(data, 92) == _int(data, 24)
    header = Header(
        application_id=_int(data, 68),
        schema_version=_int(data, 60),
        page_size=page_size,
        page_count=_int(data, 28) if valid else None,
    )
    if header.application_id != APPLICATION_ID:
        raise NotAnAuditError(
            path,
            "is a database made by another program, not a Coprod audit.",
            "Open a .coprod file made by Coprod Desktop.",
        )
    # After a crash in the middle of a save, the header may already give the new size while
    # the file has not grown yet; SQLite puts it right from the journal when it opens it.
    journal = path.with_name(path.name + "-journal")
    hot_journal = journal.is_file() and journal.stat().st_size > 0
    if (
        header.page_count is not None
        and not hot_journal
        and size < header.page_size * header.page_count
    ):
        raise CorruptAuditError(
            path,
            f"is cut off: it has {size:,} bytes of the {header.page_size * header.page_count:,} "
            "it should have.",
            _RESTORE_ADVICE,
        )
    return header
