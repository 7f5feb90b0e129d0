"""The equal-partner checklist (Mind's three questions), answered from the roles.

Each answer is "yes", "partly" or "no", with the evidence that decides it and what would turn
it into a yes. The rules are written out in `RULES` (the help text shows the same words), so
that a user can check an answer by hand from the Roles page. "Staff" follows `STAFF_RULE`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coprod_desktop.analysis.stages import STAFF_RULE, GroupOnStage, StageCoverage
from coprod_desktop.domain.vocabulary import Stage
from coprod_desktop.domain.wording import number_of

YES, PARTLY, NO = "yes", "partly", "no"
ANSWER_LABELS = {YES: "Yes", PARTLY: "Partly", NO: "No"}

# Question 2: people with lived experience decide on an equal footing at a stage when at least
# one of them takes part in its decisions, and the share of them who do is at least this part
# of the share of staff who do.
EQUAL_DECISION_RATIO = 0.8
SHARED_STAGES = (Stage.DESIGN, Stage.DELIVERY)  # question 3

QUESTIONS = (
    "Can people with lived experience work with staff at all stages?",
    "Do people with lived experience have an equal role in making decisions?",
    "Are staff and people with lived experience jointly responsible for design and delivery?",
)

RULES = (
    "Yes when, at every one of the six stages, at least one person with lived experience has "
    "a role on a “doing with” rung (co-design or co-production) and at least one member of "
    "staff has a role too. No when at one or more stages nobody with lived experience has a "
    "role. Partly otherwise.",
    "At a stage, people with lived experience decide as equals when at least one of them takes "
    "part in its decisions and the share of them who do is at least "
    f"{EQUAL_DECISION_RATIO:.0%} of the share of staff who do. Yes when that holds at every "
    "stage. No when nobody with lived experience takes part in decisions at any stage. "
    "Partly otherwise.",
    "Design and delivery are each jointly held when at least one person with lived experience "
    "on a “doing with” rung takes part in their decisions and at least one member of staff has "
    "a role there. Yes when both are jointly held. No when nobody with lived experience has a "
    "“doing with” role in either. Partly otherwise.",
)


@dataclass(frozen=True)
class ChecklistAnswer:
    number: int  # 1, 2 or 3
    question: str
    answer: str  # YES, PARTLY or NO
    evidence: list[str] = field(default_factory=list)  # plain sentences that decide it
    to_yes: str = ""  # what would turn it into a yes ("" when it is a yes)
    rule: str = ""

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[self.answer]


def equal_partner_checklist(stages: list[StageCoverage]) -> list[ChecklistAnswer]:
    """Answer the three questions from who takes part at each stage (see `stage_coverage`)."""
    by_stage = {s.stage: s for s in stages}
    return [
        _all_stages(by_stage),
        _decisions(by_stage),
        _design_and_delivery(by_stage),
    ]


def _answer(number: int, answer: str, evidence: list[str], to_yes: str) -> ChecklistAnswer:
    note = f"Who counts as staff: {STAFF_RULE}"
    return ChecklistAnswer(
        number,
        QUESTIONS[number - 1],
        answer,
        [*evidence, note] if answer != YES else evidence,
        "" if answer == YES else to_yes,
        RULES[number - 1],
    )


def _names(stages: list[Stage]) -> str:
    names = [s.label.lower() for s in stages]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _all_stages(by_stage: dict[Stage, StageCoverage]) -> ChecklistAnswer:
    missing = [st for st in Stage if by_stage[st].lived.people == 0]
    below = [st for st in Stage if st not in missing and by_stage[st].lived.doing_with == 0]
    no_staff = [st for st in Stage if by_stage[st].staff.people == 0]
    evidence = []
    if missing:
        evidence.append(f"Nobody with lived experience has a role in {_names(missing)}.")
    if below:
        evidence.append(
            f"In {_names(below)}, people with lived experience take part but none on a "
            "“doing with” rung (co-design or co-production)."
        )
    if no_staff:
        evidence.append(f"No member of staff has a role in {_names(no_staff)}.")
    if missing:
        return _answer(
            1,
            NO,
            evidence,
            f"Give people with lived experience a role in {_names(missing)}, on a co-design "
            "or co-production rung, alongside staff.",
        )
    if below or no_staff:
        fix = []
        if below:
            fix.append(f"move people with lived experience up to co-design in {_names(below)}")
        if no_staff:
            fix.append(f"make sure staff work alongside them in {_names(no_staff)}")
        return _answer(1, PARTLY, evidence, " and ".join(fix).capitalize() + ".")
    return _answer(
        1,
        YES,
        [
            "At every stage, people with lived experience work on a “doing with” rung "
            "alongside staff."
        ],
        "",
    )


def _share(group: GroupOnStage) -> str:
    return f"{group.decision_makers:,} of {group.people:,} ({group.decision_share:.0%})"


def _decides_equally(stage: StageCoverage) -> bool:
    lived, staff = stage.lived, stage.staff
    if lived.decision_makers == 0:
        return False
    return lived.decision_share >= EQUAL_DECISION_RATIO * staff.decision_share


def _decisions(by_stage: dict[Stage, StageCoverage]) -> ChecklistAnswer:
    absent = [st for st in Stage if by_stage[st].lived.people == 0]
    no_say = [st for st in Stage if st not in absent and by_stage[st].lived.decision_makers == 0]
    unequal = [
        st
        for st in Stage
        if st not in absent and st not in no_say and not _decides_equally(by_stage[st])
    ]
    evidence = []
    if absent:
        its = "its" if len(absent) == 1 else "their"
        evidence.append(
            f"Nobody with lived experience has a role in {_names(absent)}, so they have no "
            f"say in {its} decisions."
        )
    if no_say:
        evidence.append(
            f"In {_names(no_say)}, people with lived experience take part but none of them "
            "in the decisions."
        )
    for st in unequal:
        s = by_stage[st]
        evidence.append(
            f"In {st.label.lower()}, {_share(s.lived)} people with lived experience take part "
            f"in decisions, against {_share(s.staff)} staff."
        )
    if not (absent or no_say or unequal):
        return _answer(
            2,
            YES,
            [
                "At every stage, people with lived experience take part in decisions at "
                "least as often as staff do (within the margin in the rule)."
            ],
            "",
        )
    anyone_decides = any(by_stage[st].lived.decision_makers for st in Stage)
    lacking = [st for st in Stage if st in absent or st in no_say or st in unequal]
    to_yes = (
        f"Give people with lived experience a part in decisions in {_names(lacking)}, as "
        "often as staff have one."
    )
    return _answer(2, PARTLY if anyone_decides else NO, evidence, to_yes)


def _jointly_held(stage: StageCoverage) -> bool:
    return stage.lived.doing_with_decision_makers > 0 and stage.staff.people > 0


def _design_and_delivery(by_stage: dict[Stage, StageCoverage]) -> ChecklistAnswer:
    joint = [st for st in SHARED_STAGES if _jointly_held(by_stage[st])]
    not_joint = [st for st in SHARED_STAGES if st not in joint]
    evidence = []
    for st in not_joint:
        s = by_stage[st]
        name = st.label.lower()
        if s.lived.people == 0:
            evidence.append(f"Nobody with lived experience has a role in {name}.")
        elif s.lived.doing_with == 0:
            evidence.append(
                f"In {name}, nobody with lived experience is on a “doing with” rung "
                f"(the highest is {s.lived.highest.label if s.lived.highest else 'none'})."
            )
        elif s.lived.doing_with_decision_makers == 0:
            evidence.append(
                f"In {name}, people with lived experience co-design or co-produce, but none of "
                "them takes part in its decisions."
            )
        if s.staff.people == 0:
            evidence.append(f"No member of staff has a role in {name}.")
    for st in joint:
        s = by_stage[st]
        deciders = s.lived.doing_with_decision_makers
        take = "takes" if deciders == 1 else "take"
        evidence.append(
            f"{st.label} is jointly held: {number_of(deciders, 'person', 'people')} with lived "
            f"experience on a “doing with” rung {take} part in its decisions, with "
            f"{number_of(s.staff.people, 'member', 'members')} of staff."
        )
    if not not_joint:
        return _answer(3, YES, evidence, "")
    anyone = any(by_stage[st].lived.doing_with for st in SHARED_STAGES)
    to_yes = (
        f"Share {_names(not_joint)} with people with lived experience: co-design or "
        "co-production roles that take part in decisions, alongside staff."
    )
    return _answer(3, PARTLY if anyone or joint else NO, evidence, to_yes)
