"""The child-first language checker.

Children in the youth justice system are children first (YJB, "Child First"
principle; HMIP uses "child" or "children" throughout its reports). Labels that
define a child by their offending are never used in ChildFirst's code, pages or
documents. This module finds them so the test suite can keep them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Labelling words and what to say instead.
LABELS: dict[str, str] = {
    "young offender": "child",
    "young offenders": "children",
    "offender": "child",
    "offenders": "children",
    "juvenile": "child",
    "juveniles": "children",
    "nominal": "child",
    "nominals": "children",
}

_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in LABELS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    word: str
    suggestion: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.word!r} (say {self.suggestion!r})"


def check_text(text: str, path: str = "<text>") -> list[Finding]:
    """Every labelling word in ``text``, with its line number and a child-first alternative."""
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _PATTERN.finditer(line):
            word = match.group(1)
            findings.append(Finding(path, number, word, LABELS[word.lower()]))
    return findings


def check_files(paths: Iterable[Path], root: Path | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for path in paths:
        name = str(path.relative_to(root)) if root else str(path)
        findings.extend(check_text(path.read_text(encoding="utf-8"), name))
    return findings
