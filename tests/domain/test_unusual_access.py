"""The unusual-access rules, worked by hand: each flags the case it is for and not the
one just under its threshold."""

from __future__ import annotations

import datetime as dt

from childfirst.domain.unusual_access import (
    OUT_OF_HOURS,
    OUTSIDE_TEAM,
    RESTRICTED,
    Access,
    Rules,
    out_of_hours,
    out_of_hours_bursts,
    outside_team,
    restricted,
    unusual_access,
)

RULES = Rules(outside_team_records=10, window_days=7, working_hours=(8, 18), out_of_hours_views=20)
# Friday 14 March 2025, 17:00: the window runs from Friday 7 March, 17:00.
NOW = dt.datetime(2025, 3, 14, 17, 0)
TUESDAY = dt.datetime(2025, 3, 11)


def at(day: dt.datetime, hour: int, minute: int = 0) -> dt.datetime:
    return day.replace(hour=hour, minute=minute)


def opened(children, *, user=1, when=None, outside=True, is_restricted=False):
    when = when or at(TUESDAY, 10)
    return [Access(user, child, when, outside, is_restricted) for child in children]


# --- outside the team --------------------------------------------------------------------


def test_ten_children_outside_the_team_in_a_week_are_flagged():
    [flag] = outside_team(opened(range(1, 11)), NOW, RULES)
    assert (flag.rule, flag.user, flag.count, flag.children) == (
        OUTSIDE_TEAM,
        1,
        10,
        tuple(range(1, 11)),
    )


def test_nine_are_not_and_the_same_child_twice_counts_once():
    nine = opened(range(1, 10)) + opened([1, 2, 3])
    assert outside_team(nine, NOW, RULES) == []


def test_only_children_outside_the_team_and_inside_the_window_count():
    inside_team = opened(range(1, 6)) + opened(range(6, 11), outside=False)
    assert outside_team(inside_team, NOW, RULES) == []
    # Five of the ten were opened eight days ago, before the window.
    old = opened(range(1, 6), when=NOW - dt.timedelta(days=8)) + opened(range(6, 11))
    assert outside_team(old, NOW, RULES) == []
    # An account with no team role is not judged by this rule.
    assert outside_team(opened(range(1, 11), outside=None), NOW, RULES) == []


def test_each_account_is_counted_on_its_own():
    five_each = opened(range(1, 6), user=1) + opened(range(6, 11), user=2)
    assert outside_team(five_each, NOW, RULES) == []


# --- restricted records ------------------------------------------------------------------


def test_every_opening_of_a_restricted_record_in_the_window_is_flagged():
    rows = (
        opened([7], is_restricted=True)
        + opened([8])
        + opened([9], is_restricted=True, when=NOW - dt.timedelta(days=8))
    )
    [flag] = restricted(rows, NOW, RULES)
    assert (flag.rule, flag.children, flag.start) == (RESTRICTED, (7,), at(TUESDAY, 10))


# --- out of hours ------------------------------------------------------------------------


def test_working_hours_are_eight_to_six_on_weekdays():
    assert not out_of_hours(at(TUESDAY, 8), RULES)
    assert not out_of_hours(at(TUESDAY, 17, 59), RULES)
    assert out_of_hours(at(TUESDAY, 18), RULES)
    assert out_of_hours(at(TUESDAY, 7, 59), RULES)
    assert out_of_hours(at(dt.datetime(2025, 3, 8), 12), RULES)  # a Saturday


def burst(n, start, *, step_minutes=3):
    return [
        Access(1, child, start + dt.timedelta(minutes=step_minutes * k))
        for k, child in enumerate(range(n))
    ]


def test_twenty_records_in_an_hour_in_the_evening_are_a_burst():
    # 19:00, 19:03, ... 19:57: twenty within the hour.
    [flag] = out_of_hours_bursts(burst(20, at(TUESDAY, 19)), NOW, RULES)
    assert (flag.rule, flag.count) == (OUT_OF_HOURS, 20)
    assert (flag.start, flag.end) == (at(TUESDAY, 19), at(TUESDAY, 19, 57))


def test_nineteen_are_not_nor_twenty_spread_over_more_than_an_hour_nor_in_the_day():
    assert out_of_hours_bursts(burst(19, at(TUESDAY, 19)), NOW, RULES) == []
    # Every 3 min 10 s: the twentieth is at 20:00:10, more than an hour after the first.
    spread = [Access(1, k, at(TUESDAY, 19) + dt.timedelta(seconds=190 * k)) for k in range(20)]
    assert out_of_hours_bursts(spread, NOW, RULES) == []
    assert out_of_hours_bursts(burst(20, at(TUESDAY, 10)), NOW, RULES) == []


def test_a_burst_at_the_weekend_in_the_day_is_flagged():
    saturday = dt.datetime(2025, 3, 8, 12)
    assert len(out_of_hours_bursts(burst(20, saturday), NOW, RULES)) == 1


def test_all_the_rules_together_newest_first():
    rows = (
        opened(range(100, 110), when=at(TUESDAY, 10))
        + opened([7], outside=False, is_restricted=True, when=at(dt.datetime(2025, 3, 13), 9))
        + burst(20, at(TUESDAY, 19))
    )
    flags = unusual_access(rows, NOW, RULES)
    assert [f.rule for f in flags] == [RESTRICTED, OUT_OF_HOURS, OUTSIDE_TEAM]
