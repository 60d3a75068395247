"""Benchmark: the casework pages on a demo database, one person at a time.

For each page it prints the queries one request makes and the median time of a few
requests, through Django's test client (no HTTP server, so the figures are the
application's own: the views, the ORM and the templates). Run it on a demo made
beforehand, with the same settings as the demo:

    export CHILDFIRST_DATA_DIR=/tmp/cf-bench CHILDFIRST_DEMO=1
    python -m childfirst.cli migrate && python -m childfirst.cli demo --children 2000
    python bench/casework_pages.py        # every casework page, 5 requests each
    python bench/casework_pages.py --repeat 11  # steadier medians

It picks, for each role, a child that person may open with the longest history (the
worst case of the record's pages), and writes to the demo's access log as any visit
would. The budget the tests hold every page to is in tests/casework/test_query_budgets.py.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "childfirst.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from childfirst.accounts.models import Role, User  # noqa: E402
from childfirst.casework.models import (  # noqa: E402
    Assessment,
    Child,
    Contact,
    Document,
    Intervention,
    Plan,
    Review,
    WorkStatus,
)
from childfirst.casework.permissions import children_visible_to  # noqa: E402


def person(role: str) -> User:
    return (
        User.objects.filter(role_assignments__role=role, is_active=True)
        .order_by("username")
        .first()
    )


def longest_record(user: User) -> Child:
    """The child ``user`` may open with the most contacts (the longest history, as a rule)."""
    return (
        children_visible_to(user)
        .annotate(n=Count("contacts", distinct=True))
        .order_by("-n", "pk")
        .first()
    )


def pages(users: dict[str, User]) -> list[tuple[str, str, str]]:
    """``(label, username, url)`` for every casework page measured."""
    found: list[tuple[str, str, str]] = []

    def add(label: str, role: str, url: str) -> None:
        found.append((label, role, url))

    practitioner, manager = users[Role.PRACTITIONER], users[Role.TEAM_MANAGER]
    child = longest_record(practitioner)
    ref = child.reference
    add("search (everyone visible)", Role.PRACTITIONER, reverse("casework:search"))
    add("search (a name)", Role.PRACTITIONER, reverse("casework:search") + "?q=a")
    add("child record", Role.PRACTITIONER, reverse("casework:child", args=[ref]))
    add(
        "child record, chronology: oversight",
        Role.PRACTITIONER,
        reverse("casework:child", args=[ref]) + "?show=oversight",
    )
    add("child record (team manager)", Role.TEAM_MANAGER, reverse("casework:child", args=[ref]))
    add("child history", Role.PRACTITIONER, reverse("casework:history", args=[ref]))
    add(
        "child history, page 2",
        Role.PRACTITIONER,
        reverse("casework:history", args=[ref]) + "?page=2",
    )
    add("child edit", Role.PRACTITIONER, reverse("casework:child_edit", args=[ref]))
    add("restriction", Role.TEAM_MANAGER, reverse("casework:restriction", args=[ref]))
    add("seen by", Role.SERVICE_MANAGER, reverse("casework:seen_by", args=[ref]))
    add("add a contact", Role.PRACTITIONER, reverse("casework:contact_new", args=[ref]))
    contact = Contact.objects.filter(child=child).order_by("-pk").first()
    if contact:
        add(
            "change a contact",
            Role.PRACTITIONER,
            reverse("casework:contact_edit", args=[ref, contact.pk]),
        )
    add("the child's work", Role.PRACTITIONER, reverse("casework:child_work", args=[ref]))
    for model, name in ((Assessment, "assessment"), (Plan, "plan"), (Review, "review")):
        work = model.objects.filter(child=child).order_by("-pk").first()
        if work:
            add(name, Role.PRACTITIONER, reverse(f"casework:{name}", args=[ref, work.pk]))
            add(
                f"{name}: check",
                Role.PRACTITIONER,
                reverse(f"casework:{name}_check", args=[ref, work.pk]),
            )
            if name == "plan":
                add(
                    "plan: actions",
                    Role.PRACTITIONER,
                    reverse("casework:plan_actions", args=[ref, work.pk]),
                )
    add("documents", Role.PRACTITIONER, reverse("casework:documents", args=[ref]))
    document = Document.objects.filter(child=child).first()
    if document:
        add("a document", Role.PRACTITIONER, reverse("casework:document", args=[ref, document.pk]))
    add("caseload", Role.PRACTITIONER, reverse("casework:caseload"))
    add("team and oversight queue", Role.TEAM_MANAGER, reverse("casework:team"))
    add("team (service manager)", Role.SERVICE_MANAGER, reverse("casework:team"))
    add(
        "team: children overdue",
        Role.TEAM_MANAGER,
        reverse("casework:team_children") + "?overdue=1",
    )
    add("unusual access", Role.SERVICE_MANAGER, reverse("casework:unusual_access"))
    add("panel", Role.TEAM_MANAGER, reverse("casework:panel"))
    referral = Intervention.objects.filter(
        referred_to_panel=True, child__in=children_visible_to(manager)
    ).first()
    if referral:
        args = [referral.child.reference, referral.pk]
        add("panel pack", Role.TEAM_MANAGER, reverse("casework:panel_pack", args=args))
    waiting = Assessment.objects.filter(
        status=WorkStatus.SUBMITTED, child__in=children_visible_to(manager)
    ).first()
    if waiting:
        add(
            "oversight decision",
            Role.TEAM_MANAGER,
            reverse("casework:oversight", args=["assessment", waiting.pk]),
        )
    add("retention", Role.SERVICE_MANAGER, reverse("casework:retention"))
    return found


def measure(client: Client, url: str, repeat: int) -> tuple[int, int, float]:
    client.get(url, secure=True)  # warm up: templates compiled, caches filled
    times, counts, status = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - start)
        counts.append(len(queries))
        status = response.status_code
    return status, max(counts), statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="measure only pages whose label contains this")
    parser.add_argument("--show", action="store_true", help="print each page's queries")
    args = parser.parse_args()
    for name in ("childfirst.request", "django.request"):
        logging.getLogger(name).setLevel(logging.ERROR)
    roles = (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER)
    users = {role: person(role) for role in roles}
    # The team manager of the practitioner's team, who oversees the child's work.
    team = users[Role.PRACTITIONER].teams_as(Role.PRACTITIONER)
    users[Role.TEAM_MANAGER] = (
        User.objects.filter(
            role_assignments__role=Role.TEAM_MANAGER, role_assignments__team__in=team
        )
        .order_by("username")
        .first()
    )
    clients: dict[str, Client] = {}
    for role, user in users.items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    print(f"{Child.objects.count():,} children; {connection.vendor}")
    print(f"{'page':40} {'as':16} {'status':>6} {'queries':>8} {'ms':>8}")
    measure_: Callable[..., tuple[int, int, float]] = measure
    for label, role, url in pages(users):
        if args.only and args.only not in label:
            continue
        status, queries, ms = measure_(clients[role], url, args.repeat)
        print(f"{label:40} {users[role].username:16} {status:>6} {queries:>8} {ms:>8.1f}")
        if args.show:
            with CaptureQueriesContext(connection) as shown:
                clients[role].get(url, secure=True)
            for query in shown.captured_queries:
                print("   ", query["sql"][:300])


if __name__ == "__main__":
    main()
