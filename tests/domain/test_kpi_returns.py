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
from dataclasses import replace

import pytest

from childfirst.domain.kpi.population import InterventionRow, kpi_population
from childfirst.domain.kpi.returns import (
    Attendance,
    Episode,
    Facts,
    HealthRecord,
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
    # End: amy and fay suitable; ben B&B, cal one of two unsuitable, eve unknown; dee has
    # nothing recorded, which is neither suitable nor unsuitable (KPI 1, 2862510002).
    assert (kpi.headline.numerator, kpi.headline.denominator) == (2, 6)
    assert kpi.headline.percentage == 33.3
    assert kpi.headline.members == {"amy", "fay"}
    # Start: amy, ben (parents), cal (YOI on 31 December 2022, the day before the
    # outcome date: a custodial sentence's start) and fay suitable: 4 of 6.
    assert kpi.cell("suitable", "total:start").numerator == 4
    assert kpi.cell("unsuitable", "total:end").members == {"ben", "cal", "eve"}
    assert kpi.cell("not_recorded", "total:end").members == {"dee"}
    # Release (custody only): foster care, suitable: 1 of 1.
    release = kpi.cell("suitable", "custody:release")
    assert (release.numerator, release.denominator) == (1, 1)
    assert kpi.cell("suitable", "custody:end").numerator == 0
    assert kpi.cell("type:bed-and-breakfast", "yro:end").members == {"ben"}
    assert kpi.cell("unsuitable:bed-and-breakfast", "yro:end").members == {"ben"}
    assert kpi.cell("suitable:parents", "total:end").members == {"amy"}
    assert kpi.cell("type:parents", "yro:start").members == {"ben"}
    keys = [c.key for c in kpi.columns]
    assert keys[-5:] == [
        "custody:start",
        "custody:end",
        "custody:release",
        "total:start",
        "total:end",
    ]


def test_kpi1_custody_start_can_be_the_intervention_start():
    rules = Rules(custody_start_day_before_outcome=False)
    kpi = kpi1_accommodation(Facts(POP, accommodation=ACCOMMODATION), rules)
    # cal's intervention started on 1 October 2022, also in the YOI episode.
    assert kpi.cell("suitable", "custody:start").members == {"cal"}
    late = [ep("cal", D(2022, 12, 31), D(2023, 3, 31), "yoi")]
    by_outcome = kpi1_accommodation(Facts(POP, accommodation=late), RULES)
    by_start = kpi1_accommodation(Facts(POP, accommodation=late), rules)
    assert by_outcome.cell("suitable", "custody:start").members == {"cal"}
    assert by_start.cell("not_recorded", "custody:start").members == {"cal"}


def test_kpi1_with_any_suitable_episode_enough():
    kpi = kpi1_accommodation(
        Facts(POP, accommodation=ACCOMMODATION), Rules(accommodation_all_suitable=False)
    )
    assert kpi.headline.members == {"amy", "cal", "fay"}


RELEASED = D(2023, 3, 1)


def released(child):
    return iv(child, "custody", D(2022, 9, 1), D(2023, 6, 1), release=RELEASED)


def home(child, secured_on, kind="parents", start=RELEASED):
    return [
        ep(child, D(2022, 9, 1), RELEASED, "yoi"),  # the secure estate, to the release day
        ep(child, start, None, kind, secured_on=secured_on),
    ]


SECURED = [
    *home("c30", D(2023, 1, 30)),  # 30 days ahead: 28 or more
    *home("c28", D(2023, 2, 1)),  # exactly 28 days: 28 or more
    *home("c27", D(2023, 2, 2)),  # 27 days: 14 to 27
    *home("c14", D(2023, 2, 15)),  # 14 days: 14 to 27
    *home("c13", D(2023, 2, 16)),  # 13 days: 7 to 13
    *home("c07", D(2023, 2, 22)),  # 7 days: 7 to 13
    *home("c06", D(2023, 2, 23), kind="foster", start=D(2023, 2, 27)),  # 6 days: 1 to 6
    *home("c00", RELEASED),  # the day of release
    *home("cnd", None),  # home recorded, date secured not
    ep("cyo", D(2022, 9, 1), None, "yoi"),  # only the secure estate on the release day
]
SECURED_POP = kpi_population(
    [released(c) for c in ("c30", "c28", "c27", "c14", "c13", "c07", "c06", "c00", "cnd", "cyo")]
    + [iv("amy", "referral_order", D(2023, 1, 10), D(2023, 5, 15))],
    Quarter.parse("2023Q1"),
)


def test_kpi1_how_far_ahead_of_release_the_home_was_secured():
    """KPI 1's description: "for those leaving custody, it notes how far in advance
    accommodation was secured" (no field for it in kpi1_acc_case_level_v8): days from
    the date secured to the release day, in the bands of Rules.secured_ahead_days."""
    kpi = kpi1_accommodation(Facts(SECURED_POP, accommodation=SECURED), RULES)

    def band(key):
        cell = kpi.cell(key, "custody:release")
        assert cell.denominator == 10  # the ten children released; amy was not in custody
        return cell.members

    assert band("ahead:28") == {"c30", "c28"}
    assert band("ahead:14") == {"c27", "c14"}
    assert band("ahead:7") == {"c13", "c07"}
    assert band("ahead:1") == {"c06"}
    assert band("ahead:0") == {"c00"}
    assert band("ahead:not_recorded") == {"cnd"}
    assert band("ahead:no_home") == {"cyo"}
    labels = {r.key: r.label for r in kpi.rows if r.key.startswith("ahead:")}
    assert labels["ahead:28"] == "Home secured 28 days or more before release"
    assert labels["ahead:14"] == "Home secured 14 to 27 days before release"
    assert labels["ahead:1"] == "Home secured 1 to 6 days before release"
    # The rows fill only the release column: a start or end has no release to be ahead of.
    assert set(kpi.row("ahead:28").cells) == {"custody:release"}
    # The bands are a rule.
    other = kpi1_accommodation(
        Facts(SECURED_POP, accommodation=SECURED), Rules(secured_ahead_days=(10,))
    )
    assert [r.label for r in other.rows if r.key.startswith("ahead:")][:3] == [
        "Home secured 10 days or more before release",
        "Home secured 1 to 9 days before release",
        "Home secured on the day of release",
    ]
    assert other.cell("ahead:10", "custody:release").members == {"c30", "c28", "c27", "c14", "c13"}
    assert other.cell("ahead:1", "custody:release").members == {"c07", "c06"}


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
    # Not in ETE only from a recorded provision of none: dee, not fay (nothing recorded).
    assert kpi.cell("not_in_ete", "total:end").members == {"dee"}
    assert kpi.cell("not_recorded", "total:end").members == {"fay"}
    assert kpi.cell("unsuitable", "total:end").members == {"ben", "cal", "dee"}
    assert kpi.cell("in_ete", "total:end").members == {"amy", "ben", "cal", "eve"}
    # Full time: amy 25 >= 25 (school age); ben 24 >= 16 (above school age).
    assert kpi.cell("full_time", "total:end").members == {"amy", "ben"}
    assert kpi.cell("part_time", "total:end").members == {"cal", "eve"}
    assert kpi.cell("offered:25+", "total:end").members == {"amy"}
    assert kpi.cell("offered:16-24", "total:end").members == {"ben", "eve"}
    assert kpi.cell("offered:1-15", "total:end").members == {"cal"}
    assert kpi.cell("attended:16-24", "total:end").members == {"amy", "ben", "eve"}
    # ben (17) and fay (18) are above school age at the end; amy, cal, dee, eve are not.
    assert kpi.cell("above_school_age", "total:end").members == {"ben", "fay"}
    school = kpi.cell("suitable|school_age", "total:end")
    assert (school.numerator, school.denominator) == (2, 6)
    assert kpi.cell("full_time|above_school_age", "yro:end").members == {"ben"}
    assert kpi.cell("not_recorded|above_school_age", "ycc:end").members == {"fay"}
    assert kpi.cell("in_ete|school_age", "total:end").members == {"amy", "cal", "eve"}
    assert kpi.cell("type:college", "custody:release").numerator == 0  # not yet at release


def test_kpi2_no_hours_is_not_part_time():
    ete = [ep("amy", D(2022, 9, 1), None, "school-full-time", hours_offered=0)]
    kpi = kpi2_ete(Facts(POP, ete=ete), RULES)
    assert kpi.cell("in_ete", "total:end").members == {"amy"}
    assert kpi.cell("part_time", "total:end").numerator == 0
    assert kpi.cell("full_time", "total:end").numerator == 0


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
    pop = [
        replace(r, sex="female", ethnic_group="black") if r.child_id == "amy" else r for r in POP
    ]
    kpi = kpi3_send(Facts(pop, ete=ETE, send=send), RULES)
    assert (kpi.headline.numerator, kpi.headline.denominator) == (1, 2)
    assert kpi.headline.percentage == 50.0
    assert kpi.cell("need", "total:end").members == {"amy", "ben"}
    assert kpi.cell("need_suitable_ete", "total:end").members == {"amy"}
    unsuitable = kpi.cell("need_unsuitable_ete", "total:end")  # ben: one unsuitable job
    assert (unsuitable.members, unsuitable.denominator) == ({"ben"}, 2)
    assert kpi.cell("ended", "total:end").numerator == 6
    assert kpi.cell("need:ethnicity:black", "total:end").members == {"amy"}
    assert kpi.cell("need:ethnicity:unknown", "total:end").members == {"ben"}
    assert kpi.cell("need:sex:female", "total:end").as_dict()["percentage"] == 50.0
    # Ages at the start: amy 15 (born 2008-01-01, start 2023-01-10), ben 16.
    assert kpi.cell("need:age:15-17", "total:end").members == {"amy", "ben"}
    assert kpi.cell("need:age:10-14", "total:end").numerator == 0


# ----------------------------------------------------------------------------- KPIs 4 and 5


def health(child, need, identified_on, intervention="", **kw):
    return HealthRecord(child, need, identified_on, intervention=intervention, **kw)


MH = "mental_health"
HEALTH = [
    # amy: attending "getting advice" since before her order began (10 January).
    health("amy", MH, None, "getting_advice", attending_from=D(2022, 12, 1)),
    # ben: a need identified, "getting help" offered within the order, never attended.
    health("ben", MH, D(2023, 1, 5), "getting_help", offered_on=D(2023, 2, 1)),
    # cal: a need, nothing offered.
    health("cal", MH, D(2023, 2, 1)),
    # dee: screened, no need found.
    health("dee", MH, D(2023, 4, 10), need_identified=False),
    # eve: a need, but the offer came after her order ended on 30 April.
    health("eve", MH, D(2023, 3, 1), "getting_help", offered_on=D(2023, 5, 10)),
    # fay: screened after her order ended (10 June): not this order's.
    health("fay", MH, D(2023, 7, 1), "getting_help", offered_on=D(2023, 7, 2)),
    # substance misuse: ben offered and attending specialist treatment within the order;
    # amy offered targeted treatment after screening but before her order began (the
    # v8 views count offers within the order only).
    health(
        "ben",
        "substance_misuse",
        D(2023, 1, 5),
        "specialist",
        offered_on=D(2023, 1, 20),
        attending_from=D(2023, 2, 1),
    ),
    health("amy", "substance_misuse", D(2022, 12, 1), "targeted", offered_on=D(2022, 12, 15)),
]


def test_kpi4_mental_health_offered_of_those_with_a_need():
    """kpi4_mh_case_level_v8 and kpi4_mh_summary_long (index ids 3081085517, 2628188652)."""
    kpi = kpi4_mental_health(Facts(POP, health=HEALTH), RULES)
    # Need: amy (treatment at the start), ben, cal and eve. Offered (or attending at the
    # start): amy and ben. The headline divides by need, not by orders ended.
    assert kpi.headline.members == {"amy", "ben"}
    assert (kpi.headline.numerator, kpi.headline.denominator) == (2, 4)
    assert kpi.headline.percentage == 50.0
    need = kpi.cell("need", "total:all")  # 4a: need of orders ended
    assert (need.members, need.denominator) == ({"amy", "ben", "cal", "eve"}, 6)
    already = kpi.cell("already", "total:all")  # 4b
    assert (already.members, already.denominator) == ({"amy"}, 4)
    assert kpi.cell("offered:getting_help", "total:all").members == {"ben"}
    attended = kpi.cell("attending:getting_advice", "total:all")  # 4c, of those offered it
    assert (attended.members, attended.denominator) == ({"amy"}, 1)
    help_attended = kpi.cell("attending:getting_help", "total:all")
    assert (help_attended.numerator, help_attended.denominator) == (0, 1)
    not_attended = kpi.cell("offered_not_attending", "total:all")  # of those offered
    assert (not_attended.members, not_attended.denominator) == ({"ben"}, 2)
    assert kpi.cell("no_intervention", "total:all").members == {"cal"}
    # 4d: need by type of order.
    yro = kpi.cell("need", "yro:all")
    assert (yro.numerator, yro.denominator) == (1, 1)
    assert kpi.cell("need", "youth_caution:all").members == {"eve"}


def test_kpi5_substance_misuse_offers_count_only_within_the_order():
    kpi = kpi5_substance_misuse(Facts(POP, health=HEALTH), RULES)
    assert (kpi.headline.members, kpi.headline.denominator) == ({"ben"}, 2)
    assert kpi.cell("attending:specialist", "total:all").members == {"ben"}
    assert kpi.cell("offered:targeted", "total:all").numerator == 0
    assert kpi.cell("offered_not_attending", "total:all").numerator == 0


# ----------------------------------------------------------------------------- KPI 6

#: gus: a referral order and a community resolution ending together. The frame keeps
#: the referral order (more serious); KPI 6 still counts the community resolution.
GUS_RO = iv("gus", "referral_order", D(2023, 1, 5), D(2023, 5, 5), offence_ids=(31,))
GUS_CR = InterventionRow(
    "iv-gus-cr",
    "gus",
    BORN,
    D(2023, 4, 1),
    D(2023, 5, 30),
    D(2023, 3, 30),
    10,
    "oocd",
    outcome_code="community-resolution",
    completed=True,
    offence_ids=(32,),
    sex="female",
)
PROGRAMMES = [*POP, GUS_RO, GUS_CR]


def test_kpi6_counts_every_out_of_court_programme_that_ended():
    """kpi6_oocd_case_level_v8 (index id 3081085517): its own population."""
    pop = kpi_population(PROGRAMMES, Q)
    assert "iv-gus-cr" not in {r.intervention_id for r in pop}
    kpi = kpi6_out_of_court(Facts(pop, programmes=PROGRAMMES), RULES)
    # dee (community resolution), fay (YCC) and gus (community resolution) completed;
    # eve (youth caution) did not: 3 of 4 children.
    assert (kpi.headline.numerator, kpi.headline.denominator) == (3, 4)
    assert kpi.headline.percentage == 75.0
    assert kpi.cell("completed", "community-resolution").members == {"dee", "gus"}
    assert kpi.cell("ended", "outcome-22").denominator == 0
    programmes = kpi.cell("programmes_completed", "total")  # 6a counts programmes
    assert (programmes.numerator, programmes.denominator) == (3, 4)
    female = kpi.cell("completed:sex:female", "total")  # 6c
    assert (female.members, female.denominator) == ({"gus"}, 4)
    # Ages at the programme's start: gus and dee 15 (born 2008), fay 17, eve 15.
    assert kpi.cell("completed:age:15-17", "total").members == {"dee", "fay", "gus"}


def test_kpi6_not_completed_is_recorded_not_assumed():
    pop = [
        iv("eve", "youth_caution", D(2023, 2, 1), D(2023, 4, 30), outcome_code="youth-caution"),
        iv("ann", "youth_caution", D(2023, 2, 1), D(2023, 4, 30), not_completed=True),
    ]
    kpi = kpi6_out_of_court(Facts(pop), RULES)
    assert (kpi.headline.numerator, kpi.headline.denominator) == (0, 2)
    # eve's programme is neither completed nor recorded as ended without completion.
    assert kpi.cell("not_completed", "total").members == {"ann"}


# ----------------------------------------------------------------------------- KPI 7


def test_kpi7_wider_services_during_the_order():
    """kpi7_wider_services_case_level_v8 (index id 2413458947)."""
    care = [
        ep("amy", D(2023, 2, 1), None, "looked_after"),  # from after amy's start
        ep("ben", D(2022, 6, 1), D(2023, 1, 31), "early_help"),  # a plan closed mid-order
        ep("cal", D(2023, 3, 1), None, "child_protection_plan"),
        ep("dee", D(2023, 5, 1), None, "early_help_referral"),  # referred during the order
        ep("eve", D(2022, 1, 1), D(2023, 3, 15), "child_protection_plan"),  # closed mid-order
        ep("fay", D(2022, 5, 1), D(2022, 8, 1), "early_help_referral"),  # before the order
    ]
    kpi = kpi7_wider_services(Facts(POP, care=care), RULES)
    # Supported during the order: amy, ben, cal and eve. A referral is not support.
    assert kpi.headline.members == {"amy", "ben", "cal", "eve"}
    assert kpi.headline.percentage == 66.7
    assert kpi.cell("start:early_help", "total:all").members == {"ben"}
    assert kpi.cell("start:child_protection_plan", "total:all").members == {"eve"}
    assert kpi.cell("during:child_protection_plan", "total:all").members == {"cal", "eve"}
    assert kpi.cell("during:looked_after", "referral_order:all").members == {"amy"}
    assert kpi.cell("early_help_before", "total:all").members == {"fay"}
    assert kpi.cell("early_help_referred", "total:all").members == {"dee"}
    supported = kpi.cell("supported", "custody:all")  # 7d by type of order
    assert (supported.members, supported.denominator) == ({"cal"}, 1)


# ----------------------------------------------------------------------------- KPI 8


def test_kpi8_no_meetings_recorded_has_no_figure():
    kpi = kpi8_board_attendance(Facts(POP), RULES, Q)
    assert kpi.headline.denominator is None
    assert kpi.headline.percentage is None
    assert kpi.missing == "No meetings recorded"


def test_kpi8_senior_and_delegated_attendance():
    attendance = [
        Attendance(D(2023, 5, 10), "police", True),
        Attendance(D(2023, 5, 10), "health", False, new_partner=True),
        Attendance(D(2023, 5, 10), "education", True),
        Attendance(D(2023, 6, 14), "education", True),  # the same sector again
        Attendance(D(2023, 6, 14), "other", True),  # not one of the five
        Attendance(D(2023, 3, 1), "probation", True),  # the quarter before
    ]
    kpi = kpi8_board_attendance(Facts(POP, attendance=attendance), RULES, Q)
    assert kpi.headline.members == {"police", "education"}
    assert kpi.headline.percentage == 40.0
    assert kpi.cell("delegated", "sectors").members == {"health"}
    assert kpi.cell("senior:probation", "sectors").numerator == 0
    assert kpi.cell("new_partner", "sectors").numerator == 1
    assert kpi.cell("senior:other", "sectors").numerator == 1
    assert kpi.missing == ""


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
    group="referral_order",
    first_hearing=None,
    yjs=True,
):
    return OffenceFact(
        n,
        child,
        born,
        sex,
        category,
        gravity,
        outcome,
        tier,
        rank,
        overturned,
        offence_date=outcome - dt.timedelta(days=30),
        first_hearing=first_hearing or outcome - dt.timedelta(days=10),
        order_group=group,
        yjs_intervention=yjs,
    )


OFFENCES = [
    # amy (born 2009: 14 at the offence) cautioned: counts
    offence(
        1,
        "amy",
        "vatp",
        5,
        D(2023, 5, 1),
        "pre_court",
        20,
        D(2009, 1, 1),
        "female",
        group="youth_caution",
    ),
    offence(2, "ben", "vatp", 4, D(2023, 5, 1)),  # gravity 4: counted, not serious violence
    # robbery dealt with twice: referral order in March, YRO (more serious) in April
    offence(3, "ben", "robbery", 6, D(2023, 3, 20), rank=40, born=D(2006, 3, 1)),
    offence(3, "ben", "robbery", 6, D(2023, 4, 10), "community", 50, D(2006, 3, 1), group="yro"),
    # drugs: a referral order in April, then custody (more serious) in July: the
    # custody decides the quarter, so the offence is not in Q1
    offence(4, "cal", "drugs", 5, D(2023, 7, 1), "custody", 70, group="custody"),
    offence(4, "cal", "drugs", 5, D(2023, 4, 5), "first_tier", 30),
    offence(5, "dee", "theft", 5, D(2023, 5, 1)),  # not a serious violence category
    offence(6, "eve", "drugs", 8, D(2023, 5, 1), "informal", 15),  # community resolution
    # fay was 18 when sentenced (5 June) but 17 at her first hearing (20 May): counts
    offence(
        7,
        "fay",
        "vatp",
        7,
        D(2023, 6, 5),
        "community",
        50,
        D(2005, 6, 1),
        group="yro",
        first_hearing=D(2023, 5, 20),
    ),
    offence(8, "gus", "vatp", 6, D(2023, 6, 5), overturned=True),
    offence(9, "hal", "robbery", 6, D(2023, 6, 5), yjs=False),  # a fine: no YJS work
    # ian was 18 at his first hearing: not counted
    offence(10, "ian", "vatp", 6, D(2023, 6, 5), born=D(2005, 5, 1)),
]


def test_kpi9_serious_violence_rate_per_10000_children():
    """kpi9_sv_case_level_v8 and kpi9_sv_summary_long (index id 2413458947)."""
    kpi = kpi9_serious_violence(Facts(POP, offences=OFFENCES), RULES, Q, population_10_17=20_000)
    # Counted offences: 1, 2, 3, 5 and 7; serious violence: 1, 3 and 7.
    assert (kpi.headline.numerator, kpi.headline.denominator) == (3, 20_000)
    assert kpi.headline.percentage == 1.5  # 3 / 20,000 x 10,000
    assert kpi.headline.suffix == " per 10,000"
    assert kpi.headline.members == {"amy", "ben", "fay"}
    assert kpi.unit == "offences"
    share = kpi.cell("sv_offences", "offences")  # 9a
    assert (share.numerator, share.denominator) == (3, 5)
    children = kpi.cell("children", "offences")  # 9b: amy, ben, fay of amy, ben, dee, fay
    assert (children.numerator, children.denominator) == (3, 4)
    assert kpi.cell("category:vatp", "offences").as_dict()["percentage"] == 66.7  # 9c
    assert kpi.cell("category:drugs", "offences").numerator == 0
    assert [kpi.cell(f"gravity:{g}", "offences").numerator for g in range(5, 9)] == [1, 1, 1, 0]
    yro = kpi.cell("order:yro", "offences")  # 9e: offences 3 and 7 of the YROs' 2
    assert (yro.numerator, yro.denominator) == (2, 2)
    ro = kpi.cell("order:referral_order", "offences")  # offences 2 and 5
    assert (ro.numerator, ro.denominator) == (0, 2)
    assert "order:oocd" not in [row.key for row in kpi.rows]
    young = kpi.cell("age:10-14", "offences")  # 9f, of children with one
    assert (young.members, young.denominator) == ({"amy"}, 3)
    assert kpi.cell("age:15-17", "offences").members == {"ben", "fay"}
    assert kpi.cell("sex:female", "offences").members == {"amy"}
    assert kpi.note == ""


def test_kpi9_with_no_population_estimate_has_no_rate():
    kpi = kpi9_serious_violence(Facts(POP, offences=OFFENCES), RULES, Q)
    assert kpi.headline.numerator == 3
    assert kpi.headline.percentage is None
    assert "No 10 to 17 population estimate" in kpi.note


def test_kpi9_gravity_threshold_is_a_rule():
    kpi = kpi9_serious_violence(
        Facts(POP, offences=OFFENCES), Rules(serious_violence_min_gravity=4), Q
    )
    assert kpi.headline.numerator == 4  # offence 2 (gravity 4) now counts


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


#: amy's second programme, a youth caution for offences 12 and 14, ended in the quarter
#: too; offence 14 was also dealt with by a YRO ending in the next quarter.
AMY_CAUTION = InterventionRow(
    "iv-amy-yc",
    "amy",
    BORN,
    D(2023, 3, 1),
    D(2023, 5, 30),
    D(2023, 2, 20),
    20,
    "youth_caution",
    outcome_code="youth-caution",
    offence_ids=(12, 14),
)
AMY_LATER_YRO = InterventionRow(
    "iv-amy-yro",
    "amy",
    BORN,
    D(2023, 6, 1),
    D(2023, 9, 30),
    D(2023, 5, 31),
    50,
    "yro",
    offence_ids=(14,),
)


def test_kpi10_counts_the_victims_of_every_offence_whose_programme_ended():
    """kpi10_victim_case_level_v8 (index id 2491252131), measures of the long view."""
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
            contacted=True,
        ),
        victim(2, "amy", [12], True, True),  # the youth caution's offence: counted too
        victim(3, "ben", [21], True, False, support_requested=True, contacted=True),
        victim(4, "dee", [], None, views_before_decision=True),  # no offence: not counted
        victim(5, "eve", [], False),
        victim(6, "zed", [], True, True),  # not in the quarter's population
        victim(7, "amy", [99], True, True),  # an offence of no programme that ended
        victim(8, "ben", [21], False, True),  # took part without consenting to contact
        victim(9, "amy", [14], True, True),  # offence 14 belongs to the later YRO
    ]
    programmes = [*POP, AMY_CAUTION]
    pop = kpi_population(programmes, Q)
    facts = Facts(pop, victims=victims, programmes=programmes, offence_programmes=[AMY_LATER_YRO])
    kpi = kpi10_victims(facts, RULES)
    # Counted: 1, 2, 3 and 8. Consented: 1, 2 and 3; engaged and consented: 1 and 2.
    assert (kpi.headline.numerator, kpi.headline.denominator) == (2, 3)
    assert kpi.headline.percentage == 66.7
    assert kpi.cell("victims", "total:end").numerator == 4  # 10a
    assert kpi.cell("victims", "youth_caution:end").numerator == 1  # victim 2
    assert kpi.cell("victims", "yro:end").numerator == 2  # victims 3 and 8
    children = kpi.cell("children", "total:end")  # 10b
    assert (children.members, children.denominator) == ({"amy", "ben"}, 6)
    processes = kpi.cell("restorative_processes", "total:end")  # 10c: 1, 2 and 8
    assert (processes.numerator, processes.denominator) == (3, 3)
    views = kpi.cell("views_prior", "total:end")  # 10d
    assert (views.numerator, views.denominator) == (1, 3)
    assert kpi.cell("progress", "total:end").as_dict() == {  # 10e
        "numerator": 1,
        "denominator": 3,
        "percentage": 33.3,
    }
    assert kpi.cell("support", "total:end").numerator == 0  # 10f
    contacted = kpi.cell("contacted", "total:end")  # 10g: victims 1 and 3
    assert (contacted.numerator, contacted.denominator) == (2, 3)
    asked = kpi.cell("progress_requested", "total:end")
    assert (asked.numerator, asked.denominator) == (1, 1)
    decision = kpi.cell("views_before_decision", "total:end")  # of out-of-court: victim 2
    assert (decision.numerator, decision.denominator) == (0, 1)


def test_the_return_has_ten_kpis_in_order():
    ret = kpi_return(Facts(POP), Q)
    assert [k.code for k in ret.kpis] == [f"kpi{n}" for n in range(1, 11)]
    assert ret["kpi6"].headline.numerator == 2


def test_an_empty_quarter_gives_no_percentages():
    ret = kpi_return(Facts(()), Q)
    assert ret["kpi1"].headline.as_dict() == {"numerator": 0, "denominator": 0, "percentage": None}
