"""Every YAML scenario of the legislation passes (inputs, period, expected outputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiha.engines.rules.scenarios import Scenario, load_scenarios, run_scenario
from jiha.legislation import SCENARIOS_DIR, build_legislation

LEGISLATION = build_legislation()
SCENARIOS = [
    pytest.param(scenario, id=f"{path.stem}: {scenario.name}")
    for path in sorted(Path(SCENARIOS_DIR).glob("*.yaml"))
    for scenario in load_scenarios(path)
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_scenario_holds(scenario: Scenario) -> None:
    assert run_scenario(LEGISLATION, scenario) == []


def test_there_is_a_scenario_for_every_scheme() -> None:
    names = " ".join(str(p.id) for p in SCENARIOS)
    for needle in ("30 Jun 2025", "18", "30 %", "rounding", "remote"):
        assert needle in names
