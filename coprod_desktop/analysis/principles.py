"""The four principles of co-production (Mind's toolkit), measured from the audit's records.

- Equality: who takes part in decisions, has a role title or is paid, by hat.
- Diversity: who is involved (hats, languages) and which groups of the area are missing
  (from "who are we leaving out?").
- Accessibility: the access needs people recorded, against the community assets (the places
  and meetings of the work) that offer them.
- Reciprocity: what people asked to get back, against what their roles give them.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import dataclass

from coprod_desktop.analysis.leaving_out import LeavingOut
from coprod_desktop.domain.vocabulary import Access, AssetStatus, Hat, Reciprocity
from coprod_desktop.domain.wording import number_of
from coprod_desktop.store.queries import people as people_queries

EQUALITY_RULE = (
    "For each hat, the people who hold at least one role: how many of them take part in "
    "decisions, have a role title and are paid. A person who wears several hats counts under "
    "each of them."
)
ACCESSIBILITY_RULE = (
    "A need is met when at least one active community asset offers it. Needs come from what "
    "people recorded about themselves; features from the asset register."
)
RECIPROCITY_RULE = (
    "What a person asked to get back is matched against what their roles give them (a paid "
    "role counts as payment). A person asked for something and gets it when at least one of "
    "their roles gives it."
)


@dataclass(frozen=True)
class HatEquality:
    hat: Hat
    with_roles: int  # people wearing this hat who hold at least one role
    decision_makers: int  # of whom take part in decisions in at least one role
    titled: int  # of whom have a role title in at least one role
    paid: int  # of whom are paid in at least one role

    def share(self, n: int) -> float:
        return n / self.with_roles if self.with_roles else 0.0


@dataclass(frozen=True)
class Equality:
    by_hat: list[HatEquality]
    sentence: str
    rule: str = EQUALITY_RULE


@dataclass(frozen=True)
class Diversity:
    people_by_hat: dict[Hat, int]
    languages: int  # languages people speak, counted once each
    under_represented: list[str]  # "Ethnic group: Black, Black British..." from leaving out
    sentence: str


@dataclass(frozen=True)
class AccessNeed:
    need: Access
    people: int  # people who recorded this need
    assets: int  # active community assets that offer it

    @property
    def met(self) -> bool:
        return self.assets > 0


@dataclass(frozen=True)
class Accessibility:
    needs: list[AccessNeed]  # every kind of need, most needed first
    people_with_needs: int
    sentence: str
    rule: str = ACCESSIBILITY_RULE

    @property
    def unmet(self) -> list[AccessNeed]:
        return [n for n in self.needs if n.people and not n.met]


@dataclass(frozen=True)
class ReturnWanted:
    kind: Reciprocity
    asked: int  # people who asked for it
    given: int  # of whom get it from at least one role


@dataclass(frozen=True)
class ReciprocityPrinciple:
    returns: list[ReturnWanted]  # every kind, most asked for first
    asked_anything: int  # people who asked for anything back
    with_roles_getting_nothing: int  # people with roles who asked, and get none of it
    sentence: str
    rule: str = RECIPROCITY_RULE


@dataclass(frozen=True)
class Principles:
    equality: Equality
    diversity: Diversity
    accessibility: Accessibility
    reciprocity: ReciprocityPrinciple


@functools.lru_cache(maxsize=4096)
def _codes(text: str | None, kind: type) -> tuple:
    """Decode a JSON list of codes, leaving out codes this version does not know.

    The same few lists repeat across thousands of people, so each is decoded once.
    """
    try:
        values = json.loads(text or "[]")
    except ValueError:
        return ()
    known = []
    for value in values if isinstance(values, list) else []:
        try:
            known.append(kind(value))
        except (TypeError, ValueError):
            continue
    return tuple(known)


def principles(store, leaving_out: LeavingOut) -> Principles:
    """Measure the four principles (see the module's docstring for what each counts)."""
    role_rows = people_queries.roles_per_person(store)
    needs = Counter()
    wants = Counter()
    languages: set[str] = set()
    people_with_needs = asked_anything = 0
    for needs_text, wants_text, languages_text, n in people_queries.people_lists(store):
        person_needs = set(_codes(needs_text, Access))
        person_wants = set(_codes(wants_text, Reciprocity))
        people_with_needs += n if person_needs else 0
        asked_anything += n if person_wants else 0
        for need in person_needs:
            needs[need] += n
        for want in person_wants:
            wants[want] += n
        languages.update(name.strip().casefold() for name in _codes(languages_text, str))
    languages.discard("")
    return Principles(
        _equality(store, role_rows),
        _diversity(store, leaving_out, len(languages)),
        _accessibility(store, needs, people_with_needs),
        _reciprocity(role_rows, wants, asked_anything),
    )


def _equality(store, role_rows: list[tuple]) -> Equality:
    per_person = {row[0]: row[1:4] for row in role_rows}
    tallies = {hat: [0, 0, 0, 0] for hat in Hat}
    for person_id, hat in people_queries.hats_of_role_holders(store):
        flags = per_person.get(person_id)
        if flags is None:
            continue  # a deleted person
        try:
            tally = tallies[Hat(hat)]
        except ValueError:
            continue
        tally[0] += 1
        for index, flag in enumerate(flags, start=1):
            tally[index] += bool(flag)
    by_hat = [HatEquality(hat, *tallies[hat]) for hat in Hat]
    lived = next(h for h in by_hat if h.hat is Hat.LIVED_EXPERIENCE)
    staff = next(h for h in by_hat if h.hat is Hat.STAFF)
    if not lived.with_roles:
        sentence = "Nobody with lived experience holds a role yet."
    else:
        who = number_of(
            lived.with_roles,
            "person with lived experience who holds a role",
            "people with lived experience who hold a role",
        )
        sentence = (
            f"Of the {who}, "
            f"{lived.share(lived.decision_makers):.0%} take part in decisions, "
            f"{lived.share(lived.titled):.0%} have a role title and "
            f"{lived.share(lived.paid):.0%} are paid"
        )
        if staff.with_roles:
            sentence += (
                f"; of the {staff.with_roles:,} staff, "
                f"{staff.share(staff.decision_makers):.0%}, {staff.share(staff.titled):.0%} "
                f"and {staff.share(staff.paid):.0%}."
            )
        else:
            sentence += "; no staff hold a role."
    return Equality(by_hat, sentence)


def _diversity(store, leaving_out: LeavingOut, languages: int) -> Diversity:
    by_hat = dict.fromkeys(Hat, 0)
    for hat, n in people_queries.people_by_hat(store):
        try:
            by_hat[Hat(hat)] += n
        except ValueError:
            continue
    under = [f"{g.question_label}: {g.label}" for g in leaving_out.under_represented]
    worn = [f"{hat.label.lower()} {n:,}" for hat, n in by_hat.items() if n]
    if not leaving_out.people:
        return Diversity(by_hat, languages, under, "No people have been recorded yet.")
    parts = [
        "People wear these hats: " + ", ".join(worn) + "." if worn else "No hats recorded yet.",
        f"They speak {number_of(languages, 'language', 'languages')}."
        if languages
        else "No languages recorded yet.",
    ]
    if not leaving_out.has_reference:
        parts.append("No reference population for the area yet, so groups cannot be compared.")
    elif under:
        parts.append(f"{number_of(len(under), 'group is', 'groups are')} under-represented.")
    else:
        parts.append("No group of the area is clearly under-represented.")
    return Diversity(by_hat, languages, under, " ".join(parts))


def _accessibility(store, needs: Counter, people_with_needs: int) -> Accessibility:
    offered = Counter()
    for (features,) in people_queries.asset_accessibility(store, AssetStatus.ACTIVE.value):
        offered.update(set(_codes(features, Access)))
    rows = sorted(
        (AccessNeed(access, needs[access], offered[access]) for access in Access),
        key=lambda n: -n.people,
    )
    result = Accessibility(rows, people_with_needs, "")
    unmet = result.unmet
    if not people_with_needs:
        sentence = "Nobody has recorded an access need yet."
    elif unmet:
        names = ", ".join(f"{n.need.label.lower()} ({n.people:,})" for n in unmet)
        sentence = (
            f"{number_of(people_with_needs, 'person', 'people')} recorded access needs. No "
            "active community asset "
            f"offers: {names}."
        )
    else:
        sentence = (
            f"{number_of(people_with_needs, 'person', 'people')} recorded access needs; every "
            "need is offered by at "
            "least one active community asset."
        )
    return Accessibility(rows, people_with_needs, sentence)


def _reciprocity(
    role_rows: list[tuple], wants: Counter, asked_anything: int
) -> ReciprocityPrinciple:
    given = Counter()
    nothing = 0
    for _id, _decides, _titled, paid, returns_text, wants_text in role_rows:
        person_wants = set(_codes(wants_text, Reciprocity))
        if not person_wants:
            continue
        gets = set()
        for text in (returns_text or "").split("|"):
            gets.update(_codes(text, Reciprocity))
        if paid:
            gets.add(Reciprocity.PAYMENT)
        met = person_wants & gets
        given.update(met)
        nothing += not met
    rows = sorted(
        (ReturnWanted(kind, wants[kind], given[kind]) for kind in Reciprocity),
        key=lambda r: -r.asked,
    )
    if not asked_anything:
        sentence = "Nobody has recorded what they would like in return yet."
    else:
        short = [r for r in rows if r.asked and r.given < r.asked]
        worst = min(short, key=lambda r: r.given / r.asked, default=None)
        sentence = (
            f"{number_of(asked_anything, 'person', 'people')} said what they would like in return."
        )
        if nothing:
            sentence += f" {nothing:,} of those who hold a role get none of what they asked for."
        if worst is not None:
            sentence += (
                f" The least met: {worst.kind.label.lower()}, asked for by {worst.asked:,} and "
                f"given to {worst.given:,}."
            )
    return ReciprocityPrinciple(rows, asked_anything, nothing, sentence)
