"""Uncertainty analysis: many builds under alternative choices, computed as one batch.

The uncertain inputs are the weights (each multiplied by U(1 - noise, 1 + noise), with the
noise chosen per level as COINr's ``get_noisy_weights`` does), the normalisation, the
aggregation, the imputation and the outlier limit (the most points winsorised), each drawn
from a list of alternatives.
A batch of replications is held as arrays (one choice index per replication per discrete input,
a (replications, codes) weight matrix). Imputation and normalisation are computed once per
alternative, giving a (imputations, normalisations, units, indicators) stack; replications are
then grouped by their discrete choices and each group is aggregated at once as a
(replications, units, children) tensor, so there is no Python loop per replication.

Example:
    >>> import numpy as np
    >>> from jiha.engines.composite import Framework
    >>> framework = Framework.from_records([
    ...     {"code": "x", "level": 1, "parent": "top"},
    ...     {"code": "y", "level": 1, "parent": "top"},
    ...     {"code": "top", "level": 2},
    ... ])
    >>> table = IndicatorTable(("A", "B", "C"), ("x", "y"),
    ...                        np.array([[1.0, 3.0], [2.0, 1.0], [3.0, 1.4]]))
    >>> intervals = monte_carlo(Pipeline(framework), table, UncertaintySpec(weight_noise=0.5),
    ...                         replications=200, seed=1)
    >>> intervals.nominal.tolist(), intervals.low.tolist(), intervals.high.tolist()
    ([2.0, 3.0, 1.0], [1.0, 3.0, 1.0], [2.0, 3.0, 2.0])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .aggregate import aggregate_tree
from .errors import CompositeError, SpecError
from .pipeline import IndexResult, Pipeline
from .ranking import rank_units
from .spec import (
    Aggregation,
    AggregationChoice,
    ImputationMethod,
    Normalisation,
    aggregation_plan,
    parse_aggregation,
    parse_normalisation,
)
from .table import IndicatorTable
from .types import FloatArray, IntArray
from .weights import perturb_weights

__all__ = ["Choices", "Experiment", "RankIntervals", "UncertaintySpec", "monte_carlo"]


@dataclass(frozen=True)
class UncertaintySpec:
    """Which choices are uncertain. An empty list keeps the spec's nominal choice.

    Dict form (``from_dict``)::

        weights: 0.25                       # ±25 % uniform noise on every weight
        # or per level of the weighted items: {1: 0.25, 2: 0.1} (levels not listed: none)
        normalisations: [minmax, {method: percentile, low: 1, high: 100}]
        aggregations: [arithmetic, {method: geometric, zero_guard: 1}]
        imputations: [mean, median, group_mean]
        outlier_limits: [2, 5, 8]           # the most points winsorised per indicator
    """

    weight_noise: float | Mapping[int, float] = 0.0
    normalisations: tuple[Normalisation, ...] = ()
    aggregations: tuple[AggregationChoice, ...] = ()
    imputations: tuple[ImputationMethod, ...] = ()
    outlier_limits: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        noises = (
            self.weight_noise.values()
            if isinstance(self.weight_noise, Mapping)
            else [self.weight_noise]
        )
        for noise in noises:
            if not 0 <= noise < 1:
                raise SpecError(f"weight noise {noise:g} must be in [0, 1)")
        for limit in self.outlier_limits:
            if limit < 0:
                raise SpecError(f"outlier limit {limit} must be a number of points >= 0")

    def noise(self, levels: Sequence[int]) -> FloatArray:
        """The weight noise of each code, given the level of each code.

        Example:
            >>> UncertaintySpec(weight_noise={2: 0.1}).noise([1, 1, 2, 3]).tolist()
            [0.0, 0.0, 0.1, 0.0]
        """
        if isinstance(self.weight_noise, Mapping):
            return np.array([float(self.weight_noise.get(level, 0.0)) for level in levels])
        return np.full(len(levels), float(self.weight_noise))

    @property
    def varies_weights(self) -> bool:
        """Whether some weight is perturbed."""
        if isinstance(self.weight_noise, Mapping):
            return any(noise > 0 for noise in self.weight_noise.values())
        return self.weight_noise > 0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UncertaintySpec:
        """Parse the dict form shown in the class docstring.

        Example:
            >>> UncertaintySpec.from_dict({"weights": 0.1, "imputations": ["mean"]}).imputations
            ('mean',)
        """
        known = {"weights", "normalisations", "aggregations", "imputations", "outlier_limits"}
        unknown = set(data) - known
        if unknown:
            raise SpecError(
                f"unknown uncertainty key '{sorted(unknown)[0]}'; use {', '.join(sorted(known))}"
            )
        return cls(
            weight_noise=_parse_noise(data.get("weights", 0.0)),
            normalisations=tuple(parse_normalisation(n) for n in data.get("normalisations", ())),
            aggregations=tuple(parse_aggregation(a) for a in data.get("aggregations", ())),
            imputations=tuple(str(m) for m in data.get("imputations", ())),  # type: ignore[misc]
            outlier_limits=tuple(int(limit) for limit in data.get("outlier_limits", ())),
        )


def _parse_noise(value: object) -> float | dict[int, float]:
    """A noise for every weight, or a mapping level -> noise."""
    if isinstance(value, Mapping):
        try:
            return {int(level): float(noise) for level, noise in value.items()}
        except (TypeError, ValueError):
            raise SpecError(
                f"weight noise by level must map level numbers to shares, not {dict(value)!r}"
            ) from None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise SpecError(f"weight noise must be a share such as 0.25, not {value!r}") from None


@dataclass(frozen=True)
class Choices:
    """A batch of replications: one row per replication."""

    imputation: IntArray
    normalisation: IntArray
    aggregation: IntArray
    weights: FloatArray
    outliers: IntArray | None = None

    @property
    def outlier(self) -> IntArray:
        """The outlier-limit alternative of each replication (0 when it does not vary)."""
        if self.outliers is None:
            return np.zeros(len(self), dtype=np.int64)
        return self.outliers

    def __len__(self) -> int:
        return int(self.weights.shape[0])


class Experiment:
    """Everything a batch needs, computed once: the nominal result and, per imputation x
    outlier limit x normalisation alternative, the normalised (units, indicators) matrix."""

    def __init__(
        self, pipeline: Pipeline, table: IndicatorTable, uncertainty: UncertaintySpec
    ) -> None:
        spec = pipeline.spec
        self.pipeline = pipeline
        self.uncertainty = uncertainty
        self.nominal: IndexResult = pipeline.run(table)
        self.imputations = uncertainty.imputations or (spec.imputation,)
        self.normalisations = uncertainty.normalisations or (spec.normalisation,)
        self.outlier_limits: tuple[int | None, ...] = uncertainty.outlier_limits or (None,)
        winsorising = [t for t in pipeline.framework.treatments if t and t.method == "winsorise"]
        if uncertainty.outlier_limits and spec.outliers is None and not winsorising:
            raise SpecError(
                "the outlier limit varies but nothing is winsorised; turn the spec's outlier "
                "rule on or give an indicator a 'winsorise' treatment",
                item="outlier_limits",
            )
        self.noise = uncertainty.noise(pipeline.framework.levels)
        max_level = pipeline.framework.max_level
        self.plans: tuple[tuple[Aggregation, ...], ...] = tuple(
            aggregation_plan(choice, max_level) for choice in uncertainty.aggregations
        ) or (pipeline.plan,)
        units = self.nominal.units
        self.normalised = np.stack(
            [
                np.stack(
                    [
                        np.stack(
                            [
                                pipeline.normalise(treated, n, units=units)
                                for n in self.normalisations
                            ]
                        )
                        for treated in (
                            pipeline.prepare(table, imputation=m, outlier_limit=limit).treated
                            for limit in self.outlier_limits
                        )
                    ]
                )
                for m in self.imputations
            ]
        )

    @property
    def units(self) -> tuple[str, ...]:
        return self.nominal.units

    def inputs(self) -> tuple[str, ...]:
        """The inputs that actually vary: weights, normalisation, aggregation, imputation,
        outliers (the winsorisation limit)."""
        sizes = {
            "weights": 2 if self.uncertainty.varies_weights else 1,
            "normalisation": len(self.normalisations),
            "aggregation": len(self.plans),
            "imputation": len(self.imputations),
            "outliers": len(self.outlier_limits),
        }
        return tuple(name for name, size in sizes.items() if size > 1)

    def random_choices(self, count: int, rng: np.random.Generator) -> Choices:
        """``count`` replications drawn uniformly (weights first, then each discrete input)."""
        weights = perturb_weights(self.nominal.weights, self.noise, count, rng)
        return Choices(
            imputation=rng.integers(len(self.imputations), size=count, dtype=np.int64),
            normalisation=rng.integers(len(self.normalisations), size=count, dtype=np.int64),
            aggregation=rng.integers(len(self.plans), size=count, dtype=np.int64),
            weights=weights,
            outliers=rng.integers(len(self.outlier_limits), size=count, dtype=np.int64),
        )

    def choices_from_cube(
        self, sample: FloatArray, names: Sequence[str], weight_bank: FloatArray
    ) -> Choices:
        """Map a (rows, inputs) sample of the unit cube to replications.

        A discrete input with k alternatives takes alternative ``floor(u k)``. The weights are
        one input too: ``u`` picks row ``floor(u m)`` of a bank of m weight vectors perturbed
        beforehand (``index_sensitivity`` draws m = N). So the weights are sampled as one
        discrete input with m alternatives, not weight by weight: the Sobol index of
        "weights" is that of the whole weighting, as when COINr samples from a list of noisy
        weight sets; it says nothing about any single weight.
        """
        count = sample.shape[0]

        def pick(name: str, options: int) -> IntArray:
            if name not in names:
                return np.zeros(count, dtype=np.int64)
            u = sample[:, list(names).index(name)]
            return np.minimum((u * options).astype(np.int64), options - 1)

        rows = pick("weights", weight_bank.shape[0])
        return Choices(
            imputation=pick("imputation", len(self.imputations)),
            normalisation=pick("normalisation", len(self.normalisations)),
            aggregation=pick("aggregation", len(self.plans)),
            weights=weight_bank[rows]
            if "weights" in names
            else np.tile(self.nominal.weights, (count, 1)),
            outliers=pick("outliers", len(self.outlier_limits)),
        )

    def normalised_batch(self, choices: Choices) -> FloatArray:
        """The (replications, units, indicators) normalised data of every replication.

        A gather from the per-alternative stack; ``evaluate`` computes the same thing without
        materialising it, one group of replications sharing their discrete choices at a time.
        """
        return np.asarray(
            self.normalised[choices.imputation, choices.outlier, choices.normalisation]
        )

    def evaluate(self, choices: Choices) -> FloatArray:
        """Index scores (replications, units) of every replication.

        Replications are grouped by their (imputation, normalisation, aggregation) choices; each
        group is aggregated at once with its (replications, codes) weights, so the Python loop
        runs over the few combinations of alternatives, never over replications.
        """
        keys = np.stack(
            [choices.imputation, choices.outlier, choices.normalisation, choices.aggregation],
            axis=1,
        )
        combos, inverse = np.unique(keys, axis=0, return_inverse=True)
        scores = np.empty((len(choices), len(self.units)))
        for c, (i, o, n, a) in enumerate(combos.tolist()):
            rows = np.flatnonzero(inverse.ravel() == c)
            try:
                levels = aggregate_tree(
                    self.normalised[i, o, n],
                    choices.weights[rows],
                    self.pipeline.framework,
                    self.plans[a],
                    units=self.units,
                )
            except CompositeError as error:
                raise type(error)(
                    f"with imputation '{self.imputations[i]}', normalisation "
                    f"'{self.normalisations[n].method}' and aggregation option {a + 1}: "
                    f"{error.message}",
                    item=error.item,
                    unit=error.unit,
                ) from error
            scores[rows] = levels[-1][..., 0]
        return scores


@dataclass(frozen=True)
class RankIntervals:
    """Monte Carlo rank distribution of each unit on the index.

    ``low`` and ``high`` are the 5th and 95th percentiles (linear interpolation), ``median``
    the 50th, ``nominal`` the rank of the nominal build; ``ranks`` and ``scores`` hold every
    replication (replications, units).
    """

    units: tuple[str, ...]
    nominal: FloatArray
    median: FloatArray
    low: FloatArray
    high: FloatArray
    ranks: FloatArray
    scores: FloatArray

    def as_records(self) -> list[dict[str, Any]]:
        """One dict per unit: unit, nominal, median, low (p5), high (p95)."""
        return [
            {
                "unit": unit,
                "nominal": float(self.nominal[i]),
                "median": float(self.median[i]),
                "low": float(self.low[i]),
                "high": float(self.high[i]),
            }
            for i, unit in enumerate(self.units)
        ]


def monte_carlo(
    pipeline: Pipeline,
    table: IndicatorTable,
    uncertainty: UncertaintySpec,
    *,
    replications: int = 1000,
    seed: int = 0,
) -> RankIntervals:
    """Rank intervals from ``replications`` random builds (same seed -> same result).

    Args:
        pipeline: the nominal framework and spec.
        table: the data.
        uncertainty: which choices vary and how.
        replications: number of random builds.
        seed: seed of numpy's default generator.
    """
    if replications < 1:
        raise SpecError("replications must be >= 1")
    experiment = Experiment(pipeline, table, uncertainty)
    choices = experiment.random_choices(replications, np.random.default_rng(seed))
    scores = experiment.evaluate(choices)
    ranks = rank_units(scores)
    low, median, high = np.nanpercentile(ranks, [5, 50, 95], axis=0)
    return RankIntervals(
        units=experiment.units,
        nominal=experiment.nominal.index_ranks,
        median=np.asarray(median, dtype=np.float64),
        low=np.asarray(low, dtype=np.float64),
        high=np.asarray(high, dtype=np.float64),
        ranks=ranks,
        scores=scores,
    )
