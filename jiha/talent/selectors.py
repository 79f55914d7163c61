"""Reads of the talent app: the taxonomy, candidates (their consent, their data), offers and
programmes, placement rates, the supply/demand table and the region pipeline.

Every count about people that leaves this module for a public page goes through the
observatory's confidentiality rules: a cell from fewer than 3 people is withheld.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, Func, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Organisation, OrganisationKind
from jiha.lib.errors import InvalidInput, NotFound
from jiha.regions.models import Region
from jiha.talent.models import (
    CandidateProfile,
    Consent,
    ContactRequest,
    JobOffer,
    Occupation,
    Outcome,
    Programme,
    Skill,
)

MIN_COUNT = 3


# --- Taxonomy -------------------------------------------------------------------------------
def skill_list() -> QuerySet[Skill]:
    return Skill.objects.all()


def occupation_list() -> QuerySet[Occupation]:
    return Occupation.objects.prefetch_related("links__skill")


def occupation_get(code: str) -> Occupation:
    occupation = Occupation.objects.filter(code=code).first()
    if occupation is None:
        raise NotFound(_("Unknown occupation."), code="unknown_occupation")
    return occupation


def skills_checked(levels: Mapping[str, int]) -> dict[Skill, int]:
    """The skills of ``levels`` (code → level 1..4); unknown codes or levels are refused."""
    found = {s.code: s for s in Skill.objects.filter(code__in=list(levels))}
    unknown = sorted(set(levels) - set(found))
    if unknown:
        raise InvalidInput(
            _("Unknown skills: %(codes)s.") % {"codes": ", ".join(c[:60] for c in unknown[:5])},
            code="unknown_skills",
        )
    bad = [code for code, level in levels.items() if level not in (1, 2, 3, 4)]
    if bad:
        raise InvalidInput(_("A skill level is from 1 to 4."), code="skill_level")
    return {found[code]: level for code, level in levels.items()}


# --- Candidates -----------------------------------------------------------------------------
def candidate_of(user: Any) -> CandidateProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CandidateProfile.objects.select_related("region", "target_occupation")
        .filter(user=user)
        .first()
    )


def has_consent(profile: CandidateProfile) -> bool:
    return Consent.objects.filter(candidate=profile, withdrawn_at__isnull=True).exists()


def consenting_candidates() -> QuerySet[CandidateProfile]:
    """Only candidates whose consent stands are ever matched to an offer."""
    return CandidateProfile.objects.filter(
        Exists(Consent.objects.filter(candidate=OuterRef("pk"), withdrawn_at__isnull=True))
    )


def candidate_by_pseudonym(company_id: int, pseudonym: str) -> CandidateProfile | None:
    from jiha.talent.engine_io import pseudonym as pseudonym_of

    for candidate in consenting_candidates().only("pk"):
        if pseudonym_of(company_id, candidate.pk) == pseudonym:
            return candidate
    return None


def candidate_export(profile: CandidateProfile) -> dict[str, Any]:
    """Everything the platform holds about a candidate, as JSON (law 09-08 access right)."""
    user = profile.user
    return {
        "account": {"email": user.email, "joined": user.date_joined.isoformat()},
        "profile": {
            "region": profile.region.code if profile.region else None,
            "birth_year": profile.birth_year,
            "diploma": profile.diploma,
            "field": profile.field,
            "languages": profile.languages,
            "available_for_remote_training": profile.remote_training,
            "target_occupation": (
                profile.target_occupation.code if profile.target_occupation else None
            ),
            "created_at": profile.created_at.isoformat(),
            "updated_at": profile.updated_at.isoformat(),
        },
        "skills": [
            {"skill": row.skill.code, "level": row.level}
            for row in profile.skills.select_related("skill").order_by("skill__code")
        ],
        "consents": [
            {
                "text_version": c.text_version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in profile.consents.all()
        ],
        "contact_requests": [
            {
                "offer": c.offer.title,
                "company": c.offer.company.name,
                "status": c.status,
                "created_at": c.created_at.isoformat(),
            }
            for c in profile.contacts.select_related("offer__company")
        ],
    }


def contacts_of(profile: CandidateProfile) -> QuerySet[ContactRequest]:
    return profile.contacts.select_related("offer__company", "offer__region").order_by(
        "-created_at"
    )


# --- Offers and programmes ------------------------------------------------------------------
def organisations_of(user: Any, kind: str) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, kind=kind).distinct()


def companies_of(user: Any) -> QuerySet[Organisation]:
    return organisations_of(user, OrganisationKind.COMPANY)


def providers_of(user: Any) -> QuerySet[Organisation]:
    return organisations_of(user, OrganisationKind.TRAINING_PROVIDER)


def open_offers() -> QuerySet[JobOffer]:
    return JobOffer.objects.filter(published=True).select_related("company", "region", "occupation")


def offers_of(user: Any) -> QuerySet[JobOffer]:
    return JobOffer.objects.filter(company__in=companies_of(user)).select_related(
        "company", "region", "occupation"
    )


def offer_for_company(user: Any, offer_id: int) -> JobOffer:
    """One of the user's companies' offers; another company's is "not found"."""
    offer = offers_of(user).filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("Unknown offer."), code="unknown_offer")
    return offer


def current_programmes(on: dt.date | None = None) -> QuerySet[Programme]:
    """Published programmes that have not ended: what a reconversion path may use."""
    day = on or timezone.localdate()
    return Programme.objects.filter(published=True, end__gte=day).select_related(
        "provider", "region"
    )


def programmes_of(user: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(provider__in=providers_of(user)).select_related(
        "provider", "region"
    )


def programme_for_provider(user: Any, programme_id: int) -> Programme:
    programme = programmes_of(user).filter(pk=programme_id).first()
    if programme is None:
        raise NotFound(_("Unknown programme."), code="unknown_programme")
    return programme


def programme_get(programme_id: int) -> Programme:
    programme = Programme.objects.filter(pk=programme_id, published=True).first()
    if programme is None:
        raise NotFound(_("Unknown programme."), code="unknown_programme")
    return programme


@dataclass(frozen=True)
class PlacementRate:
    months: int
    completers: int | None  # None: fewer than 3, withheld
    rate: float | None


def placement_rates(
    programme: Programme, *, on: dt.date | None = None
) -> tuple[PlacementRate, PlacementRate]:
    """The share of completers placed within 6 and within 12 months, counted over those who
    completed at least that long ago; withheld when fewer than 3 completers count."""
    day = on or timezone.localdate()
    done: list[tuple[dt.date, dt.date | None]] = [
        (o.completed_on, o.placed_on)
        for o in Outcome.objects.filter(programme=programme, completed_on__isnull=False)
        if o.completed_on is not None
    ]
    rates = []
    for months in (6, 12):
        horizon = dt.timedelta(days=round(months * 30.44))
        counted = [(c, p) for c, p in done if c + horizon <= day]
        if len(counted) < MIN_COUNT:
            rates.append(PlacementRate(months, None, None))
            continue
        placed = sum(1 for c, p in counted if p is not None and p - c <= horizon)
        rates.append(PlacementRate(months, len(counted), placed / len(counted)))
    return rates[0], rates[1]


# --- Public aggregates ------------------------------------------------------------------------
def _shown(count: int) -> int | None:
    """A count of people or offers is shown from 3; below, withheld (None)."""
    return count if count >= MIN_COUNT else None


def supply_demand(region: str | None = None) -> list[dict[str, Any]]:
    """Per region and occupation: open positions, consenting candidates aiming at it, and the
    seats of current programmes teaching its essential skills; counts below 3 withheld."""
    offers: dict[tuple[str, str], int] = defaultdict(int)
    for reg, occ, positions in (
        open_offers()
        .filter(region__isnull=False)
        .values_list("region__code", "occupation__code")
        .annotate(total=Sum("positions"))
    ):
        offers[(reg, occ)] += positions
    candidates: dict[tuple[str, str], int] = defaultdict(int)
    for reg, occ in (
        consenting_candidates()
        .filter(region__isnull=False, target_occupation__isnull=False)
        .values_list("region__code", "target_occupation__code")
    ):
        candidates[(reg, occ)] += 1
    seats: dict[tuple[str, str], int] = defaultdict(int)
    essentials = {
        o.code: {x.skill_id for x in o.links.all() if x.essential} for o in occupation_list()
    }
    for programme in current_programmes().filter(region__isnull=False).prefetch_related("skills"):
        taught = {s.pk for s in programme.skills.all()}
        for occ, needed in essentials.items():
            if taught & needed:
                seats[(programme.region.code, occ)] += programme.seats  # type: ignore[union-attr]
    names = {o.code: o.name for o in Occupation.objects.all()}
    keys = sorted(set(offers) | set(candidates) | set(seats))
    return [
        {
            "region": reg,
            "occupation": occ,
            "occupation_name": names.get(occ, occ),
            "positions": _shown(offers.get((reg, occ), 0)),
            "candidates": _shown(candidates.get((reg, occ), 0)),
            "seats": _shown(seats.get((reg, occ), 0)),
        }
        for reg, occ in keys
        if region is None or reg == region
    ]


def _region_counts(region_code: str) -> dict[str, int]:
    """Every count the region's talent figures need, in one query (scalar subqueries)."""
    today = timezone.localdate()

    def count(queryset: QuerySet[Any]) -> Subquery:
        return Subquery(
            queryset.order_by()
            .values("pk")
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")[:1]
        )

    def total(queryset: QuerySet[Any], field: str) -> Subquery:
        return Subquery(
            queryset.order_by()
            .values("pk")
            .annotate(n=Func(F(field), function="SUM"))
            .values("n")[:1]
        )

    outcomes = Outcome.objects.filter(programme__region__code=region_code)
    programmes = Programme.objects.filter(published=True, end__gte=today)
    row = (
        Region.objects.filter(code=region_code)
        .annotate(
            candidates=count(consenting_candidates().filter(region__code=region_code)),
            enrolments=count(outcomes),
            completions=count(outcomes.filter(completed_on__isnull=False)),
            placements=count(outcomes.filter(placed_on__isnull=False)),
            positions=total(
                JobOffer.objects.filter(published=True, region__code=region_code), "positions"
            ),
            seats=total(programmes.filter(region__code=region_code), "seats"),
            remote=count(programmes.filter(remote=True)),
        )
        .values(
            "candidates", "enrolments", "completions", "placements", "positions", "seats", "remote"
        )
        .first()
    )
    return {key: value or 0 for key, value in (row or {}).items()}


def region_pipeline(region_code: str) -> dict[str, int | None] | None:
    """Candidates, enrolments, completions and placements of a region (programmes held there),
    each withheld below 3; None when the region has none of them. The programme fact sheet and
    the region page read it (one query)."""
    return _pipeline(_region_counts(region_code))


def _pipeline(counts: dict[str, int]) -> dict[str, int | None] | None:
    if not (counts.get("candidates") or counts.get("enrolments")):
        return None
    return {
        key: _shown(counts[key])
        for key in ("candidates", "enrolments", "completions", "placements")
    }


def region_talent(region_code: str) -> dict[str, Any] | None:
    """The region page's talent section: the pipeline, open positions and programme seats (one
    query)."""
    counts = _region_counts(region_code)
    pipeline = _pipeline(counts)
    if pipeline is None and not counts.get("positions") and not counts.get("seats"):
        return None
    return {
        "pipeline": pipeline,
        "positions": _shown(counts.get("positions", 0)),
        "seats": _shown(counts.get("seats", 0)),
        "remote_programmes": counts.get("remote", 0),
    }


def outcomes_of(programme: Programme) -> QuerySet[Outcome]:
    return programme.outcomes.all()
