"""Benchmark: stratified case sampling against a simple random sample (the floor).

Prints, for eligible populations of several sizes, the sample size, the time to
draw the stratified sample, the time of ``random.sample`` for the same size (the
least any selection can cost), their ratio, and how far each sample's make-up is
from the population's (sum of squared differences in counts; 0 is a perfect match).
"""

from __future__ import annotations

import random
import time

from childfirst.domain.inspection import EligibleCase, court_sample_size, stratified_sample
from childfirst.domain.inspection.sampling import mismatch

SEXES = ["Male"] * 77 + ["Female"] * 23
DISPOSALS = (
    ["Referral order"] * 55
    + ["Youth rehabilitation order"] * 30
    + ["Fine"] * 10
    + ["Detention and training order"] * 5
)
LEVELS = ["Low"] * 45 + ["Medium"] * 35 + ["High"] * 17 + ["Very high"] * 3


def population(n: int, seed: int = 1) -> list[EligibleCase[int]]:
    rng = random.Random(seed)
    return [
        EligibleCase(
            i, rng.choice(SEXES), rng.choice(DISPOSALS), rng.choice(LEVELS), rng.choice(LEVELS)
        )
        for i in range(n)
    ]


def timed(fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    print(
        f"{'eligible':>8} {'sample':>6} {'stratified s':>12} {'random s':>9} {'ratio':>8} "
        f"{'mismatch strat':>14} {'mismatch random':>15}"
    )
    for n in (50, 200, 1000, 5000):
        cases = population(n)
        size = court_sample_size(n)
        t_strat, strat = timed(lambda c=cases, s=size: stratified_sample(c, s, seed=7))
        t_rand, rand = timed(lambda c=cases, s=size: random.Random(7).sample(c, s))
        print(
            f"{n:>8} {size:>6} {t_strat:>12.4f} {t_rand:>9.6f} {t_strat / t_rand:>8.0f} "
            f"{mismatch(strat, cases):>14.2f} {mismatch(rand, cases):>15.2f}"
        )


if __name__ == "__main__":
    main()
