from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")


def test_it_lists_the_12_regions_with_three_names_and_the_census_total(client: Client) -> None:
    response = client.get("/api/regions")
    assert response.status_code == 200
    regions = response.json()
    assert [r["code"] for r in regions] == [f"MA-{n:02d}" for n in range(1, 13)]
    assert all(set(r["names"]) == {"fr", "ar", "en"} and all(r["names"].values()) for r in regions)
    assert sum(r["population_2024"] for r in regions) == 36_828_330
    assert regions[1]["names"]["fr"] == "L'Oriental"
    assert regions[0]["sources"]["census_2024"]["confidence"] == "official"


def test_it_sorts_by_population_when_asked(client: Client) -> None:
    regions = client.get("/api/regions", {"order": "-population_2024"}).json()
    assert regions[0]["code"] == "MA-06"
    assert regions[-1]["code"] == "MA-12"


def test_it_returns_one_region_with_its_provinces(client: Client) -> None:
    response = client.get("/api/regions/ma-03")
    assert response.status_code == 200
    region = response.json()
    assert region["code"] == "MA-03"
    assert region["capital"]["ar"] == "فاس"
    assert len(region["provinces"]) == 9
    assert {"code": "03.061", "kind": "prefecture"}.items() <= region["provinces"][0].items()


def test_it_answers_an_unknown_region_with_a_json_404(client: Client) -> None:
    response = client.get("/api/regions/MA-99")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unknown_region"
    assert "MA-99" in response.json()["message"]


def test_it_translates_error_messages_with_accept_language(client: Client) -> None:
    english = client.get("/api/regions/MA-99", headers={"accept-language": "en"}).json()
    french = client.get("/api/regions/MA-99", headers={"accept-language": "fr"}).json()
    assert english["message"] != french["message"]
    assert "inconnu" in french["message"].lower()


def test_it_rejects_a_malformed_query_parameter_with_a_422(client: Client) -> None:
    response = client.get("/api/regions", {"order": "'; DROP TABLE regions"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["details"][0]["location"] == ["query", "order"]


def test_it_refuses_an_oversized_body_with_a_413(client: Client) -> None:
    from django.conf import settings

    body = b"x" * (settings.JIHA_MAX_REQUEST_BYTES + 1)
    response = client.post("/api/regions", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_it_serves_the_boundaries_as_geojson(client: Client) -> None:
    collection = client.get("/api/regions/boundaries").json()
    assert collection["type"] == "FeatureCollection"
    assert sorted(f["properties"]["code"] for f in collection["features"]) == [
        f"MA-{n:02d}" for n in range(1, 13)
    ]


def test_it_publishes_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/regions/{code}" in schema["paths"]


def test_the_health_check_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
