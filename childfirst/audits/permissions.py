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
from typing import Any

from childfirst.accounts.models import Role

RUN_ROLES = (Role.AUDITOR, Role.SERVICE_MANAGER)
RESULT_ROLES = (*RUN_ROLES, Role.TEAM_MANAGER, Role.BOARD_MEMBER)


class Scope(StrEnum):
    FULL = "full"
    TEAMS = "teams"
    SUMMARY = "summary"


def can_run(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*RUN_ROLES))


def results_scope(user: Any) -> Scope | None:
    """How much of an audit's results ``user`` may see (None: nothing)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.has_role(*RUN_ROLES):
        return Scope.FULL
    if user.has_role(Role.TEAM_MANAGER):
        return Scope.TEAMS
    if user.has_role(Role.BOARD_MEMBER):
        return Scope.SUMMARY
    return None
