"""``/healthz`` and the JSON log lines with a request id (issue 12, item 19)."""

from __future__ import annotations

import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError

from childfirst.logs import JsonFormatter, request_id
from tests.casework.conftest import sign_in
from tests.casework.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_healthy_server_says_so_without_a_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_an_unreachable_database_is_a_503(client):
    with mock.patch("childfirst.health.connections") as connections:
        connections.__getitem__.return_value.cursor.side_effect = OperationalError("gone")
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "migrations": "unknown",
    }


def test_migrations_not_applied_are_a_503(client):
    with mock.patch("childfirst.health.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = [("m1", False), ("m2", False)]
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "2 not applied"


def test_health_answers_get_only(client):
    assert client.post("/healthz").status_code == 405


class Lines(logging.Handler):
    """Collects what the JSON formatter makes of each record."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger("childfirst")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_has_an_id_in_its_response_and_its_log_line(client, lines):
    user = UserFactory()
    response = sign_in(client, user).get("/?child=CF-000123")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    line = next(line for line in lines if line["logger"] == "childfirst.request")
    assert line["request_id"] == rid
    assert (line["method"], line["path"], line["status"], line["user_id"]) == (
        "GET",
        "/",
        200,
        user.pk,
    )
    assert line["level"] == "INFO" and line["duration_ms"] >= 0
    assert "CF-000123" not in json.dumps(line)  # the query string is never logged
    assert line["time"].endswith("+00:00")


def test_the_proxys_request_id_is_kept_if_well_formed(client, lines):
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123-def-456")
    assert kept["X-Request-ID"] == "abc-123-def-456"
    odd = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert odd["X-Request-ID"] != "<script>alert(1)</script>" and len(odd["X-Request-ID"]) == 32
    assert [line["request_id"] for line in lines] == ["abc-123-def-456", odd["X-Request-ID"]]


def test_every_line_logged_during_a_request_carries_its_id(client, lines):
    def view_logs(*args, **kwargs):
        logging.getLogger("childfirst.health").warning("inside the request")
        return "ok"

    with mock.patch("childfirst.health._database", side_effect=view_logs):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="request-id-0001")
    inside = next(line for line in lines if line["message"] == "inside the request")
    assert inside["request_id"] == "request-id-0001" == response["X-Request-ID"]
    assert request_id.get() == ""  # and none is left behind after it


def test_an_exception_is_logged_with_its_traceback():
    formatter = JsonFormatter()
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), __import__("sys").exc_info()
        )
    line = json.loads(formatter.format(record))
    assert line["message"] == "failed" and "ValueError: broken" in line["exception"]
