"""What the app's workbooks hold: their sheets, each sheet's columns, and who may see each column.

One description serves the export (which columns to write, their headers, widths and drop-down
lists), the partner template, and the import (which header means which field). Column headers
are what people read and what the importer matches first, so they never change lightly.

Each column says what it holds (its `Sensitivity`); the policy of each privacy level
(`domain.privacy`) says which of them a workbook of that level shows. `Column`, `Kind` and
`Sheet` are in `column_types` (and importable from here, as everyone does).
"""

from __future__ import annotations

from coprod_desktop.domain import records as r
from coprod_desktop.domain.privacy import Sensitivity
from coprod_desktop.domain.vocabulary import (
    Access,
    ActionStatus,
    AssetCategory,
    AssetStatus,
    CapabilityKind,
    ConsentScope,
    Element,
    LinkTarget,
    Principle,
    Reciprocity,
    Rung,
    Stage,
)
from coprod_desktop.exchange.workbook.asset_columns import acv_columns
from coprod_desktop.exchange.workbook.column_types import (
    Column,
    Kind,
    Sheet,
    equality_columns,
    hat_columns,
    id_column,
    person_ref_columns,
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
# The ID cell of an example row in a template: the importer skips such rows.
EXAMPLE_ID = "EXAMPLE"
MULTI_SEPARATOR = "; "


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
        *hat_columns(),
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
            synonyms=(
                "available",
                "when available",
                "when i am free",  # "When I'm free" too (a near miss); not "When free"
                "when are you available",
            ),
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
        *equality_columns(),
        id_column("Person"),
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
        *person_ref_columns(),
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
        id_column("Capability"),
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
        *acv_columns(),
        id_column("Asset"),
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
        id_column("Link"),
    ),
)

ROLES = Sheet(
    name="Role details",
    record_type=r.Role,
    table_name="RoleDetails",
    about="Each person's part at each stage: the rung of the ladder, decisions, what they get.",
    parent=("person_id", r.Person),
    columns=(
        *person_ref_columns(),
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
        id_column("Role"),
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
        id_column("Rating"),
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
        id_column("Action"),
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

__all__ = [
    "ACTIONS",
    "ASSETS",
    "CAPABILITIES",
    "DATA_SHEETS",
    "ELEMENT_LINKS",
    "PEOPLE",
    "RATINGS",
    "ROLES",
    "SHEETS_BY_NAME",
    "TEMPLATE_SHEETS",
    "Column",
    "Kind",
    "Sheet",
]
