"""``childfirst ratings FILE``: the command front of the ratings engine."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from childfirst.domain.inspection import load_framework
from tests.domain.seeds import kingston_key_question_counts, kingston_published_ratings

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "docs" / "examples" / "kingston-and-richmond-2021.json"
)


def run(*args) -> str:
    out = StringIO()
    call_command("ratings", *args, stdout=out)
    return out.getvalue()


def test_the_shipped_example_matches_the_published_tables():
    # docs/examples is what users copy; it must hold the report's own counts.
    data = json.loads(EXAMPLE.read_text())
    counts = kingston_key_question_counts(load_framework("hmip-youth-2018"))
    for number, rows in counts.items():
        given = [(q["relevant"], q["yes"]) for q in data["standards"][number]["key_questions"]]
        assert given == [(c.relevant, c.yes) for c in rows], number


def test_json_output_for_kingston_and_richmond():
    document = json.loads(run(str(EXAMPLE), "--format", "json"))
    published, score = kingston_published_ratings()
    assert document["service"] == "Kingston and Richmond"
    assert document["framework"] == "hmip-youth-2018"
    assert {n: s["rating"] for n, s in document["standards"].items()} == published
    assert document["overall"] == {"score": score, "max": 36, "rating": "Good", "missing": []}
    assessment = document["standards"]["2.1"]
    assert assessment["name"] == "Assessment"
    assert assessment["score"] == 2
    assert assessment["lowest_percentage"] == 75.0
    assert assessment["override"] is None
    assert [d[:3] for d in assessment["discretion"]] == ["(a)", "(b)"]
    assert document["standards"]["3.3"]["lowest_percentage"] == 0.0
    assert document["standards"]["1.1"]["lowest_percentage"] is None


def test_text_output_is_a_readable_table(tmp_path):
    text = run(str(EXAMPLE))
    assert "2.1 Assessment" in text and "KQ2 6/8 75%" in text
    assert "Discretion (a)" in text
    assert text.rstrip().endswith("Score: 24/36\nOverall rating: Good")


def test_yaml_input_and_overrides_and_missing_standards(tmp_path):
    source = tmp_path / "audit.yaml"
    source.write_text(
        "service: Our service\n"
        "standards:\n"
        "  '2.1':\n"
        "    key_questions:\n"
        "      - {relevant: 8, yes: 7}\n"
        "      - {relevant: 8, yes: 6}\n"
        "      - {relevant: 8, yes: 7}\n"
        "overrides:\n"
        "  '2.1': {rating: Outstanding, rationale: One case was borderline}\n"
    )
    document = json.loads(run(str(source), "--format", "json"))
    assessment = document["standards"]["2.1"]
    assert assessment["rating"] == "Outstanding" and assessment["computed_rating"] == "Good"
    assert assessment["override"] == {
        "rating": "Outstanding",
        "rationale": "One case was borderline",
    }
    assert document["overall"]["score"] is None and document["overall"]["rating"] is None
    assert document["overall"]["missing"] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.2",
        "2.3",
        "2.4",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
    ]
    text = run(str(source))
    assert "Panel override: Outstanding (computed Good)" in text
    assert "Score: not given - 11 standard(s) not rated" in text


def test_malformed_input_names_the_field_and_prints_no_result(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "standards": {
                    "2.1": {
                        "key_questions": [
                            {"relevant": 8, "yes": 9},
                            {"relevant": 8, "yes": 6},
                            {"relevant": 8, "yes": 7},
                        ]
                    }
                },
                "domain1": {"1.1": "Brilliant"},
            }
        )
    )
    out = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("ratings", str(bad), stdout=out)
    message = str(info.value)
    assert "2 problems, nothing rated" in message
    assert "standards.2.1.key_questions[1].yes" in message
    assert "domain1.1.1: unknown rating 'Brilliant'" in message
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must hold an object")],
)
def test_unreadable_files(tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(CommandError, match=expected):
        run(str(bad))


def test_a_missing_file():
    with pytest.raises(CommandError, match="no such file"):
        run("/no/such/file.json")


def _childfirst(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "childfirst.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


def test_the_console_command_exits_non_zero_on_bad_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"standards": {"5.1": {"key_questions": []}}}')
    done = _childfirst("ratings", str(bad), "--format", "json")
    assert done.returncode != 0
    assert done.stdout == ""
    assert "standards.5.1: unknown standard" in done.stderr


def test_the_console_command_reads_standard_input():
    done = _childfirst("ratings", "-", "--format", "json", stdin=EXAMPLE.read_text())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["overall"]["score"] == 24


def test_help_lists_our_commands():
    done = _childfirst("--help")
    assert done.returncode == 0
    assert "ChildFirst commands:" in done.stdout
    assert "ratings" in done.stdout and "demo" in done.stdout
    assert "  runserver" not in done.stdout
    everything = _childfirst("help", "--all")
    assert "    runserver" in everything.stdout and "    ratings" in everything.stdout
