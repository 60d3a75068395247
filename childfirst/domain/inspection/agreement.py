"""Agreement between two auditors who answered the same questions on the same cases.

Moderation in a service's own inspection-style audit: a second auditor re-audits
a share of the cases blind, and the audit reports, for each question, how often
the two agreed and Cohen's kappa (agreement beyond what chance would give).

Cohen's kappa (J. Cohen, Educational and Psychological Measurement 20(1), 1960):

    kappa = (p_o - p_e) / (1 - p_e)

where ``p_o`` is the share of items on which the two agree and ``p_e`` the share
they would agree on by chance, the sum over answers of the product of each
auditor's share of that answer. Written here rather than taken from a library
because it is four lines of exact arithmetic, and neither SciPy nor the standard
library has it (statsmodels and scikit-learn do, but neither is a dependency).

Kappa is undefined when chance agreement is total (``p_e = 1``: both auditors
gave one and the same answer throughout); it is then reported as None, while
percentage agreement is still 100%.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Agreement:
    """How two auditors' answers to the same items compare."""

    items: int
    agreed: int
    observed: Fraction  # p_o
    expected: Fraction  # p_e
    kappa: Fraction | None

    @property
    def percentage(self) -> float | None:
        """Agreement as a percentage, one decimal place, half up; None with no items."""
        if not self.items:
            return None
        exact = self.observed * 100
        return float(Fraction(int(exact * 10 * 2 + 1) // 2, 10))

    @property
    def kappa_rounded(self) -> float | None:
        """Kappa to two decimal places (half away from zero), as usually reported."""
        if self.kappa is None:
            return None
        scaled = abs(self.kappa) * 100
        rounded = Fraction(int(scaled * 2 + 1) // 2, 100)
        return float(rounded if self.kappa >= 0 else -rounded)


def agreement(first: Sequence[Hashable], second: Sequence[Hashable]) -> Agreement:
    """Percentage agreement and Cohen's kappa for paired answers (``first[i]`` and
    ``second[i]`` are the two auditors' answers to item ``i``)."""
    if len(first) != len(second):
        raise ValueError("each item needs an answer from both auditors")
    items = len(first)
    if not items:
        return Agreement(0, 0, Fraction(0), Fraction(0), None)
    agreed = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    observed = Fraction(agreed, items)
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(
        (
            Fraction(counts_a[answer], items) * Fraction(counts_b[answer], items)
            for answer in counts_a
        ),
        Fraction(0),
    )
    kappa = None if expected == 1 else (observed - expected) / (1 - expected)
    return Agreement(items, agreed, observed, expected, kappa)
