"""An open audit in the window: the store, its undo history, and news of every change.

Every edit goes through `AuditSession`: it is written to the file at once (the store commits
each edit) and pushed on a QUndoStack as a command that knows how to take it back. Pages never
write to the store themselves, so that every edit can be undone and every page hears of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from coprod_desktop.domain import Record, ValidationError, validate
from coprod_desktop.store import AuditFileError, AuditStore

R = TypeVar("R", bound=Record)


def describe(record: Record) -> str:
    """Return how an edit names a record: "person 'Siân Evans'", "community asset 'Library'".

    The undo history is seen only by the user of the window, who sees people by name: a
    pseudonym ("Participant 7") would hide whom the edit was about. (Exports and reports,
    which partners and the public read, choose names by consent elsewhere.)
    """
    for field in ("name", "title", "description"):
        value = getattr(record, field, "")
        if isinstance(value, str) and value:
            short = value if len(value) <= 30 else value[:29] + "…"
            return f"{record.noun} '{short}'"
    return record.noun


class _StoreCommand(QUndoCommand):
    """An edit already written to the file; undo and redo write its reverse and itself.

    An import is one such step too: its undo takes back, in one transaction, exactly what it
    added and changed, and its redo writes it again; it changes records of several types.
    """

    def __init__(
        self,
        session: AuditSession,
        text: str,
        kinds: tuple[type[Record], ...],
        apply: Callable[[], object],
        revert: Callable[[], object],
    ) -> None:
        super().__init__(text)
        self._session = session
        self._kinds = kinds
        self._apply = apply
        self._revert = revert
        self._done = True  # pushed after the store has made the edit

    def redo(self) -> None:
        if self._done:  # QUndoStack.push calls redo(): the edit is already in the file
            return
        self._run(self._apply)
        self._done = True

    def undo(self) -> None:
        self._run(self._revert)
        self._done = False

    def _run(self, step: Callable[[], object]) -> None:
        try:
            step()
        except (AuditFileError, ValidationError, ValueError) as error:
            # The file did not change; this step can no longer be replayed reliably.
            self.setObsolete(True)
            self._session.failed.emit(f"{self.text()} could not be undone or redone: {error}")
        for kind in self._kinds:
            self._session.changed.emit(kind)


class AuditSession(QObject):
    """An audit open in the window, with undo and redo for every edit."""

    changed = Signal(object)  # the record type that changed (Person, Role, ...)
    failed = Signal(str)  # an undo or redo could not be written; the message says why
    exported = Signal()  # an export or print was written in the change log (the Overview)

    def __init__(self, store: AuditStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    def close(self) -> None:
        self.undo_stack.clear()
        self.store.close()

    def record_export(self, kind: str, level: object, path: Path | str = "") -> bool:
        """Write in the change log that the audit was shared (not a step of undo).

        A read-only audit cannot take the entry, and a failure to write it must not spoil
        an export that worked: both return False and are only logged.
        """
        if self.read_only:
            return False
        try:
            self.store.record_export(kind, level, Path(path).name if path else "")
        except AuditFileError:
            logging.getLogger(__name__).warning("The export was not recorded", exc_info=True)
            return False
        self.exported.emit()
        return True

    # -- edits -----------------------------------------------------------------------------

    def add(self, record: R) -> R:
        """Save a new record; raise ValidationError (nothing written) if it is not valid."""
        validate(record)
        stored = self.store.add(record)
        kind, record_id = type(stored), stored.id
        self._push(
            f"Add {describe(stored)}",
            kind,
            lambda: self.store.restore(kind, record_id),
            lambda: self.store.delete(kind, record_id),
        )
        return stored

    def update(self, record: R) -> R:
        """Save changes to a record; raise ValidationError (nothing written) if not valid."""
        validate(record)
        before = self.store.get(type(record), record.id)
        stored = self.store.update(record)
        if before is None or stored.modified_at == before.modified_at:
            return stored  # nothing changed: nothing to undo
        self._push(
            f"Change {describe(stored)}",
            type(stored),
            lambda: self.store.update(dataclasses.replace(stored)),
            lambda: self.store.update(dataclasses.replace(before)),
        )
        return stored

    def delete(self, record: Record) -> int:
        """Delete a record and what hangs off it; return how many records went."""
        kind, record_id = type(record), record.id
        count = self.store.delete(kind, record_id)
        if count:
            self._push(
                f"Delete {describe(record)}",
                kind,
                lambda: self.store.delete(kind, record_id),
                lambda: self.store.restore(kind, record_id),
            )
        return count

    def imported(self, result, record_types: Iterable[type[Record]]) -> None:
        """Put an import already written to the file (`exchange.importer.apply_import`'s
        result) on the undo stack as one step, and tell every page.

        The steps before it stay: undoing goes back through the import first, which puts
        back exactly the fields it changed, so each earlier step finds its records as it
        left them. An import that wrote nothing is no step.
        """
        kinds = tuple(dict.fromkeys(record_types))
        if result.added_ids or result.record_changes:
            store = self.store
            self.undo_stack.push(
                _StoreCommand(
                    self,
                    result.step_text(),
                    kinds,
                    lambda: store.redo_changes(
                        result.added_ids, result.record_changes, summary=result.summary
                    ),
                    lambda: store.undo_changes(
                        result.added_ids, result.record_changes, summary=result.summary
                    ),
                )
            )
        for kind in kinds:
            self.changed.emit(kind)

    def changed_externally(self, record_types: Iterable[type[Record]]) -> None:
        """Tell every page that records of these types were changed in one go, outside the
        undo history (nothing calls this for an import any more: see `imported`).

        Such a change is not a step of undo, and the steps before it may no longer fit the
        records it changed: the undo history is cleared.
        """
        self.undo_stack.clear()
        for kind in dict.fromkeys(record_types):
            self.changed.emit(kind)

    @contextlib.contextmanager
    def edit(self, text: str) -> Iterator[None]:
        """Group the edits made inside into one step of undo ("Add person with 3 capabilities")."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def _push(
        self,
        text: str,
        kind: type[Record],
        apply: Callable[[], object],
        revert: Callable[[], object],
    ) -> None:
        self.undo_stack.push(_StoreCommand(self, text, (kind,), apply, revert))
        self.changed.emit(kind)
