"""Synthetic demo dossiers (``jiha demo`` / ``jiha up --demo``): the demo company gets a draft
and submitted dossiers, the demo reviewer a queue. Flagged ``synthetic`` and shown as demo.
Running it twice changes nothing (idempotency keys)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from jiha.accounts.models import Membership, Role, User
from jiha.incentives.dossiers import services
from jiha.incentives.models import Dossier, DossierState, ReviewerGroup, RoutingRule, Scheme

LINES = [
    services.TrainingLineIn(
        employee="Employé A (synthétique)",
        profile="it_engineer",
        hire_date=dt.date(2022, 3, 1),
        programme="Cloud fundamentals",
        provider="Organisme de formation (démo)",
        start_date=dt.date(2022, 9, 5),
        hours=Decimal(40),
        cost=Decimal("12000.00"),
        modality="remote",
        attendance_proof="connection log",
    ),
    services.TrainingLineIn(
        employee="Employé B (synthétique)",
        profile="bpo",
        hire_date=dt.date(2022, 4, 1),
        programme="Customer relationship",
        provider="Organisme de formation (démo)",
        start_date=dt.date(2022, 10, 3),
        hours=Decimal(24),
        cost=Decimal("6000.00"),
        modality="in_person",
        attendance_proof="sign-in sheet",
    ),
]
HIRES = [
    {"profile": "bpo", "gross_annual_salary": "60000", "hire_date": "2025-09-01", "count": 12},
    {
        "profile": "it_engineer",
        "gross_annual_salary": "150000",
        "hire_date": "2025-10-01",
        "count": 3,
    },
]


@transaction.atomic
def demo_dossiers_create(applicant: User, reviewer: User | None = None) -> int:
    """The demo company's dossiers; the demo reviewer in a group that receives every dossier.
    Returns how many dossiers the company has."""
    membership = Membership.objects.filter(user=applicant, role=Role.APPLICANT).first()
    if membership is None:
        return 0
    company = membership.organisation
    region = company.region
    if region is None:
        return 0
    if reviewer is not None:
        group, _created = ReviewerGroup.objects.get_or_create(name="Instructeurs (démo)")
        group.members.add(reviewer)
        if not group.rules.exists():
            RoutingRule.objects.create(group=group, priority=1000)
    training = Scheme.objects.get(code="training-aid-2006")
    bonus = Scheme.objects.get(code="employment-bonus-2025")
    draft = services.dossier_create(
        actor=applicant,
        organisation=company,
        scheme=training,
        region=region,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        idempotency_key="demo-draft",
        synthetic=True,
    )
    if draft.state == DossierState.DRAFT and not draft.training_lines.exists():
        services.dossier_update(
            actor=applicant, dossier_id=draft.pk, version=draft.version, training_lines=LINES
        )
    for key, year in (("demo-submitted-2027", 2027), ("demo-submitted-2028", 2028)):
        dossier = services.dossier_create(
            actor=applicant,
            organisation=company,
            scheme=bonus,
            region=region,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            data={"activity": "BPO", "park": "none", "hires": HIRES},
            idempotency_key=key,
            synthetic=True,
        )
        if dossier.state == DossierState.DRAFT:
            services.dossier_submit(
                actor=applicant,
                dossier_id=dossier.pk,
                version=dossier.version,
                idempotency_key=key,
            )
    return Dossier.objects.filter(organisation=company).count()
