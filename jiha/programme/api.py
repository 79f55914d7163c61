"""HTTP API of the regional programme: conventions, a region's initiatives with KPI progress
computed from the observatory's published data, and the region fact sheets (PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from jiha.programme import selectors, services
from jiha.programme.selectors import KpiProgress
from jiha.regions import selectors as regions

router = Router()


class ConventionOut(Schema):
    region: str
    name: str
    status: str  # signed, planned, none
    signed_on: dt.date | None  # null: not public (or no convention)
    source: str


class KpiOut(Schema):
    id: int
    indicator: str
    baseline_value: float
    baseline_on: dt.date
    target_value: float
    deadline: dt.date
    current_value: float | None
    period: str
    progress_percent: float | None
    dataset_version: str  # the published version the current value comes from
    synthetic: bool


class InitiativeOut(Schema):
    id: int
    workstream: str
    title: str
    objective: str
    budget: float | None
    starts_on: dt.date
    ends_on: dt.date
    owner: str
    status: str
    synthetic: bool
    kpis: list[KpiOut]


class RegionProgrammeOut(Schema):
    region: str
    convention: ConventionOut
    online_share_percent: float | None
    initiatives: list[InitiativeOut]


class FactSheetQueuedOut(Schema):
    region: str
    queued: list[str]


def _convention(region: Any, convention: Any) -> dict[str, Any]:
    return {
        "region": region.code,
        "name": region.name,
        "status": convention.status if convention else "none",
        "signed_on": convention.signed_on if convention else None,
        "source": convention.source if convention else "",
    }


def _kpi(item: KpiProgress) -> dict[str, Any]:
    kpi, progress = item.kpi, item.progress
    return {
        "id": kpi.pk,
        "indicator": kpi.indicator.code,
        "baseline_value": float(kpi.baseline_value),
        "baseline_on": kpi.baseline_on,
        "target_value": float(kpi.target_value),
        "deadline": kpi.deadline,
        "current_value": None if progress.current is None else float(progress.current),
        "period": progress.period,
        "progress_percent": progress.percent,
        "dataset_version": progress.source,
        "synthetic": progress.synthetic,
    }


@router.get("/regions", response=list[ConventionOut], summary="Conventions by region")
def list_conventions(request: HttpRequest) -> list[dict[str, Any]]:
    conventions = selectors.conventions_by_region()
    return [_convention(r, conventions.get(r.code)) for r in regions.region_list()]


@router.get("/regions/{code}", response=RegionProgrammeOut, summary="A region's programme")
def region_programme(request: HttpRequest, code: str) -> dict[str, Any]:
    """The convention, the initiatives with their KPIs' progress (from the observatory's
    current published versions, named in `dataset_version`), and the online share of the
    procedures the initiatives digitalise."""
    data = selectors.region_programme(code)
    return {
        "region": data["region"].code,
        "convention": _convention(data["region"], data["convention"]),
        "online_share_percent": None if data["online"] is None else float(data["online"].current),
        "initiatives": [
            {
                "id": i["initiative"].pk,
                "workstream": w["workstream"].code,
                "title": i["initiative"].title,
                "objective": i["initiative"].objective,
                "budget": None if i["initiative"].budget is None else float(i["initiative"].budget),
                "starts_on": i["initiative"].starts_on,
                "ends_on": i["initiative"].ends_on,
                "owner": i["initiative"].owner,
                "status": i["initiative"].status,
                "synthetic": i["initiative"].synthetic,
                "kpis": [_kpi(k) for k in i["kpis"]],
            }
            for w in data["workstreams"]
            for i in w["initiatives"]
        ],
    }


@router.get(
    "/regions/{code}/factsheet",
    summary="The region's latest fact sheet (PDF)",
    response={200: None},
)
def factsheet(
    request: HttpRequest, code: str, lang: Literal["fr", "ar", "en"] = "fr"
) -> HttpResponse:
    """`lang` is fr, ar or en. 404 `factsheet_not_ready` until one has been generated."""
    region = regions.region_get(code)
    response = HttpResponse(
        selectors.factsheet_pdf(region.code, lang), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="jiha-{region.code}-factsheet-{lang}.pdf"'
    )
    return response


@router.post(
    "/regions/{code}/factsheets",
    auth=django_auth,
    response={202: FactSheetQueuedOut},
    summary="Generate the region's fact sheets in the background",
)
def factsheets_request(request: HttpRequest, code: str) -> Status[dict[str, Any]]:
    """Queues fr, ar and en. The region's officers and the programme office."""
    region = regions.region_get(code)
    sheets = services.factsheets_request(actor=request.user, region=region)
    return Status(202, {"region": region.code, "queued": [s.language for s in sheets]})
