from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import force_login_confirmed, sign_in_with_totp
from jiha.accounts.models import User
from jiha.incentives import services
from jiha.incentives.models import ParameterValueChange
from jiha.lib.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.usefixtures("reference")
NAME = "offer_2006.training_aid.per_profile.bpo"


def _training_aid(client: Client) -> dict[str, object]:
    payload = {
        "location": {"region": "MA-06", "park": "casanearshore"},
        "activity": "BPO",
        "employees": [{"profile": "bpo", "gross_annual_salary": 90000, "hire_date": "2020-01-01"}],
        "trainings": [{"employee": 0, "cost": 5000, "start_date": "2021-03-01"}],
        "first_year": 2021,
        "last_year": 2021,
    }
    response = client.post("/api/incentives/simulate", json.dumps(payload), "application/json")
    result: dict[str, object] = response.json()["results"][0]
    return result


def test_the_browser_shows_sources_and_unconfirmed_values(client: Client) -> None:
    html = client.get("/en/incentives/parameters/").content.decode()
    assert "offer_2025.employment_bonus.rate" in html
    assert "expresstv" in html
    detail = client.get(f"/en/incentives/parameters/{NAME}/").content.decode()
    assert "to be confirmed" in detail
    assert "12,000–65,000" in detail


def test_an_administrator_adds_a_value_and_the_simulator_uses_it_at_once(
    client: Client, administrator: User
) -> None:
    before = _training_aid(client)
    assert before["unconfirmed_parameters"] == [NAME]
    sign_in_with_totp(client, administrator)
    response = client.post(
        f"/incentives/parameters/{NAME}/values/",
        {
            "start": "2007-01-01",
            "value": "4000",
            "reference": "Arrêté X, art. 3",
            "confidence": "official",
        },
    )
    assert response.status_code == 302
    after = _training_aid(client)
    assert after["years"][0]["schemes"]["training_aid_total"] == "4000.00"  # type: ignore[index]
    assert after["unconfirmed_parameters"] == []
    change = ParameterValueChange.objects.get()
    assert (change.created_by, change.value) == (administrator, 4000)


def test_a_reviewer_cannot_change_a_parameter(client: Client, reviewer: User) -> None:
    sign_in_with_totp(client, reviewer)
    response = client.post(
        f"/incentives/parameters/{NAME}/values/",
        {"start": "2007-01-01", "value": "4000", "reference": "X", "confidence": "official"},
    )
    assert response.status_code == 403
    assert not ParameterValueChange.objects.exists()


def test_a_reviewer_sending_an_invalid_value_is_refused_before_the_form_is_checked(
    client: Client, reviewer: User
) -> None:
    force_login_confirmed(client, reviewer)
    response = client.post(f"/incentives/parameters/{NAME}/values/", {"value": ""})
    assert response.status_code == 403
    assert b'name="reference"' not in response.content


def test_an_administrator_without_totp_is_told_to_set_it_up(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    response = client.post(f"/en/incentives/parameters/{NAME}/values/", {"value": "1"})
    assert response.status_code == 403
    assert "/accounts/2fa/totp/activate/" in response.content.decode()
    assert not ParameterValueChange.objects.exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("offer_2025.employment_bonus.rate", "1.7"),
        ("offer_2025.employment_bonus.rate", "abc"),
        ("offer_2025.employment_bonus.rate", "0.1234567"),
        ("no.such.parameter", "1"),
        (NAME, "-5"),
        (NAME, "Infinity"),
        (NAME, "NaN"),
        ("offer_2025.employment_bonus.rate", "Infinity"),
        ("vocabulary.parks", "casanearshore"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_recorded(
    administrator: User, name: str, value: str
) -> None:
    with pytest.raises(InvalidInput):
        services.parameter_value_add(
            actor=administrator,
            parameter=name,
            start=__import__("datetime").date(2026, 1, 1),
            raw_value=value,
            reference="Ref",
            confidence="official",
        )
    assert not ParameterValueChange.objects.exists()


def test_only_administrators_may_change_parameters(applicant: User) -> None:
    import datetime as dt

    with pytest.raises(PermissionDenied):
        services.parameter_value_add(
            actor=applicant,
            parameter=NAME,
            start=dt.date(2007, 1, 1),
            raw_value="1",
            reference="Ref",
            confidence="official",
        )


def test_the_audit_chain_reveals_an_edited_entry(administrator: User) -> None:
    import datetime as dt

    for value in ("4000", "5000"):
        services.parameter_value_add(
            actor=administrator,
            parameter=NAME,
            start=dt.date(2007, 1, 1),
            raw_value=value,
            reference="Ref",
            confidence="official",
        )
    assert services.verify_chain() == []
    first = ParameterValueChange.objects.order_by("id").first()
    assert first is not None
    ParameterValueChange.objects.filter(pk=first.pk).update(value=65000)
    assert services.verify_chain() == [first.pk]
