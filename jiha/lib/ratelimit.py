"""Per-client rate limits, shared by every process through the Django cache (Redis in
production), counted by django-ratelimit.

A client is its account when signed in, else its address as the trusted proxy saw it
(:func:`jiha.lib.clientip.client_ip`), so one abuser behind the proxy does not exhaust the
limit of everyone else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from jiha.lib.clientip import client_ip

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def client_key(group: str, request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def retry_after(request: HttpRequest, *, group: str, rate: str) -> int | None:
    """Count this request against ``rate`` (``"20/m"``); seconds to wait when over it.

    If the cache cannot be reached the request goes through: the work each request may ask
    for is bounded anyway, and an outage of Redis must not take the service down with it.
    """
    try:
        usage = get_usage(request, group=group, key=client_key, rate=rate, increment=True)
    except Exception:  # the cache backend's own errors (e.g. redis.ConnectionError)
        logger.exception("Rate limit %s not checked: the cache is unreachable", group)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(int(usage["time_left"]), 1)


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    message = _("Too many requests: try again in %(seconds)s seconds.") % {"seconds": seconds}
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "rate_limited", "message": message}, status=429)
    else:
        context = {"status": 429, "message": message}
        response = render(request, "portal/error.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(group: str, *, rate_setting: str, methods: tuple[str, ...] = ("POST",)) -> Any:
    """Answer 429 with ``Retry-After`` to a client over the rate named by ``rate_setting``,
    before the view (or the API's body parsing) runs."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                rate = getattr(settings, rate_setting)
                seconds = retry_after(request, group=group, rate=rate)
                if seconds is not None:
                    return too_many_requests(request, seconds)
            return view(request, *args, **kwargs)

        return wrapped

    # The API's OpenAPI document lists 429 for operations decorated with this
    # (jiha.config.openapi.error_statuses).
    decorator.answers_too_many_requests = True  # type: ignore[attr-defined]
    return decorator
