from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from conftest import PASSWORD
from jiha.accounts.models import User


def _sign_in_with_totp(client: Client, user: User, secret: str) -> None:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/2fa/authenticate" in response["Location"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_reviewer_without_totp_cannot_reach_staff_pages(client: Client, reviewer: User) -> None:
    client.force_login(reviewer)
    response = client.get("/me/back-office/")
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/2fa/totp/activate/")


def test_an_administrator_without_totp_cannot_open_the_admin(
    client: Client, administrator: User
) -> None:
    assert administrator.is_staff
    client.force_login(administrator)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain
    assert "/admin/" not in response.redirect_chain[-1][0]
    assert b"Jiha back-office" not in response.content


def test_a_session_without_the_second_factor_is_refused(client: Client, reviewer: User) -> None:
    TOTP.activate(reviewer, generate_totp_secret())
    client.force_login(reviewer)  # password only: no TOTP in this session
    response = client.get("/me/back-office/")
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]


def test_a_reviewer_signed_in_with_totp_reaches_staff_pages(client: Client, reviewer: User) -> None:
    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    _sign_in_with_totp(client, reviewer, secret)
    response = client.get("/me/back-office/")
    assert response.status_code == 200
    assert "rita org" in response.content.decode()  # the organisations overview


def test_an_administrator_signed_in_with_totp_opens_the_admin(
    client: Client, administrator: User
) -> None:
    secret = generate_totp_secret()
    TOTP.activate(administrator, secret)
    _sign_in_with_totp(client, administrator, secret)
    assert client.get("/admin/").status_code == 200


def test_an_applicant_is_refused_staff_pages(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    assert client.get("/me/back-office/").status_code == 403


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client: Client, applicant: User) -> None:
    for _ in range(5):
        client.post("/accounts/login/", {"login": applicant.email, "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
