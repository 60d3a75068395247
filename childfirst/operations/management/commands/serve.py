"""``childfirst serve``: the production web server (gunicorn), with static files."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from childfirst.operations.server import cores, default_workers, gunicorn_command


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Serve ChildFirst in production with gunicorn (docs/operations.md).\n"
        "First collects the static files into the data folder's static/ with hashed, "
        "compressed names (WhiteNoise's manifest storage), unless --no-collectstatic; then "
        "runs gunicorn in this process's place: gthread workers (2 x cores + 1 by "
        "default), keep-alive connections, JSON log lines with an access line per "
        "request on standard error. SIGTERM stops it gracefully: requests in progress "
        "finish first (up to --graceful-timeout seconds). Debug must be off; "
        "'childfirst runserver' is for development."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="HOST:PORT to listen on (default 127.0.0.1:8000: the proxy in front of it "
            "on the same machine); unix:PATH for a socket",
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            default=None,
            help=f"worker processes (default 2 x cores + 1: {default_workers()} here, "
            f"with {cores()} cores)",
        )
        parser.add_argument(
            "--threads", type=_positive, default=4, help="threads in each worker (default 4)"
        )
        parser.add_argument(
            "--timeout",
            type=_positive,
            default=60,
            help="seconds a worker may be silent before it is restarted (default 60)",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=_positive,
            default=30,
            help="seconds requests in progress have to finish on SIGTERM or a restart (default 30)",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="do not collect the static files first (when an upgrade has already run "
            "'childfirst collectstatic' with CHILDFIRST_STATIC_MANIFEST=1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError(
                "childfirst serve runs with debug off: unset CHILDFIRST_DEBUG "
                "('childfirst runserver' is the development server)."
            )
        env = {**os.environ, "CHILDFIRST_STATIC_MANIFEST": "1"}
        if not options["no_collectstatic"]:
            self.stderr.write(f"Collecting static files into {settings.STATIC_ROOT}")
            done = subprocess.run(
                [sys.executable, "-m", "childfirst.cli", "collectstatic", "--no-input", "-v", "0"],
                env=env,
                check=False,
            )
            if done.returncode:
                raise CommandError("collectstatic failed: the server was not started.")
        command = gunicorn_command(
            bind=options["bind"],
            workers=options["workers"] or default_workers(),
            threads=options["threads"],
            timeout=options["timeout"],
            graceful_timeout=options["graceful_timeout"],
        )
        sys.stdout.flush()
        sys.stderr.flush()
        # gunicorn takes this process's place: its pid, its signals (SIGTERM, SIGHUP to
        # reload), its exit status, as a process supervisor (systemd) expects.
        os.execve(command[0], command, env)
