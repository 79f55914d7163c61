"""HTTP API of the regional programme: conventions, a region's initiatives with KPI progress
computed from the observatory's published data, and the region fact sheets (PDF)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from jiha.lib.apitypes import IndicatorValue, Large
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


class InitiativeIn(Schema):
    workstream: Literal["data", "legal", "training", "digital"]
    title: str = Field(min_length=1, max_length=200)
    objective: str = Field(min_length=1, max_length=5000)
    budget: Large | None = None
    starts_on: dt.date
    ends_on: dt.date
    owner: str = Field(min_length=1, max_length=200)
    status: Literal["planned", "ongoing", "done", "suspended"] = "planned"


class KpiIn(Schema):
    indicator: str = Field(min_length=1, max_length=80)  # an observatory indicator code
    baseline_value: IndicatorValue
    baseline_on: dt.date
    target_value: IndicatorValue
    deadline: dt.date


class ProcedureIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    channel_before: Literal["counter", "mail", "partly_online", "online"]
    channel_after: Literal["counter", "mail", "partly_online", "online"]
    volume_per_year: int = Field(ge=0, le=100_000_000)


class MilestoneIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    due_on: dt.date
    done_on: dt.date | None = None


class CreatedOut(Schema):
    id: int
    initiative: int


def _initiative_data(data: InitiativeIn) -> services.InitiativeData:
    workstream = selectors.workstream_list().get(code=data.workstream)
    return services.InitiativeData(
        workstream=workstream,
        title=data.title,
        objective=data.objective,
        budget=data.budget,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        owner=data.owner,
        status=data.status,
    )


def _initiative_out(pk: int) -> dict[str, Any]:
    initiative = selectors.initiative_get(pk)
    return {
        "id": initiative.pk,
        "workstream": initiative.workstream.code,
        "title": initiative.title,
        "objective": initiative.objective,
        "budget": None if initiative.budget is None else float(initiative.budget),
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "owner": initiative.owner,
        "status": initiative.status,
        "synthetic": initiative.synthetic,
        "kpis": [
            _kpi(k) for k in selectors.kpi_progress(initiative.kpis.all(), initiative.region.code)
        ],
    }


@router.get("/initiatives/{initiative_id}", response=InitiativeOut, summary="One initiative")
def get_initiative(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    return _initiative_out(initiative_id)


@router.post(
    "/regions/{code}/initiatives",
    auth=django_auth,
    response={201: InitiativeOut},
    summary="Add an initiative to a region's programme",
)
def create_initiative(
    request: HttpRequest, code: str, data: InitiativeIn
) -> Status[dict[str, Any]]:
    """The region's officers and the programme office. The change is audited."""
    region = regions.region_get(code)
    created = services.initiative_create(
        actor=request.user, region=region, data=_initiative_data(data)
    )
    return Status(201, _initiative_out(created.pk))


@router.put(
    "/initiatives/{initiative_id}",
    auth=django_auth,
    response=InitiativeOut,
    summary="Change an initiative",
)
def update_initiative(
    request: HttpRequest, initiative_id: int, data: InitiativeIn
) -> dict[str, Any]:
    initiative = selectors.initiative_get(initiative_id)
    services.initiative_update(
        actor=request.user, initiative=initiative, data=_initiative_data(data)
    )
    return _initiative_out(initiative_id)


@router.post(
    "/initiatives/{initiative_id}/kpis",
    auth=django_auth,
    response={201: CreatedOut},
    summary="Add a KPI bound to an observatory indicator",
)
def create_kpi(request: HttpRequest, initiative_id: int, data: KpiIn) -> Status[dict[str, Any]]:
    """Refused (422) for an indicator without a published value in the region
    (`indicator_without_data`), a deadline in the past (`deadline_in_past`) or before the
    baseline (`deadline_before_baseline`), a target equal to the baseline."""
    initiative = selectors.initiative_get(initiative_id)
    services.require_change(actor=request.user, initiative=initiative)
    indicator = selectors.indicator_by_code(data.indicator)
    kpi = services.kpi_add(
        actor=request.user,
        initiative=initiative,
        indicator=indicator,
        baseline_value=data.baseline_value,
        baseline_on=data.baseline_on,
        target_value=data.target_value,
        deadline=data.deadline,
    )
    return Status(201, {"id": kpi.pk, "initiative": initiative.pk})


@router.post(
    "/initiatives/{initiative_id}/procedures",
    auth=django_auth,
    response={201: CreatedOut},
    summary="Add a procedure the initiative digitalises (workstream 4)",
)
def create_procedure(
    request: HttpRequest, initiative_id: int, data: ProcedureIn
) -> Status[dict[str, Any]]:
    initiative = selectors.initiative_get(initiative_id)
    procedure = services.procedure_add(
        actor=request.user, initiative=initiative, **data.model_dump()
    )
    return Status(201, {"id": procedure.pk, "initiative": initiative.pk})


@router.post(
    "/initiatives/{initiative_id}/milestones",
    auth=django_auth,
    response={201: CreatedOut},
    summary="Add a milestone to an initiative",
)
def create_milestone(
    request: HttpRequest, initiative_id: int, data: MilestoneIn
) -> Status[dict[str, Any]]:
    initiative = selectors.initiative_get(initiative_id)
    milestone = services.milestone_add(
        actor=request.user, initiative=initiative, **data.model_dump()
    )
    return Status(201, {"id": milestone.pk, "initiative": initiative.pk})


@router.post(
    "/milestones/{milestone_id}/done",
    auth=django_auth,
    response=CreatedOut,
    summary="Mark a milestone done (today)",
)
def complete_milestone(request: HttpRequest, milestone_id: int) -> dict[str, Any]:
    milestone = services.milestone_complete(
        actor=request.user, milestone=selectors.milestone_get(milestone_id)
    )
    return {"id": milestone.pk, "initiative": milestone.initiative_id}
