"""Taking back and doing again one `apply_changes` step (an import): undo and redo."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coprod_desktop.domain import records as r
from coprod_desktop.store import tables as t
from coprod_desktop.store.writes import (
    PARENTS_FIRST,
    chunks,
    integrity_problem,
    log_change,
    tombstone,
    with_article,
)


@dataclass(frozen=True)
class RecordChange:
    """One record an `apply_changes` changed: the fields it changed, before and after.

    Kept (with the IDs of the records added) to take the changes back in one step and to
    make them again: `undo_changes`, `redo_changes`."""

    record_type: type[r.Record]
    record_id: str
    before: dict[str, Any]
    after: dict[str, Any]


class StepUndo:
    """The undo and redo of `AuditStore.apply_changes` (a mixin of AuditStore)."""

    def undo_changes(
        self,
        added: dict[type[r.Record], Sequence[str]],
        changes: Sequence[RecordChange],
        *,
        summary: str,
    ) -> None:
        """Take back what one `apply_changes` did, in one transaction: the records it changed
        get their fields as they were before, the records it added are deleted.

        All or nothing: a record that is no longer as the step left it (changed or deleted
        since, or a record added since that hangs off an added one) raises ValueError and
        nothing is written. The change log gets one line, starting with `summary`.
        """
        with self._write() as (connection, now):
            self._rewrite(connection, changes, now, undo=True)
            total = wanted = 0
            # Children before parents: a live record left hanging off an added one counts.
            for kind in reversed(PARENTS_FIRST):
                ids = list(dict.fromkeys(added.get(kind, ())))
                if not ids:
                    continue
                wanted += len(ids)
                self._all_live(connection, kind, ids, deleted=False)
                total += tombstone(connection, t.table_for(kind), ids, now, self.user)
            if total != wanted:
                raise ValueError(
                    f"{total - wanted:,} records added since then belong to the records it "
                    "added; undo or delete them first"
                )
            log_change(
                connection,
                now,
                self.user,
                "audit",
                "",
                "imported",
                step_text(summary, added, changes, "undone"),
            )

    def redo_changes(
        self,
        added: dict[type[r.Record], Sequence[str]],
        changes: Sequence[RecordChange],
        *,
        summary: str,
    ) -> None:
        """Do again, in one transaction, what `undo_changes` took back: the added records
        back in the audit, the changed fields as the step left them.

        All or nothing, like `undo_changes` (ValueError when a record is no longer as the
        undo left it)."""
        with self._write() as (connection, now):
            for kind in PARENTS_FIRST:
                ids = list(dict.fromkeys(added.get(kind, ())))
                if not ids:
                    continue
                self._all_live(connection, kind, ids, deleted=True)
                table = t.table_for(kind)
                for chunk in chunks(ids, 500):
                    marks = ", ".join("?" * len(chunk))
                    try:
                        connection.execute(
                            f"UPDATE {table.name} SET deleted = 0, modified_at = ?, "
                            f"modified_by = ? WHERE id IN ({marks}) AND deleted = 1",
                            [now, self.user, *chunk],
                        )
                    except sqlite3.IntegrityError as error:
                        raise integrity_problem(None, error) from error
            self._rewrite(connection, changes, now, undo=False)
            log_change(
                connection,
                now,
                self.user,
                "audit",
                "",
                "imported",
                step_text(summary, added, changes, "redone"),
            )

    def _all_live(
        self, connection: sqlite3.Connection, kind: type[r.Record], ids: list[str], *, deleted: bool
    ) -> None:
        """Refuse (ValueError) unless every one of `ids` is live (or, `deleted`, deleted)."""
        table = t.table_for(kind).name
        found = 0
        for chunk in chunks(ids, 500):
            marks = ", ".join("?" * len(chunk))
            found += connection.execute(
                f"SELECT count(*) FROM {table} WHERE id IN ({marks}) AND deleted = ?",
                [*chunk, int(deleted)],
            ).fetchone()[0]
        if found != len(ids):
            missing = len(ids) - found
            state = "in the audit again" if deleted else "no longer in the audit"
            noun = kind.noun if missing == 1 else kind.plural
            raise ValueError(
                f"{missing:,} of the {noun} it added {'is' if missing == 1 else 'are'} {state}"
            )

    def _rewrite(
        self,
        connection: sqlite3.Connection,
        changes: Sequence[RecordChange],
        now: str,
        *,
        undo: bool,
    ) -> None:
        """Write the fields of `changes` as before (undo) or after, inside the caller's
        transaction; refuse (ValueError) a record whose fields are not as expected."""
        for change in changes:
            expected, wanted = (
                (change.after, change.before) if undo else (change.before, change.after)
            )
            current = self._get(connection, change.record_type, change.record_id, False)
            if current is None or any(getattr(current, f) != v for f, v in expected.items()):
                # Not named: a person would be named by a pseudonym the user may not know.
                what = with_article(change.record_type.noun)
                raise ValueError(f"{what} it changed has been changed or deleted since")
            # A state the audit held already: not validated again (rules may have tightened).
            self._update_in(connection, dataclasses.replace(current, **wanted), now)


def step_text(
    summary: str,
    added: dict[type[r.Record], Sequence[str]],
    changes: Sequence[RecordChange],
    done: str,
) -> str:
    """The change-log line of an undo or redo of `apply_changes`: "Imported from x.xlsx
    (undone): 2 people, 1 community asset removed; 1 person changed back"."""
    parts = []
    for kind in PARENTS_FIRST:
        count = len(set(added.get(kind, ())))
        if count:
            parts.append(f"{count:,} {kind.noun if count == 1 else kind.plural}")
    what = []
    if parts:
        what.append(", ".join(parts) + (" removed" if done == "undone" else " added again"))
    changed: dict[type[r.Record], int] = {}
    for change in changes:
        changed[change.record_type] = changed.get(change.record_type, 0) + 1
    if changed:
        back = ", ".join(
            f"{count:,} {kind.noun if count == 1 else kind.plural}"
            for kind, count in changed.items()
        )
        what.append(back + (" changed back" if done == "undone" else " changed again"))
    return f"{summary} ({done}): {'; '.join(what) or 'nothing'}"
