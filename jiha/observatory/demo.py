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


# Synthetic salaries (annual gross MAD) and rents (MAD/m²/month): made-up demo values so the
# advisor and the index can run locally. Never real; the dataset is flagged synthetic.
DEMO_SALARIES = {
    "management": 180_000,
    "it-engineer": 156_000,
    "it-technician": 84_000,
    "bpo": 66_000,
    "call-centre": 54_000,
}
DEMO_REGION_FACTOR = {
    "MA-01": 0.95,
    "MA-02": 0.85,
    "MA-03": 0.88,
    "MA-04": 1.02,
    "MA-05": 0.82,
    "MA-06": 1.10,
    "MA-07": 0.92,
    "MA-08": 0.80,
    "MA-09": 0.90,
    "MA-10": 0.82,
    "MA-11": 0.90,
    "MA-12": 0.92,
}
DEMO_RENT = {
    "MA-01": 95,
    "MA-02": 60,
    "MA-03": 75,
    "MA-04": 120,
    "MA-05": 55,
    "MA-06": 150,
    "MA-07": 110,
    "MA-08": 45,
    "MA-09": 85,
    "MA-10": 50,
    "MA-11": 60,
    "MA-12": 65,
}


def demo_costs_create() -> bool:
    """Load the synthetic cost dataset (salaries by profile and region, office rents)."""
    from jiha.observatory.models import Dataset
    from jiha.observatory.reference import indicators_upsert
    from jiha.observatory.services import publish_rows
    from jiha.regions.models import Confidence

    indicators_upsert()
    dataset, _ = Dataset.objects.update_or_create(
        slug="demo-salaries-rents",
        defaults={
            "title_fr": "Salaires et loyers (démo, fictifs)",
            "title_ar": "الأجور والكراء (تجريبي، وهمي)",
            "title_en": "Salaries and rents (demo, synthetic)",
            "description": "SYNTHETIC demo values for local use; load the real datasets instead.",
            "publisher": "Jiha demo",
            "licence": "Demo data",
            "theme": "cost",
            "confidence": Confidence.TO_CONFIRM,
            "synthetic": True,
        },
    )
    rows = [
        {
            "indicator": f"salary-{profile}",
            "territory": region,
            "period": "2025",
            "value": float(round(base * factor, -2)),
        }
        for profile, base in DEMO_SALARIES.items()
        for region, factor in DEMO_REGION_FACTOR.items()
    ] + [
        {"indicator": "office-rent", "territory": region, "period": "2025", "value": float(rent)}
        for region, rent in DEMO_RENT.items()
    ]
    return publish_rows(dataset, rows, "Synthetic demo values") is not None
