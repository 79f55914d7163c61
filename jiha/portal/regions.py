"""Region pages: the list of regions and one region's profile, each with a choropleth map.

The portal assembles them: the reference geography from the regions app, then one section per
app that has something to say about a region, each from that app's selectors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jiha.competitiveness import selectors as competitiveness
from jiha.lib.errors import NotFound
from jiha.observatory import selectors as observatory
from jiha.programme import selectors as programme
from jiha.regions import selectors as regions
from jiha.regions.models import Region
from jiha.talent import selectors as talent


@dataclass(frozen=True)
class RegionSection:
    """A part of a region's page: an app's selector (region code → what to show, empty when
    it has nothing) and the template that shows it (as ``data``)."""

    template: str
    data: Callable[[str], Any]


# In page order. A new app adds its line here (programme and talent will).
REGION_SECTIONS = (
    RegionSection("observatory/includes/region_figures.html", observatory.region_key_figures),
    RegionSection("competitiveness/includes/region_standing.html", competitiveness.region_standing),
    RegionSection("programme/includes/region_initiatives.html", programme.region_initiatives),
    RegionSection("talent/includes/region_talent.html", talent.region_talent),
)


def map_rows(region_list: Iterable[Region]) -> list[dict[str, Any]]:
    """What the map script colours: one row per region, in the active language."""
    return [
        {
            "code": r.code,
            "name": r.name,
            "value": r.population_2024,
            "display": intcomma(r.population_2024),
            "url": reverse("regions:detail", kwargs={"code": r.code}),
        }
        for r in region_list
    ]


def regions_overview() -> dict[str, Any]:
    """The 12 regions, the national totals and the map's rows (home and region list)."""
    found = list(regions.region_list())
    return {"regions": found, "totals": regions.national_totals(), "map_rows": map_rows(found)}


def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/regions/list.html", regions_overview())


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        region = regions.region_get(code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    overview = regions_overview()
    ranked = sorted(overview["regions"], key=lambda r: r.population_2024, reverse=True)
    context = {
        **overview,
        "region": region,
        "provinces": region.provinces.order_by("-population_2024"),
        "share_2024": region.population_2024 / overview["totals"]["population_2024"] * 100,
        "rank_2024": ranked.index(region) + 1,
        "sections": [
            {"template": section.template, "data": data}
            for section in REGION_SECTIONS
            if (data := section.data(region.code))
        ],
    }
    return render(request, "portal/regions/detail.html", context)


def _compare_side(
    region: Region, totals: dict[str, int], latest: observatory.LatestValues
) -> dict[str, Any]:
    figures = observatory.region_key_figures(region.code, latest)
    return {
        "region": region,
        "share_2024": region.population_2024 / totals["population_2024"] * 100,
        "figures": {f["indicator"].code: f for f in figures},
        "standing": competitiveness.region_standing(region.code),
    }


def region_compare(request: HttpRequest) -> HttpResponse:
    """Two regions side by side (``?a=MA-01&b=MA-06``): census figures, every key figure with
    Morocco's and its source, and the index. A link reproduces the comparison."""
    found = list(regions.region_list())
    by_code = {r.code: r for r in found}
    chosen = {side: request.GET.get(side, "").strip() for side in ("a", "b")}
    errors = {
        side: _("Choose one of the 12 regions.")
        for side, code in chosen.items()
        if code and code not in by_code
    }
    if not errors and chosen["a"] and chosen["a"] == chosen["b"]:
        errors["b"] = _("Choose a region other than the first one.")
    context: dict[str, Any] = {"regions": found, "chosen": chosen, "errors": errors}
    if not errors and chosen["a"] and chosen["b"]:
        totals = regions.national_totals()
        # Both sides from one read of the latest values (the same figures, read once).
        latest = observatory.latest_values(national=True)
        a = _compare_side(by_code[chosen["a"]], totals, latest)
        b = _compare_side(by_code[chosen["b"]], totals, latest)
        codes = sorted(
            set(a["figures"]) | set(b["figures"]),
            key=lambda code: (
                (a["figures"].get(code) or b["figures"][code])["indicator"].theme,
                code,
            ),
        )
        context.update(
            {
                "a": a,
                "b": b,
                "totals": totals,
                "rows": [
                    {
                        "indicator": (a["figures"].get(code) or b["figures"][code])["indicator"],
                        "cells": cells,
                        "national": next(f["national"] for f in cells if f),
                        "sources": list(dict.fromkeys(f["version"] for f in cells if f)),
                    }
                    for code in codes
                    if (cells := [a["figures"].get(code), b["figures"].get(code)])
                ],
            }
        )
    status = 400 if errors else 200
    return render(request, "portal/regions/compare.html", context, status=status)
