"""The fictional area of the sample audit: an English market town and a Welsh-speaking valley.

Brackenford and Cwm Derwen are made up, and so is the postcode area "BK" (no real postcode area
uses those letters). Organisations, groups, streets and venues are all fictional.
"""

from __future__ import annotations

from dataclasses import dataclass

AREA = "Brackenford and Cwm Derwen"
ORGANISATION = "Brackenford and Cwm Derwen Wellbeing Partnership"
COUNCIL = "Brackenford and Cwm Derwen Borough Council"
TITLE = "Community wellbeing hubs: co-production audit"
PURPOSE = (
    "The Wellbeing Partnership (the Borough Council, the Community Mental Health Team and the "
    "voluntary sector) is redesigning the community wellbeing hubs in Brackenford and the Cwm "
    "Derwen valley before the new contracts start. We committed to do this with the people who "
    "use the hubs, their carers and the groups they already rely on, not for them. This audit "
    "records who is involved and what they bring, the community assets we can build on, who "
    "takes part at each stage and how much say they have, and how we rate ourselves against the "
    "six elements of co-production. It will show where people with lived experience, Welsh "
    "speakers and our newer communities are missing from decisions, and the action plan will be "
    "reported to the Partnership Board and the Lived Experience Panel every quarter."
)
OPERATORS = (
    "Rhian Pritchard (Co-production Lead)",
    "Tom Okafor (Community Development Officer)",
    "Nasreen Akhtar (Lived Experience Coordinator)",
)
# Short names of the operators, as action owners.
OPERATOR_NAMES = ("Rhian Pritchard", "Tom Okafor", "Nasreen Akhtar")
# The first people of every sample, whatever the seed: the audit team, and the two co-chairs
# of the Lived Experience Panel.
# (name, community, archetype, female, extra hats, organisation, job title)
ANCHOR_PEOPLE: tuple[tuple[str, str, str, bool, tuple[str, ...], str, str], ...] = (
    ("Rhian Pritchard", "welsh", "staff", True, (), ORGANISATION, "Co-production lead"),
    ("Tom Okafor", "nigerian", "staff", False, (), COUNCIL, "Community development worker"),
    (
        "Nasreen Akhtar",
        "pakistani",
        "staff",
        True,
        ("lived_experience",),
        ORGANISATION,
        "Lived experience coordinator",
    ),
    ("Siân Prydderch", "welsh", "lived", True, ("volunteer",), "", ""),
    ("Llŷr Pennant", "welsh", "carer", False, ("lived_experience",), "", ""),
)
REFERENCE_SOURCE = (
    "Census 2021 style figures for the fictional Brackenford and Cwm Derwen area (sample data)"
)
# Reserved for fiction: e-mail under example.org (RFC 2606), phone numbers in Ofcom's drama
# ranges (07700 900000 to 900999 for mobiles, 01632 960000 to 960999 for landlines).
EMAIL_DOMAINS = ("example.org", "mail.example.org", "post.example.org")


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    district: str  # the outward code, e.g. "BK2"
    welsh: bool  # in the Welsh-speaking valley
    weight: float  # share of the people involved who live there
    streets: tuple[str, ...]


NEIGHBOURHOODS: tuple[Neighbourhood, ...] = (
    Neighbourhood(
        "Town Centre",
        "BK1",
        False,
        10,
        (
            "High Street",
            "Market Place",
            "Chapel Street",
            "Bridge Street",
            "Albion Road",
            "Church Walk",
            "Foundry Lane",
        ),
    ),
    Neighbourhood(
        "Millfield",
        "BK2",
        False,
        12,
        (
            "Mill Lane",
            "Weaver's Row",
            "Orchard Close",
            "Victoria Terrace",
            "Cotton Street",
            "Millfield Road",
        ),
    ),
    Neighbourhood(
        "Wharfside",
        "BK3",
        False,
        9,
        ("Canal Side", "Wharf Road", "Lock Keeper's Way", "Tannery Row", "Barge Lane"),
    ),
    Neighbourhood(
        "Oakleigh Park",
        "BK4",
        False,
        14,
        (
            "Oakleigh Drive",
            "Acorn Walk",
            "Beech Crescent",
            "Rowan Way",
            "Hazel Grove",
            "Larch Court",
            "Elm Road",
        ),
    ),
    Neighbourhood(
        "Highcross",
        "BK5",
        False,
        11,
        ("Highcross Road", "Windsor Avenue", "Kingsway", "Park View", "St Anne's Road"),
    ),
    Neighbourhood(
        "Station Hill",
        "BK6",
        False,
        8,
        ("Station Road", "Railway Cottages", "Signal Lane", "Goods Yard Mews", "Hill Rise"),
    ),
    Neighbourhood(
        "Pentre Tŷ-isaf",
        "BK14",
        True,
        9,
        ("Heol y Capel", "Lôn y Dŵr", "Stryd yr Afon", "Maes yr Ŵyn", "Rhes y Glowyr"),
    ),
    Neighbourhood(
        "Glanrhyd",
        "BK15",
        True,
        8,
        ("Ffordd y Bryn", "Heol Glan-yr-Afon", "Lôn Brân", "Cae Glas", "Ffordd Ffynnon Lân"),
    ),
    Neighbourhood(
        "Tŷ Gwyn",
        "BK16",
        True,
        10,
        ("Lôn Tŷ Gwyn", "Heol Tŵr y Cloc", "Stryd Fawr", "Bryn Derwen", "Heol y Gaer"),
    ),
    Neighbourhood(
        "Cwm Derwen",
        "BK17",
        True,
        9,
        ("Heol y Pwll", "Teras y Glöwr", "Ffordd y Cwm", "Maes y Dderwen", "Heol Pen-y-bont"),
    ),
)

# Letters used in the inward part of UK postcodes (never C, I, K, M, O or V).
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Employers of staff and professionals: (organisation, weight, job titles).
ORGANISATIONS_STAFF: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    (
        COUNCIL,
        5,
        (
            "Community development worker",
            "Community development worker",
            "Commissioning manager",
            "Project manager",
            "Finance business partner",
            "Performance and insight officer",
            "Head of Community Wellbeing",
        ),
    ),
    (
        ORGANISATION,
        3,
        (
            "Co-production lead",
            "Wellbeing hub coordinator",
            "Wellbeing hub coordinator",
            "Hub manager",
            "Evaluation lead",
            "Quality improvement lead",
            "Service designer",
        ),
    ),
    (
        "Community Mental Health Team (Brackenford)",
        2,
        (
            "Community psychiatric nurse",
            "Occupational therapist",
            "Team manager",
            "Support, time and recovery worker",
        ),
    ),
    (
        "Cwm Derwen Health Centre",
        1,
        ("Practice nurse", "Health visitor", "Social prescribing link worker"),
    ),
)
ORGANISATIONS_PROFESSIONAL: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Glanrhyd Medical Practice", 2, ("GP", "Practice nurse", "Practice manager")),
    ("Station Road Surgery", 2, ("GP", "Practice nurse", "Social prescribing link worker")),
    ("Brackenford High School", 2, ("Teacher", "Head of year", "Pastoral lead")),
    ("Ysgol Gyfun Cwm Derwen", 1.5, ("Teacher", "Pastoral lead")),
    ("Brackenford College", 1, ("Lecturer", "Student wellbeing adviser")),
    ("Brackenford Housing Association", 2, ("Housing officer", "Tenancy support worker")),
    (
        "Adult Social Care, Brackenford and Cwm Derwen Borough Council",
        2,
        ("Social worker", "Occupational therapist", "Care coordinator"),
    ),
    ("Highcross Pharmacy", 1, ("Community pharmacist",)),
    ("Brackenford Neighbourhood Policing Team", 1, ("Police community support officer",)),
    ("Wharfside Family Centre", 1, ("Family support worker", "Centre manager")),
)
ORGANISATIONS_PARTNER = (
    ("Brackenford Mental Health Forum", 3),
    ("Cwm Derwen Carers' Centre", 3),
    ("Brackenford Community Voluntary Service", 2),
    ("Refugee Welcome Brackenford", 2),
    ("Polish Community Association of Brackenford", 1),
    ("Somali Community Association of Brackenford", 1),
    ("Menter Iaith Cwm Derwen", 1.5),
    ("Brackenford Food Bank", 2),
    ("Brackenford Older People's Forum", 1.5),
    ("Oakleigh Park Community Trust", 2),
    ("Brackenford Youth Project", 1.5),
    ("Brackenford Deaf Club", 0.5),
    ("Cwm Derwen Credit Union", 0.5),
    ("Tŷ Gwyn Housing Co-operative", 1),
)
# Groups a volunteer or community member might name as their organisation.
ORGANISATIONS_COMMUNITY = (
    "Brackenford Food Bank",
    "Oakleigh Park Tenants' and Residents' Association",
    "Côr Meibion Cwm Derwen",
    "Hwb Cymunedol Tŵr y Cloc",
    "Brackenford Mental Health Forum",
    "Cwm Derwen Carers' Centre",
    "Millfield Men's Shed",
    "Friends of Victoria Park",
    "Brackenford Allotment Society",
    "Canolfan Tŷ Gwyn",
    "Refugee Welcome Brackenford",
    "Wharfside Repair Café",
)

# Landmark assets: always in the sample, whatever its size, so that every category and status
# is present. (name, category, status, neighbourhood, description, opening times)
LANDMARK_ASSETS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "Hwb Cymunedol Tŵr y Cloc",
        "physical_spaces",
        "active",
        "Tŷ Gwyn",
        "Community hub in the old clock-tower offices: café, meeting rooms, advice sessions "
        "and a Welsh-language warm space in winter.",
        "Llun–Gwener 9yb–4yh / Mon–Fri 9am–4pm",
    ),
    (
        "Canolfan Tŷ Gwyn",
        "physical_spaces",
        "active",
        "Tŷ Gwyn",
        "Village hall run by volunteers; hosts the carers' coffee morning, the choir and "
        "the youth club.",
        "Bookings 8am–10pm; office Tue and Thu mornings",
    ),
    (
        "Brackenford Indoor Market",
        "economic",
        "at_risk",
        "Town Centre",
        "Victorian market hall with 40 stalls; the council is consulting on its future "
        "and several traders have left.",
        "Tue, Fri and Sat 8am–4pm",
    ),
    (
        "Cwm Derwen Credit Union",
        "economic",
        "active",
        "Cwm Derwen",
        "Savings and affordable loans; collection points in three chapels and the hub.",
        "Wed 10am–1pm; Sat 10am–12 noon",
    ),
    (
        "Brackenford Food Bank",
        "associations",
        "active",
        "Millfield",
        "Emergency food parcels on referral, with advice on benefits and debt at the same "
        "sessions. Run by churches and mosques together.",
        "Mon, Wed and Fri 11am–2pm",
    ),
    (
        "Côr Meibion Cwm Derwen",
        "cultural",
        "active",
        "Cwm Derwen",
        "Male voice choir founded by miners in 1921; now welcomes new singers of any "
        "background and sings at the care homes every December.",
        "Rehearsals Tue and Thu 7pm–9pm",
    ),
    (
        "Cân a Chwerthin",
        "cultural",
        "active",
        "Glanrhyd",
        "Bilingual singing group for people living with dementia and their carers.",
        "Every other Friday, 2pm–3:30pm",
    ),
    (
        "Brackenford Central Library",
        "institutions",
        "active",
        "Town Centre",
        "Library with free computers and Wi-Fi, a reading group for people with low "
        "literacy, and a quiet room bookable for small meetings.",
        "Mon–Sat 9:30am–5pm; Thu until 7pm",
    ),
    (
        "Ysgol Gynradd Tŷ Gwyn",
        "institutions",
        "active",
        "Tŷ Gwyn",
        "Welsh-medium primary school; the hall is open to community groups after school.",
        "Term time; community use 3:30pm–8pm",
    ),
    (
        "Oakleigh Park Youth Club",
        "associations",
        "closed",
        "Oakleigh Park",
        "Youth club closed when its funding ended; the building is boarded up and young "
        "people say they have nowhere to go.",
        "Closed",
    ),
    (
        "Miners' Welfare Hall, Cwm Derwen",
        "physical_spaces",
        "at_risk",
        "Cwm Derwen",
        "Large hall with a stage and kitchen; the roof needs repair and the trustees are "
        "looking for a community asset transfer.",
        "By arrangement with the trustees",
    ),
    (
        "Gardd Gymunedol Lôn y Dŵr",
        "physical_spaces",
        "active",
        "Pentre Tŷ-isaf",
        "Community garden on the old railway sidings: raised beds, a polytunnel and a "
        "social-prescribing gardening group.",
        "Open access; group sessions Sat 10am–12 noon",
    ),
    (
        "Brackenford Community Facebook group",
        "digital",
        "active",
        "Town Centre",
        "Local group with about 9,000 members; events, lost pets and plenty of arguments.",
        "Online, any time",
    ),
    (
        "Digital Buddies drop-in",
        "digital",
        "active",
        "Highcross",
        "Volunteers help people use phones, tablets and online forms; laptops to borrow.",
        "Thu 1pm–4pm at Highcross Community Centre",
    ),
    (
        "Radio Cwm FM",
        "digital",
        "at_risk",
        "Glanrhyd",
        "Volunteer-run community radio in Welsh and English, streamed online; looking for "
        "new presenters and a new licence.",
        "Broadcasts daily 7am–11pm",
    ),
    (
        "Millfield Men's Shed",
        "associations",
        "active",
        "Millfield",
        "Workshop where men (and a few women) make, mend and talk; several members came "
        "through social prescribing.",
        "Mon, Wed and Sat 10am–3pm",
    ),
    (
        "Wharfside Repair Café",
        "economic",
        "active",
        "Wharfside",
        "Volunteers fix electrical goods, bikes and clothes for free; tea and cake.",
        "Last Saturday of the month, 10am–1pm",
    ),
    (
        "Brackenford Mela",
        "cultural",
        "active",
        "Highcross",
        "Summer festival of South Asian music, food and dance in Victoria Park, organised "
        "by a committee of local families.",
        "One weekend each July",
    ),
    (
        "Capel Bethel",
        "associations",
        "closed",
        "Pentre Tŷ-isaf",
        "Chapel closed in 2024; the vestry was the only meeting room in the village.",
        "Closed",
    ),
    (
        "Highcross Jamia Mosque",
        "associations",
        "active",
        "Highcross",
        "Mosque with a women's committee, a homework club and a community iftar that is "
        "open to everyone.",
        "Daily; office Mon–Fri 10am–2pm",
    ),
    (
        "Polish Saturday School",
        "associations",
        "active",
        "Station Hill",
        "Polish language and culture classes for 80 children, run by parents.",
        "Sat 9am–1pm in term time",
    ),
    (
        "Victoria Park",
        "physical_spaces",
        "active",
        "Highcross",
        "Town park with a bandstand, play area and café; the Friends group runs litter "
        "picks and the parkrun starts here.",
        "Open dawn to dusk",
    ),
)

# Templates of further assets, per category: (English name, Welsh name or "") with {nb} for
# the neighbourhood. Welsh names are used for neighbourhoods in the valley.
ASSET_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "associations": (
        ("{nb} Tenants' and Residents' Association", "Cymdeithas Trigolion {nb}"),
        ("{nb} Over-60s Club", "Clwb Dros 60 {nb}"),
        ("{nb} Walking Group", "Grŵp Cerdded {nb}"),
        ("{nb} Parent and Toddler Group", "Cylch Ti a Fi {nb}"),
        ("{nb} Litter Pickers", ""),
        ("{nb} Knit and Natter", "Gwau a Sgwrsio {nb}"),
        ("{nb} Carers' Coffee Morning", "Bore Coffi Gofalwyr {nb}"),
        ("{nb} Youth Forum", "Fforwm Ieuenctid {nb}"),
        ("{nb} Bowls Club", ""),
        ("{nb} Gardening Club", "Clwb Garddio {nb}"),
        ("{nb} Peer Support Group", "Grŵp Cymorth Cymheiriaid {nb}"),
        ("{nb} Neighbourhood Watch", ""),
        ("{nb} Lunch Club", "Clwb Cinio {nb}"),
    ),
    "institutions": (
        ("{nb} Library", "Llyfrgell {nb}"),
        ("{nb} Primary School", "Ysgol Gynradd {nb}"),
        ("{nb} Medical Practice", "Meddygfa {nb}"),
        ("{nb} Pharmacy", "Fferyllfa {nb}"),
        ("{nb} Family Centre", "Canolfan Deulu {nb}"),
        ("{nb} Jobcentre outreach", ""),
        ("{nb} Housing Office", "Swyddfa Dai {nb}"),
    ),
    "physical_spaces": (
        ("{nb} Community Centre", "Canolfan Gymunedol {nb}"),
        ("{nb} Community Garden", "Gardd Gymunedol {nb}"),
        ("{nb} Playing Fields", "Caeau Chwarae {nb}"),
        ("{nb} Scout Hut", ""),
        ("{nb} Church Hall", "Festri {nb}"),
        ("{nb} Park Pavilion", "Pafiliwn {nb}"),
        ("{nb} Sports Hall", "Neuadd Chwaraeon {nb}"),
        ("{nb} Allotments", "Rhandiroedd {nb}"),
    ),
    "economic": (
        ("{nb} Food Co-op", "Cwmni Bwyd Cydweithredol {nb}"),
        ("{nb} Community Café", "Caffi {nb}"),
        ("{nb} Credit Union collection point", ""),
        ("{nb} Swap Shop", "Siop Gyfnewid {nb}"),
        ("{nb} Social Supermarket", ""),
        ("{nb} Timebank", "Banc Amser {nb}"),
        ("{nb} Post Office", "Swyddfa'r Post {nb}"),
        ("{nb} Farmers' Market", "Marchnad Ffermwyr {nb}"),
    ),
    "cultural": (
        ("{nb} Carnival", "Carnifal {nb}"),
        ("{nb} Local History Group", "Cymdeithas Hanes {nb}"),
        ("{nb} Community Choir", "Côr {nb}"),
        ("{nb} Heritage Trail", "Llwybr Treftadaeth {nb}"),
        ("{nb} Summer Fair", "Ffair Haf {nb}"),
        ("{nb} Arts Collective", ""),
        ("{nb} Brass Band", "Band Pres {nb}"),
        ("{nb} Film Club", "Clwb Ffilm {nb}"),
        ("", "Eisteddfod {nb}"),
    ),
    "digital": (
        ("{nb} Community Facebook group", ""),
        ("{nb} Parents' WhatsApp group", "Grŵp WhatsApp Rhieni {nb}"),
        ("Free Wi-Fi at {nb} Library", "Wi-Fi am ddim, Llyfrgell {nb}"),
        ("{nb} Digital Drop-in", "Sesiwn Ddigidol {nb}"),
        ("{nb} Laptop Loan Scheme", ""),
        ("{nb} Community Newsletter (e-mail)", "Cylchlythyr {nb}"),
    ),
}

ASSET_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "associations": (
        "Volunteer-run group that meets weekly; new members welcome and tea is free.",
        "Small committee of local residents; keeps a list of members who look in on neighbours.",
        "Informal group that started during the pandemic and kept going.",
        "Long-standing group; members are mostly older and it needs younger volunteers.",
        "Group for people who share an experience; a trained volunteer facilitates.",
    ),
    "institutions": (
        "Public service with rooms that community groups can book free of charge.",
        "Staff are keen to work with local groups and to host drop-in sessions.",
        "Trusted by families; many people come here before any other service.",
        "Offers a community noticeboard and signposting to local groups.",
    ),
    "physical_spaces": (
        "Hall with kitchen and accessible toilet; cheap to hire for community groups.",
        "Outdoor space that people use every day; a friends group looks after it.",
        "Meeting room and garden; popular for small groups and one-to-one sessions.",
        "Building in need of repair but still well used in the evenings.",
    ),
    "economic": (
        "Local enterprise that keeps money in the area and employs local people.",
        "Affordable food and household goods; volunteers run the till.",
        "Not-for-profit; people swap time, skills or goods instead of money.",
        "Small business that sponsors the summer fair and offers work placements.",
    ),
    "cultural": (
        "Annual event that brings the whole community together.",
        "Group that keeps local traditions and history alive; welcomes newcomers.",
        "Arts activity with free sessions for people on low incomes.",
        "Music group that performs at local events and in care homes.",
    ),
    "digital": (
        "Online group where people share news, events and requests for help.",
        "Free access to computers and the internet, with volunteers to help.",
        "Online space run by a local volunteer; moderated, with clear rules.",
        "Scheme that lends devices and data to people who are not online.",
    ),
}

ASSET_OPENING_TIMES: dict[str, tuple[str, ...]] = {
    "associations": (
        "Tuesdays 10am–12 noon",
        "Every Thursday 7pm–9pm",
        "First Monday of the month, 6:30pm",
        "Wednesdays 1:30pm–3:30pm",
        "Saturdays 9am–11am",
    ),
    "institutions": (
        "Mon–Fri 8:30am–6pm",
        "Mon–Fri 9am–5pm; Sat 9am–12 noon",
        "Term time 8:45am–3:15pm; community use evenings",
        "Tue–Sat 9:30am–5pm",
    ),
    "physical_spaces": (
        "Bookings 8am–10pm, seven days",
        "Open dawn to dusk",
        "Mon–Sat 9am–9pm",
        "By arrangement with the caretaker",
    ),
    "economic": (
        "Mon–Sat 9am–5:30pm",
        "Thu and Fri 10am–2pm",
        "Saturdays 8am–1pm",
        "Wed 10am–12 noon",
    ),
    "cultural": (
        "Weekly rehearsals, Monday evenings",
        "Once a year, in the summer",
        "Second Sunday of the month, 2pm–4pm",
        "Fortnightly, Friday afternoons",
    ),
    "digital": (
        "Online, any time",
        "Drop-in Thu 1pm–4pm; online any time",
        "Weekly e-mail on Fridays",
    ),
}

# The feature each accessibility code has a chance of, for an ordinary asset.
ASSET_ACCESS_CHANCES = (
    ("step_free", 0.7),
    ("accessible_toilet", 0.5),
    ("hearing_loop", 0.25),
    ("bsl", 0.04),
    ("large_print", 0.15),
    ("easy_read", 0.1),
    ("quiet_space", 0.2),
    ("public_transport", 0.6),
    ("parking", 0.4),
    ("online", 0.05),
    ("welsh", 0.0),  # set from the neighbourhood instead
)
