from __future__ import annotations

from typing import Any as SettingsWrapper

import pytest
from django.core.management import CommandError, call_command

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
    assert counts[0] == 7
    assert all(Organisation.objects.values_list("synthetic", flat=True))


def test_it_refuses_to_run_in_production(reference: None, settings: SettingsWrapper) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
    assert not User.objects.exists()


def test_it_gives_every_staff_persona_a_totp_secret(reference: None) -> None:
    from jiha.accounts.demo import demo_accounts_create

    with_totp = {account.persona for account in demo_accounts_create() if account.totp_secret}
    assert with_totp == {"Administrator", "Analyst", "Reviewer"}
