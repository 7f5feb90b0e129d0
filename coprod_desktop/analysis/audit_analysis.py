"""Every analysis of an audit in one result, for the command line, the window and the reports.

`analyse(store)` runs them all; `AuditAnalysis.to_json()` gives one JSON object with the keys
coverage, ladder, checklist, principles, leaving_out and progress (plus untapped and counts),
and `to_text()` the same as readable text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coprod_desktop.analysis.checklist import ChecklistAnswer, equal_partner_checklist
from coprod_desktop.analysis.coverage import (
    THIN_RULE,
    ElementCoverage,
    Untapped,
    element_coverage,
    thin_elements,
    untapped_capabilities,
)
from coprod_desktop.analysis.leaving_out import LeavingOut, leaving_out
from coprod_desktop.analysis.principles import Principles, principles
from coprod_desktop.analysis.progress import Progress, progress, rating_text
from coprod_desktop.analysis.stages import (
    STAFF_RULE,
    GroupOnStage,
    StageCoverage,
    audit_counts,
    stage_coverage,
)
from coprod_desktop.domain.vocabulary import Band, Principle
from coprod_desktop.domain.wording import number_of

BANDS_RULE = (
    "The ladder's lowest two rungs (coercion, educating) are “doing to”, the next three "
    "(informing, consultation, engagement) “doing for”, the top two (co-design, "
    "co-production) “doing with”. The typical rung is the middle one of the group's roles."
)


@dataclass(frozen=True)
class AuditAnalysis:
    counts: dict[str, int]
    coverage: list[ElementCoverage]
    untapped: Untapped
    ladder: list[StageCoverage]
    checklist: list[ChecklistAnswer]
    principles: Principles
    leaving_out: LeavingOut
    progress: Progress

    @property
    def thin_elements(self) -> list[ElementCoverage]:
        """The thin elements, all of them: what the Overview and the report list as missing."""
        return thin_elements(self.coverage)

    def principle_rating(self, principle: Principle) -> int | None:
        return self.progress.rating(principle).latest

    def to_json(self) -> dict:
        return {
            "counts": self.counts,
            "coverage": {c.element.value: _coverage_json(c) for c in self.coverage},
            "untapped": {
                "count": self.untapped.count,
                "examples": [
                    {
                        "id": u.id,
                        "description": u.description,
                        "kind": u.kind.value,
                        "person": u.person,
                    }
                    for u in self.untapped.examples
                ],
            },
            "ladder": {s.stage.value: _stage_json(s) for s in self.ladder},
            "checklist": [
                {
                    "number": a.number,
                    "question": a.question,
                    "answer": a.answer,
                    "evidence": a.evidence,
                    "to_yes": a.to_yes,
                    "rule": a.rule,
                }
                for a in self.checklist
            ],
            "principles": self._principles_json(),
            "leaving_out": _leaving_out_json(self.leaving_out),
            "progress": _progress_json(self.progress),
        }

    def _principles_json(self) -> dict:
        p = self.principles
        rating = self.principle_rating
        return {
            "equality": {
                "rating": rating(Principle.EQUALITY),
                "sentence": p.equality.sentence,
                "rule": p.equality.rule,
                "by_hat": {
                    h.hat.value: {
                        "with_roles": h.with_roles,
                        "decision_makers": h.decision_makers,
                        "titled": h.titled,
                        "paid": h.paid,
                    }
                    for h in p.equality.by_hat
                },
            },
            "diversity": {
                "rating": rating(Principle.DIVERSITY),
                "sentence": p.diversity.sentence,
                "people_by_hat": {hat.value: n for hat, n in p.diversity.people_by_hat.items()},
                "languages": p.diversity.languages,
                "under_represented": p.diversity.under_represented,
            },
            "accessibility": {
                "rating": rating(Principle.ACCESSIBILITY),
                "sentence": p.accessibility.sentence,
                "rule": p.accessibility.rule,
                "people_with_needs": p.accessibility.people_with_needs,
                "needs": {
                    n.need.value: {"people": n.people, "assets": n.assets, "met": n.met}
                    for n in p.accessibility.needs
                },
            },
            "reciprocity": {
                "rating": rating(Principle.RECIPROCITY),
                "sentence": p.reciprocity.sentence,
                "rule": p.reciprocity.rule,
                "asked_anything": p.reciprocity.asked_anything,
                "with_roles_getting_nothing": p.reciprocity.with_roles_getting_nothing,
                "returns": {
                    r.kind.value: {"asked": r.asked, "given": r.given}
                    for r in p.reciprocity.returns
                },
            },
        }

    def to_text(self) -> str:
        return "\n".join(_text_lines(self)) + "\n"


def analyse(store, today: date | None = None, round_id: str | None = None) -> AuditAnalysis:
    """Run every analysis on the audit (`round_id`: the self-assessment round to look at)."""
    today = today or date.today()
    counts = audit_counts(store, today)
    ladder = stage_coverage(store)
    gaps = leaving_out(store)
    return AuditAnalysis(
        counts=counts,
        coverage=element_coverage(store),
        untapped=untapped_capabilities(store),
        ladder=ladder,
        checklist=equal_partner_checklist(ladder),
        principles=principles(store, gaps),
        leaving_out=gaps,
        progress=progress(store, today, round_id, counts),
    )


# -- JSON ------------------------------------------------------------------------------------


def _rung(rung) -> str | None:
    return rung.value if rung else None


def _coverage_json(c: ElementCoverage) -> dict:
    return {
        "name": c.element.label,
        "nef_name": c.element.info.nef_name,
        "people": c.people,
        "capabilities": c.capabilities,
        "assets": c.assets,
        "links": {"strong": c.strong, "moderate": c.moderate, "weak": c.weak},
        "total_strength": c.total_strength,
        "thin": c.thin,
        "reason": c.reason,
        "rule": THIN_RULE,
    }


def _group_json(g: GroupOnStage) -> dict:
    return {
        "people": g.people,
        "decision_makers": g.decision_makers,
        "highest_rung": _rung(g.highest),
        "typical_rung": _rung(g.typical),
        "bands": {band.value: n for band, n in g.bands.items()},
    }


def _stage_json(s: StageCoverage) -> dict:
    return {
        "name": s.stage.label,
        "people": s.people,
        "decision_makers": s.decision_makers,
        "by_hat": {hat.value: n for hat, n in s.by_hat.items()},
        "bands": {band.value: n for band, n in s.bands.items()},
        "lived_experience": _group_json(s.lived),
        "staff": _group_json(s.staff),
        "rule": f"{BANDS_RULE} {STAFF_RULE}",
    }


def _leaving_out_json(lo: LeavingOut) -> dict:
    return {
        "people": lo.people,
        "has_reference": lo.has_reference,
        "sentence": lo.sentence,
        "rule": lo.rule,
        "unknown_reference_questions": lo.unknown_reference,
        "questions": {
            q.question: {
                "label": q.label,
                "compared": q.compared if q.compared is not None else "<5",
                "groups": [
                    {
                        "group": g.group,
                        "label": g.label,
                        "count": g.count,
                        "shown": g.shown,
                        "share": _rounded(g.share),
                        "reference": _rounded(g.reference),
                        "difference": _rounded(g.difference),
                        "under_represented": g.under_represented,
                    }
                    for g in q.groups
                ],
            }
            for q in lo.questions
        },
        "under_represented": [
            {"question": g.question, "group": g.group, "label": f"{g.question_label}: {g.label}"}
            for g in lo.under_represented
        ],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _progress_json(p: Progress) -> dict:
    return {
        "rounds": [
            {
                "id": r.id,
                "held_on": r.held_on.isoformat(),
                "participants": r.participants,
                "rated": r.rated,
            }
            for r in p.rounds
        ],
        "round": p.round_id,
        "previous_round": p.previous_round_id,
        "first_round": p.first_round_id,
        "ratings": [
            {
                "kind": r.kind,
                "key": r.subject.value,
                "name": r.subject.label,
                "latest": r.latest,
                "previous": r.previous,
                "first": r.first,
                "since_previous": r.since_previous,
                "since_first": r.since_first,
                "evidence": r.evidence,
            }
            for r in p.ratings
        ],
        "actions": {"done": p.actions_done, "open": p.actions_open, "overdue": p.actions_overdue},
        "overdue_actions": [
            {
                "id": a.id,
                "title": a.title,
                "owner": a.owner,
                "due": a.due.isoformat(),
                "element": a.element.value if a.element else None,
            }
            for a in p.overdue
        ],
        "rule": p.explanation,
    }


# -- text ------------------------------------------------------------------------------------


def _heading(title: str) -> list[str]:
    return ["", title, "=" * len(title)]


def _group_text(name: str, g: GroupOnStage) -> str:
    if not g.people:
        return f"  {name}: nobody"
    return (
        f"  {name}: {g.people:,} ({g.decision_makers:,} in decisions); highest rung "
        f"{g.highest.label if g.highest else '-'}, typical {g.typical.label if g.typical else '-'}"
    )


def _text_lines(a: AuditAnalysis) -> list[str]:
    lines = _heading("Six elements: coverage")
    for c in a.coverage:
        lines.append(
            f"{c.element.label}: {number_of(c.people, 'person')}, "
            f"{number_of(c.capabilities, 'capability')}, {number_of(c.assets, 'asset')}; "
            f"links strong {c.strong:,}, moderate {c.moderate:,}, weak {c.weak:,}. {c.reason}"
        )
    lines.append(f"Not linked to any element: {number_of(a.untapped.count, 'capability')}.")
    lines.append(f"({THIN_RULE})")

    lines += _heading("Roles and the ladder")
    for s in a.ladder:
        bands = ", ".join(f"{band.label.lower()} {s.bands[band]:,}" for band in Band)
        hats = ", ".join(f"{hat.label.lower()} {n:,}" for hat, n in s.by_hat.items() if n)
        lines.append(f"{s.stage.label}: {number_of(s.people, 'person')} ({bands})")
        if hats:
            lines.append(f"  by hat: {hats}")
        lines.append(_group_text("lived experience", s.lived))
        lines.append(_group_text("staff", s.staff))
    lines.append(f"({BANDS_RULE} {STAFF_RULE})")

    lines += _heading("Equal-partner checklist")
    for answer in a.checklist:
        lines.append(f"{answer.number}. {answer.question} {answer.answer_label}.")
        lines += [f"   - {e}" for e in answer.evidence]
        if answer.to_yes:
            lines.append(f"   To make it a yes: {answer.to_yes}")
        lines.append(f"   Rule: {answer.rule}")

    lines += _heading("Principles")
    p = a.principles
    for principle, sentence in (
        (Principle.EQUALITY, p.equality.sentence),
        (Principle.DIVERSITY, p.diversity.sentence),
        (Principle.ACCESSIBILITY, p.accessibility.sentence),
        (Principle.RECIPROCITY, p.reciprocity.sentence),
    ):
        rated = rating_text(a.principle_rating(principle))
        lines.append(f"{principle.label} (self-assessment: {rated}): {sentence}")

    lines += _heading("Who are we leaving out?")
    lines.append(a.leaving_out.sentence)
    for q in a.leaving_out.questions:
        if not q.has_reference:
            continue
        lines.append(f"{q.label}:")
        for g in q.groups:
            if g.reference is None:
                continue
            share = "hidden" if g.share is None else f"{g.share:.1%}"
            mark = "  (under-represented)" if g.under_represented else ""
            lines.append(
                f"  {g.label}: {g.shown} people, {share} against {g.reference:.1%} of the "
                f"area{mark}"
            )
    lines.append(f"({a.leaving_out.rule})")

    lines += _heading("Progress")
    pr = a.progress
    if not pr.rounds:
        lines.append("No self-assessment yet.")
    else:
        current, previous = pr.current, pr.previous
        held = f"{current.held_on:%d %B %Y}" if current else "-"
        before = f", compared with {previous.held_on:%d %B %Y}" if previous else ""
        lines.append(f"Self-assessment of {held}{before}:")
        lines += [f"  {r.sentence}" for r in pr.ratings]
    lines.append(
        f"Actions: {pr.actions_done:,} done, {pr.actions_open:,} open, "
        f"{pr.actions_overdue:,} overdue."
    )
    lines += [
        f"  Overdue since {o.due:%d/%m/%Y}: {o.title} ({o.owner or 'no owner'})" for o in pr.overdue
    ]
    return lines[1:]
