"""Benchmark: staff working through ChildFirst at once, through ``childfirst serve``.

Loopback only and bounded in time. The benchmark makes (or reuses) a PostgreSQL
database of its own on the local server holding the demo service (``childfirst demo``,
20,000 children by default: the time it takes is printed), starts ``childfirst serve``
on a spare loopback port in demo mode, and runs simulated members of staff with locust
for three minutes. Each signs in through the sign-in form with a demo account (a real
session, its own) and then works as their role does, with a pause of 0.5 to 2 s between
pages:

* **practitioners** (two in three): My caseload, a child's record from it, the record's
  chronology (its second page), the children search;
* **team managers**: the team page, a child's record from the team's children, its
  chronology, the search, the KPI dashboard;
* both now and then open the sign-in page (as someone not signed in): the lightest page,
  the yardstick for the others.

It prints requests, errors, p50/p95/p99 for each page, and each page's p95 over the
sign-in page's, and exits non-zero on any error (a status of 400 or more, a page that
is not the one asked for, a dropped connection).

    python bench/load.py                                   # 32 staff, 3 minutes, 20,000 children
    python bench/load.py --users 4 --duration 20 --children 500 --database cf_load_small
"""

# ruff: noqa: I001 (locust is imported first: it patches the standard library for gevent)
from __future__ import annotations

from locust import HttpUser, between, events, task

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import urlopen

import gevent
from locust.clients import HttpSession
from locust.env import Environment
from locust.log import setup_logging

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import ROOT  # bench/demo.py

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REFERENCE = re.compile(r'href="/children/(CF-[A-Za-z0-9-]+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SIGN_IN_PAGE = "sign-in page"
#: Every page the staff open, to show one that no request finished in the time.
PAGES = {
    SIGN_IN_PAGE,
    "sign in",
    "caseload",
    "child record",
    "chronology",
    "search",
    "team page",
    "team children",
    "KPI dashboard",
}

# Filled in by main() before any user starts.
ACCOUNTS: dict[str, deque[str]] = {}
PASSWORD = ""
SURNAMES: list[str] = []


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    role = ""
    home = ""

    def on_start(self) -> None:
        self.username = ACCOUNTS[self.role].popleft()
        self.children: list[str] = []
        self.anonymous = HttpSession(
            self.host, request_event=self.environment.events.request, user=self
        )
        page = self.client.get("/sign-in/", name=SIGN_IN_PAGE)
        token = CSRF.search(page.text)
        with self.client.post(
            "/sign-in/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="sign in",
            catch_response=True,
        ) as signed_in:
            if urlsplit(signed_in.url).path.startswith("/sign-in"):
                signed_in.failure(f"{self.username} could not sign in")

    def page(self, path: str, name: str, expect: str = "") -> str:
        """GET a signed-in page; a redirect to the sign-in page, or a page without
        ``expect``, is an error."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code >= 400:
                response.failure(f"{response.status_code} for {path}")
            elif urlsplit(response.url).path.startswith("/sign-in"):
                response.failure(f"{path} sent {self.username} to the sign-in page")
            elif expect and expect not in response.text:
                response.failure(f"{path} does not show {expect!r}")
            found = REFERENCE.findall(response.text)
            if found and name == self.home:
                self.children = found
            return response.text

    def a_child(self) -> str:
        if not self.children:
            self.list_page()
        if not self.children:
            text = self.page(f"/children/?q={random.choice(SURNAMES)}", "search")
            self.children = REFERENCE.findall(text)
        return random.choice(self.children)

    def list_page(self) -> None:
        raise NotImplementedError

    @task(3)
    def record(self) -> None:
        reference = self.a_child()
        self.page(f"/children/{reference}/", "child record", expect=reference)

    @task(2)
    def chronology(self) -> None:
        reference = self.a_child()
        self.page(f"/children/{reference}/?page=2", "chronology", expect=reference)

    @task(2)
    def search(self) -> None:
        self.page(f"/children/?q={random.choice(SURNAMES)}", "search")

    @task(1)
    def sign_in_page(self) -> None:
        with self.anonymous.get("/sign-in/", name=SIGN_IN_PAGE, catch_response=True) as page:
            if page.status_code != 200 or "csrfmiddlewaretoken" not in page.text:
                page.failure("the sign-in page did not show its form")


class Practitioner(Staff):
    weight = 2
    role = "practitioner"
    home = "caseload"

    def list_page(self) -> None:
        self.page("/caseload/", "caseload", expect="caseload")

    @task(3)
    def caseload(self) -> None:
        self.list_page()


class TeamManager(Staff):
    weight = 1
    role = "team_manager"
    home = "team children"

    def list_page(self) -> None:
        self.page("/team/children/", "team children")

    @task(2)
    def team(self) -> None:
        self.page("/team/", "team page")

    @task(1)
    def team_children(self) -> None:
        self.list_page()

    @task(1)
    def dashboard(self) -> None:
        self.page("/performance/", "KPI dashboard")


def childfirst(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "childfirst.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"childfirst {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


ACCOUNTS_SCRIPT = """
import json
from childfirst.accounts.models import RoleAssignment
from childfirst.casework.models import Child
from childfirst.demo.staff import DEMO_PASSWORD
def holders(role):
    found = RoleAssignment.objects.filter(role=role, user__is_active=True)
    return sorted(set(found.values_list("user__username", flat=True)))
print(json.dumps({
    "practitioner": holders("practitioner"),
    "team_manager": holders("team_manager"),
    "password": DEMO_PASSWORD,
    "children": Child.objects.count(),
    "surnames": sorted(set(Child.objects.values_list("last_name", flat=True)[:2000]))[:200],
}))
"""


def prepare(env: dict[str, str], database: str, children: int, fresh: bool) -> dict[str, Any]:
    import psycopg

    def admin(sql: str) -> Any:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else None

    exists = admin(f"SELECT 1 FROM pg_database WHERE datname = '{database}'")
    if fresh and exists:
        admin(f"DROP DATABASE {database} WITH (FORCE)")
        exists = False
    if not exists:
        admin(f"CREATE DATABASE {database}")
    childfirst(env, "migrate", "--no-input", "-v", "0")
    found = json.loads(childfirst(env, "shell", "-c", ACCOUNTS_SCRIPT).strip().splitlines()[-1])
    if not found["children"]:
        print(f"Loading the demo service, {children:,} children, into {database} ...", flush=True)
        started = time.perf_counter()
        childfirst(env, "demo", "--children", str(children))
        print(f"  loaded in {time.perf_counter() - started:,.0f} s", flush=True)
        found = json.loads(childfirst(env, "shell", "-c", ACCOUNTS_SCRIPT).strip().splitlines()[-1])
    else:
        print(f"Using {database}: {found['children']:,} children already loaded.")
    # Planner statistics, as production's autovacuum would have them (it is off on
    # these machines' PostgreSQL): without them the plans are not production's.
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
        connection.execute("ANALYZE")
    return found


def spare_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(env: dict[str, str], port: int, workers: int | None, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "childfirst.cli", "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 600  # collectstatic first, on a busy machine
    while True:
        try:
            with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as health:
                if health.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit(f"childfirst serve did not start:\n{log.read_text()[-3000:]}")
        time.sleep(1)
    # Each worker loads the application at its first request: not in the timings.
    for _ in range(4 * (workers or 5)):
        with urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=60) as page:
            page.read()
    return process


def report(environment: Environment) -> int:
    stats = environment.stats
    entries = sorted(stats.entries.values(), key=lambda e: (e.method != "GET", e.name))
    base = stats.get(SIGN_IN_PAGE, "GET").get_response_time_percentile(0.95) or 1
    print(
        f"\n{'page':<16} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'p95 / sign-in p95':>17}"
    )
    missing = sorted(PAGES - {entry.name for entry in entries})
    for entry in entries:
        p50, p95, p99 = (entry.get_response_time_percentile(p) for p in (0.5, 0.95, 0.99))
        print(
            f"{entry.name:<16} {entry.num_requests:>8,} {entry.num_failures:>6,} {p50:>7,.0f} "
            f"{p95:>7,.0f} {p99:>7,.0f} {p95 / base:>16.1f}x"
        )
    for name in missing:  # none finished in the time: slower than the run, or never reached
        print(f"{name:<16} {0:>8} {0:>6} {'-':>7} {'-':>7} {'-':>7} {'-':>17}")
    total = stats.total
    print(
        f"{'all':<16} {total.num_requests:>8,} {total.num_failures:>6,} "
        f"{total.get_response_time_percentile(0.5):>7,.0f} "
        f"{total.get_response_time_percentile(0.95):>7,.0f} "
        f"{total.get_response_time_percentile(0.99):>7,.0f}"
    )
    print(f"{total.total_rps:,.1f} requests a second")
    for error in stats.errors.values():
        print(f"ERROR {error.occurrences} x {error.method} {error.name}: {error.error}")
    return 1 if total.num_failures or stats.errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=32, help="simulated staff (default 32)")
    parser.add_argument("--duration", type=int, default=180, help="seconds (default 180)")
    parser.add_argument(
        "--spawn-rate", type=float, default=4, help="staff starting a second (default 4)"
    )
    parser.add_argument(
        "--children", type=int, default=20_000, help="demo size when loading it (default 20,000)"
    )
    parser.add_argument(
        "--database",
        default="cf_load",
        help="the PostgreSQL database on the local server (default cf_load), made if need be",
    )
    parser.add_argument("--fresh", action="store_true", help="drop and reload the database")
    parser.add_argument("--workers", type=int, help="server workers (default: serve's own)")
    args = parser.parse_args()
    if args.database in ("test", "postgres", "template0", "template1"):
        sys.exit(f"--database {args.database}: choose a database of the benchmark's own.")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        sys.exit("--database: lower-case letters, digits and underscores.")
    if urlsplit(POSTGRES).hostname not in LOOPBACK:
        sys.exit("The benchmark runs on loopback only.")
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"PostgreSQL is not reachable at {POSTGRES}: the load benchmark needs it. Skipped.")
        return

    global PASSWORD, SURNAMES
    with tempfile.TemporaryDirectory(prefix="childfirst-load-") as folder:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("CHILDFIRST_")},
            "DATABASE_URL": f"{POSTGRES}/{args.database}",
            "CHILDFIRST_DATA_DIR": folder,
            "CHILDFIRST_DEMO": "1",  # demo accounts, exempt from two-factor in demo mode only
            "CHILDFIRST_HTTPS": "0",  # plain HTTP on loopback: no proxy in front
            "CHILDFIRST_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        found = prepare(env, args.database, args.children, args.fresh)
        PASSWORD, SURNAMES = found["password"], found["surnames"]
        for role in ("practitioner", "team_manager"):
            accounts = found[role]
            random.Random(1).shuffle(accounts)
            ACCOUNTS[role] = deque(accounts)
        needed = {"practitioner": args.users * 2 // 3 + 1, "team_manager": args.users // 3 + 1}
        for role, n in needed.items():
            if len(ACCOUNTS[role]) < n:
                sys.exit(f"The demo has {len(ACCOUNTS[role])} {role} accounts; {n} are needed.")

        port = spare_port()
        log = Path(folder) / "serve.log"
        server = serve(env, port, args.workers, log)
        try:
            environment = Environment(
                user_classes=[Practitioner, TeamManager],
                host=f"http://127.0.0.1:{port}",
                events=events,
            )
            setup_logging("WARNING")  # a user's failure in its own code is printed
            runner = environment.create_local_runner()
            print(
                f"{args.users} staff for {args.duration} s on {found['children']:,} children "
                f"(PostgreSQL {args.database}), childfirst serve on 127.0.0.1:{port}",
                flush=True,
            )
            runner.start(args.users, spawn_rate=args.spawn_rate)
            gevent.spawn_later(args.duration, runner.quit)
            runner.greenlet.join()
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
        status = report(environment)
        if server.returncode:
            print(f"childfirst serve stopped with {server.returncode}:\n{log.read_text()[-2000:]}")
            status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
