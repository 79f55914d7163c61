"""HTTP API: the incentive simulator (synchronous and batch) and the legal parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.decorators import decorate_view

from jiha.accounts.models import User
from jiha.accounts.permissions import API_AUTH
from jiha.incentives import selectors, services
from jiha.incentives.dossiers.api import router as dossier_router
from jiha.incentives.models import SimulationJob
from jiha.incentives.simulator import (
    Limits,
    SimulationIn,
    SynchronousSimulationIn,
    request_check,
    simulation_run,
)
from jiha.lib.ratelimit import rate_limited

router = Router()


@router.post("/simulate", summary="Simulate the incentives of an offshoring project")
@decorate_view(rate_limited("incentives.simulate", rate_setting="JIHA_SIMULATE_RATE"))
def simulate(request: HttpRequest, data: SynchronousSimulationIn) -> dict[str, Any]:
    """Incentives per year and per scheme (2025 offer, 2006 offer, Investment Charter), with the
    explanation of each amount and the legal source of every parameter used. Amounts in MAD.
    ``compare_with`` runs the same project in a second location. Amounts that rest on a reading
    of the law the sources leave open are listed under ``interpretations`` (to be confirmed).

    The work is bounded (employees, training rows, years: `JIHA_SIMULATE_MAX_*`): a larger
    project gets a 413 and goes to `POST /api/incentives/simulations`. Each client may make
    `JIHA_SIMULATE_RATE` requests (429 with `Retry-After` beyond)."""
    return simulation_run(data, Limits.synchronous())


class SimulationJobOut(Schema):
    id: int
    url: str
    status: str
    progress: float
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    result: dict[str, Any] | None


def _job_payload(job: SimulationJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": reverse("api:incentives_simulation", kwargs={"job_id": job.pk}),
        "status": job.status,
        "progress": job.progress,
        "message": job.message,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "result": job.result,
    }


@router.post(
    "/simulations",
    auth=API_AUTH,
    response={202: SimulationJobOut},
    summary="Submit a large simulation, run in the background",
)
@decorate_view(rate_limited("incentives.simulations", rate_setting="JIHA_SIMULATION_BATCH_RATE"))
def simulation_submit(request: HttpRequest, data: SimulationIn) -> Status[dict[str, Any]]:
    """The same request as `/simulate`, for projects beyond its bounds (up to
    `JIHA_SIMULATION_BATCH_MAX_*`): checked now, stored, and run by the worker. Follow `url`
    for the progress, then the result (the same payload as `/simulate`). Signed-in users."""
    request_check(data, Limits.batch())
    assert isinstance(request.user, User)  # noqa: S101 - API_AUTH
    job = services.simulation_job_create(
        owner=request.user, request=data.model_dump_json(), language=get_language()
    )
    return Status(202, _job_payload(job))


@router.get(
    "/simulations/{job_id}",
    auth=API_AUTH,
    response=SimulationJobOut,
    url_name="incentives_simulation",
    summary="Progress and result of a background simulation",
)
def simulation_status(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Status (queued, running, done, failed), progress from 0 to 1, the failure's message,
    and once done the result. Only the user who submitted it can see it."""
    assert isinstance(request.user, User)  # noqa: S101 - API_AUTH
    job = selectors.simulation_job_get(owner=request.user, job_id=job_id)
    return _job_payload(services.simulation_job_expire(job=job))


class DatedValueOut(Schema):
    start: dt.date
    value: Any
    reference: str
    confidence: str
    note: str


class ParameterOut(Schema):
    name: str
    description: str
    unit: str
    values: list[DatedValueOut]


def _parameter_payload(parameter: Any) -> dict[str, Any]:
    return {
        "name": parameter.name,
        "description": parameter.description,
        "unit": parameter.unit,
        "values": [vars(v) for v in parameter.values],
    }


@router.get("/parameters", response=list[ParameterOut], summary="Legal parameters")
def list_parameters(request: HttpRequest) -> list[dict[str, Any]]:
    """Every legal parameter with its dated values, source and confidence."""
    return [_parameter_payload(row.parameter) for row in selectors.parameter_rows()]


@router.get("/parameters/{name}", response=ParameterOut, summary="One legal parameter")
def get_parameter(request: HttpRequest, name: str) -> dict[str, Any]:
    return _parameter_payload(selectors.parameter_get(name))


# The incentive procedure's operations (dossiers, review), under the same prefix.
router.add_router("", dossier_router)
