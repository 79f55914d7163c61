"""API tokens: how a token is made, stored (a hash) and checked, and the API's authentication.

A token reads ``jiha_<prefix>_<secret>``: the prefix (public, unique) finds the row, the secret
is known only to its holder; the database keeps its SHA-256, compared in constant time. The
secret is 256 random bits, so a fast hash is enough (no password stretching is needed: there
is nothing to guess). See docs/decisions/0013-api-tokens.md.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

from jiha.accounts.models import ApiToken, User
from jiha.lib.errors import PermissionDenied

TOKEN_START = "jiha_"  # noqa: S105 - the public start of every token, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_make() -> tuple[str, str, str]:
    """A new token: (the text shown once, its prefix, the hash stored)."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{TOKEN_START}{prefix}_{secret}", prefix, secret_hash(secret)


def token_find(text: str) -> ApiToken | None:
    """The token ``text`` names if it is valid now (known, hash matching, not expired, not
    revoked), else None. The row is looked up by prefix; the hash compared in constant time."""
    if not text.startswith(TOKEN_START):
        return None
    prefix, _sep, secret = text[len(TOKEN_START) :].partition("_")
    if not prefix or not secret:
        return None
    token = (
        ApiToken.objects.select_related("created_by", "organisation").filter(prefix=prefix).first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, secret_hash(secret)):
        return None
    if token.revoked_at is not None or token.expires_at <= timezone.now():
        return None
    return token


class ReadOnlyToken(PermissionDenied):
    code = "read_only_token"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This API token may only read. Create a token with the “read and write” scope "
                "to make changes."
            )
        )


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer jiha_…``: the request acts as the token's creator, for the
    token's organisation only, without staff powers (they need a TOTP-confirmed session).

    An unknown, expired or revoked token gives 401; a read token on a write gives 403."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> User | None:
        """A request that sends an ``Authorization`` header is judged by it alone: a bad
        credential is refused (401) even when a session cookie comes with it, rather than
        quietly ignored."""
        if not request.headers.get(self.header):
            return None
        user = super().__call__(request)
        if user is None:
            raise AuthenticationError()
        return user

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_find(token)
        if found is None:
            return None
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ReadOnlyToken()
        now = timezone.now()
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        user = found.created_by
        user.token_organisation_id = found.organisation_id
        user.session_second_factor = lambda: False  # staff powers stay dormant
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        return user


api_token_auth = ApiTokenAuth()
# What every signed-in API operation accepts: a token, or the browser's session.
API_AUTH: list[Any] = [api_token_auth, django_auth]
