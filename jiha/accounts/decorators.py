"""View decorators: staff pages require a staff role and a TOTP-confirmed session; and what
a staff user whose session is not confirmed is offered (the banner, the 403 page)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from jiha.accounts.permissions import (
    SecondFactorRequired,
    has_totp,
    is_staff_role_user,
    second_factor_url,
)
from jiha.lib.errors import PermissionDenied as AppPermissionDenied

View = Callable[..., HttpResponse]


def second_factor_redirect(request: HttpRequest, next_url: str) -> HttpResponse:
    """Send a signed-in staff user to set up TOTP, or to confirm this session with it."""
    if not is_staff_role_user(request.user):
        raise PermissionDenied
    if not has_totp(request.user):
        messages.warning(
            request,
            _("Staff pages require two-factor authentication: set up an authenticator app."),
        )
    else:
        messages.info(request, _("Confirm this session with your authenticator app to continue."))
    return redirect(second_factor_url(request.user, next_url))


def staff_required(view: View) -> View:
    """Staff roles only, and only in a session confirmed with TOTP.

    A staff user whose session is not confirmed is sent to confirm it when they open a page
    (and brought back), and refused with the explanation (403) when they post an action.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_role_user(request.user):
            raise PermissionDenied
        if request.user.staff_powers_dormant:
            if request.method in ("GET", "HEAD"):
                return second_factor_redirect(request, request.get_full_path())
            raise PermissionDenied  # the 403 handler explains the second factor
        return view(request, *args, **kwargs)

    return wrapper


def _return_url(request: HttpRequest) -> str:
    """Where to come back after confirming: this page, or the page the refused form was on."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("accounts:dashboard")


def second_factor_links(request: HttpRequest) -> dict[str, object]:
    """What the banner and the 403 page offer a staff user whose session is not confirmed."""
    return {
        "has_totp": has_totp(request.user),
        "url": second_factor_url(request.user, _return_url(request)),
    }


def second_factor_required(request: HttpRequest) -> HttpResponse:
    """The 403 page for a staff action refused because the session is not confirmed."""
    context = {"message": SecondFactorRequired().message, **second_factor_links(request)}
    return render(request, "accounts/second_factor_required.html", context, status=403)


def recent_reauthentication_required(view: View) -> View:
    """Sensitive changes (roles, memberships, legal parameter values, payment batches): a
    change (any method but GET) needs the user to have proved who they are — password, or TOTP
    when they have it — within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds. Otherwise allauth
    sends them to re-authenticate and back (ASVS V6.3/V7.5). Put it under ``staff_required``
    (or any access check), so that those with no access are refused before being asked."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") and not recently_authenticated(request):
            # allauth's AccountMiddleware sends to its re-authentication page (TOTP for
            # those who have it) and back.
            raise ReauthenticationRequired
        return view(request, *args, **kwargs)

    return wrapper


class ReauthenticationNeeded(AppPermissionDenied):
    """The API's answer to a sensitive change in a session that has not re-authenticated
    recently: pages are sent to allauth's re-authentication page instead."""

    code = "reauthentication_required"

    def __init__(self) -> None:
        super().__init__(
            _(
                "This change needs you to confirm who you are again (password or "
                "authenticator code) on %(url)s, then to send it again within %(minutes)s "
                "minutes. Nothing was changed."
            )
            % {
                "url": reverse("account_reauthenticate"),
                "minutes": max(1, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT // 60),
            }
        )


def reauthentication_check(request: HttpRequest) -> None:
    """For API operations making a sensitive change (payment batches): refuse, changing
    nothing, unless this session proved who its user is within the re-authentication timeout.
    An API token never counts as a recent proof."""
    if getattr(request.user, "token_organisation_id", None) is not None:
        raise ReauthenticationNeeded
    if not recently_authenticated(request):
        raise ReauthenticationNeeded


# Where allauth records how and when this session authenticated (sign-in, re-authentication).
AUTHENTICATION_RECORDS = "account_authentication_methods"


def recently_authenticated(request: HttpRequest) -> bool:
    """Did this session's user sign in or re-authenticate within the re-authentication
    timeout? (allauth's own check counts re-authentications only: a fresh sign-in counts too.)"""
    if not request.user.is_authenticated:
        return False
    records = request.session.get(AUTHENTICATION_RECORDS) or []
    last = max((float(record.get("at", 0)) for record in records), default=0.0)
    return time.time() - last < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


def shared_cache_allowed(view: View) -> View:
    """Opt a view out of ``Cache-Control: no-store`` for signed-in users: only for answers
    that hold nothing personal or confidential (public figures, static documents)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.shared_cache_allowed = True  # type: ignore[attr-defined]
        return response

    return wrapper
