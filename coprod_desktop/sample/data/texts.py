"""Words of the sample audit: capabilities, availability, evidence, role titles and actions.

Written the way an officer or a volunteer would note them down. Capability templates are
(description, tags); some belong to one community or hat, most to anyone.
"""

from __future__ import annotations

Template = tuple[str, tuple[str, ...]]

CAPABILITIES: dict[str, tuple[Template, ...]] = {
    "head": (
        ("Retired district nurse; still keeps up with how community health works", ("health",)),
        ("Retired primary school teacher", ("education", "children")),
        ("Former social worker; knows how assessments and care packages work", ("social care",)),
        (
            "Knows the benefits system inside out; helps neighbours with Universal Credit",
            ("benefits", "advice"),
        ),
        ("Qualified Mental Health First Aider", ("mental health", "training")),
        ("Keeps the accounts for two small charities", ("finance", "charities")),
        ("Trained in safeguarding (level 2) and first aid", ("safeguarding", "first aid")),
        ("Understands tenancy rights after years at the advice centre", ("housing", "advice")),
        ("Studied community development at Brackenford College", ("community development",)),
        (
            "Knows how the council's small grants panel works and how to write a bid",
            ("funding", "bids"),
        ),
        ("Twenty years in the NHS as a healthcare assistant", ("health",)),
        ("Food hygiene certificate (level 2); runs safe community kitchens", ("food", "hygiene")),
        ("Knows the history of the valley's pits and chapels", ("heritage", "history")),
        ("Experienced at chairing meetings and taking minutes", ("meetings", "governance")),
        ("Good with spreadsheets; set up the food bank's stock records", ("data", "IT")),
        (
            "Charity trustee for eight years; knows the rules and the paperwork",
            ("governance", "charities"),
        ),
        ("Trained interviewer; did the residents' survey on the estate", ("research", "surveys")),
        ("Knows local employers and apprenticeship schemes", ("employment", "skills")),
        (
            "Retired police officer; knows how to work with the neighbourhood team",
            ("community safety",),
        ),
        ("Trained in motivational interviewing through work", ("mental health", "training")),
        ("Understands how planning applications and consultations work", ("planning",)),
        ("Former bank manager; good at budgets and explaining money", ("finance", "money advice")),
        ("Knows the special educational needs system from the inside", ("SEN", "education")),
        ("Qualified youth worker", ("young people",)),
        ("Runs training on trauma-informed practice", ("training", "trauma-informed")),
    ),
    "heart": (
        (
            "Wants young people on the estate to have somewhere safe to go in the evenings",
            ("young people",),
        ),
        ("Determined that carers get a proper break", ("carers",)),
        ("Cares about loneliness among older neighbours", ("older people", "loneliness")),
        ("Passionate about green spaces and the canal towpath", ("environment", "green spaces")),
        (
            "Wants services to treat people with dignity, not as case numbers",
            ("dignity", "services"),
        ),
        ("Cares about keeping the Welsh language alive in the valley", ("Welsh language",)),
        ("Wants refugees to feel welcome in Brackenford", ("refugees", "welcome")),
        ("Believes nobody should go hungry; supports the food bank", ("food poverty",)),
        ("Cares about men's mental health and getting blokes talking", ("mental health", "men")),
        ("Wants disabled people to be heard when decisions are made", ("disability", "voice")),
        ("Cares about the library staying open", ("libraries",)),
        ("Wants parents of autistic children to get support earlier", ("autism", "parents")),
        ("Cares about clean streets and keeping the estate tidy", ("environment",)),
        (
            "Passionate about getting people online who have been left behind",
            ("digital inclusion",),
        ),
        ("Wants the high street to come back to life", ("high street", "economy")),
        ("Cares about people leaving hospital with nobody at home", ("hospital discharge",)),
        (
            "Wants the valley's young people to stay rather than move away",
            ("young people", "Welsh language"),
        ),
        ("Cares about fair treatment for people with criminal records", ("justice",)),
        ("Wants more Deaf people involved in local decisions", ("Deaf", "BSL")),
    ),
    "hands": (
        ("Bakes for every coffee morning at the community centre", ("baking", "food")),
        ("Can fix bikes and teaches teenagers to do it too", ("bikes", "young people")),
        ("Grows vegetables on the allotment and shares seedlings", ("gardening", "food")),
        ("Sews and alters clothes; has run a sewing class", ("sewing", "crafts")),
        ("Sets up laptops and phones and helps people get online", ("IT", "digital inclusion")),
        ("Takes good photographs; did the pictures for the carnival", ("photography", "arts")),
        ("Plays guitar and leads singalongs at the care home", ("music", "older people")),
        ("Painting and decorating; repainted the community centre", ("DIY", "buildings")),
        ("Designs posters and leaflets", ("design", "publicity")),
        ("Minibus driver with a D1 licence", ("transport", "driving")),
        ("Small repairs and DIY; regular at the repair café", ("DIY", "repairs")),
        ("Hairdresser; does free cuts at the drop-in once a month", ("hairdressing",)),
        ("Knits and crochets; runs a knit-and-natter group", ("crafts", "knitting")),
        ("Good listener; trained in peer support", ("peer support", "listening")),
        ("Face painting and crafts at children's events", ("crafts", "children")),
        ("Builds websites and runs social media for local groups", ("IT", "social media")),
        ("Carpentry; built the raised beds in the community garden", ("carpentry", "gardening")),
        ("First aider at community events", ("first aid", "events")),
        ("Cooks for big groups; organised the street party", ("cooking", "events")),
        ("Makes videos and edits them on a phone", ("video", "social media")),
    ),
    "lived_experience": (
        ("Lived experience of mental ill health and recovery", ("mental health", "recovery")),
        ("Lived experience of depression and anxiety; uses the wellbeing hub", ("mental health",)),
        ("Experience of homelessness and sofa surfing", ("homelessness", "housing")),
        ("In recovery from alcohol addiction; ten years sober", ("addiction", "recovery")),
        ("Living with long COVID", ("long COVID", "health")),
        ("Wheelchair user since a road accident", ("disability", "access")),
        (
            "Care leaver; knows what it is like to leave care at 18",
            ("care leavers", "young people"),
        ),
        ("Survivor of domestic abuse", ("domestic abuse",)),
        ("Living with type 1 diabetes", ("diabetes", "health")),
        ("Autistic, diagnosed as an adult", ("autism", "neurodiversity")),
        ("Experience of bipolar disorder and a stay in hospital", ("mental health", "hospital")),
        ("Lived on Universal Credit for two years after losing a job", ("benefits", "poverty")),
        ("Lived experience of psychosis and early intervention services", ("mental health",)),
        ("Bereaved by suicide; now supports others", ("bereavement", "suicide prevention")),
        ("Recovering from a stroke; relearned to speak", ("stroke", "health")),
        ("Living with chronic pain (fibromyalgia)", ("chronic pain", "health")),
        ("Single parent on a low income for many years", ("parents", "poverty")),
        ("Rebuilt life after prison", ("criminal justice",)),
        (
            "Lived experience of an eating disorder and recovery",
            ("mental health", "eating disorders"),
        ),
        ("Living with sight loss", ("sight loss", "access")),
    ),
    "connections": (
        ("Ran the tenants' association for ten years", ("tenants", "housing")),
        ("Knows everyone at the Miners' Welfare Hall", ("older people", "valley")),
        ("School governor; knows many of the parents", ("schools", "parents")),
        (
            "Links with the food bank volunteers and the churches that support it",
            ("food bank", "faith"),
        ),
        ("On first-name terms with the market traders", ("market", "business")),
        ("Runs the neighbourhood WhatsApp group (400 members)", ("WhatsApp", "neighbours")),
        ("Knows the youth workers and the skate park regulars", ("young people",)),
        ("Knows the carers' centre staff and the support groups", ("carers",)),
        ("Well connected with the staff at the GP practice", ("health",)),
        ("Organises the rugby club's community days", ("sport", "rugby")),
        ("Part of the Brackenford Pride committee", ("LGBTQ+", "events")),
        ("Knows the allotment society and the Friends of Victoria Park", ("gardening", "parks")),
        ("Member of the Côr Meibion; knows the valley's chapels", ("choir", "faith", "valley")),
        ("Knows the parents at the Welsh-medium school", ("Welsh language", "parents")),
        ("Links with the Deaf Club and its members' families", ("Deaf", "BSL")),
        ("Knows the landlords and the letting agents in the town centre", ("housing",)),
        ("Connected to the mental health peer support groups", ("mental health", "peer support")),
    ),
}

# Capabilities that belong to people of one community.
COMMUNITY_CAPABILITIES: dict[str, dict[str, tuple[Template, ...]]] = {
    "polish": {
        "connections": (
            ("Knows the Polish Saturday school parents", ("Polish", "parents")),
            ("Connected to the Polish parish and its families", ("Polish", "faith")),
        ),
        "hands": (("Makes pierogi for the Christmas fair", ("cooking", "Polish")),),
    },
    "pakistani": {
        "hands": (
            ("Cooks for fifty at the mosque iftar", ("cooking", "faith")),
            ("Mehndi artist; runs stalls at the Mela", ("arts", "events")),
        ),
        "connections": (
            ("Sits on the mosque's women's committee", ("faith", "women")),
            ("Helps run the mosque's community committee", ("faith", "community")),
            ("Knows the families at the mosque's homework club", ("faith", "parents")),
        ),
        "heart": (
            ("Wants more women from the mosque in community leadership", ("women", "faith")),
        ),
    },
    "bangladeshi": {
        "connections": (
            ("Knows the Bangladeshi families on Albion Road", ("Bangladeshi", "families")),
            ("Helps run the mosque's community committee", ("faith", "community")),
        ),
        "hands": (("Cooks for fifty at the mosque iftar", ("cooking", "faith")),),
    },
    "punjabi_sikh": {
        "hands": (("Helps cook langar at the gurdwara every Sunday", ("cooking", "faith")),),
        "connections": (
            (
                "Well known at the gurdwara; helps with the lunch club for elders",
                ("faith", "older people"),
            ),
        ),
    },
    "indian": {
        "connections": (("Helps organise Diwali at the mandir", ("faith", "events")),),
        "hands": (("Mehndi artist; runs stalls at the Mela", ("arts", "events")),),
    },
    "somali": {
        "connections": (
            ("Connected to the Somali women's group", ("Somali", "women")),
            ("Knows the Somali elders and the mosque committee", ("Somali", "faith")),
        ),
        "hands": (("Cooks for fifty at the mosque iftar", ("cooking", "faith")),),
        "lived_experience": (
            ("Came to the UK as a refugee and rebuilt life here", ("refugees", "migration")),
        ),
    },
    "arab": {
        "lived_experience": (
            (
                "Came to the UK as a refugee from Syria and rebuilt life in Brackenford",
                ("refugees", "migration"),
            ),
            ("Knows the asylum system from the inside", ("asylum", "migration")),
        ),
        "connections": (("Links with the families resettled from Syria", ("refugees",)),),
    },
    "ukrainian": {
        "lived_experience": (
            (
                "Arrived under the Homes for Ukraine scheme with two children",
                ("refugees", "Ukraine"),
            ),
        ),
        "connections": (("Knows the Ukrainian families and their hosts", ("Ukraine", "hosts")),),
    },
    "caribbean": {
        "connections": (
            ("Runs the Caribbean elders' lunch club", ("older people", "Caribbean")),
            ("Well known at the Pentecostal church on Station Road", ("faith",)),
        ),
        "hands": (("Cooks for the Caribbean lunch club and the carnival", ("cooking", "events")),),
    },
    "chinese": {
        "connections": (
            ("On the committee of the Chinese community association", ("Chinese", "community")),
        ),
        "hands": (("Teaches tai chi in Victoria Park", ("exercise", "older people")),),
    },
    "nigerian": {
        "hands": (("Cooks jollof rice for the community lunch", ("cooking", "events")),),
        "connections": (("Connected to the African churches' network", ("faith", "African")),),
    },
    "ghanaian": {
        "connections": (("Connected to the African churches' network", ("faith", "African")),),
        "hands": (("Cooks jollof rice for the community lunch", ("cooking", "events")),),
    },
    "filipino": {
        "connections": (
            ("Knows the Filipino care workers at the hospital", ("health", "Filipino")),
        ),
    },
    "welsh": {
        "connections": (
            ("Knows everyone at the Merched y Wawr branch", ("women", "Welsh language")),
            ("Member of the Côr Meibion for thirty years", ("choir", "Welsh language")),
        ),
        "hands": (
            ("Harpist; plays at the Eisteddfod and at weddings", ("music", "Welsh language")),
        ),
    },
}

# Lived experience of caring, for people who wear the carer hat.
CARER_EXPERIENCE: tuple[Template, ...] = (
    ("Cared for a parent with dementia for eight years", ("carers", "dementia")),
    (
        "Bringing up a disabled child and finding a way through the support system",
        ("carers", "disability"),
    ),
    (
        "Was a young carer for a brother with learning disabilities",
        ("young carers", "learning disability"),
    ),
    ("Supports a partner with multiple sclerosis", ("carers", "MS")),
    ("Looks after a son with schizophrenia", ("carers", "mental health")),
    ("Cares for a partner after a stroke", ("carers", "stroke")),
    ("Cared for a mother at the end of her life", ("carers", "end of life")),
)

# Capabilities that only fit women, or only men (a women's group, a male voice choir).
FEMALE_ONLY = frozenset(
    {
        "Sits on the mosque's women's committee",
        "Connected to the Somali women's group",
        "Knows everyone at the Merched y Wawr branch",
    }
)
MALE_ONLY = frozenset(
    {
        "Member of the Côr Meibion for thirty years",
        "Member of the Côr Meibion; knows the valley's chapels",
    }
)

# Languages people speak besides English: pairs first (when a person speaks both), then single
# languages.
LANGUAGE_PAIRS: dict[tuple[str, str], Template] = {
    ("Urdu", "Punjabi"): ("Speaks Urdu and Punjabi", ("Urdu", "Punjabi", "interpreting")),
    ("Cantonese", "Mandarin"): ("Speaks Cantonese and some Mandarin", ("Cantonese", "Mandarin")),
    ("Somali", "Arabic"): ("Speaks Somali and some Arabic", ("Somali", "Arabic")),
    ("Ukrainian", "Russian"): ("Speaks Ukrainian and Russian", ("Ukrainian", "Russian")),
    ("Gujarati", "Hindi"): ("Speaks Gujarati and Hindi", ("Gujarati", "Hindi")),
}
LANGUAGE_CAPABILITIES: dict[str, Template] = {
    "Welsh": ("Fluent Welsh speaker; happy to chair meetings in Welsh", ("Welsh language",)),
    "Urdu": ("Speaks Urdu; reads letters for older relatives", ("Urdu", "interpreting")),
    "Punjabi": ("Speaks Punjabi; can interpret at the gurdwara and the GP", ("Punjabi",)),
    "Bengali": ("Speaks Sylheti and Bengali", ("Bengali", "Sylheti")),
    "Gujarati": ("Speaks Gujarati", ("Gujarati",)),
    "Hindi": ("Speaks Hindi", ("Hindi",)),
    "Polish": ("Speaks Polish; can interpret at meetings", ("Polish", "interpreting")),
    "Romanian": ("Speaks Romanian; helps new arrivals register with a GP", ("Romanian",)),
    "Ukrainian": ("Speaks Ukrainian", ("Ukrainian",)),
    "Russian": ("Speaks Russian", ("Russian",)),
    "Cantonese": ("Speaks Cantonese", ("Cantonese",)),
    "Mandarin": ("Speaks Mandarin", ("Mandarin",)),
    "Tagalog": ("Speaks Tagalog", ("Tagalog",)),
    "Somali": ("Speaks Somali; can interpret at meetings", ("Somali", "interpreting")),
    "Arabic": ("Speaks Arabic; helps new arrivals with letters", ("Arabic", "interpreting")),
    "Kurdish": ("Speaks Kurdish (Sorani)", ("Kurdish",)),
    "Yoruba": ("Speaks Yoruba", ("Yoruba",)),
    "Igbo": ("Speaks Igbo", ("Igbo",)),
    "Twi": ("Speaks Twi", ("Twi",)),
    "BSL": ("BSL user; can advise on Deaf access", ("BSL", "Deaf")),
}
BSL_INTERPRETER: Template = ("BSL level 3; interprets informally for friends", ("BSL",))

AVAILABILITY = (
    "Weekday evenings",
    "Saturday mornings",
    "Tuesdays and Thursdays after 4pm",
    "Online only",
    "Weekends only",
    "Mornings, not Fridays",
    "Any time with a week's notice",
    "Monday and Wednesday daytime",
    "Only locally: does not drive",
    "Daytime, but not on hospital appointment days",
)
AVAILABILITY_WORKING_AGE = (
    "Shift work: needs a week's notice",
    "Term time, 9:30am to 2:30pm (school run)",
    "Afternoons; school holidays are difficult",
    "Evenings and weekends: works full time",
    "Lunchtimes or after 5:30pm",
)
AVAILABILITY_OLDER = (
    "Flexible, retired",
    "Daytime only; prefers not to go out after dark",
    "Weekday mornings; looks after grandchildren in the afternoons",
)
AVAILABILITY_CARER = (
    "Evenings after 7pm when someone can sit with the person they care for",
    "Only when respite care is booked",
    "Short meetings; needs to be home by 3pm",
)
AVAILABILITY_STAFF = (
    "Working hours; can do some evenings with notice",
    "Mon to Thu, 9am to 5pm",
    "Part-time: Tue, Wed, Thu",
    "Working hours; one evening a month",
    "Flexible; based at the hub on Wednesdays",
)

RECIPROCITY_NOTES = (
    "Would like a reference for job applications",
    "Bus fares: does not drive",
    "To meet people; has felt isolated since moving here",
    "Would like training in facilitation",
    "Needs childcare during meetings",
    "Involvement payment would make it possible to take time off work",
    "Wants to see that the ideas actually change something",
    "Would like a certificate for the volunteering",
    "Taxi to meetings in the evening",
    "Wants to learn more about how the council works",
)

ACCESSIBILITY_NOTES = {
    "step_free": "Uses a wheelchair",
    "accessible_toilet": "Needs an accessible toilet close by",
    "hearing_loop": "Hearing aid user; sits near the front",
    "bsl": "BSL interpreter needed for meetings",
    "large_print": "Papers in 16pt, a week before",
    "easy_read": "Easy-read papers, and time to go through them",
    "quiet_space": "Anxiety in large groups; a quiet room to step out to helps",
    "public_transport": "Relies on the bus; meetings near a stop",
    "parking": "Blue badge holder",
    "online": "Joins online when not well enough to travel",
    "welsh": "Prefers to speak Welsh in meetings",
}

PERSON_NOTES = (
    "Met at the Tŵr y Cloc coffee morning",
    "Referred by the Community Mental Health Team",
    "Came to the first open meeting in the library",
    "Introduced by the carers' centre",
    "Signed up at the Mela stall",
    "Prefers contact by text message",
    "Happy to be contacted in Welsh",
    "Interested in joining the Lived Experience Panel",
    "Asked to be told about paid involvement opportunities",
    "Knows the area well; lived here all their life",
)

RELATIONS = (
    ("member", 30),
    ("volunteer", 22),
    ("uses it", 25),
    ("regular visitor", 10),
    ("runs it", 5),
    ("trustee", 3),
    ("staff", 5),
)

# Short evidence notes for element links, by element.
LINK_EVIDENCE: dict[str, tuple[str, ...]] = {
    "capabilities": (
        "Skills used in running the Tuesday drop-in",
        "Offered to train other volunteers",
        "Named by three people as someone to learn from",
        "Knowledge used in the design workshops",
        "Led a session at the open day",
        "Skills noted at the asset-mapping workshop",
    ),
    "reciprocity": (
        "Receives involvement payments for panel meetings",
        "Swaps skills through the timebank",
        "Gets training in return for volunteering",
        "Reference written in return for a year's volunteering",
    ),
    "peer_networks": (
        "Runs a peer support group",
        "Introduces new members to the WhatsApp group",
        "Links families who share the same experience",
        "Buddies new volunteers for their first month",
        "Keeps in touch with people who stopped coming",
    ),
    "blurring": (
        "Co-facilitates the design group with staff",
        "Employed by the partnership as a peer worker",
        "Sat on the interview panel for the hub coordinator",
        "Co-delivered the staff training on trauma-informed practice",
    ),
    "facilitating": (
        "Staff step back and let the group set the agenda",
        "Council provides the room and the group runs it",
        "A small grant helped the group get started",
    ),
    "assets": (
        "Space offered free for meetings",
        "Trusted place for people who avoid services",
        "Knowledge of the area used to map assets",
        "Brings people the service does not reach",
        "Gives time every week without being asked",
    ),
}

# Role titles. For people in the community, by rung; the stage adds a word where it fits.
COMMUNITY_TITLES_BY_RUNG = {
    "coercion": ("Required to attend the service change briefing",),
    "educating": ("Attended the information session", "Attended the hub induction"),
    "informing": ("Receives project updates", "On the newsletter list"),
    "consultation": ("Focus group participant", "Survey respondent", "Gave views at a drop-in"),
    "engagement": ("Reference group member", "Member of the Lived Experience Panel"),
    "co_design": ("Member of the {group}", "Workshop co-designer"),
    "co_production": ("Co-chair of the {group}", "Lived experience lead", "Peer co-facilitator"),
}
COMMUNITY_TITLES_BY_STAGE = {
    "priorities": "priorities group",
    "planning": "planning group",
    "design": "design group",
    "delivery": "hub delivery team",
    "improvement": "improvement group",
    "evaluation": "evaluation panel",
}
EVALUATION_PEER_TITLES = ("Peer researcher", "Peer interviewer")
# Staff, professionals and partners keep one job title at every stage they take part in.
PEER_WORKER_TITLE = "Peer support worker"
PARTNER_JOBS = (
    ("Voluntary sector representative", 2),
    ("Partner representative", 3),
    ("Outreach worker", 2),
    ("Centre manager", 1),
    ("Practitioner adviser", 1),
    ("Volunteer coordinator", 1.5),
)
ROLE_NOTES = (
    "Involvement payment at the partnership's rate, plus travel",
    "Asked for papers in advance",
    "Joins online",
    "Brings a friend for support",
    "Stepped back for a few months; keen to return",
    "Has asked to be more involved in decisions",
)

ROUND_NOTES = (
    "First self-assessment, held at Hwb Cymunedol Tŵr y Cloc with lunch and travel paid. "
    "Ratings agreed by the whole group; where people disagreed we took the lower rating.",
    "Second self-assessment, at Brackenford Central Library with a Welsh interpreter and "
    "online joining. Compared with the first round before rating.",
)

# Rating evidence by subject and level (low 1-2, middle 3, high 4-5).
RATING_EVIDENCE = {
    "capabilities": (
        "We still start from needs assessments; asset conversations only in one hub.",
        "Skills are recorded for most volunteers and used to plan sessions.",
        "People's skills shape what the hubs offer; several sessions are led by members.",
    ),
    "reciprocity": (
        "No involvement payments yet; expenses are paid late.",
        "Involvement policy agreed; payments and vouchers available but not always offered.",
        "Payments, training and references offered as standard and people know about them.",
    ),
    "peer_networks": (
        "Few peer groups; most support is one-to-one with staff.",
        "Peer support groups in three areas; little support for the facilitators.",
        "Strong peer networks in both the town and the valley, linked to each other.",
    ),
    "blurring": (
        "Clear line between staff and the people who use the hubs.",
        "Some co-facilitation; peer worker posts agreed but not yet filled.",
        "Peer workers employed and people with lived experience sit on interview panels.",
    ),
    "facilitating": (
        "The partnership delivers almost everything itself.",
        "Some groups are supported to run their own sessions.",
        "Community groups run most sessions; staff convene, fund and unblock.",
    ),
    "assets": (
        "Community assets not yet mapped.",
        "Asset map started; people are asked what they can offer.",
        "Asset map used in planning; groups are treated as partners.",
    ),
    "equality": (
        "Lived experience members are not in the meetings where decisions are made.",
        "Lived experience members attend the board but have no vote yet.",
        "Lived experience co-chair with an equal vote on the board.",
    ),
    "diversity": (
        "Mostly older white residents from the town; no one from the newer communities.",
        "Some outreach in the mosque and the Polish school; young people still missing.",
        "The people involved broadly reflect the area, including Welsh speakers.",
    ),
    "accessibility": (
        "Meetings in the daytime in the council offices only.",
        "Venues step-free, papers in advance; Welsh and BSL on request.",
        "Meetings rotate between venues, online joining, Welsh and BSL as standard.",
    ),
    "reciprocity_principle": (
        "People are not asked what they want in return.",
        "What people want in return is recorded but not always acted on.",
        "Everyone agrees what they get back; reviewed every six months.",
    ),
}
NOT_ASSESSED_EVIDENCE = "Not enough evidence yet; to be rated at the next round."

ROUND_PARTICIPANTS = (
    "Lived Experience Panel ({a}), carers' forum ({b}), council and partnership staff ({c}), "
    "voluntary sector partners ({d})"
)

# Action templates per element, with {nb} for a neighbourhood and {group} for a community.
ACTIONS: dict[str, tuple[str, ...]] = {
    "capabilities": (
        "Hold an asset conversation with every new member at {nb} hub",
        "Run a skills-swap evening in {nb}",
        "Add a 'what I can offer' question to the hub sign-up form",
        "Train staff in strengths-based conversations",
        "Ask {group} what skills they would share and how",
        "Publish a skills directory for the hubs (with consent)",
        "Invite members to lead a session at {nb} hub",
        "Review referral forms to remove deficit language",
    ),
    "reciprocity": (
        "Agree the involvement payment policy with the Lived Experience Panel",
        "Pay expenses within ten days, in cash if people prefer",
        "Offer references and certificates to volunteers in {nb}",
        "Set up a timebank pilot in {nb}",
        "Ask everyone involved what they want in return and record it",
        "Check that involvement payments do not affect people's benefits",
    ),
    "peer_networks": (
        "Start a peer support group in {nb}",
        "Fund facilitator training for peer group leads",
        "Link the town and valley peer groups with a joint meeting",
        "Set up a peer support group for {group}",
        "Create a buddy scheme for new volunteers in {nb}",
        "Support the carers' WhatsApp group with a volunteer moderator",
    ),
    "blurring": (
        "Recruit two peer support workers with lived experience",
        "Put a lived experience member on every interview panel",
        "Co-deliver staff induction with the Lived Experience Panel",
        "Make the design group co-chaired by a member from {nb}",
        "Offer joint training for staff and volunteers in {nb}",
    ),
    "facilitating": (
        "Hand the running of the {nb} coffee morning to the group",
        "Offer small grants for groups to run their own sessions in {nb}",
        "Map what the partnership does that the community could do better",
        "Remove the room charge for community groups at {nb} hub",
        "Help {group} set up as a constituted group",
    ),
    "assets": (
        "Finish the asset map for {nb}",
        "Visit every faith group in {nb} to ask what they offer",
        "Support the asset transfer of the Miners' Welfare Hall",
        "Find a new home for the youth club in {nb}",
        "Share the asset map with GP practices for social prescribing",
        "Ask {group} which places they trust and use",
    ),
}
GENERAL_ACTIONS = (
    "Publish the audit summary in Welsh, English and easy read",
    "Report progress to the Partnership Board and the Lived Experience Panel",
)
ACTION_GROUPS = (
    "young people",
    "Welsh speakers in the valley",
    "the Polish community",
    "Somali women",
    "carers of people with dementia",
    "Deaf BSL users",
    "men aged 40 to 60",
    "the Syrian and Ukrainian families",
    "disabled people",
    "the Caribbean elders",
)
ACTION_NOTES = {
    "planned": (
        "Waiting for the budget decision",
        "Lived Experience Panel to review first",
        "Linked to the new hub contracts",
        "Needs a Welsh-speaking facilitator",
        "",
        "",
    ),
    "in_progress": (
        "Agreed at the last self-assessment",
        "First session held; two more planned",
        "Needs a Welsh-speaking facilitator",
        "Slower than hoped: volunteer lead was ill",
        "",
        "",
    ),
    "done": (
        "Reported to the Partnership Board",
        "Done with the Lived Experience Panel",
        "",
    ),
    "dropped": (
        "Dropped: no budget this year",
        "Merged with another action",
        "The group decided to do this themselves",
    ),
}
