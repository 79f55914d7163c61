"""Synthetic demo activity reports (local use only): fictitious companies in several regions,
their 2025 reports, and the protected aggregates published from them. Always flagged synthetic."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from jiha.accounts import services as accounts
from jiha.accounts.models import Organisation, OrganisationKind, Role, User
from jiha.observatory.reports import LineInput, report_submit, reports_publish

YEAR = 2025
# (company, site regions with headcount): made up, only to show how confidentiality looks.
COMPANIES = [
    ("Atlas Nearshore SARL (fictive)", {"MA-03": 180, "MA-06": 420}),
    ("Oujda Digital Services (fictive)", {"MA-02": 95, "MA-06": 300}),
    ("Casa CX Partners (fictive)", {"MA-06": 650, "MA-04": 210}),
    ("Rabat KPO Lab (fictive)", {"MA-04": 160, "MA-06": 120}),
    ("Fès Shore IT (fictive)", {"MA-03": 75}),
]


@transaction.atomic
def demo_reports_create(applicant: User) -> int:
    """Create the demo companies' reports through the same service as real ones."""
    for index, (name, sites) in enumerate(COMPANIES):
        organisation = Organisation.objects.filter(name=name, kind=OrganisationKind.COMPANY).first()
        if organisation is None:
            organisation = accounts.organisation_create(
                name=name, kind=OrganisationKind.COMPANY, synthetic=True, is_verified=True
            )
        accounts.membership_add(user=applicant, organisation=organisation, role=Role.APPLICANT)
        lines = [
            LineInput(
                region,
                "bpo",
                headcount,
                headcount * 11 // 20,
                headcount * 3 // 5,
                headcount // 6 + index,
                headcount * 12,
                headcount * 3,
                Decimal(headcount * 210_000),
                Decimal(headcount * 15_000),
            )
            for region, headcount in sites.items()
        ]
        report_submit(actor=applicant, company=organisation, year=YEAR, lines=lines, synthetic=True)
    reports_publish(YEAR)
    return len(COMPANIES)
