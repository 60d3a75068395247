"""The demo child's network, the details of each contact, and appointments to come, all
drawn from the child's circumstances (``facts.py``) so that they agree with the rest of
the record:

- **family and carers**: the parents the child's household has (``mum``, ``dad`` or
  both), holding parental responsibility, living with the child while the child lives at
  home; a grandmother where the child has lived with family; the foster carer of a
  child in foster care now. Unaccompanied asylum-seeking children have no family here.
- **addresses**: one for each home the child has had (the family home changes when the
  family moves), the last the only current one;
- **professionals**: a social worker for a child with a care status (from its start, to
  its end), the school or college the child is at now, a solicitor from a child's first
  court case, and the health or substance misuse worker of a child with such a need;
- **contacts**: a time of day, a length fitting the kind of contact, and where, by where
  the child lives on the day;
- **appointments**: the next one or two for each open intervention still in touch, a few
  past ones not recorded yet, a few cancelled.

Phone numbers are in Ofcom's ranges for drama (07700 900xxx, 01632 960xxx), e-mail
addresses at example.org, postcodes of a real shape in no real place.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from childfirst.casework.models import (
    Address,
    Appointment,
    Child,
    Contact,
    FamilyMember,
    HealthEpisode,
    Intervention,
    Professional,
)
from childfirst.demo import names
from childfirst.demo.facts import SCHOOLS, SECURE, WITH_PARENT, Circumstances

STREETS = (
    "Church Road",
    "Station Road",
    "Victoria Street",
    "Mill Lane",
    "Park Avenue",
    "Queens Road",
    "The Crescent",
    "Oak Close",
    "Orchard Way",
    "Hop Garden Lane",
    "Chapel Street",
    "Meadow View",
    "Forge Lane",
    "Windmill Hill",
)
PLACES = {
    "foster": "the foster home",
    "residential": "Elm House residential unit",
    "supported": "Beacon supported lodgings",
    "sch": "Marston Secure Children's Home",
    "stc": "Ashby Secure Training Centre",
    "yoi": "Kingsmead YOI",
}
SOLICITORS = ("Harper and Co Solicitors", "Wealden Youth Law", "Carter Moss Solicitors")
#: Where each kind of contact happens, by where the child lives; None: no place (a call).
DURATIONS = {
    "face_to_face": (30, 90),
    "home_visit": (30, 75),
    "school_visit": (30, 60),
    "in_custody": (45, 120),
    "phone": (5, 20),
    "video": (20, 45),
    "text_or_email": None,
}
CANCELLED = (
    "The child is unwell; rearranged for next week.",
    "A clash with a college interview; rearranged.",
    "The case manager is on leave; a colleague will call instead.",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def phone(rng: random.Random, mobile: bool = True) -> str:
    return (
        f"07700 900{rng.randint(0, 999):03d}" if mobile else f"01632 960{rng.randint(0, 999):03d}"
    )


#: The letters a postcode's last part may use.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(rng: random.Random) -> str:
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"WD{rng.randint(1, 19)} {rng.randint(1, 9)}{letters}"


def street_address(rng: random.Random, district: str) -> str:
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}\n{district}"


def _person(rng: random.Random, pool: str, girl: bool, surname: str = "") -> str:
    given = (names.GIRLS if girl else names.BOYS)[pool]
    return f"{rng.choice(given)} {surname or rng.choice(names.SURNAMES[pool])}"


def make_network(
    child: Child,
    circ: Circumstances,
    pool: str,
    court_from: date | None,
    health: list[HealthEpisode],
    today: date,
    rng: random.Random,
) -> tuple[list[FamilyMember], list[Professional], list[Address]]:
    """The child's family and carers, professionals and addresses (see the module)."""
    home_now = circ.home_on(today)
    family: list[FamilyMember] = []
    if circ.uasc is None:
        at_home = home_now in WITH_PARENT
        parents = []
        if circ.household != "dad":
            parents.append(("Mother", True))
        if circ.household != "mum":
            parents.append(("Father", False))
        for relationship, girl in parents:
            surname = child.last_name if rng.random() < 0.75 else ""
            family.append(
                FamilyMember(
                    child=child,
                    name=_person(rng, pool, girl, surname),
                    relationship=relationship,
                    parental_responsibility=True,
                    lives_with_child=at_home,
                    phone=phone(rng),
                    email="" if rng.random() < 0.6 else f"parent{rng.randint(10, 99)}@example.org",
                )
            )
        if any(code == "family" for _, code in circ.homes):
            family.append(
                FamilyMember(
                    child=child,
                    name=_person(rng, pool, True),
                    relationship="Grandmother",
                    parental_responsibility=False,
                    lives_with_child=home_now == "family",
                    phone=phone(rng, mobile=rng.random() < 0.5),
                )
            )
    if home_now == "foster":
        family.append(
            FamilyMember(
                child=child,
                name=_person(rng, rng.choice(tuple(names.SURNAMES)), True),
                relationship="Foster carer",
                parental_responsibility=False,
                lives_with_child=True,
                phone=phone(rng),
            )
        )

    addresses: list[Address] = []
    moves = sorted({d for d, _ in circ.homes} | set(circ.family_moves))
    earliest = max(child.date_of_birth, date(2000, 1, 1))
    family_home = street_address(rng, child.district)
    for n, start in enumerate(moves):
        code = circ.home_on(start)
        if code in ("parents", "family", "temporary"):
            if start in circ.family_moves or code == "temporary":
                family_home = street_address(rng, child.district)
            where, post = family_home, postcode(rng)
        elif code in PLACES:
            where, post = f"{_cap(PLACES[code])}\n{child.district}", postcode(rng)
        else:
            where, post = street_address(rng, child.district), postcode(rng)
        end = moves[n + 1] - timedelta(days=1) if n + 1 < len(moves) else None
        if end is not None and end < earliest:
            continue
        if addresses and addresses[-1].address == where:
            addresses[-1].end = end
            continue
        addresses.append(
            Address(child=child, address=where, postcode=post, start=max(start, earliest), end=end)
        )

    professionals: list[Professional] = []
    for status, start, end in circ.care:
        if status in ("looked_after", "child_in_need", "child_protection_plan"):
            professionals.append(
                Professional(
                    child=child,
                    role="social_worker",
                    name=_person(rng, rng.choice(tuple(names.SURNAMES)), rng.random() < 0.7),
                    organisation=f"Children's social care, {child.home_local_authority}",
                    phone=phone(rng, mobile=False),
                    email=f"social.work{rng.randint(10, 99)}@example.org",
                    start=max(start, earliest),
                    end=end if end is not None and end < today else None,
                )
            )
    ete_now = circ.ete_on(today) if home_now not in SECURE else ""
    if ete_now in SCHOOLS or ete_now == "college":
        since = max((d for d, code in circ.ete if code == ete_now and d <= today), default=None)
        organisation = (
            f"{child.district} College"
            if ete_now == "college"
            else f"{child.district} Academy"
            if ete_now.startswith("school")
            else f"{child.district} Learning Centre"
        )
        professionals.append(
            Professional(
                child=child,
                role="school",
                name=_person(rng, rng.choice(tuple(names.SURNAMES)), rng.random() < 0.6),
                organisation=organisation,
                phone=phone(rng, mobile=False),
                start=max(since, earliest) if since else None,
            )
        )
    if court_from is not None:
        professionals.append(
            Professional(
                child=child,
                role="solicitor",
                name=_person(rng, rng.choice(tuple(names.SURNAMES)), rng.random() < 0.5),
                organisation=rng.choice(SOLICITORS),
                phone=phone(rng, mobile=False),
                start=max(court_from, earliest),
            )
        )
    for episode in health:
        professionals.append(
            Professional(
                child=child,
                role="health",
                name=_person(rng, rng.choice(tuple(names.SURNAMES)), rng.random() < 0.6),
                organisation="CAMHS"
                if episode.need == "mental_health"
                else "Young people's substance misuse service",
                phone=phone(rng, mobile=False),
                start=max(episode.start, earliest),
                end=episode.end if episode.end is not None and episode.end < today else None,
            )
        )
    return family, professionals, addresses


def contact_details(
    contact: Contact, home: str, school: bool, district: str, rng: random.Random
) -> None:
    """A time of day, how long, and where, fitting the kind of contact and where the
    child lives on the day."""
    kind = contact.kind
    custody = kind == "in_custody"
    hour = rng.choice((10, 11, 13, 14) if custody else (9, 10, 11, 13, 14, 15, 16, 17))
    contact.time = time(hour, rng.choice((0, 15, 30, 45)))
    span = DURATIONS[kind]
    if span is not None:
        low, high = span
        contact.duration_minutes = rng.randrange(low, high + 1, 5)
    if kind == "face_to_face":
        contact.location = f"Youth justice service office, {district}"
    elif kind == "home_visit":
        family = home in WITH_PARENT or home == "family"
        contact.location = (
            "The family home" if family else _cap(PLACES.get(home, "the child's home"))
        )
    elif kind == "school_visit" and school:
        contact.location = f"{district} Academy"
    elif custody:
        contact.location = PLACES.get(home, "The secure establishment")


def make_appointments(
    child: Child,
    iv: Intervention,
    kind_for: str,
    author_id: int,
    district: str,
    today: date,
    rng: random.Random,
) -> list[Appointment]:
    """The next one or two appointments of an open intervention still in touch; now and
    then one from yesterday not recorded yet, or one cancelled."""
    made = []
    day = today + timedelta(days=rng.randint(1, 7))
    for _ in range(rng.choice((1, 1, 2))):
        day = working_day(day)
        made.append(_appointment(child, iv, kind_for, author_id, district, day, rng))
        day += timedelta(days=rng.randint(5, 10))
    r = rng.random()
    if r < 0.08:
        made.append(
            _appointment(
                child,
                iv,
                kind_for,
                author_id,
                district,
                working_day(today - timedelta(days=1), back=True),
                rng,
            )
        )
    elif r < 0.14:
        cancelled = _appointment(
            child, iv, kind_for, author_id, district, working_day(today + timedelta(days=2)), rng
        )
        cancelled.status = "cancelled"
        cancelled.cancellation_reason = rng.choice(CANCELLED)
        made.append(cancelled)
    return [a for a in made if a.date >= iv.start]


def working_day(day: date, *, back: bool = False) -> date:
    """``day``, or the nearest weekday after it (before it, with ``back``)."""
    step = timedelta(days=-1 if back else 1)
    while day.weekday() >= 5:
        day += step
    return day


def _appointment(
    child: Child,
    iv: Intervention,
    kind: str,
    author_id: int,
    district: str,
    day: date,
    rng: random.Random,
) -> Appointment:
    return Appointment(
        child=child,
        intervention=iv,
        date=day,
        time=time(rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 30))),
        duration_minutes=60 if kind != "phone" else 15,
        kind=kind,
        location=f"Youth justice service office, {district}" if kind == "face_to_face" else "",
        created_by_id=author_id,
    )
