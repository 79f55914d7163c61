"""The HTTP API (django-ninja): routers from each app, and the one place errors become JSON."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

import jiha
from jiha.accounts.api import router as accounts_router
from jiha.accounts.permissions import explain_refusal
from jiha.competitiveness.api import router as competitiveness_router
from jiha.config.openapi import JihaAPI
from jiha.exports.api import router as exports_router
from jiha.incentives.api import router as incentives_router
from jiha.lib.errors import AppError
from jiha.lib.responses import database_error_response, error_response, log_refusal
from jiha.observatory.api import router as observatory_router
from jiha.programme.api import router as programme_router
from jiha.reforms.api import router as reforms_router
from jiha.regions.api import router as regions_router
from jiha.talent.api import router as talent_router

logger = logging.getLogger(__name__)

api = JihaAPI(
    title="Jiha API",
    version=jiha.__version__,
    description=(
        "Open data and services of Morocco's regional offshoring programme. Errors are JSON "
        'objects `{"code": …, "message": …}`; messages follow the Accept-Language header '
        "(fr, ar, en). Signed-in operations accept the browser's session or an API token "
        "(`Authorization: Bearer jiha_…`, created on the *API tokens* page): a token acts for "
        "one organisation, reads only or also writes, expires, and never carries staff powers."
    ),
    urls_namespace="api",
)
api.add_router("/regions", regions_router, tags=["regions"])
api.add_router("/accounts", accounts_router, tags=["accounts"])
api.add_router("/incentives", incentives_router, tags=["incentives"])
api.add_router("/competitiveness", competitiveness_router, tags=["competitiveness"])
api.add_router("/reforms", reforms_router, tags=["reforms"])
api.add_router("/exports", exports_router, tags=["exports"])
api.add_router("/programme", programme_router, tags=["programme"])
api.add_router("/talent", talent_router, tags=["talent"])
api.add_router("", observatory_router, tags=["observatory"])


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(AppError)
def on_app_error(request: HttpRequest, exc: AppError) -> HttpResponse:
    return error_response(request, explain_refusal(request.user, exc))


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {
            "location": [str(part) for part in error.get("loc", ())],
            "message": str(error.get("msg", "")),
        }
        for error in exc.errors
    ]
    return _error(
        request, 422, "invalid_input", _("Some parameters are missing or invalid."), details=details
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    log_refusal(request, 401, "not_authenticated")
    return _error(request, 401, "not_authenticated", _("Authentication is required."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and exc.__cause__ is not None:
        # django-ninja could not parse the body (not JSON, not UTF-8, nested too deep): its
        # own message is in English only.
        return _error(
            request,
            400,
            "malformed_body",
            _("The request body cannot be read: send a JSON object encoded in UTF-8."),
        )
    return _error(request, exc.status_code, "http_error", str(exc))


@api.exception_handler(RequestDataTooBig)
def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "payload_too_large", _("The request body is too large."))


@api.exception_handler(MultiPartParserError)
def on_malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(
        request,
        400,
        "malformed_body",
        _("The multipart/form-data body cannot be read (missing or invalid boundary)."),
    )


@api.exception_handler(SuspiciousOperation)
@api.exception_handler(BadRequest)
def on_bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 400, "bad_request", _("The request could not be understood."))


@api.exception_handler(DatabaseError)
def on_database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    return database_error_response(request, exc) or on_unexpected(request, exc)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unexpected API error on %s", request.path)
    return _error(
        request, 500, "server_error", _("An unexpected error occurred. It has been logged.")
    )
