"""The adapter between the observatory (frozen dataset versions), the incentives rules and the
composite engine: gather the units × indicators table, build, rebuild, reweight."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from django.db.models import Max

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
from jiha.observatory.models import Dataset, DatasetVersion, Observation

FRAMEWORKS = Path(__file__).resolve().parent / "frameworks"
REGIONS = tuple(f"MA-{n:02d}" for n in range(1, 13))
# Where the rules engine evaluates the incentives of each region: its best offshoring park.
BEST_PARK = {
    "MA-06": "casanearshore",
    "MA-04": "technopolis",
    "MA-03": "fes_shore",
    "MA-02": "oujda_shore",
    "MA-01": "tetouan_shore",
}


def load_framework(code: str) -> dict[str, Any]:
    path = FRAMEWORKS / f"{code}.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"No framework {code!r} in {FRAMEWORKS}.")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@dataclass
class Inputs:
    table: dict[str, list[float | None]]  # indicator code -> value per region (REGIONS order)
    versions: list[int]  # dataset version ids read
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


def _latest_values(codes: set[str], versions: Iterable[int]) -> dict[str, dict[str, float]]:
    """Latest regional value of each indicator among the given versions."""
    rows = (
        Observation.objects.filter(
            version_id__in=list(versions),
            indicator__code__in=codes,
            level="region",
            value__isnull=False,
        )
        .order_by("indicator__code", "territory", "period_start")
        .values_list("indicator__code", "territory", "value")
    )
    out: dict[str, dict[str, float]] = {}
    for code, territory, value in rows:
        if value is not None:  # excluded by the query; keeps the types honest
            out.setdefault(code, {})[territory] = float(value)  # later periods overwrite
    return out


def current_versions(codes: set[str]) -> list[int]:
    current = Dataset.objects.exclude(current_version=None).values_list(
        "current_version", flat=True
    )
    return sorted(
        set(
            Observation.objects.filter(version_id__in=current, indicator__code__in=codes)
            .values_list("version_id", flat=True)
            .distinct()
        )
    )


def _ir_caps() -> dict[str, float]:
    """The employee income-tax cap the rules give in each region's best location (2026)."""
    import datetime as dt
    from decimal import Decimal

    from jiha.incentives.engine_io import HireGroup, Location, Project, simulate

    project = Project(
        activity="BPO", groups=[HireGroup("bpo", Decimal(60000), dt.date(2026, 1, 1))]
    )
    return {
        region: simulate(
            Location(region, BEST_PARK.get(region, "none")),
            project,
            range(2026, 2027),
            explain=False,
        ).ir_caps[0]["rate"]
        for region in REGIONS
    }


def gather(framework: dict[str, Any], versions: list[int] | None = None) -> Inputs:
    """The table the framework needs, from ``versions`` (frozen) or the current ones."""
    from jiha.incentives.models import ParameterValueChange

    codes = needed_indicators(framework)
    versions = versions if versions is not None else current_versions(codes)
    values = _latest_values(codes, versions)
    table: dict[str, list[float | None]] = {}
    for node in framework["nodes"]:
        if node["level"] != 1:
            continue
        code = node["code"]
        if node.get("source") == "rules":
            caps = _ir_caps()
            table[code] = [caps[r] for r in REGIONS]
        elif derived := node.get("derived"):
            top, per = values.get(derived["indicator"], {}), values.get(derived["per"], {})
            table[code] = [
                top[r] / per[r] * derived["scale"] if r in top and per.get(r) else None
                for r in REGIONS
            ]
        else:
            found = values.get(code, {})
            fill = 0.0 if node.get("missing") == "zero" else None
            table[code] = [found.get(r, fill) for r in REGIONS]
    legislation = ParameterValueChange.objects.aggregate(m=Max("id"))["m"] or 0
    synthetic = DatasetVersion.objects.filter(pk__in=versions, dataset__synthetic=True).exists()
    return Inputs(table, versions, legislation, synthetic)


# What the engine reads of a framework node (the other keys tell the adapter where data come
# from): the hierarchy, and an indicator's own normalisation and treatment.
ENGINE_KEYS = ("code", "level", "parent", "direction", "weight", "normalisation", "treatment")


def pipeline_of(framework: dict[str, Any]) -> Pipeline:
    records = [{k: v for k, v in node.items() if k in ENGINE_KEYS} for node in framework["nodes"]]
    return Pipeline(Framework.from_records(records), IndexSpec.from_dict(framework["spec"]))


def indicator_table(table: dict[str, list[float | None]]) -> IndicatorTable:
    columns = tuple(table)
    values = np.array([[math.nan if v is None else v for v in table[c]] for c in columns]).T
    return IndicatorTable(REGIONS, columns, values)


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


def compute(framework: dict[str, Any], table: dict[str, list[float | None]]) -> dict[str, Any]:
    """Results, rank intervals, Sobol indices and audit for one table (deterministic)."""
    pipeline = pipeline_of(framework)
    data = indicator_table(table)
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
    framework: dict[str, Any], table: dict[str, list[float | None]], weights: dict[str, float]
) -> IndexResult:
    """The index with other weights (what the sliders send); the data are not re-read."""
    pipeline = pipeline_of(framework)
    result = pipeline.run(indicator_table(table))
    return pipeline.reweight(result, weights)
