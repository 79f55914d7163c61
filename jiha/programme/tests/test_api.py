"""The programme's API changes what the pages change, with the same permissions and refusals."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.audit.selectors import history_of
from jiha.programme.models import Initiative, Kpi
from jiha.programme.tests.conftest import INDICATOR

pytestmark = pytest.mark.django_db

INITIATIVE = {
    "workstream": "digital",
    "title": "Guichet en ligne",
    "objective": "Dématérialiser",
    "starts_on": "2026-01-01",
    "ends_on": "2027-06-30",
    "owner": "Région",
}


def _post(client: Client, path: str, body: Mapping[str, object]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_it_creates_and_changes_an_initiative(client: Client, officer: User, jobs: object) -> None:
    client.force_login(officer)
    response = _post(client, "/api/programme/regions/MA-03/initiatives", INITIATIVE)
    assert response.status_code == 201
    pk = response.json()["id"]
    response = client.put(
        f"/api/programme/initiatives/{pk}",
        json.dumps({**INITIATIVE, "status": "done"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert [e.action for e in history_of(Initiative.objects.get(pk=pk))] == [
        "programme.initiative.create",
        "programme.initiative.update",
    ]
    refused = _post(client, "/api/programme/regions/MA-02/initiatives", INITIATIVE)
    assert refused.status_code == 403


def test_it_refuses_a_bad_kpi_with_a_clear_message(
    client: Client, officer: User, initiative: Initiative
) -> None:
    client.force_login(officer)
    path = f"/api/programme/initiatives/{initiative.pk}/kpis"
    body = {
        "indicator": INDICATOR,
        "baseline_value": 2000,
        "baseline_on": "2023-12-31",
        "target_value": 4000,
        "deadline": "2024-06-30",
    }
    response = client.post(
        path, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "deadline_in_past"  # after the baseline, but past
    assert "échéance" in response.json()["message"].lower()
    unknown = _post(client, path, {**body, "indicator": "nope", "deadline": "2099-01-01"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_indicator"
    created = _post(client, path, {**body, "deadline": "2099-01-01"})
    assert created.status_code == 201
    assert Kpi.objects.count() == 1
