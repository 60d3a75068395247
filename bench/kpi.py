"""Benchmark: one quarter's KPI return and national indicators on a demo service.

For each database (a throwaway SQLite file, and PostgreSQL if it is running) the
benchmark loads the demo service (not timed; without history rows, which the
figures never read), then times, best of five after a warm-up:

* **engine**: ``compute_return(quarter)`` and ``compute_indicators(quarter)``, all
  the queries and all the counting;
* **floor**: one query (a ``UNION ALL`` of the same filtered tables) that reads the
  rows the return and indicators need, two columns a row, and nothing else;

and prints both, their ratio and the rows read. PostgreSQL is analysed first, as
production's autovacuum would have it. Target: engine within 3x of the floor (2x is
the next aim), and under 2 s on PostgreSQL, for 20,000 children.

    python bench/kpi.py                   # 20,000 children
    python bench/kpi.py --children 2000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import (  # bench/demo.py: the throwaway databases
    ROOT,
    analyse,
    childfirst,
    postgres_database,
    postgres_reachable,
    sqlite_database,
)

TODAY = "2025-06-30"
QUARTER = "2024Q4"  # January to March 2025, complete by TODAY

INNER = r"""
import datetime as dt, json, time
import django
django.setup()
from django.db import connection, reset_queries
from django.db.models import Q
from childfirst.casework.models import (
    AccommodationEpisode, CareEpisode, Child, EteEpisode, HealthEpisode, Intervention,
    Outcome, SendRecord, Victim,
)
from childfirst.domain.periods import Quarter
from childfirst.performance import selectors
from childfirst.performance.engine import compute_indicators, compute_return

quarter = Quarter.parse(QUARTER)
today = dt.date.fromisoformat(TODAY)
Through = Outcome.offences.through


def engine():
    ret = compute_return(quarter, today)
    found = compute_indicators(quarter, today)
    return ret["kpi1"].headline.denominator, found.reoffending.total.cohort.numerator


def floor_query():
    ended = selectors.candidate_interventions(quarter, today)
    children = ended.values("child_id")
    pair = ("id", "child_id")
    parts = [ended.values_list(*pair)]
    for model in (AccommodationEpisode, EteEpisode, CareEpisode, HealthEpisode, SendRecord,
                  Victim):
        parts.append(model.objects.filter(child_id__in=children).values_list(*pair))
    parts.append(Victim.offences.through.objects.filter(victim__child_id__in=children)
                 .values_list("victim_id", "offence_id"))
    parts.append(Through.objects.filter(outcome__interventions__in=ended)
                 .values_list("outcome_id", "offence_id"))
    # KPI 9: every offence with an outcome in the quarter, all its outcomes, and the
    # programmes on those outcomes; KPI 10: the programmes of the victims' offences.
    dealt = Through.objects.filter(
        outcome__date__gte=quarter.start, outcome__date__lte=quarter.end,
    ).values("offence_id")
    links = Through.objects.filter(offence_id__in=dealt)
    parts.append(links.values_list("outcome_id", "offence_id"))
    parts.append(Intervention.objects.filter(outcome_id__in=links.values("outcome_id"))
                 .values_list(*pair))
    victims_offences = Victim.offences.through.objects.filter(
        victim__child_id__in=children).values("offence_id")
    parts.append(Intervention.objects.filter(outcome__offences__in=victims_offences)
                 .values_list(*pair))
    flagged = Outcome.objects.filter(outcome_type__first_time_entrant=True)
    entrants = flagged.filter(overturned=False, date__gte=quarter.start, date__lte=quarter.end)
    parts.append(flagged.filter(child_id__in=entrants.values("child_id")).values_list(*pair))
    parts.append(Outcome.objects.filter(outcome_type__custodial=True, date__gte=quarter.start,
                                        date__lte=quarter.end).values_list(*pair))
    index = Q(child_id__in=Outcome.objects.filter(
        outcome_type__tier__in=selectors.INDEX_TIERS, date__gte=quarter.start,
        date__lte=quarter.end).values("child_id")) | Q(child_id__in=Intervention.objects.filter(
        release_date__gte=quarter.start, release_date__lte=quarter.end).values("child_id"))
    cohort = Outcome.objects.filter(index)
    parts.append(cohort.values_list(*pair))
    parts.append(Through.objects.filter(outcome__in=cohort).values_list("outcome_id", "offence_id"))
    parts.append(CareEpisode.objects.filter(index, status="looked_after").values_list(*pair))
    parts.append(Child.objects.filter(pk__in=cohort.values("child_id")).values_list("id", "id"))
    first, *rest = [p.order_by() for p in parts]
    return len(list(first.union(*rest, all=True)))


def best(fn, runs=5):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return min(times), value


engine_s, (population, cohort) = best(engine)
floor_s, rows = best(floor_query)
from django.conf import settings
settings.DEBUG = True
reset_queries()
engine()
queries = len(connection.queries)
print(json.dumps({"engine": engine_s, "floor": floor_s, "rows": rows, "queries": queries,
                  "population": population, "cohort": cohort}))
"""


def time_it(env: dict[str, str], database: str) -> dict[str, float]:
    analyse(env.get("DATABASE_URL", ""))
    code = f"QUARTER = {QUARTER!r}\nTODAY = {TODAY!r}\n" + INNER
    env = {**env, "DJANGO_SETTINGS_MODULE": "childfirst.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"timing failed on {database}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(database: str, children: int) -> dict[str, float]:
    make = sqlite_database if database == "SQLite" else postgres_database
    with make() as (env, _):
        childfirst(env, "migrate", "--no-input", "-v", "0")
        childfirst(env, "demo", "--children", str(children), "--no-history", "--today", TODAY)
        return time_it(env, database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument(
        "--database-url",
        help=f"time an existing database (a demo loaded with --today {TODAY}) instead",
    )
    args = parser.parse_args()
    n = args.children
    if args.database_url:
        m = time_it({**os.environ, "DATABASE_URL": args.database_url}, args.database_url)
        print(json.dumps(m, indent=2), f"ratio {m['engine'] / m['floor']:.1f}x", sep="\n")
        return
    databases = ["SQLite"] + (["PostgreSQL"] if postgres_reachable() else [])
    if len(databases) == 1:
        print("PostgreSQL is not reachable: SQLite only.")
    print(f"KPI return and indicators for {QUARTER}, demo service of {n:,} children")
    print(
        f"{'database':<11} {'engine s':>8} {'floor s':>8} {'ratio':>6} {'rows':>8} "
        f"{'queries':>7} {'population':>10} {'cohort':>6}"
    )
    for database in databases:
        m = measure(database, n)
        print(
            f"{database:<11} {m['engine']:>8.3f} {m['floor']:>8.3f} "
            f"{m['engine'] / m['floor']:>5.1f}x {m['rows']:>8,} {m['queries']:>7} "
            f"{m['population']:>10,} {m['cohort']:>6,}"
        )
    print("Target: engine within 3x of the floor, and under 2 s on PostgreSQL.")


if __name__ == "__main__":
    main()
