"""Synthetic talent data for the demo (local use only), always flagged synthetic: the demo
provider's programmes and outcomes, the demo company's offers, the demo candidate's profile
and a few made-up candidates so that shortlists and region counts have something to show.
Idempotent: running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiha.accounts.models import Organisation, OrganisationKind, User
from jiha.talent import services
from jiha.talent.models import CandidateProfile, JobOffer, Programme

PROVIDER = "Académie digitale de l'Oriental (fictive)"
COMPANY = "Atlas Nearshore SARL (fictive)"
CANDIDATE = "candidate@demo.jiha.local"

# (title, region or None for remote, hours, cost MAD, seats, skills): made up.
PROGRAMMES = [
    ("Fondamentaux SQL et données (démo)", "MA-02", 120, "6000", 25, ["sql", "data-modelling"]),
    (
        "Analyse de données avec Python (démo, à distance)",
        None,
        160,
        "9000",
        40,
        ["python", "data-analysis", "statistics", "pandas"],
    ),
    (
        "Visualisation et Power BI (démo)",
        "MA-02",
        60,
        "3500",
        20,
        ["data-visualisation", "power-bi", "excel-advanced"],
    ),
    (
        "Bootcamp data complet (démo)",
        "MA-02",
        420,
        "24000",
        15,
        ["sql", "python", "data-analysis", "statistics", "data-visualisation", "excel-advanced"],
    ),
    (
        "Relation client multicanale (démo)",
        "MA-02",
        80,
        "2500",
        30,
        ["customer-service", "phone-handling", "crm-software", "empathy", "communication"],
    ),
    (
        "Réseaux et cloud, premiers pas (démo, à distance)",
        None,
        200,
        "8000",
        35,
        ["linux", "networking", "virtualisation", "aws", "monitoring"],
    ),
]
# (title, occupation, region, remote, languages, positions): made up.
OFFERS = [
    ("Analyste de données junior (démo)", "data-analyst", "MA-03", False, ["fr"], 3),
    (
        "Conseiller clientèle francophone (démo)",
        "customer-relations-agent",
        "MA-03",
        False,
        ["fr"],
        12,
    ),
    ("Technicien cloud (démo, télétravail)", "cloud-technician", None, True, ["fr", "en"], 2),
    ("Développeur web (démo)", "web-developer", "MA-06", False, ["fr"], 4),
]
# Made-up candidates: (e-mail, region, field, skills, target occupation).
OTHERS = [
    (
        "demo.candidate1@demo.jiha.local",
        "MA-02",
        "mathematics",
        {"sql": 3, "python": 2},
        "data-analyst",
    ),
    (
        "demo.candidate2@demo.jiha.local",
        "MA-02",
        "physics",
        {"excel-advanced": 3, "statistics": 3},
        "data-analyst",
    ),
    (
        "demo.candidate3@demo.jiha.local",
        "MA-02",
        "computing",
        {"sql": 4, "data-analysis": 3, "power-bi": 2},
        "data-analyst",
    ),
    (
        "demo.candidate4@demo.jiha.local",
        "MA-03",
        "languages",
        {"customer-service": 3, "communication": 4},
        "customer-relations-agent",
    ),
]


def _profile(email: str, data: services.CandidateInput) -> CandidateProfile:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email)
    existing = CandidateProfile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    return services.candidate_register(user=user, data=data, consent=True, synthetic=True)


@transaction.atomic
def demo_talent_create() -> dict[str, int]:
    """Create the demo talent data unless it exists; the counts of what exists after."""
    provider = Organisation.objects.get(name=PROVIDER, kind=OrganisationKind.TRAINING_PROVIDER)
    company = Organisation.objects.get(name=COMPANY, kind=OrganisationKind.COMPANY)
    trainer = provider.memberships.get().user
    applicant = company.memberships.first().user  # type: ignore[union-attr]
    today = timezone.localdate()
    if not Programme.objects.filter(provider=provider, synthetic=True).exists():
        for index, (title, region, hours, cost, seats, skills) in enumerate(PROGRAMMES):
            start = today + dt.timedelta(days=30 + 14 * index)
            services.programme_create(
                actor=trainer,
                provider=provider,
                data=services.ProgrammeInput(
                    title=title,
                    description="Programme fictif pour la démonstration.",
                    region=region,
                    remote=region is None,
                    start=start,
                    end=start + dt.timedelta(days=max(hours // 6, 7)),
                    hours=hours,
                    cost=Decimal(cost),
                    seats=seats,
                    skills=skills,
                    schemes=["anapec_taehil"] if index % 2 else [],
                ),
                synthetic=True,
            )
        _outcomes(trainer, provider, today)
        # The region indicators of those outcomes, under the observatory's confidentiality.
        for year in {(today - dt.timedelta(days=days)).year for days in (490, 400, 100)}:
            services.outcome_indicators_publish(year=year)
    if not JobOffer.objects.filter(company=company, synthetic=True).exists():
        for title, occupation, region, remote, languages, positions in OFFERS:
            services.offer_create(
                actor=applicant,
                company=company,
                data=services.OfferInput(
                    title=title,
                    description="Offre fictive pour la démonstration.",
                    occupation=occupation,
                    region=region,
                    remote=remote,
                    languages=languages,
                    positions=positions,
                ),
                synthetic=True,
            )
    _profile(
        CANDIDATE,
        services.CandidateInput(
            region="MA-02",
            diploma="bac3",
            field="physics",
            languages=["fr", "ar", "en"],
            remote_training=True,
            skills={"excel-advanced": 3, "statistics": 2, "mathematics": 3, "communication": 3},
            birth_year=2001,
            target_occupation="data-analyst",
        ),
    )
    for email, region, field, levels, occupation in OTHERS:
        _profile(
            email,
            services.CandidateInput(
                region=region,
                diploma="bac3",
                field=field,
                languages=["fr", "ar"],
                remote_training=True,
                skills=levels,
                target_occupation=occupation,
            ),
        )
    return {
        "programmes": Programme.objects.filter(synthetic=True).count(),
        "offers": JobOffer.objects.filter(synthetic=True).count(),
        "candidates": CandidateProfile.objects.filter(synthetic=True).count(),
    }


def _outcomes(trainer: User, provider: Organisation, today: dt.date) -> None:
    """A past session of the first programme with made-up participants, so its placement
    rates show (5 completers, 3 placed within 6 months)."""
    programme = Programme.objects.filter(provider=provider, synthetic=True).order_by("pk").first()
    if programme is None:
        return
    completed = today - dt.timedelta(days=400)
    placed_after = [60, 120, 150, 300, None]
    for index, days in enumerate(placed_after):
        services.outcome_report(
            actor=trainer,
            programme=programme,
            data=services.OutcomeInput(
                participant=f"DEMO-{index + 1:03d}",
                under_30=index != 4,
                reconversion=index % 2 == 0,
                enrolled_on=completed - dt.timedelta(days=90),
                completed_on=completed,
                placed_on=None if days is None else completed + dt.timedelta(days=days),
            ),
            synthetic=True,
        )
