"""Login throttling that slows a guesser without locking the owner out.

See docs/decisions/0004-login-throttling.md. Failed password sign-ins are counted by allauth's
rate limiter (in the shared cache: Redis in production), under ``ACCOUNT_RATE_LIMITS``:

- ``login_failed`` per client address (``/ip``) and per (account, client address) pair
  (``/key``): an increasing wait for whoever mistypes or guesses, and for nobody else;
- ``login_failed_account`` per account from every address: a distributed guess. When it is
  full, password sign-in to that account pauses and the owner is e-mailed, once per pause, a
  link that signs them in by choosing a new password (allauth's password reset, which also
  ends the pause).

Client addresses are the ones the trusted proxy saw (``JIHA_TRUSTED_PROXY_COUNT``).
"""

from __future__ import annotations

import hashlib
import logging

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from jiha.accounts.models import User
from jiha.lib.clientip import client_ip

logger = logging.getLogger("jiha.security")  # authentication and authorisation events

# At most one "sign-in paused" e-mail per account in this many seconds, however long the
# attack lasts: the link stays valid (PASSWORD_RESET_TIMEOUT) longer than that.
PAUSE_NOTICE_INTERVAL = 3600

THROTTLED = "too_many_login_attempts"
PAUSED = "login_paused"


def account_key(credentials: dict[str, object]) -> str:
    """The account a sign-in attempt names (whether or not it exists)."""
    return str(credentials.get("email") or "").strip().lower()


def _pair_key(request: HttpRequest, account: str) -> str:
    # get_ip groups IPv6 by /64 (one subscriber), as allauth's own per-address limits do.
    return f"{account}|{get_ip(request)}"


def refusal(request: HttpRequest, account: str) -> str | None:
    """Why this attempt is refused before any password is checked (None: it may proceed)."""
    pair = _pair_key(request, account)
    if not ratelimit.consume(request, action="login_failed", key=pair, dry_run=True):
        logger.warning("login throttled for %r from %s", account, client_ip(request))
        return THROTTLED
    if not ratelimit.consume(request, action="login_failed_account", key=account, dry_run=True):
        logger.warning("login refused for %r from %s: paused", account, client_ip(request))
        return PAUSED
    return None


def record_failure(request: HttpRequest, account: str) -> None:
    """Count a wrong password; pause the account when every address together went too far."""
    logger.warning("login failed for %r from %s", account, client_ip(request))
    ratelimit.consume(request, action="login_failed", key=_pair_key(request, account))
    ratelimit.consume(request, action="login_failed_account", key=account)
    if not ratelimit.consume(request, action="login_failed_account", key=account, dry_run=True):
        _pause(request, account)


def end_pause(request: HttpRequest, user: User) -> None:
    """The owner proved they hold the mailbox (password reset): password sign-in resumes."""
    for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        ratelimit.clear(request, action="login_failed_account", key=email.lower())
        cache.delete(_notice_key(email.lower()))
    logger.info("password sign-in resumed for user %s (password reset)", user.pk)


def _notice_key(account: str) -> str:
    return "jiha:login-paused:" + hashlib.sha256(account.encode()).hexdigest()


def _pause(request: HttpRequest, account: str) -> None:
    if not cache.add(_notice_key(account), True, timeout=PAUSE_NOTICE_INTERVAL):
        return  # the owner was already told during this pause
    address = (
        EmailAddress.objects.filter(email__iexact=account, verified=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    logger.warning(
        "password sign-in paused for %r after failures from several addresses; %s",
        account,
        "owner e-mailed" if address else "no such verified account",
    )
    if address is not None:
        _send_pause_notice(address.user, address.email)


def _send_pause_notice(user: User, email: str) -> None:
    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    with translation.override(user.preferred_language):
        # The site's own address, never the Host header of the attacker's request.
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": token},
        )
        get_adapter().send_mail(
            "account/email/login_paused",
            email,
            {"user": user, "password_reset_url": settings.SITE_URL.rstrip("/") + path},
        )
