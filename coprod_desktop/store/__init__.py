"""The `.coprod` audit file: schema, migrations, queries, lock and copies (stdlib sqlite3)."""

from coprod_desktop.store.audit_store import AuditStore, ReadOnlyReason
from coprod_desktop.store.errors import (
    AuditBusyError,
    AuditExistsError,
    AuditFileError,
    AuditNotFoundError,
    AuditWriteError,
    CorruptAuditError,
    DiskFullError,
    NotAnAuditError,
    ReadOnlyAuditError,
)
from coprod_desktop.store.schema import APPLICATION_ID, SCHEMA_VERSION
from coprod_desktop.store.search import SearchHit

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "AuditBusyError",
    "AuditExistsError",
    "AuditFileError",
    "AuditNotFoundError",
    "AuditStore",
    "AuditWriteError",
    "CorruptAuditError",
    "DiskFullError",
    "NotAnAuditError",
    "ReadOnlyAuditError",
    "ReadOnlyReason",
    "SearchHit",
]
