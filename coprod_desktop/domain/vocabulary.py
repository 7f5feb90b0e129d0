"""The coded vocabulary of a co-production audit, each code with its plain-language label.

Codes are what the `.coprod` file stores and never change; labels are what people read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Coded(StrEnum):
    """A stored code with a label (and optionally a longer description) for people."""

    label: str
    description: str

    def __new__(cls, value: str, label: str, description: str = "") -> Coded:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.description = description
        return member

    @classmethod
    def from_code(cls, code: str) -> Coded:
        """Return the member stored as `code`, or raise ValueError naming the allowed codes."""
        try:
            return cls(code)
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            raise ValueError(f"'{code}' is not one of: {allowed}") from None


class Naming(Coded):
    """Which names the user wants to see for the six elements."""

    LGA = "lga", "Local Government Association (New Conversations 2.0)"
    NEF = "nef", "New Economics Foundation"


class Element(Coded):
    """The six elements of co-production (LGA "New Conversations 2.0")."""

    CAPABILITIES = "capabilities", "Building on people's existing capabilities"
    RECIPROCITY = "reciprocity", "Reciprocity and mutuality"
    PEER_NETWORKS = "peer_networks", "Peer support networks"
    BLURRING = "blurring", "Blurring distinctions"
    FACILITATING = "facilitating", "Facilitating rather than delivering"
    ASSETS = "assets", "Assets: people as equal partners"

    @property
    def info(self) -> ElementInfo:
        return ELEMENT_INFO[self]

    def name_in(self, naming: Naming) -> str:
        """Return the element's short name in the user's chosen naming."""
        return self.info.nef_name if naming is Naming.NEF else self.label


@dataclass(frozen=True)
class ElementInfo:
    lga_name: str
    nef_name: str
    summary: str
    explanation: str


ELEMENT_INFO: dict[Element, ElementInfo] = {
    Element.CAPABILITIES: ElementInfo(
        lga_name="Building on people's existing capabilities",
        nef_name="Capacity",
        summary="What's strong, not what's wrong.",
        explanation=(
            "Start from what people can already do and know, not from what they lack. Everyone "
            "brings knowledge, skills, care and experience of life. Services that see people only "
            "as a set of needs waste those gifts; co-production asks what each person can offer "
            "and builds the work on it, so that people grow in confidence and the service becomes "
            "stronger."
        ),
    ),
    Element.RECIPROCITY: ElementInfo(
        lga_name="Reciprocity and mutuality",
        nef_name="Mutuality",
        summary="Give and take, with responsibilities and expectations on both sides.",
        explanation=(
            "People get something back for what they put in, and everyone has responsibilities "
            "as well as rights. What they get back need not be money: learning, recognition, "
            "friendship, experience for a job or access to something they value all count. "
            "Relationships of give and take replace the one-way flow from provider to client."
        ),
    ),
    Element.PEER_NETWORKS: ElementInfo(
        lga_name="Peer support networks",
        nef_name="Networks",
        summary="Peers and personal networks alongside professionals.",
        explanation=(
            "People learn from and look after each other. Peer support groups, neighbours, "
            "friends and family are a way of passing on knowledge and keeping change going, "
            "alongside what professionals offer. Co-production builds and joins up these networks "
            "rather than replacing them."
        ),
    ),
    Element.BLURRING: ElementInfo(
        lga_name="Blurring distinctions",
        nef_name="Shared roles",
        summary="No hard line between professionals and recipients, producers and consumers.",
        explanation=(
            "The line between the people who provide a service and the people who use it fades. "
            "People who use services help to design and deliver them, and staff work alongside "
            "them as equals. Roles are shared and can change, so that everyone's knowledge is "
            "used."
        ),
    ),
    Element.FACILITATING: ElementInfo(
        lga_name="Facilitating rather than delivering",
        nef_name="Catalysts",
        summary="Agencies act as catalysts, not only as providers.",
        explanation=(
            "Public bodies and charities step back from doing everything themselves and help "
            "others to act: they convene, fund, open doors and remove barriers. Staff spend "
            "less time doing things for people and more time making it possible for people to "
            "do things for themselves and each other. Success is measured by what the "
            "community can do, not only by what the agency delivers."
        ),
    ),
    Element.ASSETS: ElementInfo(
        lga_name="Assets: people as equal partners",
        nef_name="Assets",
        summary="People are equal partners, not passive recipients.",
        explanation=(
            "People who use services, their families and communities are assets, not burdens. "
            "They are treated as equal partners in designing and delivering what affects them, "
            "and the places, groups and networks of the community are recognised as resources "
            "to build on."
        ),
    ),
}


class Stage(Coded):
    """The stages of the work at which people can take part as partners."""

    PRIORITIES = "priorities", "Setting priorities"
    PLANNING = "planning", "Planning"
    DESIGN = "design", "Design"
    DELIVERY = "delivery", "Delivery"
    IMPROVEMENT = "improvement", "Improvement"
    EVALUATION = "evaluation", "Evaluation"


class Band(Coded):
    """The three bands of the ladder of co-production."""

    DOING_TO = "doing_to", "Doing to"
    DOING_FOR = "doing_for", "Doing for"
    DOING_WITH = "doing_with", "Doing with"

    @property
    def rungs(self) -> tuple[Rung, ...]:
        """Return the band's rungs, lowest first (`Rung.band` says which band a rung is in)."""
        return tuple(rung for rung in Rung if rung.band is self)


class Rung(Coded):
    """The ladder of co-production (Think Local Act Personal), lowest rung first."""

    COERCION = (
        "coercion",
        "Coercion",
        "People attend to be told about a decision already made; they have no influence.",
    )
    EDUCATING = (
        "educating",
        "Educating",
        "People are helped to understand a service designed without them.",
    )
    INFORMING = (
        "informing",
        "Informing",
        "People are told what is happening and why, but cannot change it.",
    )
    CONSULTATION = (
        "consultation",
        "Consultation",
        "People are asked their views; others decide whether to act on them.",
    )
    ENGAGEMENT = (
        "engagement",
        "Engagement",
        "People have more say and their views shape things, but power stays with the service.",
    )
    CO_DESIGN = (
        "co_design",
        "Co-design",
        "People have real influence over the design of the work and their ideas are used.",
    )
    CO_PRODUCTION = (
        "co_production",
        "Co-production",
        "An equal relationship: decisions and delivery are shared, seeing the work through.",
    )

    @property
    def rank(self) -> int:
        """Return 1 for the lowest rung up to 7 for co-production."""
        return list(Rung).index(self) + 1

    @property
    def band(self) -> Band:
        if self.rank <= 2:
            return Band.DOING_TO
        if self.rank <= 5:
            return Band.DOING_FOR
        return Band.DOING_WITH


class Rating(IntEnum):
    """The self-assessment scale; "not assessed" is stored as no rating at all."""

    NOT_YET = 1
    STARTING_OUT = 2
    DEVELOPING = 3
    ESTABLISHED = 4
    EMBEDDED = 5

    @property
    def label(self) -> str:
        return RATING_LABELS[self]


RATING_LABELS = {
    Rating.NOT_YET: "Not yet",
    Rating.STARTING_OUT: "Starting out",
    Rating.DEVELOPING: "Developing",
    Rating.ESTABLISHED: "Established",
    Rating.EMBEDDED: "Embedded",
}
NOT_ASSESSED_LABEL = "Not assessed"


class Principle(Coded):
    """The principles of co-production (Mind's toolkit) rated in self-assessment."""

    EQUALITY = "equality", "Equality", "Everyone has assets to bring and an equal voice."
    DIVERSITY = "diversity", "Diversity", "The people involved reflect the community served."
    ACCESSIBILITY = (
        "accessibility",
        "Accessibility",
        "Everyone can take part: places, times, formats and support fit their needs.",
    )
    RECIPROCITY = (
        "reciprocity",
        "Reciprocity",
        "People get something back: learning, payment, friendship, access, recognition.",
    )


class Hat(Coded):
    """ "Which hat are you wearing?" A person can wear several."""

    LIVED_EXPERIENCE = "lived_experience", "Lived experience"
    CARER = "carer", "Carer"
    COMMUNITY_MEMBER = "community_member", "Community member"
    VOLUNTEER = "volunteer", "Volunteer"
    STAFF = "staff", "Staff"
    PROFESSIONAL = "professional", "Professional"
    PARTNER_ORGANISATION = "partner_organisation", "Partner organisation"


class CapabilityKind(Coded):
    """The gifts of individuals, as asset-based community development names them."""

    HEAD = "head", "Head: knowledge", "What they know: knowledge, training and experience."
    HEART = "heart", "Heart: what they care about", "What they care about and would act on."
    HANDS = "hands", "Hands: practical skills", "What they can do: practical and creative skills."
    LIVED_EXPERIENCE = (
        "lived_experience",
        "Lived experience",
        "What they have lived through and learnt from.",
    )
    CONNECTIONS = "connections", "Connections", "Who they know: groups, networks, neighbours."
    LANGUAGE = "language", "Languages", "Languages they speak, sign or write."


class AssetCategory(Coded):
    """Kinds of community asset (asset-based community development)."""

    ASSOCIATIONS = (
        "associations",
        "Associations",
        "Groups of people who come together: clubs, faith groups, tenants' associations.",
    )
    INSTITUTIONS = (
        "institutions",
        "Institutions",
        "Schools, GP surgeries, libraries, the council and other organisations.",
    )
    PHYSICAL_SPACES = (
        "physical_spaces",
        "Physical spaces",
        "Halls, parks, gardens and rooms where people can meet.",
    )
    ECONOMIC = "economic", "Economic", "Local businesses, markets, credit unions, employers."
    CULTURAL = "cultural", "Cultural", "Heritage, arts, music, festivals and traditions."
    DIGITAL = "digital", "Digital", "Online groups, local websites, free Wi-Fi and computers."


class AssetStatus(Coded):
    ACTIVE = "active", "Active"
    AT_RISK = "at_risk", "At risk"
    CLOSED = "closed", "Closed"


class AcvStatus(Coded):
    """Where an asset stands as an Asset of Community Value (Localism Act 2011, Part 5)."""

    NOT_NOMINATED = "not_nominated", "Not nominated", "Never nominated as an ACV."
    NOMINATED = "nominated", "Nominated", "Nominated; the council has not decided yet."
    LISTED = "listed", "Listed", "On the council's list of Assets of Community Value."
    REFUSED = "refused", "Refused", "Nominated, but the council did not list it."
    REMOVED = "removed", "Removed", "Taken off the list before its five years were up."
    EXPIRED = "expired", "Expired", "Its five years on the list are over."


class ConsentScope(Coded):
    """How far a person has agreed that their details may be shared."""

    INTERNAL = "internal", "The audit team only"
    PARTNERS = "partners", "Partner organisations"
    PUBLIC = "public", "The public"


class PrivacyLevel(Coded):
    """How much of the audit an export may contain."""

    INTERNAL = "internal", "Internal", "Everything, for the audit team."
    PARTNER = (
        "partner",
        "Partner",
        "No contact details or equality data; pseudonyms where consent does not cover sharing.",
    )
    PUBLIC = "public", "Public", "Totals only; counts of people under 5 shown as \u201c<5\u201d."


class ActionStatus(Coded):
    PLANNED = "planned", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Reciprocity(Coded):
    """What people get back for taking part."""

    LEARNING = "learning", "Learning new skills"
    PAYMENT = "payment", "Payment"
    EXPENSES = "expenses", "Travel and expenses paid"
    VOUCHERS = "vouchers", "Vouchers"
    FRIENDSHIP = "friendship", "Friendship and company"
    ACCESS = "access", "Access to services or people"
    RECOGNITION = "recognition", "Recognition"
    EXPERIENCE = "experience", "Experience for work or study"


class Access(Coded):
    """Accessibility needs of people, matched against the features of assets and meetings."""

    STEP_FREE = "step_free", "Step-free access"
    ACCESSIBLE_TOILET = "accessible_toilet", "Accessible toilet"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    BSL = "bsl", "British Sign Language interpreter"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    QUIET_SPACE = "quiet_space", "Quiet space"
    PUBLIC_TRANSPORT = "public_transport", "Near public transport"
    PARKING = "parking", "Accessible parking"
    ONLINE = "online", "Can take part online"
    WELSH = "welsh", "Welsh-language provision"


class LinkTarget(Coded):
    """What an element link points at."""

    PERSON = "person", "Person"
    CAPABILITY = "capability", "Capability"
    ASSET = "asset", "Community asset"


STRENGTH_LABELS = {0: "None", 1: "Weak", 2: "Moderate", 3: "Strong"}
