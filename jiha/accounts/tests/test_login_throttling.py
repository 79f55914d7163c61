"""Login throttling behind the reverse proxy: a guesser is slowed, nobody else is locked out."""

from __future__ import annotations

import re
from typing import Any as SettingsWrapper

import pytest
from allauth.core.internal.ratelimit import parse_rates
from django.core import mail
from django.test import Client

from conftest import PASSWORD
from jiha.accounts.models import User

PROXY = "10.0.0.1"  # every request reaches Jiha from the reverse proxy


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings: SettingsWrapper) -> None:
    settings.JIHA_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _client(address: str) -> Client:
    """A browser at ``address``, as the proxy forwards it."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def _sign_in(client: Client, email: str, password: str = PASSWORD) -> str:
    """Post the sign-in form; the page's text when refused, "" when signed in."""
    response = client.post("/en/accounts/login/", {"login": email, "password": password})
    if "_auth_user_id" in client.session:
        return ""
    return response.content.decode()


def _signed_in(client: Client, email: str, password: str = PASSWORD) -> bool:
    return _sign_in(client, email, password) == ""


def test_it_keeps_one_clients_failures_away_from_other_clients(
    applicant: User, other_applicant: User
) -> None:
    attacker = _client("203.0.113.5")
    for n in range(12):  # over the limit of failures per address, on many accounts
        _sign_in(attacker, f"someone{n}@example.org", "wrong-password")
    assert not _signed_in(attacker, other_applicant.email)  # that address waits
    assert _signed_in(_client("198.51.100.7"), applicant.email)  # nobody else does


def test_it_slows_whoever_guesses_an_account_and_not_its_owner(applicant: User) -> None:
    attacker = _client("203.0.113.5")
    for _ in range(8):
        _sign_in(attacker, applicant.email, "wrong-password")
    refused = _sign_in(attacker, applicant.email)  # even the right password waits
    assert "Too many failed login attempts" in refused
    assert _signed_in(_client("198.51.100.7"), applicant.email)


def test_it_counts_an_ipv6_subscriber_as_one_client(applicant: User) -> None:
    for n in range(6):  # a new address of the same /64 for every guess
        _sign_in(_client(f"2001:db8:1:2::{n + 1:x}"), applicant.email, "wrong-password")
    assert not _signed_in(_client("2001:db8:1:2::99"), applicant.email)
    assert _signed_in(_client("2001:db8:1:3::1"), applicant.email)


def test_it_never_lets_one_address_pause_an_account(settings: SettingsWrapper) -> None:
    per_client = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"])
    per_account = parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed_account"])
    for account_rate in per_account:
        allowed_from_one_address = min(
            rate.amount for rate in per_client if rate.duration >= account_rate.duration
        )
        assert allowed_from_one_address < account_rate.amount


def _distributed_guess(email: str, addresses: int = 6, tries: int = 5) -> None:
    for n in range(addresses):
        guesser = _client(f"203.0.113.{10 + n}")
        for _ in range(tries):
            _sign_in(guesser, email, "wrong-password")


def test_it_pauses_an_account_under_a_distributed_guess_and_emails_its_owner(
    applicant: User, other_applicant: User
) -> None:
    _distributed_guess(applicant.email)
    refused = _sign_in(_client("198.51.100.7"), applicant.email)
    assert "signing in with a password is paused" in refused
    assert _signed_in(_client("198.51.100.8"), other_applicant.email)  # others sign in
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    link = re.search(r"http://localhost:8000(/\S+)", str(mail.outbox[0].body))
    assert link is not None

    owner = _client("198.51.100.7")
    form = owner.get(link.group(1))
    assert form.status_code == 302  # allauth moves the key out of the address bar
    new_password = "a-fresh-passphrase-42"
    response = owner.post(form["Location"], {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(applicant.pk)  # signed in by the link
    assert _signed_in(_client("198.51.100.9"), applicant.email, new_password)  # pause over


def test_it_emails_the_owner_once_per_pause(applicant: User) -> None:
    _distributed_guess(applicant.email, addresses=10)
    assert len(mail.outbox) == 1


def test_it_answers_alike_for_an_account_that_does_not_exist(db: None) -> None:
    _distributed_guess("nobody@example.org")
    refused = _sign_in(_client("198.51.100.7"), "nobody@example.org")
    assert "signing in with a password is paused" in refused
    assert mail.outbox == []


def test_it_writes_the_owners_email_in_their_language(applicant: User) -> None:
    applicant.preferred_language = "ar"
    applicant.save()
    _distributed_guess(applicant.email)
    assert "/ar/accounts/password/reset/key/" in mail.outbox[0].body


def test_it_reads_a_forwarded_for_header_shorter_than_the_proxy_chain(
    settings: SettingsWrapper, applicant: User
) -> None:
    settings.JIHA_TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    client = _client("203.0.113.5")  # one entry where two proxies should have written
    response = client.post("/en/accounts/login/", {"login": applicant.email, "password": "x"})
    assert response.status_code == 200
    assert _signed_in(client, applicant.email)


def test_it_answers_a_flood_of_sign_in_requests_with_a_page(reference: None) -> None:
    client = _client("203.0.113.5")
    statuses = [
        client.post("/en/accounts/login/", {"login": "x@example.org", "password": "y"}).status_code
        for _ in range(31)
    ]
    assert statuses[-1] == 429
    response = client.post("/en/accounts/login/", {"login": "x@example.org", "password": "y"})
    assert "Too many requests came from your address" in response.content.decode()


def test_it_logs_authentication_events_without_passwords(
    applicant: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="jiha.security")
    _distributed_guess(applicant.email)
    assert _signed_in(_client("198.51.100.7"), "omar@nowhere.example") is False
    text = caplog.text
    assert "login failed for 'alice@atlas.example' from 203.0.113.10" in text
    assert "password sign-in paused for 'alice@atlas.example'" in text
    assert "wrong-password" not in text and PASSWORD not in text
