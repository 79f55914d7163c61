"""Evaluate a reform: the law in force and the reformed law over the same population, one
engine run each, then the totals, who gains and who loses, and the split by region.

The population is every submitted activity report (each report's year, each region of it a
company site) and every filed dossier (its period, its scheme's variables). Decided dossiers
are not recomputed: their decided amount stands in both columns.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from jiha.incentives import engine_io
from jiha.incentives import selectors as incentives
from jiha.legislation.reforms import BONUS_TOTAL
from jiha.legislation.vocabulary import ACTIVITIES, NO_PARK, PROFILES
from jiha.observatory import selectors as observatory
from jiha.reforms.models import Reform
from jiha.regions import selectors as regions

# Reports name no activity line: the first of the legislation's list (as dossiers without one).
REPORT_ACTIVITY = ACTIVITIES.codes[0]
NATIONAL = "MA"
# The schemes a per-hire bonus joins (once per hire: not also the other schemes that list them).
HIRE_SCHEME_VARIABLE = "employment_bonus_total"


@dataclass
class Population:
    """Sites for the engine, and for each the company, the region and where it comes from."""

    scenarios: list[engine_io.ScenarioSite] = field(default_factory=list)
    companies: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    report_lines: int = 0
    lines_without_salary: int = 0
    decided: list[incentives.ReformDossier] = field(default_factory=list)
    dossiers: int = 0

    def add(self, scenario: engine_io.ScenarioSite, company: int, region: str, source: str) -> None:
        self.scenarios.append(scenario)
        self.companies.append(company)
        self.regions.append(region)
        self.sources.append(source)


def _salaries() -> dict[tuple[str, str], Decimal]:
    """The latest published annual gross salary of each profile in each region (and "MA")."""
    codes = {profile: observatory.salary_indicator(profile) for profile in PROFILES.codes}
    latest = observatory.latest_values(codes.values(), national=True)
    return {
        (profile, territory): Decimal(str(round(value, 2)))
        for profile, code in codes.items()
        for territory, value in latest.of(code).items()
    }


def _add_reports(population: Population) -> None:
    """Each (company, year, region) of the submitted reports as a site: its new hires, hired on
    1 July of the year at the region's latest salary of their profile (else the national one),
    and its investment; the incentives they open, over every year they are paid."""
    salaries = _salaries()
    last = engine_io.years_covered().stop
    sites: dict[tuple[int, int, str], list[observatory.ReportLineFigures]] = {}
    for line in observatory.activity_report_figures():
        sites.setdefault((line.company, line.year, line.region), []).append(line)
        population.report_lines += 1
    for (company, year, region), lines in sites.items():
        mid_year = dt.date(year, 7, 1)
        groups = []
        for line in lines:
            if not line.new_hires:
                continue
            salary = salaries.get((line.profile, region), salaries.get((line.profile, NATIONAL)))
            if salary is None:
                population.lines_without_salary += 1
                salary = Decimal(0)
            groups.append(engine_io.HireGroup(line.profile, salary, mid_year, line.new_hires))
        investment = sum((line.investment for line in lines), Decimal(0))
        project = engine_io.Project(
            activity=REPORT_ACTIVITY,
            groups=groups,
            investment=investment,
            investment_date=mid_year if investment else None,
        )
        site = engine_io.Site(engine_io.Location(region, NO_PARK), project)
        scenario = engine_io.ScenarioSite(
            site, range(year, max(last, year + 1)), ("total_incentives",)
        )
        population.add(scenario, company, region, "reports")


def _add_dossiers(population: Population, *, bonus: bool) -> None:
    for dossier in incentives.reform_dossiers():
        population.dossiers += 1
        if dossier.scenario is None:
            population.decided.append(dossier)
            continue
        scenario = dossier.scenario
        hire_years = [group.hire_date.year for group in scenario.site.project.groups]
        if bonus and HIRE_SCHEME_VARIABLE in scenario.variables and hire_years:
            # The bonus is paid in the hiring year, whatever period the dossier claims.
            span = range(min(hire_years), max(hire_years) + 1)
            scenario = engine_io.ScenarioSite(
                scenario.site, scenario.years, scenario.variables, ((BONUS_TOTAL, span),)
            )
        population.add(scenario, dossier.organisation, dossier.region, "dossiers")


def population_build(*, bonus: bool) -> Population:
    population = Population()
    _add_reports(population)
    _add_dossiers(population, bonus=bonus)
    return population


def reformed_legislation(reform: Reform) -> Any:
    if reform.kind == Reform.Kind.PARAMETER:
        return engine_io.reform_legislation(
            name=reform.name, start=reform.start, parameter=reform.parameter, value=reform.value
        )
    return engine_io.reform_legislation(
        name=reform.name,
        start=reform.start,
        bonus_amount=reform.bonus_amount,
        bonus_regions=reform.bonus_regions,
    )


def _mad(centimes: int) -> str:
    return str((Decimal(int(centimes)) / 100).quantize(Decimal("0.01")))


def _gain_lose(keys: np.ndarray, delta: np.ndarray) -> tuple[int, int]:
    """How many distinct ``keys`` gain (net delta > 0) and lose (< 0)."""
    if not len(keys):
        return 0, 0
    unique, inverse = np.unique(keys, return_inverse=True)
    net = np.zeros(len(unique), dtype=np.int64)
    np.add.at(net, inverse, delta)
    return int((net > 0).sum()), int((net < 0).sum())


def _row(
    mask: np.ndarray,
    base: np.ndarray,
    new: np.ndarray,
    companies: np.ndarray,
    employee_mask: np.ndarray,
    employee_delta: np.ndarray,
    fixed: int,
) -> dict[str, Any]:
    delta = new - base
    gaining, losing = _gain_lose(companies[mask], delta[mask])
    employees = employee_delta[employee_mask]
    baseline = int(base[mask].sum()) + fixed
    reformed = int(new[mask].sum()) + fixed
    return {
        "baseline": _mad(baseline),
        "reform": _mad(reformed),
        "difference": _mad(reformed - baseline),
        "companies_gaining": gaining,
        "companies_losing": losing,
        "employees_gaining": int((employees > 0).sum()),
        "employees_losing": int((employees < 0).sum()),
    }


def _centimes(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * 100)


def reform_result(reform: Reform, *, population: Population | None = None) -> dict[str, Any]:
    """The law in force and the reform side by side (amounts in MAD, as text)."""
    started = time.perf_counter()
    population = population or population_build(bonus=reform.kind == Reform.Kind.REGIONAL_BONUS)
    legislations: Sequence[Any] = [engine_io.current_legislation(), reformed_legislation(reform)]
    base, new = engine_io.scenario_amounts(population.scenarios, legislations)
    companies = np.array(population.companies, dtype=np.int64)
    site_regions = np.array(population.regions, dtype=np.str_)
    sources = np.array(population.sources, dtype=np.str_)
    employee_delta = new.employees - base.employees
    employee_regions = site_regions[base.employee_site]
    fixed: dict[str, int] = {}
    for dossier in population.decided:
        fixed[dossier.region] = fixed.get(dossier.region, 0) + _centimes(dossier.decided_amount)

    def row(mask: np.ndarray, employee_mask: np.ndarray, fixed_amount: int) -> dict[str, Any]:
        return _row(
            mask, base.sites, new.sites, companies, employee_mask, employee_delta, fixed_amount
        )

    names = regions.region_names()
    by_region = []
    for code in sorted(names):
        in_region = site_regions == code
        if not in_region.any() and code not in fixed:
            continue
        by_region.append(
            {
                "region": code,
                **row(in_region, employee_regions == code, fixed.get(code, 0)),
            }
        )
    everything = np.ones(len(companies), dtype=np.bool_)
    all_employees = np.ones(len(employee_delta), dtype=np.bool_)
    from_reports = sources == "reports"
    from_dossiers = sources == "dossiers"
    return {
        "total": row(everything, all_employees, sum(fixed.values())),
        "regions": by_region,
        "sources": {
            "reports": {
                **row(from_reports, from_reports[base.employee_site], 0),
                "lines": population.report_lines,
                "sites": int(from_reports.sum()),
                "lines_without_salary": population.lines_without_salary,
            },
            "dossiers": {
                **row(from_dossiers, from_dossiers[base.employee_site], sum(fixed.values())),
                "filed": population.dossiers,
                "recomputed": int(from_dossiers.sum()),
                "decided_unchanged": len(population.decided),
            },
        },
        "unconfirmed": sorted(base.unconfirmed | new.unconfirmed),
        "seconds": round(time.perf_counter() - started, 3),
    }
