"""The dossier API: the same rules as the pages, as JSON."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.incentives.models import Dossier

pytestmark = pytest.mark.django_db
MakeDossier = Callable[..., Dossier]
API = "/api/incentives"


def test_it_creates_and_submits_idempotently(
    client: Client, applicant: User, schemes: None
) -> None:
    client.force_login(applicant)
    body = {
        "scheme": "employment-bonus-2025",
        "region": "MA-03",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "idempotency_key": "api-1",
        "data": {
            "hires": [{"profile": "bpo", "gross_annual_salary": "60000", "hire_date": "2025-09-01"}]
        },
    }
    first = client.post(f"{API}/dossiers", body, content_type="application/json")
    again = client.post(f"{API}/dossiers", body, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    dossier = first.json()
    assert dossier["computed_amount"] == "10200.00"
    submit = {"version": dossier["version"], "idempotency_key": "s-1"}
    url = f"{API}/dossiers/{dossier['id']}/submit"
    one = client.post(url, submit, content_type="application/json")
    two = client.post(url, submit, content_type="application/json")
    assert one.status_code == two.status_code == 200
    assert one.json() == two.json()
    assert one.json()["state"] == "submitted"


def test_it_shows_a_company_only_its_dossiers(
    client: Client, other_applicant: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("submitted")
    client.force_login(other_applicant)
    assert client.get(f"{API}/dossiers").json() == []
    response = client.get(f"{API}/dossiers/{dossier.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_dossier"


def test_it_answers_a_conflict_with_409_and_a_message(
    client: Client, reviewer: User, instructor: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    force_login_confirmed(client, reviewer)
    url = f"{API}/dossiers/{dossier.pk}/decision"
    stale = client.post(
        url,
        {"version": dossier.version - 1, "outcome": "approved"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "dossier_conflict"
    assert "modifié par quelqu'un d'autre" in stale.json()["message"]
    ok = client.post(
        url, {"version": dossier.version, "outcome": "approved"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    assert ok.json()["decision"]["amount"] == "20400.00"


def test_it_gives_an_officer_counts_of_its_region_only(
    client: Client, officer: User, make_dossier: MakeDossier
) -> None:
    make_dossier("submitted")
    make_dossier("draft")
    client.force_login(officer)
    counts = client.get(f"{API}/regions/MA-03/dossier-counts").json()
    assert counts == {
        "region": "MA-03",
        "total": 1,
        "by_state": {"submitted": 1},
        "by_scheme": {"employment-bonus-2025": 1},
    }
    assert client.get(f"{API}/regions/MA-01/dossier-counts").status_code == 403
    assert client.get(f"{API}/review/queue").status_code == 403
    assert client.get(f"{API}/dossiers").json() == []


def test_it_refuses_a_reviewer_without_a_confirmed_session(
    client: Client, reviewer: User, make_dossier: MakeDossier
) -> None:
    make_dossier("submitted")
    client.force_login(reviewer)  # no TOTP: staff powers dormant
    response = client.get(f"{API}/review/queue")
    assert response.status_code == 403
    force_login_confirmed(client, reviewer)
    assert len(client.get(f"{API}/review/queue").json()) == 1


def test_it_refuses_an_age_filter_out_of_bounds(client: Client, reviewer: User) -> None:
    # The fuzzer's find: a huge age overflowed the date arithmetic (500).
    force_login_confirmed(client, reviewer)
    answer = client.get("/api/incentives/review/queue?older_than_days=-387803502030")
    assert answer.status_code == 422 and answer.json()["code"] == "invalid_input"
    assert client.get("/api/incentives/review/queue?older_than_days=30").status_code == 200


def test_it_calls_an_unknown_scheme_in_the_body_invalid_input(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    answer = client.post(
        "/api/incentives/dossiers",
        {
            "scheme": "no-such-scheme",
            "region": "MA-03",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
        },
        content_type="application/json",
    )
    assert answer.status_code == 422 and answer.json()["code"] == "unknown_scheme"
