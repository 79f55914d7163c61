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
    effective_weights,
    index_sensitivity,
    monte_carlo,
    outlier_table,
    removal_effect,
)
from jiha.incentives.engine_io import Location, income_tax_cap_rates, legislation_version
from jiha.legislation.vocabulary import reference_park
from jiha.observatory.selectors import latest_values
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


def needed_indicators(framework: dict[str, Any]) -> set[str]:
    codes = set()
    for node in framework["nodes"]:
        if node["level"] != 1 or node.get("source") == "rules":
            continue
        derived = node.get("derived")
        codes |= {derived["indicator"], derived["per"]} if derived else {node["code"]}
    return codes


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
        elif derived := node.get("derived"):
            top, per = latest.of(derived["indicator"]), latest.of(derived["per"])
            table[code] = [
                top[r] / per[r] * derived["scale"] if r in top and per.get(r) else None
                for r in units
            ]
        else:
            found = latest.of(code)
            fill = 0.0 if node.get("missing") == "zero" else None
            table[code] = [found.get(r, fill) for r in units]
    return Inputs(units, table, list(latest.versions), legislation_version(), latest.synthetic)


# What the engine reads of a framework node (the other keys tell the adapter where data come
# from): the hierarchy, and an indicator's own normalisation and treatment.
ENGINE_KEYS = ("code", "level", "parent", "direction", "weight", "normalisation", "treatment")


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
    framework: dict[str, Any], units: list[str], table: dict[str, list[float | None]]
) -> dict[str, Any]:
    """Results, rank intervals, Sobol indices and audit for one table (deterministic)."""
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
