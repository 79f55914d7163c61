from __future__ import annotations

from jiha.regions.selectors import region_geojson
from jiha.regions.services import GEOJSON_PATH


def _points(feature: dict) -> list[list[float]]:
    geometry = feature["geometry"]
    rings = (
        geometry["coordinates"]
        if geometry["type"] == "Polygon"
        else [ring for polygon in geometry["coordinates"] for ring in polygon]
    )
    return [point for ring in rings for point in ring]


def test_it_ships_one_small_feature_per_region_with_attribution() -> None:
    collection = region_geojson()
    assert GEOJSON_PATH.stat().st_size < 200_000
    assert "HCP" in collection["attribution"]
    assert [f["properties"]["code"] for f in collection["features"]] == [
        f"MA-{n:02d}" for n in range(1, 13)
    ]


def test_every_boundary_is_a_closed_ring_inside_morocco() -> None:
    for feature in region_geojson()["features"]:
        points = _points(feature)
        assert len(points) >= 4, feature["properties"]["code"]
        assert all(-17.5 <= x <= -0.9 and 20.7 <= y <= 36.2 for x, y in points)


def test_neighbouring_regions_share_boundary_points() -> None:
    # Topology-preserving simplification: Fès-Meknès and L'Oriental still touch.
    features = {f["properties"]["code"]: f for f in region_geojson()["features"]}
    fes = {tuple(p) for p in _points(features["MA-03"])}
    oriental = {tuple(p) for p in _points(features["MA-02"])}
    casablanca = {tuple(p) for p in _points(features["MA-06"])}
    assert len(fes & oriental) >= 2
    assert not casablanca & oriental
