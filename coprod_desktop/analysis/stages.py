"""Who takes part at each stage of the work, on which rung of the ladder, and plain counts.

The roles are grouped in the database by stage, rung, decision rights and whether the person
wears the lived-experience hat: at most a few hundred rows, whatever the size of the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coprod_desktop.domain.vocabulary import ActionStatus, Band, Hat, Rung, Stage


@dataclass(frozen=True)
class StageCoverage:
    """The people with a role at one stage."""

    stage: Stage
    people: int  # people with a role at this stage
    lived_experience: int  # of whom wear the lived-experience hat
    decision_makers: int  # people who take part in decisions at this stage
    lived_experience_decision_makers: int
    bands: dict[Band, int] = field(default_factory=dict)  # people per band of the ladder
    lived_experience_bands: dict[Band, int] = field(default_factory=dict)
    top_lived_experience_rung: Rung | None = None  # highest rung held with lived experience


_ROLES_SQL = """
    SELECT r.stage, r.rung, r.decisions,
           EXISTS (SELECT 1 FROM person_hat AS h WHERE h.person_id = r.person_id AND h.hat = ?),
           count(*)
    FROM role AS r JOIN person AS p ON p.id = r.person_id AND p.deleted = 0
    WHERE r.deleted = 0
    GROUP BY 1, 2, 3, 4
"""


def stage_coverage(store) -> list[StageCoverage]:
    """Return who takes part at every stage, in the order of `Stage`."""
    tallies = {stage: _Tally() for stage in Stage}
    for stage, rung, decisions, lived, n in store.query(_ROLES_SQL, (Hat.LIVED_EXPERIENCE.value,)):
        try:
            tally, rung = tallies[Stage(stage)], Rung(rung)
        except ValueError:  # a code from a newer version: leave it out rather than fail
            continue
        tally.add(rung, bool(decisions), bool(lived), n)
    return [tallies[stage].result(stage) for stage in Stage]


class _Tally:
    def __init__(self) -> None:
        self.people = self.lived = self.deciders = self.lived_deciders = 0
        self.bands = dict.fromkeys(Band, 0)
        self.lived_bands = dict.fromkeys(Band, 0)
        self.top: Rung | None = None

    def add(self, rung: Rung, decisions: bool, lived: bool, n: int) -> None:
        self.people += n
        self.bands[rung.band] += n
        if decisions:
            self.deciders += n
        if lived:
            self.lived += n
            self.lived_bands[rung.band] += n
            self.lived_deciders += n if decisions else 0
            if self.top is None or rung.rank > self.top.rank:
                self.top = rung

    def result(self, stage: Stage) -> StageCoverage:
        return StageCoverage(
            stage,
            self.people,
            self.lived,
            self.deciders,
            self.lived_deciders,
            self.bands,
            self.lived_bands,
            self.top,
        )


_OPEN = (ActionStatus.PLANNED.value, ActionStatus.IN_PROGRESS.value)

_COUNTS_SQL = """
    SELECT
        (SELECT count(*) FROM person WHERE deleted = 0),
        (SELECT count(*) FROM capability WHERE deleted = 0),
        (SELECT count(*) FROM asset WHERE deleted = 0),
        (SELECT count(*) FROM element_link WHERE deleted = 0),
        (SELECT count(*) FROM role WHERE deleted = 0),
        (SELECT count(*) FROM action WHERE deleted = 0 AND status IN (?, ?)),
        (SELECT count(*) FROM action WHERE deleted = 0 AND status = ?),
        (SELECT count(*) FROM action
            WHERE deleted = 0 AND status IN (?, ?) AND due IS NOT NULL AND due < ?),
        (SELECT count(*) FROM assessment_round WHERE deleted = 0),
        (SELECT count(*) FROM reference_share WHERE deleted = 0)
"""

COUNT_KEYS = (
    "people",
    "capabilities",
    "assets",
    "element_links",
    "roles",
    "actions_open",
    "actions_done",
    "actions_overdue",
    "assessment_rounds",
    "reference_shares",
)


def audit_counts(store, today: date | None = None) -> dict[str, int]:
    """Return plain counts of live records, keyed by the names in COUNT_KEYS.

    Open actions are those not started or in progress; overdue ones are open with a due date
    before `today` (the real today when not given).
    """
    today = today or date.today()
    row = store.query(_COUNTS_SQL, (*_OPEN, ActionStatus.DONE.value, *_OPEN, today.isoformat()))
    return dict(zip(COUNT_KEYS, row[0], strict=True))
