"""The one adapter between Django and the rules engine: database parameter values in, a
situation built from a simulator request, results and explanations out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.db.models import Max

from jiha.engines.rules import (
    DatedValue,
    InputError,
    Legislation,
    ParameterTree,
    Period,
    Population,
    RulesError,
    Simulation,
    Situation,
    files,
    from_centimes,
    load_parameters,
    to_centimes,
)
from jiha.incentives.models import CharterZone, ParameterValueChange
from jiha.legislation import ENTITIES, PARAMETERS_DIR, build_legislation, variables
from jiha.legislation import reforms as regional_bonus
from jiha.legislation.variables import SCHEMES
from jiha.legislation.vocabulary import ACTIVITIES, NO_PARK, PARKS, PROFILES
from jiha.lib.errors import InvalidInput

_cache: dict[str, Any] = {"version": None, "legislation": None}


def baseline_parameters() -> ParameterTree:
    if "baseline" not in _cache:
        _cache["baseline"] = load_parameters(PARAMETERS_DIR)
    tree: ParameterTree = _cache["baseline"]
    return tree


def legislation_version() -> int:
    """Which legislation is in force: the last value administrators added (0: as packaged)."""
    latest: int | None = ParameterValueChange.objects.aggregate(latest=Max("id"))["latest"]
    return latest or 0


def current_legislation() -> Legislation:
    """The packaged legislation plus every value administrators added (rebuilt on change)."""
    version = legislation_version()
    if _cache["version"] != version or _cache["legislation"] is None:
        additions: dict[str, list[DatedValue]] = {}
        for change in ParameterValueChange.objects.order_by("id"):
            additions.setdefault(change.parameter, []).append(
                DatedValue(
                    change.start, change.value, change.reference, change.confidence, change.note
                )
            )
        _cache["legislation"] = build_legislation(baseline_parameters().with_values(additions))
        _cache["version"] = version
    legislation: Legislation = _cache["legislation"]
    return legislation


def years_covered() -> range:
    """The years a simulation answers for, under the parameters in force (administrators'
    values included): from the first year of the encoded rules to the last payment of a right
    acquired under the 2025 offer."""
    return variables.years_covered(current_legislation().parameters)


@dataclass(frozen=True)
class Location:
    region: str
    park: str = NO_PARK
    province: str | None = None


@dataclass(frozen=True)
class HireGroup:
    profile: str
    gross_annual_salary: Decimal
    hire_date: dt.date
    count: int = 1
    exit_date: dt.date | None = None
    permanent: bool = True
    moroccan: bool = True


@dataclass(frozen=True)
class TrainingItem:
    group: int  # index in the hire groups; every member of the group takes it
    cost: Decimal
    start_date: dt.date
    modality: str = "in_person"
    hours: float = 0.0


@dataclass(frozen=True)
class Project:
    activity: str
    groups: list[HireGroup]
    trainings: list[TrainingItem] = field(default_factory=list)
    profit: Decimal = Decimal(0)
    investment: Decimal = Decimal(0)
    investment_date: dt.date | None = None
    planned_jobs: int | None = None
    join_date: dt.date | None = None


@dataclass
class YearResult:
    year: int
    amounts: dict[str, Decimal]
    total: Decimal
    corporate_tax: Decimal
    unconfirmed: list[str]
    interpretations: dict[str, list[str]] = field(default_factory=dict)  # scheme → parameters
    # The employees' ordinary income tax, and what the income-tax cap takes off it (ADR 0019)
    ordinary_income_tax: Decimal = Decimal(0)
    income_tax_saving: Decimal = Decimal(0)


@dataclass(frozen=True)
class SchemeRow:
    name: str
    amounts: list[Decimal]  # one per year
    interpretations: list[str]  # parameters read as an interpretation, in any year


@dataclass
class SimulationResult:
    location: Location
    charter_zone: str
    years: list[YearResult]
    ir_caps: list[dict[str, Any]]
    explanations: dict[str, dict[str, Any]]
    unconfirmed: list[str]

    income_tax_to_confirm: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((y.total for y in self.years), Decimal(0))

    @property
    def income_tax_saving(self) -> Decimal:
        """The employees' income-tax saving over the years (not in ``total``: it is the
        employees', not paid to the company)."""
        return sum((y.income_tax_saving for y in self.years), Decimal(0))

    @property
    def interpretations(self) -> list[str]:
        return sorted(
            {p for y in self.years for names in y.interpretations.values() for p in names}
        )

    def scheme_rows(self) -> list[SchemeRow]:
        """Each scheme's amounts over the years, and the interpretations they rest on."""
        return [
            SchemeRow(
                name,
                [y.amounts[name] for y in self.years],
                sorted({p for y in self.years for p in y.interpretations.get(name, [])}),
            )
            for name in SCHEMES
        ]


def charter_zone_of(province_code: str | None) -> str:
    if not province_code:
        return ""
    zone = CharterZone.objects.filter(province__code=province_code).values_list("zone", flat=True)
    return zone.first() or ""


_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min


def _dates(values: list[dt.date | None]) -> np.ndarray:
    """datetime64[D] from dates, None becoming NaT (through day numbers: numpy converts date
    objects one by one, ten times slower)."""
    days = [_NAT if d is None else d.toordinal() - _EPOCH for d in values]
    return np.array(days, dtype=np.int64).view("datetime64[D]")


def _centimes(amounts: list[Decimal]) -> np.ndarray:
    """Amounts validated to 2 decimal places: × 100 is exact, no rounding needed."""
    return np.array([int(amount * 100) for amount in amounts], dtype=np.int64)


def _members(counts: np.ndarray, groups: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The employees of each of ``groups`` (by index), one after the other, as one array.

    >>> _members(np.array([2, 3]), np.array([1, 0]), np.array([3, 2])).tolist()
    [2, 3, 4, 0, 1]
    """
    starts = np.cumsum(counts) - counts  # first employee of each group
    offsets = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    result: np.ndarray = (np.repeat(starts[groups], sizes) + offsets).astype(np.int64)
    return result


@dataclass(frozen=True)
class Site:
    """A project at a location: one company of a simulation."""

    location: Location
    project: Project


def _company_columns(sites: Sequence[Site], zones: list[str]) -> dict[str, np.ndarray]:
    projects = [site.project for site in sites]
    jobs = [sum(g.count for g in p.groups) for p in projects]
    return {
        "region": np.array([site.location.region for site in sites], np.str_),
        "park": np.array([site.location.park for site in sites], np.str_),
        "activity": np.array([p.activity for p in projects], np.str_),
        "charter_zone": np.array(zones, np.str_),
        "profit": np.array([to_centimes(p.profit) for p in projects], dtype=np.int64),
        "investment": np.array([to_centimes(p.investment) for p in projects], dtype=np.int64),
        "investment_date": _dates([p.investment_date for p in projects]),
        "planned_jobs": np.array(
            [p.planned_jobs or total for p, total in zip(projects, jobs, strict=True)],
            dtype=np.int64,
        ),
        "offer_2025_join_date": _dates([p.join_date for p in projects]),
    }


def build_situation(sites: Sequence[Site], zones: list[str]) -> Situation:
    """The companies (one per site, side by side) and their employees and trainings: hire
    groups expanded by their count, all vectorised."""
    groups = [g for site in sites for g in site.project.groups]
    sizes = [len(site.project.groups) for site in sites]
    counts = np.array([g.count for g in groups], dtype=np.int64)
    total_jobs = int(counts.sum())

    def column(values: list[Any], dtype: Any) -> np.ndarray:
        return np.repeat(np.array(values, dtype=dtype), counts)

    company = Population(ENTITIES[0], len(sites), ids=[f"company-{i}" for i in range(len(sites))])
    company.columns = _company_columns(sites, zones)
    company_of_group = np.repeat(np.arange(len(sites), dtype=np.int64), sizes)
    employees = Population(
        ENTITIES[1], total_jobs, parent_index=np.repeat(company_of_group, counts)
    )
    employees.columns = {
        "profile": column([g.profile for g in groups], np.str_),
        "gross_annual_salary": np.repeat(
            _centimes([g.gross_annual_salary for g in groups]), counts
        ),
        "hire_date": np.repeat(_dates([g.hire_date for g in groups]), counts),
        "exit_date": np.repeat(_dates([g.exit_date for g in groups]), counts),
        "permanent": column([g.permanent for g in groups], np.bool_),
        "moroccan": column([g.moroccan for g in groups], np.bool_),
    }
    # A training names a group of its own project: the site's first group is its offset.
    first_group = np.cumsum([0, *sizes])[:-1]
    items = [
        (first_group[i] + t.group, t)
        for i, site in enumerate(sites)
        for t in site.project.trainings
    ]
    trained = np.array([group for group, _ in items], dtype=np.int64)
    trainings_of = [t for _, t in items]
    members = counts[trained]  # a training is taken by every member of its group
    trainings = Population(
        ENTITIES[2], int(members.sum()), parent_index=_members(counts, trained, members)
    )
    trainings.columns = {
        "cost": np.repeat(_centimes([t.cost for t in trainings_of]), members),
        "hours": np.repeat([t.hours for t in trainings_of], members).astype(np.float64),
        "modality": np.repeat(np.array([t.modality for t in trainings_of], np.str_), members),
        "start_date": np.repeat(_dates([t.start_date for t in trainings_of]), members),
    }
    return Situation({"company": company, "employee": employees, "training": trainings})


def simulate(
    location: Location,
    project: Project,
    years: range,
    *,
    legislation: Legislation | None = None,
    explain: bool = True,
    on_year: Callable[[int], None] | None = None,
) -> SimulationResult:
    """The incentives of ``project`` at ``location`` for each year; ``on_year`` is told each
    year done (progress of a background run)."""
    sites = [Site(location, project)]
    return simulate_sites(sites, years, legislation=legislation, explain=explain, on_year=on_year)[
        0
    ]


def simulate_sites(
    sites: Sequence[Site],
    years: range,
    *,
    legislation: Legislation | None = None,
    explain: bool = False,
    on_year: Callable[[int], None] | None = None,
) -> list[SimulationResult]:
    """The incentives of each site's project at its location, every site a company of one
    simulation (what comparing regions needs: one pass over the formulas, not one per site).

    The parameters a result reports as unconfirmed or as interpretations are those the whole
    simulation read: with several sites, they may come from another site's project."""
    legislation = legislation or current_legislation()
    zones = [charter_zone_of(site.location.province) for site in sites]
    simulation = Simulation(legislation, build_situation(sites, zones))
    results: list[list[YearResult]] = [[] for _ in sites]
    for year in years:
        for company, result in enumerate(_year_results(simulation, year, len(sites))):
            results[company].append(result)
        if on_year is not None:
            on_year(year)
    first_member = np.cumsum([0, *(sum(g.count for g in s.project.groups) for s in sites)])
    return [
        SimulationResult(
            location=site.location,
            charter_zone=zone,
            years=site_years,
            ir_caps=_ir_caps(simulation, site.project, years, int(first_member[company])),
            explanations=_explanations(simulation, site_years, company) if explain else {},
            unconfirmed=sorted({name for r in site_years for name in r.unconfirmed}),
            income_tax_to_confirm=income_tax_to_confirm(legislation, years),
        )
        for company, (site, zone, site_years) in enumerate(zip(sites, zones, results, strict=True))
    ]


def income_tax_cap_rates(locations: Sequence[Location], *, activity: str, year: int) -> list[float]:
    """The income-tax cap rate the rules give the employees of a company of ``activity`` at
    each location in ``year``: a property of the place and the company, so no employee (and no
    salary) is needed. One simulation for every location."""
    sites = [Site(location, Project(activity=activity, groups=[])) for location in locations]
    zones = [charter_zone_of(location.province) for location in locations]
    simulation = Simulation(current_legislation(), build_situation(sites, zones))
    rates: list[float] = simulation.calculate("ir_cap_rate_company", year).tolist()
    return rates


def _year_results(simulation: Simulation, year: int, companies: int) -> list[YearResult]:
    """Each company's amounts in ``year`` (one calculation of each variable for all)."""

    def amounts(name: str) -> list[Decimal]:
        return [from_centimes(int(v)) for v in simulation.calculate(name, year)[:companies]]

    schemes = {name: amounts(name) for name in SCHEMES}
    totals, taxes = amounts("total_incentives"), amounts("corporate_tax")
    ordinary, saving = amounts("ordinary_income_tax_total"), amounts("income_tax_saving_total")
    interpretations = {name: sorted(simulation.interpretations(name, year)) for name in SCHEMES}
    unconfirmed = sorted(simulation.unconfirmed("total_incentives", year))
    return [
        YearResult(
            year=year,
            amounts={name: values[company] for name, values in schemes.items()},
            total=totals[company],
            corporate_tax=taxes[company],
            unconfirmed=unconfirmed,
            interpretations={name: names for name, names in interpretations.items() if names},
            ordinary_income_tax=ordinary[company],
            income_tax_saving=saving[company],
        )
        for company in range(companies)
    ]


def _ir_caps(
    simulation: Simulation, project: Project, years: range, first_member: int
) -> list[dict[str, Any]]:
    """The income-tax cap of each hire group (its first member) in the last year."""
    first_members = first_member + np.cumsum([0] + [g.count for g in project.groups])[:-1]
    year = years[-1]
    rates = simulation.calculate("ir_cap_rate", year)[first_members].tolist()

    def money(name: str) -> list[Decimal]:
        values = simulation.calculate(name, year)[first_members]
        # The same amount for many groups (one salary, many entries): convert each once.
        distinct, positions = np.unique(values, return_inverse=True)
        decimals = [from_centimes(v) for v in distinct.tolist()]
        return [decimals[i] for i in positions.tolist()]

    capped, ordinary, saving = (
        money(name) for name in ("ir_capped_amount", "ordinary_income_tax", "income_tax_saving")
    )
    return [
        {
            "group": index,
            "year": year,
            "rate": rate,
            "capped_amount": capped[index],
            "ordinary_tax": ordinary[index],  # per employee of the group
            "saving": saving[index],
            "employees": group.count,
        }
        for index, (rate, group) in enumerate(zip(rates, project.groups, strict=True))
    ]


def income_tax_to_confirm(legislation: Legislation, years: range) -> list[str]:
    """The income-tax parameters (scale, deductions) whose value in force in one of ``years``
    is still to be confirmed: the saving computed with them is shown as such."""
    return sorted(
        p.name
        for p in legislation.parameters
        if p.name.startswith("income_tax.")
        and any(
            (dated := p.at(dt.date(year, 1, 1))) is not None and dated.confidence == "to_confirm"
            for year in years
        )
    )


def _explanations(
    simulation: Simulation, results: list[YearResult], company: int
) -> dict[str, dict[str, Any]]:
    """For each scheme, the explanation in the first year it pays (else the first year)."""
    out = {}
    for name in SCHEMES:
        year = next((r.year for r in results if r.amounts[name]), results[0].year)
        out[name] = simulation.explain(name, year, company).as_dict()
    year = next((r.year for r in results if r.income_tax_saving), results[-1].year)
    out["income_tax_saving_total"] = simulation.explain(
        "income_tax_saving_total", year, company
    ).as_dict()
    return out


# --- file to file (``jiha simulate``) ------------------------------------------------------------
FILE_RESULTS = (
    "employment_bonus",
    "training_bonus",
    "ir_cap_rate",
    "ordinary_income_tax",
    "income_tax_saving",
    "income_tax_after_cap",
    "total_incentives",
)
FILE_REQUIRED = ("region", "activity", "gross_annual_salary", "hire_date")
FILE_KEEP = ("id", "company")  # copied from the input to each output row, when present


def file_checks(region_codes: Sequence[str]) -> dict[str, files.Check]:
    """What the file's columns may hold, beyond their kind (the API's bounds)."""
    return {
        "region": files.Check(allowed=tuple(region_codes)),
        "park": files.Check(allowed=(*PARKS.codes, "")),
        "activity": files.Check(allowed=ACTIVITIES.codes),
        "profile": files.Check(allowed=(*PROFILES.codes, "")),
        "charter_zone": files.Check(allowed=("A", "B", "")),
        "gross_annual_salary": files.Check(minimum=0.01, maximum=100_000_000),
        "profit": files.Check(minimum=0, maximum=10**12),
        "investment": files.Check(minimum=0, maximum=10**12),
        "planned_jobs": files.Check(minimum=0, maximum=1_000_000),
    }


@dataclass(frozen=True)
class FileRun:
    rows: int
    companies: int
    columns: list[str]
    unconfirmed: list[str]
    to_confirm: list[str]


def simulate_file(
    source: Path,
    target: Path,
    *,
    year: int,
    explain: Sequence[str] = (),
    region_codes: Sequence[str],
) -> FileRun:
    """One row per employee in ``source`` (its company named in a ``company`` column, the
    company's inputs repeated on each of its rows), the year's results per employee in
    ``target``, with the steps behind each result named in ``explain``. Raises
    :class:`~jiha.engines.rules.InputError` naming the column and rows of every bad cell;
    nothing is written then."""
    legislation = current_legislation()
    for name in explain:
        if name not in legislation.variables:
            raise InputError(
                f"--explain: unknown result {name!r}; results: {', '.join(FILE_RESULTS)}",
                field=name,
            )
    frame = files.read_table(source, files.input_kinds(legislation))
    situation = files.situation_from_table(
        legislation,
        frame,
        member="employee",
        required=FILE_REQUIRED,
        checks=file_checks(region_codes),
        first_row=2 if source.suffix.lower() == ".csv" else 1,
    )
    situation.populations["training"] = Population(ENTITIES[2], 0, parent_index=_NO_MEMBERS)
    simulation = Simulation(legislation, situation)
    period = Period.parse(str(year))
    names = [*FILE_RESULTS, *(n for n in explain if n not in FILE_RESULTS)]
    # The computed steps: the inputs behind them are the file's own columns already.
    steps = [
        step
        for step in (files.explanation_steps(simulation, explain, period) if explain else [])
        if not legislation.variable(step).is_input
    ]
    names += [s for s in steps if s not in names]
    columns: dict[str, Any] = {
        name: frame.get_column(name) for name in FILE_KEEP if name in frame.columns
    }
    rows = frame.height
    del frame  # the inputs now live in the situation
    columns.update(files.result_columns(simulation, names, period, member="employee"))
    files.write_table(columns, target)
    unconfirmed = set().union(*(simulation.unconfirmed(n, period) for n in names))
    to_confirm = income_tax_to_confirm(legislation, range(year, year + 1))
    return FileRun(
        rows=rows,
        companies=situation["company"].count,
        columns=list(columns),
        unconfirmed=sorted(unconfirmed),
        to_confirm=to_confirm,
    )


_NO_MEMBERS = np.zeros(0, dtype=np.int64)
# --- Dossiers: the amount a dossier claims, with its explanation ------------------------------


@dataclass(frozen=True)
class ParameterNote:
    """A parameter an amount rests on that is not settled: its reading and the alternative."""

    name: str
    reference: str
    note: str
    confidence: str


@dataclass
class DossierComputation:
    """What the rules engine gives for a dossier: ``amount`` is None while any parameter it
    depends on is still to be confirmed (the UI says "to be confirmed", never a number)."""

    amount: Decimal | None
    partial_amount: Decimal
    by_year: dict[int, dict[str, Decimal]]
    explanations: dict[str, dict[str, Any]]
    unconfirmed: list[ParameterNote]
    interpretations: list[ParameterNote]
    legislation_version: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "amount": None if self.amount is None else str(self.amount),
            "partial_amount": str(self.partial_amount),
            "by_year": {
                str(year): {name: str(value) for name, value in values.items()}
                for year, values in self.by_year.items()
            },
            "explanations": self.explanations,
            "unconfirmed": [vars(note) for note in self.unconfirmed],
            "interpretations": [vars(note) for note in self.interpretations],
            "legislation_version": self.legislation_version,
        }


def _notes(legislation: Legislation, names: set[str], day: dt.date) -> list[ParameterNote]:
    notes = []
    for name in sorted(names):
        parameter = legislation.parameters[name]
        value = parameter.at(day) or (parameter.values[-1] if parameter.values else None)
        notes.append(
            ParameterNote(
                name=name,
                reference=value.reference if value else "",
                note=value.note if value else "",
                confidence=value.confidence if value else "",
            )
        )
    return notes


def dossier_compute(
    *, location: Location, project: Project, variables: Sequence[str], years: range
) -> DossierComputation:
    """The amount of ``variables`` (a scheme's) over ``years``, with the explanation of each
    variable in the first year it pays, and the parameters to confirm or read as an
    interpretation that the amount rests on.

    A scheme with no variable (an attestation) has no amount: ``amount`` is 0.
    """
    try:
        return _dossier_compute(location, project, variables, years)
    except RulesError as exc:
        raise InvalidInput(str(exc), code="rules_error") from exc


def _dossier_compute(
    location: Location, project: Project, variables: Sequence[str], years: range
) -> DossierComputation:
    legislation = current_legislation()
    zone = charter_zone_of(location.province)
    simulation = Simulation(legislation, build_situation([Site(location, project)], [zone]))
    by_year: dict[int, dict[str, Decimal]] = {}
    unconfirmed: set[str] = set()
    interpreted: set[str] = set()
    for year in years:
        by_year[year] = {
            name: from_centimes(int(simulation.calculate(name, year)[0])) for name in variables
        }
        for name in variables:
            unconfirmed |= simulation.unconfirmed(name, year)
            interpreted |= simulation.interpretations(name, year)
    explanations = {}
    for name in variables:
        paying = next((y for y in years if by_year[y][name]), years[0])
        explanations[name] = simulation.explain(name, paying, 0).as_dict()
    partial = sum((sum(v.values(), Decimal(0)) for v in by_year.values()), Decimal(0))
    day = dt.date(years[-1], 1, 1)
    return DossierComputation(
        amount=None if unconfirmed else partial,
        partial_amount=partial,
        by_year=by_year,
        explanations=explanations,
        unconfirmed=_notes(legislation, unconfirmed, day),
        interpretations=_notes(legislation, interpreted, day),
        legislation_version=legislation_version(),
    )


# --- What-if reforms: many companies, two legislations, one engine run each --------------------

# The employee-level amount behind each company total (who, among the employees, gains).
EMPLOYEE_PARTS: dict[str, tuple[str, ...]] = {
    "employment_bonus_total": ("employment_bonus",),
    "training_bonus_total": ("training_bonus",),
    "training_aid_total": ("training_aid",),
    regional_bonus.BONUS_TOTAL: (regional_bonus.BONUS,),
}
EMPLOYEE_PARTS["total_incentives"] = tuple(p for parts in EMPLOYEE_PARTS.values() for p in parts)


@dataclass(frozen=True)
class ScenarioSite:
    """A company site of a reform's population: what it claims (``variables``) over ``years``,
    and variables claimed over years of their own (``extra``: a bonus paid in the hiring year
    for hires a dossier claims later)."""

    site: Site
    years: range
    variables: tuple[str, ...]
    extra: tuple[tuple[str, range], ...] = ()

    def claims(self) -> dict[str, range]:
        return {**dict.fromkeys(self.variables, self.years), **dict(self.extra)}


@dataclass
class ScenarioAmounts:
    """One legislation's amounts, in centimes: per site (summed over its years and variables)
    and per employee (``employee_site`` tells each employee's site)."""

    sites: np.ndarray
    employees: np.ndarray
    employee_site: np.ndarray
    unconfirmed: set[str]


def reform_legislation(
    *,
    name: str,
    start: dt.date,
    parameter: str = "",
    value: Any = None,
    bonus_amount: Decimal | None = None,
    bonus_regions: Sequence[str] = (),
) -> Legislation:
    """The law in force with a reform: ``parameter`` gets ``value`` from ``start``, and/or a
    regional bonus of ``bonus_amount`` per hire in ``bonus_regions`` (``legislation.reforms``).
    The law in force itself is untouched (nothing is written)."""
    legislation = current_legislation()
    if parameter:
        legislation = legislation.reform(name, parameters={parameter: {start: value}})
    if bonus_amount is not None:
        legislation = regional_bonus.with_regional_bonus(
            legislation, name=name, start=start, amount=bonus_amount, regions=bonus_regions
        )
    return legislation


def charter_zones(provinces: set[str]) -> dict[str, str]:
    """The Investment Charter zone of each province code (one query)."""
    rows = CharterZone.objects.filter(province__code__in=provinces)
    return dict(rows.values_list("province__code", "zone"))


def scenario_amounts(
    population: Sequence[ScenarioSite], legislations: Sequence[Legislation]
) -> list[ScenarioAmounts]:
    """Each legislation's amounts for the whole population: one situation, one simulation per
    legislation, each variable computed once per year for every site (vectorised), then kept
    for the sites that claim it that year."""
    sites = [entry.site for entry in population]
    zones_of = charter_zones({s.location.province for s in sites if s.location.province})
    zones = [zones_of.get(s.location.province or "", "") for s in sites]
    situation = build_situation(sites, zones)
    counts = [sum(g.count for g in s.project.groups) for s in sites]
    employee_site = np.repeat(np.arange(len(sites), dtype=np.int64), counts)
    claims = [entry.claims() for entry in population]
    names = sorted({name for claim in claims for name in claim})
    # For each variable, the first and last year each site claims it (none: an empty range).
    first = {n: np.array([c[n].start if n in c else 1 for c in claims], np.int64) for n in names}
    last = {n: np.array([c[n].stop - 1 if n in c else 0 for c in claims], np.int64) for n in names}
    years = sorted({year for claim in claims for span in claim.values() for year in span})
    results = []
    for legislation in legislations:
        simulation = Simulation(legislation, situation)
        site_total = np.zeros(len(sites), dtype=np.int64)
        employee_total = np.zeros(len(employee_site), dtype=np.int64)
        unconfirmed: set[str] = set()
        for year in years:
            for name in names:
                kept = (first[name] <= year) & (last[name] >= year)
                if name not in legislation.variables or not kept.any():
                    continue
                site_total += np.where(kept, simulation.calculate(name, year)[: len(sites)], 0)
                unconfirmed |= simulation.unconfirmed(name, year)
                for part in EMPLOYEE_PARTS.get(name, ()):
                    if part in legislation.variables:
                        values = simulation.calculate(part, year)
                        employee_total += np.where(kept[employee_site], values, 0)
        results.append(ScenarioAmounts(site_total, employee_total, employee_site, unconfirmed))
    return results
