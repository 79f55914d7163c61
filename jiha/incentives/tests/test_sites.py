"""Several sites in one simulation: each company gets what it would get simulated alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiha.incentives.engine_io import (
    HireGroup,
    Location,
    Project,
    Site,
    TrainingItem,
    build_situation,
    income_tax_cap_rates,
    simulate,
    simulate_sites,
)

pytestmark = pytest.mark.usefixtures("reference")
YEARS = range(2025, 2032)


def _project(salary: int, *, trainings: bool = False, activity: str = "BPO") -> Project:
    groups = [
        HireGroup("bpo", Decimal(salary), dt.date(2025, 9, 1), count=20),
        HireGroup("it_engineer", Decimal(salary * 2), dt.date(2026, 3, 1), count=3, moroccan=False),
    ]
    items = [TrainingItem(1, Decimal(3000), dt.date(2026, 4, 1))] if trainings else []
    return Project(activity=activity, groups=groups, trainings=items, profit=Decimal(900_000))


SITES = [
    Site(Location("MA-03", "fes_shore"), _project(60_000)),
    Site(Location("MA-06", "casanearshore"), _project(70_000, trainings=True)),
    Site(Location("MA-08"), _project(50_000, activity="other")),
]


def test_each_site_gets_what_it_gets_alone() -> None:
    together = simulate_sites(SITES, YEARS, explain=True)
    for site, result in zip(SITES, together, strict=True):
        alone = simulate(site.location, site.project, YEARS)
        assert [(y.amounts, y.total, y.corporate_tax) for y in result.years] == [
            (y.amounts, y.total, y.corporate_tax) for y in alone.years
        ]
        assert result.ir_caps == alone.ir_caps
        assert _without_members(result.explanations) == _without_members(alone.explanations)
    assert together[0].total != together[1].total  # not one company's figures three times


def test_a_site_s_training_is_taken_by_its_own_group() -> None:
    situation = build_situation(SITES, ["", "", ""])
    trained = situation["training"].parent_index
    # The second site's second group: its 3 engineers come after the 23 hires of the first.
    assert trained is not None and trained.tolist() == [43, 44, 45]
    employees = situation["employee"].parent_index
    assert employees is not None and set(employees[trained].tolist()) == {1}


def _without_members(explanation: object) -> object:
    """An explanation without the members' positions (which depend on the other sites)."""
    if isinstance(explanation, dict):
        return {k: _without_members(v) for k, v in explanation.items() if k != "members"}
    if isinstance(explanation, list):
        return [_without_members(item) for item in explanation]
    return explanation


def test_the_income_tax_cap_is_the_place_s_without_any_employee() -> None:
    places = [Location("MA-06", "casanearshore"), Location("MA-03", "fes_shore")]
    places += [Location("MA-06"), Location("MA-08")]
    assert income_tax_cap_rates(places, activity="BPO", year=2026) == [0.2, 0.1, 0.0, 0.1]
