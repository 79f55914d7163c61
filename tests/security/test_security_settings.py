"""The security settings OWASP ASVS 5.0 level 2 asks for, each checked (docs/security.md maps
every requirement to where it is enforced and to the test here or elsewhere that checks it)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import PASSWORD, force_login_confirmed
from jiha.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from jiha.accounts.models import User
from jiha.config.tests.test_production_settings import PRODUCTION, settings_value

pytestmark = pytest.mark.django_db

JIHA = Path(settings.PACKAGE_DIR)


# --- V3.4 browser security: CSP without inline scripts, frame-ancestors ---------------------


def _csp(client: Client) -> dict[str, list[str]]:
    header = client.get("/").headers["Content-Security-Policy"]
    directives = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in directives}


def test_it_sends_a_csp_without_inline_scripts_and_with_frame_ancestors(
    client: Client, reference: None
) -> None:
    csp = _csp(client)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]


def test_no_template_holds_an_inline_script_the_csp_would_block() -> None:
    inline = []
    for template in JIHA.rglob("templates/**/*.html"):
        for tag in re.findall(r"<script\b[^>]*>", template.read_text(encoding="utf-8")):
            data_block = re.search(r'type="application/(ld\+)?json"', tag)
            if "src=" not in tag and not data_block:
                inline.append(f"{template.relative_to(JIHA)}: {tag}")
        if re.search(r"\son[a-z]+=\"", template.read_text(encoding="utf-8")):
            inline.append(f"{template.relative_to(JIHA)}: an inline event handler")
    assert inline == []


# --- V3.3/V3.4 cookies and transport in production mode ---------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SESSION_COOKIE_NAME", "__Host-sessionid"),
        ("CSRF_COOKIE_NAME", "__Host-csrftoken"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SESSION_COOKIE_HTTPONLY", "True"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"),
        ("X_FRAME_OPTIONS", "DENY"),
    ],
)
def test_production_mode_sends_hsts_and_host_only_secure_cookies(
    tmp_path: Path, name: str, expected: str
) -> None:
    result = settings_value(name, {**PRODUCTION, "JIHA_SINGLE_PROCESS": "1"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_host_cookies_keep_djangos_whole_site_path_and_no_domain() -> None:
    # A __Host- cookie is refused by browsers with a Domain or a Path other than /.
    from django.conf import global_settings

    from jiha.config import settings as module

    for name in ("SESSION_COOKIE", "CSRF_COOKIE"):
        assert not hasattr(module, f"{name}_DOMAIN") and not hasattr(module, f"{name}_PATH")
        assert getattr(global_settings, f"{name}_PATH") == "/"
        assert getattr(global_settings, f"{name}_DOMAIN") is None


# --- V3.5 CSRF on every form ------------------------------------------------------------------


def test_every_post_form_carries_the_csrf_token() -> None:
    missing = []
    for template in JIHA.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b.*?</form>", text, flags=re.DOTALL | re.IGNORECASE):
            if re.search(r'method="post"', form, re.IGNORECASE) and "csrf_token" not in form:
                missing.append(str(template.relative_to(JIHA)))
    assert missing == []
    exempt = [str(p) for p in JIHA.rglob("*.py") if "csrf_exempt" in p.read_text(encoding="utf-8")]
    assert exempt == []


def test_the_api_refuses_a_session_request_without_its_csrf_token(applicant: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(
        "/api/incentives/simulations", "{}", content_type="application/json", follow=False
    )
    assert response.status_code == 403


# --- V6.3 brute force: login and API rate limits, TOTP for staff ------------------------------


def test_login_and_api_have_rate_limits(client: Client, settings: Any, reference: None) -> None:
    assert "login_failed" in settings.ACCOUNT_RATE_LIMITS
    settings.JIHA_SIMULATE_RATE = "2/m"
    answers = [
        client.post("/api/incentives/simulate", "{}", content_type="application/json").status_code
        for _ in range(3)
    ]
    assert answers[:2] == [422, 422] and answers[2] == 429


def test_staff_powers_need_a_session_confirmed_with_totp(client: Client, analyst: User) -> None:
    client.force_login(analyst)  # password only
    response = client.get("/me/back-office/")
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    force_login_confirmed(client, analyst)
    assert client.get("/me/back-office/").status_code == 200


# --- V7.3 session timeouts, V7.4 sessions ended on password change ---------------------------


def _age_session(client: Client, *, seen: int = 0, started: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN] = now - seen
    session[SESSION_STARTED] = now - started
    session.save()


@pytest.mark.parametrize(
    ("seen", "started", "ended"),
    [
        (60, 3600, False),
        (31 * 60, 31 * 60, True),  # idle longer than 30 minutes
        (60, 12 * 3600 + 60, True),  # older than 12 hours, however busy
    ],
)
def test_it_ends_idle_and_old_sessions(
    client: Client, applicant: User, seen: int, started: int, ended: bool
) -> None:
    client.force_login(applicant)
    _age_session(client, seen=seen, started=started)
    response = client.get("/me/")
    assert (response.status_code == 302 and "/accounts/login/" in response["Location"]) is ended
    assert client.get("/me/").status_code == (302 if ended else 200)


@pytest.mark.django_db(transaction=True)
def test_changing_the_password_ends_the_other_sessions(applicant: User) -> None:
    here, elsewhere = Client(), Client()
    here.force_login(applicant)
    elsewhere.force_login(applicant)
    response = here.post(
        "/en/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-Passw0rd-42",
            "password2": "a-new-Passw0rd-42",
        },
    )
    assert response.status_code == 302
    assert here.get("/me/").status_code == 200
    assert elsewhere.get("/me/").status_code == 302


# --- V6.3/V7.5 re-authentication before sensitive changes ------------------------------------


def _stale(client: Client) -> None:
    """The session's last sign-in or re-authentication is older than the timeout."""
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 5
    session.save()


def test_a_parameter_value_needs_a_recent_reauthentication(
    client: Client, administrator: User
) -> None:
    from jiha.incentives.models import ParameterValueChange

    name = "offer_2025.employment_bonus.rate"
    force_login_confirmed(client, administrator)
    _stale(client)
    value = {"start": "2030-01-01", "value": "0.1", "reference": "x", "confidence": "official"}
    response = client.post(f"/incentives/parameters/{name}/values/", value)
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    assert not ParameterValueChange.objects.exists()


def test_role_and_membership_changes_in_the_admin_need_a_recent_reauthentication(
    client: Client, administrator: User, applicant: User
) -> None:
    force_login_confirmed(client, administrator)
    assert client.get(f"/admin/accounts/user/{applicant.pk}/change/").status_code == 200
    _stale(client)
    response = client.post(
        f"/admin/accounts/user/{applicant.pk}/change/",
        {"email": applicant.email, "is_staff": "on", "is_active": "on"},
    )
    assert response.status_code == 302 and "/reauthenticate/" in response["Location"]
    applicant.refresh_from_db()
    assert not applicant.is_staff


# --- V14.3 no-store on answers to signed-in users ---------------------------------------------


def test_answers_to_signed_in_users_are_not_stored(
    client: Client, applicant: User, reference: None
) -> None:
    public = client.get("/regions/")
    assert "no-store" not in public.headers.get("Cache-Control", "")
    client.force_login(applicant)
    for url in ("/me/", "/regions/", "/api/regions"):
        cache_control = client.get(url).headers.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, url


# --- V16 security events logged ---------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # allauth sends its signals once committed
def test_authentication_and_authorisation_events_are_logged(
    client: Client,
    applicant: User,
    make_member: Callable[..., User],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger="jiha.security")
    client.get("/api/incentives/simulations/999")  # 401
    client.post("/accounts/login/", {"login": applicant.email, "password": "wrong-password"})
    client.post("/accounts/login/", {"login": applicant.email, "password": PASSWORD})
    client.get("/me/back-office/")  # 403: not staff
    client.post("/accounts/logout/")
    messages = [r.getMessage() for r in caplog.records if r.name == "jiha.security"]
    expected_events = (
        "refused (401 not_authenticated) for anonymous",
        "login failed",
        "login succeeded",
        "refused (403 permission_denied) for user",
        "logout of user",
    )
    for expected in expected_events:
        assert any(expected in m for m in messages), (expected, messages)
