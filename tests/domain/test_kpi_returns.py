"""The ten KPIs on a small service worked by hand.

Six children's orders ended in 2023-24 Q1 (1 April to 30 June 2023), one in each
type-of-order group:

=====  ==============  ==========  ==========  =====================================
child  group           start       end         notes
=====  ==============  ==========  ==========  =====================================
amy    referral order  2023-01-10  2023-05-15  born 2008-01-01 (15 at the end)
ben    YRO             2022-11-01  2023-05-20  born 2006-03-01 (17), above school age
cal    custody (DTO)   2022-10-01  2023-06-20  released 2023-04-01
dee    community res.  2023-04-03  2023-06-01  completed
eve    youth caution   2023-02-01  2023-04-30  not completed
fay    YCC             2023-01-01  2023-06-10  born 2005-06-01: 17 at the start, 18 at
                                               the end (still counted: age is at the start)
=====  ==============  ==========  ==========  =====================================
"""

import datetime as dt

import pytest

from childfirst.domain.kpi.population import InterventionRow, kpi_population
from childfirst.domain.kpi.returns import (
    Attendance,
    Episode,
    Facts,
    OffenceFact,
    Rules,
    SendFact,
    VictimFact,
    above_school_age,
    kpi1_accommodation,
    kpi2_ete,
    kpi3_send,
    kpi4_mental_health,
    kpi5_substance_misuse,
    kpi6_out_of_court,
    kpi7_wider_services,
    kpi8_board_attendance,
    kpi9_serious_violence,
    kpi10_victims,
    kpi_return,
)
from childfirst.domain.periods import Quarter

D = dt.date
Q = Quarter.parse("2023Q1")
RULES = Rules()
BORN = D(2008, 1, 1)


def iv(child, group, start, end, born=BORN, **kw):
    return InterventionRow(f"iv-{child}", child, born, start, end, D(2023, 1, 1), 40, group, **kw)


POP = kpi_population(
    [
        iv("amy", "referral_order", D(2023, 1, 10), D(2023, 5, 15), offence_ids=(11,)),
        iv("ben", "yro", D(2022, 11, 1), D(2023, 5, 20), born=D(2006, 3, 1), offence_ids=(21,)),
        iv("cal", "custody", D(2022, 10, 1), D(2023, 6, 20), release=D(2023, 4, 1)),
        iv(
            "dee",
            "oocd",
            D(2023, 4, 3),
            D(2023, 6, 1),
            outcome_code="community-resolution",
            completed=True,
        ),
        iv("eve", "youth_caution", D(2023, 2, 1), D(2023, 4, 30), outcome_code="youth-caution"),
        iv(
            "fay",
            "ycc",
            D(2023, 1, 1),
            D(2023, 6, 10),
            born=D(2005, 6, 1),
            outcome_code="youth-conditional-caution",
            completed=True,
        ),
    ],
    Q,
)


def test_the_population_is_six_children_including_one_who_turned_18_during_the_order():
    assert [r.child_id for r in POP] == ["dee", "eve", "fay", "amy", "ben", "cal"]


def ep(child, start, end, kind, suitable=True, **kw):
    return Episode(child, start, end, kind, suitable, **kw)


# ----------------------------------------------------------------------------- KPI 1

ACCOMMODATION = [
    ep("amy", D(2020, 1, 1), None, "parents"),
    # ben: suitable at the start, bed and breakfast (always unsuitable) at the end even
    # though the practitioner ticked suitable
    ep("ben", D(2020, 1, 1), D(2023, 3, 1), "parents"),
    ep("ben", D(2023, 3, 2), None, "bed-and-breakfast", always_unsuitable=True),
    # cal: YOI at the start, foster care from release, and from 1 June an overlapping
    # unsuitable temporary placement: two at the end, one unsuitable
    ep("cal", D(2022, 10, 1), D(2023, 3, 31), "yoi"),
    ep("cal", D(2023, 4, 1), None, "foster"),
    ep("cal", D(2023, 6, 1), None, "temporary", suitable=False),
    # dee: nothing recorded; eve: suitability not known; fay: suitable
    ep("eve", D(2022, 1, 1), None, "family", suitable=None),
    ep("fay", D(2022, 1, 1), None, "supported"),
]


def test_kpi1_accommodation_at_start_end_and_release():
    kpi = kpi1_accommodation(Facts(POP, accommodation=ACCOMMODATION), RULES)
    # End: amy and fay suitable; ben B&B, cal one of two unsuitable, dee none, eve unknown.
    assert (kpi.headline.numerator, kpi.headline.denominator) == (2, 6)
    assert kpi.headline.percentage == 33.3
    assert kpi.headline.members == {"amy", "fay"}
    # Start: amy, ben (parents), cal (YOI) and fay suitable: 4 of 6.
    assert kpi.cell("suitable", "total:start").numerator == 4
    assert kpi.cell("unsuitable", "total:end").members == {"ben", "cal", "dee", "eve"}
    assert kpi.cell("not_recorded", "total:end").members == {"dee"}
    # Release (custody only): foster care, suitable: 1 of 1.
    release = kpi.cell("suitable", "custody:release")
    assert (release.numerator, release.denominator) == (1, 1)
    assert kpi.cell("suitable", "custody:end").numerator == 0
    assert kpi.cell("type:bed-and-breakfast", "yro:end").members == {"ben"}
    assert kpi.cell("type:parents", "yro:start").members == {"ben"}
    keys = [c.key for c in kpi.columns]
    assert keys[-5:] == [
        "custody:start",
        "custody:end",
        "custody:release",
        "total:start",
        "total:end",
    ]


def test_kpi1_with_any_suitable_episode_enough():
    kpi = kpi1_accommodation(
        Facts(POP, accommodation=ACCOMMODATION), Rules(accommodation_all_suitable=False)
    )
    assert kpi.headline.members == {"amy", "cal", "fay"}


# ----------------------------------------------------------------------------- KPI 2

ETE = [
    # amy (school age): full-time school, suitable, 25 offered, 20 attended.
    ep("amy", D(2022, 9, 1), None, "school-full-time", hours_offered=25, hours_attended=20),
    # ben (above school age): college suitable 16 h and a part-time job unsuitable 8 h,
    # overlapping at the end: unsuitable, but 24 hours is full time above school age.
    ep("ben", D(2022, 9, 1), None, "college", hours_offered=16, hours_attended=10),
    ep(
        "ben",
        D(2023, 5, 1),
        None,
        "employment-part-time",
        suitable=False,
        hours_offered=8,
        hours_attended=8,
    ),
    # cal: college, suitability not known.
    ep("cal", D(2023, 4, 10), None, "college", suitable=None, hours_offered=12),
    # dee: recorded as not in ETE.
    ep("dee", D(2023, 1, 1), None, "none", not_in_ete=True),
    # eve: school 20 hours: school age, so part time.
    ep("eve", D(2022, 9, 1), None, "school-part-time", hours_offered=20, hours_attended=20),
]


def test_kpi2_ete_all_arrangements_must_be_suitable():
    kpi = kpi2_ete(Facts(POP, ete=ETE), RULES)
    # Suitable at the end: amy and eve. ben has one unsuitable of two; cal unknown; dee
    # none; fay nothing recorded.
    assert kpi.headline.members == {"amy", "eve"}
    assert kpi.headline.percentage == 33.3
    # At the start ben had only the college: suitable then.
    assert kpi.cell("suitable", "yro:start").members == {"ben"}
    assert kpi.cell("not_in_ete", "total:end").members == {"dee", "fay"}
    # Full time: amy 25 >= 25 (school age); ben 24 >= 16 (above school age).
    assert kpi.cell("full_time", "total:end").members == {"amy", "ben"}
    assert kpi.cell("part_time", "total:end").members == {"cal", "eve"}
    assert kpi.cell("offered:25+", "total:end").members == {"amy"}
    assert kpi.cell("offered:16-24", "total:end").members == {"ben", "eve"}
    assert kpi.cell("offered:1-15", "total:end").members == {"cal"}
    assert kpi.cell("attended:16-24", "total:end").members == {"amy", "ben", "eve"}
    # ben (17) and fay (18) are above school age at the end; amy, cal, dee, eve are not.
    assert kpi.cell("above_school_age", "total:end").members == {"ben", "fay"}
    school = kpi.cell("school_age_suitable", "total:end")
    assert (school.numerator, school.denominator) == (2, 6)
    assert kpi.cell("type:college", "custody:release").numerator == 0  # not yet at release


@pytest.mark.parametrize(
    ("born", "day", "above"),
    [
        # turns 16 in August 2023: school ends on the last Friday in June 2023 (the 30th)
        (D(2007, 8, 31), D(2023, 6, 30), False),
        (D(2007, 8, 31), D(2023, 7, 1), True),
        # born 1 September: the youngest of the next school year, free a year later
        (D(2007, 9, 1), D(2024, 6, 27), False),
        (D(2007, 9, 1), D(2024, 6, 29), True),  # last Friday of June 2024 is the 28th
    ],
)
def test_above_school_age_is_after_the_last_friday_in_june_of_the_year_they_turn_16(
    born, day, above
):
    assert above_school_age(born, day, RULES) is above


def test_above_school_age_can_be_simply_16():
    assert above_school_age(D(2007, 8, 31), D(2023, 8, 31), Rules(above_school_age="age_16"))
    assert not above_school_age(D(2007, 8, 31), D(2023, 8, 30), Rules(above_school_age="age_16"))


# ----------------------------------------------------------------------------- KPI 3


def test_kpi3_send_formal_plan_for_the_academic_year_the_order_ended():
    send = [
        SendFact("amy", 2022, True, True),  # 2022-23: need and an EHCP
        SendFact("ben", 2022, True, False),  # need, no plan
        SendFact("cal", 2023, True, True),  # the wrong academic year (2023-24)
        SendFact("dee", 2022, False, False),
    ]
    kpi = kpi3_send(Facts(POP, ete=ETE, send=send), RULES)
    assert (kpi.headline.numerator, kpi.headline.denominator) == (1, 2)
    assert kpi.headline.percentage == 50.0
    assert kpi.cell("need", "total:end").members == {"amy", "ben"}
    assert kpi.cell("need_suitable_ete", "total:end").members == {"amy"}
    assert kpi.cell("ended", "total:end").numerator == 6


# ----------------------------------------------------------------------------- KPIs 4 and 5

HEALTH = [
    ep(
        "amy",
        D(2023, 1, 20),
        None,
        "mental_health",
        screened=True,
        already_receiving_treatment=True,
    ),
    ep(
        "ben",
        D(2023, 1, 5),
        None,
        "mental_health",
        screened=True,
        need_identified=True,
        intervention_offered="getting_help",
    ),
    ep("cal", D(2023, 2, 1), None, "mental_health", screened=True, need_identified=True),
    ep("dee", D(2023, 4, 10), None, "mental_health", screened=True),
    # eve: a need recorded long before this order and closed: not counted
    ep("eve", D(2020, 1, 1), D(2021, 1, 1), "mental_health", need_identified=True),
    ep(
        "ben",
        D(2023, 1, 5),
        None,
        "substance_misuse",
        screened=True,
        need_identified=True,
        intervention_offered="specialist",
        attending=True,
    ),
]


def test_kpi4_mental_health_need_treatment_or_offer():
    kpi = kpi4_mental_health(Facts(POP, health=HEALTH), RULES)
    # Need: amy (already in treatment), ben and cal (identified). Supported: amy and ben.
    assert kpi.headline.members == {"amy", "ben"}
    assert (kpi.headline.numerator, kpi.headline.denominator) == (2, 6)
    assert kpi.cell("need", "total:all").members == {"amy", "ben", "cal"}
    assert kpi.cell("screened", "total:all").members == {"amy", "ben", "cal", "dee"}
    assert kpi.cell("offered_not_attending", "total:all").members == {"ben"}
    assert kpi.cell("no_intervention", "total:all").members == {"cal"}
    assert kpi.cell("offered:getting_help", "yro:all").members == {"ben"}


def test_kpi5_substance_misuse():
    kpi = kpi5_substance_misuse(Facts(POP, health=HEALTH), RULES)
    assert kpi.headline.members == {"ben"}
    assert kpi.cell("attending:specialist", "total:all").members == {"ben"}
    assert kpi.cell("offered_not_attending", "total:all").numerator == 0


# ----------------------------------------------------------------------------- KPI 6


def test_kpi6_out_of_court_completed():
    kpi = kpi6_out_of_court(Facts(POP), RULES)
    # dee (community resolution) and fay (YCC) completed; eve (youth caution) did not.
    assert (kpi.headline.numerator, kpi.headline.denominator) == (2, 3)
    assert kpi.headline.percentage == 66.7
    assert kpi.cell("not_completed", "youth-caution").members == {"eve"}
    assert kpi.cell("completed", "community-resolution").members == {"dee"}
    assert kpi.cell("ended", "outcome-22").denominator == 0


# ----------------------------------------------------------------------------- KPI 7


def test_kpi7_wider_services():
    care = [
        ep("amy", D(2023, 2, 1), None, "looked_after"),  # after amy's start
        ep("ben", D(2022, 6, 1), D(2023, 1, 31), "early_help"),  # open before, closed
        ep("cal", D(2023, 3, 1), None, "child_protection_plan"),
        ep("dee", D(2023, 5, 1), None, "early_help"),  # referred during the order
    ]
    kpi = kpi7_wider_services(Facts(POP, care=care), RULES)
    assert kpi.headline.members == {"amy", "cal", "dee"}
    assert kpi.headline.percentage == 50.0
    assert kpi.cell("supported", "total:start").members == {"ben"}
    assert kpi.cell("looked_after", "referral_order:end").members == {"amy"}
    assert kpi.cell("early_help_before", "total:end").members == {"ben"}
    assert kpi.cell("early_help_referred", "total:end").members == {"dee"}
    assert kpi.cell("child_protection_plan", "custody:release").members == {"cal"}


# ----------------------------------------------------------------------------- KPI 8


def test_kpi8_no_meetings_recorded():
    kpi = kpi8_board_attendance(Facts(POP), RULES, Q)
    assert (kpi.headline.numerator, kpi.headline.denominator) == (0, 5)
    assert kpi.note == "No meetings recorded"


def test_kpi8_senior_and_delegated_attendance():
    attendance = [
        Attendance(D(2023, 5, 10), "police", True),
        Attendance(D(2023, 5, 10), "health", False, new_partner=True),
        Attendance(D(2023, 5, 10), "education", True),
        Attendance(D(2023, 6, 14), "education", True),  # the same sector again
        Attendance(D(2023, 3, 1), "probation", True),  # the quarter before
    ]
    kpi = kpi8_board_attendance(Facts(POP, attendance=attendance), RULES, Q)
    assert kpi.headline.members == {"police", "education"}
    assert kpi.headline.percentage == 40.0
    assert kpi.cell("delegated", "sectors").members == {"health"}
    assert kpi.cell("senior:probation", "sectors").numerator == 0
    assert kpi.cell("new_partner", "sectors").numerator == 1
    assert kpi.note == ""


# ----------------------------------------------------------------------------- KPI 9


def offence(
    n,
    child,
    category,
    gravity,
    outcome,
    tier="first_tier",
    rank=40,
    born=BORN,
    sex="male",
    overturned=False,
):
    return OffenceFact(n, child, born, sex, category, gravity, outcome, tier, rank, overturned)


OFFENCES = [
    offence(1, "amy", "vatp", 5, D(2023, 5, 1), "pre_court", 20, sex="female"),  # counts
    offence(2, "ben", "vatp", 4, D(2023, 5, 1)),  # gravity 4: not serious violence
    # robbery dealt with twice: referral order in March, YRO (more serious) in April
    offence(3, "ben", "robbery", 6, D(2023, 3, 20), rank=40, born=D(2006, 3, 1)),
    offence(3, "ben", "robbery", 6, D(2023, 4, 10), "community", 50, born=D(2006, 3, 1)),
    # drugs: custody in March (most serious) then a fine in April: March counts, not Q1
    offence(4, "cal", "drugs", 5, D(2023, 3, 1), "custody", 70),
    offence(4, "cal", "drugs", 5, D(2023, 4, 5), "first_tier", 30),
    offence(5, "dee", "theft", 5, D(2023, 5, 1)),  # not a serious violence category
    offence(6, "eve", "drugs", 8, D(2023, 5, 1), "informal", 15),  # community resolution
    offence(7, "fay", "vatp", 7, D(2023, 6, 5), born=D(2005, 6, 1)),  # 18 on the outcome
    offence(8, "gus", "vatp", 6, D(2023, 6, 5), overturned=True),
]


def test_kpi9_serious_violence_counts_offences_gravity_5_to_8():
    kpi = kpi9_serious_violence(Facts(POP, offences=OFFENCES), RULES, Q, population_10_17=20_000)
    assert kpi.headline.numerator == 2  # offences 1 and 3
    assert kpi.headline.members == {"amy", "ben"}
    assert kpi.unit == "offences"
    assert kpi.cell("category:vatp", "offences").numerator == 1
    assert kpi.cell("category:robbery", "offences").numerator == 1
    assert kpi.cell("category:drugs", "offences").numerator == 0
    assert kpi.cell("age:10-15", "offences").members == {"amy"}
    assert kpi.cell("age:16-17", "offences").members == {"ben"}
    assert kpi.cell("sex:female", "offences").numerator == 1
    assert kpi.note == "1.0 per 10,000 children aged 10 to 17"  # 2 / 20,000 x 10,000


def test_kpi9_gravity_threshold_is_a_rule():
    kpi = kpi9_serious_violence(
        Facts(POP, offences=OFFENCES), Rules(serious_violence_min_gravity=4), Q
    )
    assert kpi.headline.numerator == 3  # offence 2 (gravity 4) now counts


# ----------------------------------------------------------------------------- KPI 10


def victim(n, child, offences=(), consented=None, engaged=False, **kw):
    flags = dict.fromkeys(
        [
            "views_before_decision",
            "views_before_planning",
            "progress_requested",
            "progress_given",
            "support_requested",
            "support_given",
        ],
        False,
    )
    flags.update(kw)
    return VictimFact(n, child, tuple(offences), consented, engaged, **flags)


def test_kpi10_victims():
    victims = [
        victim(
            1,
            "amy",
            [11],
            True,
            True,
            progress_requested=True,
            progress_given=True,
            views_before_planning=True,
        ),
        victim(2, "amy", [99], True, True),  # another offence, not this order's
        victim(3, "ben", [], True, False, support_requested=True),
        victim(4, "dee", [], None, views_before_decision=True),
        victim(5, "eve", [], False),
        victim(6, "zed", [], True, True),  # not in the quarter's population
    ]
    kpi = kpi10_victims(Facts(POP, victims=victims), RULES)
    # Counted: 1, 3, 4, 5. Consented: 1 and 3; engaged: 1.
    assert (kpi.headline.numerator, kpi.headline.denominator) == (1, 2)
    assert kpi.headline.percentage == 50.0
    assert kpi.cell("victims", "total:end").numerator == 4
    assert kpi.cell("children", "total:end").members == {"amy", "ben", "dee", "eve"}
    assert kpi.cell("children", "total:end").denominator == 6
    before_decision = kpi.cell("views_before_decision", "total:end")  # victims 4 and 5
    assert (before_decision.numerator, before_decision.denominator) == (1, 2)
    before_planning = kpi.cell("views_before_planning", "total:end")  # victims 1 and 3
    assert (before_planning.numerator, before_planning.denominator) == (1, 2)
    assert kpi.cell("progress", "total:end").as_dict() == {
        "numerator": 1,
        "denominator": 1,
        "percentage": 100.0,
    }
    assert kpi.cell("support", "total:end").as_dict()["percentage"] == 0.0
    assert kpi.cell("victims", "yro:end").numerator == 1


def test_the_return_has_ten_kpis_in_order():
    ret = kpi_return(Facts(POP), Q)
    assert [k.code for k in ret.kpis] == [f"kpi{n}" for n in range(1, 11)]
    assert ret["kpi6"].headline.numerator == 2


def test_an_empty_quarter_gives_no_percentages():
    ret = kpi_return(Facts(()), Q)
    assert ret["kpi1"].headline.as_dict() == {"numerator": 0, "denominator": 0, "percentage": None}
