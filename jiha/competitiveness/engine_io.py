"""The adapter between the observatory (frozen dataset versions), the incentives rules and the
composite engine: gather the units × indicators table, build, rebuild, reweight.

The observatory's values come through its selector of the latest published regional values;
the rule-based indicators through the incentives adapter; the regions from the regions app."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from jiha.engines.composite import (
    Framework,
    IndexResult,
    IndexSpec,
    IndicatorTable,
    Pipeline,
    UncertaintySpec,
    audit,
    correlate,
    effective_weights,
    index_sensitivity,
    monte_carlo,
    outlier_table,
    removal_effect,
)
from jiha.incentives.engine_io import Location, income_tax_cap_rates, legislation_version
from jiha.legislation.vocabulary import NO_PARK, reference_park
from jiha.observatory.selectors import LatestValues, latest_values
from jiha.regions.selectors import region_codes

FRAMEWORKS = Path(__file__).resolve().parent / "frameworks"


def load_framework(code: str) -> dict[str, Any]:
    path = FRAMEWORKS / f"{code}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"No framework {code!r} in {FRAMEWORKS}.")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass
class Inputs:
    units: list[str]  # the regions, in the order of the table's values
    table: dict[str, list[float | None]]  # indicator code -> value per unit
    versions: list[int]  # dataset versions read
    legislation_version: int
    synthetic: bool
    benchmark: dict[str, Any] | None = None  # the validation's outcome, see ``benchmark``


def needed_indicators(framework: dict[str, Any]) -> set[str]:
    """The observatory indicators an edition reads: the index's and the validation's."""
    codes = set()
    for node in framework["nodes"]:
        if node["level"] != 1 or node.get("source") == "rules":
            continue
        derived = node.get("derived") or {"indicator": node["code"]}
        codes |= {derived[key] for key in ("indicator", "per", "times") if key in derived}
    validation = framework.get("validation")
    if validation:
        codes |= {validation["indicator"], validation["per"]}
    return codes


def _fill(missing: str | None, region: str) -> float | None:
    """What a region without a value gets: nothing (None), unless the framework says a missing
    value is zero (``zero``), or zero in a region without an offshoring park in the
    legislation's list (``zero_without_park``: e.g. park jobs or park floor space)."""
    if missing == "zero":
        return 0.0
    if missing == "zero_without_park" and reference_park(region) == NO_PARK:
        return 0.0
    return None


def _per(
    latest: LatestValues, code: str, per: str, scale: float, missing: str | None, units: list[str]
) -> list[float | None]:
    """``code`` divided by ``per`` times ``scale`` in each region (a missing ``code`` filled as
    ``missing`` says; a missing or zero denominator gives no value)."""
    top, below = latest.of(code), latest.of(per)
    values: list[float | None] = []
    for region in units:
        value = top.get(region, _fill(missing, region))
        denominator = below.get(region)
        values.append(value / denominator * scale if value is not None and denominator else None)
    return values


def current_versions(framework: dict[str, Any]) -> list[int]:
    """The dataset versions an edition built now would read."""
    return list(latest_values(needed_indicators(framework)).versions)


def _income_tax_caps(framework: dict[str, Any], units: list[str]) -> list[float]:
    """The employee income-tax cap the rules give in each region, for a company of the
    framework's activity line placed in the region's park (else outside every park), in the
    framework's year."""
    rules = framework["rules"]
    locations = [Location(region, reference_park(region)) for region in units]
    return income_tax_cap_rates(locations, activity=rules["activity"], year=rules["year"])


def _times(
    latest: LatestValues, code: str, times: str, scale: float, units: list[str]
) -> list[float | None]:
    """``code`` times ``times`` times ``scale`` in each region (e.g. the population times the
    share with higher education / 100: the number of graduates); missing if either is."""
    left, right = latest.of(code), latest.of(times)
    return [left[r] * right[r] * scale if r in left and r in right else None for r in units]


def gather(framework: dict[str, Any], versions: list[int] | None = None) -> Inputs:
    """The table the framework needs, from ``versions`` (frozen) or the current ones."""
    units = region_codes()
    latest = latest_values(needed_indicators(framework), versions=versions)
    table: dict[str, list[float | None]] = {}
    for node in framework["nodes"]:
        if node["level"] != 1:
            continue
        code = node["code"]
        if node.get("source") == "rules":
            table[code] = list(_income_tax_caps(framework, units))
        elif (derived := node.get("derived")) and "times" in derived:
            table[code] = _times(
                latest, derived["indicator"], derived["times"], derived["scale"], units
            )
        elif derived:
            table[code] = _per(
                latest,
                derived["indicator"],
                derived["per"],
                derived["scale"],
                node.get("missing"),
                units,
            )
        else:
            found = latest.of(code)
            table[code] = [found.get(r, _fill(node.get("missing"), r)) for r in units]
    return Inputs(
        units,
        table,
        list(latest.versions),
        legislation_version(),
        latest.synthetic,
        benchmark(framework, latest, units),
    )


def benchmark(
    framework: dict[str, Any], latest: LatestValues, units: list[str]
) -> dict[str, Any] | None:
    """The outcome the index is validated against (the framework's ``validation``): its value
    and its value per ``per`` × ``scale`` in each region, and where the figures come from.
    None when the framework names no outcome."""
    settings = framework.get("validation")
    if not settings:
        return None
    code, missing = settings["indicator"], settings.get("missing")
    cells = latest.cells.get(code, {})
    read = {cell.version for cell in cells.values()}
    return {
        "indicator": code,
        "units": units,
        "values": [float(cells[r].value) if r in cells else _fill(missing, r) for r in units],
        "per_capita": _per(latest, code, settings["per"], settings["scale"], missing, units),
        "per": settings["per"],
        "scale": settings["scale"],
        "zero_without_park": [r for r in units if r not in cells and _fill(missing, r) == 0],
        "periods": sorted({cell.period for cell in cells.values()}),
        "datasets": [
            {
                "slug": v.dataset.slug,
                "title": {
                    "fr": v.dataset.title_fr,
                    "ar": v.dataset.title_ar,
                    "en": v.dataset.title_en,
                },
                "number": v.number,
                "publisher": v.dataset.publisher,
                "source_url": v.dataset.source_url,
                "confidence": v.dataset.confidence,
                "synthetic": v.dataset.synthetic,
            }
            for v in sorted(read, key=lambda v: (v.dataset.slug, v.number))
        ],
        "synthetic": any(v.dataset.synthetic for v in read),
    }


def validate(result: IndexResult, outcome: dict[str, Any] | None) -> dict[str, Any]:
    """The index's Spearman and Pearson correlations with the outcome (and with the outcome
    per head) over the regions with both, stored with the edition; ``available`` is False,
    with a ``reason``, when there is nothing to correlate (never a made-up figure)."""
    if outcome is None:
        return {"available": False, "reason": "no_outcome"}
    if all(v is None for v in outcome["values"]) or not outcome["datasets"]:
        return {"available": False, "reason": "no_data", "indicator": outcome["indicator"]}
    scores = dict(zip(result.units, result.index_scores.tolist(), strict=True))
    x = np.array([scores.get(u, math.nan) for u in outcome["units"]], dtype=np.float64)
    correlations = {}
    for key in ("values", "per_capita"):
        y = np.array([math.nan if v is None else v for v in outcome[key]], dtype=np.float64)
        found = correlate(x, y)
        correlations[key] = {"n": found.n, "spearman": found.spearman, "pearson": found.pearson}
    available = math.isfinite(correlations["values"]["spearman"])
    provenance = {k: v for k, v in outcome.items() if k not in ("values", "per_capita")}
    return {
        **provenance,
        "outcome": {"values": outcome["values"], "per_capita": outcome["per_capita"]},
        "available": available,
        **({} if available else {"reason": "too_few"}),
        **correlations["values"],
        "per_capita": correlations["per_capita"],
    }


# What the engine reads of a framework node (the other keys tell the adapter where data come
# from): the hierarchy, and an indicator's own normalisation and treatment.
ENGINE_KEYS = (
    "code",
    "level",
    "parent",
    "direction",
    "weight",
    "normalisation",
    "treatment",
    "goalpost_lower",
    "goalpost_upper",
)


def pipeline_of(framework: dict[str, Any]) -> Pipeline:
    records = [{k: v for k, v in node.items() if k in ENGINE_KEYS} for node in framework["nodes"]]
    return Pipeline(Framework.from_records(records), IndexSpec.from_dict(framework["spec"]))


def indicator_table(units: list[str], table: dict[str, list[float | None]]) -> IndicatorTable:
    columns = tuple(table)
    values = np.array([[math.nan if v is None else v for v in table[c]] for c in columns]).T
    return IndicatorTable(tuple(units), columns, values)


def json_safe(value: Any) -> Any:
    """NaN and infinities become None (JSON has no NaN); numpy scalars become floats."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def compute(
    framework: dict[str, Any],
    units: list[str],
    table: dict[str, list[float | None]],
    outcome: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Results, rank intervals, Sobol indices, audit and the validation against ``outcome``
    (``benchmark``) for one table (deterministic)."""
    pipeline = pipeline_of(framework)
    data = indicator_table(units, table)
    result = pipeline.run(data)
    settings = dict(framework.get("uncertainty", {}))
    replications = int(settings.pop("replications", 1000))
    sobol_n = int(settings.pop("sobol_n", 1024))
    uncertainty = UncertaintySpec.from_dict(settings)
    intervals = monte_carlo(pipeline, data, uncertainty, replications=replications, seed=0)
    sobol = index_sensitivity(pipeline, data, uncertainty, n=sobol_n, seed=0)
    checks = audit(result)
    return json_safe(
        {
            "results": {
                "records": result.as_records(),
                "shares": result.shares,
                "codes": list(result.codes),
            },
            "uncertainty": {"records": intervals.as_records()},
            "sensitivity": {"records": sobol.as_records(), "evaluations": sobol.evaluations},
            "audit": {
                "alpha": {k: (None if math.isnan(v) else v) for k, v in checks.alpha.items()},
                "flags": [
                    {"kind": f.kind, "first": f.first, "second": f.second, "r": f.r}
                    for f in checks.flags
                ],
                "indicator_availability": checks.indicator_availability,
                **_disputes(result),
            },
            "validation": validate(result, outcome),
        }
    )


def _disputes(result: IndexResult) -> dict[str, Any]:
    """What a region disputing its rank asks first, computed once with the edition: which
    indicators were left out as constant, the share of the index each item carries, the
    outliers and their treatment, and every region's rank without each item."""
    return {
        "constant": list(result.prepared.constant),
        "effective_weights": effective_weights(result),
        "outliers": [
            {
                "code": row.code,
                "skewness": row.skewness,
                "kurtosis": row.kurtosis,
                "treatment": row.treatment,
                "low": list(row.low_units),
                "high": list(row.high_units),
            }
            for row in outlier_table(result)
        ],
        "removal": removal_effect(result).as_records(),
    }


def reweight(
    framework: dict[str, Any],
    units: list[str],
    table: dict[str, list[float | None]],
    weights: dict[str, float],
) -> IndexResult:
    """The index with other weights (what the sliders send); the data are not re-read."""
    pipeline = pipeline_of(framework)
    result = pipeline.run(indicator_table(units, table))
    return pipeline.reweight(result, weights)
