"""Writes of the talent app: the taxonomy, candidates (consent, erasure), programmes, offers,
contact requests, outcomes, and the outcome indicators handed to the observatory.

Every change that touches a candidate's personal data is appended to the audit log in its
transaction; the entries name the candidate by profile number only, never by a personal datum.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Organisation, OrganisationKind, User
from jiha.audit.services import audit_append
from jiha.lib.errors import InvalidInput, NotFound, PermissionDenied
from jiha.observatory import selectors as observatory_read
from jiha.observatory import services as observatory
from jiha.regions.models import Confidence, Region
from jiha.talent import selectors
from jiha.talent.models import (
    CandidateProfile,
    CandidateSkill,
    Consent,
    ContactRequest,
    JobOffer,
    Occupation,
    OccupationSkill,
    Outcome,
    Programme,
    Skill,
)
from jiha.talent.vocabulary import DIPLOMA_LEVELS, FIELDS, LANGUAGES, SCHEMES, taxonomy

# The consent text a candidate agrees to (templates/talent/consent_text.html); a new wording
# gets a new version, and candidates who agreed to an older one are asked again.
CONSENT_VERSION = "2026-1"
MAX_SKILLS = 60
# A programme longer than this or with more seats is a typing error (and beyond what a
# PositiveIntegerField holds on every database).
MAX_HOURS = 5_000
MAX_SEATS = 100_000


# --- Taxonomy -------------------------------------------------------------------------------
@transaction.atomic
def taxonomy_load() -> tuple[int, int]:
    """Create or refresh the skills and occupations of ``data/taxonomy.yaml``; rows an
    administrator added stay. Returns (skills, occupations) in the file."""
    return taxonomy_apply(Skill, Occupation, OccupationSkill)


def taxonomy_apply(skill_model: Any, occupation_model: Any, link_model: Any) -> tuple[int, int]:
    """The loader itself, on the given models (the data migration passes its historical
    ones)."""
    data = taxonomy()
    version = str(data["version"])
    # The data migration of 0002 runs on models without the later fields (aliases: 0003).
    has_aliases = any(field.name == "aliases" for field in skill_model._meta.get_fields())
    skills = {}
    for code, item in data["skills"].items():
        skills[code], _created = skill_model.objects.update_or_create(
            code=code,
            defaults={
                "name_fr": item["fr"],
                "name_ar": item["ar"],
                "name_en": item["en"],
                "category": item["cat"],
                "esco_uri": item.get("esco", ""),
                **({"aliases": list(item.get("aka", []))} if has_aliases else {}),
                "taxonomy_version": version,
            },
        )
    for code, item in data["occupations"].items():
        occupation, _created = occupation_model.objects.update_or_create(
            code=code,
            defaults={
                **{f"name_{lang}": item["labels"][lang] for lang in ("fr", "ar", "en")},
                "isco_group": item.get("isco", ""),
                "esco_uri": item.get("esco", ""),
                "family": item["family"],
                "taxonomy_version": version,
            },
        )
        wanted = dict.fromkeys(item["essential"], True) | dict.fromkeys(item["optional"], False)
        link_model.objects.filter(occupation=occupation).exclude(
            skill__code__in=list(wanted)
        ).delete()
        for skill_code, essential in wanted.items():
            link_model.objects.update_or_create(
                occupation=occupation, skill=skills[skill_code], defaults={"essential": essential}
            )
    return len(data["skills"]), len(data["occupations"])


# --- Candidates -----------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class CandidateInput:
    region: str | None
    diploma: str
    field: str
    languages: Sequence[str]
    remote_training: bool
    skills: Mapping[str, int]  # skill code -> level 1..4
    birth_year: int | None = None
    target_occupation: str | None = None


def _checked(data: CandidateInput) -> tuple[Region | None, dict[Skill, int], Occupation | None]:
    region = None
    if data.region:
        region = Region.objects.filter(code=data.region).first()
        if region is None:
            raise InvalidInput(_("Unknown region %(code)s.") % {"code": data.region[:10]})
    if data.diploma not in DIPLOMA_LEVELS:
        raise InvalidInput(_("Choose a diploma level from the list."), code="diploma")
    if data.field not in FIELDS:
        raise InvalidInput(_("Choose a field of study from the list."), code="field")
    unknown_languages = [code for code in data.languages if code not in LANGUAGES]
    if unknown_languages or not data.languages:
        raise InvalidInput(_("Choose at least one language from the list."), code="languages")
    if len(data.skills) > MAX_SKILLS:
        raise InvalidInput(_("At most %(count)d skills.") % {"count": MAX_SKILLS}, code="skills")
    return region, selectors.skills_checked(data.skills), _occupation(data.target_occupation)


def _occupation(code: str | None) -> Occupation | None:
    if not code:
        return None
    occupation = Occupation.objects.filter(code=code).first()
    if occupation is None:
        raise InvalidInput(
            _("Unknown occupation %(code)s.") % {"code": code[:60]}, code="occupation"
        )
    return occupation


def _save_skills(profile: CandidateProfile, skills: dict[Skill, int]) -> None:
    CandidateSkill.objects.filter(candidate=profile).delete()
    CandidateSkill.objects.bulk_create(
        CandidateSkill(candidate=profile, skill=skill, level=level)
        for skill, level in skills.items()
    )


@transaction.atomic
def candidate_register(
    *, user: User, data: CandidateInput, consent: bool, synthetic: bool = False
) -> CandidateProfile:
    """Create the candidate profile of ``user``, with the consent they gave (required)."""
    if not consent:
        raise InvalidInput(
            _("Your explicit consent is needed to keep your profile."), code="consent"
        )
    if user.memberships.exists():
        raise PermissionDenied(
            _("Members of an organisation cannot register as candidates with this account."),
            code="not_a_candidate",
        )
    if CandidateProfile.objects.filter(user=user).exists():
        raise InvalidInput(_("You already have a candidate profile."), code="already_registered")
    region, skills, occupation = _checked(data)
    profile = CandidateProfile.objects.create(
        user=user,
        region=region,
        birth_year=data.birth_year,
        diploma=data.diploma,
        field=data.field,
        languages=sorted(set(data.languages)),
        remote_training=data.remote_training,
        target_occupation=occupation,
        synthetic=synthetic,
    )
    _save_skills(profile, skills)
    Consent.objects.create(candidate=profile, text_version=CONSENT_VERSION, given_at=timezone.now())
    audit_append(
        actor=user,
        action="talent.candidate.register",
        target=profile,
        after={"consent_version": CONSENT_VERSION},
        role="candidate",
    )
    return profile


@transaction.atomic
def candidate_update(*, profile: CandidateProfile, data: CandidateInput) -> CandidateProfile:
    region, skills, occupation = _checked(data)
    profile.region = region
    profile.birth_year = data.birth_year
    profile.diploma = data.diploma
    profile.field = data.field
    profile.languages = sorted(set(data.languages))
    profile.remote_training = data.remote_training
    profile.target_occupation = occupation
    profile.save()
    _save_skills(profile, skills)
    audit_append(
        actor=profile.user,
        action="talent.candidate.update",
        target=profile,
        after={"skills": len(skills)},
        role="candidate",
    )
    return profile


@transaction.atomic
def candidate_skills_add(*, profile: CandidateProfile, codes: Sequence[str], level: int = 2) -> int:
    """Add skills (found in the candidate's CV) at ``level``; skills already held keep their
    level. Returns how many were added."""
    held = set(profile.skills.values_list("skill__code", flat=True))
    new = [s for s in _skills(codes) if s.code not in held]
    if len(held) + len(new) > MAX_SKILLS:
        raise InvalidInput(_("At most %(count)d skills.") % {"count": MAX_SKILLS}, code="skills")
    CandidateSkill.objects.bulk_create(
        CandidateSkill(candidate=profile, skill=skill, level=level) for skill in new
    )
    if new:
        audit_append(
            actor=profile.user,
            action="talent.candidate.skills_add",
            target=profile,
            after={"added": len(new)},
            role="candidate",
        )
    return len(new)


@transaction.atomic
def consent_withdraw(*, profile: CandidateProfile) -> None:
    """Companies no longer see the profile; the data stays until the candidate erases it."""
    withdrawn = Consent.objects.filter(candidate=profile, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if withdrawn:
        audit_append(
            actor=profile.user,
            action="talent.consent.withdraw",
            target=profile,
            after={"withdrawn": True},
            role="candidate",
        )


@transaction.atomic
def consent_give(*, profile: CandidateProfile) -> None:
    if selectors.has_consent(profile):
        return
    Consent.objects.create(candidate=profile, text_version=CONSENT_VERSION, given_at=timezone.now())
    audit_append(
        actor=profile.user,
        action="talent.consent.give",
        target=profile,
        after={"consent_version": CONSENT_VERSION},
        role="candidate",
    )


@transaction.atomic
def candidate_erase(*, profile: CandidateProfile) -> None:
    """Erase a candidate: the profile, skills, consents and contact requests, and the account
    when it serves nothing else. The audit entry keeps only the profile's number and the fact
    (no e-mail, no name, no actor: the person is gone)."""
    number = profile.pk
    user = profile.user
    profile.delete()  # cascades: skills, consents, contacts; outcomes lose their link
    if not user.memberships.exists():
        user.delete()
    audit_append(
        actor=None,
        action="talent.candidate.erase",
        target=("talent.candidateprofile", number),
        after={"erased": True},
        reason="Erasure at the person's request (law 09-08).",
        role="candidate",
    )


# --- Programmes and offers ------------------------------------------------------------------
def _member_of(user: User, organisation: Organisation, kind: str) -> None:
    if organisation.kind != kind or not user.memberships.filter(organisation=organisation).exists():
        raise PermissionDenied(_("You cannot act for this organisation."))


def _skills(codes: Sequence[str], *, empty_ok: bool = False) -> list[Skill]:
    found = list(Skill.objects.filter(code__in=set(codes)))
    unknown = sorted(set(codes) - {s.code for s in found})
    if unknown:
        raise InvalidInput(
            _("Unknown skills: %(codes)s.") % {"codes": ", ".join(c[:60] for c in unknown[:5])},
            code="unknown_skills",
        )
    if not found and not empty_ok:
        raise InvalidInput(_("Choose at least one skill."), code="skills")
    return found


@dataclass(frozen=True, kw_only=True)
class ProgrammeInput:
    title: str
    description: str
    region: str | None
    remote: bool
    start: dt.date
    end: dt.date
    hours: int
    cost: Decimal
    seats: int
    skills: Sequence[str]
    schemes: Sequence[str] = ()


@transaction.atomic
def programme_create(
    *, actor: User, provider: Organisation, data: ProgrammeInput, synthetic: bool = False
) -> Programme:
    _member_of(actor, provider, OrganisationKind.TRAINING_PROVIDER)
    region = _where(data.region, data.remote)
    if data.end < data.start:
        raise InvalidInput(_("The programme ends before it starts."), code="end")
    if not (0 < data.hours <= MAX_HOURS and 0 < data.seats <= MAX_SEATS) or data.cost < 0:
        raise InvalidInput(
            _(
                "Hours must be between 1 and %(hours)s, seats between 1 and %(seats)s, "
                "and the cost not negative."
            )
            % {"hours": MAX_HOURS, "seats": MAX_SEATS}
        )
    unknown = [s for s in data.schemes if s not in SCHEMES]
    if unknown:
        raise InvalidInput(_("Choose the schemes from the list."), code="schemes")
    skills = _skills(data.skills)
    programme = Programme.objects.create(
        provider=provider,
        title=data.title.strip()[:200],
        description=data.description.strip()[:4000],
        region=region,
        remote=data.remote,
        start=data.start,
        end=data.end,
        hours=data.hours,
        cost=data.cost,
        seats=data.seats,
        schemes=sorted(set(data.schemes)),
        synthetic=synthetic,
    )
    programme.skills.set(skills)
    return programme


def _where(region_code: str | None, remote: bool) -> Region | None:
    if not region_code:
        if not remote:
            raise InvalidInput(_("Give a region, or say it is remote."), code="region")
        return None
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        raise InvalidInput(_("Unknown region %(code)s.") % {"code": region_code[:10]})
    return region


@dataclass(frozen=True, kw_only=True)
class OfferInput:
    title: str
    description: str
    occupation: str
    region: str | None
    remote: bool
    languages: Sequence[str]
    positions: int
    essential: Sequence[str] = ()  # empty: the occupation's essential skills
    optional: Sequence[str] = ()


@transaction.atomic
def offer_create(
    *, actor: User, company: Organisation, data: OfferInput, synthetic: bool = False
) -> JobOffer:
    _member_of(actor, company, OrganisationKind.COMPANY)
    occupation = _occupation(data.occupation)
    if occupation is None:
        raise InvalidInput(_("Choose an occupation."), code="occupation")
    region = _where(data.region, data.remote)
    if data.positions <= 0:
        raise InvalidInput(_("At least one position."), code="positions")
    if any(code not in LANGUAGES for code in data.languages):
        raise InvalidInput(_("Choose the languages from the list."), code="languages")
    links = list(occupation.links.select_related("skill"))
    essential = (
        _skills(data.essential) if data.essential else [x.skill for x in links if x.essential]
    )
    optional = (
        _skills(data.optional, empty_ok=True)
        if data.optional
        else [x.skill for x in links if not x.essential]
    )
    offer = JobOffer.objects.create(
        company=company,
        title=data.title.strip()[:200],
        description=data.description.strip()[:8000],
        occupation=occupation,
        region=region,
        remote=data.remote,
        languages=sorted(set(data.languages)),
        positions=data.positions,
        synthetic=synthetic,
    )
    offer.essential_skills.set(essential)
    offer.optional_skills.set([s for s in optional if s not in essential])
    return offer


# --- Contact between a company and a candidate ---------------------------------------------
@transaction.atomic
def contact_request(*, actor: User, offer: JobOffer, pseudonym: str) -> ContactRequest:
    """The company asks the candidate it sees as ``pseudonym`` for contact about ``offer``."""
    _member_of(actor, offer.company, OrganisationKind.COMPANY)
    candidate = selectors.candidate_by_pseudonym(offer.company_id, pseudonym)
    if candidate is None:
        raise InvalidInput(
            _("No consenting candidate has this pseudonym."), code="unknown_candidate"
        )
    contact, created = ContactRequest.objects.get_or_create(offer=offer, candidate=candidate)
    if created:
        audit_append(
            actor=actor,
            action="talent.contact.request",
            target=contact,
            after={"offer": offer.pk, "status": contact.status},
        )
    return contact


@transaction.atomic
def contact_answer(*, profile: CandidateProfile, contact_id: int, accept: bool) -> ContactRequest:
    contact = ContactRequest.objects.filter(pk=contact_id, candidate=profile).first()
    if contact is None:
        raise NotFound(code="unknown_contact")
    before = contact.status
    contact.status = ContactRequest.Status.ACCEPTED if accept else ContactRequest.Status.DECLINED
    contact.answered_at = timezone.now()
    contact.save(update_fields=["status", "answered_at"])
    audit_append(
        actor=profile.user,
        action="talent.contact.answer",
        target=contact,
        before={"status": before},
        after={"status": contact.status},
        role="candidate",
    )
    return contact


# --- Outcomes -------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class OutcomeInput:
    participant: str
    under_30: bool
    reconversion: bool
    enrolled_on: dt.date
    completed_on: dt.date | None = None
    placed_on: dt.date | None = None


@transaction.atomic
def outcome_report(
    *, actor: User, programme: Programme, data: OutcomeInput, synthetic: bool = False
) -> Outcome:
    """Record (or update) a participant's enrolment, completion and placement."""
    _member_of(actor, programme.provider, OrganisationKind.TRAINING_PROVIDER)
    reference = data.participant.strip()[:40]
    if not reference:
        raise InvalidInput(_("Give the participant's reference."), code="participant")
    if data.completed_on and data.completed_on < data.enrolled_on:
        raise InvalidInput(_("Completion comes after enrolment."), code="completed_on")
    if data.placed_on and not data.completed_on:
        raise InvalidInput(_("A placement is recorded after completion."), code="placed_on")
    outcome, created = Outcome.objects.update_or_create(
        programme=programme,
        participant=reference,
        defaults={
            "under_30": data.under_30,
            "reconversion": data.reconversion,
            "enrolled_on": data.enrolled_on,
            "completed_on": data.completed_on,
            "placed_on": data.placed_on,
            "synthetic": synthetic,
        },
    )
    audit_append(
        actor=actor,
        action="talent.outcome.report" if created else "talent.outcome.update",
        target=outcome,
        after={
            "enrolled_on": data.enrolled_on,
            "completed_on": data.completed_on,
            "placed_on": data.placed_on,
        },
    )
    return outcome


OUTCOMES_DATASET = "talent-outcomes"
OUTCOME_INDICATORS: list[dict[str, Any]] = [
    {
        "code": "talent-placements",
        "name_fr": "Placements après formation",
        "name_ar": "الإدماج بعد التكوين",
        "name_en": "Placements after training",
        "definition_fr": "Participants placés dans un emploi dans l'année, par région.",
        "definition_ar": "المشاركون الذين تم إدماجهم في منصب شغل خلال السنة، حسب جهة البرنامج.",
        "definition_en": "Participants placed in a job in the year, by the programme's region.",
        "unit": "people",
        "direction": "higher_better",
        "theme": "talent",
        "source_organisation": "Jiha (training providers' reports)",
    },
    {
        "code": "talent-reconversions",
        "name_fr": "Reconversions achevées",
        "name_ar": "إعادات التأهيل المنجزة",
        "name_en": "Completed reconversions",
        "definition_fr": "Diplômés d'une autre filière ayant achevé une formation dans l'année.",
        "definition_ar": "خريجو شعب أخرى أتموا تكوينا خلال السنة.",
        "definition_en": "Graduates of another field who completed a programme in the year.",
        "unit": "people",
        "direction": "higher_better",
        "theme": "talent",
        "source_organisation": "Jiha (training providers' reports)",
    },
    {
        "code": "talent-under-30-share",
        "name_fr": "Part des moins de 30 ans parmi les inscrits",
        "name_ar": "نسبة من هم دون 30 سنة بين المسجلين",
        "name_en": "Share of under-30s among enrolments",
        "definition_fr": "Part des inscrits de l'année âgés de moins de 30 ans.",
        "definition_ar": "نسبة المسجلين خلال السنة الذين تقل أعمارهم عن 30 سنة.",
        "definition_en": "Share of the year's enrolments aged under 30.",
        "unit": "percent",
        "direction": "neutral",
        "theme": "talent",
        "source_organisation": "Jiha (training providers' reports)",
    },
]


def _outcome_rows(year: int) -> list[dict[str, Any]]:
    """Region rows of the outcome indicators; a cell from fewer than 3 participants (or that
    would reveal one through the total) is published as confidential with no value."""
    placements: dict[str, dict[str, Decimal]] = defaultdict(dict)
    reconversions: dict[str, dict[str, Decimal]] = defaultdict(dict)
    enrolled: dict[str, dict[str, Decimal]] = defaultdict(dict)
    under_30: dict[str, int] = defaultdict(int)
    for outcome in Outcome.objects.select_related("programme__region").filter(
        programme__region__isnull=False
    ):
        region = outcome.programme.region.code  # type: ignore[union-attr]
        person = f"{outcome.programme_id}:{outcome.participant}"
        if outcome.placed_on and outcome.placed_on.year == year:
            placements[region][person] = Decimal(1)
        if outcome.reconversion and outcome.completed_on and outcome.completed_on.year == year:
            reconversions[region][person] = Decimal(1)
        if outcome.enrolled_on.year == year:
            enrolled[region][person] = Decimal(1)
            under_30[region] += outcome.under_30
    rows: list[dict[str, Any]] = []
    for code, contributions in (
        ("talent-placements", placements),
        ("talent-reconversions", reconversions),
    ):
        rows += _protected_rows(code, year, contributions, lambda region, cell: float(cell.value))
    rows += _protected_rows(
        "talent-under-30-share",
        year,
        enrolled,
        lambda region, cell: round(100 * under_30[region] / float(cell.value), 1),
    )
    return rows


def _protected_rows(
    code: str, year: int, contributions: dict[str, dict[str, Decimal]], value: Any
) -> list[dict[str, Any]]:
    if not contributions:
        return []
    cells, _total = observatory_read.protected_counts(dict(contributions))
    return [
        {
            "indicator": code,
            "territory": region,
            "period": str(year),
            "value": None if cell.suppressed else value(region, cell),
            "status": "confidential" if cell.suppressed else None,
        }
        for region, cell in sorted(cells.items())
    ]


@transaction.atomic
def outcome_indicators_publish(*, year: int) -> Any:
    """Hand the year's outcome indicators per region to the observatory (a new version of the
    talent-outcomes dataset, under its confidentiality rules); None when there is nothing new."""
    rows = _outcome_rows(year)
    if not rows:
        return None
    synthetic = Outcome.objects.filter(synthetic=True).exists()
    return observatory.computed_dataset_publish(
        slug=OUTCOMES_DATASET,
        dataset_fields={
            "title_fr": "Formation et placement (programmes de la plateforme)",
            "title_ar": "التكوين والإدماج (برامج المنصة)",
            "title_en": "Training and placement (the platform's programmes)",
            "description": "Placements, completed reconversions and the share of under-30s, "
            "by region of the programme, from the training providers' reports; no cell from "
            "fewer than 3 participants.",
            "publisher": "Jiha programme office",
            "licence": "Licence ouverte",
            "theme": "talent",
            "confidence": Confidence.SECONDARY if not synthetic else Confidence.TO_CONFIRM,
            "synthetic": synthetic,
        },
        indicators=OUTCOME_INDICATORS,
        rows=rows,
        note=f"Outcomes of {year}",
    )
