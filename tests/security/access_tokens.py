"""Access rows of the API tokens (issue 12, item 8): the page, revoking, and the accounts API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jiha.accounts import services
from jiha.accounts.models import ApiToken
from tests.security.access import SIGNED_IN, Access

ROWS = {
    "accounts:api_tokens": Access("/me/api-tokens/", SIGNED_IN),
    "accounts:api_token_revoke": Access(
        "/me/api-tokens/{token_a}/revoke/",
        frozenset({"applicant_a"}),
        method="POST",
        note="members of the token's organisation only; others get a 404",
    ),
    "api:me": Access("/api/accounts/me", SIGNED_IN),
    "api:accounts_organisation": Access(
        "/api/accounts/organisations/{company_a}",
        frozenset({"applicant_a", "administrator"}),
    ),
}


def populate(world: Any) -> None:
    applicant = world.users["applicant_a"]
    token, _text = services.api_token_create(
        actor=applicant,
        organisation=applicant.memberships.get().organisation,
        name="matrix",
        scope=ApiToken.Scope.READ,
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    world.values["token_a"] = token.pk
