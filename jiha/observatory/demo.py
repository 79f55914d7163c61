"""Synthetic demo activity reports (local use only): fictitious companies in several regions,
their 2025 reports, and the protected aggregates published from them. Always flagged synthetic."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from jiha.accounts import services as accounts
from jiha.accounts.models import Organisation, OrganisationKind, Role, User
from jiha.observatory.models import Dataset
from jiha.observatory.reports import LineInput, report_submit, reports_publish
from jiha.observatory.selectors import salary_indicator
from jiha.observatory.services import indicators_upsert, publish_rows
from jiha.regions.models import Confidence

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


# Synthetic salaries and rents: made-up demo values (a data file) so the advisor and the index
# can run locally. Never real; the dataset is flagged synthetic.
DEMO_COSTS: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parent / "data" / "demo_costs.yaml").read_text(encoding="utf-8")
)


def demo_salary(profile: str, region: str) -> float:
    """The synthetic annual gross salary of ``profile`` in ``region`` (MAD)."""
    factor = DEMO_COSTS["regions"][region]["salary_factor"]
    return float(round(DEMO_COSTS["salaries"][profile] * factor, -2))


def demo_costs_create() -> bool:
    """Load the synthetic cost dataset (salaries by profile and region, office rents)."""
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
            "indicator": salary_indicator(profile),
            "territory": region,
            "period": "2025",
            "value": demo_salary(profile, region),
        }
        for profile in DEMO_COSTS["salaries"]
        for region in DEMO_COSTS["regions"]
    ] + [
        {
            "indicator": "office-rent",
            "territory": region,
            "period": "2025",
            "value": float(cost["rent"]),
        }
        for region, cost in DEMO_COSTS["regions"].items()
    ]
    return publish_rows(dataset, rows, "Synthetic demo values") is not None
