"""The data-quality check of a quarter's KPI return: reading the facts, and who sees what.

The rules are :mod:`childfirst.domain.kpi.quality`. The facts are the KPIs' own
(:func:`~childfirst.performance.selectors.kpi_facts`) and one query more, for the
counted interventions' statuses; the children's references and teams are one query
more still. So a check runs a fixed number of queries whatever the service's size.

Who may see the check is who may see the KPI dashboard (``PERFORMANCE_READERS``). The
gaps of a child are listed, named and linked only to people who may open the children
behind a figure (``PERFORMANCE_LISTERS``) and only for the children whose records they
may open (:func:`~childfirst.performance.selectors.counted_children`); the others are
counted, by KPI and team, never listed. A command runs as the system: it lists every
gap with the child's reference and team, no names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from django.utils import timezone

from childfirst.accounts.models import User
from childfirst.accounts.permissions import (
    PERFORMANCE_LISTERS,
    PERFORMANCE_READERS,
    AnyUser,
    has_any_role,
)
from childfirst.casework.models import Child
from childfirst.domain.kpi.quality import KPI_TITLES, Gap, QualityFacts, count_by, find_gaps
from childfirst.domain.periods import FinancialYear, Quarter
from childfirst.errors import NotPermitted
from childfirst.performance import selectors
from childfirst.performance.cache import Digests, kept
from childfirst.performance.rules import kpi_rules

Period = Quarter | FinancialYear
NO_TEAM = "No team"


def quality_facts(quarter: Period, today: dt.date) -> QualityFacts:
    """The facts the checks read for ``quarter``."""
    facts = selectors.kpi_facts(quarter, today, kpi_rules())
    statuses = dict(selectors.candidate_interventions(quarter, today).values_list("id", "status"))
    return QualityFacts(facts, statuses)


@dataclass(frozen=True)
class ChildRef:
    pk: Hashable
    reference: str
    team: str


@dataclass(frozen=True)
class QualityReport:
    """Every gap of the quarter, with the reference and team of each child who has one."""

    quarter: Period
    gaps: tuple[Gap, ...]
    children: dict[Hashable, ChildRef]
    population: int  # children counted in the quarter

    def team_of(self, gap: Gap) -> str:
        return self.children[gap.child_id].team

    def by_team(self) -> dict[str, dict[str, int]]:
        """Gaps by team (alphabetical) then KPI."""
        counts = count_by(self.gaps, self.team_of)
        return {team: counts[team] for team in sorted(counts)}

    def by_kpi(self) -> dict[str, int]:
        """Gaps by KPI, every KPI present."""
        counts = dict.fromkeys(KPI_TITLES, 0)
        for gap in self.gaps:
            counts[gap.kpi] += 1
        return counts

    @property
    def children_with_gaps(self) -> int:
        return len({gap.child_id for gap in self.gaps})


def kept_check(
    quarter: Period, today: dt.date | None = None, digests: Digests | None = None
) -> QualityReport:
    """:func:`check_quarter`, kept until what it reads changes (``performance/cache.py``;
    the team names it shows are part of the key)."""
    day = today or timezone.localdate()
    teams = ("accounts.Team",)
    return kept("quality", quarter, day, lambda: check_quarter(quarter, day), teams, digests)


def check_quarter(quarter: Period, today: dt.date | None = None) -> QualityReport:
    """The quarter's gaps as the system sees them (for the command): every child."""
    today = today or timezone.localdate()
    quality = quality_facts(quarter, today)
    gaps = tuple(find_gaps(quality))
    ids = {gap.child_id for gap in gaps}
    # A subquery, not a list of ids (as selectors.kpi_facts): it may read a few children
    # with no gap, which are dropped here.
    candidates = selectors.candidate_interventions(quarter, today).values("child_id")
    children = {
        pk: ChildRef(pk, reference, team or NO_TEAM)
        for pk, reference, team in Child.objects.filter(pk__in=candidates).values_list(
            "id", "reference", "team__name"
        )
        if pk in ids
    }
    return QualityReport(quarter, gaps, children, len(quality.facts.population))


def may_see(user: AnyUser) -> bool:
    """Who sees the check: who sees the KPI dashboard."""
    return has_any_role(user, PERFORMANCE_READERS)


def may_list(user: AnyUser) -> bool:
    """Who may see a child's gaps (for children they may open): who may open the children
    behind a KPI figure."""
    return has_any_role(user, PERFORMANCE_LISTERS)


@dataclass(frozen=True)
class QualityView:
    """The report for one person: the children whose gaps they may see, by id."""

    report: QualityReport
    listed: dict[Hashable, Child]

    @property
    def shown(self) -> list[Gap]:
        return [gap for gap in self.report.gaps if gap.child_id in self.listed]

    @property
    def hidden(self) -> int:
        """Gaps counted but not listed: children the person may not open."""
        return len(self.report.gaps) - len(self.shown)


def quality_for(user: User, quarter: Period, today: dt.date | None = None) -> QualityView:
    """The quarter's check for ``user``: refused unless they may see the KPI dashboard."""
    if not may_see(user):
        raise NotPermitted("Your role does not include the performance pages")
    report = kept_check(quarter, today)
    listed: dict[Hashable, Child] = {}
    if may_list(user) and report.gaps:
        listed = {c.pk: c for c in selectors.counted_children(user, report.children)}
    return QualityView(report, listed)


def open_items(
    user: User, quarter: Period, today: dt.date | None = None, digests: Digests | None = None
) -> int:
    """How many gaps the quarter has (the dashboard's line); refused as :func:`quality_for`."""
    if not may_see(user):
        raise NotPermitted("Your role does not include the performance pages")
    return len(kept_check(quarter, today, digests).gaps)
