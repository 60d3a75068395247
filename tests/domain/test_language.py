"""Children are children: no labelling words in our code, pages or documents."""

from pathlib import Path

from childfirst.domain.language import check_files, check_text

ROOT = Path(__file__).resolve().parents[2]
OURS = ("childfirst", "docs", "bench")
SUFFIXES = {".py", ".html", ".md", ".yaml", ".mjs", ".css", ".json"}


def our_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "DEVELOPERS.md"]
    for folder in OURS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in SUFFIXES and p.is_file()]
    # The checker must name the words it looks for.
    return [p for p in files if p.exists() and p.name != "language.py"]


def test_the_checker_finds_labels_and_suggests_child_first_words():
    text = "Work with the Offender.\nYoung offenders and juveniles.\nA nominal list.\n"
    found = [(f.line, f.word, f.suggestion) for f in check_text(text)]
    assert found == [
        (1, "Offender", "child"),
        (2, "Young offenders", "children"),
        (2, "juveniles", "children"),
        (3, "nominal", "child"),
    ]


def test_the_checker_leaves_other_words_alone():
    assert check_text("offending behaviour; reoffending; the nominally fixed term") == []


def test_our_templates_code_and_docs_use_child_first_language():
    files = our_files()
    assert any(p.suffix == ".html" for p in files)  # the templates are checked
    findings = check_files(files, ROOT)
    assert findings == [], "\n".join(str(f) for f in findings)
