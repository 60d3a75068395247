"""The production server: gunicorn, configured for ChildFirst.

:func:`default_workers` gives gunicorn's own advice for the number of workers (two a
core, and one), :func:`gunicorn_command` the command line ``childfirst serve`` runs, and
:class:`AccessLogger` writes gunicorn's access lines as ChildFirst's JSON log lines.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from typing import Any

from gunicorn import glogging

GUNICORN_CONFIG = "python:childfirst.operations.gunicorn_config"
WSGI_APPLICATION = "childfirst.wsgi:application"


def cores() -> int:
    """The cores this process may run on (its CPU affinity), not all the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """gunicorn's advice: ``2 x cores + 1`` worker processes."""
    return 2 * cores() + 1


def gunicorn_command(
    *,
    bind: str,
    workers: int,
    threads: int,
    timeout: int,
    graceful_timeout: int,
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        GUNICORN_CONFIG,
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(graceful_timeout),
        WSGI_APPLICATION,
    ]


class AccessLogger(glogging.Logger):
    """gunicorn's access line as fields of a JSON log line: method, path (without the
    query string, which may name a child), status, bytes sent, time taken, the client's
    address as the server saw it, and the request's id (from the ``X-Request-ID``
    response header set by ``childfirst.logs.RequestIdMiddleware``), so the line can be
    joined to the application's own lines for the same request."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        with contextlib.suppress(TypeError, ValueError):
            status = int(status)
        headers = {name.lower(): value for name, value in resp.headers}
        duration = request_time if isinstance(request_time, dt.timedelta) else None
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("PATH_INFO", "-")
        extra = {
            "method": method,
            "path": path,
            "status": status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(duration.total_seconds() * 1000, 1) if duration else None,
            "remote_addr": environ.get("REMOTE_ADDR"),
        }
        if "x-request-id" in headers:
            extra["request_id"] = headers["x-request-id"]
        try:
            self.access_log.info("%s %s %s", method, path, status, extra=extra)
        except Exception:
            self.exception("could not write the access line")
