"""Read the published figures straight out of the seed documents in tests/fixtures/seeds."""

from __future__ import annotations

import re
from pathlib import Path

from childfirst.domain.inspection import Framework, KeyQuestionCount

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
KINGSTON = SEEDS / "hmip-kingston-and-richmond-2021.txt"
KENT = SEEDS / "kent-2021-committee-report.txt"

_MARKUP = re.compile(r"<[^>]+>|\*\*")


def clean(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).split())


def kingston_sections() -> dict[str, list[str]]:
    """The lines of each standard's section (from its heading to the next standard's)."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in KINGSTON.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+\s*\**\s*(\d\.\d)\.\s", line)
        if heading:
            current = heading.group(1)
            sections[current] = []
        elif line.startswith("## Annexe"):
            current = None
        elif current:
            sections[current].append(line)
    return sections


def _row_counts(lines: list[str], text: str) -> KeyQuestionCount | None:
    """The (relevant, yes) printed on the table row that reads ``text``."""
    for line in lines:
        cells = [c for c in line.split("\t")]
        if len(cells) >= 3 and clean(re.sub(r"<sup>\d+</sup>", "", cells[0])) == text:
            return KeyQuestionCount(relevant=int(cells[1]), yes=int(cells[2]))
    return None


def kingston_key_question_counts(framework: Framework) -> dict[str, list[KeyQuestionCount]]:
    """Every domain 2 and 3 standard's key-question counts, as printed, in framework order."""
    sections = kingston_sections()
    result: dict[str, list[KeyQuestionCount]] = {}
    for standard in framework.standards:
        if standard.domain_number == 1:
            continue
        counts = []
        for question in standard.key_questions:
            found = _row_counts(sections[standard.number], question.text)
            assert found is not None, f"{standard.number}: no table row for {question.text!r}"
            counts.append(found)
        result[standard.number] = counts
    return result


def kingston_prompt_rows(standard_number: str) -> list[str]:
    """The texts of the rows with counts in a standard's section (key questions and prompts)."""
    rows = []
    for line in kingston_sections()[standard_number]:
        cells = line.split("\t")
        if len(cells) >= 3 and cells[1].strip().isdigit() and cells[2].strip().isdigit():
            rows.append(clean(re.sub(r"<sup>\d+</sup>", "", cells[0])))
    return rows


def kingston_published_ratings() -> tuple[dict[str, str], int]:
    """The ratings table at the front of the report: {standard: rating}, and the score."""
    text = KINGSTON.read_text(encoding="utf-8")
    ratings = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^(\d\.\d)\t[^\t]+\t<b>([^<]+)</b>", text, re.MULTILINE)
    }
    score = re.search(r"Score\t(\d+)/36", text)
    assert score is not None
    return ratings, int(score.group(1))


def kent_published_ratings() -> tuple[dict[str, str], str]:
    """Kent's Table 2: the 12 ratings and the overall judgement."""
    text = KENT.read_text(encoding="utf-8")
    table = text[text.index("Table 2") : text.index("5.3. Key Findings")]
    names = ("Requires Improvement", "Outstanding", "Good", "Inadequate")
    ratings = {}
    for m in re.finditer(r"^(\d\.\d) .*?(" + "|".join(names) + r")\s*$", table, re.MULTILINE):
        ratings[m.group(1)] = m.group(2).replace("Improvement", "improvement")
    overall = re.search(r"Overall Judgement: (.+?)\s*$", table, re.MULTILINE)
    assert overall is not None
    return ratings, overall.group(1).replace("Improvement", "improvement")


# --- Kent Youth Justice Plan 2023-2024 (section 10) ---------------------------------------------

KENT_PLAN = SEEDS / "kent-youth-justice-plan-2023-24.txt"


def _kent_plan_section(start: str, end: str) -> list[str]:
    text = KENT_PLAN.read_text(encoding="utf-8")
    return text[text.index(start) : text.index(end, text.index(start))].splitlines()


def _quarter_code(label: str) -> str:
    """``2022/23 Q4`` is ``2022Q4``."""
    match = re.fullmatch(r"(\d{4})/\d{2} Q([1-4])", label.strip())
    assert match, label
    return f"{match[1]}Q{match[2]}"


def _kent_by_quarter(start: str, end: str) -> tuple[dict[str, int], dict[str, int]]:
    """A section's table of quarters: its first column of figures by quarter (``2022Q1``)
    and its year totals (``2022-23``), given on each year's last quarter."""
    quarters, years = {}, {}
    for line in _kent_plan_section(start, end):
        cells = line.split("\t")
        if len(cells) >= 2 and re.match(r"\d{4}/\d{2} Q", cells[0]):
            quarters[_quarter_code(cells[0])] = int(cells[1])
            if len(cells) > 2 and cells[2].strip():
                first = int(cells[0][:4])
                years[f"{first}-{(first + 1) % 100:02d}"] = int(cells[2])
    return quarters, years


def kent_first_time_entrants() -> tuple[dict[str, int], dict[str, int]]:
    """§10.2: first time entrants by quarter and by year."""
    return _kent_by_quarter("10.2 First Time Entrants\n", "10.3 Reoffending\n")


def kent_custodial_sentences() -> tuple[dict[str, int], dict[str, int]]:
    """§10.4: custodial sentences by quarter and year (the remand columns are left)."""
    return _kent_by_quarter("10.4 Use of the Secure Estate\n", "10.5 Additional")


def kent_reoffending() -> dict[str, tuple[int, int, str, str]]:
    """§10.3: row label to (cohort, children who reoffended, rate, children in care rate)."""
    rows = {}
    for line in _kent_plan_section("10.3 Reoffending\n", "10.4 Use of the Secure Estate"):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 4 and cells[1].isdigit():
            rows[cells[0]] = (
                int(cells[1]),
                int(cells[2]),
                cells[3],
                cells[4] if len(cells) > 4 else "",
            )
    return rows
