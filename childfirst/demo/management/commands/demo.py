"""``childfirst demo``: fill an empty database with a synthetic service and say how to sign in."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, Q

from childfirst.accounts.models import Role
from childfirst.casework.models import Assessment, Child, Intervention, Outcome, Plan, Review
from childfirst.demo.generate import load_demo
from childfirst.demo.progress import ProgressBar
from childfirst.demo.staff import (
    DEMO_EMAIL_DOMAIN,
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
        "children with their records over the last few years. If there are children "
        "already, it adds nothing and prints the sign-in details again. Same seed, same "
        "data. For a local demonstration only: never on a server holding real children's "
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
        password_hash = make_password(DEMO_PASSWORD)

        started = time.perf_counter()
        with transaction.atomic():
            self.set_up_administrator(password_hash)
            existing = Child.objects.count()
            if existing:
                reset = (
                    get_user_model()
                    .objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
                    .update(password=password_hash)
                )
                self.stdout.write(
                    f"The database already has {existing:,} "
                    f"{'child' if existing == 1 else 'children'}: no demo data was added"
                    + (f" (the {reset} demo accounts' passwords were reset)." if reset else ".")
                )
                self.stdout.write(
                    "To load the demo afresh, start from an empty database "
                    "(delete var/childfirst.sqlite3, then make run)."
                )
                accounts = self.existing_accounts()
            else:
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
                accounts = staff.accounts
        elapsed = time.perf_counter() - started

        if not existing:
            self.summarise(elapsed)
        self.print_accounts(accounts)
        self.print_sign_in(options["url"], accounts)

    def set_up_administrator(self, password_hash: str) -> None:
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Administrator"},
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.password = password_hash
        user.save()
        self.stdout.write(f"{'Created' if created else 'Reset'} the demo administrator.")

    def existing_accounts(self) -> list[Account]:
        users = (
            get_user_model()
            .objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
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
