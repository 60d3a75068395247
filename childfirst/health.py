"""``/healthz``: is this server fit to take requests? For a load balancer or monitor.

200 ``{"status": "ok"}`` when the database answers and every migration is applied;
503, saying which check failed, when not. It needs no sign-in, reveals no versions or
data, and is never cached.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
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
