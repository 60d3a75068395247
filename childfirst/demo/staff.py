"""The demo service's teams and staff: an account for every role, sized for the children.

Every account shares one password, hashed once (hashing is slow on purpose, and a
service of 20,000 children has hundreds of staff). Accounts are marked by an e-mail
address at ``DEMO_EMAIL_DOMAIN`` so a later run can find and list them again.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass

from simple_history.utils import bulk_create_with_history

from childfirst.accounts.groups import administrators_group
from childfirst.accounts.models import Role, RoleAssignment, Team, User
from childfirst.demo import names, texts

DEMO_PASSWORD = "childfirst-demo"
#: Demo staff have e-mail addresses at this reserved, undeliverable domain.
DEMO_EMAIL_DOMAIN = "demo.childfirst.invalid"
HISTORY_REASON = "Demo data"
#: The open caseload a practitioner carries (children with an open intervention), and
#: the share of the demo's children open on the last day (measured: 13-15%).
CASELOAD = 10
OPEN_SHARE = 0.15
#: Practitioners a team manager supervises.
SPAN_OF_CONTROL = 8


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


@dataclass
class Account:
    """One demo sign-in, for the table the command prints."""

    role: str
    team: str
    username: str
    name: str
    job_title: str


SERVICE_WIDE_STAFF: tuple[tuple[str, str], ...] = (
    (Role.SERVICE_MANAGER, "Head of Service"),
    (Role.SERVICE_MANAGER, "Youth Justice Service Manager"),
    (Role.AUDITOR, "Quality assurance lead"),
    (Role.AUDITOR, "Practice development manager"),
    (Role.BOARD_MEMBER, "Director of Children's Services (board chair)"),
    (Role.BOARD_MEMBER, "Chief Superintendent, police"),
    (Role.BOARD_MEMBER, "Head of the probation delivery unit"),
    (Role.BOARD_MEMBER, "Designated nurse, integrated care board"),
    (Role.BOARD_MEMBER, "Head of inclusion, education"),
    (Role.BOARD_MEMBER, "Assistant Director, children's social care"),
    (Role.POLICE_PANEL, "Police sergeant, youth justice team"),
    (Role.POLICE_PANEL, "Police youth justice officer"),
    (Role.POLICE_PANEL, "Police youth justice officer"),
    (Role.ADMINISTRATOR, "Business support manager"),
)


@dataclass
class Staff:
    teams: list[Team]
    districts: list[tuple[str, ...]]
    practitioners: list[list[User]]
    managers: list[list[User]]
    police: list[User]
    accounts: list[Account]


def staff_sizes(children: int) -> tuple[int, int, int]:
    """Teams, practitioners a team and team managers a team for ``children``.

    Three locality teams up to 2,000 children, then one more for every 1,500 or so (up
    to the twelve the demo has names for); practitioners enough for an open caseload of
    about ``CASELOAD`` children each, never fewer than two a team; a team manager for
    every ``SPAN_OF_CONTROL`` practitioners.
    """
    teams = min(len(texts.TEAMS), max(3, round(children / 1500)))
    practitioners = max(2, math.ceil(children * OPEN_SHARE / CASELOAD / teams))
    managers = max(1, math.ceil(practitioners / SPAN_OF_CONTROL))
    return teams, practitioners, managers


def create_staff(seed: int, children: int, password_hash: str) -> Staff:
    """The teams, and an account for every role, sized for ``children``."""
    rng = random.Random(f"{seed}:staff")
    n_teams, n_practitioners, n_managers = staff_sizes(children)
    teams = [
        Team(name=name, area=", ".join(districts)) for name, districts in texts.TEAMS[:n_teams]
    ]
    bulk_create_with_history(teams, Team, default_change_reason=HISTORY_REASON)

    surnames = sorted({s for pool in names.SURNAMES.values() for s in pool})
    taken: set[str] = set(User.objects.values_list("username", flat=True))
    users: list[User] = []
    roles: list[tuple[User, str, Team | None]] = []
    accounts: list[Account] = []

    def person(role: str, job_title: str, team: Team | None) -> User:
        first, last = rng.choice(names.STAFF_FIRST_NAMES), rng.choice(surnames)
        base = ascii_slug(first[0] + last)
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            password=password_hash,
            job_title=job_title,
            is_staff=role == Role.ADMINISTRATOR,
        )
        users.append(user)
        roles.append((user, role, team))
        accounts.append(
            Account(
                Role(role).label, team.name if team else "", username, f"{first} {last}", job_title
            )
        )
        return user

    managers: list[list[User]] = []
    practitioners: list[list[User]] = []
    for team in teams:
        managers.append(
            [person(Role.TEAM_MANAGER, "Team manager", team) for _ in range(n_managers)]
        )
        practitioners.append(
            [
                person(
                    Role.PRACTITIONER,
                    "Senior youth justice practitioner"
                    if k % 3 == 0
                    else "Youth justice practitioner",
                    team,
                )
                for k in range(n_practitioners)
            ]
        )
    police = []
    for role, job_title in SERVICE_WIDE_STAFF:
        user = person(role, job_title, None)
        if role == Role.POLICE_PANEL:
            police.append(user)
    bulk_create_with_history(users, User, default_change_reason=HISTORY_REASON)
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=role, team=team) for user, role, team in roles
    )
    administrators_group().user_set.add(
        *(user for user, role, _ in roles if role == Role.ADMINISTRATOR)
    )
    return Staff(
        teams=teams,
        districts=[districts for _, districts in texts.TEAMS[:n_teams]],
        practitioners=practitioners,
        managers=managers,
        police=police,
        accounts=accounts,
    )
