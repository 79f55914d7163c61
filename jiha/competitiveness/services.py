"""Services of the competitiveness app: building index editions (writes), and the
site-selection advisor (reads only: it compares the regions for one project).

The advisor reads other apps through their faces only: the observatory's latest published
regional values (salaries, rents, talent), the regions from the reference data, where a region
is compared from the legislation's vocabulary (its park), and the incentives from one
simulation of all the regions (``incentives.engine_io.simulate_sites``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.competitiveness import engine_io, selectors
from jiha.competitiveness.models import IndexEdition
from jiha.engines.composite import CompositeError
from jiha.incentives import engine_io as incentives
from jiha.incentives.selectors import (
    SalarySource,
    hire_groups,
    salary_sources,
    simulator_query,
    synchronous_limits,
)
from jiha.legislation.vocabulary import PROFILES, reference_park
from jiha.lib.errors import InvalidInput
from jiha.observatory.selectors import LatestValues, latest_values, salary_indicator
from jiha.regions.selectors import region_names

RENT = "office-rent"
TALENT = (
    "population",
    "activity-rate-census",
    "unemployment-rate-census",
    "higher-education-share",
)
# The languages a project may need, and the share of the population that reads each.
LITERACY = {"french": "french-literacy", "english": "english-literacy"}


@transaction.atomic
def edition_build(*, actor: User | None, framework_code: str = "regional-2026") -> IndexEdition:
    """Build an edition from the current dataset versions and freeze them."""
    framework = engine_io.load_framework(framework_code)
    inputs = engine_io.gather(framework)
    try:
        computed = engine_io.compute(framework, inputs.units, inputs.table, inputs.benchmark)
    except CompositeError as exc:
        raise InvalidInput(str(exc), code="index_build_failed") from exc
    edition = IndexEdition.objects.create(
        framework_code=framework_code,
        framework=framework,
        inputs=inputs.table,
        legislation_version=inputs.legislation_version,
        synthetic=inputs.synthetic,
        created_by=actor,
        **computed,
    )
    edition.versions.set(inputs.versions)
    return edition


def edition_refresh(
    *, actor: User | None, framework_code: str = "regional-2026"
) -> IndexEdition | None:
    """Build an edition unless the latest one already read the current data (None then)."""
    current = engine_io.current_versions(engine_io.load_framework(framework_code))
    latest = selectors.latest_edition()
    if latest and sorted(latest.versions.values_list("pk", flat=True)) == current:
        return None
    return edition_build(actor=actor, framework_code=framework_code)


def edition_rebuild(edition: IndexEdition) -> dict[str, object]:
    """Recompute an edition from its frozen versions (nothing is saved)."""
    versions = list(edition.versions.values_list("pk", flat=True))
    inputs = engine_io.gather(edition.framework, versions)
    computed = engine_io.compute(edition.framework, inputs.units, inputs.table, inputs.benchmark)
    return {"inputs": inputs.table, **computed}


# --- Site-selection advisor -----------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class ProjectBrief:
    """What a client plans: hires by profile from 1 January of ``start_year``, and how the
    regions are weighed (costs over ``horizon_years``, talent languages, index priorities)."""

    headcount: dict[str, int]
    start_year: int
    activity: str = "BPO"
    languages: tuple[str, ...] = ()
    m2_per_seat: float = 8.0
    horizon_years: int = 5
    discount_rate: float = 0.08
    other_cost_per_seat: float = 0.0
    priorities: dict[str, float] = field(default_factory=dict)

    @property
    def seats(self) -> int:
        return sum(self.headcount.values())

    @property
    def years(self) -> range:
        return range(self.start_year, self.start_year + self.horizon_years)


@dataclass
class RegionAdvice:
    code: str
    name: str
    park: str  # where the region is compared (legislation's vocabulary.parks)
    yearly_cost: float = 0.0
    yearly_incentives: list[float] = field(default_factory=list)
    net_present_cost: float = 0.0
    # The employees' income tax the cap saves each year, and the net present cost if the
    # company takes it back through a lower gross pay at the same net pay (ADR 0019)
    yearly_income_tax_saving: list[float] = field(default_factory=list)
    net_present_cost_with_income_tax_saving: float = 0.0
    talent_pool: float | None = None
    coverage: float | None = None
    quality: float | None = None
    value_for_money: float | None = None
    rank: int | None = None
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    synthetic_inputs: bool = False
    # What the incentives assume (ADR 0021): the observatory's salary of each profile hired,
    # the years and the park; and the simulator's inputs that give the same total (ADR 0022).
    salaries: dict[str, SalarySource] = field(default_factory=dict)
    first_year: int = 0
    last_year: int = 0
    simulator_query: dict[str, str] = field(default_factory=dict)

    @property
    def incentives_total(self) -> float:
        """The incentives over the horizon: what the simulator gives for ``simulator_query``."""
        return sum(self.yearly_incentives)


def brief_check(brief: ProjectBrief) -> None:
    """Refuse a brief the advisor cannot answer at once, with what to change."""
    if min(brief.headcount.values(), default=0) < 0:
        raise InvalidInput(_("A headcount cannot be negative."), code="negative_headcount")
    if brief.seats <= 0:
        raise InvalidInput(_("Give the headcount of at least one profile."), code="no_headcount")
    unknown = sorted(set(brief.headcount) - set(PROFILES.codes))
    if unknown:
        raise InvalidInput(
            _("Unknown profile %(code)s.") % {"code": ", ".join(unknown)}, code="unknown_profile"
        )
    limits = synchronous_limits()  # each region's incentives: as many hires as one simulation
    if brief.seats > limits.employees:
        raise InvalidInput(
            _("The advisor compares projects of up to %(limit)s hires.")
            % {"limit": limits.employees},
            code="advisor_too_large",
            status=413,
        )
    if not 1 <= brief.horizon_years <= limits.years:
        raise InvalidInput(
            _("The horizon is 1 to %(limit)s years.") % {"limit": limits.years},
            code="invalid_horizon",
        )
    covered = incentives.years_covered()
    if brief.start_year < covered.start or brief.years.stop > covered.stop:
        raise InvalidInput(
            _("The years compared run from %(first)s to %(last)s at the most.")
            % {"first": covered.start, "last": covered.stop - 1},
            code="years_not_covered",
        )


def site_advice(*, brief: ProjectBrief) -> list[RegionAdvice]:
    """Every region for ``brief``, ranked by value for money (regions without cost data come
    last, saying what is missing)."""
    brief_check(brief)
    salaries = {p: salary_indicator(p) for p in PROFILES.codes}
    latest = latest_values([*salaries.values(), RENT, *TALENT, *LITERACY.values()])
    quality = _quality(brief)
    advices = []
    for code, name in region_names().items():
        advice = RegionAdvice(code, name, reference_park(code))
        advice.first_year, advice.last_year = brief.years[0], brief.years[-1]
        advice.missing = [
            indicator
            for indicator in [*(salaries[p] for p, n in brief.headcount.items() if n), RENT]
            if latest.value(indicator, code) is None
        ]
        advice.synthetic_inputs = latest.synthetic
        advice.quality = quality.get(code)
        advice.talent_pool = _talent(code, latest, brief)
        if advice.talent_pool:
            advice.coverage = advice.talent_pool / brief.seats
        advices.append(advice)
    _costs([a for a in advices if not a.missing], brief, latest, salaries)
    _rank(advices)
    return advices


def _quality(brief: ProjectBrief) -> dict[str, float]:
    edition = selectors.latest_edition()
    if edition is None:
        return {}
    weights = {p: brief.priorities.get(p, 1.0) for p in selectors.PILLARS}
    if not any(weights.values()):
        weights = dict.fromkeys(selectors.PILLARS, 1.0)
    result = engine_io.reweight(edition.framework, edition.units, edition.inputs, weights)
    return {u: float(s) for u, s in zip(result.units, result.index_scores, strict=True)}


def _talent(region: str, latest: LatestValues, brief: ProjectBrief) -> float | None:
    """A census proxy of the people available: active × unemployed × higher-education share,
    × the share who read each language the project needs."""
    values = [latest.value(code, region) for code in TALENT]
    if any(v is None for v in values):
        return None
    population, active, unemployed, educated = (float(v or 0) for v in values)
    pool = population * active / 100 * unemployed / 100 * educated / 100
    for language in brief.languages:
        share = latest.value(LITERACY[language], region)
        if share is not None:
            pool *= share / 100
    return pool


def _costs(
    advices: list[RegionAdvice], brief: ProjectBrief, latest: LatestValues, salaries: dict[str, str]
) -> None:
    """Each region's yearly cost, incentives (one simulation for all) and net present cost."""
    hired = [p for p, n in brief.headcount.items() if n]
    sources = salary_sources([a.code for a in advices], hired, latest)
    for advice in advices:
        advice.salaries = {p: sources[advice.code, p] for p in hired}
        advice.simulator_query = simulator_query(
            region=advice.code,
            park=advice.park,
            activity=brief.activity,
            headcount=brief.headcount,
            salaries={p: s.amount for p, s in advice.salaries.items()},
            first_year=advice.first_year,
            last_year=advice.last_year,
        )
    paid = {
        a.code: {p: latest.value(salaries[p], a.code) or 0.0 for p in brief.headcount}
        for a in advices
    }
    sites = [
        incentives.Site(
            incentives.Location(a.code, a.park),
            incentives.Project(
                activity=brief.activity,
                groups=hire_groups(
                    brief.headcount,
                    {p: s.amount for p, s in a.salaries.items()},
                    brief.start_year,
                ),
            ),
        )
        for a in advices
    ]
    results = incentives.simulate_sites(sites, brief.years) if sites else []
    for advice, result in zip(advices, results, strict=True):
        rent = latest.value(RENT, advice.code) or 0.0
        payroll = sum(brief.headcount[p] * s for p, s in paid[advice.code].items())
        premises = brief.seats * brief.m2_per_seat * rent * 12
        advice.yearly_cost = payroll + premises + brief.seats * brief.other_cost_per_seat
        advice.yearly_incentives = [float(y.total) for y in result.years]
        advice.net_present_cost = sum(
            (advice.yearly_cost - incentive) / (1 + brief.discount_rate) ** (year + 1)
            for year, incentive in enumerate(advice.yearly_incentives)
        )
        advice.yearly_income_tax_saving = [float(y.income_tax_saving) for y in result.years]
        advice.net_present_cost_with_income_tax_saving = advice.net_present_cost - sum(
            saving / (1 + brief.discount_rate) ** (year + 1)
            for year, saving in enumerate(advice.yearly_income_tax_saving)
        )
        if advice.quality is not None and advice.net_present_cost > 0:
            per_seat_year = advice.net_present_cost / brief.horizon_years / brief.seats
            advice.value_for_money = advice.quality / (per_seat_year / 100_000)


def _rank(advices: list[RegionAdvice]) -> None:
    ranked = sorted(
        (a for a in advices if a.value_for_money is not None),
        key=lambda a: a.value_for_money or 0,
        reverse=True,
    )
    cheapest = min((a.net_present_cost for a in ranked), default=None)
    best_quality = max((a.quality or 0 for a in ranked), default=None)
    for position, advice in enumerate(ranked, start=1):
        advice.rank = position
        advice.reasons = _reasons(advice, cheapest, best_quality)
    for advice in advices:
        if advice.missing:
            advice.reasons.append(
                _("no cost data for this region: load the salary and rent datasets")
            )
    advices.sort(key=lambda a: (a.rank is None, a.rank or 0))


def _reasons(advice: RegionAdvice, cheapest: float | None, best_quality: float | None) -> list[str]:
    reasons = []
    if advice.net_present_cost == cheapest:
        reasons.append(_("lowest net present cost"))
    if advice.quality == best_quality:
        reasons.append(_("best quality score for your priorities"))
    if advice.coverage is not None and advice.coverage >= 10:
        reasons.append(_("large talent pool (%(x).0f× the hires needed)") % {"x": advice.coverage})
    elif advice.coverage is not None and advice.coverage < 2:
        reasons.append(_("thin talent pool for this many hires"))
    saved = sum(advice.yearly_incentives)
    if saved and advice.yearly_cost:
        reasons.append(
            _("incentives cover %(p).1f %% of the cost over the horizon")
            % {"p": saved / (advice.yearly_cost * len(advice.yearly_incentives)) * 100}
        )
    return reasons


def as_dict(advice: RegionAdvice) -> dict[str, Any]:
    found = dict(vars(advice))
    found["incentives_total"] = advice.incentives_total
    found["salaries"] = [source.as_dict() for source in advice.salaries.values()]
    return found
