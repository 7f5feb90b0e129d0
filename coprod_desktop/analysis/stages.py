"""Roles and the ladder: who takes part at each stage of the work, by hat, on which rung.

Also the plain counts of the audit's records, for the Overview's tiles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coprod_desktop.domain.vocabulary import Band, Hat, Rung, Stage
from coprod_desktop.store.queries.counts import OPEN_STATUSES as OPEN_STATUSES  # public_tables
from coprod_desktop.store.queries.counts import action_counts
from coprod_desktop.store.queries.people import HAT_BITS, roles_by_stage

STAFF_HATS = (Hat.STAFF, Hat.PROFESSIONAL)
STAFF_RULE = (
    "“Staff” means people who wear the staff or professional hat and not the lived-experience "
    "hat; someone who wears both counts as a person with lived experience."
)


@dataclass(frozen=True)
class GroupOnStage:
    """The people of one group (everyone, lived experience or staff) with a role at a stage."""

    people: int = 0
    decision_makers: int = 0  # who take part in decisions at this stage
    doing_with_decision_makers: int = 0  # on a "doing with" rung and in decisions
    rungs: dict[Rung, int] = field(default_factory=lambda: dict.fromkeys(Rung, 0))

    @property
    def bands(self) -> dict[Band, int]:
        bands = dict.fromkeys(Band, 0)
        for rung, n in self.rungs.items():
            bands[rung.band] += n
        return bands

    @property
    def highest(self) -> Rung | None:
        """The highest rung anyone of the group holds here."""
        return next((rung for rung in reversed(Rung) if self.rungs.get(rung)), None)

    @property
    def typical(self) -> Rung | None:
        """The middle rung (the median) of the group's roles here."""
        if not self.people:
            return None
        middle, seen = (self.people + 1) // 2, 0
        for rung in Rung:
            seen += self.rungs.get(rung, 0)
            if seen >= middle:
                return rung
        return None

    @property
    def doing_with(self) -> int:
        return self.bands[Band.DOING_WITH]

    @property
    def decision_share(self) -> float:
        return self.decision_makers / self.people if self.people else 0.0


@dataclass(frozen=True)
class StageCoverage:
    """Who takes part at one stage: everyone, by hat, and people with lived experience
    against staff (see STAFF_RULE), with their rungs of the ladder."""

    stage: Stage
    everyone: GroupOnStage = field(default_factory=GroupOnStage)
    lived: GroupOnStage = field(default_factory=GroupOnStage)
    staff: GroupOnStage = field(default_factory=GroupOnStage)
    by_hat: dict[Hat, int] = field(default_factory=lambda: dict.fromkeys(Hat, 0))

    # The plain numbers the Overview's heat map and sentences use.
    @property
    def people(self) -> int:
        return self.everyone.people

    @property
    def lived_experience(self) -> int:
        return self.lived.people

    @property
    def decision_makers(self) -> int:
        return self.everyone.decision_makers

    @property
    def lived_experience_decision_makers(self) -> int:
        return self.lived.decision_makers

    @property
    def bands(self) -> dict[Band, int]:
        return self.everyone.bands

    @property
    def lived_experience_bands(self) -> dict[Band, int]:
        return self.lived.bands

    @property
    def top_lived_experience_rung(self) -> Rung | None:
        return self.lived.highest


def stage_coverage(store) -> list[StageCoverage]:
    """Return who takes part at every stage, in the order of `Stage`.

    Codes from a newer version of Coprod Desktop are left out.
    """
    groups = {stage: (_Tally(), _Tally(), _Tally()) for stage in Stage}
    hats = {stage: dict.fromkeys(Hat, 0) for stage in Stage}
    lived_bit = HAT_BITS[Hat.LIVED_EXPERIENCE]
    staff_bits = sum(HAT_BITS[hat] for hat in STAFF_HATS)
    for stage, rung, decisions, mask, n in roles_by_stage(store):
        try:
            stage, rung = Stage(stage), Rung(rung)
        except ValueError:
            continue
        everyone, lived, staff = groups[stage]
        mask = int(mask)
        everyone.add(rung, bool(decisions), n)
        if mask & lived_bit:
            lived.add(rung, bool(decisions), n)
        elif mask & staff_bits:
            staff.add(rung, bool(decisions), n)
        for hat, bit in HAT_BITS.items():
            if mask & bit:
                hats[stage][hat] += n
    return [
        StageCoverage(stage, *(tally.result() for tally in groups[stage]), hats[stage])
        for stage in Stage
    ]


class _Tally:
    def __init__(self) -> None:
        self.people = self.deciders = self.doing_with_deciders = 0
        self.rungs = dict.fromkeys(Rung, 0)

    def add(self, rung: Rung, decisions: bool, n: int) -> None:
        self.people += n
        self.rungs[rung] += n
        if decisions:
            self.deciders += n
            if rung.band is Band.DOING_WITH:
                self.doing_with_deciders += n

    def result(self) -> GroupOnStage:
        return GroupOnStage(self.people, self.deciders, self.doing_with_deciders, self.rungs)


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
    counts = store.counts(
        "people",
        "capabilities",
        "assets",
        "element_links",
        "roles",
        "assessments",
        "reference_shares",
    )
    open_, done, overdue = action_counts(store, today)
    return {
        "people": counts["people"],
        "capabilities": counts["capabilities"],
        "assets": counts["assets"],
        "element_links": counts["element_links"],
        "roles": counts["roles"],
        "actions_open": open_,
        "actions_done": done,
        "actions_overdue": overdue,
        "assessment_rounds": counts["assessments"],
        "reference_shares": counts["reference_shares"],
    }
