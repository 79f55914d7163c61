"""The batch path: a signed-in user submits a simulation too large for a synchronous answer;
the worker runs it with progress; only its owner sees the result, the same payload as the
synchronous endpoint; a failed or abandoned run ends as failed, with a message."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from jiha.accounts.models import User
from jiha.incentives import engine_io, services
from jiha.incentives.models import SimulationJob
from jiha.incentives.tests.test_simulator_api import PROJECT

pytestmark = pytest.mark.usefixtures("reference")


def _submit(client: Client, payload: dict[str, Any] = PROJECT) -> Any:
    return client.post(
        "/api/incentives/simulations",
        json.dumps(payload),
        content_type="application/json",
        headers={"accept-language": "en"},
    )


def test_it_needs_a_signed_in_user(client: Client) -> None:
    assert _submit(client).status_code == 401
    assert not SimulationJob.objects.exists()


@override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=5)
def test_it_runs_a_project_over_the_synchronous_bound_and_gives_the_same_payload(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    big = {**PROJECT, "employees": [{**PROJECT["employees"][0], "count": 10}]}
    assert (
        client.post(
            "/api/incentives/simulate", json.dumps(big), content_type="application/json"
        ).status_code
        == 413
    )
    submitted = _submit(client, big)
    assert submitted.status_code == 202
    job = submitted.json()
    assert job["url"] == f"/api/incentives/simulations/{job['id']}"
    status = client.get(job["url"]).json()
    assert (status["status"], status["progress"], status["message"]) == ("done", 1.0, "")
    with override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=10):
        direct = client.post(
            "/api/incentives/simulate",
            json.dumps(big),
            content_type="application/json",
            headers={"accept-language": "en"},  # the language the job was submitted in
        )
    assert status["result"] == direct.json()


def test_it_records_the_progress_year_by_year(
    client: Client, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded: list[float] = []
    record = services.simulation_job_progress

    def spy(*, job: SimulationJob, fraction: float) -> None:
        record(job=job, fraction=fraction)
        recorded.append(SimulationJob.objects.get(pk=job.pk).progress)

    monkeypatch.setattr(services, "simulation_job_progress", spy)
    client.force_login(applicant)
    payload = {**PROJECT, "compare_with": {"region": "MA-06", "park": "casanearshore"}}
    assert _submit(client, payload).json()["status"] == "done"
    assert recorded == [0.25, 0.5, 0.75, 1.0]  # 2 locations × 2 years


@override_settings(JIHA_SIMULATION_BATCH_MAX_EMPLOYEES=5)
def test_it_refuses_a_project_over_the_batch_bound_and_stores_nothing(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    response = _submit(client)  # 10 employees
    assert response.status_code == 413
    assert response.json()["code"] == "simulation_too_large"
    assert not SimulationJob.objects.exists()


def test_only_the_owner_sees_a_simulation(
    client: Client, applicant: User, other_applicant: User
) -> None:
    client.force_login(applicant)
    url = _submit(client).json()["url"]
    client.force_login(other_applicant)
    response = client.get(url)
    assert response.status_code == 404
    assert "result" not in response.json()


def test_a_failed_run_is_marked_failed_with_a_message(
    client: Client, applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any, **kwargs: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(engine_io, "simulate", crash)
    client.force_login(applicant)
    job = _submit(client).json()
    assert job["status"] == "failed"
    assert job["message"] == "The simulation failed unexpectedly. It has been logged."
    assert job["result"] is None


def test_a_run_whose_worker_died_is_marked_failed_when_its_lease_ends(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    url = _submit(client).json()["url"]
    job = SimulationJob.objects.get()
    silent_since = timezone.now() - dt.timedelta(seconds=601)
    SimulationJob.objects.filter(pk=job.pk).update(
        status=SimulationJob.Status.RUNNING, heartbeat_at=silent_since, result=None
    )
    with override_settings(JIHA_SIMULATION_JOB_LEASE_SECONDS=600):
        status = client.get(url, headers={"accept-language": "en"}).json()
    assert status["status"] == "failed"
    assert "stopped" in status["message"]


def test_a_run_still_alive_stays_running(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    url = _submit(client).json()["url"]
    SimulationJob.objects.update(status=SimulationJob.Status.RUNNING, heartbeat_at=timezone.now())
    assert client.get(url).json()["status"] == "running"
