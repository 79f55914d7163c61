"""The pipeline: data table + metadata + spec -> scores and ranks at every level.

Steps, in COINr's order: select the period (panel data), screen units without enough data,
denominate, impute, treat outliers, normalise, weight, aggregate level by level, rank. An
indicator without variance is left out of its parent (see ``Pipeline.normalise``).
``Pipeline.prepare`` runs everything up to normalisation once; ``Pipeline.score`` and
``Pipeline.reweight`` re-aggregate from there, which is what the "adjust the weights" slider
calls.

Example:
    >>> result = build_index(
    ...     {"unit": ["A", "B", "C"], "gdp": [10.0, 20.0, 40.0], "jobless": [9.0, 3.0, 6.0]},
    ...     [{"code": "gdp", "level": 1, "parent": "index"},
    ...      {"code": "jobless", "level": 1, "parent": "index", "direction": -1},
    ...      {"code": "index", "level": 2}],
    ... )
    >>> result.index_scores.round(2).tolist(), result.index_ranks.tolist()
    ([0.0, 66.67, 75.0], [3.0, 2.0, 1.0])
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .aggregate import aggregate_tree
from .denominate import denominate_table
from .errors import AllMissingError, IndicatorWithoutMetadataError, MissingIndicatorError, SpecError
from .framework import Framework
from .impute import impute, impute_latest
from .normalise import normalise
from .outliers import treat_outliers
from .ranking import rank_units
from .spec import (
    Aggregation,
    ImputationMethod,
    IndexSpec,
    Normalisation,
    aggregation_plan,
)
from .table import IndicatorTable
from .types import BoolArray, FloatArray, IntArray
from .weights import apply_overrides, equal_weights, optimised_weights, shares

__all__ = [
    "IndexResult",
    "Pipeline",
    "PreparedData",
    "build_index",
    "check_table",
    "constant_columns",
    "rows_of",
    "screen",
]


@dataclass(frozen=True)
class PreparedData:
    """The cross-section after each data step, (units, indicators) each, before weighting."""

    units: tuple[str, ...]
    groups: tuple[str, ...] | None
    indicators: tuple[str, ...]
    raw: FloatArray
    denominated: FloatArray
    imputed: FloatArray
    treated: FloatArray
    normalised: FloatArray
    treatment: tuple[str, ...]
    #: Indicators without variance (every observed value equal), left out of their parent.
    constant: tuple[str, ...] = ()
    #: Units left out for lack of data (``IndexSpec.min_unit_availability``).
    screened_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndexResult:
    """Scores and ranks of every unit for every code (indicators normalised, aggregates).

    ``scores`` and ``ranks`` are (units, codes) with codes in the framework's level order, so
    the last column is the index. ``weights`` are the relative weights used (level order).
    """

    framework: Framework
    prepared: PreparedData
    weights: FloatArray
    scores: FloatArray
    ranks: FloatArray
    #: The aggregation of each level from 2 up, as built (analyses rebuild with it).
    plan: tuple[Aggregation, ...] = ()

    @property
    def units(self) -> tuple[str, ...]:
        return self.prepared.units

    @property
    def codes(self) -> tuple[str, ...]:
        return self.framework.codes

    @property
    def index_scores(self) -> FloatArray:
        """Scores of the root (the index)."""
        return self.scores[:, -1]

    @property
    def index_ranks(self) -> FloatArray:
        """Ranks on the root (the index)."""
        return self.ranks[:, -1]

    @property
    def shares(self) -> dict[str, float]:
        """Effective weight of each code within its parent (siblings sum to 1)."""
        values = shares(self.weights, self.framework)
        return {code: float(v) for code, v in zip(self.codes, values, strict=True)}

    def score(self, code: str) -> FloatArray:
        """Scores of all units on ``code``."""
        return self.scores[:, self.framework.position(code)]

    def rank(self, code: str) -> FloatArray:
        """Ranks of all units on ``code``."""
        return self.ranks[:, self.framework.position(code)]

    def as_records(self) -> list[dict[str, Any]]:
        """One dict per unit: ``unit``, then ``<code>`` score and ``<code>_rank`` per code."""
        rows: list[dict[str, Any]] = []
        for i, unit in enumerate(self.units):
            row: dict[str, Any] = {"unit": unit}
            for j, code in enumerate(self.codes):
                row[code] = float(self.scores[i, j])
                row[f"{code}_rank"] = float(self.ranks[i, j])
            rows.append(row)
        return rows


class Pipeline:
    """A framework and a spec, applied to data tables.

    Example:
        >>> framework = Framework.from_records([
        ...     {"code": "x", "level": 1, "parent": "top"},
        ...     {"code": "y", "level": 1, "parent": "top"},
        ...     {"code": "top", "level": 2},
        ... ])
        >>> table = IndicatorTable(("A", "B"), ("x", "y"), np.array([[1.0, 9.0], [2.0, 7.0]]))
        >>> pipeline = Pipeline(framework)
        >>> result = pipeline.run(table)
        >>> pipeline.reweight(result, {"x": 3}).index_scores.tolist()
        [25.0, 75.0]
    """

    def __init__(self, framework: Framework, spec: IndexSpec | None = None) -> None:
        self.framework = framework
        self.spec = spec or IndexSpec()
        self.plan: tuple[Aggregation, ...] = aggregation_plan(
            self.spec.aggregation, framework.max_level
        )

    def run(self, table: IndicatorTable) -> IndexResult:
        """All steps on ``table``."""
        return self.score(self.prepare(table))

    def prepare(
        self,
        table: IndicatorTable,
        *,
        imputation: ImputationMethod | None = None,
        normalisation: Normalisation | None = None,
        outlier_limit: int | None = None,
    ) -> PreparedData:
        """Period selection, screening, denomination, imputation, treatment, normalisation.

        ``imputation``, ``normalisation`` and ``outlier_limit`` (the most points winsorised)
        override the spec (used by uncertainty analysis).
        """
        spec, framework = self.spec, self.framework
        method = imputation or spec.imputation
        check_table(table, framework, spec)
        codes = framework.indicators
        raw = _select(table, codes, spec.time, latest=False)
        keep, screened_out = screen(raw, spec.min_unit_availability)
        denominated_table = denominate_table(table, spec.denominators)
        base = rows_of(
            _select(denominated_table, codes, spec.time, latest=method == "latest"), keep
        )
        _check_observed(base, codes, spec.time or table.latest_time())
        cross = "none" if method == "latest" else method
        imputed = impute(base.values, cross, groups=base.groups)
        treated, how = self.treat(imputed, outlier_limit)
        denominated = _select(denominated_table, codes, spec.time, latest=False)
        return PreparedData(
            units=base.units,
            groups=base.groups,
            indicators=framework.indicators,
            raw=raw.values[keep],
            denominated=denominated.values[keep],
            imputed=imputed,
            treated=treated,
            normalised=self.normalise(treated, normalisation, units=base.units),
            treatment=how,
            constant=tuple(np.array(codes)[constant_columns(treated)].tolist()),
            screened_out=screened_out,
        )

    def treat(
        self, values: FloatArray, outlier_limit: int | None = None
    ) -> tuple[FloatArray, tuple[str, ...]]:
        """The spec's outlier rule, or each indicator's own treatment; ``outlier_limit``
        replaces the most points winsorised of every winsorising rule."""
        rule = self.spec.outliers
        treatments = self.framework.treatments
        if outlier_limit is not None:
            rule = None if rule is None else replace(rule, winsorise_max=outlier_limit)
            treatments = tuple(
                replace(t, rule=replace(t.rule, winsorise_max=outlier_limit))
                if t is not None and t.method == "winsorise"
                else t
                for t in treatments
            )
        if rule is None and all(t is None for t in treatments):
            return values, tuple("none" for _ in self.framework.indicators)
        return treat_outliers(values, rule, treatments)

    def normalise(
        self,
        values: FloatArray,
        normalisation: Normalisation | None = None,
        *,
        units: Sequence[str] | None = None,
    ) -> FloatArray:
        """Normalise (..., units, indicators): each indicator with its own method, else the
        spec's (or the given) one. A constant indicator is missing for every unit, so that
        its parent is computed from its other children (weights renormalised)."""
        framework = self.framework
        default = normalisation or self.spec.normalisation
        normalised = np.empty_like(values)
        for method, columns in _by_method(framework.normalisations, default).items():
            normalised[..., columns] = normalise(
                values[..., columns],
                method,
                directions=framework.directions[columns],
                targets=framework.targets[columns],
                posts=framework.goalposts[columns],
                names=[framework.indicators[j] for j in np.arange(values.shape[-1])[columns]],
                units=units,
            )
        constant = constant_columns(values)
        return np.where(constant[..., None, :], np.nan, normalised)

    def nominal_weights(self, prepared: PreparedData) -> FloatArray:
        """Weights of the spec's weighting method, in level order."""
        weighting = self.spec.weighting
        if weighting.method == "equal":
            return apply_overrides(equal_weights(self.framework), self.framework, weighting.values)
        weights = apply_overrides(self.framework.weights, self.framework, weighting.values)
        if weighting.method == "optimised":
            weights = optimised_weights(
                prepared.normalised, self.framework, self.plan, weights, weighting.targets
            )
        return weights

    def score(self, prepared: PreparedData, weights: FloatArray | None = None) -> IndexResult:
        """Aggregate and rank ``prepared`` with ``weights`` (default: the spec's weights)."""
        used = self.nominal_weights(prepared) if weights is None else weights
        levels = aggregate_tree(
            prepared.normalised, used, self.framework, self.plan, units=prepared.units
        )
        scores = np.concatenate([prepared.normalised, *levels], axis=1)
        ranks = rank_units(scores, axis=0)
        return IndexResult(self.framework, prepared, used, scores, ranks, self.plan)

    def reweight(self, result: IndexResult, overrides: Mapping[str, float]) -> IndexResult:
        """Re-aggregate ``result`` with some weights changed (code -> new relative weight)."""
        weights = apply_overrides(result.weights, self.framework, overrides)
        return self.score(result.prepared, weights)


def build_index(
    data: IndicatorTable | Mapping[str, Sequence[object]],
    meta: Framework | Sequence[Mapping[str, object]],
    spec: IndexSpec | Mapping[str, Any] | None = None,
) -> IndexResult:
    """Build the index in one call.

    Args:
        data: an ``IndicatorTable`` or a dict of columns with a ``unit`` column (and optional
            ``group`` and ``time`` columns).
        meta: a ``Framework`` or metadata rows (see ``Framework.from_records``).
        spec: an ``IndexSpec``, its dict form (``IndexSpec.from_dict``) or None for defaults.

    Example:
        >>> build_index(
        ...     {"unit": ["A", "B"], "x": [1.0, 2.0]},
        ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "i", "level": 2}],
        ...     {"normalisation": {"method": "minmax", "low": 1, "high": 10}},
        ... ).index_scores.tolist()
        [1.0, 10.0]
    """
    table = data if isinstance(data, IndicatorTable) else IndicatorTable.from_columns(data)
    framework = meta if isinstance(meta, Framework) else Framework.from_records(meta)
    parsed = spec if spec is None or isinstance(spec, IndexSpec) else IndexSpec.from_dict(spec)
    return Pipeline(framework, parsed).run(table)


def _by_method(
    own: Sequence[Normalisation | None], default: Normalisation
) -> dict[Normalisation, slice | list[int]]:
    """The indicators normalised by each method: all of them at once (a view, not a copy)
    when none has its own."""
    if not any(own):
        return {default: slice(None)}
    methods = [method or default for method in own]
    return {
        method: [j for j, m in enumerate(methods) if m == method]
        for method in dict.fromkeys(methods)
    }


def constant_columns(values: FloatArray) -> BoolArray:
    """(..., indicators): True where every observed value of the indicator is the same.

    Example:
        >>> constant_columns(np.array([[1.0, 2.0], [1.0, 3.0], [np.nan, 4.0]])).tolist()
        [True, False]
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-missing columns: no warning
        spread = np.nanmax(values, axis=-2) - np.nanmin(values, axis=-2)
    return np.asarray(spread == 0, dtype=np.bool_)


def screen(raw: IndicatorTable, threshold: float) -> tuple[IntArray, tuple[str, ...]]:
    """Positions of the units with at least ``threshold`` of the indicators observed, and the
    codes of the others.

    Example:
        >>> table = IndicatorTable(("A", "B"), ("x", "y"), np.array([[1.0, np.nan], [2.0, 3.0]]))
        >>> screen(table, 0.75)
        (array([1]), ('A',))
    """
    if not 0 <= threshold <= 1:
        raise SpecError(f"min_unit_availability {threshold:g} must be between 0 and 1")
    share = (~np.isnan(raw.values)).mean(axis=1)
    kept = share >= threshold - 1e-9
    if not kept.any():
        raise SpecError(
            f"no unit has data for {threshold:.0%} of the indicators; lower min_unit_availability",
            item="min_unit_availability",
        )
    dropped = tuple(unit for unit, ok in zip(raw.units, kept.tolist(), strict=True) if not ok)
    return np.flatnonzero(kept).astype(np.int64), dropped


def rows_of(section: IndicatorTable, keep: IntArray) -> IndicatorTable:
    """The rows of ``section`` at positions ``keep``."""
    if keep.size == len(section.units):
        return section
    groups = None if section.groups is None else tuple(section.groups[i] for i in keep)
    units = tuple(section.units[i] for i in keep)
    return IndicatorTable(units, section.columns, section.values[keep], groups)


def check_table(table: IndicatorTable, framework: Framework, spec: IndexSpec) -> None:
    """Every indicator has a column and every column is an indicator or a denominator.

    Raises:
        MissingIndicatorError: an indicator of the metadata has no column in the data.
        IndicatorWithoutMetadataError: a data column is neither an indicator nor a denominator.
        SpecError: a denomination names something that is not an indicator, or a period is
            asked of data without periods.

    Example:
        >>> framework = Framework.from_records(
        ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "i", "level": 2}])
        >>> try:
        ...     check_table(IndicatorTable(("A",), ("y",), np.ones((1, 1))), framework, IndexSpec())
        ... except MissingIndicatorError as error:
        ...     print(error.code, error.item)
        indicator_missing_from_data x
    """
    for code in framework.indicators:
        if code not in table.columns:
            raise MissingIndicatorError(
                f"indicator '{code}' is in the metadata but has no column in the data; add the "
                "column or remove the metadata row",
                item=code,
            )
    denominators = {d.by for d in spec.denominators.values()}
    for code in table.columns:
        if code in framework.indicators or code in denominators:
            continue
        what = "is an aggregate in the metadata" if code in framework.codes else "has no metadata"
        raise IndicatorWithoutMetadataError(
            f"data column '{code}' {what}; add a level-1 metadata row for it, list it as a "
            "denominator, or drop the column",
            item=code,
        )
    for code in spec.denominators:
        if code not in framework.indicators:
            raise SpecError(
                f"denomination given for '{code}', which is not an indicator", item=code
            )
    if spec.time is not None and not table.is_panel:
        raise SpecError(
            f"the spec asks for period {spec.time} but the data has no time column; add one or "
            "leave the period out",
            item=str(spec.time),
        )


def _select(
    table: IndicatorTable, indicators: Sequence[str], time: int | None, *, latest: bool
) -> IndicatorTable:
    """The cross-section at ``time`` restricted to ``indicators``, in that order."""
    section = impute_latest(table, time) if latest else table.cross_section(time)
    positions = [section.columns.index(code) for code in indicators]
    return IndicatorTable(
        section.units, tuple(indicators), section.values[:, positions], section.groups
    )


def _check_observed(section: IndicatorTable, indicators: Sequence[str], time: int | None) -> None:
    for code in indicators:
        if np.isnan(section.column(code)).all():
            when = f" in period {time}" if time is not None else ""
            raise AllMissingError(
                f"indicator '{code}' has no value for any unit{when}; supply data or remove it "
                "from the metadata",
                item=code,
            )
