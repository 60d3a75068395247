"""gunicorn's configuration for ``childfirst serve`` (read with ``-c python:`` this module).

``childfirst serve`` passes the bind address, workers, threads and timeouts on gunicorn's
command line, which takes precedence over the values here; what is here is what does not
change between services:

* **gthread workers**: each worker process runs a few threads, so a slow page (a KPI
  dashboard) does not hold up everyone behind it in that worker, and connections can
  be kept alive (gunicorn's sync worker closes every connection after one response).
* **keep-alive longer than any proxy's idle timeout**: a kept-alive connection is
  closed by the client or proxy side first, never by us just as the next request is on
  its way (that race is what drops requests under load). 75 s is above the common
  proxy defaults of 60 s (nginx's ``keepalive_timeout`` upstream, cloud load balancers).
* **logs as JSON lines** through ChildFirst's formatter (``childfirst/logs.py``), on
  standard error, with an access line per request (:class:`~childfirst.operations.
  server.AccessLogger`); ``CHILDFIRST_LOG_FORMAT=text`` for lines read by eye.
* **no server banner**: the ``Server`` header names no software or version.
"""

from __future__ import annotations

import os

import gunicorn.http.wsgi

worker_class = "gthread"
keepalive = 75
# Workers are not restarted after a number of requests: a restart closes the
# connections a worker holds, and ChildFirst has no leak to contain.
max_requests = 0
logger_class = "childfirst.operations.server.AccessLogger"
accesslog = "-"
errorlog = "-"
capture_output = False

_FORMAT = os.environ.get("CHILDFIRST_LOG_FORMAT", "json")
_HANDLER = {"class": "logging.StreamHandler", "formatter": _FORMAT, "stream": "ext://sys.stderr"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "childfirst.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": _HANDLER, "error_console": _HANDLER},
    "root": {"level": "WARNING", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}

# gunicorn names itself and its version in every response's Server header; the header
# stays (HTTP expects it) but says only the service. gunicorn has no setting for it.
gunicorn.http.wsgi.SERVER = "ChildFirst"

# gunicorn 24+ opens a control socket in the home folder by default; ChildFirst is managed
# with signals (TERM to stop, HUP to reload) by its supervisor, and two servers on one
# machine would share the one path.
control_socket_disable = True
