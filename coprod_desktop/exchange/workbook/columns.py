"""What the app's workbooks hold: their sheets, each sheet's columns, and who may see each column.

One description serves the export (which columns to write, their headers, widths and drop-down
lists), the partner template, and the import (which header means which field). Column headers
are what people read and what the importer matches first, so they never change lightly.

Each column says what it holds (its `Sensitivity`); the policy of each privacy level
(`domain.privacy`) says which of them a workbook of that level shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import PrivacyPolicy, Sensitivity, policy_for
from coprod_desktop.domain.vocabulary import (
    Access,
    ActionStatus,
    AssetCategory,
    AssetStatus,
    CapabilityKind,
    Coded,
    ConsentScope,
    Element,
    Hat,
    LinkTarget,
    Principle,
    PrivacyLevel,
    Reciprocity,
    Rung,
    Stage,
)

# Name of the hidden sheet that identifies the audit, and of the hidden sheet of drop-down lists.
ABOUT_SHEET = "About this file"
LISTS_SHEET = "Lists"
README_SHEET = "Read me"
OVERVIEW_SHEET = "Overview"
ROLE_GRID_SHEET = "Roles"
# Keys of the hidden sheet, column A; values in column B.
ABOUT_KEYS = (
    "format",
    "audit_id",
    "audit_title",
    "schema_version",
    "exported_at",
    "privacy",
    "kind",
    "app_version",
)
WORKBOOK_FORMAT = "coprod-desktop workbook"
# Consent that lets partner workbooks show a person's name; other people show by pseudonym.
NAMED_TO_PARTNERS = (ConsentScope.PARTNERS, ConsentScope.PUBLIC)
# The ID cell of an example row in a template: the importer skips such rows.
EXAMPLE_ID = "EXAMPLE"
MULTI_SEPARATOR = "; "


class Kind(StrEnum):
    """How a column's values are written and read."""

    ID = "id"  # the row's own UUID, for matching on import
    REF = "ref"  # the UUID of a parent record (person, asset, round)
    REF_NAME = "ref_name"  # the parent's name, written for readers; used to find new parents
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"  # one coded value, written as its label
    CHOICES = "choices"  # several coded values, labels separated by "; "
    WORDS = "words"  # several free words (languages, tags), separated by "; "
    STRENGTH = "strength"  # 0-3
    RATING = "rating"  # 1-5, blank for not assessed
    HAT = "hat"  # Yes/No: does the person wear this hat (one column per hat)
    EQUALITY = "equality"  # an equality-monitoring answer (internal only)


@dataclass(frozen=True)
class Column:
    """One column of a data sheet."""

    key: str  # the record's field; for HAT "hat:<code>", for EQUALITY "equality:<question>"
    header: str
    kind: Kind
    width: int = 16
    choices: type[Coded] | None = None
    sensitivity: Sensitivity = Sensitivity.ORDINARY
    required: bool = False
    # A prompt shown when a cell of the column is selected (Excel's input message).
    prompt: str = ""
    # Other headers partners use for this field, for mapping their own sheets (lower case).
    synonyms: tuple[str, ...] = ()

    def shown_at(self, level: PrivacyLevel | PrivacyPolicy) -> bool:
        return policy_for(level).shown(self.sensitivity)

    @property
    def folded(self) -> bool:
        """Whether the column is folded away in a workbook: IDs are for matching rows on import,
        not for reading (the row's own ID, its person's, round's or linked record's)."""
        return self.kind in (Kind.ID, Kind.REF)

    @property
    def field(self) -> str:
        """The record field this column fills (hats and equality answers share one field)."""
        return self.key.split(":", 1)[0]

    @property
    def code(self) -> str:
        """The hat or equality question of a HAT or EQUALITY column."""
        return self.key.split(":", 1)[1]


@dataclass(frozen=True)
class Sheet:
    """A data sheet: one row per record of `record_type`."""

    name: str
    record_type: type[r.Record]
    table_name: str  # the Excel table's name (no spaces)
    columns: tuple[Column, ...]
    about: str  # one line for the Read me sheet
    # The parent record a row belongs to, as (field, record type), e.g. person_id of a capability.
    parent: tuple[str, type[r.Record]] | None = None
    importable: bool = True
    examples: tuple[dict[str, object], ...] = field(default=())

    def columns_at(self, level: PrivacyLevel | PrivacyPolicy) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.shown_at(level))

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _id(noun: str) -> Column:
    return Column(
        "id",
        f"{noun} ID (leave as it is)",
        Kind.ID,
        width=12,
        prompt="Used to match this row when the workbook comes back. Leave it empty on new rows.",
    )


def _person_ref() -> tuple[Column, Column]:
    return (
        Column("person_id", "Person ID", Kind.REF, width=12, prompt="Leave as it is."),
        Column(
            "person_name",
            "Person",
            Kind.REF_NAME,
            width=24,
            required=True,
            prompt="The person's name exactly as on the People sheet.",
            synonyms=("name", "person name", "full name", "who"),
        ),
    )


def _hat_columns() -> tuple[Column, ...]:
    return tuple(
        Column(
            f"hats:{hat.value}",
            hat.label,
            Kind.HAT,
            width=max(10, len(hat.label) + 3),
            prompt=f'Does this person wear the "{hat.label}" hat? Yes or No.',
        )
        for hat in Hat
    )


def _equality_columns() -> tuple[Column, ...]:
    from coprod_desktop.domain.equality import QUESTIONS

    return tuple(
        Column(
            f"equality:{q.key}",
            f"Equality: {q.label}",
            Kind.EQUALITY,
            width=max(14, len(q.label) + 12),
            sensitivity=Sensitivity.SPECIAL,
            prompt=q.prompt,
        )
        for q in QUESTIONS
    )


PEOPLE = Sheet(
    name="People",
    record_type=r.Person,
    table_name="People",
    about="Everyone taking part: their hats, what they offer and want back, and consent.",
    columns=(
        Column(
            "name",
            "Name",
            Kind.TEXT,
            width=24,
            required=True,
            prompt="Full name. In a partner copy, people who have not agreed to be named show "
            "as a pseudonym such as Participant 7.",
            synonyms=("full name", "person", "participant", "name of person", "contact name"),
        ),
        Column("pseudonym", "Pseudonym", Kind.TEXT, width=16),
        *_hat_columns(),
        Column(
            "organisation",
            "Organisation",
            Kind.TEXT,
            width=22,
            # With a pseudonym, left blank: in a small place it says who the person is.
            sensitivity=Sensitivity.IDENTIFYING,
            synonyms=("organization", "org", "group", "employer", "team"),
        ),
        Column(
            "email",
            "Email",
            Kind.TEXT,
            width=26,
            sensitivity=Sensitivity.CONTACT,
            synonyms=("e-mail", "email address", "e-mail address", "mail"),
        ),
        Column(
            "phone",
            "Phone",
            Kind.TEXT,
            width=16,
            sensitivity=Sensitivity.CONTACT,
            synonyms=("telephone", "tel", "mobile", "phone number", "contact number"),
        ),
        Column(
            "address",
            "Address",
            Kind.LONG_TEXT,
            width=30,
            sensitivity=Sensitivity.CONTACT,
            synonyms=("postal address", "home address"),
        ),
        Column(
            "languages",
            "Languages",
            Kind.WORDS,
            width=18,
            prompt="Languages they speak, sign or write, separated by ;",
            synonyms=("language", "languages spoken"),
        ),
        Column(
            "availability",
            "Availability",
            Kind.TEXT,
            width=18,
            sensitivity=Sensitivity.IDENTIFYING,
            synonyms=("available", "when available"),
        ),
        Column(
            "wants_in_return",
            "Wants in return",
            Kind.CHOICES,
            width=24,
            choices=Reciprocity,
            prompt="What they would like back, separated by ; (see the Read me sheet).",
            synonyms=("in return", "reciprocity", "what they want back"),
        ),
        Column(
            "reciprocity_note",
            "About what they want back",
            Kind.LONG_TEXT,
            width=24,
            sensitivity=Sensitivity.IDENTIFYING,
        ),
        Column(
            "accessibility_needs",
            "Accessibility needs",
            Kind.CHOICES,
            width=24,
            choices=Access,
            sensitivity=Sensitivity.SPECIAL,
            prompt="Separated by ; (see the Read me sheet).",
            synonyms=("access needs", "accessibility"),
        ),
        Column(
            "accessibility_note",
            "About accessibility needs",
            Kind.LONG_TEXT,
            width=24,
            sensitivity=Sensitivity.SPECIAL,
        ),
        Column(
            "consent_date",
            "Consent given on",
            Kind.DATE,
            width=14,
            synonyms=("consent date", "date of consent", "consented"),
        ),
        Column(
            "consent_scope",
            "Consent covers",
            Kind.CHOICE,
            width=22,
            choices=ConsentScope,
            synonyms=("consent", "consent scope", "consent to share"),
        ),
        Column(
            "consent_review",
            "Review consent by",
            Kind.DATE,
            width=14,
            synonyms=("consent review", "review date"),
        ),
        Column(
            "notes",
            "Notes",
            Kind.LONG_TEXT,
            width=30,
            sensitivity=Sensitivity.PRIVATE,
            synonyms=("note", "comments", "comment"),
        ),
        *_equality_columns(),
        _id("Person"),
    ),
    examples=(
        {
            "name": "Example: Sam Jones",
            "hats:lived_experience": True,
            "hats:volunteer": True,
            "organisation": "Riverside Tenants' Association",
            "languages": ("English", "Welsh"),
            "availability": "Weekday evenings",
            "wants_in_return": (Reciprocity.LEARNING, Reciprocity.EXPENSES),
            "consent_scope": ConsentScope.PARTNERS,
        },
    ),
)

CAPABILITIES = Sheet(
    name="Capabilities",
    record_type=r.Capability,
    table_name="Capabilities",
    about="What each person can offer: head, heart, hands, lived experience, connections.",
    parent=("person_id", r.Person),
    columns=(
        *_person_ref(),
        Column(
            "kind",
            "Kind",
            Kind.CHOICE,
            width=26,
            choices=CapabilityKind,
            required=True,
            synonyms=("type", "category", "capability type"),
        ),
        Column(
            "description",
            "Capability",
            Kind.LONG_TEXT,
            width=40,
            required=True,
            synonyms=("description", "skill", "what they offer", "skills"),
        ),
        Column("tags", "Tags", Kind.WORDS, width=18, prompt="Words separated by ;"),
        Column(
            "willing_to_share",
            "Willing to share",
            Kind.YES_NO,
            width=12,
            synonyms=("share", "willing"),
        ),
        _id("Capability"),
    ),
    examples=(
        {
            "person_name": "Example: Sam Jones",
            "kind": CapabilityKind.HANDS,
            "description": "Runs the community garden's tool library",
            "tags": ("gardening",),
            "willing_to_share": True,
        },
    ),
)

ASSETS = Sheet(
    name="Assets",
    record_type=r.CommunityAsset,
    table_name="Assets",
    about="Community assets: groups, places, organisations and services to build on.",
    columns=(
        Column(
            "name",
            "Name",
            Kind.TEXT,
            width=28,
            required=True,
            synonyms=("asset", "asset name", "name of asset", "venue", "organisation", "group"),
        ),
        Column(
            "category",
            "Category",
            Kind.CHOICE,
            width=18,
            choices=AssetCategory,
            required=True,
            synonyms=("type", "kind", "asset type"),
        ),
        Column(
            "status",
            "Status",
            Kind.CHOICE,
            width=12,
            choices=AssetStatus,
            synonyms=("state", "open or closed"),
        ),
        Column("area", "Area", Kind.TEXT, width=16, synonyms=("ward", "neighbourhood", "place")),
        Column("postcode", "Postcode", Kind.TEXT, width=10, synonyms=("post code", "zip")),
        Column(
            "contact",
            "Contact",
            Kind.TEXT,
            width=24,
            sensitivity=Sensitivity.CONTACT,
            synonyms=("contact details", "email", "phone", "telephone"),
        ),
        Column(
            "opening_times",
            "Opening times",
            Kind.TEXT,
            width=20,
            synonyms=("opening hours", "hours", "when open"),
        ),
        Column(
            "accessibility",
            "Accessibility",
            Kind.CHOICES,
            width=24,
            choices=Access,
            prompt="What it offers, separated by ; (see the Read me sheet).",
            synonyms=("access", "accessibility features"),
        ),
        Column(
            "description",
            "Description",
            Kind.LONG_TEXT,
            width=36,
            synonyms=("about", "notes", "details"),
        ),
        _id("Asset"),
    ),
    examples=(
        {
            "name": "Example: Riverside Community Hall",
            "category": AssetCategory.PHYSICAL_SPACES,
            "status": AssetStatus.ACTIVE,
            "area": "Riverside",
            "opening_times": "Mon-Sat 9am-9pm",
            "accessibility": (Access.STEP_FREE, Access.HEARING_LOOP),
            "description": "Main hall for 80, kitchen, two meeting rooms",
        },
    ),
)

ELEMENT_LINKS = Sheet(
    name="Element links",
    record_type=r.ElementLink,
    table_name="ElementLinks",
    about="Which people, capabilities and assets support each of the six elements, and how much.",
    columns=(
        Column("element", "Element", Kind.CHOICE, width=34, choices=Element, required=True),
        Column("target_kind", "Linked to", Kind.CHOICE, width=16, choices=LinkTarget),
        Column("target_name", "Name", Kind.REF_NAME, width=30),
        Column(
            "strength",
            "Strength (0-3)",
            Kind.STRENGTH,
            width=10,
            prompt="0 none, 1 weak, 2 moderate, 3 strong.",
        ),
        Column("evidence", "Evidence", Kind.LONG_TEXT, width=40),
        Column("target_id", "Linked ID", Kind.REF, width=12, prompt="Leave as it is."),
        _id("Link"),
    ),
)

ROLES = Sheet(
    name="Role details",
    record_type=r.Role,
    table_name="RoleDetails",
    about="Each person's part at each stage: the rung of the ladder, decisions, what they get.",
    parent=("person_id", r.Person),
    columns=(
        *_person_ref(),
        Column("stage", "Stage", Kind.CHOICE, width=18, choices=Stage, required=True),
        Column(
            "rung",
            "Rung of the ladder",
            Kind.CHOICE,
            width=16,
            choices=Rung,
            required=True,
            synonyms=("rung", "ladder", "level"),
        ),
        Column("title", "Role", Kind.TEXT, width=24, synonyms=("role title", "title", "position")),
        Column("decisions", "Takes part in decisions", Kind.YES_NO, width=12),
        Column("paid", "Paid", Kind.YES_NO, width=8),
        Column(
            "reciprocity",
            "What they get back",
            Kind.CHOICES,
            width=24,
            choices=Reciprocity,
            prompt="Separated by ; (see the Read me sheet).",
        ),
        Column("notes", "Notes", Kind.LONG_TEXT, width=24, sensitivity=Sensitivity.PRIVATE),
        _id("Role"),
    ),
    examples=(
        {
            "person_name": "Example: Sam Jones",
            "stage": Stage.DESIGN,
            "rung": Rung.CO_DESIGN,
            "title": "Design group member",
            "decisions": True,
            "paid": False,
            "reciprocity": (Reciprocity.LEARNING,),
        },
    ),
)

RATINGS = Sheet(
    name="Self-assessment",
    record_type=r.AssessmentRating,
    table_name="SelfAssessment",
    about="Each round of self-assessment: a rating of 1 to 5 for each element and principle.",
    parent=("round_id", r.AssessmentRound),
    columns=(
        Column("round_held_on", "Round held on", Kind.DATE, width=14, required=True),
        Column("round_participants", "Who took part", Kind.TEXT, width=26),
        Column("element", "Element", Kind.CHOICE, width=34, choices=Element),
        Column("principle", "Principle", Kind.CHOICE, width=14, choices=Principle),
        Column(
            "score",
            "Rating (1-5)",
            Kind.RATING,
            width=10,
            prompt="1 Not yet, 2 Starting out, 3 Developing, 4 Established, 5 Embedded; "
            "empty if not assessed.",
        ),
        Column("evidence", "Evidence", Kind.LONG_TEXT, width=40),
        Column("round_id", "Round ID", Kind.REF, width=12, prompt="Leave as it is."),
        _id("Rating"),
    ),
)

ACTIONS = Sheet(
    name="Actions",
    record_type=r.Action,
    table_name="Actions",
    about="What the team will do about the gaps: the action plan.",
    columns=(
        Column(
            "title",
            "Action",
            Kind.TEXT,
            width=40,
            required=True,
            synonyms=("what", "task", "title"),
        ),
        Column("element", "Element", Kind.CHOICE, width=34, choices=Element),
        Column(
            "owner",
            "Owner",
            Kind.TEXT,
            width=20,
            # Often a person's name, who may not have agreed to be named to partners.
            sensitivity=Sensitivity.PRIVATE,
            synonyms=("who", "lead", "responsible"),
        ),
        Column("due", "Due", Kind.DATE, width=12, synonyms=("due date", "deadline", "by when")),
        Column("status", "Status", Kind.CHOICE, width=12, choices=ActionStatus),
        Column("notes", "Notes", Kind.LONG_TEXT, width=30),
        _id("Action"),
    ),
    examples=(
        {
            "title": "Example: Invite the tenants' association to the design group",
            "element": Element.ASSETS,
            "status": ActionStatus.PLANNED,
        },
    ),
)

# In the order they appear in a workbook (the role grid and overview are not listed: they are
# written for reading and never imported).
DATA_SHEETS: tuple[Sheet, ...] = (
    PEOPLE,
    CAPABILITIES,
    ASSETS,
    ELEMENT_LINKS,
    ROLES,
    RATINGS,
    ACTIONS,
)
SHEETS_BY_NAME = {s.name: s for s in DATA_SHEETS}
# Sheets a partner template holds: what partners usually add to.
TEMPLATE_SHEETS: tuple[Sheet, ...] = (PEOPLE, CAPABILITIES, ASSETS, ROLES, ACTIONS)
