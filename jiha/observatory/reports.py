"""Company activity reports: filing, and aggregation into region indicators under statistical
confidentiality (see confidentiality.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Organisation, OrganisationKind, User
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.observatory.confidentiality import Cell, protect
from jiha.observatory.models import (
    ActivityReport,
    ActivityReportLine,
    Dataset,
    DatasetVersion,
)
from jiha.observatory.services import indicators_upsert, publish_rows
from jiha.regions.models import Confidence, Region

DATASET_SLUG = "company-activity-reports"
FIELDS = {
    "reported-headcount": "headcount",
    "reported-new-hires": "new_hires",
    "reported-training-hours": "training_hours",
    "reported-export-revenue": "export_revenue",
}
NUMBER_FIELDS = (
    "headcount",
    "women",
    "under_30",
    "new_hires",
    "training_hours_in_person",
    "training_hours_remote",
)


@dataclass(frozen=True)
class LineInput:
    region: str
    profile: str
    headcount: int
    women: int
    under_30: int
    new_hires: int
    training_hours_in_person: int
    training_hours_remote: int
    export_revenue: Decimal
    investment: Decimal


def reports_visible_to(user: Any) -> QuerySet[ActivityReport]:
    """Raw reports: only the company's own, or all for programme administrators."""
    from jiha.accounts.permissions import is_administrator

    reports = ActivityReport.objects.select_related("company").prefetch_related("lines__region")
    if is_administrator(user):
        return reports
    return reports.filter(company__memberships__user=user, company__memberships__role="applicant")


def _check_lines(lines: list[LineInput]) -> None:
    if not lines:
        raise InvalidInput(_("A report has at least one line."))
    seen = set()
    for line in lines:
        key = (line.region, line.profile)
        if key in seen:
            raise InvalidInput(_("Two lines have the same region and profile."))
        seen.add(key)
        if (
            min(getattr(line, f) for f in NUMBER_FIELDS) < 0
            or line.export_revenue < 0
            or (line.investment < 0)
        ):
            raise InvalidInput(_("Figures cannot be negative."))
        if line.women > line.headcount or line.under_30 > line.headcount:
            raise InvalidInput(_("Women and under-30s cannot exceed the headcount."))


@transaction.atomic
def report_submit(
    *,
    actor: User,
    company: Organisation,
    year: int,
    lines: list[LineInput],
    synthetic: bool = False,
) -> ActivityReport:
    """File (or replace) a company's report for a year; one line per site region and profile."""
    if not actor.has_perm("accounts.act_for_organisation", company):
        raise PermissionDenied(_("You can only file reports for your own company."))
    if company.kind != OrganisationKind.COMPANY:
        raise InvalidInput(_("Only offshoring companies file activity reports."))
    if not 2000 <= year <= timezone.localdate().year:
        raise InvalidInput(_("The year of a report is between 2000 and this year."))
    _check_lines(lines)
    regions = {r.code: r for r in Region.objects.filter(code__in=[line.region for line in lines])}
    unknown = sorted({line.region for line in lines} - set(regions))
    if unknown:
        raise InvalidInput(
            _("Unknown region code %(code)s: use MA-01 to MA-12.") % {"code": unknown[0]},
            code="unknown_region",
        )
    report, _created = ActivityReport.objects.update_or_create(
        company=company,
        year=year,
        defaults={
            "submitted_by": actor,
            "synthetic": synthetic,
            "status": ActivityReport.Status.SUBMITTED,
        },
    )
    report.lines.all().delete()
    ActivityReportLine.objects.bulk_create(
        ActivityReportLine(
            report=report,
            region=regions[line.region],
            profile=line.profile,
            **{f: getattr(line, f) for f in (*NUMBER_FIELDS, "export_revenue", "investment")},
        )
        for line in lines
    )
    return report


def _contributions(year: int) -> dict[str, dict[str, dict[str, Decimal]]]:
    """contributions[indicator][region][company] = value, over submitted reports of a year."""
    out: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    lines = ActivityReportLine.objects.filter(
        report__year=year, report__status=ActivityReport.Status.SUBMITTED
    ).values_list("report__company_id", "region__code", *NUMBER_FIELDS, "export_revenue")
    for company, region, headcount, _w, _u, hires, hours_in, hours_remote, revenue in lines:
        values = {
            "reported-headcount": headcount,
            "reported-new-hires": hires,
            "reported-training-hours": hours_in + hours_remote,
            "reported-export-revenue": revenue,
        }
        for code, value in values.items():
            cell = out[code][region]
            cell[str(company)] = cell.get(str(company), Decimal(0)) + Decimal(value)
    return out


def protected_cells(year: int) -> dict[str, tuple[dict[str, Cell], Cell]]:
    return {code: protect(by_region) for code, by_region in _contributions(year).items()}


@transaction.atomic
def reports_publish(year: int) -> DatasetVersion | None:
    """Aggregate a year's reports into a new published version of the reports dataset; withheld
    cells are published as confidential with no value."""
    cells = protected_cells(year)
    if not cells:
        return None
    indicators_upsert()  # the reported-* indicators are reference data
    synthetic = ActivityReport.objects.filter(year=year, synthetic=True).exists()
    dataset, _ = Dataset.objects.update_or_create(
        slug=DATASET_SLUG,
        defaults={
            "title_fr": "Rapports d'activité des entreprises (agrégés)",
            "title_ar": "تقارير نشاط المقاولات (مجمعة)",
            "title_en": "Company activity reports (aggregated)",
            "description": "Sums by site region under statistical confidentiality: no cell from "
            "fewer than 3 companies or dominated (> 85 %) by one, with secondary suppression.",
            "publisher": "Jiha programme office",
            "licence": "Licence ouverte",
            "theme": "offshoring",
            "confidence": Confidence.OFFICIAL,
            "synthetic": synthetic,
        },
    )
    rows = []
    for code, (by_region, total) in cells.items():
        for territory, cell in [*by_region.items(), ("MA", total)]:
            rows.append(
                {
                    "indicator": code,
                    "territory": territory,
                    "period": str(year),
                    "value": None if cell.suppressed else float(cell.value),
                    "status": "confidential" if cell.suppressed else None,
                }
            )
    version = publish_rows(
        dataset, rows, f"Aggregation of the {year} activity reports", file_name=f"reports-{year}"
    )
    dataset.refresh_from_db()
    return version or dataset.current_version


def published_report_cells() -> list[dict[str, Any]]:
    """What the public dashboard shows: the published (protected) aggregate cells."""
    from jiha.observatory.selectors import current_observations

    cells = (
        current_observations()
        .filter(version__dataset__slug=DATASET_SLUG)
        .values("indicator__code", "territory", "period", "value", "confidential")
        .order_by("indicator__code", "territory")
    )
    return [dict(cell) for cell in cells]
