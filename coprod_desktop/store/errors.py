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


class DiskFullError(AuditWriteError):
    """The disk holding the audit is full (or too full for what was asked); nothing was saved.

    str() is the message for the user: "The disk is full: free N MB on PLACE or choose another
    place", with how much is free there and what was not saved. `free` and `needed` are bytes
    (`needed` is 0 when unknown), `place` the drive or mount point.
    """

    # What to ask for when how much is needed is not known: enough for some work.
    AT_LEAST = 10_000_000

    def __init__(
        self,
        path: Path | str,
        *,
        free: int | None,
        place: str,
        needed: int = 0,
        unsaved: str = "The last change was not saved.",
    ) -> None:
        self.free = free
        self.place = place
        self.needed = needed
        self.unsaved = unsaved
        self.to_free = max(needed - (free or 0), self.AT_LEAST if not needed else 1_000_000)
        super().__init__(
            path, f"could not be saved: the disk is full{self._free_there}. {unsaved}", self.ask
        )

    @property
    def ask(self) -> str:
        return (
            f"Free {megabytes(self.to_free, up=True)} MB on {self.place} or choose another place."
        )

    @property
    def _free_there(self) -> str:
        if self.free is None:
            return ""
        if self.free < 100_000:
            return " (nothing is left there)"
        return f" ({megabytes(self.free)} MB free there)"

    def __str__(self) -> str:
        ask = self.ask[0].lower() + self.ask[1:-1]
        return f"The disk is full: {ask}{self._free_there}. {self.unsaved}"


def megabytes(count: int, *, up: bool = False) -> str:
    """`count` bytes in MB as people read them: one decimal below 10 MB, else whole."""
    value = count / 1_000_000
    if value < 10:
        tenths = -(-count // 100_000) if up else count // 100_000
        return f"{tenths / 10:.1f}"
    return f"{-(-count // 1_000_000) if up else round(value):,}"
