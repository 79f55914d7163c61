"""Benchmark of the composite-indicator engine (run by hand, not by the test suite).

    .venv/bin/python bench/bench_composite.py

Measures, on reproducible random data:

(a) one full build of a 51 units x 49 indicators index (10 sub-pillars, 3 pillars, ~5 % NaN);
(b) Sobol sensitivity with N = 1024 and 4 uncertain inputs (weights ±25 %, 3 normalisations,
    2 aggregations, 3 imputations), i.e. N x (D + 2) = 6,144 rebuilds, SALib analysis included
    (then the same with Copeland as a third aggregation, and 6,144 Monte Carlo replications);
(c) the "adjust the weights" slider: re-aggregating 12 units x 20 indicators after one weight
    changes (median of 20);
(d) what an edition stores for a disputed index, 51 x 49: every unit's rank without each of
    the 62 indicators and aggregates (one batch), effective weights and the outlier table;
(e) Sobol N = 1024 with the outlier (winsorisation) limit as a fifth input (2, 5 or 8 points,
    COINr's rule on), weight noise on the pillars only: N x (D + 2) = 7,168 rebuilds.

For reference, COINr needs 70-83 s for 600 rebuilds of its 51 x 49 example on a 2-core machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from jiha.engines.composite import (
    Aggregation,
    Framework,
    IndexSpec,
    IndicatorTable,
    Normalisation,
    OutlierRule,
    Pipeline,
    UncertaintySpec,
    effective_weights,
    index_sensitivity,
    monte_carlo,
    outlier_table,
    removal_effect,
)

SEED = 20261126


def make_framework(sub_pillar_sizes: list[int], pillar_sizes: list[int]) -> Framework:
    """Indicators i01.. in sub-pillars s01.. in pillars p1.. under one index."""
    rng = np.random.default_rng(SEED)
    rows: list[dict[str, object]] = []
    sub_pillar_parents = [f"p{p + 1}" for p, size in enumerate(pillar_sizes) for _ in range(size)]
    count = 0
    for s, size in enumerate(sub_pillar_sizes):
        for _ in range(size):
            count += 1
            rows.append(
                {
                    "code": f"i{count:02d}",
                    "level": 1,
                    "parent": f"s{s + 1:02d}",
                    "direction": int(rng.choice([1, 1, 1, -1])),
                    "weight": float(rng.integers(1, 4)),
                }
            )
        rows.append({"code": f"s{s + 1:02d}", "level": 2, "parent": sub_pillar_parents[s]})
    rows += [{"code": f"p{p + 1}", "level": 3, "parent": "index"} for p in range(len(pillar_sizes))]
    rows.append({"code": "index", "level": 4, "parent": None})
    return Framework.from_records(rows)


def make_table(framework: Framework, units: int, missing: float) -> IndicatorTable:
    """Correlated log-normal indicators with some values missing, units in 5 groups."""
    rng = np.random.default_rng(SEED + units)
    common = rng.normal(size=(units, 1))
    values = np.exp(0.6 * common + rng.normal(scale=0.8, size=(units, len(framework.indicators))))
    values[rng.random(values.shape) < missing] = np.nan
    codes = tuple(f"U{u:02d}" for u in range(units))
    groups = tuple(f"g{u % 5}" for u in range(units))
    return IndicatorTable(codes, framework.indicators, values * 100, groups)


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and minimum wall time in seconds of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    framework = make_framework([5, 5, 5, 5, 5, 5, 5, 5, 5, 4], [4, 3, 3])
    table = make_table(framework, 51, missing=0.05)
    spec = IndexSpec(imputation="mean", normalisation=Normalisation("minmax", 1, 100))
    pipeline = Pipeline(framework, spec)
    uncertainty = UncertaintySpec(
        weight_noise=0.25,
        normalisations=(
            Normalisation("minmax", 1, 100),
            Normalisation("percentile", 1, 100),
            Normalisation("zscore", center=100, scale=10),
        ),
        aggregations=(Aggregation("arithmetic"), Aggregation("geometric")),
        imputations=("mean", "median", "group_mean"),
    )

    build, build_min = timed(lambda: pipeline.run(table), repeat=20)
    print(f"(a) one full build 51 x 49: median {build * 1e3:.2f} ms (min {build_min * 1e3:.2f})")

    sobol = index_sensitivity(pipeline, table, uncertainty, n=1024, seed=1)
    sensitivity, sensitivity_min = timed(
        lambda: index_sensitivity(pipeline, table, uncertainty, n=1024, seed=1), repeat=5
    )
    print(
        f"(b) Sobol N=1024, D={len(sobol.names)}: {sobol.evaluations} rebuilds in median "
        f"{sensitivity:.3f} s (min {sensitivity_min:.3f}); "
        f"{sobol.evaluations / sensitivity:,.0f} rebuilds/s"
    )
    for row in sobol.as_records():
        print(
            f"    {row['name']:<14} S1 {row['first_order']:6.3f} ± {row['first_order_conf']:.3f}"
            f"   ST {row['total']:6.3f} ± {row['total_conf']:.3f}"
        )

    with_copeland = UncertaintySpec(
        weight_noise=uncertainty.weight_noise,
        normalisations=uncertainty.normalisations,
        aggregations=(*uncertainty.aggregations, Aggregation("copeland")),
        imputations=uncertainty.imputations,
    )
    copeland, _ = timed(
        lambda: index_sensitivity(pipeline, table, with_copeland, n=1024, seed=1), repeat=3
    )
    print(f"    same with Copeland as a third aggregation (all levels): median {copeland:.3f} s")

    carlo, _ = timed(
        lambda: monte_carlo(pipeline, table, uncertainty, replications=6144, seed=1), repeat=5
    )
    print(f"    Monte Carlo, 6,144 replications: median {carlo:.3f} s")

    small = make_framework([5, 5, 5, 5], [2, 2])
    small_table = make_table(small, 12, missing=0.0)
    small_pipeline = Pipeline(small, IndexSpec(normalisation=Normalisation("minmax", 1, 100)))
    result = small_pipeline.run(small_table)
    weights = iter(np.linspace(0.5, 3.0, 1000))
    slider, slider_min = timed(
        lambda: small_pipeline.reweight(result, {"i03": float(next(weights))}), repeat=20
    )
    print(f"(c) weight change 12 x 20: median {slider * 1e3:.3f} ms (min {slider_min * 1e3:.3f})")

    nominal = pipeline.run(table)
    disputes, disputes_min = timed(
        lambda: (removal_effect(nominal), effective_weights(nominal), outlier_table(nominal)),
        repeat=20,
    )
    print(
        f"(d) removal effect of 62 items + effective weights + outlier table, 51 x 49: median "
        f"{disputes * 1e3:.2f} ms (min {disputes_min * 1e3:.2f})"
    )

    treated = Pipeline(
        framework,
        IndexSpec(
            imputation="mean", outliers=OutlierRule(), normalisation=Normalisation("minmax", 1, 100)
        ),
    )
    limits = UncertaintySpec(
        weight_noise={3: 0.25},
        normalisations=uncertainty.normalisations,
        aggregations=uncertainty.aggregations,
        imputations=uncertainty.imputations,
        outlier_limits=(2, 5, 8),
    )
    outliers = index_sensitivity(treated, table, limits, n=1024, seed=1)
    limit_time, limit_min = timed(
        lambda: index_sensitivity(treated, table, limits, n=1024, seed=1), repeat=5
    )
    print(
        f"(e) Sobol N=1024, D={len(outliers.names)} with outlier limits: "
        f"{outliers.evaluations} rebuilds in median {limit_time:.3f} s (min {limit_min:.3f})"
    )
    for row in outliers.as_records():
        print(f"    {row['name']:<14} S1 {row['first_order']:6.3f}   ST {row['total']:6.3f}")


if __name__ == "__main__":
    main()
