"""The synchronous simulator's work is bounded: a larger request is refused at once, with the
limit and the way to the batch path, and nothing is built."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from jiha.incentives import engine_io
from jiha.incentives.tests.test_simulator_api import PROJECT
from jiha.incentives.tests.test_simulator_page import FORM

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def no_situation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a simulation gets as far as building its situation."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the situation was built")

    monkeypatch.setattr(engine_io, "build_situation", refuse)


def _post(client: Client, payload: dict[str, Any]) -> Any:
    return client.post(
        "/api/incentives/simulate",
        json.dumps(payload),
        content_type="application/json",
        headers={"accept-language": "en"},
    )


def _employees(count: int, entries: int = 1) -> list[dict[str, Any]]:
    employee = {"profile": "bpo", "gross_annual_salary": 90000, "hire_date": "2026-01-01"}
    return [{**employee, "count": count}] * entries


@override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=50)
@pytest.mark.usefixtures("no_situation")
def test_it_refuses_more_employees_than_the_bound_with_the_limit_and_the_batch_path(
    client: Client,
) -> None:
    response = _post(client, {**PROJECT, "employees": _employees(26, entries=2)})
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "simulation_too_large"
    assert "52 employees" in body["message"]
    assert "the limit here is 50" in body["message"]
    assert "POST /api/incentives/simulations" in body["message"]


@override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=50)
@pytest.mark.usefixtures("no_situation")
def test_it_refuses_too_many_entries_before_validating_each(client: Client) -> None:
    # 51 malformed entries: refused for their number, not checked one by one (a 422).
    response = _post(client, {**PROJECT, "employees": [{"count": "x"}] * 51})
    assert response.status_code == 413
    assert response.json()["code"] == "simulation_too_large"


@override_settings(JIHA_SIMULATE_MAX_TRAININGS=50)
@pytest.mark.usefixtures("no_situation")
def test_it_counts_a_training_once_per_member_of_its_group(client: Client) -> None:
    training = {"employee": 0, "cost": 1000, "start_date": "2026-03-01"}
    payload = {**PROJECT, "employees": _employees(30), "trainings": [training, training]}
    response = _post(client, payload)
    assert response.status_code == 413
    assert "60 trainings" in response.json()["message"]


@override_settings(JIHA_SIMULATE_MAX_YEARS=3)
@pytest.mark.usefixtures("no_situation")
def test_it_bounds_the_years(client: Client) -> None:
    response = _post(client, {**PROJECT, "first_year": 2026, "last_year": 2029})
    assert response.status_code == 413
    assert "4 years" in response.json()["message"]


@override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=50)
def test_it_answers_a_request_within_the_bound(client: Client) -> None:
    response = _post(client, {**PROJECT, "employees": _employees(25, entries=2)})
    assert response.status_code == 200


@override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=50)
@pytest.mark.usefixtures("no_situation")
def test_the_page_simulator_shares_the_bound(client: Client) -> None:
    response = client.post("/en/incentives/simulator/", {**FORM, "g0_count": "51"})
    html = response.content.decode()
    assert "the limit here is 50" in html
    assert "Results" not in html


@override_settings(JIHA_SIMULATE_MAX_EMPLOYEES=50)
def test_the_advisor_refuses_a_headcount_over_the_bound(client: Client) -> None:
    query = {"h_bpo": "51", "activity": "BPO", "horizon_years": "5", "m2_per_seat": "8"}
    query |= {"discount_rate": "8", "other_cost_per_seat": "0"}
    response = client.get("/en/competitiveness/advisor/", query)
    assert "up to 50 hires" in response.content.decode()
