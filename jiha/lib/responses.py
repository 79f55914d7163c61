"""Error answers, built in one place: JSON under /api/, the branded page everywhere else.

The page itself must never fail: when the layout cannot be rendered (a static file missing from
the production manifest, a database that does not answer while the session or the messages are
read), a plain page with the same status and message is sent instead of turning a 404 or a 503
into a 500.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from jiha.lib.dberrors import app_error_for_database_error
from jiha.lib.errors import AppError, ServiceUnavailable

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("jiha.security")  # authentication and authorisation events

# Seconds a client is asked to wait before retrying a 503.
RETRY_AFTER_SECONDS = 5


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, error: AppError) -> HttpResponse:
    """The answer for ``error``: its JSON shape for the API, else the branded error page.

    When the database is not answering, the page is rendered without reading the session, the
    user or the messages (each would wait for the database again).
    """
    unavailable = isinstance(error, ServiceUnavailable)
    if error.status in (401, 403):
        log_refusal(request, error.status, error.code)
    response: HttpResponse
    if is_api(request):
        response = JsonResponse(error.as_dict(), status=error.status)
    else:
        response = error_page(request, error.status, error.message, database_free=unavailable)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def log_refusal(request: HttpRequest, status: int, code: str) -> None:
    """Log a 401 or 403 on the security log (who, what, which refusal)."""
    user = getattr(request, "_cached_user", None) or getattr(request, "user", None)
    who = f"user {user.pk}" if user is not None and user.is_authenticated else "anonymous"
    security_logger.warning(
        "%s %s refused (%s %s) for %s", request.method, request.path, status, code, who
    )


def database_error_response(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The answer for a database error that is not a bug (timeout, outage, NUL), else None."""
    error = app_error_for_database_error(exc)
    if error is None:
        return None
    logger.warning("Database error on %s answered with %s: %s", request.path, error.status, exc)
    return error_response(request, error)


def error_page(
    request: HttpRequest, status: int, message: Any, *, database_free: bool = False
) -> HttpResponse:
    context: dict[str, Any] = {"status": status, "message": message}
    if database_free:
        context.update(user=_user_if_loaded(request), messages=())
    try:
        return render(request, "portal/error.html", context, status=status)
    except Exception:
        logger.exception("The error page could not be rendered; sending the plain one")
        plain = render_to_string("portal/error_plain.html", {"status": status, "message": message})
        return HttpResponse(plain, status=status)


def _user_if_loaded(request: HttpRequest) -> Any:
    """The user already read by this request, else anonymous (reading it needs the database)."""
    return getattr(request, "_cached_user", None) or AnonymousUser()
