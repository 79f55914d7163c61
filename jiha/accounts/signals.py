"""Authentication events, logged (never a password, a code or a secret)."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.signals import password_reset, user_logged_in
from allauth.mfa.signals import (
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
    authenticator_used,
)
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from jiha.accounts import throttling
from jiha.accounts.models import User
from jiha.lib.clientip import client_ip

logger = logging.getLogger("jiha.security")  # authentication and authorisation events


@receiver(user_logged_in)
def on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    logger.info("login succeeded for user %s from %s", user.pk, client_ip(request))


@receiver(user_logged_out)
def on_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        logger.info("logout of user %s from %s", user.pk, client_ip(request))


@receiver(password_reset)
def on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    logger.info("password reset by user %s from %s", user.pk, client_ip(request))
    throttling.end_pause(request, user)


@receiver(authenticator_added)
@receiver(authenticator_removed)
@receiver(authenticator_reset)
def on_second_factor_change(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, signal: Any, **kwargs: Any
) -> None:
    change = {
        authenticator_added: "added",
        authenticator_removed: "removed",
        authenticator_reset: "reset",
    }[signal]
    logger.info(
        "second factor %s (%s) %s by user %s from %s",
        authenticator.pk,
        authenticator.type,
        change,
        user.pk,
        client_ip(request),
    )


@receiver(authenticator_used)
def on_second_factor_used(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    purpose = "session confirmed" if kwargs.get("reauthenticated") else "login"
    logger.info(
        "second factor (%s) used by user %s from %s: %s",
        authenticator.type,
        user.pk,
        client_ip(request),
        purpose,
    )
