"""``childfirst kpi`` and ``childfirst indicators``: formats, files and bad input."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from childfirst.performance.models import PopulationEstimate

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_kpi_json_has_the_agreed_keys(service):
    out, _ = run("kpi", "--period", "2023Q1", "--format", "json", "--today", "2023-08-01")
    data = json.loads(out)
    assert data["period"] == "2023Q1"
    assert data["period_label"] == "2023-24 Q1"
    assert list(data["kpis"]) == [f"kpi{n}" for n in range(1, 11)]
    kpi1 = data["kpis"]["kpi1"]
    assert kpi1["headline"] == {"numerator": 2, "denominator": 3, "percentage": 66.7}
    suitable = next(row for row in kpi1["breakdown"] if row["row"] == "suitable")
    assert suitable["values"]["custody:release"] == {
        "numerator": 1,
        "denominator": 1,
        "percentage": 100.0,
    }
    assert data["kpis"]["kpi6"]["headline"]["numerator"] == 1


def test_kpi_text_and_the_display_form_of_the_period(service):
    out, _ = run("kpi", "--period", "2023-24 Q1", "--today", "2023-08-01")
    assert out.startswith("YJB key performance indicators, 2023-24 Q1 (2023Q1)")
    assert "KPI 1: Accommodation" in out
    assert "Children in suitable accommodation at the end of the order: 2 of 3 (66.7%)" in out
    assert "KPI 8: Management board attendance" in out and "No meetings recorded" in out
    # A row with no total (KPI 1's release rows) shows the columns it fills: Ben's home
    # on release has no date secured.
    assert "    Home on release: date secured not recorded: Release 1\n" in out
    assert "    Home secured on the day of release: Release 0\n" in out


def test_kpi_csv_one_line_a_figure(service):
    out, _ = run("kpi", "--period", "2023Q1", "--format", "csv", "--today", "2023-08-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    headline = next(r for r in rows if r["kpi"] == "kpi6" and r["row"] == "headline")
    assert (headline["numerator"], headline["denominator"], headline["percentage"]) == (
        "1",
        "1",
        "100.0",
    )
    assert {r["kpi"] for r in rows} == {f"kpi{n}" for n in range(1, 11)}


def test_kpi_xlsx_one_sheet_a_kpi_laid_out_like_the_template(service, tmp_path):
    path = tmp_path / "return.xlsx"
    _, err = run(
        "kpi",
        "--period",
        "2023Q1",
        "--format",
        "xlsx",
        "--output",
        str(path),
        "--today",
        "2023-08-01",
    )
    assert f"Wrote {path}" in err
    book = load_workbook(path)
    assert book.sheetnames == [f"KPI {n}" for n in range(1, 11)]
    sheet = book["KPI 1"]
    assert sheet["A1"].value == "KPI 1: Accommodation"
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["Children in suitable accommodation at the end of the order"][:3] == (2, 3, 66.7)
    header = next(
        r
        for r in sheet.iter_rows(values_only=True)
        if r[1] == "Out-of-court disposals with YJS intervention: Start"
    )
    assert header[1] == "Out-of-court disposals with YJS intervention: Start"
    assert "Custodial sentences: Release" in header
    suitable = rows["Children in suitable accommodation"]
    columns = list(header[1:])
    assert suitable[columns.index("Custodial sentences: Release")] == 1


def test_xlsx_needs_an_output_file(service):
    with pytest.raises(CommandError, match="binary"):
        run("kpi", "--period", "2023Q1", "--format", "xlsx")


@pytest.mark.parametrize("period", ["2023Q5", "2023", "April 2023", "2023-25 Q1"])
def test_a_bad_period_is_named(period):
    with pytest.raises(CommandError, match="--period"):
        run("kpi", "--period", period)


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["kpi", "indicators"])
@pytest.mark.parametrize("period", ["9999Q4", "0000Q1", "9999-00", "0000-01"])
def test_a_period_outside_those_counted_is_refused(command, period):
    with pytest.raises(CommandError, match=r"--period: .* is outside the periods ChildFirst"):
        run(command, "--period", period)
    with pytest.raises(CommandError, match="is outside the periods ChildFirst"):
        run(command, "--period", period, "--today", "9999-12-31")


def test_an_output_folder_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("kpi", "--period", "2023Q1", "--output", str(tmp_path / "no" / "file.json"))
    assert not (tmp_path / "no").exists()


def test_a_bad_today():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("kpi", "--period", "2023Q1", "--today", "1/8/2023")


def test_indicators_json(service):
    PopulationEstimate.objects.create(year=2023, children_10_17=20_000)
    out, _ = run("indicators", "--period", "2023-24", "--format", "json", "--today", "2025-01-01")
    data = json.loads(out)
    assert data["period"] == "2023-24"
    assert data["population_10_17"] == 20_000
    # First time entrants in 2023-24: Amy's referral order (5 April 2023) is her first.
    # Cal's youth caution was 1 March 2023 (2022-23); Ben's DTO 1 October 2022.
    assert data["first_time_entrants"]["count"] == 1
    assert data["first_time_entrants"]["rate_per_100000"] == 5.0  # 1 / 20,000 x 100,000
    assert data["custody"]["sentences"] == 0
    reoffending = data["reoffending"]
    # Amy's referral order (5 April 2023) and Ben's release from custody (1 April 2023).
    assert reoffending["total"]["cohort"] == 2
    disposals = {r["label"]: r["cohort"] for r in reoffending["breakdowns"]["index_disposal"]}
    assert (disposals["Referral order"], disposals["Custodial sentence"]) == (1, 1)
    assert reoffending["complete"] is False  # 31 March 2024 + 18 months is after today
    assert reoffending["results_available_from"] == "2025-09-30"


def test_indicators_without_a_population_give_no_rates(service):
    out, _ = run("indicators", "--period", "2022-23", "--today", "2025-01-01")
    assert "no population estimate recorded for this year" in out
    assert "First time entrants: 2" in out  # Ben (DTO, October 2022) and Cal (caution)
    assert "Use of custody: 1 custodial sentences" in out


def test_indicators_csv(service):
    out, _ = run("indicators", "--period", "2022-23", "--format", "csv", "--today", "2025-01-01")
    rows = list(csv.DictReader(io.StringIO(out)))
    fte = next(r for r in rows if r["indicator"] == "first_time_entrants" and r["row"] == "total")
    assert fte["value"] == "2"


def test_kpi_for_a_financial_year_counts_each_child_once(service):
    out, _ = run("kpi", "--period", "2023-24", "--format", "json", "--today", "2024-08-01")
    data = json.loads(out)
    assert data["period"] == "2023-24"
    # Amy, Ben and Cal (Q1), once each: the same children as the quarter.
    assert data["kpis"]["kpi1"]["headline"]["denominator"] == 3
    out, _ = run("kpi", "--period", "2022-23", "--format", "csv", "--today", "2024-08-01")
    assert out.splitlines()[1].startswith("2022-23,kpi1,headline,")
