"""Values every page needs: the service name and phase for the GOV.UK header."""

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, str]:
    return {"service_name": settings.SERVICE_NAME, "service_phase": settings.SERVICE_PHASE}
