"""What is true of a child over time, worked out before any writing is chosen.

The KPI episodes (where the child lives, care status, education, health) are drawn
first; then ``Circumstances`` answers, for any day, the facts that the writing in
``texts.py`` may state: who the child lives with, whether they are looked after, in
custody, of school age, at school or college. The generator adds the facts of the
episode (its outcome, offences and victims) and of the work (the assessment's ratings,
a review's trigger), and chooses only writing that fits (``Context.pick``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from childfirst.demo.dates import years_before
from childfirst.domain.periods import age_on

SECURE = frozenset({"sch", "stc", "yoi"})
SCHOOLS = frozenset(
    {
        "school-full-time",
        "school-part-time",
        "pru-full-time",
        "pru-part-time",
        "ap-other-full-time",
        "ap-other-part-time",
    }
)
MAINSTREAM = frozenset({"school-full-time", "school-part-time"})
#: Ethnicities whose children may be Muslim, or speak another language at home (for the
#: identity and communication notes; the demo's own rough lists).
MUSLIM_PLAUSIBLE = frozenset(
    {
        "asian-bangladeshi",
        "asian-indian",
        "asian-pakistani",
        "asian-other",
        "black-african",
        "black-other",
        "mixed-white-asian",
        "mixed-other",
        "other-arab",
        "other-any",
    }
)
HOME_LANGUAGE = frozenset(
    {
        "white-other",
        "white-roma",
        "asian-bangladeshi",
        "asian-chinese",
        "asian-indian",
        "asian-pakistani",
        "asian-other",
        "black-african",
        "other-arab",
        "other-any",
    }
)
NUMBERS = ("nought", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

#: Where a child lives with a parent: the family home, or the family's temporary home.
WITH_PARENT = frozenset({"parents", "temporary"})
FAMILY_HOME = frozenset({"parents", "family", "temporary"})


def birthday(born: date, years: int) -> date:
    """The day a child born on ``born`` turns ``years`` (28 February for a 29 February)."""
    return years_before(born, -years)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an unaccompanied asylum-seeking child came from, and the names there."""

    country: str
    language: str
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    surnames: tuple[str, ...]


@dataclass
class Circumstances:
    """A child's circumstances over time: sorted (start, code) changes of where they live
    and of their education, training or employment; looked-after and other care spells;
    and facts that hold throughout (``always``)."""

    name: str
    born: date
    leaving: date  # the end of compulsory school age
    household: str = "mum"
    uasc: Origin | None = None
    arrival: date | None = None  # an unaccompanied child's arrival in England
    homes: list[tuple[date, str]] = field(default_factory=list)
    ete: list[tuple[date, str]] = field(default_factory=list)
    care: list[tuple[str, date, date | None]] = field(default_factory=list)
    family_moves: list[date] = field(default_factory=list)
    always: set[str] = field(default_factory=set)
    _bounds: list[date] = field(default_factory=list)
    _segments: dict[int, tuple[frozenset[str], str]] = field(default_factory=dict)

    def settle(self) -> None:
        """Fix the days on which anything changes, once every change is known."""
        days = {d for d, _ in self.homes} | {d for d, _ in self.ete}
        for _, start, end in self.care:
            days.add(start)
            if end is not None:
                days.add(date.fromordinal(end.toordinal() + 1))
        days.add(date.fromordinal(self.leaving.toordinal() + 1))
        for years in (12, 13, 18):
            days.add(birthday(self.born, years))
        self._bounds = sorted(days)
        self._segments.clear()

    # -- on a day -----------------------------------------------------------------------

    def home_on(self, day: date) -> str:
        return _on(self.homes, day) or "parents"

    def ete_on(self, day: date) -> str:
        return _on(self.ete, day) or "none"

    def in_care_on(self, status: str, day: date) -> bool:
        return any(
            s == status and start <= day and (end is None or day <= end)
            for s, start, end in self.care
        )

    def until(self, day: date) -> date | None:
        """The next day anything changes after ``day`` (None if nothing does)."""
        i = bisect_right(self._bounds, day)
        return self._bounds[i] if i < len(self._bounds) else None

    def on(self, day: date) -> tuple[frozenset[str], str]:
        """The facts of ``day`` and who the child lives with (``{carer}``), worked out once
        for each stretch of days on which nothing changes."""
        i = bisect_right(self._bounds, day)
        found = self._segments.get(i)
        if found is None:
            found = self._segments[i] = self._work_out(day)
        return found

    def _work_out(self, day: date) -> tuple[frozenset[str], str]:
        facts = set(self.always)
        home = self.home_on(day)
        name = self.name
        carer = ""
        if home in SECURE:
            facts.add("custody")
            carer = "staff at the secure establishment"
        elif home in WITH_PARENT:
            facts |= {"with_parent", "family_home"}
            if home == "temporary":
                facts.add("temporary")
            parents = []
            if self.household != "dad":
                facts.add("mum")
                parents.append("mum")
            if self.household != "mum":
                facts.add("dad")
                parents.append("dad")
            carer = f"{name}'s {' and '.join(parents)}"
        elif home == "family":
            facts |= {"family_home", "grandmother"}
            carer = f"{name}'s grandmother"
        elif home == "foster":
            facts.add("foster")
            carer = "the foster carer"
        elif home == "residential":
            facts.add("residential")
            carer = "staff at the residential unit"
        elif home == "supported":
            facts.add("supported")
            carer = "the key worker at the supported accommodation"
        if carer:
            facts.add("carer")
        if self.in_care_on("looked_after", day):
            facts.add("looked_after")
        if self.in_care_on("child_protection_plan", day):
            facts.add("cpp")
        age = age_on(self.born, day)
        facts.add("school_age" if day <= self.leaving else "post_school_age")
        if age >= 13:
            facts.add("age13")
        if age >= 12:
            facts.add("secondary_age")
        if age >= 18:
            facts.add("adult")
        if "custody" not in facts:
            ete = self.ete_on(day)
            if ete in SCHOOLS:
                facts.add("in_school")
                if ete in MAINSTREAM:
                    facts.add("mainstream")
            elif ete == "college":
                facts.add("at_college")
            elif ete == "none":
                facts.add("not_in_ete")
        return frozenset(facts), carer

    def moved_between(self, start: date, day: date) -> bool:
        """The family moved home after ``start`` and on or before ``day``."""
        return any(start < moved <= day for moved in self.family_moves)


def _on(changes: list[tuple[date, str]], day: date) -> str | None:
    i = bisect_right(changes, (day, "\uffff"))
    return changes[i - 1][1] if i else None
