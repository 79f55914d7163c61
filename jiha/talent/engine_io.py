"""The one adapter between the talent app's rows and the matching engine.

Querysets in, the engine's dataclasses out to ``jiha.engines.matching``, results back as rows
the pages and the API show. A candidate reaches the engine under a pseudonym only: the key of a
``Profile`` is the pseudonym the company will see (``pseudonym``), never a user number.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from jiha.engines import matching
from jiha.legislation.vocabulary import PROFILES
from jiha.lib.errors import InvalidInput
from jiha.lib.i18n import current_language
from jiha.observatory import selectors as observatory
from jiha.talent.models import (
    CandidateProfile,
    CandidateSkill,
    JobOffer,
    Occupation,
    Programme,
    Skill,
)

__all__ = [
    "CandidateMatch",
    "OutlookRow",
    "ReconversionPlan",
    "ShortlistEntry",
    "SkillFound",
    "candidate_matches",
    "hiring_outlook",
    "offer_shortlist",
    "pseudonym",
    "reconversion_plan",
    "skills_in_text",
    "skills_named",
]

PSEUDONYM_PREFIX = "C-"


def pseudonym(company_id: int, candidate_id: int) -> str:
    """The stable name a company sees a candidate under (the same for all its offers, another
    for another company) until the candidate accepts contact: a keyed hash, not reversible
    without the site's secret key.

    >>> pseudonym(1, 2) == pseudonym(1, 2) and pseudonym(1, 2) != pseudonym(3, 2)
    True
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"talent-pseudonym:{company_id}:{candidate_id}".encode(),
        hashlib.sha256,
    ).digest()
    return PSEUDONYM_PREFIX + base64.b32encode(digest[:5]).decode()


def _skills_prefetch() -> Any:
    return Prefetch("skills", queryset=CandidateSkill.objects.select_related("skill"))


def _profile(candidate: CandidateProfile, key: str) -> matching.Profile:
    return matching.Profile(
        key=key,
        skills={row.skill.code: row.level for row in candidate.skills.all()},
        languages=frozenset(candidate.languages),
        region=candidate.region.code if candidate.region else None,
        remote_ok=candidate.remote_training,
    )


def _offer(offer: JobOffer) -> matching.Offer:
    return matching.Offer(
        key=str(offer.pk),
        essential=frozenset(s.code for s in offer.essential_skills.all()),
        optional=frozenset(s.code for s in offer.optional_skills.all()),
        languages=frozenset(offer.languages),
        region=offer.region.code if offer.region else None,
        remote=offer.remote,
    )


def _offers(queryset: QuerySet[JobOffer]) -> QuerySet[JobOffer]:
    return queryset.select_related("region", "company", "occupation").prefetch_related(
        "essential_skills", "optional_skills"
    )


def _skill_names(codes: Iterable[str]) -> list[Skill]:
    wanted = list(codes)
    found = {s.code: s for s in Skill.objects.filter(code__in=wanted)}
    return [found[c] for c in wanted if c in found]


@dataclass(frozen=True)
class CandidateMatch:
    offer: JobOffer
    match: matching.Match
    missing_essential: list[Skill]
    missing_optional: list[Skill]

    @property
    def percent(self) -> int:
        return round(self.match.score * 100)


def candidate_matches(
    candidate: CandidateProfile, offers: QuerySet[JobOffer], *, limit: int = 10
) -> list[CandidateMatch]:
    """The offers ranked for a candidate, each with the skills the candidate lacks."""
    rows = {str(o.pk): o for o in _offers(offers)}
    if not rows:
        return []
    candidate = (
        CandidateProfile.objects.prefetch_related(_skills_prefetch())
        .select_related("region")
        .get(pk=candidate.pk)
    )
    ranked = matching.rank_offers(
        _profile(candidate, "me"), [_offer(o) for o in rows.values()], limit=limit
    )
    return [
        CandidateMatch(
            rows[m.offer],
            m,
            _skill_names(m.missing_essential),
            _skill_names(m.missing_optional),
        )
        for m in ranked
    ]


@dataclass(frozen=True)
class ShortlistEntry:
    pseudonym: str
    match: matching.Match
    candidate_id: int
    missing_essential: list[Skill]

    @property
    def percent(self) -> int:
        return round(self.match.score * 100)


def _profiles(
    candidates: QuerySet[CandidateProfile], key: Callable[[int], str]
) -> dict[str, tuple[int, matching.Profile]]:
    """The engine's profiles of ``candidates`` under ``key(pk)``, read as plain rows (two
    queries, no model instances: a shortlist reads every consenting candidate)."""
    levels: dict[int, dict[str, int]] = {}
    for candidate_id, code, level in CandidateSkill.objects.filter(
        candidate__in=candidates.values("pk")
    ).values_list("candidate_id", "skill__code", "level"):
        levels.setdefault(candidate_id, {})[code] = level
    out = {}
    for pk, region, languages, remote in candidates.values_list(
        "pk", "region__code", "languages", "remote_training"
    ):
        name = key(pk)
        out[name] = (
            pk,
            matching.Profile(
                key=name,
                skills=levels.get(pk, {}),
                languages=frozenset(languages),
                region=region,
                remote_ok=remote,
            ),
        )
    return out


def offer_shortlist(
    offer: JobOffer, candidates: QuerySet[CandidateProfile], *, limit: int = 50
) -> list[ShortlistEntry]:
    """The candidates ranked for an offer, under the pseudonyms the offer's company sees.

    ``candidates`` must already be the consenting ones (``selectors.consenting_candidates``).
    """
    people = _profiles(candidates, lambda pk: pseudonym(offer.company_id, pk))
    if not people:
        return []
    ranked = matching.rank_candidates(
        _offer(_offers(JobOffer.objects.filter(pk=offer.pk)).get()),
        [profile for _pk, profile in people.values()],
        limit=limit,
    )
    names = {
        s.code: s
        for s in Skill.objects.filter(code__in={c for m in ranked for c in m.missing_essential})
    }
    return [
        ShortlistEntry(
            m.candidate,
            m,
            people[m.candidate][0],
            [names[c] for c in m.missing_essential if c in names],
        )
        for m in ranked
    ]


@dataclass(frozen=True)
class SkillFound:
    skill: Skill
    text: str
    score: float


def skills_in_text(text: str) -> list[SkillFound]:
    """The taxonomy's skills named in a CV or an offer (French, English or Arabic labels)."""
    if not text.strip():
        raise InvalidInput(_("The text is empty: paste or upload a text."), code="empty_text")
    skills = {s.code: s for s in Skill.objects.all()}
    labels = {code: [s.name_fr, s.name_en, s.name_ar, *s.aliases] for code, s in skills.items()}
    try:
        mentions = matching.extract_skills(text, labels)
    except matching.MatchingError as exc:
        raise InvalidInput(str(exc), code="unreadable_text") from exc
    best: dict[str, SkillFound] = {}
    for mention in mentions:
        current = best.get(mention.skill)
        if current is None or mention.score > current.score:
            best[mention.skill] = SkillFound(skills[mention.skill], mention.text, mention.score)
    return sorted(best.values(), key=lambda f: f.skill.name)


def skills_named(text: str) -> list[str]:
    """The codes of the skills an offer's description names (none when it names none or
    cannot be read: the description only adds optional skills)."""
    if not text.strip():
        return []
    try:
        return [found.skill.code for found in skills_in_text(text)]
    except InvalidInput:
        return []


def _courses(programmes: Iterable[Programme]) -> list[matching.Course]:
    return [
        matching.Course(
            key=str(p.pk),
            skills=frozenset(s.code for s in p.skills.all()),
            cost=p.cost,
            hours=p.hours,
            region=p.region.code if p.region else None,
            remote=p.remote,
            # No rule of the legislation gives the share of a programme's cost that is
            # reimbursed (the offers fund a company's hires, not a person's course): unknown.
            reimbursable_share=None,
        )
        for p in programmes
    ]


@dataclass(frozen=True)
class ReconversionPlan:
    occupation: Occupation
    objective: str
    programmes: list[Programme]
    cost: Decimal
    net_cost: Decimal | None
    hours: int
    gap: list[Skill]
    already: bool


def reconversion_plan(
    candidate: CandidateProfile,
    occupation: Occupation,
    programmes: QuerySet[Programme],
    *,
    objective: str = "cost",
) -> ReconversionPlan:
    """The cheapest (or shortest) set of programmes, in the candidate's region or remote, that
    teaches the occupation's essential skills the candidate lacks.

    Raises ``InvalidInput`` naming the skills no programme teaches there.
    """
    if objective not in ("cost", "hours"):
        raise InvalidInput(_("Choose the cheapest or the shortest path."), code="bad_objective")
    have = set(
        CandidateSkill.objects.filter(candidate=candidate).values_list("skill__code", flat=True)
    )
    need = set(occupation.links.filter(essential=True).values_list("skill__code", flat=True))
    rows = {str(p.pk): p for p in programmes.select_related("region").prefetch_related("skills")}
    region = candidate.region.code if candidate.region else None
    try:
        path = matching.reconversion_path(
            have, need, _courses(rows.values()), region=region, objective=objective
        )
    except matching.Uncoverable as exc:
        names = ", ".join(s.name for s in _skill_names(sorted(exc.skills)))
        raise InvalidInput(
            _("No programme teaches %(skills)s in your region or remotely.") % {"skills": names},
            code="no_path",
        ) from exc
    return ReconversionPlan(
        occupation=occupation,
        objective=objective,
        programmes=[rows[key] for key in path.courses],
        cost=path.cost,
        net_cost=path.net_cost,
        hours=path.hours,
        gap=_skill_names(sorted(need - have)),
        already=need <= have,
    )


@dataclass(frozen=True)
class OutlookRow:
    region: str
    family: str
    family_label: str
    period: str
    value: float
    backtest_error: float | None
    method: str


def hiring_outlook(*, max_error: float = 0.25) -> list[OutlookRow]:
    """Next period's hires per region and occupation family, from the companies' activity
    reports; only the series whose every past cell passes the observatory's confidentiality
    rules are modelled, and only the forecasts the back-test allows are returned."""
    history = observatory.hires_history()
    series = [
        matching.Series(
            key=f"{region}|{family}",
            periods=tuple(sorted(values)),
            values=tuple(values[p] for p in sorted(values)),
        )
        for (region, family), values in history.items()
    ]
    if not series:
        return []
    try:
        forecasts = matching.forecast_hires(series, max_error=max_error)
    except NotImplementedError:  # the engine's skeleton, before its implementation
        return []
    language = current_language()
    rows = []
    for forecast in forecasts:
        if not forecast.published:
            continue
        region, family = forecast.key.split("|")
        rows.append(
            OutlookRow(
                region,
                family,
                PROFILES.label(family, language),
                forecast.period,
                forecast.value,
                forecast.backtest_error,
                forecast.method,
            )
        )
    return rows
