"""The quarter's KPI return from the KPI pages (issue 13, item 10): the same file as the
``kpi`` command writes, for those who see exact figures, each download logged."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from childfirst.accounts.models import AccessLog, Role, Team
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.performance.exports import saved_at
from childfirst.ui.downloads import CSV, XLSX
from tests.casework.conftest import sign_in, text_of
from tests.casework.factories import UserFactory
from tests.performance.pages import got

pytestmark = pytest.mark.django_db
TODAY = dt.date(2023, 8, 1)
XLSX_URL = "/performance/2023Q1/return.xlsx"
CSV_URL = "/performance/2023Q1/return.csv"


@pytest.fixture(autouse=True)
def on_the_day(monkeypatch):
    """The pages count as on 1 August 2023, as the command does with ``--today``."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def person(role, team=None):
    return UserFactory(roles=[(role, team)])


@pytest.fixture
def manager(client):
    return sign_in(client, person(Role.SERVICE_MANAGER))


def command_file(tmp_path, period, fmt):
    path = tmp_path / f"return.{fmt}"
    call_command(
        "kpi",
        "--period",
        period,
        "--format",
        fmt,
        "--output",
        str(path),
        "--today",
        TODAY.isoformat(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return path.read_bytes()


def test_the_excel_return_is_the_commands_file(service, manager, tmp_path):
    response = manager.get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="kpi-return-2023Q1.xlsx"'
    assert response.content == command_file(tmp_path, "2023Q1", "xlsx")
    # KPI 1: Amy and Ben of Amy, Ben and Cal are in suitable accommodation at the end.
    sheet = load_workbook(io.BytesIO(response.content))["KPI 1"]
    assert [c.value for c in sheet[5]][1:4] == [2, 3, 66.7]
    # How far ahead of release the home was secured fills only the custody release
    # column: Ben's foster home has no date secured; the other cells are left empty.
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] is None and r[1])
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] and "date secured" in r[0])
    filled = {header[n]: v for n, v in enumerate(row) if n and v is not None}
    assert filled == {"Custodial sentences: Release": 1}


def test_the_csv_return_is_the_commands_file(service, manager, tmp_path):
    response = manager.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == CSV
    assert response["Content-Disposition"] == 'attachment; filename="kpi-return-2023Q1.csv"'
    assert response.content == command_file(tmp_path, "2023Q1", "csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    headline = next(r for r in rows if r["kpi"] == "kpi1" and r["row"] == "headline")
    assert (headline["numerator"], headline["denominator"], headline["percentage"]) == (
        "2",
        "3",
        "66.7",
    )


def test_a_financial_years_return_is_the_commands_file_too(service, manager, tmp_path):
    response = manager.get("/performance/2023-24/return.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kpi-return-2023-24.csv"'
    assert response.content == command_file(tmp_path, "2023-24", "csv")
    excel = manager.get("/performance/2023-24/return.xlsx")
    assert excel.content == command_file(tmp_path, "2023-24", "xlsx")


def test_the_workbook_is_stamped_with_the_quarter_not_the_moment(service, manager):
    first, second = manager.get(XLSX_URL).content, manager.get(XLSX_URL).content
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        core = package.read("docProps/core.xml").decode()
        stamps = {part.date_time for part in package.infolist()}
    # 2023-24 Q1 ends on 30 June 2023.
    assert core.count("2023-06-30T00:00:00Z") == 2
    assert stamps == {(2023, 6, 30, 0, 0, 0)}


def test_each_download_logs_the_children_it_counts_as_exported(service, manager):
    manager.get(XLSX_URL)
    manager.get(CSV_URL)
    # Amy, Ben and Cal are counted; Dee's order was overturned and Eve has no outcome.
    counted = {service[name] for name in ("Amy", "Ben", "Cal")}
    rows = AccessLog.objects.values_list("child_id", "kind", "path")
    assert sorted(rows) == sorted(
        (child, "export", url) for child in counted for url in (XLSX_URL, CSV_URL)
    )


def test_a_team_managers_download_logs_every_child_counted(service, client):
    """The file counts the whole service, so every child it counts is logged, those in
    other teams too (unlike a list, which names only the records they may open)."""
    sign_in(client, person(Role.TEAM_MANAGER, Team.objects.create(name="Elsewhere")))
    assert client.get(CSV_URL).status_code == 200
    logged = set(AccessLog.objects.filter(kind="export").values_list("child_id", flat=True))
    assert logged == {service[name] for name in ("Amy", "Ben", "Cal")}


def test_downloads_are_never_cached(service, manager):
    for url in (XLSX_URL, CSV_URL):
        response = manager.get(url)
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]  # the middleware's never-cache headers
        assert "Expires" in response


def test_the_dashboard_and_each_kpi_page_offer_the_return(service, manager):
    for response in (
        got(manager, "/performance/?period=2023Q1"),
        manager.get("/performance/2023Q1/kpi3/"),
    ):
        page, text = response.content.decode(), text_of(response)
        assert f'href="{XLSX_URL}"' in page and f'href="{CSV_URL}"' in page
        assert "Download the 2023-24 Q1 return (Excel)" in text
        assert "Download the 2023-24 Q1 return (CSV)" in text


def test_a_board_member_who_sees_small_numbers_withheld_cannot_download(service, client):
    sign_in(client, person(Role.BOARD_MEMBER))  # the threshold is 5 by default
    for url in (XLSX_URL, CSV_URL):
        response = client.get(url)
        assert response.status_code == 403
        assert "your role cannot download it" in response.content.decode()
    assert "return.xlsx" not in got(client, "/performance/?period=2023Q1").content.decode()
    assert "return.csv" not in client.get("/performance/2023Q1/kpi1/").content.decode()
    # No child's record was opened: the refusal names no child, so nothing is logged.
    assert not AccessLog.objects.exists()


def test_with_no_threshold_a_board_member_sees_and_downloads_the_exact_figures(
    service, client, settings, tmp_path
):
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 0
    sign_in(client, person(Role.BOARD_MEMBER))
    assert f'href="{CSV_URL}"' in got(client, "/performance/?period=2023Q1").content.decode()
    assert client.get(CSV_URL).content == command_file(tmp_path, "2023Q1", "csv")


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.POLICE_PANEL, Role.ADMINISTRATOR])
def test_roles_that_may_not_see_the_kpis_are_refused(service, client, role):
    sign_in(client, person(role, Team.objects.first() if role == Role.PRACTITIONER else None))
    for url in (XLSX_URL, CSV_URL):
        assert client.get(url).status_code == 403
    assert not AccessLog.objects.exists()


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(XLSX_URL)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


@pytest.mark.parametrize("period", ["2019Q9", "2023Q5", "nonsense", "1899-00"])
def test_a_period_with_no_figures_is_not_found(manager, period):
    assert manager.get(f"/performance/{period}/return.csv").status_code == 404
    assert not AccessLog.objects.exists()


def test_the_kpi_pages_still_answer_beside_the_downloads(service, manager):
    assert manager.get("/performance/2023Q1/kpi1/").status_code == 200
    assert manager.get("/performance/2023Q1/return/").status_code == 404  # no KPI "return"


def test_a_return_that_counts_no_child_downloads_and_logs_no_row(manager):
    """The access log has a row only for a child: an empty return has none to write."""
    response = manager.get(CSV_URL)
    assert response.status_code == 200
    assert b"2023Q1,kpi1,headline" in response.content
    assert not AccessLog.objects.exists()


def test_the_workbooks_stamp_is_the_periods_last_day_and_never_before_1980():
    assert saved_at(Quarter(2024, 4)) == dt.datetime(2025, 3, 31)
    assert saved_at(FinancialYear(2023)) == dt.datetime(2024, 3, 31)
    assert saved_at(FinancialYear(1970)) == dt.datetime(1980, 1, 1)


def test_the_service_refuses_whom_the_pages_refuse(service, settings):
    """The rule lives in exports.return_file_for, which any caller shares, not the view."""
    from childfirst.errors import NotPermitted
    from childfirst.performance.exports import return_file_for

    period = Quarter.parse("2023Q1")
    made = return_file_for(person(Role.SERVICE_MANAGER), period, "csv", dt.date(2023, 8, 1))
    assert made.filename == "kpi-return-2023Q1.csv"
    board = person(Role.BOARD_MEMBER)
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 5
    with pytest.raises(NotPermitted, match="small numbers"):
        return_file_for(board, period, "csv", dt.date(2023, 8, 1))
    with pytest.raises(NotPermitted):
        practitioner = person(Role.PRACTITIONER, Team.objects.first())
        return_file_for(practitioner, period, "csv", dt.date(2023, 8, 1))
    settings.CHILDFIRST_SMALL_NUMBER_THRESHOLD = 0
    assert return_file_for(board, period, "xlsx", dt.date(2023, 8, 1)).content
