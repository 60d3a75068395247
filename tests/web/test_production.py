"""Production security is the default whenever debug is off (issue 12, finding 8).

Each test runs ChildFirst in a subprocess with an environment of its own, as a
service's deployment would: the suite's own settings (``tests/settings.py``) choose
plain http, and must not leak in here.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET = "a-production-secret-key-that-is-long-and-random-" + "x7Qp2" * 8


def production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The documented production settings: a secret key, the service's host name, debug
    off; nothing else of ChildFirst's (nor the suite's CHILDFIRST_HTTPS=0)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHILDFIRST_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return {
        **env,
        "PYTHONPATH": str(ROOT),
        "CHILDFIRST_SECRET_KEY": SECRET,
        "CHILDFIRST_ALLOWED_HOSTS": "childfirst.example.gov.uk",
        "CHILDFIRST_DATA_DIR": str(data_dir),
        **extra,
    }


def childfirst(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "childfirst.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT")}))
"""


def settings_under(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        env={**env, "DJANGO_SETTINGS_MODULE": "childfirst.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_under_the_documented_production_settings(tmp_path):
    done = childfirst(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_without_the_secure_defaults_check_deploy_would_warn(tmp_path):
    """The opt-out really is what the secure defaults guard against."""
    done = childfirst(
        production_env(tmp_path, CHILDFIRST_HTTPS="0"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr + done.stdout


def test_secure_settings_are_the_default_whenever_debug_is_off(tmp_path):
    secure = settings_under(production_env(tmp_path))
    assert secure["DEBUG"] is False
    assert secure["SECURE_SSL_REDIRECT"] is True
    assert secure["SESSION_COOKIE_SECURE"] is True and secure["CSRF_COOKIE_SECURE"] is True
    assert secure["SECURE_HSTS_SECONDS"] == 31_536_000
    assert secure["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    # No proxy's header is trusted unless a setting names it.
    assert secure["SECURE_PROXY_SSL_HEADER"] is None
    # A load balancer's plain-http health probe still reaches /healthz.
    assert secure["SECURE_REDIRECT_EXEMPT"] == ["^healthz$"]


@pytest.mark.parametrize(
    "extra", [{"CHILDFIRST_HTTPS": "0"}, {"CHILDFIRST_DEBUG": "1"}], ids=["opt-out", "debug"]
)
def test_the_opt_out_and_debug_turn_them_off(tmp_path, extra):
    plain = settings_under(production_env(tmp_path, **extra))
    assert plain["SECURE_SSL_REDIRECT"] is False
    assert plain["SESSION_COOKIE_SECURE"] is False and plain["SECURE_HSTS_SECONDS"] == 0


def test_a_proxys_https_header_is_trusted_only_when_named(tmp_path):
    named = settings_under(
        production_env(tmp_path, CHILDFIRST_PROXY_HTTPS_HEADER="X-Forwarded-Proto")
    )
    assert named["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_is_0700_and_the_sqlite_database_0600(tmp_path):
    data = tmp_path / "var"
    done = childfirst(production_env(data), "migrate", "--no-input", "-v", "0")
    assert done.returncode == 0, done.stderr
    database = data / "childfirst.sqlite3"
    assert mode(data) == 0o700
    assert mode(database) == 0o600
    assert database.stat().st_size > 0  # the tables are in it: the file SQLite used
