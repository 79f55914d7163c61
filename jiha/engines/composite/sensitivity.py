"""Variance-based sensitivity analysis (Sobol indices) with SALib.

``sobol_indices`` wraps SALib: Saltelli sampling (``SALib.sample.sobol.sample`` without
second-order terms, so N x (D + 2) rows), one vectorised call of the model on all rows, then
``SALib.analyze.sobol.analyze`` for first-order and total indices with bootstrap confidence
intervals. ``index_sensitivity`` applies it to the index: the inputs are the uncertain choices
of an ``UncertaintySpec`` mapped from the unit cube, and the output is, as in COINr, the mean
absolute rank change against the nominal ranking, or the rank of one chosen unit.

Example (the Ishigami function, whose indices are known):
    >>> import numpy as np
    >>> def ishigami(x):
    ...     return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    >>> result = sobol_indices(ishigami, ["x1", "x2", "x3"], 1024, bounds=[(-np.pi, np.pi)] * 3)
    >>> result.first_order.round(1).tolist(), result.total.round(1).tolist()
    ([0.3, 0.4, 0.0], [0.6, 0.4, 0.2])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from .errors import SpecError
from .pipeline import Pipeline
from .ranking import rank_units
from .table import IndicatorTable
from .types import FloatArray
from .uncertainty import Experiment, UncertaintySpec
from .weights import perturb_weights

__all__ = ["SobolIndices", "index_sensitivity", "sobol_indices"]


@dataclass(frozen=True)
class SobolIndices:
    """First-order and total Sobol indices with confidence half-widths, one per input."""

    names: tuple[str, ...]
    first_order: FloatArray
    first_order_conf: FloatArray
    total: FloatArray
    total_conf: FloatArray
    n_base: int
    outputs: FloatArray

    @property
    def evaluations(self) -> int:
        """Number of model runs (N x (D + 2))."""
        return int(self.outputs.size)

    def as_records(self) -> list[dict[str, Any]]:
        """One dict per input: name, first_order, first_order_conf, total, total_conf."""
        return [
            {
                "name": name,
                "first_order": float(self.first_order[i]),
                "first_order_conf": float(self.first_order_conf[i]),
                "total": float(self.total[i]),
                "total_conf": float(self.total_conf[i]),
            }
            for i, name in enumerate(self.names)
        ]


def sobol_indices(
    model: Callable[[FloatArray], FloatArray],
    names: Sequence[str],
    n: int,
    *,
    bounds: Sequence[tuple[float, float]] | None = None,
    seed: int = 0,
    resamples: int = 100,
    confidence: float = 0.95,
) -> SobolIndices:
    """Sobol first-order and total indices of ``model`` (vectorised over sample rows).

    Args:
        model: maps a (rows, inputs) sample to (rows,) outputs in one call.
        names: input names.
        n: base sample size N (a power of 2 keeps the Sobol sequence balanced).
        bounds: (low, high) per input; default the unit cube.
        seed: seeds both the scrambled Sobol sequence and the bootstrap.
        resamples: bootstrap resamples for the confidence intervals.
        confidence: confidence level of the intervals.
    """
    if not names:
        raise SpecError("sensitivity analysis needs at least one uncertain input")
    problem = {
        "num_vars": len(names),
        "names": list(names),
        "bounds": [list(b) for b in bounds] if bounds else [[0.0, 1.0]] * len(names),
    }
    sample = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    outputs = np.asarray(model(np.asarray(sample, dtype=np.float64)), dtype=np.float64)
    if np.ptp(outputs) == 0:
        zeros = np.zeros(len(names))
        return SobolIndices(tuple(names), zeros, zeros, zeros, zeros, n, outputs)
    found = sobol_analyze.analyze(
        problem,
        outputs,
        calc_second_order=False,
        num_resamples=resamples,
        conf_level=confidence,
        # SALib only seeds its bootstrap when the seed is truthy: seed 0 would be random.
        seed=seed + 1,
    )
    return SobolIndices(
        names=tuple(names),
        first_order=np.asarray(found["S1"], dtype=np.float64),
        first_order_conf=np.asarray(found["S1_conf"], dtype=np.float64),
        total=np.asarray(found["ST"], dtype=np.float64),
        total_conf=np.asarray(found["ST_conf"], dtype=np.float64),
        n_base=n,
        outputs=outputs,
    )


def index_sensitivity(
    pipeline: Pipeline,
    table: IndicatorTable,
    uncertainty: UncertaintySpec,
    *,
    n: int = 1024,
    unit: str | None = None,
    seed: int = 0,
    weight_sets: int | None = None,
) -> SobolIndices:
    """Sobol indices of the uncertain choices on the index ranking.

    Args:
        pipeline: the nominal framework and spec.
        table: the data.
        uncertainty: the uncertain inputs (only those that vary become Sobol inputs).
        n: base sample size; the index is rebuilt N x (D + 2) times, all in one batch.
        unit: output = rank of this unit; default = mean absolute rank change of all units
            against the nominal ranking.
        seed: seeds the sample, the weight perturbations and the bootstrap.
        weight_sets: size of the bank of perturbed weight vectors the weights input picks
            from (default N).

    Example:
        >>> from jiha.engines.composite import Framework, IndicatorTable, Normalisation
        >>> framework = Framework.from_records([{"code": "x", "level": 1, "parent": "i"},
        ...     {"code": "y", "level": 1, "parent": "i"}, {"code": "i", "level": 2}])
        >>> table = IndicatorTable(("A", "B", "C"), ("x", "y"),
        ...                        np.array([[1.0, 9.0], [2.0, 8.0], [30.0, 1.0]]))
        >>> uncertainty = UncertaintySpec(
        ...     weight_noise=0.1, normalisations=(Normalisation("minmax"), Normalisation("rank")))
        >>> result = index_sensitivity(Pipeline(framework), table, uncertainty, n=64)
        >>> result.names, result.evaluations
        (('weights', 'normalisation'), 256)
    """
    experiment = Experiment(pipeline, table, uncertainty)
    names = experiment.inputs()
    nominal = experiment.nominal.index_ranks
    if unit is not None and unit not in experiment.units:
        raise SpecError(f"unit '{unit}' is not in the data", item=unit, unit=unit)
    bank = perturb_weights(
        experiment.nominal.weights, experiment.noise, weight_sets or n, np.random.default_rng(seed)
    )

    def model(sample: FloatArray) -> FloatArray:
        ranks = rank_units(experiment.evaluate(experiment.choices_from_cube(sample, names, bank)))
        if unit is not None:
            return ranks[:, experiment.units.index(unit)]
        return np.asarray(np.nanmean(np.abs(ranks - nominal), axis=1), dtype=np.float64)

    return sobol_indices(model, names, n, seed=seed)
