"""The child's network: family and carers, the professionals around the child, and the
addresses the child has lived at.

People leave the network rather than being deleted: each person has the date they were
no longer involved, and each address the date the child moved out, so the record keeps
who was there when. Every change keeps its history (django-simple-history).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from childfirst.casework.bounds import DateCheck
from childfirst.casework.models.records import Child

PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
POSTCODE_MESSAGE = "Enter a real postcode, like TN23 1AA"

_PHONE_CHARACTERS = re.compile(r"^[0-9 +()\-]+$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def tidy_postcode(typed: str) -> str | None:
    """A UK postcode in its usual form (``tn231aa`` is ``TN23 1AA``), or None if what was
    typed cannot be one. The shape only (the Royal Mail's outward and inward codes):
    whether the postcode exists is not checked."""
    squeezed = "".join(typed.split()).upper()
    if not _POSTCODE.match(squeezed):
        return None
    return f"{squeezed[:-3]} {squeezed[-3:]}"


def phone_problem(typed: str) -> str:
    """Why ``typed`` is not a telephone number, or "" if it may be one: digits, spaces,
    brackets, dashes and a leading plus, with 10 to 15 digits (UK numbers have 10 or 11,
    international ones up to 15)."""
    if not typed:
        return ""
    digits = sum(c.isdigit() for c in typed)
    if not _PHONE_CHARACTERS.match(typed) or not 10 <= digits <= 15:
        return PHONE_MESSAGE
    return ""


ENDED = "date they stopped being involved"
STARTED = "date they became involved"


def _child_of(record: Any) -> Child | None:
    return record.child if getattr(record, "child_id", None) else None


class NetworkPerson(models.Model):
    """What family members, carers and professionals share: how to reach them, and when
    they stopped being involved."""

    name = models.CharField(max_length=150)
    phone = models.CharField("Phone", max_length=30, blank=True)
    email = models.EmailField("Email", blank=True, error_messages={"invalid": EMAIL_MESSAGE})
    notes = models.TextField(blank=True)
    end = models.DateField(
        "No longer involved from",
        null=True,
        blank=True,
        help_text="Leave blank while they are involved",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def involved(self) -> bool:
        return self.end is None

    def clean(self) -> None:
        check = DateCheck()
        self.check_dates(check)
        problem = phone_problem(self.phone.strip())
        if problem:
            check.refuse("phone", problem)
        self.phone = " ".join(self.phone.split())
        check.raise_if_any()

    def check_dates(self, check: DateCheck) -> None:
        check.plausible("end", ENDED, self.end)
        check.in_the_childs_life("end", ENDED, self.end, _child_of(self))


class FamilyMember(NetworkPerson):
    """A member of the child's family, or a carer: who holds parental responsibility, and
    who the child lives with."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family")
    relationship = models.CharField(
        "Relationship to the child",
        max_length=100,
        help_text="For example, mother, grandfather, foster carer",
    )
    parental_responsibility = models.BooleanField(
        "Holds parental responsibility", null=True, blank=True
    )
    lives_with_child = models.BooleanField("Lives with the child", default=False)
    address = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "family member or carer"
        verbose_name_plural = "family and carers"

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})" if self.relationship else self.name


class ProfessionalRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    SCHOOL = "school", "School or college"
    HEALTH = "health", "Health"
    SOLICITOR = "solicitor", "Solicitor"
    POLICE = "police", "Police"
    OTHER = "other", "Other"


class Professional(NetworkPerson):
    """Someone working with the child for another service: a social worker, the school or
    college, health, a solicitor, the police."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="professionals")
    role = models.CharField(max_length=20, choices=ProfessionalRole.choices)
    organisation = models.CharField(max_length=150, blank=True)
    start = models.DateField("Involved since", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display().lower()})"

    def check_dates(self, check: DateCheck) -> None:
        check.plausible("start", STARTED, self.start)
        check.in_the_childs_life("start", STARTED, self.start, _child_of(self))
        super().check_dates(check)
        if self.start and self.end and self.end < self.start:
            check.refuse("end", f"The {ENDED} must be on or after the {STARTED}")


class Address(models.Model):
    """An address the child lived at, from the day they moved in until the day they moved
    out (no end: the current address)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    address = models.TextField()
    postcode = models.CharField(max_length=10, blank=True)
    start = models.DateField("Moved in")
    end = models.DateField("Moved out", null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        first_line = self.address.strip().splitlines()[0] if self.address.strip() else ""
        return ", ".join(part for part in (first_line, self.postcode) if part)

    @property
    def current(self) -> bool:
        return self.end is None

    def clean(self) -> None:
        check = DateCheck()
        child = _child_of(self)
        check.happened("start", "date the child moved in", self.start)
        check.in_the_childs_life("start", "date the child moved in", self.start, child)
        check.plausible("end", "date the child moved out", self.end)
        check.in_the_childs_life("end", "date the child moved out", self.end, child)
        if self.start and self.end and self.end < self.start:
            check.refuse(
                "end", "The date the child moved out must be on or after the date they moved in"
            )
        if self.postcode.strip():
            postcode = tidy_postcode(self.postcode)
            if postcode is None:
                check.refuse("postcode", POSTCODE_MESSAGE)
            else:
                self.postcode = postcode
        check.raise_if_any()
        if not self.address.strip():
            raise ValidationError({"address": "Enter the address"})


__all__ = [
    "Address",
    "FamilyMember",
    "NetworkPerson",
    "Professional",
    "ProfessionalRole",
    "phone_problem",
    "tidy_postcode",
]
