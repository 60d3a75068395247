"""``childfirst demo``: fill an empty database with a synthetic service and say how to sign in.

It runs only in demo mode (``CHILDFIRST_DEMO=1``, which ``make run`` sets and a service's
own deployment never does), because its accounts share a published password. It refuses
a database holding any account or child it did not make (``childfirst/demo/models.py``
records what it made), and it only ever changes the accounts it created.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, Q

from childfirst.accounts.models import Role, Team
from childfirst.casework.models import Assessment, Child, Intervention, Outcome, Plan, Review
from childfirst.demo.generate import load_demo
from childfirst.demo.models import DemoAccount, DemoChild
from childfirst.demo.progress import ProgressBar
from childfirst.demo.staff import (
    DEMO_PASSWORD,
    Account,
    staff_sizes,
)

DEMO_USERNAME = "admin"
MAX_CHILDREN = 100_000
MAX_YEARS = 10


class _Raw:
    """Django's OutputWrapper ends every write with a newline; the bar must not."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return bool(self.wrapper.isatty())


class Command(BaseCommand):
    help = (
        "Load the demo service (synthetic children, staff in every role) and say how to "
        "sign in.\n"
        "Fills an empty database with locality teams, an account for every role and "
        "children with their records over the last few years. Run again on its own demo "
        "database, it adds nothing, resets its own accounts' passwords and prints the "
        "sign-in details again. Same seed, same data. Runs only in demo mode "
        "(CHILDFIRST_DEMO=1, which make run sets), and refuses any database holding an "
        "account or a child it did not make: never on a server holding real children's "
        "records. The main records get a first history row, dated as if entered at the "
        "time; contacts, pillar analyses, plan actions and KPI episodes get none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children",
            type=int,
            default=300,
            help=f"how many children (1 to {MAX_CHILDREN:,}; default 300)",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed gives the same data (default 1)"
        )
        parser.add_argument(
            "--years",
            type=int,
            default=3,
            help=f"years of history ending today (1 to {MAX_YEARS}; default 3)",
        )
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000", help="where the service will be served"
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date the data ends on, YYYY-MM-DD (default: today)",
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="write no history rows for the demo records (a little faster)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        children, years = options["children"], options["years"]
        if not 1 <= children <= MAX_CHILDREN:
            raise CommandError(
                f"--children must be between 1 and {MAX_CHILDREN:,}, not {children:,}."
            )
        if not 1 <= years <= MAX_YEARS:
            raise CommandError(f"--years must be between 1 and {MAX_YEARS}, not {years}.")
        today = options["today"] or date.today()
        if not settings.CHILDFIRST_DEMO:
            raise CommandError(
                "childfirst demo runs only in demo mode, and this is not: set "
                "CHILDFIRST_DEMO=1 to load the demo (make run does). Its accounts share a "
                "published password, so never set it on a service's own deployment."
            )
        password_hash = make_password(DEMO_PASSWORD)

        started = time.perf_counter()
        with transaction.atomic():
            self.refuse_a_database_it_did_not_make()
            existing = Child.objects.count()
            if DemoAccount.objects.exists():
                reset = self.reset_demo_accounts(password_hash)
                self.stdout.write(
                    f"The demo is loaded already ({existing:,} "
                    f"{'child' if existing == 1 else 'children'}): no demo data was added"
                    f" (the {reset} demo accounts' passwords were reset)."
                )
                self.stdout.write(
                    "To load the demo afresh, start from an empty database "
                    "(delete var/childfirst.sqlite3, then make run)."
                )
                accounts = self.existing_accounts()
                loaded = False
            else:
                self.create_administrator(password_hash)
                teams, practitioners, managers = staff_sizes(children)
                self.stdout.write(
                    f"Loading the demo service: {children:,} children over {years} "
                    f"year{'s' * (years > 1)} to {today:%-d %B %Y} (seed {options['seed']}); "
                    f"{teams} teams, each with {managers} team manager"
                    f"{'s' * (managers > 1)} and {practitioners} practitioners."
                )
                bar = ProgressBar(children, "Children", _Raw(self.stderr))
                staff = load_demo(
                    children=children,
                    seed=options["seed"],
                    years=years,
                    today=today,
                    history=not options["no_history"],
                    progress=bar,
                    password_hash=password_hash,
                )
                bar.close()
                self.record_what_it_made()
                accounts = staff.accounts
                loaded = True
        elapsed = time.perf_counter() - started

        if loaded:
            self.summarise(elapsed)
        self.print_accounts(accounts)
        self.print_sign_in(options["url"], accounts)

    def refuse_a_database_it_did_not_make(self) -> None:
        """Refuse, changing nothing, a database with an account or child the demo did not
        make. A child created by someone signed in with a demo account (trying the demo
        out) is the demo's too; on a database with no demo accounts, any team, account or
        child is someone else's."""
        users = get_user_model().objects
        demo_users = DemoAccount.objects.values("user_id")
        foreign_accounts = users.exclude(pk__in=demo_users).count()
        foreign_children = (
            Child.objects.exclude(pk__in=DemoChild.objects.values("child_id"))
            .exclude(
                pk__in=Child.history.filter(
                    history_type="+", history_user_id__in=demo_users
                ).values("id")
            )
            .count()
        )
        foreign_teams = 0 if DemoAccount.objects.exists() else Team.objects.count()
        if not (foreign_accounts or foreign_children or foreign_teams):
            return
        held = [
            f"{n:,} {word}{'s' * (n != 1)}"
            for n, word in (
                (foreign_accounts, "account"),
                (foreign_children, "child record"),
                (foreign_teams, "team"),
            )
            if n
        ]
        raise CommandError(
            f"This database holds {' and '.join(held)} that the demo did not make, so the "
            "demo has changed nothing. It loads only into an empty database, or its own. "
            "To try the demo, use a new database (for the default SQLite one: delete "
            "var/childfirst.sqlite3, then make run)."
        )

    def create_administrator(self, password_hash: str) -> None:
        get_user_model().objects.create(
            username=DEMO_USERNAME,
            first_name="Demo",
            last_name="Administrator",
            is_staff=True,
            is_superuser=True,
            password=password_hash,
        )
        self.stdout.write("Created the demo administrator.")

    def record_what_it_made(self) -> None:
        """Everything in the database now is the demo's: it was empty before."""
        DemoAccount.objects.bulk_create(
            DemoAccount(user_id=pk)
            for pk in get_user_model().objects.values_list("pk", flat=True).iterator()
        )
        DemoChild.objects.bulk_create(
            (DemoChild(child_id=pk) for pk in Child.objects.values_list("pk", flat=True)),
            batch_size=2000,
        )

    def reset_demo_accounts(self, password_hash: str) -> int:
        """The demo's own accounts get the demo password back, and its administrator its
        flags; no other account is touched."""
        mine = get_user_model().objects.filter(demo_account__isnull=False)
        administrator = mine.filter(username=DEMO_USERNAME).first()
        if administrator is not None:
            administrator.is_staff = administrator.is_superuser = administrator.is_active = True
            administrator.password = password_hash
            administrator.save()
            self.stdout.write("Reset the demo administrator.")
        return mine.exclude(username=DEMO_USERNAME).update(password=password_hash)

    def existing_accounts(self) -> list[Account]:
        users = (
            get_user_model()
            .objects.filter(demo_account__isnull=False)
            .prefetch_related("role_assignments__team")
            .order_by("pk")
        )
        return [
            Account(
                a.get_role_display(),
                a.team.name if a.team else "",
                user.username,
                user.get_full_name(),
                user.job_title,
            )
            for user in users
            for a in user.role_assignments.all()
        ]

    def summarise(self, elapsed: float) -> None:
        children = Child.objects.aggregate(
            all=Count("pk"),
            boys=Count("pk", filter=Q(sex="male")),
            restricted=Count("pk", filter=Q(restricted=True)),
        )
        outcomes = Outcome.objects.aggregate(
            all=Count("pk"), out_of_court=Count("pk", filter=Q(outcome_type__out_of_court=True))
        )
        interventions = Intervention.objects.aggregate(
            all=Count("pk"),
            open=Count("pk", filter=Q(status="open")),
            panel=Count("pk", filter=Q(referred_to_panel=True)),
        )
        awaiting = {
            label: model.objects.filter(status="submitted").count()
            for label, model in (
                ("assessments", Assessment),
                ("plans", Plan),
                ("reviews", Review),
            )
        }
        returned = sum(
            model.objects.filter(status="returned").count() for model in (Assessment, Plan, Review)
        )
        court = outcomes["all"] - outcomes["out_of_court"]

        def share(part: int, whole: int) -> str:
            return f"{100 * part / whole:.0f}%" if whole else "-"

        self.stdout.write("")
        self.stdout.write(f"Loaded in {elapsed:.1f} s:")
        lines = [
            f"{children['all']:,} children ({share(children['boys'], children['all'])} boys; "
            f"{children['restricted']} restricted records)",
            f"{outcomes['all']:,} outcomes: {outcomes['out_of_court']:,} out of court "
            f"({share(outcomes['out_of_court'], outcomes['all'])}), {court:,} at court",
            f"{interventions['all']:,} interventions, {interventions['open']:,} open; "
            f"{interventions['panel']:,} referred to the out-of-court panel",
            f"{sum(awaiting.values()):,} items awaiting oversight ("
            + ", ".join(f"{n:,} {label}" for label, n in awaiting.items())
            + f"); {returned:,} returned for changes",
        ]
        for line in lines:
            self.stdout.write(f"  {line}")

    def print_accounts(self, accounts: list[Account]) -> None:
        if not accounts:
            self.stdout.write("")
            self.stdout.write("No demo staff accounts were found.")
            return
        header = ("Role", "Team", "Username", "Name", "Password")
        rows = [
            (a.role, a.team or "(service-wide)", a.username, a.name, DEMO_PASSWORD)
            for a in accounts
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(
            f"Demo accounts ({len(accounts)}), all with the password {DEMO_PASSWORD!r}:"
        )
        for row in [header, tuple("-" * w for w in widths), *rows]:
            self.stdout.write(
                "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            )

    def print_sign_in(self, url: str, accounts: list[Account]) -> None:
        self.stdout.write("")
        self.stdout.write(f"  ChildFirst is at {url}")
        self.stdout.write(
            f"  Sign in with username {DEMO_USERNAME!r} and password {DEMO_PASSWORD!r}"
        )
        self.stdout.write(f"  (administration: {url}/admin/)")
        first_by_role: dict[str, str] = {}
        for a in accounts:
            first_by_role.setdefault(a.role, a.username)
        if first_by_role:
            self.stdout.write("  or as one of the demo staff, with the same password:")
            for role in Role:
                if role.label in first_by_role:
                    self.stdout.write(f"    {role.label.lower()}: {first_by_role[role.label]!r}")
        self.stdout.write("")
