"""Staff powers wake up only in a session confirmed with the second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse

from jiha.accounts.models import User
from jiha.accounts.permissions import has_verified_second_factor


class SecondFactorMiddleware:
    """Tell the request's user whether this session passed the second factor.

    Every permission check (roles, the superuser short-cut, model permissions) reads
    ``User.staff_powers_dormant``, so pages, the API and the admin follow without each view
    checking TOTP itself. The check runs on first use only: most requests never need it.
    Must come after ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User):  # evaluates the lazy user; anonymous users have no powers
            user.session_second_factor = cache(lambda: has_verified_second_factor(request))
        return self.get_response(request)
