"""Figures: a count over a count, with the children behind it.

Every figure the KPI engine and the national indicators produce is a
:class:`Figure`, so a number shown anywhere can be opened onto the children it
counts (``docs/architecture.md``: "a number shown to a user can be traced").
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property


def percentage(numerator: int, denominator: int | None, places: int = 1) -> float | None:
    """``numerator / denominator`` as a percentage, rounded half up; None over nothing."""
    if not denominator:
        return None
    return rate(numerator, denominator, 100, places)


def rate(numerator: int, denominator: int | None, per: int, places: int = 1) -> float | None:
    """``numerator`` per ``per`` of ``denominator``, rounded half up (not banker's rounding)."""
    if not denominator:
        return None
    exact = Fraction(numerator * per, denominator)
    scale = 10**places
    rounded = (exact * scale * 2 + 1) // 2  # half up, exact
    return float(Fraction(rounded, scale))


@dataclass(frozen=True)
class Figure:
    """``numerator`` children (or offences, or victims) out of ``denominator``.

    ``members`` are the ids of what the numerator counts (child ids for child
    measures), so the figure can be listed. ``denominator`` is None for a plain count.
    The ids are kept as given and made a set only when asked for: a return holds over
    a thousand figures and most are never listed.
    """

    numerator: int
    denominator: int | None = None
    ids: Collection[Hashable] = field(default=(), compare=False, repr=False)
    #: A rate per ``per`` of the denominator: 100 for a percentage, 10,000 for KPI 9's
    #: serious violence offences per 10,000 children aged 10 to 17.
    per: int = 100

    @classmethod
    def of(cls, members: Iterable[Hashable], out_of: int | None = None) -> Figure:
        chosen = frozenset(members)
        return cls(len(chosen), out_of, chosen)

    @cached_property
    def members(self) -> frozenset[Hashable]:
        return self.ids if isinstance(self.ids, frozenset) else frozenset(self.ids)

    @property
    def percentage(self) -> float | None:
        """The figure per 100 (or per ``per``) of the denominator; None over nothing."""
        if self.per == 100:
            return percentage(self.numerator, self.denominator)
        return rate(self.numerator, self.denominator, self.per, 2)

    @property
    def suffix(self) -> str:
        """How the rate reads after its number: "%" or " per 10,000"."""
        return "%" if self.per == 100 else f" per {self.per:,}"

    def as_dict(self) -> dict[str, int | float | None]:
        found: dict[str, int | float | None] = {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percentage" if self.per == 100 else "rate": self.percentage,
        }
        if self.per != 100:
            found["per"] = self.per
        return found
