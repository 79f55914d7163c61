"""The build specification: which method each step uses, as plain frozen dataclasses.

A spec can be written in code or loaded from a versioned YAML/JSON file through
``IndexSpec.from_dict``. The dict format (every key optional)::

    time: 2024                       # panel data: period to score (default: latest)
    denominators:                    # indicator -> denominator column (and scale)
      gdp: {by: population, scale: 1000}
    imputation: group_mean           # none | mean | median | group_mean | group_median | latest
    outliers: false                  # true, or {winsorise_max: 5, skew_threshold: 2,
                                     #           kurtosis_threshold: 3.5}
    normalisation: {method: minmax, low: 0, high: 100}
                                     # minmax | zscore | rank | percentile | target | goalposts
                                     # | borda | dist2max | dist2ref (reference: unit) | fracmax
    min_unit_availability: 0.5       # screen out units with less data (share of indicators)
    weights: {method: manual, values: {gdp: 2}}
                                     # manual | equal | optimised (targets: {code: share})
    aggregation: {method: arithmetic}   # or per level: {default: {...}, 3: {method: geometric}}
                                     # min_available: 0.5 -> a unit with less than half of a
                                     # parent's children has no score for that parent

Each indicator of the framework may carry its own ``normalisation`` and ``treatment`` (see
``Treatment``), which replace the spec's for that indicator.

Example:
    >>> spec = IndexSpec.from_dict({"imputation": "mean", "aggregation": {
    ...     "default": "arithmetic", 3: {"method": "geometric", "zero_guard": 1}}})
    >>> [a.method for a in aggregation_plan(spec.aggregation, max_level=3)]
    ['arithmetic', 'geometric']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal, get_args

from .errors import SpecError

__all__ = [
    "Aggregation",
    "AggregationChoice",
    "AggregationMethod",
    "Denomination",
    "ImputationMethod",
    "IndexSpec",
    "Normalisation",
    "NormalisationMethod",
    "OutlierRule",
    "Treatment",
    "TreatmentMethod",
    "Weighting",
    "WeightingMethod",
    "aggregation_plan",
    "parse_aggregation",
    "parse_normalisation",
    "parse_treatment",
]

NormalisationMethod = Literal[
    "minmax",
    "zscore",
    "rank",
    "percentile",
    "target",
    "goalposts",
    "borda",
    "dist2max",
    "dist2ref",
    "fracmax",
]
TreatmentMethod = Literal["none", "winsorise", "log", "boxcox"]
AggregationMethod = Literal["arithmetic", "geometric", "harmonic", "generalised", "copeland"]
ImputationMethod = Literal["none", "mean", "median", "group_mean", "group_median", "latest"]
WeightingMethod = Literal["manual", "equal", "optimised"]


def _check_choice(value: str, allowed: Any, what: str) -> None:
    options = get_args(allowed)
    if value not in options:
        raise SpecError(
            f"unknown {what} '{value}'; choose one of {', '.join(options)}", item=str(value)
        )


@dataclass(frozen=True)
class Normalisation:
    """How indicators are brought onto a common scale (directions are always applied).

    Attributes:
        method: ``minmax``, ``zscore``, ``rank``, ``percentile``, ``target``, ``goalposts``,
            or COINr's ``borda`` (rank - 1), ``dist2max`` (1 - distance to the best value as a
            share of the range), ``dist2ref`` (the same against a reference unit's value) and
            ``fracmax`` (value / best value).
        low, high: output range of minmax, percentile, target, goalposts, dist2max, dist2ref
            and fracmax (their [0, 1] scores are mapped onto it).
        center, scale: mean and standard deviation of z-scores.
        cap: target, goalposts and dist2ref: values beyond the target, the posts or the
            reference are capped.
        reference: dist2ref: the unit whose value scores ``high``.
    """

    method: NormalisationMethod = "minmax"
    low: float = 0.0
    high: float = 100.0
    center: float = 0.0
    scale: float = 1.0
    cap: bool = True
    reference: str = ""

    def __post_init__(self) -> None:
        _check_choice(self.method, NormalisationMethod, "normalisation method")
        if self.method == "dist2ref" and not self.reference:
            raise SpecError(
                "'dist2ref' normalisation needs a reference unit, e.g. "
                "{method: dist2ref, reference: MA-06}"
            )
        if not self.high > self.low:
            raise SpecError(
                f"normalisation range [{self.low:g}, {self.high:g}] is empty; use high > low"
            )
        if not self.scale > 0:
            raise SpecError(f"z-score scale {self.scale:g} must be > 0")


@dataclass(frozen=True)
class Aggregation:
    """How children are combined into their parent at one level.

    Attributes:
        method: ``arithmetic``, ``geometric``, ``harmonic``, ``generalised`` or ``copeland``.
        p: power of the generalised mean (1 = arithmetic, 0 = geometric, -1 = harmonic).
        zero_guard: added to every value before a geometric, harmonic or p <= 0 mean and
            subtracted from the result, so scores with zeros (e.g. min-max [0, 100]) can be
            aggregated. 0 (default) refuses zeros and negatives with ``NonPositiveValueError``.
        min_available: share of a parent's informative children (those with a value for some
            unit) a unit needs, else its score for that parent is missing (COINr's
            ``dat_thresh``); 0 (default) scores a unit from any one child.
    """

    method: AggregationMethod = "arithmetic"
    p: float = 1.0
    zero_guard: float = 0.0
    min_available: float = 0.0

    def __post_init__(self) -> None:
        _check_choice(self.method, AggregationMethod, "aggregation method")
        if not (math.isfinite(self.p) and math.isfinite(self.zero_guard)):
            raise SpecError("aggregation p and zero_guard must be finite numbers")
        if self.zero_guard < 0:
            raise SpecError(f"zero_guard {self.zero_guard:g} must be >= 0")
        if not 0 <= self.min_available <= 1:
            raise SpecError(f"min_available {self.min_available:g} must be a share between 0 and 1")


#: One aggregation for every level, or a mapping level -> aggregation (key 0 = default for
#: levels not listed; without it unlisted levels are arithmetic).
AggregationChoice = Aggregation | Mapping[int, Aggregation]


@dataclass(frozen=True)
class OutlierRule:
    """COINr's outlier rule: |skew| >= skew and kurtosis >= kurtosis fail; winsorise up to
    ``winsorise_max`` points, else log-transform. Off by default (unstable with 12 units)."""

    winsorise_max: int = 5
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5


@dataclass(frozen=True)
class Treatment:
    """How one indicator's values are transformed before normalisation, in place of the
    spec's outlier rule (``Node.treatment``).

    Attributes:
        method: ``none``; ``winsorise`` (COINr's rule with this indicator's own ``rule``,
            falling back to a log when winsorising is not enough); ``log`` (always COINr's
            ``log(x - min + 0.01 (max - min))``, e.g. for a count such as airport passengers);
            ``boxcox`` (Box-Cox with ``lam`` after shifting the values to start at 1).
        rule: the winsorising rule (default: COINr's).
        lam: Box-Cox lambda (0 = log).

    Example:
        >>> parse_treatment({"method": "winsorise", "winsorise_max": 2}).rule.winsorise_max
        2
    """

    method: TreatmentMethod = "none"
    rule: OutlierRule = field(default_factory=OutlierRule)
    lam: float = 0.0

    def __post_init__(self) -> None:
        _check_choice(self.method, TreatmentMethod, "treatment")
        if not math.isfinite(self.lam):
            raise SpecError(f"Box-Cox lambda {self.lam!r} must be a finite number")


@dataclass(frozen=True)
class Denomination:
    """Divide an indicator by a denominator column, times ``scale`` (e.g. per 1,000 people)."""

    by: str
    scale: float = 1.0


@dataclass(frozen=True)
class Weighting:
    """Where weights come from.

    Attributes:
        method: ``manual`` (metadata weights, overridden by ``values``), ``equal`` or
            ``optimised`` (children's correlations with their parent approach ``targets``).
        values: weight overrides by code (manual), e.g. from the "adjust the weights" slider.
        targets: optimised: target share of each child's correlation with its parent (by
            code; default equal shares within each parent).
    """

    method: WeightingMethod = "manual"
    values: Mapping[str, float] = field(default_factory=dict)
    targets: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_choice(self.method, WeightingMethod, "weighting method")


@dataclass(frozen=True)
class IndexSpec:
    """The nominal build: one method per step. Defaults follow COINr's defaults, with outlier
    treatment off."""

    time: int | None = None
    denominators: Mapping[str, Denomination] = field(default_factory=dict)
    imputation: ImputationMethod = "none"
    outliers: OutlierRule | None = None
    normalisation: Normalisation = field(default_factory=Normalisation)
    weighting: Weighting = field(default_factory=Weighting)
    aggregation: AggregationChoice = field(default_factory=Aggregation)
    min_unit_availability: float = 0.0

    def __post_init__(self) -> None:
        _check_choice(self.imputation, ImputationMethod, "imputation method")
        if not 0 <= self.min_unit_availability <= 1:
            raise SpecError(
                f"min_unit_availability {self.min_unit_availability:g} must be a share between "
                "0 and 1"
            )

    @classmethod
    def from_dict(cls, data: Mapping[Any, Any]) -> IndexSpec:
        """Parse the dict format shown in the module docstring.

        Example:
            >>> IndexSpec.from_dict({"normalisation": "zscore"}).normalisation.method
            'zscore'
        """
        known = {f.name for f in fields(cls)} | {"weights"}
        for key in data:
            if key not in known:
                raise SpecError(
                    f"unknown spec key '{key}'; use {', '.join(sorted(known))}", item=str(key)
                )
        time = data.get("time")
        return cls(
            time=None if time is None else int(time),
            denominators=_parse_denominators(data.get("denominators") or {}),
            imputation=str(data.get("imputation", "none")),  # type: ignore[arg-type]
            outliers=_parse_outliers(data.get("outliers")),
            normalisation=parse_normalisation(data.get("normalisation", "minmax")),
            weighting=_parse_weighting(data.get("weights", data.get("weighting", "manual"))),
            aggregation=parse_aggregation(data.get("aggregation", "arithmetic")),
            min_unit_availability=float(data.get("min_unit_availability", 0.0)),
        )


def aggregation_plan(choice: AggregationChoice, max_level: int) -> tuple[Aggregation, ...]:
    """The aggregation of each level from 2 to ``max_level``.

    Example:
        >>> [a.method for a in aggregation_plan({3: Aggregation("geometric")}, 3)]
        ['arithmetic', 'geometric']
    """
    if isinstance(choice, Aggregation):
        return tuple(choice for _ in range(2, max_level + 1))
    unknown = [level for level in choice if level != 0 and not 2 <= level <= max_level]
    if unknown:
        raise SpecError(
            f"aggregation given for level {unknown[0]}, but aggregates are levels 2 to {max_level}",
            item=str(unknown[0]),
        )
    default = choice.get(0, Aggregation())
    return tuple(choice.get(level, default) for level in range(2, max_level + 1))


def _build(kind: type[Any], value: object, what: str) -> Any:
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        return kind(value)
    if isinstance(value, Mapping):
        try:
            return kind(**value)
        except TypeError as error:
            raise SpecError(f"bad {what} settings {dict(value)!r}: {error}") from None
    raise SpecError(f"{what} must be a name or a mapping, not {value!r}")


def parse_normalisation(value: object) -> Normalisation:
    """A ``Normalisation`` from a name, a mapping or an instance."""
    result: Normalisation = _build(Normalisation, value, "normalisation")
    return result


def parse_aggregation(value: object) -> AggregationChoice:
    """An aggregation choice from a name, a mapping, a per-level mapping or an instance.

    Example:
        >>> parse_aggregation({"method": "generalised", "p": 0.5})
        Aggregation(method='generalised', p=0.5, zero_guard=0.0, min_available=0.0)
    """
    if isinstance(value, Mapping) and "method" not in value:
        levels: dict[int, Aggregation] = {}
        for key, item in value.items():
            if key != "default" and not str(key).isdigit():
                raise SpecError(
                    f"aggregation key '{key}' is neither a level number nor 'default'",
                    item=str(key),
                )
            levels[0 if key == "default" else int(key)] = _build(Aggregation, item, "aggregation")
        return levels
    result: Aggregation = _build(Aggregation, value, "aggregation")
    return result


def parse_treatment(value: object) -> Treatment:
    """A ``Treatment`` from a name (``log``), a mapping or an instance.

    A mapping may give the winsorising rule's keys at its top level (``winsorise_max``,
    ``skew_threshold``, ``kurtosis_threshold``) and Box-Cox's ``lambda``.

    Example:
        >>> parse_treatment({"method": "boxcox", "lambda": 0.5}).lam
        0.5
    """
    if isinstance(value, Mapping):
        settings = dict(value)
        rule_keys = {f.name for f in fields(OutlierRule)}
        rule = {key: settings.pop(key) for key in list(settings) if key in rule_keys}
        if "lambda" in settings:
            settings["lam"] = settings.pop("lambda")
        if rule:
            settings["rule"] = _build(OutlierRule, rule, "winsorising rule")
        value = settings
    result: Treatment = _build(Treatment, value, "treatment")
    return result


def _parse_denominators(value: object) -> dict[str, Denomination]:
    if not isinstance(value, Mapping):
        raise SpecError("denominators must map indicator codes to denominator columns")
    result: dict[str, Denomination] = {}
    for code, item in value.items():
        if isinstance(item, str):
            result[str(code)] = Denomination(item)
        else:
            result[str(code)] = _build(Denomination, item, f"denominator of '{code}'")
    return result


def _parse_outliers(value: object) -> OutlierRule | None:
    if value is None or value is False:
        return None
    if value is True:
        return OutlierRule()
    result: OutlierRule = _build(OutlierRule, value, "outliers")
    return result


def _parse_weighting(value: object) -> Weighting:
    result: Weighting = _build(Weighting, value, "weights")
    return result
