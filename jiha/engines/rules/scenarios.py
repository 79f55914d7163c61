"""Scenario tests in YAML (OpenFisca style): inputs, a period, expected outputs, a tolerance.

    - name: a permanent job held 18 months earns the employment bonus
      period: 2027
      input:
        companies: [{id: c1, region: MA-03, park: fes_shore, activity: BPO}]
        employees: [{company: c1, gross_annual_salary: 120000, hire_date: 2025-09-01}]
      output:
        employment_bonus: [20400]
      absolute_error_margin: 0

Money is written in dirhams; the margin is in the output's unit (dirhams for money).

As in OpenFisca, an output may also give its values per period, to follow a payment schedule
across years (the scenario's ``period`` is then only the default)::

      output:
        training_bonus: {2030: [0], 2031: [3150], 2035: [3150], 2036: [0]}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from jiha.engines.rules.periods import Period
from jiha.engines.rules.simulation import Simulation
from jiha.engines.rules.situation import situation_from_records
from jiha.engines.rules.system import Legislation
from jiha.engines.rules.types import AnyArray


@dataclass(frozen=True)
class Scenario:
    name: str
    period: str
    inputs: Mapping[str, Any]
    outputs: Mapping[str, list[Any] | Mapping[Any, list[Any]]]
    margin: float
    reforms: Mapping[str, Any]


def load_scenarios(path: Path) -> list[Scenario]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Scenario(
            name=str(item["name"]),
            period=str(item["period"]),
            inputs=item.get("input", {}),
            outputs=item.get("output", {}),
            margin=float(item.get("absolute_error_margin", 0)),
            reforms=item.get("parameters", {}),
        )
        for item in raw
    ]


def _as_comparable(values: AnyArray, kind: str) -> list[Any]:
    if kind == "money":
        return [Decimal(int(v)) / 100 for v in values]
    if kind == "date":
        return [None if np.isnat(v) else str(v) for v in values]
    return [v.item() if hasattr(v, "item") else v for v in values]


def run_scenario(legislation: Legislation, scenario: Scenario) -> list[str]:
    """Run one scenario; return the differences found (empty when it passes)."""
    if scenario.reforms:
        legislation = legislation.reform(scenario.name, parameters=scenario.reforms)
    situation = situation_from_records(
        legislation.entities, scenario.inputs, legislation.input_kinds()
    )
    simulation = Simulation(legislation, situation)
    problems = []
    for name, expected in scenario.outputs.items():
        per_period = expected if isinstance(expected, Mapping) else {scenario.period: expected}
        for period, values in per_period.items():
            label = name if period == scenario.period else f"{name} {period}"
            got = _as_comparable(
                simulation.calculate(name, Period.parse(str(period))),
                legislation.variable(name).kind,
            )
            problems.extend(_differences(label, values, got, Decimal(str(scenario.margin))))
    return problems


def _differences(label: str, expected: list[Any], got: list[Any], margin: Decimal) -> list[str]:
    if len(got) != len(expected):
        return [f"{label}: expected {len(expected)} values, got {len(got)}"]
    problems = []
    for position, (want, have) in enumerate(zip(expected, got, strict=True)):
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            if abs(Decimal(str(want)) - Decimal(str(have))) > margin:
                problems.append(f"{label}[{position}]: expected {want}, got {have}")
        elif want != have:
            problems.append(f"{label}[{position}]: expected {want!r}, got {have!r}")
    return problems
