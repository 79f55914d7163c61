"""One simulation request for every entry point (the page, the API, the batch path): the
checks of what may be simulated, the bounds on its work, and the one builder of a
:class:`~jiha.incentives.engine_io.Project`.

The work of a simulation grows with the employees (hire groups expanded by their count), the
trainings (each expanded to every member of its group) and the years. The synchronous entry
points answer within a bounded time and memory (``JIHA_SIMULATE_MAX_*``, measured in
``docs/benchmarks.md``); larger projects go through the batch path, which runs in the worker
under its own, larger bounds (``JIHA_SIMULATION_BATCH_MAX_*``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.utils.translation import gettext as _
from pydantic import BaseModel, Field, field_validator

from jiha.incentives import engine_io
from jiha.incentives.engine_io import (
    HireGroup,
    Location,
    Project,
    SimulationResult,
    TrainingItem,
    years_covered,
)
from jiha.legislation.vocabulary import NO_PARK
from jiha.lib.apitypes import REGION_PATTERN, Cost, Large, Salary
from jiha.lib.errors import AppError, InvalidInput
from jiha.lib.vocabulary import ActivityCode, ParkCode, ProfileCode
from jiha.regions.models import Province, Region

BATCH_PATH = "POST /api/incentives/simulations"

Money = Decimal


# The schema states every bound it can (docs/decisions/0020-fuzzing-contract-and-backups.md):
# the region codes of the 2015 division, and the widest years; the years the rules in force
# cover (they depend on the parameter values administrators set) are checked by check_years.

FIRST_YEAR, LAST_YEAR = 2000, 2100


# Request bodies are plain pydantic models: ninja's Schema adds a per-object root validator
# (for ORM objects) that costs ~28 µs an item — 2.8 s for 100,000 employees.
class LocationIn(BaseModel):
    region: str = Field(
        ..., pattern=REGION_PATTERN, max_length=5, description="ISO 3166-2 code, MA-01 … MA-12"
    )
    park: ParkCode = NO_PARK
    province: str | None = Field(None, max_length=16, description="HCP province code")


class EmployeeIn(BaseModel):
    profile: ProfileCode
    gross_annual_salary: Salary
    hire_date: dt.date
    count: int = Field(1, ge=1, le=1_000_000)
    exit_date: dt.date | None = None
    permanent: bool = True
    moroccan: bool = True


class TrainingIn(BaseModel):
    employee: int = Field(..., ge=0, description="Index of the employees entry it applies to")
    cost: Cost
    start_date: dt.date
    modality: Literal["in_person", "remote"] = "in_person"
    hours: float = Field(0, ge=0, le=10_000)


class SimulationIn(BaseModel):
    """A project to simulate at one location, or two to compare."""

    location: LocationIn
    compare_with: LocationIn | None = None
    activity: ActivityCode
    profit: Large = Decimal(0)
    investment: Large = Decimal(0)
    investment_date: dt.date | None = None
    planned_jobs: int | None = Field(None, ge=0, le=1_000_000)
    join_date: dt.date | None = None
    employees: list[EmployeeIn] = Field(..., max_length=200_000)
    trainings: list[TrainingIn] = Field([], max_length=20_000)
    first_year: int = Field(
        ..., ge=FIRST_YEAR, le=LAST_YEAR, description="Within the years the rules in force cover"
    )
    last_year: int = Field(..., ge=FIRST_YEAR, le=LAST_YEAR, description="Not before first_year")
    explain: bool = True


class SynchronousSimulationIn(SimulationIn):
    """A request to answer at once: refused before its entries are even validated when it
    holds more employees than the synchronous bound (validating 125,000 entries alone takes
    over a second)."""

    @field_validator("employees", mode="before")
    @classmethod
    def _within_bound(cls, entries: Any) -> Any:
        if isinstance(entries, list):
            counts = (e.get("count", 1) if isinstance(e, dict) else 1 for e in entries)
            employees = sum(c if isinstance(c, int) and c > 0 else 1 for c in counts)
            _refuse_over(employees, Limits.synchronous().employees, _("employees"))
        return entries


class SimulationTooLarge(AppError):
    status = 413
    code = "simulation_too_large"


@dataclass(frozen=True)
class Limits:
    """The most a simulation may ask for: employees, training rows (a training counts once per
    member of its group) and years."""

    employees: int
    trainings: int
    years: int

    @classmethod
    def synchronous(cls) -> Limits:
        return cls(
            settings.JIHA_SIMULATE_MAX_EMPLOYEES,
            settings.JIHA_SIMULATE_MAX_TRAININGS,
            settings.JIHA_SIMULATE_MAX_YEARS,
        )

    @classmethod
    def batch(cls) -> Limits:
        return cls(
            settings.JIHA_SIMULATION_BATCH_MAX_EMPLOYEES,
            settings.JIHA_SIMULATION_BATCH_MAX_TRAININGS,
            settings.JIHA_SIMULATION_BATCH_MAX_YEARS,
        )


def check_years(first: int, last: int) -> range:
    """The years asked for, if the rules known today cover them; else a clear refusal."""
    covered = years_covered()
    if first > last:
        raise InvalidInput(_("The last year comes after the first."), code="years_reversed")
    if first < covered.start:
        raise InvalidInput(
            _(
                "Years before %(first)s are not simulated: the rules encoded here start in "
                "%(first)s."
            )
            % {"first": covered.start},
            code="years_before_legislation",
        )
    if last >= covered.stop:
        raise InvalidInput(
            _(
                "Years after %(last)s are not simulated: the last payments due under the 2025 "
                "offer fall in %(last)s, and the rules for later years are not known yet."
            )
            % {"last": covered.stop - 1},
            code="years_after_last_payment",
        )
    return range(first, last + 1)


def check_work(
    counts: Sequence[int], trained_groups: Sequence[int], years: range, limits: Limits
) -> None:
    """Refuse, before anything is built, a simulation larger than ``limits``: ``counts`` are
    the hire groups' sizes, ``trained_groups`` the group each training is for."""
    if any(group >= len(counts) for group in trained_groups):
        raise InvalidInput(
            _("A training refers to an employees entry that does not exist."),
            code="unknown_training_group",
        )
    _refuse_over(sum(counts), limits.employees, _("employees"))
    _refuse_over(
        sum(counts[group] for group in trained_groups),
        limits.trainings,
        _("trainings (one per member of its group)"),
    )
    _refuse_over(len(years), limits.years, _("years"))


def _refuse_over(asked: int, limit: int, what: str) -> None:
    if asked > limit:
        raise SimulationTooLarge(
            _(
                "This simulation asks for %(asked)s %(what)s; the limit here is %(limit)s. "
                "Split it, or send it to the batch path (%(path)s, signed in), which runs "
                "it in the background."
            )
            % {"asked": asked, "what": what, "limit": limit, "path": BATCH_PATH}
        )


def project_build(
    *,
    activity: str,
    groups: Sequence[HireGroup],
    trainings: Sequence[TrainingItem] = (),
    first_year: int,
    last_year: int,
    limits: Limits,
    profit: Decimal = Decimal(0),
    investment: Decimal = Decimal(0),
    investment_date: dt.date | None = None,
    planned_jobs: int | None = None,
    join_date: dt.date | None = None,
) -> tuple[Project, range]:
    """The project and years to simulate, once the request is known to be simulable."""
    years = check_years(first_year, last_year)
    check_work([g.count for g in groups], [t.group for t in trainings], years, limits)
    project = Project(
        activity=activity,
        groups=list(groups),
        trainings=list(trainings),
        profit=profit,
        investment=investment,
        investment_date=investment_date,
        planned_jobs=planned_jobs,
        join_date=join_date,
    )
    return project, years


def location_check(data: LocationIn) -> Location:
    if not Region.objects.filter(code=data.region).exists():
        raise InvalidInput(
            _("Unknown region code %(code)s: use MA-01 to MA-12.") % {"code": data.region},
            code="unknown_region",
        )
    if (
        data.province
        and not Province.objects.filter(code=data.province, region__code=data.region).exists()
    ):
        raise InvalidInput(
            _("Province %(code)s is not in region %(region)s.")
            % {"code": data.province, "region": data.region},
            code="unknown_province",
        )
    return Location(region=data.region, park=data.park, province=data.province)


def request_check(data: SimulationIn, limits: Limits) -> list[Location]:
    """The locations to simulate, once every check of the request has passed (nothing is
    built: this is what the batch path checks before storing a request)."""
    years = check_years(data.first_year, data.last_year)
    check_work(
        [e.count for e in data.employees], [t.employee for t in data.trainings], years, limits
    )
    locations = [location_check(data.location)]
    if data.compare_with:
        locations.append(location_check(data.compare_with))
    return locations


def request_project(data: SimulationIn, limits: Limits) -> tuple[Project, range]:
    return project_build(
        activity=data.activity,
        groups=[
            HireGroup(
                e.profile,
                e.gross_annual_salary,
                e.hire_date,
                e.count,
                e.exit_date,
                e.permanent,
                e.moroccan,
            )
            for e in data.employees
        ],
        trainings=[
            TrainingItem(t.employee, t.cost, t.start_date, t.modality, t.hours)
            for t in data.trainings
        ],
        first_year=data.first_year,
        last_year=data.last_year,
        limits=limits,
        profit=data.profit,
        investment=data.investment,
        investment_date=data.investment_date,
        planned_jobs=data.planned_jobs,
        join_date=data.join_date,
    )


def simulation_run(
    data: SimulationIn, limits: Limits, *, progress: Callable[[float], None] | None = None
) -> dict[str, Any]:
    """The answer to a simulation request: one result per location, as the API gives it.
    ``progress`` is told the share of the work done after each year (background runs)."""
    locations = request_check(data, limits)
    project, years = request_project(data, limits)
    steps = len(locations) * len(years)
    done = 0

    def year_done(year: int) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done / steps)

    results = [
        engine_io.simulate(location, project, years, explain=data.explain, on_year=year_done)
        for location in locations
    ]
    return {"results": [result_payload(result) for result in results]}


def result_payload(result: SimulationResult) -> dict[str, Any]:
    status = _("interpretation, to be confirmed")
    return {
        "location": {
            "region": result.location.region,
            "park": result.location.park,
            "province": result.location.province,
            "charter_zone": result.charter_zone or None,
        },
        "currency": "MAD",
        "total": str(result.total),
        # What the total assumes (ADR 0021): the API takes each salary as given.
        "assumptions": {
            "salaries": "typed",
            "first_year": result.years[0].year if result.years else None,
            "last_year": result.years[-1].year if result.years else None,
            "park": result.location.park,
            "charter_zone": result.charter_zone or None,
        },
        "years": [
            {
                "year": y.year,
                "schemes": {name: str(amount) for name, amount in y.amounts.items()},
                "interpretations": {
                    name: {"status": status, "parameters": names}
                    for name, names in y.interpretations.items()
                },
                "total": str(y.total),
                "corporate_tax": str(y.corporate_tax),
                "ordinary_income_tax": str(y.ordinary_income_tax),
                "income_tax_saving": str(y.income_tax_saving),
                "unconfirmed_parameters": y.unconfirmed,
            }
            for y in result.years
        ],
        "income_tax_caps": [
            {
                **cap,
                **{key: str(cap[key]) for key in ("capped_amount", "ordinary_tax", "saving")},
            }
            for cap in result.ir_caps
        ],
        "income_tax_saving": {
            "total": str(result.income_tax_saving),
            "note": _(
                "The employees' income tax saved by the cap, per year in 'years'; not counted in "
                "the incentives' total."
            ),
            "to_be_confirmed": result.income_tax_to_confirm,
        },
        "unconfirmed_parameters": result.unconfirmed,
        "interpretation_parameters": result.interpretations,
        "explanations": result.explanations,
    }
