"""People, their roles and teams, and the log of who viewed which child's record."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    AUDITOR = "auditor", "Quality assurance auditor"
    BOARD_MEMBER = "board_member", "Board member"
    POLICE_PANEL = "police_panel", "Police panel member"
    ADMINISTRATOR = "administrator", "Administrator"


#: Roles held within a team (the others are service-wide).
TEAM_ROLES = frozenset({Role.PRACTITIONER, Role.TEAM_MANAGER})


class Team(models.Model):
    """A locality team of the youth justice service."""

    name = models.CharField(max_length=100, unique=True)
    area = models.CharField(max_length=100, blank=True, help_text="The districts it covers")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff or partner who signs in to ChildFirst."""

    job_title = models.CharField(max_length=100, blank=True)
    must_change_password = models.BooleanField(
        "Must change password at next sign-in",
        default=False,
        help_text="Set by an administrator's temporary password; cleared by a new one.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: str) -> bool:
        return any(a.role in roles for a in self.role_assignments.all())

    @property
    def roles(self) -> set[str]:
        return {a.role for a in self.role_assignments.all()}

    def teams_as(self, *roles: str) -> set[int]:
        """Ids of the teams in which this person holds any of ``roles``."""
        return {
            a.team_id
            for a in self.role_assignments.all()
            if a.role in roles and a.team_id is not None
        }


class RoleAssignment(models.Model):
    """One role held by one person; practitioners and team managers hold it in a team."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="role_assignments"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "team"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(TEAM_ROLES), team__isnull=False)
                    | (~models.Q(role__in=sorted(TEAM_ROLES)) & models.Q(team__isnull=True))
                ),
                name="role_assignment_team_only_for_team_roles",
                violation_error_message="Practitioners and team managers belong to a team; "
                "other roles are service-wide.",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{self.user}: {label}{f' ({self.team})' if self.team else ''}"


class AccessKind(models.TextChoices):
    """What an access-log row records (``accounts.access`` writes every one)."""

    VIEW = "view", "Viewed"
    LIST = "list", "Named in a list"
    EXPORT = "export", "Exported"
    REFUSED = "refused", "Refused"


class TwoFactorEvent(models.Model):
    """Every change to a person's two-factor sign-in, and every recovery code used: who it
    concerns, who did it (the person themselves, or the administrator who reset it) and
    when. Kept as its own log rather than django-simple-history, because the devices
    belong to django-otp and a recovery code used is an event, not a change to a record."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", "Set up two-factor sign-in"
        RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
        RESET = "reset", "Two-factor sign-in reset by an administrator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who did it: the person themselves, or the administrator",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_kind_display()} ({self.actor.username})"


class AccessLog(models.Model):
    """Every sight of a child's record: who, which child, when, which page or export, and
    how (``kind``): the record viewed, the child named in a list, the record exported
    (printed, downloaded), or a refused attempt to open it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_log"
    )
    # Rows about a child go with the child when the record is erased under the retention
    # rule (docs/architecture.md, "Erasure"): a view's path can carry what was searched for.
    child = models.ForeignKey("casework.Child", on_delete=models.CASCADE, related_name="access_log")
    viewed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    path = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=AccessKind.choices, default=AccessKind.VIEW)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [
            models.Index(fields=["child", "-viewed_at"]),
            # The unusual-access rules read one person's rows over a window.
            models.Index(fields=["user", "-viewed_at"]),
        ]

    def __str__(self) -> str:
        # The child by reference and the member of staff by username: the log is read
        # by administrators, who see no child's name.
        verb = {
            AccessKind.LIST: "saw in a list",
            AccessKind.EXPORT: "exported",
            AccessKind.REFUSED: "was refused",
        }.get(self.kind, "viewed")
        return (
            f"{self.user.username} {verb} {self.child.reference} at {self.viewed_at:%Y-%m-%d %H:%M}"
        )
