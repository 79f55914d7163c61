"""Analyses of a built index that COINr offers, for an index that regions will dispute.

* ``removal_effect``: every unit's rank when one indicator or aggregate is left out
  (COINr's ``remove_elements``, with the ranks of every unit rather than their mean shift);
* ``effective_weights``: the share of the index each item carries (COINr's
  ``get_eff_weights``), with constant indicators at 0;
* ``principal_components``: the principal components of each aggregate's children;
* ``outlier_table``: skewness, kurtosis, the treatment applied and the units outside the
  boxplot fences, per indicator;
* ``trends``: growth per unit across editions (COINr's ``get_trends``);
* ``compare_variants``: two methodological variants side by side (COINr's ``compare_coins``);
* ``screen_units``: units with too little data (COINr's ``Screen``).

Example:
    >>> from jiha.engines.composite import build_index
    >>> result = build_index(
    ...     {"unit": ["A", "B", "C"], "x": [1.0, 2.0, 3.0], "y": [3.0, 1.0, 2.0]},
    ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "y", "level": 1, "parent": "i"},
    ...      {"code": "i", "level": 2}],
    ... )
    >>> effect = removal_effect(result)
    >>> result.index_ranks.tolist(), effect.ranks["x"].tolist(), effect.ranks["y"].tolist()
    ([2.0, 3.0, 1.0], [1.0, 3.0, 2.0], [3.0, 2.0, 1.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .aggregate import aggregate_tree
from .errors import DataError, SpecError
from .outliers import kurtosis, skewness
from .pipeline import IndexResult, rows_of, screen
from .ranking import rank_units
from .table import IndicatorTable
from .types import FloatArray
from .weights import shares

__all__ = [
    "OutlierRow",
    "PrincipalComponents",
    "RemovalEffect",
    "Trends",
    "VariantComparison",
    "compare_variants",
    "effective_weights",
    "outlier_table",
    "principal_components",
    "removal_effect",
    "screen_units",
    "trends",
]


@dataclass(frozen=True)
class RemovalEffect:
    """Index ranks of every unit with each item left out, against the nominal ranks.

    ``ranks[code]`` and ``shifts[code]`` are (units,) arrays; a positive shift means the unit
    falls (its rank number grows) when ``code`` is removed.
    """

    units: tuple[str, ...]
    nominal: FloatArray
    ranks: dict[str, FloatArray]

    @property
    def shifts(self) -> dict[str, FloatArray]:
        return {code: ranks - self.nominal for code, ranks in self.ranks.items()}

    def mean_absolute_shift(self) -> dict[str, float]:
        """COINr's summary: the mean absolute rank change per removed item."""
        return {code: float(np.nanmean(np.abs(shift))) for code, shift in self.shifts.items()}

    def as_records(self) -> list[dict[str, Any]]:
        """One dict per removed item: ``code``, ``mean_abs_shift``, then rank and shift per
        unit (``ranks``/``shifts`` mapping unit -> value)."""
        means = self.mean_absolute_shift()
        return [
            {
                "code": code,
                "mean_abs_shift": means[code],
                "ranks": dict(zip(self.units, ranks.tolist(), strict=True)),
                "shifts": dict(zip(self.units, (ranks - self.nominal).tolist(), strict=True)),
            }
            for code, ranks in self.ranks.items()
        ]


def removal_effect(result: IndexResult, codes: Sequence[str] | None = None) -> RemovalEffect:
    """Rebuild the index without each item in turn (weight 0: its siblings share its weight).

    All rebuilds run as one batch (one weight vector per removed item). An item that is the
    only child of its parent takes the parent with it.

    Args:
        result: the nominal build (its weights and normalised data are reused).
        codes: items to remove; default every indicator and aggregate except the index.

    Example:
        >>> from jiha.engines.composite import build_index
        >>> result = build_index(
        ...     {"unit": ["A", "B", "C"], "x": [1.0, 2.0, 3.0], "y": [3.0, 1.0, 2.0]},
        ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "y", "level": 1, "parent": "i"},
        ...      {"code": "i", "level": 2}])
        >>> removal_effect(result, ["x"]).shifts["x"].tolist()  # scores 50, 25, 75 -> y alone
        [-1.0, 0.0, 1.0]
    """
    framework = result.framework
    chosen = tuple(codes) if codes is not None else framework.codes[:-1]
    for code in chosen:
        if code == framework.root:
            raise SpecError("the index itself cannot be removed; name an indicator or aggregate")
        framework.position(code)  # raises for an unknown code
    if len(result.plan) != framework.max_level - 1:
        raise SpecError("this result does not carry its aggregation plan; build it with Pipeline")
    batch = np.tile(result.weights, (len(chosen), 1))
    for row, code in enumerate(chosen):
        batch[row, framework.position(code)] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        levels = aggregate_tree(result.prepared.normalised, batch, framework, result.plan)
    ranks = rank_units(levels[-1][..., 0])
    return RemovalEffect(
        result.units, result.index_ranks, {code: ranks[i] for i, code in enumerate(chosen)}
    )


def effective_weights(result: IndexResult) -> dict[str, float]:
    """Each item's share of the index: its share among its siblings times its parent's.

    Items without data (constant indicators, aggregates with no score) carry 0 and their
    siblings share their weight, as in the aggregation.

    Example:
        >>> from jiha.engines.composite import build_index
        >>> result = build_index(
        ...     {"unit": ["A", "B"], "x": [1.0, 2.0], "y": [3.0, 1.0], "z": [5.0, 5.0]},
        ...     [{"code": "x", "level": 1, "parent": "p", "weight": 3},
        ...      {"code": "y", "level": 1, "parent": "p"},
        ...      {"code": "z", "level": 1, "parent": "q"},
        ...      {"code": "p", "level": 2, "parent": "i"}, {"code": "q", "level": 2, "parent": "i"},
        ...      {"code": "i", "level": 3}])
        >>> effective_weights(result)
        {'x': 0.75, 'y': 0.25, 'z': 0.0, 'p': 1.0, 'q': 0.0, 'i': 1.0}
    """
    framework = result.framework
    weights = result.weights.copy()
    without_data = np.isnan(result.scores).all(axis=0)
    weights[without_data] = 0.0
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.nan_to_num(shares(weights, framework))  # a parent without data: 0
    effective = np.ones(len(framework.codes))
    for position in range(len(framework.codes) - 2, -1, -1):  # parents before their children
        parent = framework.nodes[position].parent
        above = effective[framework.position(parent)] if parent is not None else 1.0
        effective[position] = within[position] * above
    return {code: float(value) for code, value in zip(framework.codes, effective, strict=True)}


@dataclass(frozen=True)
class PrincipalComponents:
    """Principal components of one aggregate's children (standardised, complete units).

    ``explained`` are the shares of variance of each component (largest first);
    ``loadings`` the first component's weights on each child (sign chosen so that they sum
    to a positive number).
    """

    code: str
    children: tuple[str, ...]
    units_used: int
    explained: FloatArray
    loadings: FloatArray


def principal_components(result: IndexResult, code: str) -> PrincipalComponents:
    """PCA of the normalised children of aggregate ``code`` (correlation matrix).

    Example:
        >>> from jiha.engines.composite import build_index
        >>> result = build_index(
        ...     {"unit": list("ABCD"), "x": [1.0, 2.0, 3.0, 4.0], "y": [2.0, 4.0, 6.0, 8.5]},
        ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "y", "level": 1, "parent": "i"},
        ...      {"code": "i", "level": 2}])
        >>> pca = principal_components(result, "i")
        >>> round(float(pca.explained[0]), 3), pca.loadings.round(3).tolist()
        (0.999, [0.707, 0.707])
    """
    framework = result.framework
    children = framework.children(code)
    if len(children) < 2:
        raise SpecError(
            f"'{code}' has {len(children)} child; principal components need at least two",
            item=code,
        )
    values = result.scores[:, [framework.position(child) for child in children]]
    informative = ~np.isnan(values).all(axis=0)
    complete = values[:, informative][~np.isnan(values[:, informative]).any(axis=1)]
    if complete.shape[0] < 3 or complete.shape[1] < 2:
        raise DataError(
            f"'{code}' has fewer than 3 units with every child observed; principal components "
            "need more complete data",
            item=code,
        )
    standardised = (complete - complete.mean(axis=0)) / complete.std(axis=0, ddof=1)
    eigenvalues, vectors = np.linalg.eigh(np.corrcoef(standardised, rowvar=False))
    order = np.argsort(eigenvalues)[::-1]
    explained = np.clip(eigenvalues[order], 0.0, None) / eigenvalues.sum()
    first = vectors[:, order[0]]
    loadings = np.full(len(children), np.nan)
    loadings[informative] = first if first.sum() >= 0 else -first
    return PrincipalComponents(code, children, int(complete.shape[0]), explained, loadings)


@dataclass(frozen=True)
class OutlierRow:
    """One indicator's distribution before treatment and what was done about it."""

    code: str
    skewness: float
    kurtosis: float
    treatment: str
    low_units: tuple[str, ...]
    high_units: tuple[str, ...]


def outlier_table(result: IndexResult) -> list[OutlierRow]:
    """Per indicator: skewness, excess kurtosis, the treatment applied and the units below
    ``Q1 - 1.5 IQR`` or above ``Q3 + 1.5 IQR`` (the boxplot fences), on the imputed data.

    Example:
        >>> from jiha.engines.composite import build_index
        >>> result = build_index(
        ...     {"unit": list("ABCDEF"), "x": [1.0, 2.0, 2.5, 3.0, 3.5, 40.0]},
        ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "i", "level": 2}])
        >>> row = outlier_table(result)[0]
        >>> row.high_units, row.treatment, round(row.skewness, 2)
        (('F',), 'none', 2.43)
    """
    prepared = result.prepared
    rows = []
    for j, code in enumerate(prepared.indicators):
        column = prepared.imputed[:, j]
        q1, q3 = np.nanpercentile(column, [25, 75]) if (~np.isnan(column)).any() else (0, 0)
        fence = 1.5 * (q3 - q1)
        low = tuple(u for u, v in zip(prepared.units, column, strict=True) if v < q1 - fence)
        high = tuple(u for u, v in zip(prepared.units, column, strict=True) if v > q3 + fence)
        rows.append(
            OutlierRow(code, skewness(column), kurtosis(column), prepared.treatment[j], low, high)
        )
    return rows


@dataclass(frozen=True)
class Trends:
    """Growth of each unit on each code across editions.

    ``slope`` is the least-squares change per period unit (e.g. points per year) and
    ``growth`` the compound growth rate per period unit between the first and last observed
    values (NaN when either is <= 0); both (units, codes), NaN with fewer than two values.
    """

    units: tuple[str, ...]
    codes: tuple[str, ...]
    slope: FloatArray
    growth: FloatArray


def trends(
    times: Sequence[float], values: FloatArray, units: Sequence[str], codes: Sequence[str]
) -> Trends:
    """Trends from (times, units, codes) values, one slice per edition.

    Example:
        >>> t = trends([2024, 2025, 2026], np.array([[[10.0]], [[11.0]], [[12.1]]]), ["A"], ["i"])
        >>> round(float(t.slope[0, 0]), 3), round(float(t.growth[0, 0]), 3)
        (1.05, 0.1)
    """
    when = np.asarray(times, dtype=np.float64)
    if values.shape[0] != when.size:
        raise DataError(f"{values.shape[0]} editions of values for {when.size} times")
    observed = ~np.isnan(values)
    count = observed.sum(axis=0)
    t = np.where(observed, when[:, None, None], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        dt = t - np.nanmean(t, axis=0)
        dy = values - np.nanmean(values, axis=0)
        slope = np.nansum(dt * dy, axis=0) / np.nansum(dt * dt, axis=0)
        first = np.argmax(observed, axis=0)
        last = when.size - 1 - np.argmax(observed[::-1], axis=0)
        start = np.take_along_axis(values, first[None], axis=0)[0]
        end = np.take_along_axis(values, last[None], axis=0)[0]
        span = when[last] - when[first]
        growth = np.where((start > 0) & (end > 0), (end / start) ** (1 / span) - 1, np.nan)
    enough = count >= 2
    return Trends(
        tuple(units),
        tuple(codes),
        np.where(enough, slope, np.nan),
        np.where(enough, growth, np.nan),
    )


@dataclass(frozen=True)
class VariantComparison:
    """One code's scores and ranks in two variants of the index, unit by unit."""

    code: str
    units: tuple[str, ...]
    scores: tuple[FloatArray, FloatArray]
    ranks: tuple[FloatArray, FloatArray]

    @property
    def rank_change(self) -> FloatArray:
        """Rank in the second variant minus rank in the first."""
        return self.ranks[1] - self.ranks[0]

    @property
    def mean_absolute_rank_change(self) -> float:
        return float(np.nanmean(np.abs(self.rank_change)))


def compare_variants(
    first: IndexResult, second: IndexResult, code: str | None = None
) -> VariantComparison:
    """Two builds of the same units side by side on ``code`` (default the index).

    Example:
        >>> from jiha.engines.composite import Pipeline, Framework, IndexSpec, IndicatorTable
        >>> framework = Framework.from_records([{"code": "x", "level": 1, "parent": "i"},
        ...     {"code": "y", "level": 1, "parent": "i"}, {"code": "i", "level": 2}])
        >>> table = IndicatorTable(("A", "B", "C", "D"), ("x", "y"),
        ...     np.array([[1.0, 40.0], [2.0, 10.0], [9.0, 20.0], [10.0, 12.0]]))
        >>> a = Pipeline(framework).run(table)  # min-max: 50, 5.6, 61.1, 53.3
        >>> b = Pipeline(framework, IndexSpec.from_dict({"normalisation": "rank"})).run(table)
        >>> compare_variants(a, b).ranks[1].tolist(), compare_variants(a, b).rank_change.tolist()
        ([3.0, 4.0, 1.0, 1.0], [0.0, 0.0, 0.0, -1.0])
    """
    if first.units != second.units:
        raise DataError("the two variants do not cover the same units in the same order")
    chosen = code or first.framework.root
    return VariantComparison(
        chosen,
        first.units,
        (first.score(chosen), second.score(chosen)),
        (first.rank(chosen), second.rank(chosen)),
    )


def screen_units(
    table: IndicatorTable, min_availability: float
) -> tuple[IndicatorTable, dict[str, float]]:
    """Units with at least ``min_availability`` of the indicators observed, and the share of
    those left out (COINr's ``Screen`` by data availability; ``IndexSpec``'s
    ``min_unit_availability`` does the same inside a build).

    Example:
        >>> table = IndicatorTable(("A", "B"), ("x", "y"), np.array([[1.0, np.nan], [2.0, 3.0]]))
        >>> kept, dropped = screen_units(table, 0.75)
        >>> kept.units, dropped
        (('B',), {'A': 0.5})
    """
    if table.is_panel:
        raise SpecError("screen one period at a time: select it with cross_section() first")
    keep, dropped = screen(table, min_availability)
    share = (~np.isnan(table.values)).mean(axis=1)
    position = {unit: i for i, unit in enumerate(table.units)}
    return rows_of(table, keep), {unit: float(share[position[unit]]) for unit in dropped}
