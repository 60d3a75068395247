"""The KPI episodes of a child: social care status, accommodation, education, training
and employment with hours, special educational needs, mental health and substance
misuse (YJB KPIs 1-5 and 7, "Key performance indicators for youth justice services",
https://www.gov.uk/guidance/key-performance-indicators-for-youth-justice-services; how
ChildFirst counts them: ``docs/kpis/``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from childfirst.casework.models import (
    AccommodationEpisode,
    CareEpisode,
    Child,
    EteEpisode,
    HealthEpisode,
    SendRecord,
)
from childfirst.demo import shapes
from childfirst.demo.context import CUSTODY_CODES, Batch, Context, Episode, release_day
from childfirst.demo.facts import FAMILY_HOME, SECURE, Circumstances, birthday
from childfirst.domain.periods import academic_year, age_on

Spell = tuple[date, date | None]


def secured_ahead(release: date, born: date) -> date | None:
    """When the home a child is released to was secured (KPI 1): mostly weeks ahead,
    some in the last days, a few on the day or not recorded. Its own random stream, so
    the rest of the demo service is drawn as before."""
    rng = random.Random(f"secured-{release.isoformat()}-{born.isoformat()}")
    days = rng.choices(
        (rng.randint(28, 70), rng.randint(14, 27), rng.randint(7, 13), rng.randint(1, 6), 0, None),
        (45, 25, 14, 8, 5, 3),
    )[0]
    return None if days is None else release - timedelta(days=days)


def merged(spells: list[Spell]) -> list[Spell]:
    """Spells of the same status joined where they meet or overlap."""
    out: list[Spell] = []
    for start, end in sorted(spells, key=lambda s: s[0]):
        if out and (out[-1][1] is None or start <= out[-1][1] + timedelta(days=1)):
            last_end = out[-1][1]
            out[-1] = (out[-1][0], None if end is None or last_end is None else max(end, last_end))
        else:
            out.append((start, end))
    return out


def until_18(spells: list[Spell], adult: date, today: date) -> list[Spell]:
    """Care ends the day before the 18th birthday."""
    last = adult - timedelta(days=1)
    out: list[Spell] = []
    for start, end in spells:
        if start > last:
            continue
        out.append((start, min(end, last) if end else last if last < today else None))
    return out


def overlap(one: Spell, other: Spell) -> bool:
    far = date.max
    return one[0] <= (other[1] or far) and other[0] <= (one[1] or far)


def within(spells: list[Spell], day: date) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in spells)


class KpiEpisodes(Context):
    def make_kpi_episodes(
        self,
        child: Child,
        circ: Circumstances,
        episodes: list[Episode],
        with_iv: list[Episode],
        rng: random.Random,
        b: Batch,
    ) -> None:
        """Accommodation, ETE, SEND, health and care episodes covering the child's time
        with the service, so the KPIs have a start and an end to look at; kept in ``circ``
        too, for the writing. Care ends at 18; where the child lives follows from their
        care status, custody and age (foster care only while looked after, never with
        parents for an unaccompanied child)."""
        today = self.today
        born = circ.born
        adult = birthday(born, 18)
        first = min(ep.date for ep in episodes)
        ends = [ep.end or today for ep in with_iv] or [first]
        last = min(max(ends), today)
        since = max(first - timedelta(days=rng.randint(60, 1500)), born + timedelta(days=365 * 8))
        if circ.arrival is not None:
            since = circ.arrival
        still_open = any(ep.status == "open" for ep in with_iv)

        # Social care status (KPI 7), care 9-10% (seed 001): an unaccompanied child from
        # arrival; a child remanded to youth detention accommodation while remanded.
        spells: list[tuple[date, date | None]] = []
        if circ.uasc is not None:
            spells.append((since, None))
        elif rng.random() < shapes.LOOKED_AFTER_CHANCE:
            start = first - timedelta(days=rng.randint(-90, 1200))
            end = (
                None
                if rng.random() < 0.6
                else self.cap(start + timedelta(days=rng.randint(120, 900)))
            )
            spells.append((self.cap(start), end))
        for ep in episodes:
            if ep.remand and ep.remand[0] == "remand-yda":
                spells.append((ep.remand[1], ep.date))
        looked_after = until_18(merged(spells), adult, today)
        circ.care = [("looked_after", start, end) for start, end in looked_after]
        for status, chance in (
            ("child_in_need", 0.15),
            ("child_protection_plan", 0.07),
            ("early_help", 0.3),
        ):
            if rng.random() < chance:
                start = self.cap(first + timedelta(days=rng.randint(-700, 120)))
                end = start + timedelta(days=rng.randint(90, 700))
                spell = until_18([(start, None if end > today else end)], adult, today)
                # A looked-after child's status is looked after, not one of these.
                if spell and not any(overlap(spell[0], la) for la in looked_after):
                    circ.care.append((status, *spell[0]))
        # An early help plan follows a referral to Early Help, a month before it (KPI 7c).
        referrals = [
            ("early_help_referral", referred, referred)
            for status, start, _ in circ.care
            if status == "early_help"
            for referred in [start - timedelta(days=30)]
        ]
        b.care.extend(
            CareEpisode(child=child, status=status, start=start, end=end)
            for status, start, end in [*circ.care, *referrals]
        )
        if looked_after:
            circ.always.add("ever_looked_after")
        if rng.random() < shapes.MISSING_CHANCE[bool(looked_after)]:
            circ.always.add("missing")

        # Accommodation (KPI 1): the family home or a placement, custody and release.
        self.homes(circ, since, first, last, looked_after, with_iv, rng)
        for n, (start, code) in enumerate(circ.homes):
            end = circ.homes[n + 1][0] - timedelta(days=1) if n + 1 < len(circ.homes) else None
            if code in self.unsuitable_accommodation:
                suitability = "unsuitable"
            elif code in SECURE:
                suitability = "suitable"
            else:
                suitability = rng.choices(("suitable", "unsuitable", "unknown"), (94, 4, 2))[0]
            released_to = n > 0 and circ.homes[n - 1][1] in SECURE and code not in SECURE
            b.accommodation.append(
                AccommodationEpisode(
                    child=child,
                    accommodation_type_id=self.accommodation_id[code],
                    suitability=suitability,
                    start=start,
                    end=end,
                    secured_on=secured_ahead(start, circ.born) if released_to else None,
                )
            )

        # Education, training and employment (KPI 2), with hours.
        leaving = circ.leaving
        ete_changes: list[tuple[date, bool]] = [(since, since <= leaving)]
        if since < leaving < today:
            ete_changes.append((leaving + timedelta(days=1), False))
        if rng.random() < 0.15 and first < min(leaving, today):
            ete_changes.append(
                (
                    first
                    + timedelta(days=rng.randint(0, max(1, (min(leaving, today) - first).days))),
                    True,
                )
            )
        ete_changes.sort(key=lambda c: c[0])
        for n, (start, school_age) in enumerate(ete_changes):
            end = ete_changes[n + 1][0] - timedelta(days=1) if n + 1 < len(ete_changes) else None
            if end is not None and end < start:
                continue
            table = shapes.SCHOOL_AGE_ETE if school_age else shapes.ABOVE_SCHOOL_AGE_ETE
            code = (self.pick_school if school_age else self.pick_post16)(rng)
            _, low, high = table[code]
            if code == "none":
                offered = attended = None
                suitability = "unsuitable"
            else:
                offered = rng.randint(low, high)
                attended = round(offered * rng.uniform(0.3, 1.0))
                full_time = 25 if school_age else 16
                good = offered >= full_time and attended >= 0.7 * offered
                suitability = "suitable" if good or rng.random() < 0.35 else "unsuitable"
                if rng.random() < 0.03:
                    suitability = "unknown"
            circ.ete.append((start, code))
            b.ete.append(
                EteEpisode(
                    child=child,
                    provision_type_id=self.ete_id[code],
                    suitability=suitability,
                    hours_offered=offered,
                    hours_attended=attended,
                    start=start,
                    end=end,
                )
            )

        # SEND (KPI 3): a record for each academic year the child was open.
        need = child.send_status in ("sen_support", "ehcp")
        for year in range(academic_year(first), academic_year(last) + 1):
            b.send.append(
                SendRecord(
                    child=child,
                    academic_year=year,
                    need_identified=need,
                    formal_plan="ehcp" if child.send_status == "ehcp" else "none",
                )
            )

        # Mental health and substance misuse (KPIs 4 and 5), screened at the start.
        if not with_iv:
            return
        start = with_iv[0].start
        assert start is not None
        end = None if still_open else last
        for need_kind, screened_chance, need_chance, offers in (
            (
                "mental_health",
                0.85,
                0.45 if child.sex == "female" else 0.35,
                self.pick_mental_health_support,
            ),
            ("substance_misuse", 0.8, 0.3, self.pick_substance_misuse_support),
        ):
            screened = rng.random() < screened_chance
            identified = screened and rng.random() < need_chance
            already = rng.random() < 0.1
            if not (screened or already):
                continue
            offered = ""
            if (identified or already) and rng.random() < 0.8:
                offered = offers(rng)
            attending = bool(offered) and rng.random() < 0.7
            if identified or already:
                circ.always.add("mental_health" if need_kind == "mental_health" else "substance")
            if attending and need_kind == "mental_health":
                circ.always.add("camhs")
            screened_on = self.cap(start + timedelta(days=rng.randint(0, 30))) if screened else None
            # The dates KPIs 4 and 5 count by: treatment already running began before the
            # order; an offer follows screening by a fortnight, attendance the offer.
            attending_from = offered_on = None
            if already and offered:
                attending_from = offered_on = start - timedelta(days=60)
            elif offered and screened_on is not None:
                offered_on = self.cap(screened_on + timedelta(days=14))
                if attending:
                    attending_from = self.cap(offered_on + timedelta(days=14))
            b.health.append(
                HealthEpisode(
                    child=child,
                    need=need_kind,
                    screened_on=screened_on,
                    already_receiving_treatment=already,
                    need_identified=identified,
                    intervention_offered=offered,
                    offered_on=offered_on,
                    attending=attending or attending_from is not None,
                    attending_from=attending_from,
                    start=screened_on or start,
                    end=end if end is None or end >= (screened_on or start) else None,
                )
            )

    def homes(
        self,
        circ: Circumstances,
        since: date,
        first: date,
        last: date,
        looked_after: list[Spell],
        with_iv: list[Episode],
        rng: random.Random,
    ) -> None:
        """Where the child lives from ``since``: the family home while not looked after (a
        move for some), a placement while looked after, a secure establishment from remand
        or sentence to release, and after care at 18 supported or independent living."""
        today, born = self.today, circ.born
        adult = birthday(born, 18)
        custody: list[tuple[date, date | None, str]] = []
        for ep in with_iv:
            if ep.code in CUSTODY_CODES and ep.start and ep.months:
                begin = ep.remand[1] if ep.remand and ep.remand[0] == "remand-yda" else ep.start
                age = age_on(born, begin)
                secure = "sch" if age < 15 else "stc" if age < 16 else "yoi"
                release = release_day(ep)
                custody.append((begin, release if release and release <= today else None, secure))
        moved = None
        if rng.random() < 0.18 and last > first and not custody:
            moved = first + timedelta(days=rng.randint(0, (last - first).days))
        leaves_care = within(looked_after, adult - timedelta(days=1))

        def young(day: date) -> bool:
            return age_on(born, day) < 16

        def family_home(day: date) -> str:
            return (self.pick_home_under_16 if young(day) else self.pick_home)(rng)

        def placement(day: date) -> str:
            if circ.uasc is not None:
                pick = self.pick_uasc_placement_under_16 if young(day) else self.pick_uasc_placement
            else:
                pick = self.pick_placement_under_16 if young(day) else self.pick_placement
            return pick(rng)

        days = {since, *(d for d in (moved,) if d)}
        for start, end in looked_after:
            days.add(start)
            if end is not None:
                days.add(end + timedelta(days=1))
        for begin, release, _ in custody:
            days.add(begin)
            if release is not None:
                days.add(release)
        if leaves_care:
            days.add(adult)
        home = "" if circ.uasc is not None else family_home(since)
        placed = leaver = ""
        was_looked_after = False
        for day in sorted(d for d in days if since <= d <= today):
            in_care = within(looked_after, day)
            if day == moved:
                if in_care:
                    placed = placement(day)
                else:
                    new = family_home(day)
                    if new != home and home in FAMILY_HOME and new in FAMILY_HOME:
                        circ.family_moves.append(day)
                    home = new
            if in_care and (not was_looked_after or not placed):
                placed = placement(day)
            was_looked_after = in_care
            secure = next(
                (c for begin, end, c in custody if begin <= day and (end is None or day < end)),
                None,
            )
            if secure:
                code = secure
            elif in_care:
                code = placed
            elif day >= adult and (leaves_care or circ.uasc is not None):
                leaver = leaver or self.pick_care_leaver_home(rng)
                code = leaver
            else:
                code = home or "supported"
            if not circ.homes or circ.homes[-1][1] != code:
                circ.homes.append((day, code))
