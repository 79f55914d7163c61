"""HTTP API of accounts: what a token (or session) may act as, and an organisation's profile."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from jiha.accounts.models import Organisation, User
from jiha.accounts.permissions import API_AUTH, user_roles
from jiha.lib.errors import NotFound

router = Router()


class IdentityOut(Schema):
    user: str
    organisation: int | None
    scope: str
    expires_at: dt.datetime | None
    roles: list[str]


@router.get("/me", auth=API_AUTH, response=IdentityOut, summary="Who the request acts as")
def me(request: HttpRequest) -> dict[str, Any]:
    """The user, and with an API token its organisation, scope and expiry; the roles the
    request may use (never staff roles through a token)."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - API_AUTH
    token = getattr(request, "api_token", None)
    return {
        "user": user.email,
        "organisation": token.organisation_id if token else None,
        "scope": token.scope if token else "session",
        "expires_at": token.expires_at if token else None,
        "roles": sorted(user_roles(user)),
    }


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    region: str | None
    ice: str
    website: str
    is_verified: bool


@router.get(
    "/organisations/{organisation_id}",
    auth=API_AUTH,
    response=OrganisationOut,
    url_name="accounts_organisation",
    summary="An organisation's profile (its members)",
)
def organisation(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    found = get_object_or_404(Organisation.objects.select_related("region"), pk=organisation_id)
    if not request.user.has_perm("accounts.view_organisation", found):
        raise NotFound()
    return {
        "id": found.pk,
        "name": found.name,
        "kind": found.kind,
        "region": found.region.code if found.region else None,
        "ice": found.ice,
        "website": found.website,
        "is_verified": found.is_verified,
    }
