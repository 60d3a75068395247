"""Reference data: the YJB's categories (editable in the admin afterwards).

Sources (docs/reference-data.md gives each list's): police outcomes by Home Office
crime outcome code, court sentences under the Sentencing Act 2020, with the disposal
tiers of the Guide to youth justice statistics
(https://www.gov.uk/government/statistics/guide-to-youth-justice-statistics/guide-to-youth-justice-statistics);
the six KPI type-of-order groups and the accommodation and ETE template lists of the
YJB KPIs (https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services;
YJB/MoJ KPI SQL, public-code index ids 2491252131, 2862510002 and 2426301060); the
2021 Census ethnic groups. Offence gravity scores are illustrative values on the
YJB's 1-8 scale; a service loads its own YJB offence table over them.

The data is written out here, not imported, so this migration always does the same.
New or changed items belong in a new migration.
"""

from django.db import migrations

ETHNICITIES = [
    ("asian", "asian-bangladeshi", "Bangladeshi"),
    ("asian", "asian-chinese", "Chinese"),
    ("asian", "asian-indian", "Indian"),
    ("asian", "asian-pakistani", "Pakistani"),
    ("asian", "asian-other", "Any other Asian background"),
    ("black", "black-african", "African"),
    ("black", "black-caribbean", "Caribbean"),
    ("black", "black-other", "Any other Black, Black British or Caribbean background"),
    ("mixed", "mixed-white-asian", "White and Asian"),
    ("mixed", "mixed-white-black-african", "White and Black African"),
    ("mixed", "mixed-white-black-caribbean", "White and Black Caribbean"),
    ("mixed", "mixed-other", "Any other Mixed or Multiple ethnic background"),
    ("white", "white-british", "English, Welsh, Scottish, Northern Irish or British"),
    ("white", "white-irish", "Irish"),
    ("white", "white-gypsy-irish-traveller", "Gypsy or Irish Traveller"),
    ("white", "white-roma", "Roma"),
    ("white", "white-other", "Any other White background"),
    ("other", "other-arab", "Arab"),
    ("other", "other-any", "Any other ethnic group"),
]

# code, name, YJB category, gravity (illustrative)
OFFENCES = [
    ("common-assault", "Common assault", "vatp", 3),
    ("assault-emergency-worker", "Assault of an emergency worker", "vatp", 3),
    ("assault-abh", "Assault occasioning actual bodily harm", "vatp", 5),
    ("wounding-gbh-s20", "Wounding or inflicting grievous bodily harm (s.20)", "vatp", 6),
    ("wounding-gbh-s18", "Wounding with intent (s.18)", "vatp", 7),
    ("possession-bladed-article", "Possession of a bladed article in a public place", "vatp", 5),
    ("threats-to-kill", "Threats to kill", "vatp", 5),
    ("murder", "Murder", "vatp", 8),
    ("robbery", "Robbery", "robbery", 6),
    ("possession-cannabis", "Possession of a Class B drug (cannabis)", "drugs", 1),
    ("possession-class-a", "Possession of a Class A drug", "drugs", 3),
    ("supply-class-b", "Possession with intent to supply a Class B drug", "drugs", 5),
    ("supply-class-a", "Possession with intent to supply a Class A drug", "drugs", 6),
    ("sexual-assault", "Sexual assault", "sexual", 6),
    ("domestic-burglary", "Burglary of a dwelling", "domestic_burglary", 5),
    ("non-domestic-burglary", "Burglary other than a dwelling", "non_domestic_burglary", 3),
    ("shoplifting", "Theft from a shop", "theft", 1),
    ("theft", "Theft", "theft", 2),
    ("handling", "Handling stolen goods", "theft", 2),
    ("taking-vehicle", "Taking a vehicle without consent", "vehicle_theft", 3),
    ("criminal-damage", "Criminal damage", "criminal_damage", 2),
    ("arson", "Arson", "arson", 5),
    ("public-order-s4", "Fear or provocation of violence (s.4)", "public_order", 3),
    ("public-order-s5", "Harassment, alarm or distress (s.5)", "public_order", 2),
    ("racially-aggravated-harassment", "Racially aggravated harassment", "racially_aggravated", 4),
    ("fraud", "Fraud by false representation", "fraud", 3),
    ("no-insurance", "Driving without insurance", "motoring", 2),
    ("dangerous-driving", "Dangerous driving", "motoring", 5),
    ("breach-bail", "Failing to surrender to bail", "breach_bail", 2),
    ("breach-order", "Breach of a youth rehabilitation order", "breach_order", 2),
]

# code, name, tier, out of court, KPI group, seriousness rank, first time entrant, custodial
OUTCOMES = [
    ("bail-supervision-support", "Bail supervision and support", "remand", False, "", 1, False, False),
    ("remand-rlaa", "Remand to local authority accommodation", "remand", False, "", 2, False, False),
    ("remand-yda", "Remand to youth detention accommodation", "remand", False, "", 3, False, False),
    ("outcome-20-21", "Outcome 20 or 21 with YJS intervention", "informal", True, "oocd", 10, False, False),
    ("outcome-22", "Outcome 22 (diversionary activity)", "informal", True, "oocd", 12, False, False),
    ("outcome-22-deferred", "Outcome 22 deferred prosecution or caution", "informal", True, "oocd", 14, False, False),
    ("community-resolution", "Community resolution", "informal", True, "oocd", 15, False, False),
    ("youth-caution", "Youth caution", "pre_court", True, "youth_caution", 20, True, False),
    ("youth-conditional-caution", "Youth conditional caution", "pre_court", True, "ycc", 25, True, False),
    ("absolute-discharge", "Absolute discharge", "first_tier", False, "", 30, True, False),
    ("conditional-discharge", "Conditional discharge", "first_tier", False, "", 32, True, False),
    ("fine", "Fine", "first_tier", False, "", 34, True, False),
    ("referral-order", "Referral order", "first_tier", False, "referral_order", 40, True, False),
    ("yro", "Youth rehabilitation order", "community", False, "yro", 50, True, False),
    ("yro-iss", "Youth rehabilitation order with intensive supervision and surveillance", "community", False, "yro", 55, True, False),
    ("dto", "Detention and training order", "custody", False, "custody", 70, True, True),
    ("s250", "Long-term detention (s.250)", "custody", False, "custody", 80, True, True),
    ("s254", "Extended sentence of detention (s.254)", "custody", False, "custody", 85, True, True),
    ("s259", "Detention at His Majesty's pleasure (s.259)", "custody", False, "custody", 90, True, True),
]

# code, name, always unsuitable
ACCOMMODATION = [
    ("parents", "Living with parent(s)", False),
    ("family", "Living with family (not parents)", False),
    ("friends", "Living with friends", False),
    ("independent", "Independent living", False),
    ("supported", "Supported accommodation or supported lodgings", False),
    ("foster", "Foster care", False),
    ("residential", "Residential unit", False),
    ("temporary", "Temporary accommodation", False),
    ("stc", "Secure training centre", False),
    ("sch", "Secure children's home", False),
    ("yoi", "YOI (youth custody)", False),
    ("other", "Other", False),
    ("bed-and-breakfast", "Bed and breakfast", True),
    ("no-fixed-abode", "No fixed abode", True),
    ("unknown", "Not known", True),
]

# code, name, not in ETE
ETE = [
    ("school-full-time", "School: full time", False),
    ("school-part-time", "School: part time", False),
    ("elective-home-education", "Electively home educated", False),
    ("pru-full-time", "Alternative provision, pupil referral unit: full time", False),
    ("pru-part-time", "Alternative provision, pupil referral unit: part time", False),
    ("ap-other-full-time", "Alternative provision, other: full time", False),
    ("ap-other-part-time", "Alternative provision, other: part time", False),
    ("college", "College", False),
    ("re-engagement", "Education re-engagement programme", False),
    ("traineeship", "Traineeship", False),
    ("apprenticeship", "Apprenticeship", False),
    ("supported-internship", "Supported internship", False),
    ("mentoring-circle", "Mentoring circle", False),
    ("employment-full-time", "Employment: full time", False),
    ("employment-part-time", "Employment: part time", False),
    ("self-employment", "Self-employment", False),
    ("voluntary-work", "Voluntary work", False),
    ("university", "University", False),
    ("none", "None (not in education, training or employment)", True),
]


def load(apps, schema_editor):
    get = apps.get_model
    get("casework", "Ethnicity").objects.bulk_create(
        get("casework", "Ethnicity")(code=c, name=n, group=g, order=i)
        for i, (g, c, n) in enumerate(ETHNICITIES)
    )
    get("casework", "OffenceType").objects.bulk_create(
        get("casework", "OffenceType")(code=c, name=n, category=cat, gravity=g, order=i)
        for i, (c, n, cat, g) in enumerate(OFFENCES)
    )
    get("casework", "OutcomeType").objects.bulk_create(
        get("casework", "OutcomeType")(
            code=c, name=n, tier=t, out_of_court=ooc, order_group=grp, seriousness=rank,
            first_time_entrant=fte, custodial=cust, order=rank,
        )
        for c, n, t, ooc, grp, rank, fte, cust in OUTCOMES
    )
    get("casework", "AccommodationType").objects.bulk_create(
        get("casework", "AccommodationType")(code=c, name=n, always_unsuitable=u, order=i)
        for i, (c, n, u) in enumerate(ACCOMMODATION)
    )
    get("casework", "EteProvisionType").objects.bulk_create(
        get("casework", "EteProvisionType")(code=c, name=n, not_in_ete=x, order=i)
        for i, (c, n, x) in enumerate(ETE)
    )


def unload(apps, schema_editor):
    for model in ("Ethnicity", "OffenceType", "OutcomeType", "AccommodationType", "EteProvisionType"):
        apps.get_model("casework", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
