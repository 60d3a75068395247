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
from childfirst.demo.dates import school_leaving_date
from childfirst.domain.periods import academic_year, age_on


class KpiEpisodes(Context):
    def make_kpi_episodes(
        self,
        child: Child,
        born: date,
        episodes: list[Episode],
        with_iv: list[Episode],
        rng: random.Random,
        b: Batch,
    ) -> None:
        """Accommodation, ETE, SEND, health and care episodes covering the child's time
        with the service, so the KPIs have a start and an end to look at."""
        today = self.today
        first = min(ep.date for ep in episodes)
        ends = [ep.end or today for ep in with_iv] or [first]
        last = min(max(ends), today)
        since = max(first - timedelta(days=rng.randint(60, 1500)), born + timedelta(days=365 * 8))
        still_open = any(ep.status == "open" for ep in with_iv)

        # Social care status (KPI 7), care 9-10% (seed 001).
        looked_after = rng.random() < 0.10
        if looked_after:
            start = first - timedelta(days=rng.randint(-90, 1200))
            end = (
                None
                if rng.random() < 0.6
                else self.cap(start + timedelta(days=rng.randint(120, 900)))
            )
            b.care.append(
                CareEpisode(child=child, status="looked_after", start=self.cap(start), end=end)
            )
        for status, chance in (
            ("child_in_need", 0.15),
            ("child_protection_plan", 0.07),
            ("early_help", 0.3),
        ):
            if rng.random() < chance:
                start = self.cap(first + timedelta(days=rng.randint(-700, 120)))
                end = start + timedelta(days=rng.randint(90, 700))
                b.care.append(
                    CareEpisode(
                        child=child, status=status, start=start, end=None if end > today else end
                    )
                )

        # Accommodation (KPI 1): home, a move for some, custody and release for others.
        home = self.pick_care_accommodation(rng) if looked_after else self.pick_accommodation(rng)
        changes = [(since, home)]
        custody = any(ep.code in CUSTODY_CODES for ep in with_iv)
        if rng.random() < 0.18 and last > first and not custody:
            moved = first + timedelta(days=rng.randint(0, (last - first).days))
            changes.append((moved, self.pick_accommodation(rng)))
        for ep in with_iv:
            if ep.code in CUSTODY_CODES and ep.start and ep.months:
                age = age_on(born, ep.start)
                secure = "sch" if age < 15 else "stc" if age < 16 else "yoi"
                changes.append((ep.start, secure))
                release = release_day(ep)
                if release is not None and release <= today:
                    changes.append(
                        (release, rng.choice(("parents", "family", "supported", "temporary")))
                    )
        changes.sort(key=lambda c: c[0])
        for n, (start, code) in enumerate(changes):
            end = changes[n + 1][0] - timedelta(days=1) if n + 1 < len(changes) else None
            if end is not None and end < start:
                continue
            if code in self.unsuitable_accommodation:
                suitability = "unsuitable"
            elif code in ("sch", "stc", "yoi"):
                suitability = "suitable"
            else:
                suitability = rng.choices(("suitable", "unsuitable", "unknown"), (94, 4, 2))[0]
            b.accommodation.append(
                AccommodationEpisode(
                    child=child,
                    accommodation_type_id=self.accommodation_id[code],
                    suitability=suitability,
                    start=start,
                    end=end,
                )
            )

        # Education, training and employment (KPI 2), with hours.
        leaving = school_leaving_date(born)
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
            screened_on = self.cap(start + timedelta(days=rng.randint(0, 30))) if screened else None
            b.health.append(
                HealthEpisode(
                    child=child,
                    need=need_kind,
                    screened_on=screened_on,
                    already_receiving_treatment=already,
                    need_identified=identified,
                    intervention_offered=offered,
                    attending=bool(offered) and rng.random() < 0.7,
                    start=screened_on or start,
                    end=end if end is None or end >= (screened_on or start) else None,
                )
            )
