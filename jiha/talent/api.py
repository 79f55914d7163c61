"""HTTP API of the talent app: the taxonomy, offers, programmes, the supply/demand table and the
hiring outlook (public); skills in a text (public); the candidate's matches, path, data and
erasure (the candidate); an offer's pseudonymised shortlist (the offer's company)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.security import django_auth

from jiha.accounts.models import User
from jiha.lib.apitypes import REGION_PATTERN, Cost
from jiha.lib.errors import PermissionDenied
from jiha.lib.ratelimit import rate_limited
from jiha.talent import engine_io, selectors, services
from jiha.talent.forms import MAX_TEXT
from jiha.talent.models import CandidateProfile

router = Router()


class SkillOut(Schema):
    code: str
    name: str
    category: str
    esco_uri: str


class OccupationOut(Schema):
    code: str
    name: str
    family: str
    isco_group: str
    esco_uri: str
    essential: list[str]
    optional: list[str]


class OfferOut(Schema):
    id: int
    title: str
    company: str
    occupation: str
    region: str | None
    remote: bool
    languages: list[str]
    positions: int
    synthetic: bool


class ProgrammeOut(Schema):
    id: int
    title: str
    provider: str
    region: str | None
    remote: bool
    start: dt.date
    end: dt.date
    hours: int
    cost: Cost
    seats: int
    skills: list[str]
    schemes: list[str]
    reimbursable_share: Decimal | None
    placement_rate_6_months: float | None
    placement_rate_12_months: float | None
    synthetic: bool


class SupplyDemandOut(Schema):
    region: str
    occupation: str
    positions: int | None
    candidates: int | None
    seats: int | None


class OutlookOut(Schema):
    region: str
    family: str
    period: str
    value: float
    backtest_error: float | None
    method: str


class TextIn(Schema):
    text: str


class FoundOut(Schema):
    skill: str
    name: str
    text: str
    score: float


class MatchOut(Schema):
    offer: int
    title: str
    score: float
    coverage: float
    language_fit: bool
    location_fit: bool
    missing_essential: list[str]
    missing_optional: list[str]


class PathOut(Schema):
    occupation: str
    objective: str
    programmes: list[int]
    cost: Decimal
    net_cost: Decimal | None
    hours: int
    gap: list[str]


class ShortlistOut(Schema):
    pseudonym: str
    score: float
    missing_essential: list[str]


@router.get("/skills", response=list[SkillOut], summary="The skills of the taxonomy")
def talent_skills(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"code": s.code, "name": s.name, "category": s.category, "esco_uri": s.esco_uri}
        for s in selectors.skill_list()
    ]


@router.get("/occupations", response=list[OccupationOut], summary="Occupations and skills")
def talent_occupations(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": o.code,
            "name": o.name,
            "family": o.family,
            "isco_group": o.isco_group,
            "esco_uri": o.esco_uri,
            "essential": sorted(x.skill.code for x in o.links.all() if x.essential),
            "optional": sorted(x.skill.code for x in o.links.all() if not x.essential),
        }
        for o in selectors.occupation_list()
    ]


@router.get("/offers", response=list[OfferOut], summary="Open job offers")
def talent_offers(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": o.pk,
            "title": o.title,
            "company": o.company.name,
            "occupation": o.occupation.code,
            "region": o.region.code if o.region else None,
            "remote": o.remote,
            "languages": o.languages,
            "positions": o.positions,
            "synthetic": o.synthetic,
        }
        for o in selectors.open_offers()[:500]
    ]


@router.get("/programmes", response=list[ProgrammeOut], summary="Current training programmes")
def talent_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    rows = []
    for p in selectors.current_programmes().prefetch_related("skills")[:500]:
        six, twelve = selectors.placement_rates(p)
        rows.append(
            {
                "id": p.pk,
                "title": p.title,
                "provider": p.provider.name,
                "region": p.region.code if p.region else None,
                "remote": p.remote,
                "start": p.start,
                "end": p.end,
                "hours": p.hours,
                "cost": p.cost,
                "seats": p.seats,
                "skills": sorted(s.code for s in p.skills.all()),
                "schemes": p.schemes,
                "reimbursable_share": None,
                "placement_rate_6_months": six.rate,
                "placement_rate_12_months": twelve.rate,
                "synthetic": p.synthetic,
            }
        )
    return rows


@router.get(
    "/supply-demand",
    response=list[SupplyDemandOut],
    summary="Positions, candidates and seats by region and occupation (below 3: null)",
)
def talent_supply_demand(request: HttpRequest, region: str | None = None) -> list[dict[str, Any]]:
    return selectors.supply_demand(region)


@router.get("/outlook", response=list[OutlookOut], summary="Hiring outlook, next period")
def talent_outlook(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "region": r.region,
            "family": r.family,
            "period": r.period,
            "value": r.value,
            "backtest_error": r.backtest_error,
            "method": r.method,
        }
        for r in engine_io.hiring_outlook()
    ]


@router.post("/extract", response=list[FoundOut], summary="Skills named in a CV or offer text")
@decorate_view(rate_limited("talent.extract", rate_setting="JIHA_TALENT_EXTRACT_RATE"))
def talent_extract(request: HttpRequest, data: TextIn) -> list[dict[str, Any]]:
    """The taxonomy's skills a text names (French, English, Arabic labels; fuzzy matching).
    At most 50,000 characters are read; nothing is kept. Each client may make
    `JIHA_TALENT_EXTRACT_RATE` requests (429 with `Retry-After` beyond)."""
    return [
        {"skill": f.skill.code, "name": f.skill.name, "text": f.text, "score": f.score}
        for f in engine_io.skills_in_text(data.text[:MAX_TEXT])
    ]


def _candidate(request: HttpRequest) -> CandidateProfile:
    profile = selectors.candidate_of(request.user)
    if profile is None:
        raise PermissionDenied(code="not_a_candidate")
    return profile


@router.get("/me/matches", response=list[MatchOut], auth=django_auth, summary="My matches")
def talent_my_matches(request: HttpRequest) -> list[dict[str, Any]]:
    profile = _candidate(request)
    if not selectors.has_consent(profile):
        return []
    return [
        {
            "offer": m.offer.pk,
            "title": m.offer.title,
            "score": m.match.score,
            "coverage": m.match.coverage,
            "language_fit": m.match.language_fit,
            "location_fit": m.match.location_fit,
            "missing_essential": list(m.match.missing_essential),
            "missing_optional": list(m.match.missing_optional),
        }
        for m in engine_io.candidate_matches(profile, selectors.open_offers())
    ]


@router.get("/me/path", response=PathOut, auth=django_auth, summary="My reconversion path")
def talent_my_path(
    request: HttpRequest, occupation: str, objective: str = "cost"
) -> dict[str, Any]:
    """The cheapest (``objective=cost``) or shortest (``hours``) set of programmes in my
    region or remote teaching the occupation's essential skills I lack; 422 ``no_path``
    naming the skills no programme teaches there."""
    profile = _candidate(request)
    plan = engine_io.reconversion_plan(
        profile,
        selectors.occupation_get(occupation),
        selectors.current_programmes(),
        objective=objective,
    )
    return {
        "occupation": plan.occupation.code,
        "objective": plan.objective,
        "programmes": [p.pk for p in plan.programmes],
        "cost": plan.cost,
        "net_cost": plan.net_cost,
        "hours": plan.hours,
        "gap": [s.code for s in plan.gap],
    }


@router.get("/me/data", auth=django_auth, summary="Everything Jiha holds about me (JSON)")
def talent_my_data(request: HttpRequest) -> dict[str, Any]:
    return selectors.candidate_export(_candidate(request))


@router.post("/me/erase", auth=django_auth, summary="Erase my candidate data")
def talent_erase_me(request: HttpRequest) -> dict[str, Any]:
    services.candidate_erase(profile=_candidate(request))
    return {"erased": True}


@router.get(
    "/offers/{offer_id}/shortlist",
    response=list[ShortlistOut],
    auth=django_auth,
    summary="Consenting candidates for my offer, pseudonymised",
)
def talent_offer_shortlist(request: HttpRequest, offer_id: int) -> list[dict[str, Any]]:
    offer = selectors.offer_for_company(request.user, offer_id)
    return [
        {
            "pseudonym": e.pseudonym,
            "score": e.match.score,
            "missing_essential": list(e.match.missing_essential),
        }
        for e in engine_io.offer_shortlist(offer, selectors.consenting_candidates())
    ]


# --- Writes: what the pages do, a program can do ---------------------------------------------
class CandidateIn(Schema):
    region: str = Field(pattern=REGION_PATTERN)
    diploma: str
    field: str
    languages: list[str]
    remote_training: bool = True
    skills: dict[str, int] = {}
    birth_year: int | None = None
    target_occupation: str | None = None
    consent: bool = False

    def to_input(self) -> services.CandidateInput:
        return services.CandidateInput(
            region=self.region,
            diploma=self.diploma,
            field=self.field,
            languages=self.languages,
            remote_training=self.remote_training,
            skills=self.skills,
            birth_year=self.birth_year,
            target_occupation=self.target_occupation,
        )


class ConsentIn(Schema):
    consent: bool


class CreatedOut(Schema):
    id: int


@router.post("/me", response={201: CreatedOut}, auth=django_auth, summary="Register as a candidate")
def talent_register(request: HttpRequest, data: CandidateIn) -> Status[dict[str, int]]:
    """Create my candidate profile; ``consent`` must be true (law 09-08, ADR 0018)."""
    profile = services.candidate_register(
        user=cast(User, request.user), data=data.to_input(), consent=data.consent
    )
    return Status(201, {"id": profile.pk})


@router.post("/me/consent", auth=django_auth, summary="Give or withdraw my consent")
def talent_consent(request: HttpRequest, data: ConsentIn) -> dict[str, bool]:
    profile = _candidate(request)
    if data.consent:
        services.consent_give(profile=profile)
    else:
        services.consent_withdraw(profile=profile)
    return {"consent": selectors.has_consent(profile)}


class OfferIn(Schema):
    company: int | None = None  # one of mine; none: my first company
    title: str
    description: str = ""
    occupation: str
    region: str | None = Field(None, pattern=REGION_PATTERN)
    remote: bool = False
    languages: list[str] = []
    positions: int = 1
    essential: list[str] = []
    optional: list[str] = []


@router.post("/offers", response={201: CreatedOut}, auth=django_auth, summary="Publish a job offer")
def talent_offer_create(request: HttpRequest, data: OfferIn) -> Status[dict[str, int]]:
    """For one of my companies; empty skill lists take the occupation's."""
    companies = selectors.companies_of(request.user)
    if data.company is not None:
        companies = companies.filter(pk=data.company)
    company = companies.first()
    if company is None:
        raise PermissionDenied(code="not_your_company")
    offer = services.offer_create(
        actor=cast(User, request.user),
        company=company,
        data=services.OfferInput(
            title=data.title,
            description=data.description,
            occupation=data.occupation,
            region=data.region,
            remote=data.remote,
            languages=data.languages,
            positions=data.positions,
            essential=data.essential,
            optional=data.optional,
        ),
    )
    return Status(201, {"id": offer.pk})


class ContactIn(Schema):
    pseudonym: str


@router.post(
    "/offers/{offer_id}/contacts",
    response={201: CreatedOut},
    auth=django_auth,
    summary="Ask a shortlisted candidate for contact",
)
def talent_contact_create(
    request: HttpRequest, offer_id: int, data: ContactIn
) -> Status[dict[str, int]]:
    offer = selectors.offer_for_company(request.user, offer_id)
    contact = services.contact_request(
        actor=cast(User, request.user), offer=offer, pseudonym=data.pseudonym[:20]
    )
    return Status(201, {"id": contact.pk})


class ProgrammeIn(Schema):
    title: str
    description: str = ""
    region: str | None = Field(None, pattern=REGION_PATTERN)
    remote: bool = False
    start: dt.date
    end: dt.date
    # Bounds the database can hold (PositiveIntegerField); the service refuses 0.
    hours: int = Field(..., ge=1, le=services.MAX_HOURS)
    cost: Cost
    seats: int = Field(..., ge=1, le=services.MAX_SEATS)
    skills: list[str]
    schemes: list[str] = []


@router.post(
    "/programmes",
    response={201: CreatedOut},
    auth=django_auth,
    summary="Publish a training programme",
)
def talent_programme_create(request: HttpRequest, data: ProgrammeIn) -> Status[dict[str, int]]:
    provider = selectors.providers_of(request.user).first()
    if provider is None:
        raise PermissionDenied(code="not_a_provider")
    programme = services.programme_create(
        actor=cast(User, request.user),
        provider=provider,
        data=services.ProgrammeInput(**data.dict()),
    )
    return Status(201, {"id": programme.pk})


class OutcomeIn(Schema):
    participant: str
    under_30: bool
    reconversion: bool = False
    enrolled_on: dt.date
    completed_on: dt.date | None = None
    placed_on: dt.date | None = None


@router.post(
    "/programmes/{programme_id}/outcomes",
    response={201: CreatedOut},
    auth=django_auth,
    summary="Report a participant's enrolment, completion, placement",
)
def talent_outcome_report(
    request: HttpRequest, programme_id: int, data: OutcomeIn
) -> Status[dict[str, int]]:
    programme = selectors.programme_for_provider(request.user, programme_id)
    outcome = services.outcome_report(
        actor=cast(User, request.user),
        programme=programme,
        data=services.OutcomeInput(**data.dict()),
    )
    return Status(201, {"id": outcome.pk})
