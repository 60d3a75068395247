"""``childfirst serve``: gunicorn with ChildFirst's static files and logs (issue 12, item 18).

The test runs the command as a service would, in its own process with debug off, on a
spare port and a database of its own: ``/healthz`` answers, a page's stylesheet is served
under its hashed name, connections are kept alive, access lines are JSON with the request's
id, and SIGTERM stops the server cleanly.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from childfirst.operations import server

ROOT = Path(__file__).resolve().parents[2]


def spare_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_workers_are_two_a_core_and_one():
    with mock.patch.object(server.os, "sched_getaffinity", return_value={0, 1, 2}):
        assert server.default_workers() == 7


def test_serve_refuses_to_run_with_debug_on(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="debug off"):
        call_command("serve", "--no-collectstatic")


@pytest.fixture
def served(tmp_path: Path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CHILDFIRST_", "DATABASE_URL"))
    }
    env.update(
        PYTHONPATH=str(ROOT),
        CHILDFIRST_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        CHILDFIRST_HTTPS="0",  # plain HTTP on loopback, as behind a proxy
    )
    cli = [sys.executable, "-m", "childfirst.cli"]
    subprocess.run([*cli, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=300)
    port = spare_port()
    stderr = (tmp_path / "stderr").open("w")
    process = subprocess.Popen(
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    try:
        deadline = time.monotonic() + 240  # collectstatic compresses every file first
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail((tmp_path / "stderr").read_text())
                time.sleep(0.5)
        yield process, port, tmp_path / "stderr"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        stderr.close()


def test_serve_answers_serves_hashed_static_files_logs_json_and_stops_on_sigterm(served):
    process, port, stderr = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    connection.request("GET", "/healthz")
    health = connection.getresponse()
    body = json.loads(health.read())
    assert health.status == 200, body
    assert body["status"] == "ok"
    assert "gunicorn" not in (health.getheader("Server") or "").lower()
    assert health.getheader("Connection", "").lower() != "close"
    request_id = health.getheader("X-Request-ID")

    # The same connection, kept alive, serves the next requests.
    connection.request("GET", "/sign-in/")
    page = connection.getresponse()
    html = page.read().decode()
    assert page.status == 200
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the sign-in page links no stylesheet with a hashed name"
    connection.request("GET", stylesheet.group(1))
    asset = connection.getresponse()
    assert asset.status == 200
    assert asset.getheader("Content-Type", "").startswith("text/css")
    assert "immutable" in asset.getheader("Cache-Control", "")
    assert len(asset.read()) > 1000
    connection.close()

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    lines = [json.loads(line) for line in stderr.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    healthz = next(line for line in access if line["path"] == "/healthz")
    assert healthz["status"] == 200
    assert healthz["method"] == "GET"
    assert healthz["request_id"] == request_id
    assert any(line["path"] == stylesheet.group(1) for line in access)
    assert any("Shutting down" in line["message"] for line in lines)
