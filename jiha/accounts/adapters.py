from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jiha.accounts import throttling


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        throttling.PAUSED: _(
            "Too many wrong passwords were tried on this account from several places: signing "
            "in with a password is paused for a while. If this is your account, we have sent "
            "you an e-mail with a link to sign in by choosing a new password."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "JIHA_SIGNUP_OPEN", True))

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address the trusted proxy saw; the socket's when the proxy chain is missing.

        allauth raises (a 500 on the login page) when X-Forwarded-For has fewer entries than
        trusted proxies or an unreadable one: such a request did not come through the chain.
        """
        try:
            return super().get_client_ip(request)
        except (ImproperlyConfigured, PermissionDenied):
            return str(request.META.get("REMOTE_ADDR") or "unknown")

    # Replaces allauth's single per-e-mail lock (docs/decisions/0004-login-throttling.md).
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        reason = throttling.refusal(request, throttling.account_key(credentials))
        if reason:
            raise self.validation_error(reason)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttling.record_failure(request, throttling.account_key(credentials))
