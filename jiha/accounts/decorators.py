"""View decorators: staff pages require a staff role and a TOTP-confirmed session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jiha.accounts.permissions import has_totp, is_staff_role_user, second_factor_url

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
