"""``/healthz``: is this server fit to take requests? For a load balancer or monitor.

200 ``{"status": "ok"}`` when the database answers and every migration is applied;
503, saying which check failed, when not. It needs no sign-in, reveals no versions or
data, and is never cached.

:func:`server_error` is the project's 500 handler: when what went wrong is that the
database cannot be reached, the person gets a 503 page saying so (no stack trace, a
``Retry-After``), and the next request after the database is back connects again by
itself (``CONN_HEALTH_CHECKS``).
"""

from __future__ import annotations

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger("childfirst.health")


def _database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health check: the database did not answer")
        return "unreachable"
    return "ok"


def _migrations() -> str:
    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return "applied" if not plan else f"{len(plan)} not applied"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database()
    migrations = _migrations() if database == "ok" else "unknown"
    healthy = database == "ok" and migrations == "applied"
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": database,
            "migrations": migrations,
        },
        status=200 if healthy else 503,
    )


#: What the database driver raises when the server cannot be reached or went away.
UNREACHABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """A 503 page when the database cannot be reached; Django's 500 page otherwise.
    Rendered without a context: nothing on it needs the database."""
    error = sys.exc_info()[1]
    if not isinstance(error, UNREACHABLE):
        return defaults.server_error(request)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
