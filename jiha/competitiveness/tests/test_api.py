"""The competitiveness API: editions, scores with rank intervals and pillar scores, and the
advisor — the same answers as the pages, bounded, and documented in the OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from jiha.competitiveness import engine_io
from jiha.competitiveness.models import IndexEdition
from jiha.competitiveness.services import edition_build
from jiha.competitiveness.tests.test_advisor import QUERY
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.django_db
BRIEF = {
    "headcount": {"bpo": 100},
    "activity": "BPO",
    "start_year": 2026,
    "horizon_years": 5,
    "languages": ["french"],
    "m2_per_seat": 8,
    "discount_rate": 8,
    "other_cost_per_seat": 0,
}


@pytest.fixture
def edition(reference: None, monkeypatch: pytest.MonkeyPatch) -> IndexEdition:
    original = engine_io.load_framework

    def small(code: str) -> dict[str, Any]:
        framework = original(code)
        uncertainty = {**framework["uncertainty"], "replications": 100, "sobol_n": 32}
        return {**framework, "uncertainty": uncertainty}

    monkeypatch.setattr(engine_io, "load_framework", small)
    observatory_reference_load()
    demo_costs_create()
    return edition_build(actor=None)


def _advise(client: Client, body: dict[str, Any], **headers: str) -> Any:
    return client.post(
        "/api/competitiveness/advisor", json.dumps(body), "application/json", headers=headers
    )


def test_it_lists_the_editions_and_gives_one(client: Client, edition: IndexEdition) -> None:
    listed = client.get("/api/competitiveness/editions").json()
    assert [e["id"] for e in listed] == [edition.pk]
    assert listed[0]["synthetic"] is True
    assert {"dataset": "demo-salaries-rents", "number": 1} in listed[0]["versions"]
    one = client.get(f"/api/competitiveness/editions/{edition.pk}").json()
    rules = [i for i in one["indicators"] if i["source"] == "rules"]
    assert [(i["code"], i["pillar"], i["direction"]) for i in rules] == [
        ("ir-cap-rate", "incentives", -1)
    ]
    assert {s["name"] for s in one["sensitivity"]} >= {"weights", "normalisation"}


def test_the_scores_are_the_ranking_page_s(client: Client, edition: IndexEdition) -> None:
    scores = client.get(f"/api/competitiveness/editions/{edition.pk}/scores").json()
    rows = client.get("/en/competitiveness/").context["rows"]
    assert [(s["region"], s["score"], s["rank"]) for s in scores] == [
        (r["code"], r["score"], r["rank"]) for r in rows
    ]
    first = scores[0]
    assert first["rank_interval"]["low"] <= first["rank"] <= first["rank_interval"]["high"]
    assert set(first["pillars"]) == {"talent", "cost", "incentives", "infrastructure", "ecosystem"}


def test_an_unknown_edition_is_a_json_404(client: Client, reference: None) -> None:
    response = client.get("/api/competitiveness/editions/999/scores")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_edition"


def test_the_advisor_answers_as_the_page_does(client: Client, edition: IndexEdition) -> None:
    answer = _advise(client, BRIEF).json()
    page = client.get("/en/competitiveness/advisor/", {**QUERY, "start_year": "2026"})
    assert answer["years"] == list(range(2026, 2031))
    assert [
        (r["region"], r["park"], r["rank"], r["yearly_incentives"], r["net_present_cost"])
        for r in answer["regions"]
    ] == [
        (a.code, a.park, a.rank, a.yearly_incentives, pytest.approx(a.net_present_cost))
        for a in page.context["results"]
    ]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"headcount": {"cook": 3}}, 422, "invalid_input"),
        ({"activity": "mining"}, 422, "invalid_input"),
        ({"horizon_years": 11}, 422, "invalid_input"),
        ({"priorities": {"weather": 2}}, 422, "invalid_input"),
        ({"discount_rate": -1}, 422, "invalid_input"),
        ({"headcount": {"bpo": 0}}, 422, "no_headcount"),
        ({"start_year": 2033}, 422, "years_not_covered"),
        ({"headcount": {"bpo": 15_000, "call_centre": 6_000}}, 413, "advisor_too_large"),
    ],
)
def test_the_advisor_refuses_what_it_cannot_answer(
    client: Client, reference: None, change: dict[str, Any], status: int, code: str
) -> None:
    response = _advise(client, {**BRIEF, **change}, **{"accept-language": "en"})
    assert response.status_code == status
    assert response.json()["code"] == code


@override_settings(JIHA_SIMULATE_RATE="1/m")
def test_the_advisor_is_rate_limited_per_client(client: Client, reference: None) -> None:
    assert _advise(client, BRIEF).status_code == 200
    assert _advise(client, BRIEF).status_code == 429


def test_the_openapi_document_gives_the_vocabulary_and_the_bounds(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert {
        "/api/competitiveness/editions",
        "/api/competitiveness/editions/{edition_id}",
        "/api/competitiveness/editions/{edition_id}/scores",
        "/api/competitiveness/advisor",
    } <= set(paths)
    assert "404" in paths["/api/competitiveness/editions/{edition_id}/scores"]["get"]["responses"]
    assert "413" in paths["/api/competitiveness/advisor"]["post"]["responses"]
    brief = schema["components"]["schemas"]["BriefIn"]["properties"]
    assert brief["headcount"]["propertyNames"]["enum"][0] == "management"
    assert brief["headcount"]["additionalProperties"]["maximum"] == 100_000
    assert "KPO" in brief["activity"]["enum"]
    assert brief["horizon_years"]["maximum"] == 10
    assert brief["priorities"]["propertyNames"]["enum"][0] == "talent"
