"""Values every page needs: the service name and phase, and which menu items to show."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    roles: set[str] = set()
    if user is not None and user.is_authenticated:
        roles = user.roles
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "nav": {
            "caseload": "practitioner" in roles,
            "team": "team_manager" in roles,
            "performance": bool(
                roles & {"service_manager", "team_manager", "auditor", "board_member"}
            ),
            "audits": bool(roles & {"service_manager", "team_manager", "auditor", "board_member"}),
            "children": bool(
                roles
                & {"practitioner", "team_manager", "service_manager", "auditor", "police_panel"}
            ),
        },
    }
