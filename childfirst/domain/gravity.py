"""The NPCC Child Gravity Matrix: the police's score for an offence, 1 to 5, and the
outcome each score normally leads to.

Source: National Police Chiefs' Council, *Child Gravity Matrix* (updated October 2023),
which replaced the ACPO Youth Gravity Matrix 2013 (scores 1 to 4). The officer scores
the offence, moves the score up or down for aggravating and mitigating factors, and the
final score points to an outcome:

====== ===================================================================
score  normally
====== ===================================================================
1      no further action (the evidential or public-interest test is not met)
2      an informal out-of-court outcome: a community resolution or Outcome 22
3      a youth caution
4      a youth conditional caution
5      charge
====== ===================================================================

Officers may depart from the matrix if they record why. This is a different scale from
the YJB's offence seriousness score (1 to 8, on each offence type): the two are never
mixed. Outcomes are named by the same keys as the casework's panel decisions
(``nfa``, ``community_resolution``, ``outcome_22``, ``youth_caution``, ``ycc``,
``charge``).
"""

from __future__ import annotations

from dataclasses import dataclass

LOWEST, HIGHEST = 1, 5


@dataclass(frozen=True)
class GravityScore:
    score: int
    meaning: str  # "a youth caution", to follow "normally"
    outcomes: tuple[str, ...]  # the decisions this score normally leads to


MATRIX: dict[int, GravityScore] = {
    1: GravityScore(1, "no further action", ("nfa",)),
    2: GravityScore(
        2,
        "an informal outcome (community resolution or Outcome 22)",
        ("community_resolution", "outcome_22"),
    ),
    3: GravityScore(3, "a youth caution", ("youth_caution",)),
    4: GravityScore(4, "a youth conditional caution", ("ycc",)),
    5: GravityScore(5, "charge", ("charge",)),
}

#: For a choice field: (3, "3: normally a youth caution").
CHOICES: list[tuple[int, str]] = [
    (g.score, f"{g.score}: normally {g.meaning}") for g in MATRIX.values()
]


def gravity(score: int) -> GravityScore:
    """The matrix's entry for ``score``; ``ValueError`` outside 1 to 5."""
    if score not in MATRIX:
        raise ValueError(f"An NPCC gravity score is from {LOWEST} to {HIGHEST}, not {score}")
    return MATRIX[score]


def departs_from_matrix(score: int, decision: str) -> bool:
    """Whether ``decision`` is other than what ``score`` normally leads to (the rationale
    must then say why)."""
    return decision not in gravity(score).outcomes
