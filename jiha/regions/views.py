"""Pages: the list of regions and one region's profile, each with a choropleth map."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jiha.lib.errors import NotFound
from jiha.regions import selectors
from jiha.regions.models import Region


def map_rows(regions: Iterable[Region]) -> list[dict[str, Any]]:
    """What the map script colours: one row per region, in the active language."""
    return [
        {
            "code": r.code,
            "name": r.name,
            "value": r.population_2024,
            "display": intcomma(r.population_2024),
            "url": reverse("regions:detail", kwargs={"code": r.code}),
        }
        for r in regions
    ]


def region_list(request: HttpRequest) -> HttpResponse:
    regions = list(selectors.region_list())
    context = {
        "regions": regions,
        "totals": selectors.national_totals(),
        "map_rows": map_rows(regions),
    }
    return render(request, "regions/list.html", context)


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = selectors.region_get(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    regions = list(selectors.region_list())
    totals = selectors.national_totals()
    ranked = sorted(regions, key=lambda r: r.population_2024, reverse=True)
    context = {
        "region": region,
        "provinces": region.provinces.order_by("-population_2024"),
        "totals": totals,
        "share_2024": region.population_2024 / totals["population_2024"] * 100,
        "rank_2024": ranked.index(region) + 1,
        "map_rows": map_rows(regions),
        "key_figures": _key_figures(region),
    }
    return render(request, "regions/detail.html", context)


def _key_figures(region: Region) -> list[dict[str, Any]]:
    # The observatory builds on the reference geography, not the reverse: import at call time.
    from jiha.observatory.selectors import region_key_figures

    return region_key_figures(region)
