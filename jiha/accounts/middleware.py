"""Staff powers wake up only in a session confirmed with the second factor; sessions end when
idle or old; answers to signed-in users are never stored by a cache."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from jiha.accounts.models import User
from jiha.accounts.permissions import has_verified_second_factor

security_logger = logging.getLogger("jiha.security")


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


# Keys of the session where the timeouts are measured (seconds since the epoch).
SESSION_STARTED = "jiha.session.started"
SESSION_SEEN = "jiha.session.seen"
# The last-seen time is written at most this often: a session is not saved on every request.
SEEN_GRANULARITY = 60


class SessionTimeoutMiddleware:
    """End a signed-in session idle for ``JIHA_SESSION_IDLE_SECONDS``, or older than
    ``JIHA_SESSION_ABSOLUTE_SECONDS`` whatever its use (OWASP ASVS 5.0 V7.3). The request
    then goes on as an anonymous one: pages that need an account send to the sign-in page, the
    API answers 401. Must come after ``AuthenticationMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        idle, age = now - seen, now - started
        if (
            idle > settings.JIHA_SESSION_IDLE_SECONDS
            or age > settings.JIHA_SESSION_ABSOLUTE_SECONDS
        ):
            reason = "idle" if idle > settings.JIHA_SESSION_IDLE_SECONDS else "absolute"
            security_logger.info(
                "session of user %s ended: %s timeout (idle %ss, age %ss)",
                request.user.pk,
                reason,
                idle,
                age,
            )
            logout(request)
        elif SESSION_SEEN not in session or now - seen >= SEEN_GRANULARITY:
            session[SESSION_SEEN] = now


class PrivateNoStoreMiddleware:
    """``Cache-Control: no-store, private`` on every answer to a signed-in user (pages and API
    alike can hold personal or confidential data; ASVS V14.3). A view whose answer holds
    nothing personal may opt out with :func:`jiha.accounts.decorators.shared_cache_allowed`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and not getattr(response, "shared_cache_allowed", False):
            patch_cache_control(response, no_store=True, private=True)
            response.headers.pop("Expires", None)
        return response
