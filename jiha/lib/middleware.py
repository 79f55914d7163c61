"""Refuse oversized request bodies before any view or parser reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Answer 413 when Content-Length exceeds JIHA_MAX_REQUEST_BYTES.

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE only triggers when a view reads the body, and
    then as a generic 400; checking the declared length here gives a clear, early answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.JIHA_MAX_REQUEST_BYTES
        if any(marker in request.path for marker in settings.JIHA_UPLOAD_PATH_MARKERS):
            limit = settings.JIHA_MAX_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return payload_too_large(request, limit)
        return self.get_response(request)


class ApiLanguageMiddleware:
    """The API has no language prefix in its URLs: its messages follow Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def payload_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("The request body is larger than the limit of %(mb).0f MB.") % {
        "mb": limit / 1024 / 1024
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "payload_too_large", "message": message}, status=413)
    return render(request, "portal/error.html", {"status": 413, "message": message}, status=413)
