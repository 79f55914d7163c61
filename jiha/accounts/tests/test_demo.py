from __future__ import annotations

import json
import time
from typing import Any as SettingsWrapper

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.management import CommandError, call_command

from jiha.accounts.demo import PERSONAS, demo_accounts_create
from jiha.accounts.models import Membership, Organisation, User


@pytest.fixture(autouse=True)
def _var_dir(settings: SettingsWrapper, tmp_path: object) -> None:
    settings.VAR_DIR = tmp_path


def test_it_creates_one_account_per_persona_idempotently(reference: None) -> None:
    call_command("demo")
    counts = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
    call_command("demo")
    assert (
        User.objects.count(),
        Membership.objects.count(),
        Organisation.objects.count(),
    ) == counts
    personas = {email for _persona, email, *_rest in PERSONAS}
    assert len(personas) == 7 and personas <= set(User.objects.values_list("email", flat=True))
    assert all(Organisation.objects.values_list("synthetic", flat=True))


def test_it_refuses_to_run_in_production(reference: None, settings: SettingsWrapper) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
    assert not User.objects.exists()


def test_it_gives_every_staff_persona_a_totp_secret(reference: None) -> None:
    with_totp = {account.persona for account in demo_accounts_create() if account.totp_secret}
    assert with_totp == {"Administrator", "Analyst", "Reviewer"}


def _valid(user: User, secret: str) -> bool:
    """Whether a code made from ``secret`` now opens ``user``'s authenticator."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    return bool(TOTP(authenticator).validate_code(code))


def test_each_staff_account_has_its_own_secret_and_keeps_it(reference: None) -> None:
    first = {a.email: a.totp_secret for a in demo_accounts_create() if a.totp_secret}
    again = {a.email: a.totp_secret for a in demo_accounts_create() if a.totp_secret}
    assert len(set(first.values())) == 3
    assert again == first
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 3
    reviewer = User.objects.get(email="reviewer@demo.jiha.local")
    assert _valid(reviewer, first[reviewer.email])


def test_a_shared_secret_from_an_older_demo_is_replaced_everywhere(
    reference: None, settings: SettingsWrapper
) -> None:
    shared = generate_totp_secret()
    (settings.VAR_DIR / "demo_secrets.json").write_text(
        json.dumps({"password": "demo-old", "totp": shared}), encoding="utf-8"
    )
    for email in ("admin@demo.jiha.local", "reviewer@demo.jiha.local"):
        TOTP.activate(User.objects.create_user(email), shared)
    accounts = {a.email: a for a in demo_accounts_create() if a.totp_secret}
    assert shared not in {a.totp_secret for a in accounts.values()}
    assert {a.password for a in accounts.values()} == {"demo-old"}  # the password stays
    admin = User.objects.get(email="admin@demo.jiha.local")
    assert _valid(admin, accounts[admin.email].totp_secret or "")
