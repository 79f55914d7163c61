"""Site-selection advisor: for one project, each region's operating cost and net present cost
minus the incentives the rules engine computes there, talent availability, a quality score
from the client's priorities, value for money, and the reasons for the ranking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jiha.competitiveness import engine_io, selectors
from jiha.incentives.engine_io import HireGroup, Location, Project, simulate
from jiha.legislation.vocabulary import PROFILES
from jiha.observatory.models import Dataset, Observation
from jiha.regions.models import Region

SALARY_CODE = {p: "salary-" + p.replace("_", "-") for p in PROFILES.codes}
TALENT_CODES = (
    "population",
    "activity-rate-census",
    "unemployment-rate-census",
    "higher-education-share",
    "french-literacy",
    "english-literacy",
)


@dataclass(frozen=True)
class ProjectBrief:
    headcount: dict[str, int]
    activity: str = "BPO"
    languages: tuple[str, ...] = ()
    m2_per_seat: float = 8.0
    horizon_years: int = 5
    discount_rate: float = 0.08
    other_cost_per_seat: float = 0.0
    priorities: dict[str, float] = field(default_factory=dict)
    start_year: int = 2026

    @property
    def seats(self) -> int:
        return sum(self.headcount.values())


@dataclass
class RegionAdvice:
    code: str
    name: str
    yearly_cost: float = 0.0
    yearly_incentives: list[float] = field(default_factory=list)
    net_present_cost: float = 0.0
    talent_pool: float | None = None
    coverage: float | None = None
    quality: float | None = None
    value_for_money: float | None = None
    rank: int | None = None
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    synthetic_inputs: bool = False


def _latest(codes: set[str]) -> tuple[dict[str, dict[str, float]], set[str]]:
    """Latest regional value per indicator from the current versions; and which were synthetic."""
    current = Dataset.objects.exclude(current_version=None).values_list(
        "current_version", flat=True
    )
    rows = (
        Observation.objects.filter(
            version_id__in=current, indicator__code__in=codes, level="region", value__isnull=False
        )
        .order_by("period_start")
        .values_list("indicator__code", "territory", "value", "version__dataset__synthetic")
    )
    values: dict[str, dict[str, float]] = {}
    synthetic: set[str] = set()
    for code, territory, value, is_synthetic in rows:
        if value is None:  # excluded by the query; keeps the types honest
            continue
        values.setdefault(code, {})[territory] = float(value)
        if is_synthetic:
            synthetic.add(code)
    return values, synthetic


def _quality(brief: ProjectBrief) -> dict[str, float]:
    edition = selectors.latest_edition()
    if edition is None:
        return {}
    weights = {p: brief.priorities.get(p, 1.0) for p in selectors.PILLARS}
    if not any(weights.values()):
        weights = dict.fromkeys(selectors.PILLARS, 1.0)
    result = engine_io.reweight(edition.framework, edition.inputs, weights)
    return {u: float(s) for u, s in zip(result.units, result.index_scores, strict=True)}


def _incentives(region: str, brief: ProjectBrief, salaries: dict[str, float]) -> list[float]:
    start = dt.date(brief.start_year, 1, 1)
    groups = [
        HireGroup(p, Decimal(str(round(salaries[p], 2))), start, count=n)
        for p, n in brief.headcount.items()
        if n
    ]
    project = Project(activity=brief.activity, groups=groups)
    years = range(brief.start_year, brief.start_year + brief.horizon_years)
    result = simulate(
        Location(region, engine_io.BEST_PARK.get(region, "none")), project, years, explain=False
    )
    return [float(y.total) for y in result.years]


def _talent(region: str, data: dict[str, dict[str, float]], brief: ProjectBrief) -> float | None:
    try:
        pool = (
            data["population"][region]
            * data["activity-rate-census"][region]
            / 100
            * data["unemployment-rate-census"][region]
            / 100
            * data["higher-education-share"][region]
            / 100
        )
    except KeyError:
        return None
    for language in brief.languages:
        share = data.get(f"{language}-literacy", {}).get(region)
        if share is not None:
            pool *= share / 100
    return pool


def advise(brief: ProjectBrief) -> list[RegionAdvice]:
    """Every region, ranked by value for money (regions without cost data come last)."""
    codes = set(SALARY_CODE.values()) | {"office-rent"} | set(TALENT_CODES)
    data, synthetic = _latest(codes)
    quality = _quality(brief)
    out = []
    for region in Region.objects.order_by("code"):
        advice = RegionAdvice(region.code, region.name)
        salaries = {p: data.get(SALARY_CODE[p], {}).get(region.code) for p in PROFILES.codes}
        needed = [p for p, n in brief.headcount.items() if n and salaries[p] is None]
        rent = data.get("office-rent", {}).get(region.code)
        advice.missing = [SALARY_CODE[p] for p in needed] + (
            [] if rent is not None else ["office-rent"]
        )
        advice.synthetic_inputs = bool(codes & synthetic)
        advice.quality = quality.get(region.code)
        advice.talent_pool = _talent(region.code, data, brief)
        if advice.talent_pool:
            advice.coverage = advice.talent_pool / max(brief.seats, 1)
        if not advice.missing:
            _costs(advice, brief, {p: s for p, s in salaries.items() if s is not None}, rent or 0)
        out.append(advice)
    _rank(out)
    return out


def _costs(
    advice: RegionAdvice, brief: ProjectBrief, salaries: dict[str, float], rent: float
) -> None:
    payroll = sum(brief.headcount.get(p, 0) * s for p, s in salaries.items())
    premises = brief.seats * brief.m2_per_seat * rent * 12
    advice.yearly_cost = payroll + premises + brief.seats * brief.other_cost_per_seat
    advice.yearly_incentives = _incentives(advice.code, brief, salaries)
    advice.net_present_cost = sum(
        (advice.yearly_cost - incentive) / (1 + brief.discount_rate) ** (year + 1)
        for year, incentive in enumerate(advice.yearly_incentives)
    )
    if advice.quality is not None and advice.net_present_cost > 0:
        per_seat_year = advice.net_present_cost / brief.horizon_years / max(brief.seats, 1)
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
        if advice.net_present_cost == cheapest:
            advice.reasons.append(_("lowest net present cost"))
        if advice.quality == best_quality:
            advice.reasons.append(_("best quality score for your priorities"))
        if advice.coverage is not None and advice.coverage >= 10:
            advice.reasons.append(
                _("large talent pool (%(x).0f× the hires needed)") % {"x": advice.coverage}
            )
        elif advice.coverage is not None and advice.coverage < 2:
            advice.reasons.append(_("thin talent pool for this many hires"))
        saved = sum(advice.yearly_incentives)
        if saved and advice.yearly_cost:
            advice.reasons.append(
                _("incentives cover %(p).1f %% of the cost over the horizon")
                % {"p": saved / (advice.yearly_cost * len(advice.yearly_incentives)) * 100}
            )
    for advice in advices:
        if advice.missing:
            advice.reasons.append(
                _("no cost data for this region: load the salary and rent datasets")
            )
    advices.sort(key=lambda a: (a.rank is None, a.rank or 0))


def as_dict(advice: RegionAdvice) -> dict[str, Any]:
    return dict(vars(advice))
