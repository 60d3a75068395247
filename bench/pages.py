"""Benchmark: every page one member of staff opens, one at a time, against the sign-in page.

Each page is fetched through Django's test client (the whole stack but the network:
middleware, permissions, access logging, templates) as the role that uses it, once to
warm up and then ``--repeats`` times. The benchmark prints each page's median time, that
time over the sign-in page's (the lightest page: the yardstick), and its database queries.

The child is the practitioner's child with the longest record. The KPI dashboard is
timed twice: with nothing kept (the figures cache emptied before each fetch) and with
the quarter's figures kept, as the second person to open it finds it.

    python bench/pages.py --database-url postgresql://postgres@127.0.0.1:5432/NAME
    python bench/pages.py --children 2000          # a throwaway demo, SQLite and PostgreSQL

Target (issue 14): every casework page within 5x the sign-in page and at most 15
queries; the KPI dashboard under 1 s with nothing kept and under 100 ms kept.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
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
QUARTER = "2024Q4"  # January to March 2025, complete in a demo loaded --today TODAY
PASSWORD = "childfirst-demo"


def run_pages(repeats: int) -> list[dict[str, object]]:
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from childfirst.accounts.models import RoleAssignment
    from childfirst.audits.models import Audit
    from childfirst.casework.models import Child, Intervention
    from childfirst.domain.periods import Quarter

    def holder(role: str, **where: object) -> str:
        found = RoleAssignment.objects.filter(role=role, user__is_active=True, **where)
        return str(found.values_list("user__username", flat=True).order_by("user__username")[0])

    practitioner = (
        Intervention.objects.filter(end__isnull=True, case_manager__isnull=False)
        .values("case_manager__username")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("case_manager__username", flat=True)
        .first()
    )
    child = (
        Child.objects.filter(interventions__case_manager__username=practitioner)
        .annotate(n=Count("contacts", distinct=True))
        .order_by("-n")
        .first()
    )
    assert child is not None, "no child with a practitioner: is the demo loaded?"
    team_manager = holder("team_manager", team=child.team)
    manager = holder("service_manager")
    auditor = holder("auditor")
    audit = Audit.objects.order_by("pk").first()
    quarter = Quarter.parse(QUARTER)
    ref = child.reference

    clients: dict[str, Client] = {}

    def client(username: str | None) -> Client:
        key = username or ""
        if key not in clients:
            c = Client(SERVER_NAME="localhost")  # an allowed host; HTTPS as behind the proxy
            if username:
                c.post("/sign-in/", {"username": username, "password": PASSWORD}, secure=True)
            clients[key] = c
        return clients[key]

    def fetch(c: Client, path: str) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = c.get(path, secure=True)
            if response.streaming:
                b"".join(response.streaming_content)
            else:
                response.content  # noqa: B018
            seconds = time.perf_counter() - started
        return seconds, len(queries), response.status_code

    pages: list[tuple[str, str | None, str, bool]] = [
        ("sign-in", None, "/sign-in/", False),
        ("caseload", practitioner, "/caseload/", False),
        ("child record", practitioner, f"/children/{ref}/", False),
        ("chronology (page 2)", practitioner, f"/children/{ref}/?page=2", False),
        ("child history", practitioner, f"/children/{ref}/history/", False),
        ("child's work", practitioner, f"/children/{ref}/work/", False),
        ("documents", practitioner, f"/children/{ref}/documents/", False),
        ("seen by", manager, f"/children/{ref}/seen-by/", False),
        ("children search", practitioner, f"/children/?q={child.last_name}", False),
        ("team page", team_manager, "/team/", False),
        ("team children", team_manager, "/team/children/", False),
        ("panel", team_manager, "/panel/", False),
        ("KPI dashboard, nothing kept", manager, f"/performance/?period={quarter.code}", True),
        ("KPI dashboard, kept", manager, f"/performance/?period={quarter.code}", False),
        ("KPI full table", manager, f"/performance/{quarter.code}/kpi1/", False),
        ("KPI drill-down", manager, f"/performance/{quarter.code}/kpi1/children/", False),
        ("KPI data quality", manager, f"/performance/{quarter.code}/quality/", False),
        ("indicators", manager, "/performance/indicators/", False),
        ("return (.xlsx)", manager, f"/performance/{quarter.code}/return.xlsx", False),
    ]
    if audit is not None:
        pages += [
            ("audit results", auditor, f"/audits/{audit.pk}/results/", False),
            ("audit PDF", auditor, f"/audits/{audit.pk}/results.pdf", False),
            ("audit workbook", auditor, f"/audits/{audit.pk}/results.xlsx", False),
        ]
    found = []
    for name, username, path, empty_cache in pages:
        c = client(username)
        if empty_cache:
            caches["figures"].clear()
        fetch(c, path)  # warm-up
        times, counts, status = [], [], 0
        for _ in range(repeats):
            if empty_cache:
                caches["figures"].clear()
            seconds, queries, status = fetch(c, path)
            times.append(seconds)
            counts.append(queries)
        found.append(
            {
                "page": name,
                "path": path,
                "status": status,
                "ms": statistics.median(times) * 1000,
                "queries": max(counts),
            }
        )
    return found


def report(rows: list[dict[str, object]], label: str) -> None:
    base = float(rows[0]["ms"])  # type: ignore[arg-type]
    print(f"{label}: median of the repeats, one user")
    print(f"{'page':<30} {'ms':>9} {'x sign-in':>10} {'queries':>8} {'status':>7}")
    for row in rows:
        ms = float(row["ms"])  # type: ignore[arg-type]
        print(
            f"{row['page']:<30} {ms:>9.1f} {ms / base:>9.1f}x {row['queries']:>8} "
            f"{row['status']:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--database-url", help="time an existing database with the demo loaded")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(run_pages(args.repeats)))
        return
    if args.database_url:
        env = {**os.environ, "DATABASE_URL": args.database_url}
        targets = [(args.database_url, env)]
    else:
        targets = []
    if targets:
        for label, env in targets:
            report(time_it(env, args.repeats, label), label)
        return
    databases = ["SQLite"] + (["PostgreSQL"] if postgres_reachable() else [])
    for database in databases:
        make = sqlite_database if database == "SQLite" else postgres_database
        with make() as (env, _):
            childfirst(env, "migrate", "--no-input", "-v", "0")
            childfirst(env, "demo", "--children", str(args.children), "--today", TODAY)
            label = f"{database}, demo of {args.children:,} children"
            report(time_it(env, args.repeats, label), label)


def time_it(env: dict[str, str], repeats: int, label: str) -> list[dict[str, object]]:
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "childfirst.settings",
        "CHILDFIRST_DEMO": "1",  # demo accounts sign in without a second factor
        "CHILDFIRST_LOG_LEVEL": "WARNING",
    }
    url = env.get("DATABASE_URL", "")
    analyse(url)
    done = subprocess.run(
        [sys.executable, __file__, "--inner", "--repeats", str(repeats)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"timing failed on {label}:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


if __name__ == "__main__":
    main()
