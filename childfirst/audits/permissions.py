"""Who may do what with audits, decided on the server.

- Quality assurance auditors and service managers run audits: create them, see every
  audit's sample, moderation and full results. Within an audit, only its lead auditor
  redraws or fixes the sample, allocates cases, settles disagreements and rates
  judgement standards; only the person a case is allocated to answers it.
- Team managers see results for their teams' children only (the key-question tables
  and ratings worked out from those cases), never other teams' cases.
- Board members see the ratings summary only: no key questions, no cases.
- Everyone else (practitioners, the police panel, administrators): nothing.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from childfirst.accounts.models import Role
from childfirst.accounts.permissions import (
    AUDIT_RUNNERS,
    AnyUser,
    has_any_role,
    is_signed_in,
    roles_required,
)

if TYPE_CHECKING:
    from childfirst.audits.models import Audit, AuditCase

#: The view decorator for pages only auditors and service managers open.
runs_audits = roles_required(
    *AUDIT_RUNNERS, message="Only auditors and service managers run audits"
)


class Scope(StrEnum):
    FULL = "full"
    TEAMS = "teams"
    SUMMARY = "summary"


def can_run(user: AnyUser) -> bool:
    return has_any_role(user, AUDIT_RUNNERS)


def is_lead(audit: Audit, user: AnyUser) -> bool:
    return bool(audit.lead_id == user.pk)


def part_in_case(case: AuditCase, user: AnyUser) -> bool | None:
    """``False`` for the case's auditor, ``True`` for its moderator, None for anyone else."""
    if case.auditor_id == user.pk:
        return False
    if case.moderator_id == user.pk:
        return True
    return None


def results_scope(user: AnyUser) -> Scope | None:
    """How much of an audit's results ``user`` may see (None: nothing)."""
    if not is_signed_in(user):
        return None
    if user.has_role(*AUDIT_RUNNERS):
        return Scope.FULL
    if user.has_role(Role.TEAM_MANAGER):
        return Scope.TEAMS
    if user.has_role(Role.BOARD_MEMBER):
        return Scope.SUMMARY
    return None
