"""Composite indicators: a framework-free, vectorised equivalent of JRC's COINr.

Build a regional competitiveness index from a units x indicators table and an indicator
hierarchy: denominate, impute, treat outliers, normalise, weight, aggregate per level, rank;
audit the result (correlations, Cronbach's alpha, data availability); and measure how robust
the ranking is (Monte Carlo rank intervals, Sobol sensitivity indices with SALib).

Example:
    >>> result = build_index(
    ...     {"unit": ["A", "B"], "gdp": [1.0, 3.0], "jobs": [5.0, 4.0]},
    ...     [{"code": "gdp", "level": 1, "parent": "index"},
    ...      {"code": "jobs", "level": 1, "parent": "index"},
    ...      {"code": "index", "level": 2}],
    ... )
    >>> result.index_scores.tolist()
    [50.0, 50.0]
"""

from __future__ import annotations

from .aggregate import aggregate_level, aggregate_tree, weighted_sum
from .audit import Audit, audit, availability, correlation_flags, cronbach_alpha
from .denominate import denominate, denominate_table
from .errors import (
    AllMissingError,
    CompositeError,
    DataError,
    DenominatorError,
    DuplicateCodeError,
    DuplicateUnitError,
    FrameworkError,
    HierarchyCycleError,
    IndicatorWithoutMetadataError,
    InvalidDirectionError,
    LevelError,
    MissingIndicatorError,
    NegativeWeightError,
    NonFiniteValueError,
    NonPositiveValueError,
    RootError,
    SpecError,
    UnknownParentError,
)
from .framework import Framework, Node
from .impute import carry_forward, impute, impute_latest
from .normalise import (
    distance_to_target,
    goalposts,
    minmax,
    normalise,
    percentile_rank,
    rank_ascending,
    zscore,
)
from .outliers import fails_rule, kurtosis, log_transform, skewness, treat_outliers, winsorise
from .pipeline import IndexResult, Pipeline, PreparedData, build_index, check_table
from .ranking import rank_units
from .sensitivity import SobolIndices, index_sensitivity, sobol_indices
from .spec import (
    Aggregation,
    AggregationChoice,
    Denomination,
    IndexSpec,
    Normalisation,
    OutlierRule,
    Weighting,
    aggregation_plan,
)
from .table import IndicatorTable
from .uncertainty import Choices, Experiment, RankIntervals, UncertaintySpec, monte_carlo
from .weights import (
    apply_overrides,
    correlation_shares,
    equal_weights,
    manual_weights,
    optimise_weights,
    optimised_weights,
    perturb_weights,
    shares,
)

__all__ = [
    "Aggregation",
    "AggregationChoice",
    "AllMissingError",
    "Audit",
    "Choices",
    "CompositeError",
    "DataError",
    "Denomination",
    "DenominatorError",
    "DuplicateCodeError",
    "DuplicateUnitError",
    "Experiment",
    "Framework",
    "FrameworkError",
    "HierarchyCycleError",
    "IndexResult",
    "IndexSpec",
    "IndicatorTable",
    "IndicatorWithoutMetadataError",
    "InvalidDirectionError",
    "LevelError",
    "MissingIndicatorError",
    "NegativeWeightError",
    "Node",
    "NonFiniteValueError",
    "NonPositiveValueError",
    "Normalisation",
    "OutlierRule",
    "Pipeline",
    "PreparedData",
    "RankIntervals",
    "RootError",
    "SobolIndices",
    "SpecError",
    "UncertaintySpec",
    "UnknownParentError",
    "Weighting",
    "aggregate_level",
    "aggregate_tree",
    "aggregation_plan",
    "apply_overrides",
    "audit",
    "availability",
    "build_index",
    "carry_forward",
    "check_table",
    "correlation_flags",
    "correlation_shares",
    "cronbach_alpha",
    "denominate",
    "denominate_table",
    "distance_to_target",
    "equal_weights",
    "fails_rule",
    "goalposts",
    "impute",
    "impute_latest",
    "index_sensitivity",
    "kurtosis",
    "log_transform",
    "manual_weights",
    "minmax",
    "monte_carlo",
    "normalise",
    "optimise_weights",
    "optimised_weights",
    "percentile_rank",
    "perturb_weights",
    "rank_ascending",
    "rank_units",
    "shares",
    "skewness",
    "sobol_indices",
    "treat_outliers",
    "weighted_sum",
    "winsorise",
    "zscore",
]
