"""Log lines an operator's tools can read: one JSON object a line, each with the id of
the request it belongs to.

:class:`RequestIdMiddleware` gives every request an id (the proxy's ``X-Request-ID``
when it sends a well-formed one, else a new one), returns it in the response's
``X-Request-ID`` header, keeps it for every log line written while the request runs, and
writes one line when the request ends: method, path (without its query, which may name
a child), status, time taken and the member of staff's id. :class:`JsonFormatter` writes
each record as JSON. Written here rather than taken from a library: the standard
``logging`` module does all but the shape of the line, which is a few lines of code.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

#: The id of the request being handled, for every line logged while it runs.
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

#: A request id we accept from the proxy: letters, digits, dashes, 8 to 64 of them.
WELL_FORMED = re.compile(r"^[A-Za-z0-9-]{8,64}$")

requests_log = logging.getLogger("childfirst.request")

#: The attributes every log record has; anything else given as ``extra`` is logged too.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time (UTC, ISO 8601), level, logger, message,
    the request id, anything passed as ``extra``, and the exception if there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if rid := request_id.get():
            line["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class RequestIdMiddleware:
    """Every request gets an id, returned in ``X-Request-ID`` and on every log line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if WELL_FORMED.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            requests_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)
