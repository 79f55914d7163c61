"""Home page and the error pages (a user never sees a traceback)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jiha.accounts.views import second_factor_required
from jiha.regions import selectors as regions
from jiha.regions.views import map_rows


def home(request: HttpRequest) -> HttpResponse:
    region_list = list(regions.region_list())
    context = {
        "regions": region_list,
        "totals": regions.national_totals(),
        "map_rows": map_rows(region_list),
        "census_source": region_list[0].census_2024_source if region_list else None,
    }
    return render(request, "portal/home.html", context)


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(
        request, "portal/error.html", {"status": status, "message": message}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if getattr(getattr(request, "user", None), "staff_powers_dormant", False):
        return second_factor_required(request)
    return _error(request, 403, _("You do not have permission to see this page."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("This page does not exist."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("An unexpected error occurred. It has been logged."))
