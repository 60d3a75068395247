"""factory-boy factories for casework tests: teams, staff with roles, children and
everything recorded about them. Reference data (offence and outcome types and so
on) comes from migration 0002, so these look it up by code.

    practitioner = UserFactory(roles=[(Role.PRACTITIONER, team)])
    outcome = OutcomeFactory(child=child, code="youth-caution", offences=[offence])
    assessment = AssessmentFactory(child=child)  # with its three pillar analyses
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory, Password

from childfirst.accounts.models import Role, RoleAssignment, Team, User
from childfirst.casework.models import (
    AccommodationEpisode,
    AccommodationType,
    Address,
    Appointment,
    Assessment,
    CareEpisode,
    CareStatus,
    Child,
    Contact,
    ContactKind,
    ContactOutcome,
    EnforcementAction,
    EnforcementKind,
    EteEpisode,
    EteProvisionType,
    FamilyMember,
    HealthEpisode,
    HealthNeed,
    Intervention,
    Offence,
    OffenceType,
    Outcome,
    OutcomeType,
    Oversight,
    OversightDecision,
    PillarAnalysis,
    Plan,
    Professional,
    ProfessionalRole,
    Review,
    ReviewTrigger,
    SendRecord,
    Sex,
    Suitability,
    Victim,
)
from childfirst.domain.pillars import Pillar

PASSWORD = "a-long-test-passphrase-42"


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    area = "Test district"


class UserFactory(DjangoModelFactory):
    """A member of staff. ``roles=[(Role.PRACTITIONER, team), (Role.AUDITOR, None)]``."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Sam{n}")
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    job_title = "Youth justice worker"
    password = Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[tuple[str, Team | None]] | None, **kwargs):
        for role, team in extracted or []:
            RoleAssignment.objects.create(user=self, role=role, team=team)


def practitioner_of(team: Team, **kwargs) -> User:
    return UserFactory(roles=[(Role.PRACTITIONER, team)], **kwargs)


def manager_of(team: Team, **kwargs) -> User:
    return UserFactory(roles=[(Role.TEAM_MANAGER, team)], **kwargs)


class ChildFactory(DjangoModelFactory):
    class Meta:
        model = Child
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CF-T{n:05d}")  # never a number create_child would pick
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = factory.Sequence(lambda n: f"Child{n}")
    date_of_birth = dt.date(2008, 5, 17)
    sex = Sex.MALE
    home_local_authority = "Kent"
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def restricted_to(self, create: bool, extracted: list[User] | None, **kwargs):
        if extracted:
            self.restricted_to.set(extracted)


class OffenceFactory(DjangoModelFactory):
    class Meta:
        model = Offence

    class Params:
        code = "theft"

    child = factory.SubFactory(ChildFactory)
    date = dt.date(2024, 1, 10)
    offence_type = factory.LazyAttribute(lambda o: OffenceType.objects.get(code=o.code))


class OutcomeFactory(DjangoModelFactory):
    """``code`` picks the outcome type from the reference data; ``offences`` links them."""

    class Meta:
        model = Outcome
        skip_postgeneration_save = True

    class Params:
        code = "referral-order"

    child = factory.SubFactory(ChildFactory)
    date = dt.date(2024, 3, 1)
    outcome_type = factory.LazyAttribute(lambda o: OutcomeType.objects.get(code=o.code))

    @factory.post_generation
    def offences(self, create: bool, extracted: list[Offence] | None, **kwargs):
        if extracted:
            self.offences.set(extracted)


class InterventionFactory(DjangoModelFactory):
    """The case manager is a practitioner of the child's team unless given."""

    class Meta:
        model = Intervention

    child = factory.SubFactory(ChildFactory)
    outcome = None
    start = dt.date(2024, 3, 1)
    team = factory.LazyAttribute(lambda i: i.child.team)
    case_manager = factory.LazyAttribute(lambda i: practitioner_of(i.child.team))


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    child = factory.SubFactory(ChildFactory)
    intervention = None
    date = dt.date(2024, 4, 1)
    kind = ContactKind.FACE_TO_FACE
    outcome = ContactOutcome.ATTENDED
    notes = ""
    recorded_by = factory.SubFactory(UserFactory)


class AppointmentFactory(DjangoModelFactory):
    """A home visit planned a week from today at 10:00, for an hour."""

    class Meta:
        model = Appointment

    child = factory.SubFactory(ChildFactory)
    intervention = None
    date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    time = dt.time(10, 0)
    duration_minutes = 60
    kind = ContactKind.HOME_VISIT
    location = "At home"
    created_by = factory.SubFactory(UserFactory)


class FamilyMemberFactory(DjangoModelFactory):
    class Meta:
        model = FamilyMember

    child = factory.SubFactory(ChildFactory)
    name = factory.Sequence(lambda n: f"Sarah Parent{n}")
    relationship = "Mother"
    parental_responsibility = True
    lives_with_child = True


class ProfessionalFactory(DjangoModelFactory):
    class Meta:
        model = Professional

    child = factory.SubFactory(ChildFactory)
    role = ProfessionalRole.SOCIAL_WORKER
    name = factory.Sequence(lambda n: f"Dan Worker{n}")
    organisation = "Children's social care"


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    child = factory.SubFactory(ChildFactory)
    address = "12 High Street\nAshford"
    postcode = "TN23 1AA"
    start = dt.date(2020, 1, 1)


class EnforcementActionFactory(DjangoModelFactory):
    class Meta:
        model = EnforcementAction

    contact = factory.SubFactory(ContactFactory, outcome=ContactOutcome.DID_NOT_ATTEND)
    kind = EnforcementKind.WARNING
    date = factory.LazyAttribute(lambda e: e.contact.date)


class VictimFactory(DjangoModelFactory):
    class Meta:
        model = Victim
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    name = factory.Sequence(lambda n: f"Victim {n}")

    @factory.post_generation
    def offences(self, create: bool, extracted: list[Offence] | None, **kwargs):
        if extracted:
            self.offences.set(extracted)


class CareEpisodeFactory(DjangoModelFactory):
    class Meta:
        model = CareEpisode

    child = factory.SubFactory(ChildFactory)
    status = CareStatus.CHILD_IN_NEED
    start = dt.date(2023, 6, 1)


class AccommodationEpisodeFactory(DjangoModelFactory):
    class Meta:
        model = AccommodationEpisode

    class Params:
        code = "parents"

    child = factory.SubFactory(ChildFactory)
    accommodation_type = factory.LazyAttribute(lambda a: AccommodationType.objects.get(code=a.code))
    suitability = Suitability.SUITABLE
    start = dt.date(2023, 6, 1)


class EteEpisodeFactory(DjangoModelFactory):
    class Meta:
        model = EteEpisode

    child = factory.SubFactory(ChildFactory)
    provision_type = factory.LazyFunction(
        lambda: EteProvisionType.objects.order_by("order").first()
    )
    suitability = Suitability.SUITABLE
    hours_offered = 25
    hours_attended = 20
    start = dt.date(2023, 9, 1)


class SendRecordFactory(DjangoModelFactory):
    class Meta:
        model = SendRecord

    child = factory.SubFactory(ChildFactory)
    academic_year = 2023
    need_identified = False


class HealthEpisodeFactory(DjangoModelFactory):
    class Meta:
        model = HealthEpisode

    child = factory.SubFactory(ChildFactory)
    need = HealthNeed.MENTAL_HEALTH
    start = dt.date(2023, 9, 1)


class AssessmentFactory(DjangoModelFactory):
    """An AssetPlus assessment with an analysis for each of the three pillars."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    child = factory.SubFactory(ChildFactory)
    author = factory.SubFactory(UserFactory)
    kind = "assetplus"
    started = dt.date(2024, 3, 10)
    likelihood_of_reoffending = "medium"
    risk_of_serious_harm = "low"
    safety_and_wellbeing = "medium"

    @factory.post_generation
    def pillars(self, create: bool, extracted: dict[str, str] | None, **kwargs):
        """``pillars={"risk_of_harm": "analysis text"}`` overrides the default analyses."""
        texts = extracted or {}
        for pillar in Pillar:
            PillarAnalysis.objects.create(
                assessment=self,
                pillar=pillar.value,
                analysis=texts.get(pillar.value, f"Analysis of {pillar.label.lower()}."),
            )


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    child = factory.SubFactory(ChildFactory)
    author = factory.SubFactory(UserFactory)
    child_version = "I will go to college and see my worker every week."


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    child = factory.SubFactory(ChildFactory)
    author = factory.SubFactory(UserFactory)
    date = dt.date(2024, 6, 1)
    trigger = ReviewTrigger.SCHEDULED


class OversightFactory(DjangoModelFactory):
    """A countersignature on an assessment (pass ``plan=`` or ``review=`` instead)."""

    class Meta:
        model = Oversight

    assessment = factory.SubFactory(AssessmentFactory)
    decision = OversightDecision.COUNTERSIGNED
    manager = factory.SubFactory(UserFactory)
