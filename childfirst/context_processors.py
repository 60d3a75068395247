"""Values every page needs: the service name and phase, and which menu items to show."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from childfirst.accounts.models import Role
from childfirst.accounts.permissions import (
    AUDIT_READERS,
    CHILD_RECORD_ROLES,
    PERFORMANCE_READERS,
)


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles: set[str] = set()
    if user is not None and user.is_authenticated:
        roles = user.roles
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "demo_mode": settings.CHILDFIRST_DEMO,
        "nav": {
            "caseload": Role.PRACTITIONER in roles,
            "team": Role.TEAM_MANAGER in roles,
            "performance": bool(roles & set(PERFORMANCE_READERS)),
            "audits": bool(roles & set(AUDIT_READERS)),
            "children": bool(roles & set(CHILD_RECORD_ROLES)),
            "panel": Role.POLICE_PANEL in roles,
        },
    }
