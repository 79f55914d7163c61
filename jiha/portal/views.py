"""Home page and the error handlers (a user never sees a traceback)."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n

from jiha.accounts.decorators import second_factor_required
from jiha.lib.errors import AppError, NotFound, PermissionDenied
from jiha.lib.responses import database_error_response, error_response, is_api
from jiha.portal.regions import regions_overview
from jiha.portal.search import MAX_QUERY, MIN_QUERY, Hit, fold, site_search


def home(request: HttpRequest) -> HttpResponse:
    context = regions_overview()
    found = context["regions"]
    context["census_source"] = found[0].census_2024_source if found else None
    return render(request, "portal/home.html", context)


def search(request: HttpRequest) -> HttpResponse:
    """Site search (GET ``q``): results grouped by kind, in the user's language."""
    query = request.GET.get("q", "").strip()
    error = ""
    results: dict[str, list[Hit]] = {}
    if len(query) > MAX_QUERY:
        error = _("A search has at most %(n)s characters.") % {"n": MAX_QUERY}
    elif "\x00" in query:
        error = _("The search holds a character that cannot be searched.")
    elif query and len(fold(query)) < MIN_QUERY:
        error = _("Type at least two letters.")
    elif query:
        results = site_search(query)
    groups = [
        (kind, label, results.get(kind, []))
        for kind, label in (
            ("region", _("Regions")),
            ("indicator", _("Indicators")),
            ("dataset", _("Datasets")),
            ("parameter", _("Legal parameters")),
        )
    ]
    context = {
        "query": query[:MAX_QUERY],
        "error": error,
        "groups": groups,
        "total": sum(len(hits) for hits in results.values()),
        "max_query": MAX_QUERY,
    }
    return render(request, "portal/search.html", context, status=422 if error else 200)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, reading the page the visitor came from in that page's language.

    Django translates ``next`` by resolving it in the language active for this request, which for
    ``/i18n/setlang/`` comes from the cookie: a visitor who opened a shared ``/en/…`` or
    ``/ar/…`` link (no cookie yet) was sent back to the same page in the same language. The
    page's own prefix says which language its path is in (no prefix: French).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    path = urlsplit(target).path
    translation.activate(translation.get_language_from_path(path) or settings.LANGUAGE_CODE)
    return i18n.set_language(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(request, AppError(_("The request could not be understood.")))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if getattr(getattr(request, "user", None), "staff_powers_dormant", False):
        return second_factor_required(request)
    return error_response(
        request, PermissionDenied(_("You do not have permission to see this page."))
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        message = _("There is no API operation at this address: see /api/docs.")
    else:
        message = _("This page does not exist.")
    return error_response(request, NotFound(message))


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this handler while handling the exception: a database timeout raised outside
    # a view (a middleware reading the session) is still a 503, not a 500.
    exception = sys.exc_info()[1]
    if exception is not None and (response := database_error_response(request, exception)):
        return response
    error = AppError(
        _("An unexpected error occurred. It has been logged."), code="server_error", status=500
    )
    return error_response(request, error)
