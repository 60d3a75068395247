"""How many cases to inspect, and which: the inspectorate's case sampling.

Source: HMIP, Kingston and Richmond report (January 2021, seed ``002_…``),
Annexe 1, "Domain two" and "Domain three":

* court disposals: the sample size is "set to achieve a confidence level of 80
  per cent (with a margin of error of five)", which for a proportion is
  n0 = z^2 p (1 - p) / e^2 with z the two-sided 80% normal quantile, p = 0.5,
  e = 0.05, reduced by the finite population correction n = n0 / (1 + (n0 - 1)
  / N) and rounded up. Eight eligible cases give a sample of eight (Kingston and
  Richmond); 50 give 39 (Kent, seed ``000_…``);
* out-of-court disposals: "the combined case sample size comprises 60 per cent
  domain two cases and 40 per cent domain three", so court sample x 2/3, rounded
  up (8 -> 6; 39 -> 26), never more than the cases there are;
* "where possible we ensured that the ratios in relation to gender, sentence or
  disposal type, risk of serious harm, and risk to safety and wellbeing
  classifications matched those in the eligible population."

The stratified selection is our own: no library draws a sample matching several
marginal distributions at once (survey packages stratify on one joint key,
which leaves tiny strata at these sizes), so ``stratified_sample`` minimises the
squared distance between the sample's counts and the population's proportions
over all four characteristics, greedily and then by improving swaps, with ties
broken by a seeded shuffle so the same seed always gives the same sample.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist
from typing import Generic, TypeVar

CONFIDENCE = 0.80
MARGIN_OF_ERROR = 0.05
PROPORTION = 0.5
OUT_OF_COURT_SHARE = Fraction(2, 3)  # 40% of the combined sample is 2/3 of the 60%

#: The characteristics whose mix the sample should match (Annexe 1).
STRATA = ("sex", "disposal_type", "risk_of_serious_harm", "safety_and_wellbeing")

K = TypeVar("K", bound=Hashable)


def court_sample_size(
    population: int,
    confidence: float = CONFIDENCE,
    margin_of_error: float = MARGIN_OF_ERROR,
    proportion: float = PROPORTION,
) -> int:
    """Court cases to inspect out of ``population`` eligible (finite population corrected)."""
    if population < 0:
        raise ValueError("the eligible population cannot be negative")
    if not (0 < confidence < 1 and 0 < margin_of_error < 1 and 0 < proportion < 1):
        raise ValueError("confidence, margin of error and proportion must lie between 0 and 1")
    if population == 0:
        return 0
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * proportion * (1 - proportion) / (margin_of_error * margin_of_error)
    n = n0 / (1 + (n0 - 1) / population)
    return min(population, math.ceil(n))


def out_of_court_sample_size(court_sample: int, population: int) -> int:
    """Out-of-court cases: two thirds of the court sample, rounded up, capped by the population."""
    if court_sample < 0 or population < 0:
        raise ValueError("sample and population cannot be negative")
    return min(population, math.ceil(court_sample * OUT_OF_COURT_SHARE))


@dataclass(frozen=True)
class EligibleCase(Generic[K]):
    """A case that could be sampled, with the characteristics the sample must mirror."""

    key: K
    sex: str
    disposal_type: str
    risk_of_serious_harm: str
    safety_and_wellbeing: str

    def stratum(self, name: str) -> str:
        value: str = getattr(self, name)
        return value


def composition(cases: Sequence[EligibleCase[K]]) -> dict[str, dict[str, int]]:
    """Counts of each value of each characteristic, e.g. ``{"sex": {"Male": 6, ...}, ...}``."""
    return {name: dict(Counter(c.stratum(name) for c in cases)) for name in STRATA}


def mismatch(sample: Sequence[EligibleCase[K]], population: Sequence[EligibleCase[K]]) -> float:
    """Sum over characteristics of squared differences between the sample's counts and
    the counts it would have if it mirrored the population exactly (0 is a perfect match)."""
    targets = _targets(population, len(sample))
    got = composition(sample)
    return sum(
        (got[name].get(value, 0) - target) ** 2
        for name, values in targets.items()
        for value, target in values.items()
    )


def _targets(population: Sequence[EligibleCase[K]], size: int) -> dict[str, dict[str, float]]:
    total = len(population)
    return {
        name: {value: size * count / total for value, count in counts.items()}
        for name, counts in composition(population).items()
    }


def stratified_sample(
    population: Sequence[EligibleCase[K]], size: int, seed: int | str = 0
) -> list[EligibleCase[K]]:
    """Choose ``size`` cases whose mix of sex, disposal type, risk of serious harm and
    safety and wellbeing classification matches ``population`` as closely as whole
    cases allow. The same population, size and seed always give the same sample."""
    if size < 0:
        raise ValueError("sample size cannot be negative")
    keys = [c.key for c in population]
    if len(set(keys)) != len(keys):
        raise ValueError("each eligible case needs a unique key")
    if size >= len(population):
        return list(population)
    rng = random.Random(str(seed))
    order = list(population)
    rng.shuffle(order)
    targets = _targets(order, size)
    counts: dict[str, dict[str, int]] = {n: dict.fromkeys(targets[n], 0) for n in STRATA}

    def gain(case: EligibleCase[K], sign: int) -> float:
        # Change in the squared-distance objective from adding (+1) or removing (-1) a case.
        total = 0.0
        for name in STRATA:
            value = case.stratum(name)
            diff = counts[name][value] - targets[name][value]
            total += (diff + sign) ** 2 - diff**2
        return total

    def apply(case: EligibleCase[K], sign: int) -> None:
        for name in STRATA:
            counts[name][case.stratum(name)] += sign

    chosen: list[EligibleCase[K]] = []
    rest = order
    for _ in range(size):
        best = min(range(len(rest)), key=lambda i: gain(rest[i], 1))
        case = rest.pop(best)
        apply(case, 1)
        chosen.append(case)

    # Improve by swapping one chosen case for one left out while that helps.
    for _ in range(10 * size):
        best_delta, best_pair = -1e-9, None
        for i, out_case in enumerate(chosen):
            apply(out_case, -1)
            removal = gain(out_case, 1)  # what re-adding it would cost, with it removed
            for j, in_case in enumerate(rest):
                delta = gain(in_case, 1) - removal
                if delta < best_delta:
                    best_delta, best_pair = delta, (i, j)
            apply(out_case, 1)
        if best_pair is None:
            break
        i, j = best_pair
        apply(chosen[i], -1)
        apply(rest[j], 1)
        chosen[i], rest[j] = rest[j], chosen[i]
    return chosen


@dataclass(frozen=True)
class SamplePlan:
    """The sizes for both domains, from their eligible populations."""

    court_population: int
    court_sample: int
    out_of_court_population: int
    out_of_court_sample: int


def plan_samples(court_population: int, out_of_court_population: int) -> SamplePlan:
    court = court_sample_size(court_population)
    return SamplePlan(
        court_population,
        court,
        out_of_court_population,
        out_of_court_sample_size(court, out_of_court_population),
    )


def describe_composition(
    sample: Sequence[EligibleCase[K]], population: Sequence[EligibleCase[K]]
) -> Mapping[str, list[tuple[str, int, int]]]:
    """Side by side: for each characteristic, (value, count in sample, count in population)."""
    got, pop = composition(sample), composition(population)
    return {
        name: [(value, got[name].get(value, 0), n) for value, n in sorted(pop[name].items())]
        for name in STRATA
    }
