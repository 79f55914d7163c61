"""Request guards that answer before any view runs, and the mapping of database outages."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from jiha.lib.dberrors import NUL_CHARACTER_MESSAGE
from jiha.lib.errors import AppError
from jiha.lib.responses import database_error_response, error_response


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


class LanguageRoutingMiddleware:
    """French pages have no prefix (``/regions/``); the two other languages have theirs.

    - ``/fr/…`` is the French page's other address: it redirects to the unprefixed one and
      remembers French (so the browser's language does not send the visitor elsewhere).
    - A visitor who has not chosen a language (no language cookie) and whose browser prefers
      Arabic or English (Accept-Language) is sent from an unprefixed page to ``/ar/…`` or
      ``/en/…``. A chosen language (the switch in the header sets the cookie) always wins.
    Only GET and HEAD requests of pages are redirected: the API, static files and forms' posts
    never are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and "\x00" not in request.path_info:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _redirect(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path_info
        query = request.META.get("QUERY_STRING", "")
        suffix = f"?{query}" if query else ""
        default = settings.LANGUAGE_CODE
        if path == f"/{default}" or path.startswith(f"/{default}/"):
            unprefixed = path[len(default) + 1 :] or "/"
            if not _is_page(unprefixed, default, request):
                return None
            response = HttpResponseRedirect(
                f"{request.META.get('SCRIPT_NAME', '')}{unprefixed}{suffix}"
            )
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, default, samesite="Lax", max_age=365 * 24 * 3600
            )
            return response
        if translation.get_language_from_path(path) is not None:
            return None
        language = translation.get_language_from_request(request, check_path=False)[:2]
        if language == default or language not in dict(settings.LANGUAGES):
            return None
        prefixed = f"/{language}{path}"
        if not _is_page(prefixed, language, request):
            return None  # not a translated page (API, health check, static file …)
        response = HttpResponseRedirect(f"{request.META.get('SCRIPT_NAME', '')}{prefixed}{suffix}")
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def _is_page(path: str, language: str, request: HttpRequest) -> bool:
    """Does ``path`` resolve? (Language prefixes resolve only for the active language.)"""
    with translation.override(language):
        return bool(is_valid_path(path, getattr(request, "urlconf", None)))


class NulCharacterMiddleware:
    """Refuse a NUL character in the path or the query string with a 400.

    No address or filter legitimately holds one, and PostgreSQL refuses it in any text value:
    answering here keeps every view and filter from turning it into a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query or _json_body_holds_nul(request):
            return error_response(request, AppError(NUL_CHARACTER_MESSAGE, code="nul_character"))
        return self.get_response(request)


# "\u0000" in JSON text, not preceded by an escaped backslash ("\\u0000" is the six characters).
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _json_body_holds_nul(request: HttpRequest) -> bool:
    """A JSON body with a NUL, raw or escaped: Django's forms refuse it in every text field
    (ProhibitNullCharactersValidator), the API's schemas do not, and SQLite would store it
    where PostgreSQL refuses it."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.content_type != "application/json":
        return False
    try:
        body = request.body
    except Exception:  # too big or unreadable: the API's own handlers answer that  # noqa: BLE001
        return False
    return b"\x00" in body or bool(_JSON_NUL.search(body))


class DatabaseErrorMiddleware:
    """A database error that is not a bug, raised in a view (a lock or statement timeout, a
    database out of reach: 503; a NUL character: 400), becomes a clear answer (branded page, or
    JSON under /api/) instead of a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return database_error_response(request, exception)


def payload_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = _("The request body is larger than the limit of %(mb).0f MB.") % {
        "mb": limit / 1024 / 1024
    }
    return error_response(request, AppError(message, code="payload_too_large", status=413))
