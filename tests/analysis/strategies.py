"""Hypothesis strategies for arbitrary audits that the store accepts, and a builder for them.

A strategy draws an `AuditPlan`: plain records (with fixed ids) and the edits to make. `built`
writes a plan into a fresh `.coprod` file through the real `AuditStore` (add, add_many, update,
delete) and yields the open store; the file is removed afterwards. Records that the store
refuses (a control character typed into a note, a reference group the app does not know, a role
at a stage where the person already has one) are left out, as they would be in the window, and
whatever pointed at them is refused in turn.

Plans are data, so hypothesis can shrink them and a failing example prints as records.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from pathlib import Path

from hypothesis import strategies as st

from coprod_desktop.domain import (
    Access,
    Action,
    ActionStatus,
    AssessmentRating,
    AssessmentRound,
    AssetCategory,
    AssetConnection,
    AssetStatus,
    Audit,
    Capability,
    CapabilityKind,
    CommunityAsset,
    ConsentScope,
    Element,
    ElementLink,
    Hat,
    Person,
    Principle,
    Reciprocity,
    Record,
    ReferenceShare,
    Role,
    Rung,
    Stage,
    ValidationError,
    problems,
)
from coprod_desktop.domain.equality import QUESTIONS
from coprod_desktop.store import AuditStore

# The day the analyses are run for. Dates the store checks against the real today (rounds held,
# consent given) are drawn up to this day, so plans stay valid whenever the tests run.
TODAY = date(2025, 6, 30)
EARLIEST = date(2015, 1, 1)

_NAMESPACE = uuid.UUID("6f1c1d1e-5b0e-4c55-9a53-c0bd0c0de000")


def record_id(kind: str, number: int) -> str:
    """Return the same UUID for the same planned record in every build (builds compare)."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}-{number}"))


# -- text ------------------------------------------------------------------------------------

# The store refuses these control characters in every text field; tab, CR and LF are allowed,
# and so are C1 controls (U+0080 to U+009F), format characters and everything printable.
REFUSED_CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)]

ODD_TEXTS = (
    "Zoë Ŵyn-Ŷr",  # Welsh letters
    "👩🏽‍🦯 🏳️‍🌈 🇬🇧",  # emoji with joiners, skin tones and flags
    "مرحبا بالعالم",  # Arabic, right to left
    "שלום עולם",  # Hebrew
    "\u202eevil\u202c txt",  # right-to-left override
    "a\u200bb\u200dc\ufeff",  # zero-width characters and a byte-order mark
    "line one\r\nline two\tthen a tab",
    "\x85\x9f C1 controls",
    "=SUM(A1:A9)",
    "@cmd|' /C calc'!A0",
    "<5",
    "5",
    "0",
    "null",
    "NaN",
    "Robert'); DROP TABLE person;--",
    '"quoted" and \\back\\slashed',
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \U0010fffd",
    "e\u0301\u0301\u0301 combining",
    "　ideographic space",
    "x" * 70,  # past the store's quick check for short printable text
)

_SAFE_CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters=REFUSED_CONTROLS)


def texts(*, max_size: int = 12) -> st.SearchStrategy[str]:
    """Text as people type or paste it: any script, emoji, RTL marks, tabs and line breaks."""
    return st.one_of(st.text(_SAFE_CHARACTERS, max_size=max_size), st.sampled_from(ODD_TEXTS))


# Strategies are built once: hypothesis checks a strategy the first time it draws from it, and
# building them afresh for every field made drawing a plan ten times slower than building it.
TEXT = texts()
SHORT_TEXTS = st.lists(texts(max_size=6), max_size=2).map(tuple)
# Names and titles are required: text around at least one character that is not a space.
NAME = st.one_of(
    st.builds(
        lambda head, core, tail: head + core + tail,
        st.text(_SAFE_CHARACTERS, max_size=4),
        st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
        st.text(_SAFE_CHARACTERS, max_size=8),
    ),
    st.sampled_from(ODD_TEXTS),
)
# Text with a control character the store refuses (the records that carry it are refused).
REFUSED_TEXT = st.builds(
    lambda head, control, tail: head + control + tail,
    st.text(_SAFE_CHARACTERS, max_size=4),
    st.sampled_from(REFUSED_CONTROLS),
    st.text(_SAFE_CHARACTERS, max_size=4),
)
ONE_IN_TEN = st.integers(0, 9).map(lambda n: n == 0)
BOOL = st.booleans()
SCORE = st.one_of(st.none(), st.integers(1, 5))
PAST_DATE = st.one_of(
    st.dates(min_value=EARLIEST, max_value=TODAY), st.sampled_from([TODAY, EARLIEST])
)
MAYBE_PAST_DATE = st.one_of(st.none(), PAST_DATE)
# None, due yesterday (overdue), today and tomorrow (not overdue), long past, far future.
DUE_DATE = st.one_of(
    st.none(),
    st.sampled_from([TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)]),
    st.dates(min_value=TODAY - timedelta(days=800), max_value=TODAY + timedelta(days=800)),
)


def _codes(kind, *, max_size: int = 3) -> st.SearchStrategy[tuple]:
    # Duplicates are possible: the store keeps what it is given.
    return st.lists(st.sampled_from(kind), max_size=max_size).map(tuple)


HATS = st.one_of(
    st.just(()),
    st.just((Hat.LIVED_EXPERIENCE, Hat.STAFF)),
    st.sampled_from([(Hat.LIVED_EXPERIENCE,), (Hat.STAFF,)]),
    _codes(Hat, max_size=4),
)
RECIPROCITIES = _codes(Reciprocity)
NEEDS = _codes(Access)
FEATURES = _codes(Access, max_size=4)
ELEMENT = st.sampled_from(Element)
MAYBE_ELEMENT = st.one_of(st.none(), ELEMENT)
STAGE = st.sampled_from(Stage)
RUNG = st.sampled_from(Rung)
ACTION_STATUS = st.sampled_from(ActionStatus)
SCOPE = st.sampled_from(ConsentScope)
# The subject of a rating: an element or a principle, never both.
SUBJECT = st.one_of(
    ELEMENT.map(lambda e: (e, None)), st.sampled_from(Principle).map(lambda p: (None, p))
)
SHARE = st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 0.5, 1.0]))
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)
# Each audit draws a palette of 1 to 3 answers per question, so that among 12 people some
# groups reach 5 (shown) while others stay under 5 (suppressed).
PALETTES = {
    q.key: st.lists(st.sampled_from(q.codes), min_size=1, max_size=3, unique=True)
    for q in QUESTIONS
}
# Which questions a person answered: all of them, or any few.
EMAILS = ("ann@example.org", "ŵyn@enghraifft.cymru")
ANSWERED = st.one_of(st.just(QUESTION_KEYS), st.lists(st.sampled_from(QUESTION_KEYS), unique=True))
PICK = st.integers(0, 2)


# -- the plan --------------------------------------------------------------------------------


@dataclass
class AuditPlan:
    """An audit to build: records in the order they are added, then edits and deletions."""

    audit: Audit
    people: list[Person] = field(default_factory=list)
    capabilities: list[Capability] = field(default_factory=list)
    assets: list[CommunityAsset] = field(default_factory=list)
    connections: list[AssetConnection] = field(default_factory=list)
    links: list[ElementLink] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    rounds: list[AssessmentRound] = field(default_factory=list)
    ratings: list[AssessmentRating] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    shares: list[ReferenceShare] = field(default_factory=list)
    updates: list[Record] = field(default_factory=list)  # changed copies of records above
    deletions: list[tuple[type[Record], str]] = field(default_factory=list)
    later_roles: list[Role] = field(default_factory=list)  # added after the deletions
    bulk: bool = False  # add each kind with add_many (one transaction) rather than add

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # Hypothesis prints a failing plan with this: only what differs from the defaults.
        printer.text(self.describe())

    def describe(self) -> str:
        """Return the plan as Python-like text, one record a line, defaults left out."""
        lines = [f"AuditPlan(bulk={self.bulk})", f"  {_short(self.audit)}"]
        for records in self.additions():
            lines += [f"  add {_short(record)}" for record in records]
        lines += [f"  update {_short(record)}" for record in self.updates]
        lines += [f"  delete {kind.__name__} {id_[:8]}" for kind, id_ in self.deletions]
        lines += [f"  then add {_short(record)}" for record in self.later_roles]
        return "\n".join(lines)

    def additions(self) -> list[list[Record]]:
        """Return the records to add, parents before children, one list per kind."""
        return [
            self.people,
            self.capabilities,
            self.assets,
            self.connections,
            self.links,
            self.roles,
            self.rounds,
            self.ratings,
            self.actions,
            self.shares,
        ]


_UNSHOWN = {"created_at", "modified_at", "modified_by", "deleted"}


def _short(record: Record) -> str:
    """Return `record` as Type(field=value, ...) without its default values; ids shortened."""
    parts = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in _UNSHOWN:
            continue
        if f.default is not dataclasses.MISSING and value == f.default:
            continue
        factory = f.default_factory
        if factory is not dataclasses.MISSING and f.name != "id" and value == factory():
            continue
        if f.name == "id" or (f.name.endswith("_id") and isinstance(value, str)):
            value = value[:8]
            parts.append(f"{f.name}={value}")
            continue
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = tuple(v.value if isinstance(v, Enum) else v for v in value)
        parts.append(f"{f.name}={value!r}")
    return f"{type(record).__name__}({', '.join(parts)})"


@dataclass
class Built:
    """What building a plan saved: the ids the store took, and the records it refused."""

    added: set[str] = field(default_factory=set)
    refused: list[Record] = field(default_factory=list)


def _parents(record: Record) -> list[str]:
    names_ = ("person_id", "capability_id", "asset_id", "round_id")
    return [value for name in names_ if (value := getattr(record, name, None))]


def build(store: AuditStore, plan: AuditPlan) -> Built:
    """Write `plan` into `store` through its public methods; return what was saved."""
    built = Built()
    for records in plan.additions():
        if plan.bulk:
            accepted = [
                record
                for record in records
                if not problems(record, TODAY) and all(p in built.added for p in _parents(record))
            ]
            built.refused += [record for record in records if record not in accepted]
            if accepted:
                store.add_many(accepted)
                built.added.update(record.id for record in accepted)
        else:
            for record in records:
                _add(store, record, built)
    for record in plan.updates:
        with contextlib.suppress(ValidationError):  # refused at first, or a clash
            store.update(record)
    for record_type, record_id_ in plan.deletions:
        store.delete(record_type, record_id_)
    for role in plan.later_roles:
        _add(store, role, built)
    return built


def _add(store: AuditStore, record: Record, built: Built) -> None:
    try:
        store.add(record)
    except ValidationError:
        built.refused.append(record)
    else:
        built.added.add(record.id)


# Every edit is a committed transaction with synchronous=FULL: on a disk each one waits for
# the disk, and a failing example shrinks through thousands of audits. Linux's memory-backed
# folder makes that five times faster; elsewhere the usual temporary folder is used.
_FAST_FOLDER = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


@contextlib.contextmanager
def built(plan: AuditPlan) -> Iterator[AuditStore]:
    """Yield an open store holding `plan`, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="coprod-property-", dir=_FAST_FOLDER) as folder:
        store = AuditStore.create(Path(folder) / "audit.coprod", plan.audit, user="hypothesis")
        try:
            build(store, plan)
            yield store
        finally:
            store.close()


# -- drawing plans ---------------------------------------------------------------------------


def _text(draw, *, refusable: bool = False) -> str:
    """Draw a text; one in ten refusable ones carries a control character the store refuses."""
    if refusable and draw(ONE_IN_TEN):
        return draw(REFUSED_TEXT)
    return draw(TEXT)


def _index(draw, records: list) -> int:
    return draw(st.integers(0, len(records) - 1))


def _equality(draw, palettes: dict[str, list[str]]) -> dict[str, str]:
    if not palettes:
        return {}
    return {key: palettes[key][draw(PICK) % len(palettes[key])] for key in draw(ANSWERED)}


def _person(draw, number: int, palettes: dict[str, list[str]]) -> Person:
    consent_date = draw(MAYBE_PAST_DATE)
    start = consent_date or EARLIEST
    review = draw(st.one_of(st.none(), st.dates(start, start + timedelta(days=1500))))
    # A date needs a scope; a scope without a date is allowed.
    scope = draw(SCOPE) if consent_date else draw(st.one_of(st.none(), SCOPE))
    note = draw(TEXT)  # one text for the two notes: fewer draws, so larger audits fit
    return Person(
        id=record_id("person", number),
        name=draw(NAME),
        pseudonym="" if draw(BOOL) else draw(NAME),
        hats=draw(HATS),
        organisation=draw(TEXT),
        email=draw(st.sampled_from(["", "", *EMAILS])),
        languages=draw(SHORT_TEXTS),
        wants_in_return=draw(RECIPROCITIES),
        reciprocity_note=note,
        accessibility_needs=draw(NEEDS),
        accessibility_note=note,
        consent_date=consent_date,
        consent_scope=scope,
        consent_review=review,
        notes=_text(draw, refusable=True),
        equality=_equality(draw, palettes),
    )


def _role(draw, id_: str, person_id: str, stage: Stage) -> Role:
    return Role(
        id=id_,
        person_id=person_id,
        stage=stage,
        rung=draw(RUNG),
        title=draw(TEXT),
        decisions=draw(BOOL),
        paid=draw(BOOL),
        reciprocity=draw(RECIPROCITIES),
        notes=draw(TEXT),
    )


def _share_subject(draw) -> tuple[str, str]:
    """A question and group: mostly ones the app knows, sometimes any text.

    The store refuses questions and groups it does not know today; they are drawn anyway so
    that the tests keep covering them if it ever accepts them (a census CSV of other groups).
    """
    question = QUESTIONS[draw(st.integers(0, len(QUESTIONS) - 1))]
    odd = draw(st.integers(0, 5))
    if odd == 0:
        return draw(TEXT), draw(TEXT)
    if odd == 1:
        return question.key, draw(TEXT)
    return question.key, draw(st.sampled_from(question.codes))


@st.composite
def audit_plans(
    draw,
    *,
    max_people: int = 12,
    min_people: int = 0,
    roles: bool = True,
    equality: bool = True,
    ratings: bool = True,
    edits: bool = True,
) -> AuditPlan:
    """Draw an audit: `min_people` to `max_people` people and what hangs off them.

    `roles=False` draws no roles, `equality=False` no equality answers and no reference
    population, `ratings=False` rounds without ratings, `edits=False` no updates or deletions.
    """
    plan = AuditPlan(
        audit=Audit(
            id=record_id("audit", 0),
            title=draw(NAME),
            organisation=draw(TEXT),
            area=draw(TEXT),
            purpose=draw(TEXT),
            start_date=draw(MAYBE_PAST_DATE),
            operators=draw(SHORT_TEXTS),
        ),
        bulk=draw(BOOL),
    )
    palettes = {key: draw(palette) for key, palette in PALETTES.items()} if equality else {}

    # Half the audits have 5 or more people, so that groups of 5 (shown) occur.
    n_people = draw(
        st.one_of(
            st.integers(min_people, max_people),
            st.integers(max(min_people, min(5, max_people)), max_people),
        )
    )
    plan.people = [_person(draw, i, palettes) for i in range(n_people)]

    if plan.people:
        for i in range(draw(st.integers(0, 8))):
            plan.capabilities.append(
                Capability(
                    id=record_id("capability", i),
                    person_id=plan.people[_index(draw, plan.people)].id,
                    kind=draw(st.sampled_from(CapabilityKind)),
                    description=draw(NAME) if draw(BOOL) else _text(draw, refusable=True),
                    tags=draw(SHORT_TEXTS),
                    willing_to_share=draw(BOOL),
                )
            )
    for i in range(draw(st.integers(0, 4))):
        plan.assets.append(
            CommunityAsset(
                id=record_id("asset", i),
                name=draw(NAME),
                category=draw(st.sampled_from(AssetCategory)),
                status=draw(st.sampled_from(AssetStatus)),
                area=draw(TEXT),
                postcode=draw(st.sampled_from(["", "CF10 1AA", "sw1a 1aa", "??"])),
                opening_times=draw(TEXT),
                accessibility=draw(FEATURES),
                description=draw(TEXT),
            )
        )
    if plan.people and plan.assets:
        for i in range(draw(st.integers(0, 6))):
            plan.connections.append(
                AssetConnection(
                    id=record_id("connection", i),
                    asset_id=plan.assets[_index(draw, plan.assets)].id,
                    person_id=plan.people[_index(draw, plan.people)].id,
                    relation=draw(TEXT),
                )
            )

    targets = [
        (field_, records)
        for field_, records in (
            ("person_id", plan.people),
            ("capability_id", plan.capabilities),
            ("asset_id", plan.assets),
        )
        if records
    ]
    if targets:
        for i in range(draw(st.integers(0, 14))):
            field_, records = targets[_index(draw, targets)]
            plan.links.append(
                ElementLink(
                    id=record_id("link", i),
                    element=draw(ELEMENT),
                    strength=draw(st.integers(0, 3)),
                    evidence=draw(TEXT),
                    **{field_: records[_index(draw, records)].id},
                )
            )

    if roles and plan.people:
        # At most one live role per person and stage: the store has a unique index on it.
        seats = [(person, stage) for person in plan.people for stage in Stage]
        wanted = draw(st.integers(0, min(24, len(seats))))
        seat = st.integers(0, len(seats) - 1)
        chosen = draw(st.lists(seat, min_size=wanted, max_size=wanted, unique=True))
        for i, (person, stage) in enumerate(seats[n] for n in chosen):
            plan.roles.append(_role(draw, record_id("role", i), person.id, stage))

    for i in range(draw(st.integers(0, 3))):
        plan.rounds.append(
            AssessmentRound(
                id=record_id("round", i),
                held_on=draw(PAST_DATE),
                participants=draw(TEXT),
                notes=draw(TEXT),
            )
        )
    if ratings and plan.rounds:
        # The same subject may be rated twice in a round (the later edit counts).
        for i in range(draw(st.integers(0, 16))):
            element, principle = draw(SUBJECT)
            plan.ratings.append(
                AssessmentRating(
                    id=record_id("rating", i),
                    round_id=plan.rounds[_index(draw, plan.rounds)].id,
                    element=element,
                    principle=principle,
                    score=draw(SCORE),
                    evidence=draw(TEXT),
                )
            )

    for i in range(draw(st.integers(0, 5))):
        plan.actions.append(
            Action(
                id=record_id("action", i),
                title=draw(NAME),
                element=draw(MAYBE_ELEMENT),
                owner=draw(TEXT),
                due=draw(DUE_DATE),
                status=draw(ACTION_STATUS),
                notes=draw(TEXT),
            )
        )

    if equality:
        for i in range(draw(st.integers(0, 8))):
            question, group = _share_subject(draw)
            plan.shares.append(
                ReferenceShare(
                    id=record_id("share", i),
                    question=question,
                    group=group,
                    share=draw(SHARE),
                    source=draw(TEXT),
                )
            )

    if edits:
        _draw_edits(draw, plan, palettes)
    return plan


def _draw_edits(draw, plan: AuditPlan, palettes: dict[str, list[str]]) -> None:
    """Updates of some records, then deletions (tombstones), then roles added again."""
    editable = [
        records for records in (plan.people, plan.roles, plan.ratings, plan.actions) if records
    ]
    for _ in range(draw(st.integers(0, 3)) if editable else 0):
        records = editable[_index(draw, editable)]
        record = records[_index(draw, records)]
        match record:
            case Person():
                changed = dataclasses.replace(
                    record, hats=draw(HATS), equality=_equality(draw, palettes)
                )
            case Role():  # a new stage may clash with another role: the store refuses it
                changed = dataclasses.replace(
                    record, rung=draw(RUNG), decisions=draw(BOOL), stage=draw(STAGE)
                )
            case AssessmentRating():
                changed = dataclasses.replace(record, score=draw(SCORE))
            case _:
                changed = dataclasses.replace(record, status=draw(ACTION_STATUS))
        plan.updates.append(changed)

    deletable = [records for records in plan.additions() if records]
    for _ in range(draw(st.integers(0, 4)) if deletable else 0):
        records = deletable[_index(draw, deletable)]
        record = records[_index(draw, records)]
        plan.deletions.append((type(record), record.id))

    # A role deleted and then added again at the same stage: a tombstone beside a live twin.
    deleted = {id_ for _, id_ in plan.deletions}
    for i, role in enumerate(role for role in plan.roles if role.id in deleted):
        if draw(BOOL):
            plan.later_roles.append(
                _role(draw, record_id("later-role", i), role.person_id, role.stage)
            )


def any_audit_plans() -> st.SearchStrategy[AuditPlan]:
    """Every shape of audit: full ones, and ones without roles, equality data or ratings."""
    return st.one_of(
        audit_plans(),
        audit_plans(roles=False),
        audit_plans(equality=False),
        audit_plans(ratings=False),
    )


EMPTY_PLAN = AuditPlan(audit=Audit(id=record_id("audit", 0), title="Empty"))


# -- records added and deleted again --------------------------------------------------------


@dataclass
class Doomed:
    """Records for the "deleted records do not count" property.

    `kept` go into both audits; `doomed` go into one of them only, and are deleted there
    straight away (`deletions`: each takes its dependants with it); `after` go into both
    audits after that (a live role at the stage where a deleted one was).
    """

    kinds: list[str]
    kept: list[Record] = field(default_factory=list)
    doomed: list[Record] = field(default_factory=list)
    deletions: list[tuple[type[Record], str]] = field(default_factory=list)
    after: list[Record] = field(default_factory=list)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        lines = [f"Doomed(kinds={self.kinds})"]
        lines += [f"  keep {_short(record)}" for record in self.kept]
        lines += [f"  add {_short(record)}" for record in self.doomed]
        lines += [f"  delete {kind.__name__} {id_[:8]}" for kind, id_ in self.deletions]
        lines += [f"  then add {_short(record)}" for record in self.after]
        printer.text("\n".join(lines))


DOOMED_KINDS = (
    "role",
    "person",
    "round",
    "rating",
    "link",
    "capability",
    "asset",
    "connection",
    "action",
    "share",
)
STRENGTH = st.integers(1, 3)  # links that count, so that a deleted one that still counted shows


@st.composite
def doomed_records(draw) -> Doomed:
    """Draw records of some kinds to add and delete again, around a person who stays.

    Each kind's records are deleted by one call to `delete`: a role; a person with a
    capability, a role and links; a round with ratings; one rating of a round that stays; a
    link; a capability with a link; an asset with a connection and a link; a connection; an
    action; a reference share. Hypothesis shrinks a failure to the fewest kinds.
    """
    kinds = draw(st.lists(st.sampled_from(DOOMED_KINDS), min_size=1, unique=True))
    palettes = {key: draw(palette) for key, palette in PALETTES.items()}
    keeper = dataclasses.replace(_person(draw, 1000, palettes), notes=draw(TEXT))
    result = Doomed(kinds, kept=[keeper])
    for kind in kinds:
        _doom(draw, kind, keeper, palettes, result)
    return result


def _doom(draw, kind: str, keeper: Person, palettes: dict, result: Doomed) -> None:
    def ref(name: str, number: int = 0) -> str:
        return record_id(f"doomed-{kind}-{name}", number)

    def link(number: int, **target: str) -> ElementLink:
        return ElementLink(
            id=ref("link", number), element=draw(ELEMENT), strength=draw(STRENGTH), **target
        )

    def rating(number: int, round_id: str) -> AssessmentRating:
        element, principle = draw(SUBJECT)
        return AssessmentRating(
            id=ref("rating", number),
            round_id=round_id,
            element=element,
            principle=principle,
            score=draw(SCORE),
        )

    kept: list[Record] = []
    if kind == "role":
        stage = draw(STAGE)
        doomed = [_role(draw, ref("role"), keeper.id, stage)]
        if draw(BOOL):  # a live role at the same stage, added after the deletion
            result.after.append(_role(draw, ref("role", 1), keeper.id, stage))
    elif kind == "person":
        person = dataclasses.replace(_person(draw, 1001, palettes), notes=draw(TEXT))
        capability = Capability(
            id=ref("capability"),
            person_id=person.id,
            kind=draw(st.sampled_from(CapabilityKind)),
            description="Cooks for forty",
        )
        doomed = [
            person,
            capability,
            _role(draw, ref("role"), person.id, draw(STAGE)),
            link(0, person_id=person.id),
            link(1, capability_id=capability.id),
        ]
    elif kind == "round":
        round_ = AssessmentRound(id=ref("round"), held_on=draw(PAST_DATE))
        doomed = [round_, *(rating(i, round_.id) for i in range(draw(st.integers(0, 4))))]
    elif kind == "rating":  # one rating deleted from a round that stays
        round_ = AssessmentRound(id=ref("round"), held_on=draw(PAST_DATE))
        kept = [round_, *(rating(i, round_.id) for i in range(draw(st.integers(0, 3))))]
        doomed = [rating(99, round_.id)]
    elif kind == "link":
        doomed = [link(0, person_id=keeper.id)]
    elif kind == "capability":
        capability = Capability(
            id=ref("capability"),
            person_id=keeper.id,
            kind=draw(st.sampled_from(CapabilityKind)),
            description=draw(NAME),
        )
        doomed = [capability, link(0, capability_id=capability.id)][: draw(st.integers(1, 2))]
    elif kind in ("asset", "connection"):
        asset = CommunityAsset(
            id=ref("asset"),
            name=draw(NAME),
            category=draw(st.sampled_from(AssetCategory)),
            status=draw(st.sampled_from(AssetStatus)),
            accessibility=draw(FEATURES),
        )
        connection = AssetConnection(id=ref("connection"), asset_id=asset.id, person_id=keeper.id)
        if kind == "asset":
            doomed = [asset, connection, link(0, asset_id=asset.id)]
        else:
            kept, doomed = [asset], [connection]
    elif kind == "action":
        doomed = [
            Action(
                id=ref("action"),
                title=draw(NAME),
                element=draw(MAYBE_ELEMENT),
                due=draw(DUE_DATE),
                status=draw(ACTION_STATUS),
            )
        ]
    else:
        question = QUESTIONS[draw(st.integers(0, len(QUESTIONS) - 1))]
        doomed = [
            ReferenceShare(
                id=ref("share"),
                question=question.key,
                group=draw(st.sampled_from(question.codes)),
                share=draw(SHARE),
            )
        ]
    result.kept += kept
    result.doomed += doomed
    result.deletions.append((type(doomed[0]), doomed[0].id))


@contextlib.contextmanager
def built_with(plan: AuditPlan, doomed: Doomed, *, delete: bool) -> Iterator[AuditStore]:
    """Yield `plan` with `doomed.kept`, and with `doomed.doomed` added and deleted again when
    `delete`; then `doomed.after`."""
    with built(plan) as store:
        # These are drawn valid: a refusal here is a failure, not an audit to skip.
        for record in doomed.kept:
            store.add(record)
        if delete:
            for record in doomed.doomed:
                store.add(record)
            for record_type, id_ in doomed.deletions:
                assert store.delete(record_type, id_) >= 1
        for record in doomed.after:
            store.add(record)
        yield store
