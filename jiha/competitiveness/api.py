"""HTTP API of the regional competitiveness index: its editions, each edition's scores with
rank intervals and pillar scores, and the site-selection advisor (the answers of the pages)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from ninja import Router, Schema
from ninja.decorators import decorate_view
from pydantic import BaseModel, Field

from jiha.competitiveness import selectors, services
from jiha.competitiveness.models import IndexEdition
from jiha.lib.i18n import current_language
from jiha.lib.ratelimit import rate_limited
from jiha.lib.vocabulary import ActivityCode, OneOf, ProfileCode

router = Router()

Pillar = Annotated[str, OneOf(selectors.PILLARS)]
Language = Annotated[str, OneOf(tuple(services.LITERACY))]
Headcount = Annotated[int, Field(ge=0, le=100_000)]
Weight = Annotated[float, Field(ge=0, le=5)]


class DatasetVersionOut(Schema):
    dataset: str
    number: int


class EditionOut(Schema):
    id: int
    framework: str
    title: str
    created_at: dt.datetime
    synthetic: bool
    legislation_version: int
    versions: list[DatasetVersionOut]
    scores_url: str
    results_csv: str


class IndicatorOut(Schema):
    code: str
    label: str
    pillar: str
    direction: int
    weight: float
    source: Literal["observatory", "rules"]
    treatment: str = Field(description="Before normalisation: none, log, winsorise (COINr's rule)")
    reference: str = Field(description="Where the figures come from")
    justification: str = Field(description="Why this indicator, direction, weight and treatment")


class CorrelationOut(Schema):
    n: int = Field(description="Regions with both an index score and the outcome")
    spearman: float | None
    pearson: float | None


class OutcomeDatasetOut(Schema):
    dataset: str
    number: int
    title: str
    publisher: str
    synthetic: bool


class ValidationOut(Schema):
    """The index's correlation with where offshoring jobs are, stored with the edition."""

    available: bool
    reason: str | None = Field(
        None,
        description="Why there is no correlation: not_computed, no_outcome, no_data, too_few",
    )
    indicator: str | None = None
    label: str = ""
    n: int | None = None
    spearman: float | None = None
    pearson: float | None = None
    per_capita: CorrelationOut | None = None
    per_capita_scale: float | None = Field(None, description="Outcome per this many inhabitants")
    periods: list[str] = []
    datasets: list[OutcomeDatasetOut] = []
    synthetic: bool = Field(False, description="The outcome's figures are demo (synthetic) data")
    index_synthetic: bool = Field(False, description="The index rests on demo (synthetic) inputs")
    zero_without_park: list[str] = Field(
        [], description="Regions without an offshoring park, counted as zero"
    )


class SensitivityOut(Schema):
    name: str
    first_order: float | None
    total: float | None


class EditionDetailOut(EditionOut):
    method_note: str
    indicators: list[IndicatorOut]
    sensitivity: list[SensitivityOut]
    validation: ValidationOut


class IntervalOut(Schema):
    low: float | None = None
    median: float | None = None
    high: float | None = None


class PillarScoreOut(Schema):
    score: float | None
    rank: float | None


class ScoreOut(Schema):
    region: str
    name: str
    score: float | None
    rank: float | None
    rank_interval: IntervalOut
    pillars: dict[str, PillarScoreOut]


def _edition(edition: IndexEdition) -> dict[str, Any]:
    title = edition.framework.get("title", {})
    return {
        "id": edition.pk,
        "framework": edition.framework_code,
        "title": title.get(current_language()) or title.get("fr", ""),
        "created_at": edition.created_at,
        "synthetic": edition.synthetic,
        "legislation_version": edition.legislation_version,
        "versions": [
            {"dataset": v.dataset.slug, "number": v.number}
            for v in edition.versions.select_related("dataset").order_by("dataset__slug")
        ],
        "scores_url": reverse("api:competitiveness_scores", kwargs={"edition_id": edition.pk}),
        "results_csv": reverse("competitiveness:download", kwargs={"pk": edition.pk}),
    }


@router.get("/editions", response=list[EditionOut], summary="Index editions, latest first")
def list_editions(request: HttpRequest) -> list[dict[str, Any]]:
    """Every edition of the regional competitiveness index, with the dataset versions it
    froze (it can be rebuilt identically) and whether it rests on demo (synthetic) data."""
    return [_edition(edition) for edition in selectors.edition_list()]


@router.get("/editions/{edition_id}", response=EditionDetailOut, summary="One index edition")
def get_edition(request: HttpRequest, edition_id: int) -> dict[str, Any]:
    """One edition: its indicators (pillar, direction, weight, where each comes from) and the
    share of the ranks' variance due to each modelling choice (Sobol indices)."""
    edition = selectors.edition_get(edition_id)
    names = selectors.labels(edition.framework)
    indicators = [
        {
            "code": node["code"],
            "label": names[node["code"]],
            "pillar": node["parent"],
            "direction": node.get("direction", 1),
            "weight": node.get("weight", 1),
            "source": "rules" if node.get("source") == "rules" else "observatory",
            "treatment": _method(node.get("treatment")),
            "reference": node.get("reference", ""),
            "justification": _in_language(node.get("justification")),
        }
        for node in edition.framework["nodes"]
        if node["level"] == 1
    ]
    return {
        **_edition(edition),
        "method_note": edition.framework.get("method_note", ""),
        "indicators": indicators,
        "sensitivity": edition.sensitivity.get("records", []),
        "validation": _validation(edition),
    }


def _method(setting: object) -> str:
    if isinstance(setting, dict):
        return str(setting.get("method", "none"))
    return str(setting or "none")


def _in_language(texts: object) -> str:
    if not isinstance(texts, dict):
        return ""
    return str(texts.get(current_language()) or texts.get("fr") or "")


def _validation(edition: IndexEdition) -> dict[str, Any]:
    """The same figures as the methodology page (selectors.validation)."""
    shown = selectors.validation(edition)
    return {
        **{k: shown.get(k) for k in ("available", "reason", "indicator", "label", "n")},
        **{k: shown.get(k) for k in ("spearman", "pearson", "per_capita")},
        "synthetic": bool(shown.get("synthetic")),
        "per_capita_scale": shown.get("scale"),
        "periods": shown.get("periods", []),
        "datasets": [
            {
                "dataset": d["slug"],
                "number": d["number"],
                "title": d["title"],
                "publisher": d["publisher"],
                "synthetic": d["synthetic"],
            }
            for d in shown["datasets"]
        ],
        "index_synthetic": shown["index_synthetic"],
        "zero_without_park": shown.get("zero_without_park", []),
    }


@router.get(
    "/editions/{edition_id}/scores",
    response=list[ScoreOut],
    url_name="competitiveness_scores",
    summary="Scores, ranks with their intervals, and pillar scores of an edition",
)
def edition_scores(request: HttpRequest, edition_id: int) -> list[dict[str, Any]]:
    """Each region's index score (0–100) and rank, the interval of its ranks over the
    alternative builds of the index (weights, normalisation, aggregation), and its score and
    rank on each pillar, best rank first."""
    edition = selectors.edition_get(edition_id)
    return [
        {
            "region": row["code"],
            "name": row["name"],
            "score": row["score"],
            "rank": row["rank"],
            "rank_interval": row["interval"],
            "pillars": {p: {"score": s, "rank": r} for p, s, r in row["pillars"]},
        }
        for row in selectors.ranking(edition)
    ]


class BriefIn(BaseModel):
    """A project to place: hires by profile from 1 January of the first year, and how to weigh
    the regions. The same fields as the advisor page (rates in %)."""

    headcount: dict[ProfileCode, Headcount] = Field(
        ...,
        min_length=1,
        description="Hires by profile (codes of the legislation's vocabulary.profiles)",
    )
    activity: ActivityCode = "BPO"
    start_year: int | None = Field(
        None, ge=2000, le=2100, description="First year compared (default: this year)"
    )
    horizon_years: int = Field(5, ge=1, le=settings.JIHA_SIMULATE_MAX_YEARS)
    languages: list[Language] = Field(["french"], max_length=2)
    m2_per_seat: float = Field(8, ge=1, le=50)
    discount_rate: float = Field(8, ge=0, le=50, description="Yearly discount rate, in %")
    other_cost_per_seat: float = Field(0, ge=0, le=1_000_000, description="MAD a seat a year")
    priorities: dict[Pillar, Weight] = Field(
        {}, description="Weight of each pillar in the quality score, 0 to 5 (default 1)"
    )

    def brief(self) -> services.ProjectBrief:
        return services.ProjectBrief(
            headcount=dict(self.headcount),
            start_year=self.start_year or timezone.localdate().year,
            activity=self.activity,
            languages=tuple(dict.fromkeys(self.languages)),
            m2_per_seat=self.m2_per_seat,
            horizon_years=self.horizon_years,
            discount_rate=self.discount_rate / 100,
            other_cost_per_seat=self.other_cost_per_seat,
            priorities=dict(self.priorities),
        )


class SalarySourceOut(Schema):
    """The observatory's regional salary a region's figures assume, and its source."""

    source: Literal["observatory"]
    profile: str
    region: str
    amount: str
    dataset: str
    title: str
    publisher: str
    version: int = Field(..., description="The dataset's version number")
    period: str
    published: dt.date | None
    synthetic: bool


class RegionAdviceOut(Schema):
    region: str
    name: str
    park: str
    rank: int | None
    yearly_cost: float
    yearly_incentives: list[float]
    net_present_cost: float
    yearly_income_tax_saving: list[float]
    net_present_cost_with_income_tax_saving: float
    talent_pool: float | None
    coverage: float | None
    quality: float | None
    value_for_money: float | None
    reasons: list[str]
    missing: list[str]
    synthetic_inputs: bool
    incentives_total: float = Field(..., description="The incentives over the years compared")
    first_year: int
    last_year: int
    salaries: list[SalarySourceOut] = Field(
        ..., description="The salary of each profile hired the figures assume (observatory)"
    )
    simulator_url: str | None = Field(
        ...,
        description="The simulator with exactly these inputs: it gives the same total "
        "(null for a region without cost data)",
    )


class AdviceOut(Schema):
    currency: str
    years: list[int]
    regions: list[RegionAdviceOut]


@router.post("/advisor", response=AdviceOut, summary="Compare the regions for a project")
@decorate_view(rate_limited("competitiveness.advisor", rate_setting="JIHA_SIMULATE_RATE"))
def advise(request: HttpRequest, data: BriefIn) -> dict[str, Any]:
    """Each region's yearly cost for the project (salaries and rents from the observatory),
    the incentives the rules give it there each year (in the region's park, else outside every
    park), its net present cost, talent pool, quality for your priorities, value for money,
    rank and reasons; regions without cost data come last and say what is missing. Amounts in
    MAD. One incentive simulation compares the 12 regions: the hires of a project are bounded
    like the simulator's (`JIHA_SIMULATE_MAX_EMPLOYEES`, 413 beyond), and each client may make
    `JIHA_SIMULATE_RATE` requests (429 beyond)."""
    brief = data.brief()
    advices = services.site_advice(brief=brief)
    return {
        "currency": "MAD",
        "years": list(brief.years),
        "regions": [
            {
                "region": a.code,
                **services.as_dict(a),
                "simulator_url": (
                    reverse("incentives:simulator") + "?" + urlencode(a.simulator_query)
                    if a.simulator_query
                    else None
                ),
            }
            for a in advices
        ],
    }
