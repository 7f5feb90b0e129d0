"""Errors about audit files, each with a message that says what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path


class AuditFileError(Exception):
    """A problem with the user's audit file; the message is written for the user."""

    def __init__(self, path: Path | str, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        super().__init__(f'"{self.path}" {problem} {advice}'.strip())


class AuditNotFoundError(AuditFileError):
    pass


class NotAnAuditError(AuditFileError):
    """The file is not a Coprod audit (not SQLite, or SQLite of another application)."""


class CorruptAuditError(AuditFileError):
    """The file is an audit but damaged: truncated, malformed or missing parts."""


class AuditBusyError(AuditFileError):
    """Another program holds the file's database lock right now."""


class ReadOnlyAuditError(AuditFileError):
    """An edit was attempted on an audit opened read-only."""


class AuditWriteError(AuditFileError):
    """The disk refused a write (full, removed, permissions); the edit was not saved."""


class AuditExistsError(AuditFileError):
    """A new audit would overwrite an existing file."""
