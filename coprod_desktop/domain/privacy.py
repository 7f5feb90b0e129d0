"""What each privacy level lets leave the audit: one policy object per level.

DESIGN.md, "Sharing": `internal` (everything), `partner` (no contact details or equality data;
pseudonyms for people whose consent does not cover sharing), `public` (aggregates only; counts
under 5 shown as "<5"). Every export asks the policy of its level, never the level itself:
the workbook (which columns, how people are named, which capabilities), the PDF report (its
inventory columns, whether its sentences may state counts), the public tables and the
small-count rule (`SMALL_COUNT_BELOW`), the importer (what a workbook left out) and the texts
the export dialog, the Reports page, the command line and the report's front page show.

A column says what it holds (its `Sensitivity`); the policy says which sensitivities it shows.
Adding a level is a member of `PrivacyLevel` and a policy here (`register` adds one while the
app runs, as the tests do, between two levels).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from coprod_desktop.domain.vocabulary import ConsentScope, PrivacyLevel

# The small-count rule: a count of people under this is shown as "<5" where a level asks for it.
SMALL_COUNT_BELOW = 5


class Sensitivity(StrEnum):
    """What a column (or a value of the report) says, and so who may see it."""

    ORDINARY = "ordinary"  # about the work, or a person's part in it
    IDENTIFYING = "identifying"  # about a person, and could pick out one shown by pseudonym
    CONTACT = "contact"  # e-mail, phone, address, an asset's contact details
    SPECIAL = "special"  # equality answers and accessibility (health) needs
    PRIVATE = "private"  # the team's notes, and names (action owners) given without consent


class Naming(StrEnum):
    """How a person is named in an export."""

    NAME = "name"  # by their name
    BY_CONSENT = "by_consent"  # by name where their consent covers the level, else pseudonym
    PSEUDONYM = "pseudonym"  # by pseudonym, whatever their consent
    NOBODY = "nobody"  # not at all: no rows about people leave


@dataclass(frozen=True)
class PrivacyPolicy:
    """Everything one privacy level lets leave the audit, and how the app explains it."""

    code: str  # as stored (the workbook's hidden sheet) and typed (`--privacy`)
    label: str  # "Partner"
    # One line: the Read me sheet, the export dialog, the Reports page (for the three levels
    # of `PrivacyLevel`, its description).
    description: str
    choice: str  # the level's radio button, with its mnemonic: "&Partner organisations"
    command_help: str  # after "partner: " in `export --help`
    audience: str  # who it is for, in the change log: "Workbook for partners: partners.xlsx"
    report_note: str  # the report's front page and appendix
    shows: frozenset[Sensitivity]  # the sensitivities of the columns written
    naming: Naming
    named_consents: frozenset[ConsentScope] = frozenset()  # for Naming.BY_CONSENT
    # Capabilities their person does not want shared (and their links) leave too.
    unshared_capabilities: bool = False
    # Under this, a count of people is shown as "<5"; None: every count is exact.
    small_counts_below: int | None = None
    states_counts: bool = True  # whether the analyses' sentences that state counts are shown

    # -- what leaves --------------------------------------------------------------------------

    @property
    def level(self) -> PrivacyLevel | PrivacyPolicy:
        """The `PrivacyLevel` of this policy, or the policy itself for a level added at run
        time (every export takes either)."""
        try:
            return PrivacyLevel(self.code)
        except ValueError:
            return self

    @property
    def rows_about_people(self) -> bool:
        """Whether rows about people (and their records) leave, or only totals."""
        return self.naming is not Naming.NOBODY

    @property
    def everything(self) -> bool:
        """Whether the level holds everything: for the audit team only."""
        return self.naming is Naming.NAME and self.shows == frozenset(Sensitivity)

    @property
    def published(self) -> bool:
        """Whether readers outside the audit team (who do not have the app) read it."""
        return not self.everything

    @property
    def small_counts(self) -> bool:
        """Whether small counts of people are hidden ("<5")."""
        return self.small_counts_below is not None

    def shown(self, sensitivity: Sensitivity) -> bool:
        return sensitivity in self.shows

    def capability_filter(self) -> dict[str, bool]:
        """The store filter of the capabilities that leave (those people want shared)."""
        return {} if self.unshared_capabilities else {"willing_to_share": True}

    # -- people -------------------------------------------------------------------------------

    def named(self, consent: ConsentScope | str | None) -> bool:
        """Whether a person with this consent is shown by their name (else by pseudonym)."""
        if self.naming is Naming.NAME:
            return True
        return self.naming is Naming.BY_CONSENT and consent in self.named_consents

    def display_name(self, name: str, pseudonym: str, consent: ConsentScope | str | None) -> str:
        return name if self.named(consent) else pseudonym

    def shared_person(self, person, identifying: Iterable[str]):
        """The person as this level shows them: a person shown by pseudonym has their
        `identifying` fields (organisation, availability...) left blank too, as in a small
        place they would say who the pseudonym is."""
        if self.named(person.consent_scope):
            return person
        blanks = {key: "" for key in identifying}
        return dataclasses.replace(person, name=person.pseudonym, **blanks)


_EVERY = frozenset(Sensitivity)
_SHARED = frozenset({Sensitivity.ORDINARY, Sensitivity.IDENTIFYING})

INTERNAL = PrivacyPolicy(
    code=PrivacyLevel.INTERNAL.value,
    label=PrivacyLevel.INTERNAL.label,
    description=PrivacyLevel.INTERNAL.description,
    choice="&Internal: the audit team",
    command_help="everything",
    audience="for the audit team",
    report_note=(
        "For the audit team only. It names people and may hold their contact details. Do not "
        "share it outside the team."
    ),
    shows=_EVERY,
    naming=Naming.NAME,
    unshared_capabilities=True,
)
PARTNER = PrivacyPolicy(
    code=PrivacyLevel.PARTNER.value,
    label=PrivacyLevel.PARTNER.label,
    description=PrivacyLevel.PARTNER.description,
    choice="&Partner organisations",
    command_help=(
        "no contact details or equality data, pseudonyms where consent does not cover partners"
    ),
    audience="for partners",
    report_note=(
        "For partner organisations. It holds no contact details and no equality answers. People "
        "who have not agreed to be named to partners are shown by a pseudonym, and capabilities "
        "people do not want shared are left out."
    ),
    shows=_SHARED,
    naming=Naming.BY_CONSENT,
    named_consents=frozenset({ConsentScope.PARTNERS, ConsentScope.PUBLIC}),
)
PUBLIC = PrivacyPolicy(
    code=PrivacyLevel.PUBLIC.value,
    label=PrivacyLevel.PUBLIC.label,
    description=PrivacyLevel.PUBLIC.description,
    choice="P&ublic",
    command_help="totals only",
    audience="for the public",
    report_note=(
        "For publishing. It names nobody and shows totals only: any count of people (or of "
        f"their capabilities and roles) under {SMALL_COUNT_BELOW} is shown as \u201c<5\u201d so "
        "that nobody in a small group can be picked out. Community assets and actions are "
        "counted exactly."
    ),
    shows=frozenset(),  # no rows, so no columns: totals only (`exchange.public_tables`)
    naming=Naming.NOBODY,
    small_counts_below=SMALL_COUNT_BELOW,
    states_counts=False,
)

# Widest first: the order of the levels in the dialogs and in `--privacy`.
_POLICIES: dict[str, PrivacyPolicy] = {p.code: p for p in (INTERNAL, PARTNER, PUBLIC)}


def policy_for(level: PrivacyLevel | PrivacyPolicy | str) -> PrivacyPolicy:
    """The policy of `level` (a level, its code, or a policy, which is returned as it is)."""
    if isinstance(level, PrivacyPolicy):
        return level
    try:
        return _POLICIES[str(level)]
    except KeyError:
        known = ", ".join(_POLICIES)
        raise ValueError(f"'{level}' is not a privacy level; the levels are {known}") from None


def find_policy(code: str | None) -> PrivacyPolicy | None:
    """The policy of the level stored as `code`, or None for a level this app does not know."""
    return _POLICIES.get(code or "")


def policies() -> Iterator[PrivacyPolicy]:
    """Every level's policy, widest first."""
    return iter(tuple(_POLICIES.values()))


def register(policy: PrivacyPolicy, *, after: str) -> None:
    """Add a level's policy after the level `after` (how a level is added at run time)."""
    if policy.code in _POLICIES:
        raise ValueError(f"the privacy level '{policy.code}' is already known")
    items = list(_POLICIES.items())
    index = [code for code, _ in items].index(after) + 1
    items.insert(index, (policy.code, policy))
    _POLICIES.clear()
    _POLICIES.update(items)


def unregister(code: str) -> None:
    """Remove a level added with `register` (the three of DESIGN.md stay)."""
    if code in {p.value for p in PrivacyLevel}:
        raise ValueError(f"the privacy level '{code}' cannot be removed")
    _POLICIES.pop(code, None)
