"""Small numbers: when a count is too small to show to people without child-level access.

A board paper that says "1 child of Black ethnicity reoffended" can identify that child
to anyone who knows the area. So for board members (and in what is printed for the
board) a count from 1 up to, not including, the threshold is not shown, nor any rate
or percentage worked out from such a count, since the rate gives the count back. Zero
is shown: it names nobody. Staff with child-level access see exact figures.

This is primary suppression only: a hidden cell can sometimes be worked out from a
total and the other cells of its table (secondary disclosure). ``docs/`` says so; the
board's reports show the totals the YJB publishes.

The threshold is ``CHILDFIRST_SMALL_NUMBER_THRESHOLD`` (default 5, as the Ministry of
Justice and the YJB do in their published tables); 0 turns suppression off.
"""

from __future__ import annotations

DEFAULT_THRESHOLD = 5


def hides(count: int | None, threshold: int) -> bool:
    """Whether ``count`` is withheld: 1 to ``threshold - 1`` when a threshold is set."""
    return threshold > 0 and count is not None and 0 < count < threshold


def hides_rate(threshold: int, *counts: int | None) -> bool:
    """Whether a rate worked out from ``counts`` (its numerator and denominator, or
    any count it rests on) is withheld: when any of them is."""
    return any(hides(count, threshold) for count in counts)
