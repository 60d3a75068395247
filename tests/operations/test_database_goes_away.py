"""When PostgreSQL goes away, people see a clear page, and the service recovers by itself
when it returns (issue 12, item 20).

The test starts its own PostgreSQL server (Debian's ``initdb`` and ``pg_ctl``) on a spare
port, migrates a database there, and runs ChildFirst against it in its own process, with
debug off, as a service runs it. It stops the database server: a page that needs the
database answers 503 with the "service is unavailable" page and no stack trace, and
``/healthz`` says the database is unreachable. It starts the server again: the same page
and ``/healthz`` work again, with no restart of ChildFirst.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
pytestmark = pytest.mark.skipif(
    not BIN, reason="needs PostgreSQL's server programs (Debian's postgresql package)"
)
ROOT = Path(__file__).resolve().parents[2]


def spare_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(*command: str) -> list[str]:
    """PostgreSQL's server refuses to run as root: run it as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


class Postgres:
    def __init__(self, folder: Path) -> None:
        self.data = folder / "data"
        self.port = spare_port()
        self.bin = Path(BIN[-1])

    def run(self, *args: str) -> None:
        # No pipes: the server pg_ctl starts would hold them open, and wait would hang.
        subprocess.run(
            as_postgres(*args),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def create(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "postgres")
            shutil.chown(self.data, "postgres")
        self.run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        log = str(self.data.parent / "server.log")
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", log, "-o", options, "-w", "start"
        )

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    # Not under pytest's own temporary folder: that is private to the user running the
    # tests, and the server runs as the postgres user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="childfirst-pg-"))
    os.chmod(folder, 0o755)
    server = Postgres(folder)
    try:
        server.create()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()  # unless stopped already, or never started
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def childfirst(postgres: Postgres, tmp_path: Path) -> Iterator[str]:
    """ChildFirst serving on a spare port against the test's own PostgreSQL, debug off."""
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "CHILDFIRST_DATA_DIR": str(tmp_path),
        "CHILDFIRST_DEBUG": "",
        # Plain http on loopback: the documented opt-out of the production defaults.
        "CHILDFIRST_HTTPS": "0",
        "CHILDFIRST_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "childfirst.settings",
    }
    manage = [sys.executable, "-m", "django"]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, timeout=300, cwd=ROOT)
    port = spare_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def sign_in_attempt(base: str) -> tuple[int, str]:
    """A sign-in, which needs the database to look the person up."""
    # Django's CSRF check comes first; a test client sends no cookie, so ask the page
    # for one, as a browser would.
    with urllib.request.urlopen(f"{base}/sign-in/", timeout=10) as page:
        cookie = page.headers["Set-Cookie"].split(";")[0]
        token = cookie.split("=", 1)[1]
    request = urllib.request.Request(
        f"{base}/sign-in/",
        data=urllib.parse.urlencode(
            {"username": "nobody", "password": "x", "csrfmiddlewaretoken": token}
        ).encode(),
        headers={"Cookie": cookie, "Referer": f"{base}/sign-in/"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_service_says_so_while_the_database_is_away_and_recovers(postgres, childfirst):
    assert get(f"{childfirst}/healthz") == (
        200,
        '{"status": "ok", "database": "ok", "migrations": "applied"}',
    )
    status, page = sign_in_attempt(childfirst)
    assert status == 200 and "Sorry, the service is unavailable" not in page

    postgres.stop()
    status, page = sign_in_attempt(childfirst)
    assert status == 503
    assert "Sorry, the service is unavailable" in page
    assert "Traceback" not in page and "OperationalError" not in page
    status, body = get(f"{childfirst}/healthz")
    assert (status, '"database": "unreachable"' in body) == (503, True)

    postgres.start()
    status, body = get(f"{childfirst}/healthz")
    assert status == 200, body
    status, page = sign_in_attempt(childfirst)
    assert status == 200 and "Sorry, the service is unavailable" not in page
