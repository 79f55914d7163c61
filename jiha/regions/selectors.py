"""Reads for the reference geography."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from jiha.lib.errors import NotFound
from jiha.regions.models import Region
from jiha.regions.services import GEOJSON_PATH


def region_list() -> QuerySet[Region]:
    return Region.objects.select_related(
        "names_source", "census_2024_source", "census_2014_source"
    ).order_by("code")


def region_get(code: str) -> Region:
    """The region with ISO code ``code`` (case-insensitive), or a NotFound error."""
    region = region_list().filter(code__iexact=code.strip()).first()
    if region is None:
        raise NotFound(
            _("Unknown region code %(code)s: use MA-01 to MA-12.") % {"code": code[:20]},
            code="unknown_region",
        )
    return region


def region_codes() -> list[str]:
    """The ISO codes of the regions, in order: the territories every regional table covers."""
    return list(Region.objects.order_by("code").values_list("code", flat=True))


def region_names() -> dict[str, str]:
    """Each region's name in the active language, by ISO code (one query)."""
    return {region.code: region.name for region in Region.objects.order_by("code")}


def national_totals() -> dict[str, int]:
    totals = Region.objects.aggregate(
        population_2024=Sum("population_2024"),
        population_2014=Sum("population_2014"),
        households_2024=Sum("households_2024"),
    )
    return {key: int(value or 0) for key, value in totals.items()}


@cache
def region_geojson() -> dict[str, Any]:
    """The simplified region boundaries shipped with Jiha (see data/ATTRIBUTION.md)."""
    data: dict[str, Any] = json.loads((GEOJSON_PATH).read_text(encoding="utf-8"))
    return data
