"""A region's fact sheet: what it shows (gathered through each app's selectors), the region map
drawn as SVG on the server from the region GeoJSON, and the PDF (jiha.lib.pdf).

See docs/decisions/0016-fact-sheets.md.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from jiha.competitiveness import selectors as competitiveness
from jiha.incentives import engine_io as incentives
from jiha.legislation.vocabulary import ACTIVITIES, NO_PARK, PARKS
from jiha.lib.pdf import render_pdf
from jiha.observatory import selectors as observatory
from jiha.programme import selectors
from jiha.regions import selectors as regions
from jiha.talent import selectors as talent

MAP_WIDTH = 260.0
OFFSHORING_ACTIVITIES = tuple(code for code in ACTIVITIES.codes if code != "other")


def talent_pipeline(code: str) -> dict[str, Any]:
    """The region's talent pipeline from the talent app's selector: ``pipeline`` is None (no
    talent figure in the region) or a dict with ``candidates``, ``enrolments``,
    ``completions``, ``placements`` (each None when withheld, below 3)."""
    return {"connected": True, "pipeline": talent.region_pipeline(code)}


@cache
def _projected() -> tuple[dict[str, list[list[tuple[float, float]]]], tuple[float, float]]:
    """Every region's rings in map units (equirectangular, scaled by the cosine of the mean
    latitude), the map fitted to MAP_WIDTH; and the map's size."""
    features = regions.region_geojson()["features"]
    rings: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        rings[feature["properties"]["code"]] = [polygon[0] for polygon in polygons]
    points = [p for shapes in rings.values() for ring in shapes for p in ring]
    lats = [lat for _lon, lat in points]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x = min(lon for lon, _ in points) * k, max(lon for lon, _ in points) * k
    min_lat, max_lat = min(lats), max(lats)
    scale = MAP_WIDTH / (max_x - min_x)
    projected = {
        code: [
            [((lon * k - min_x) * scale, (max_lat - lat) * scale) for lon, lat in ring]
            for ring in shapes
        ]
        for code, shapes in rings.items()
    }
    return projected, (MAP_WIDTH, (max_lat - min_lat) * scale)


def region_map_svg(code: str, title: str) -> SafeString:
    """The 12 regions, ``code`` filled: inline SVG (no browser, no network)."""
    projected, (width, height) = _projected()
    paths = []
    for region, shapes in sorted(projected.items()):
        d = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + " Z" for ring in shapes)
        fill = "#0d6efd" if region == code else "#e9ecef"
        paths.append(f'<path d="{d}" fill="{fill}" stroke="#6c757d" stroke-width="0.5"/>')
    return mark_safe(  # noqa: S308 - built from our own GeoJSON numbers and an escaped title
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}"><title>{escape(title)}</title>'
        + "".join(paths)
        + "</svg>"
    )


def incentives_at(code: str, language: str, year: int) -> list[dict[str, Any]]:
    """The income-tax cap the rules give an offshoring company at each place of the region
    (its parks, and outside every park), by activity: one simulation per activity."""
    places = [p.code for p in PARKS.in_region(code)] + [NO_PARK]
    locations = [incentives.Location(region=code, park=place) for place in places]
    years = incentives.years_covered()
    year = min(max(year, years.start), years.stop - 1)
    rates = {
        activity: incentives.income_tax_cap_rates(locations, activity=activity, year=year)
        for activity in OFFSHORING_ACTIVITIES
    }
    return [
        {
            "place": PARKS.label(place, language),
            "year": year,
            "rates": [(ACTIVITIES.label(a, language), rates[a][i] * 100) for a in rates],
        }
        for i, place in enumerate(places)
    ]


def factsheet_context(code: str, language: str) -> dict[str, Any]:
    """What the fact sheet shows, read in ``language`` (call inside translation.override)."""
    programme = selectors.region_programme(code)
    region = programme["region"]
    figures = observatory.region_key_figures(region.code)
    today = timezone.localdate()
    versions = sorted({f["version"].pk for f in figures})
    kpis = [k for w in programme["workstreams"] for i in w["initiatives"] for k in i["kpis"]]
    return {
        **programme,
        "figures": figures,
        "standing": competitiveness.region_standing(region.code),
        "incentives": incentives_at(region.code, language, today.year),
        "talent": talent_pipeline(region.code),
        "map_svg": region_map_svg(region.code, region.name),
        "kpis": kpis,
        "generated_on": today,
        "versions": versions,
        "synthetic_data": programme["synthetic"]
        or any(f["version"].dataset.synthetic for f in figures),
    }


def factsheet_render(code: str, language: str) -> tuple[bytes, list[int]]:
    """The fact sheet's PDF in ``language`` and the dataset versions it read."""
    from django.utils import translation

    with translation.override(language):
        context = factsheet_context(code, language)
    return render_pdf("programme/factsheet.html", context, language=language), context["versions"]
