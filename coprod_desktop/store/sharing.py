"""What was shared: exports and prints of the audit, in its change log."""

from __future__ import annotations

from pathlib import PureWindowsPath

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, policy_for
from coprod_desktop.domain.vocabulary import PrivacyLevel
from coprod_desktop.store.writes import log_change


class Sharing:
    """The store's record of exports (a mixin of AuditStore)."""

    def record_export(
        self, kind: str, level: PrivacyLevel | None, file_name: str = ""
    ) -> r.ChangeLogEntry:
        """Write in the change log that the audit was shared, and return the entry.

        `kind` is one of EXPORT_KINDS (workbook, template, report, print); `level` who it was
        for; `file_name` the file written ("" for paper). Only the name is kept, never the
        folder (paths can hold people's names). Raises ReadOnlyAuditError when read-only.
        """
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown kind of export {kind!r}")
        summary = export_summary(kind, level, file_name)
        action = "printed" if kind == "print" else "exported"
        with self._write() as (connection, now):
            log_change(connection, now, self.user, EXPORT_ENTITY, "", action, summary)
            seq = connection.execute("SELECT last_insert_rowid()").fetchone()[0]
        return r.ChangeLogEntry(seq, now, self.user, EXPORT_ENTITY, "", action, summary)

    def exports(self, *, limit: int = 5) -> list[r.ChangeLogEntry]:
        """Return the last `limit` exports and prints of the audit, the latest first."""
        rows = self._read(
            "SELECT seq, at, by, entity, record_id, action, summary FROM change_log "
            "WHERE entity = ? ORDER BY seq DESC LIMIT ?",
            (EXPORT_ENTITY, limit),
        )
        return [r.ChangeLogEntry(*row) for row in rows]


EXPORT_ENTITY = "export"
EXPORT_KINDS = {
    "workbook": "Workbook",
    "template": "Partner template",
    "report": "PDF report",
    "print": "Printed report",
}


def export_summary(
    kind: str, level: PrivacyLevel | PrivacyPolicy | None, file_name: str = ""
) -> str:
    """ "Workbook for partners: partners.xlsx", "Printed report for the public"."""
    what = EXPORT_KINDS[kind]
    if level is not None and kind != "template":  # a template is for partners by nature
        what = f"{what} {policy_for(level).audience}"  # the level's policy says who
    name = PureWindowsPath(file_name).name  # no folder, whichever the separator
    return f"{what}: {name}" if name else what
