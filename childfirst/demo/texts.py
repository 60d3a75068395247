"""Short pieces of casework writing for the demo, written to the child where it fits.

``{name}`` is the child's first (or preferred) name and ``{worker}`` the case
manager's. Everything here is made up; it is for showing the pages, not a model of
good practice, though it tries to sound like it.
"""

from __future__ import annotations

PILLAR_ANALYSIS = {
    "desistance": (
        "{name}, you told me the offence happened when you were with older friends and "
        "felt you could not say no. You want to stay in school and get back into football.",
        "{name}'s offending has been linked to boredom and to spending evenings in the town "
        "centre with a peer group who are also known to the police.",
        "The offence followed a difficult few months at home. {name} has no previous "
        "outcomes and has shown real regret.",
        "{name}, you said you do not want to end up like your older brother. That is a "
        "strong reason to change, and we will build on it together.",
        "Cannabis use and not being in school have gone together with {name}'s offending. "
        "{name} wants to get onto the construction course at college.",
        "{name} has been exploited by adults selling drugs; the offending is best "
        "understood in that context, and the National Referral Mechanism referral is open.",
    ),
    "safety_and_wellbeing": (
        "{name} is missing from home some evenings and has been seen with adults not known "
        "to the family. Children's social care are aware.",
        "{name}, you told me you feel safe at home but not in the area near the station. "
        "We agreed a safety plan for how you get to college.",
        "There are no current safeguarding concerns. {name} is registered with a GP and "
        "the school nurse has seen {name} this term.",
        "{name} has low mood and has self-harmed in the past; CAMHS have been contacted "
        "and the school's mental health lead is involved.",
        "{name} was assaulted last year and still worries about seeing the people involved.",
    ),
    "risk_of_harm": (
        "The risk of serious harm to others is low: the offence was impulsive and {name} "
        "has no history of violence.",
        "{name} carried a knife for protection; the risk to others is medium while that "
        "belief remains. Work on knife crime and safety is in the plan.",
        "The victim was a member of staff at school. {name} has written a letter of "
        "apology and the school has agreed a managed return.",
        "Risk to others is mainly to {name}'s mother during arguments at home. The adolescent "
        "to parent violence programme has been offered.",
        "There is a risk to other children from the group {name} spends time with; police "
        "intelligence has been checked and shared at the multi-agency meeting.",
    ),
}

STRENGTHS = (
    "Good relationship with grandmother; enjoys boxing.",
    "Attends the youth club most weeks and helps with younger children.",
    "Wants to be a mechanic; good with hands.",
    "Honest about what happened; engages well one to one.",
    "Close to a sibling who is doing well at college.",
    "Has kept a part-time job at the chip shop for six months.",
    "Strong faith and support from the family's mosque.",
    "Talented at music; records tracks with a youth worker.",
)

PROTECTIVE_FACTORS = (
    "Parent engaged and attending meetings.",
    "A trusted teacher at school.",
    "Stable placement with a foster carer who advocates for the child.",
    "Football club with a coach who has known the child for years.",
    "No longer in contact with the peer group involved in the offence.",
)

FOUR_PS = {
    "predisposing": (
        "Adverse childhood experiences: domestic abuse at home until age eight.",
        "Speech and language needs not picked up until secondary school.",
        "Exclusion from primary school; several school moves.",
        "Bereavement: father died two years ago.",
    ),
    "precipitating": (
        "Argument with parent on the day of the offence.",
        "Drinking with friends in the park.",
        "Pressure from older peers to take part.",
        "Recent permanent exclusion from school.",
    ),
    "perpetuating": (
        "Not in education; days unstructured.",
        "Continued cannabis use.",
        "Debt to older peers.",
        "Housing insecurity: the family are in temporary accommodation.",
    ),
    "protective": (
        "Wants to get into college.",
        "Mum and grandmother want to help and are available.",
        "Positive relationship with the case manager.",
        "Enjoys sport and has a place at the boxing club.",
    ),
}

SOURCES = (
    "Police case file; school records; interview with the child and mother; children's "
    "social care record.",
    "Pre-sentence report interview; CAMHS letter; education welfare officer.",
    "Police intelligence check; child's self-assessment; foster carer.",
    "Interview with the child; referral from the police panel; school attendance data.",
)

CHILD_VIEWS = (
    "I know I messed up. I just want to get this over with and get back to normal.",
    "I didn't think it was a big deal at the time, but I get it now.",
    "I want help with my anger because it keeps getting me into trouble.",
    "I don't like talking about it but I'll come to the sessions.",
    "I want to go to college and do plumbing.",
    "People think I'm bad but I'm not.",
)

PARENT_VIEWS = (
    "Mum is worried about who {name} is spending time with and wants support.",
    "Dad says {name} has changed since moving schools and wants the school involved.",
    "The foster carer thinks {name} needs help with managing emotions.",
    "Grandmother, who {name} lives with, is supportive and will bring {name} to appointments.",
    "Parents were not available to give their views; to follow up at the first review.",
)

VICTIM_NEEDS = (
    "The victim wants an apology and to know the child will not come to the shop again.",
    "The victim does not want contact but asked to be told how the order ends.",
    "The victim is anxious about meeting the child in the area; a route plan is agreed.",
    "The victim would like to meet the child in a restorative meeting.",
    "The business wants the damage repaired; reparation work has been arranged.",
)

#: (objective, action, who) by pillar; ``who`` may name the child or the case manager.
PLAN_ACTIONS = {
    "desistance": (
        (
            "Get back into education",
            "Meet the education officer and visit the college open day",
            "{name} and the education officer",
        ),
        (
            "Understand the effect of the offence on the victim",
            "Complete the victim awareness sessions",
            "{name} and {worker}",
        ),
        (
            "Find something positive to do in the evenings",
            "Join the boxing club on Tuesdays and Thursdays",
            "{name}, with the youth worker",
        ),
        (
            "Reduce cannabis use",
            "Weekly sessions with the substance misuse worker",
            "{name} and the substance misuse worker",
        ),
        (
            "Make amends",
            "Complete 10 hours of reparation at the community garden",
            "{name} and the reparation officer",
        ),
    ),
    "safety_and_wellbeing": (
        (
            "Stay safe in the community",
            "Agree a safety plan for travelling to and from college",
            "{name}, parent and {worker}",
        ),
        (
            "Get support with low mood",
            "Referral to CAMHS and weekly check-ins",
            "{worker} and the CAMHS practitioner",
        ),
        (
            "Keep safe from exploitation",
            "Share concerns at the multi-agency exploitation meeting",
            "{worker}",
        ),
        (
            "Have somewhere safe and stable to live",
            "Support the family's housing application",
            "Parent and the family support worker",
        ),
    ),
    "risk_of_harm": (
        (
            "Keep the victim safe",
            "Respect the agreed exclusion from the victim's street",
            "{name}",
        ),
        (
            "Understand the risks of carrying a knife",
            "Complete the knife crime programme",
            "{name} and {worker}",
        ),
        (
            "Manage anger without violence",
            "Work through the emotional regulation sessions",
            "{name} and the psychology student",
        ),
        (
            "Keep other people safe at home",
            "Attend the adolescent to parent violence programme with mum",
            "{name}, parent and the family practitioner",
        ),
    ),
}

CHILD_VERSION = (
    "I will go to my sessions every week and work on keeping out of trouble. {worker} will "
    "help me get into college.",
    "My plan is to stay away from the people I was with, go to boxing, and get help with "
    "my sleep and mood.",
    "I will do my reparation hours and write to the person I hurt. Mum will come to my reviews.",
    "I want to finish my order early for good progress. I'll keep my appointments and tell "
    "{worker} if I'm worried about anything.",
)

CONTINGENCY_SAFETY = (
    "If {name} goes missing, the parent reports to the police and the case manager shares "
    "it with social care the same day.",
    "If {name}'s mood drops, contact the CAMHS duty line; out of hours, the crisis team.",
    "If concerns about exploitation increase, convene a strategy meeting.",
)

CONTINGENCY_RISK = (
    "If {name} is found with a weapon, arrange an urgent review and inform the police.",
    "If {name} contacts the victim, escalate to the team manager the same day.",
    "If arguments at home become violent, the family uses the agreed safety plan and "
    "calls the police.",
)

REVIEW_CHANGES = {
    "desistance": (
        "{name} has started at college three days a week and is enjoying it.",
        "No new offences. Attendance at sessions has been good.",
        "{name} has stopped going to the park with the old peer group.",
        "Cannabis use is down to weekends, by {name}'s account.",
    ),
    "safety": (
        "No missing episodes since the last review.",
        "The family has moved to a new flat; {name} feels safer.",
        "CAMHS have started sessions and {name} says they help.",
        "A missing episode last month; return home interview completed.",
    ),
    "risk": (
        "Risk of serious harm remains low.",
        "The victim reports no further contact.",
        "Police intelligence shows no links to the group since the order began.",
        "Risk to others reduced from medium to low.",
    ),
    "plan": (
        "The plan continues with a focus on education.",
        "Reparation finished; victim work completed; plan updated.",
        "Frequency of contact reduced to fortnightly.",
        "Added support from the speech and language therapist.",
    ),
}

CONTACT_NOTES = (
    "Worked on the victim awareness module.",
    "Session on keeping safe when travelling.",
    "Home visit: met mum, talked about the plan.",
    "Reparation at the community garden.",
    "Went through the knife crime workbook together.",
    "Checked in about college and sleep.",
    "Phone call to rearrange the session.",
    "Emotional regulation session.",
    "Met with the education officer about a college place.",
    "Review of the safety plan.",
    "",
    "",
)

ENFORCEMENT_NOTES = (
    "Warning letter sent; explained at the next session.",
    "Second missed appointment without reason; warning issued.",
    "Breach proceedings started after three unacceptable absences.",
)

OVERSIGHT_RETURNED = (
    "The analysis of risk of harm to others does not draw on the police intelligence. "
    "Please add it and revisit the risk level.",
    "The victim's views are not recorded. Please contact the victim worker before resubmitting.",
    "The plan does not say how the child's speech and language needs will be met.",
    "Safety and wellbeing: the missing episodes are not analysed. Please add them.",
    "Please write the plan to the child, in words they will understand.",
    "Diversity and identity are not considered. Please add how they affect the work.",
    "The contingency plan is missing for keeping other people safe.",
)

OVERSIGHT_COUNTERSIGNED = (
    "",
    "",
    "Good analysis, clearly written to the child.",
    "Agreed. Review in three months.",
    "Agreed; please make sure the victim worker sees this.",
    "Countersigned. Good use of the school's information.",
)

PANEL_RATIONALE = {
    "community_resolution": (
        "First offence, admitted, low gravity; the victim agreed to a community resolution "
        "with reparation. Intervention to address the reasons for the offence.",
        "The child is 12 with no previous outcomes; a community resolution with support is "
        "proportionate and keeps the child out of the formal system.",
    ),
    "youth_caution": (
        "Second offence within a year; the child admitted it. A youth caution with a "
        "voluntary programme was agreed.",
        "Gravity score 3 after aggravating factors; the panel agreed a youth caution.",
    ),
    "ycc": (
        "Repeat offending and a victim who was injured; conditions of reparation and a "
        "programme of work give structure without prosecution.",
        "The child admitted the offence; a youth conditional caution with conditions was "
        "agreed as an alternative to charge.",
    ),
}

PANEL_RECOMMENDATION_DIFFERENT = {
    "community_resolution": "youth_caution",
    "youth_caution": "community_resolution",
    "ycc": "youth_caution",
}

IDENTITY_NOTES = (
    "Muslim; attends the mosque with family on Fridays.",
    "Young carer for a parent with a long-term illness.",
    "Has recently come out as gay to close friends; not to family yet.",
    "Proud of the family's Traveller heritage.",
    "Born in Poland; moved to England at seven. Speaks Polish at home.",
    "Arrived as an unaccompanied asylum-seeking child; speaks Tigrinya and some English.",
    "Christian; sings in the church choir.",
    "Autistic; finds new places and people hard.",
    "Experiences racism at school and in the community.",
    "Identifies as non-binary; uses they/them.",
)

COMMUNICATION_NEEDS = (
    "Speech, language and communication needs: keep sentences short and check understanding.",
    "ADHD: short sessions with breaks; movement helps.",
    "Dyslexia: read written material aloud; use visuals.",
    "Hearing impairment: face the child when speaking; quiet room.",
    "English is an additional language; interpreter for meetings with parents.",
    "Autism: give the session plan in advance; avoid sudden changes.",
)

OFFENCE_DESCRIPTIONS = {
    "common-assault": (
        "Pushed and punched another child after school.",
        "Slapped a peer during an argument at the park.",
    ),
    "assault-emergency-worker": (
        "Kicked a police officer during arrest.",
        "Spat at a paramedic while intoxicated.",
    ),
    "criminal-damage": (
        "Smashed a bus shelter window with friends.",
        "Damaged a car's wing mirror and door.",
        "Graffiti on the school's sports hall.",
    ),
    "theft": (
        "Took a mobile phone from a classmate's bag.",
        "Stole a bicycle from outside a shop.",
    ),
    "shoplifting": ("Took sweets and energy drinks from a shop.", "Took make-up from a chemist."),
    "public-order-s5": ("Shouting and swearing at shop staff.",),
    "public-order-s4": ("Threatened a group of children at the bus station.",),
    "possession-cannabis": ("Found with a small amount of cannabis in the park.",),
    "possession-bladed-article": ("Found with a kitchen knife in the town centre.",),
    "robbery": ("With two others, took another child's phone and jacket by threats.",),
    "assault-abh": ("Punched another child, breaking their nose.",),
    "supply-class-a": ("Found with wraps of crack cocaine and two phones at a train station.",),
    "taking-vehicle": ("Took a neighbour's moped without consent.",),
}

PLACED_BY_OTHER_AUTHORITIES = (
    "London Borough of Croydon",
    "London Borough of Lewisham",
    "Medway Council",
    "Brighton and Hove City Council",
    "Surrey County Council",
    "London Borough of Bexley",
)

HOME_AUTHORITY = "Weald and Downs County Council"
SERVICE_NAME = "Weald and Downs Youth Justice Service"

#: Locality teams, each with the districts it covers (made-up places).
TEAMS = (
    ("North locality", ("Hartford", "Eastmere", "Sheldon Marsh")),
    ("South locality", ("Ashbury", "Folksworth", "Romley")),
    ("East locality", ("Canterfield", "Thanetby", "Doverley")),
    ("West locality", ("Maidwell", "Tonbury", "Sevenbridge")),
    ("Central locality", ("Kingsmead", "Oakham Cross")),
    ("Coastal locality", ("Seabrook", "Harwick Bay")),
    ("Valley locality", ("Meadowford", "Lydden Vale")),
    ("Riverside locality", ("Wharton", "Millbridge")),
    ("Downs locality", ("Chalkhill", "Finchdean")),
    ("Weald locality", ("Ashdown Green", "Crowfield")),
    ("Marsh locality", ("Romney End", "Newchurch")),
    ("Forest locality", ("Bedgebury", "Hawkhurst Common")),
)
