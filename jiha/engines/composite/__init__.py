"""Composite indicators: a framework-free, vectorised equivalent of JRC's COINr.

Build a regional competitiveness index from a units x indicators table and an indicator
hierarchy: denominate, impute, treat outliers, normalise, weight, aggregate per level, rank;
audit the result (correlations, Cronbach's alpha, data availability); measure how robust
the ranking is (Monte Carlo rank intervals, Sobol sensitivity indices with SALib); and the
analyses of ``analysis.py`` (removal effect on every rank, effective weights, principal
components, outlier table, trends, variants side by side, unit screening).

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
from .analysis import (
    OutlierRow,
    PrincipalComponents,
    RemovalEffect,
    Trends,
    VariantComparison,
    compare_variants,
    effective_weights,
    outlier_table,
    principal_components,
    removal_effect,
    screen_units,
    trends,
)
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
    borda,
    distance_to_max,
    distance_to_reference,
    distance_to_target,
    fraction_of_max,
    goalposts,
    minmax,
    normalise,
    percentile_rank,
    rank_ascending,
    zscore,
)
from .outliers import (
    box_cox,
    fails_rule,
    kurtosis,
    log_transform,
    skewness,
    treat_outliers,
    winsorise,
)
from .pipeline import (
    IndexResult,
    Pipeline,
    PreparedData,
    build_index,
    check_table,
    constant_columns,
)
from .ranking import rank_units
from .sensitivity import SobolIndices, index_sensitivity, sobol_indices
from .spec import (
    Aggregation,
    AggregationChoice,
    Denomination,
    IndexSpec,
    Normalisation,
    OutlierRule,
    Treatment,
    Weighting,
    aggregation_plan,
)
from .table import IndicatorTable
from .uncertainty import Choices, Experiment, RankIntervals, UncertaintySpec, monte_carlo
from .validation import MIN_PAIRS, Correlation, average_ranks, correlate
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
    "MIN_PAIRS",
    "Choices",
    "CompositeError",
    "Correlation",
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
    "OutlierRow",
    "OutlierRule",
    "Pipeline",
    "PreparedData",
    "PrincipalComponents",
    "RankIntervals",
    "RemovalEffect",
    "RootError",
    "SobolIndices",
    "SpecError",
    "Treatment",
    "Trends",
    "UncertaintySpec",
    "UnknownParentError",
    "VariantComparison",
    "Weighting",
    "aggregate_level",
    "aggregate_tree",
    "aggregation_plan",
    "apply_overrides",
    "audit",
    "availability",
    "average_ranks",
    "borda",
    "box_cox",
    "build_index",
    "carry_forward",
    "check_table",
    "compare_variants",
    "constant_columns",
    "correlation_flags",
    "correlate",
    "correlation_shares",
    "cronbach_alpha",
    "denominate",
    "denominate_table",
    "distance_to_max",
    "distance_to_reference",
    "distance_to_target",
    "effective_weights",
    "equal_weights",
    "fails_rule",
    "fraction_of_max",
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
    "outlier_table",
    "percentile_rank",
    "perturb_weights",
    "principal_components",
    "rank_ascending",
    "rank_units",
    "removal_effect",
    "screen_units",
    "shares",
    "skewness",
    "sobol_indices",
    "treat_outliers",
    "trends",
    "weighted_sum",
    "winsorise",
    "zscore",
]
