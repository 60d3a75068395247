"""Computed KPI returns and indicators, kept until what they read changes.

A return or the indicators for a period are kept in the ``figures`` cache (the
database's cache table by default, Redis where the deployment sets
``CHILDFIRST_REDIS_URL``) under a key made of everything the figures are worked out
from, so a kept result is never stale:

* the period, the day they are counted on, the counting rules (settings) and the code
  that counts (a digest of its source files, so a new release never reuses old figures);
* **the children whose records they read**, each with its figures version: a number
  that goes up whenever one of that child's records the figures read is saved or
  deleted (:mod:`childfirst.performance.signals`). The children are found afresh each
  time (those with a KPI intervention ending in the period, an outcome dated in it or a
  release from custody in it), so a child who joins or leaves the period changes the key
  too;
* the reference data the figures read (accommodation, ETE, offence and outcome types,
  ethnicities, population estimates), row by row.

A change to a record of a child in the period changes the key; a change to any other
child's records does not. Working out the key is one query for the children and one a
reference table, which is far cheaper than the figures. ``docs/operations.md`` says how
the cache is set up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import BaseCache, caches
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from childfirst.casework.models import Intervention, Outcome
from childfirst.domain.kpi.measures import Figure
from childfirst.domain.kpi.returns import KpiReturn
from childfirst.performance import selectors
from childfirst.performance.charts import bar_chart
from childfirst.performance.engine import (
    Indicators,
    Period,
    compute_indicators,
    compute_return,
)
from childfirst.performance.models import FiguresVersion
from childfirst.performance.rules import (
    indicator_population_year,
    kpi9_population_year,
    kpi_rules,
    reoffending_rules,
)

#: The records of a child that the figures read: saving or deleting one raises the
#: child's figures version. ``tests/performance/test_cache.py`` checks that the figures
#: read no other table but these and ``REFERENCE_MODELS``.
CHILD_MODELS = (
    "casework.Child",
    "casework.Intervention",
    "casework.Outcome",
    "casework.Offence",
    "casework.AccommodationEpisode",
    "casework.EteEpisode",
    "casework.CareEpisode",
    "casework.HealthEpisode",
    "casework.SendRecord",
    "casework.Victim",
)
#: The many-to-many links among them (an outcome's offences, a victim's offences).
CHILD_LINKS = (("casework.Outcome", "offences"), ("casework.Victim", "offences"))
#: Reference data the figures read, whole tables, part of every key.
REFERENCE_MODELS = (
    "casework.AccommodationType",
    "casework.EteProvisionType",
    "casework.Ethnicity",
    "casework.OffenceType",
    "casework.OutcomeType",
    "performance.PopulationEstimate",
)
#: The source files whose digest is part of every key: the code that counts.
COUNTING_CODE = (
    "domain/kpi",
    "domain/periods.py",
    "domain/gravity.py",
    "performance/engine.py",
    "performance/selectors.py",
    "performance/rules.py",
    "performance/quality.py",
)
#: The chart code, whose digest is part of every kept chart's key.
CHART_CODE = ("performance/charts.py",)
#: How long a kept result may stay unread (it is never stale, only no longer wanted).
KEEP_SECONDS = 60 * 60 * 24 * 8

T = TypeVar("T")


def figures_cache() -> BaseCache:
    return caches["figures"]


@cache
def code_digest(names: tuple[str, ...] = COUNTING_CODE) -> str:
    """A digest of the counting code's source, worked out once a process."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    for name in names:
        path = root / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def children_read(period: Period, today: dt.date) -> list[QuerySet[Any, Any]]:
    """The children whose records the period's return and indicators read, as three
    queries of their ids: an intervention the KPIs count ending in the period, an outcome
    dated in it (KPI 9, first time entrants, custody, the reoffending cohort) or a
    release from custody in it (the reoffending cohort). Everything else they read is
    of these children."""
    ended = selectors.candidate_interventions(period, today)
    dealt = Outcome.objects.filter(date__gte=period.start, date__lte=period.end)
    released = Intervention.objects.filter(
        release_date__gte=period.start, release_date__lte=period.end
    )
    return [found.order_by().values("child_id") for found in (ended, dealt, released)]


def _model(label: str) -> type[Model]:
    return apps.get_model(label)


def children_digest(period: Period, today: dt.date) -> str:
    """A digest of each child the period reads, with their figures version: the ids in
    one query (a union, each part by its index), then the versions of those who have
    one, from the versions' own (smaller) table."""
    first, *rest = children_read(period, today)
    ids = sorted(set(first.union(*rest).values_list("child_id", flat=True)))
    within = Q()
    for part in children_read(period, today):
        within |= Q(child_id__in=part)
    versions = dict(FiguresVersion.objects.filter(within).values_list("child_id", "version"))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(",".join(f"{pk}:{versions.get(pk, 0)}" for pk in ids).encode())
    return digest.hexdigest()


def reference_digest(extra: tuple[str, ...] = ()) -> str:
    """A digest of the reference data the figures read (and the ``extra`` tables),
    row by row, and of the counting settings and code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{code_digest()}:{rules_digest()}".encode())
    for label in (*REFERENCE_MODELS, *extra):
        model = _model(label)
        digest.update(label.encode())
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def rules_digest() -> str:
    """The counting settings, as the figures read them."""
    found = (kpi_rules(), reoffending_rules(), kpi9_population_year(), indicator_population_year())
    return hashlib.blake2b(repr(found).encode(), digest_size=16).hexdigest()


class Digests:
    """The digests of :func:`key`, each worked out once for one page that asks for
    several kept results (the dashboard: five quarters' headlines and a quarter's check).
    Only for the length of one request that changes no record."""

    def __init__(self) -> None:
        self._children: dict[tuple[str, dt.date], str] = {}
        self._reference: dict[tuple[str, ...], str] = {}

    def children(self, period: Period, today: dt.date) -> str:
        name = (period_name(period), today)
        if name not in self._children:
            self._children[name] = children_digest(period, today)
        return self._children[name]

    def reference(self, extra: tuple[str, ...] = ()) -> str:
        if extra not in self._reference:
            self._reference[extra] = reference_digest(extra)
        return self._reference[extra]


def period_name(period: Period) -> str:
    return period.code if hasattr(period, "code") else str(period)


def key(
    kind: str,
    period: Period,
    today: dt.date,
    extra: tuple[str, ...] = (),
    digests: Digests | None = None,
) -> str:
    """The key of ``kind`` of result for ``period`` counted on ``today``."""
    digests = digests or Digests()
    parts = (
        kind,
        period_name(period),
        today.isoformat(),
        digests.reference(extra),
        digests.children(period, today),
    )
    return ":".join(("figures", *parts))


def kept(
    kind: str,
    period: Period,
    today: dt.date,
    work: Callable[[], T],
    extra: tuple[str, ...] = (),
    digests: Digests | None = None,
) -> T:
    """``work()``, kept under ``kind`` and :func:`key`: for a result worked out from the
    records of the children the period reads (and the ``extra`` tables) only."""
    store = figures_cache()
    name = key(kind, period, today, extra, digests)
    found = store.get(name)
    if found is None:
        found = work()
        store.set(name, found, KEEP_SECONDS)
    return found  # type: ignore[no-any-return]


def headlines(ret: KpiReturn) -> KpiReturn:
    """The return with each KPI's headline only: no table, and no ids behind the figure
    (what the dashboard shows, a small fraction of the whole to keep and read back)."""
    return replace(
        ret,
        kpis=tuple(
            replace(
                kpi,
                rows=(),
                columns=(),
                headline=Figure(
                    kpi.headline.numerator, kpi.headline.denominator, (), kpi.headline.per
                ),
            )
            for kpi in ret.kpis
        ),
    )


def cached_headlines(
    periods: Sequence[Period], today: dt.date, digests: Digests | None = None
) -> Iterator[KpiReturn]:
    """The headlines (:func:`headlines`) of each period's return in turn, kept: those
    kept are read back together first, and each missing one comes from the kept return
    (or is worked out) as the caller reaches it, so a page can say how far it has got."""
    store = figures_cache()
    digests = digests or Digests()
    names = [key("headlines", period, today, digests=digests) for period in periods]
    found = store.get_many(names)
    for period, name in zip(periods, names, strict=True):
        if name not in found:
            found[name] = headlines(cached_return(period, today, digests))
            store.set(name, found[name], KEEP_SECONDS)
        yield found[name]


def cached_return(
    period: Period, today: dt.date | None = None, digests: Digests | None = None
) -> KpiReturn:
    """``compute_return(period, today)``, kept until what it reads changes."""
    today = today or timezone.localdate()
    day = today
    return kept("return", period, day, lambda: compute_return(period, day), digests=digests)


def cached_indicators(period: Period, today: dt.date | None = None) -> Indicators:
    """``compute_indicators(period, today)``, kept until what it reads changes."""
    today = today or timezone.localdate()
    return kept("indicators", period, today, lambda: compute_indicators(period, today))


def cached_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str,
    withheld: Sequence[bool] = (),
) -> str:
    """``charts.bar_chart`` of these values, kept: a chart is drawn from its inputs alone,
    so the same inputs are the same SVG (drawing one takes Matplotlib a tenth of a second)."""
    inputs = repr((list(labels), list(values), unit, list(withheld)))
    digest = hashlib.blake2b(inputs.encode(), digest_size=16).hexdigest()
    name = f"chart:{code_digest(CHART_CODE)}:{digest}"
    store = figures_cache()
    found = store.get(name)
    if found is None:
        found = bar_chart(labels, values, unit, withheld=withheld)
        store.set(name, found, KEEP_SECONDS)
    return str(found)
