"""The API does what the pages do: register with consent, publish offers and programmes,
report outcomes; bad input gets a JSON message, never a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.talent.models import CandidateProfile, JobOffer, Outcome, Programme

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    response = client.post(path, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_it_registers_a_candidate_only_with_consent(tiny: object) -> None:
    client = Client()
    client.force_login(User.objects.create_user("api@example.ma", "pw"))
    body = {
        "region": "MA-03",
        "diploma": "bac3",
        "field": "physics",
        "languages": ["fr"],
        "skills": {"t-a": 2},
    }
    status, answer = _post(client, "/api/talent/me", body)
    assert (status, answer["code"]) == (422, "consent")
    status, answer = _post(
        client, "/api/talent/me", {**body, "skills": {"nope": 2}, "consent": True}
    )
    assert (status, answer["code"]) == (422, "unknown_skills")
    status, answer = _post(client, "/api/talent/me", {**body, "consent": True})
    assert status == 201 and CandidateProfile.objects.get().pk == answer["id"]
    status, answer = _post(client, "/api/talent/me/consent", {"consent": False})
    assert answer == {"consent": False}


def test_it_publishes_offers_programmes_and_outcomes(
    tiny: object, applicant: User, provider_user: User
) -> None:
    company = Client()
    company.force_login(applicant)
    status, answer = _post(
        company, "/api/talent/offers", {"title": "T", "occupation": "t-job", "region": "MA-03"}
    )
    assert status == 201
    offer = JobOffer.objects.get(pk=answer["id"])
    assert sorted(s.code for s in offer.essential_skills.all()) == ["t-a", "t-b"]
    status, answer = _post(company, "/api/talent/offers", {"title": "T", "occupation": "t-job"})
    assert (status, answer["code"]) == (422, "region")

    provider = Client()
    provider.force_login(provider_user)
    body = {
        "title": "P",
        "region": "MA-03",
        "start": "2031-01-01",
        "end": "2031-02-01",
        "hours": 10,
        "cost": "100",
        "seats": 5,
        "skills": ["t-b"],
    }
    status, answer = _post(provider, "/api/talent/programmes", body)
    assert status == 201
    programme = Programme.objects.get(pk=answer["id"])
    status, _answer = _post(provider, "/api/talent/programmes", {**body, "end": "2030-01-01"})
    assert status == 422
    status, answer = _post(
        provider,
        f"/api/talent/programmes/{programme.pk}/outcomes",
        {"participant": "P-1", "under_30": True, "enrolled_on": "2031-01-01"},
    )
    assert status == 201 and Outcome.objects.get().participant == "P-1"
    status, _answer = _post(company, "/api/talent/programmes", body)
    assert status == 403
