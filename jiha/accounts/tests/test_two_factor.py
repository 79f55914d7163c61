from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from conftest import PASSWORD, sign_in_with_totp
from jiha.accounts.models import User


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
    sign_in_with_totp(client, reviewer)
    response = client.get("/me/back-office/")
    assert response.status_code == 200
    assert "rita org" in response.content.decode()  # the organisations overview


def test_an_administrator_signed_in_with_totp_opens_the_admin(
    client: Client, administrator: User
) -> None:
    sign_in_with_totp(client, administrator)
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


def test_it_keeps_the_superuser_short_cut_for_confirmed_sessions_only(db: None) -> None:
    root = User.objects.create_superuser("root@example.org", PASSWORD)
    assert root.has_perm("observatory.add_dataset")  # outside a request (CLI, tasks)
    root.session_second_factor = lambda: False  # a web session not confirmed with TOTP
    assert not root.has_perm("observatory.add_dataset")
    assert not root.has_perm("accounts.change_organisation")
    assert not root.has_module_perms("accounts")
    root.session_second_factor = lambda: True
    assert root.has_perm("observatory.add_dataset")


def test_it_treats_the_analyst_as_staff(analyst: User) -> None:
    from jiha.accounts.permissions import is_programme_analyst

    assert is_programme_analyst(analyst)
    analyst.session_second_factor = lambda: False
    assert analyst.staff_powers_dormant and not is_programme_analyst(analyst)


def test_it_sends_a_reviewer_with_totp_no_further_than_a_403_at_the_admin(
    client: Client, reviewer: User
) -> None:
    sign_in_with_totp(client, reviewer)
    response = client.get("/en/admin/", follow=True)
    assert response.status_code == 403
    assert all("reauthenticate" not in url for url, _ in response.redirect_chain)


@pytest.mark.django_db(transaction=True)  # allauth sends its signal once committed
def test_it_logs_the_second_factor_set_up(
    client: Client, applicant: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="jiha.security")
    client.force_login(applicant)
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks first
    client.get("/en/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert f"(totp) added by user {applicant.pk} from 127.0.0.1" in caplog.text
    assert secret not in caplog.text and code not in caplog.text
