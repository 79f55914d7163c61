"""Index editions: built from frozen data, rebuilt identically, and bad frameworks refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.competitiveness import engine_io
from jiha.competitiveness.models import IndexEdition
from jiha.competitiveness.services import edition_build, edition_rebuild
from jiha.engines.composite import CompositeError
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(reference: None) -> None:
    observatory_reference_load()
    demo_costs_create()


def _small(framework: dict[str, Any]) -> dict[str, Any]:
    return {
        **framework,
        "uncertainty": {**framework["uncertainty"], "replications": 200, "sobol_n": 64},
    }


@pytest.fixture
def framework(monkeypatch: pytest.MonkeyPatch) -> None:
    original = engine_io.load_framework
    monkeypatch.setattr(engine_io, "load_framework", lambda code: _small(original(code)))


def test_an_edition_is_built_twice_identically_from_its_frozen_versions(
    data: None, framework: None
) -> None:
    edition = edition_build(actor=None)
    assert edition.synthetic  # the demo costs are synthetic, and it says so
    assert len(edition.results["records"]) == 12
    assert edition.versions.filter(dataset__slug="demo-salaries-rents").exists()
    rebuilt = edition_rebuild(edition)
    assert json.dumps(rebuilt["results"], sort_keys=True) == json.dumps(
        edition.results, sort_keys=True
    )
    assert rebuilt["uncertainty"] == edition.uncertainty
    assert rebuilt["sensitivity"] == edition.sensitivity
    # New data after the build do not change the frozen edition's rebuild.
    from jiha.observatory.models import Dataset

    Dataset.objects.filter(slug="demo-salaries-rents").update(current_version=None)
    assert edition_rebuild(edition)["results"] == edition.results


def test_the_incentives_pillar_comes_from_the_rules(data: None, framework: None) -> None:
    edition = edition_build(actor=None)
    caps = dict(zip(edition.units, edition.inputs["ir-cap-rate"], strict=True))
    assert caps["MA-06"] == 0.2 and caps["MA-03"] == 0.1 and caps["MA-09"] == 0.1


def test_without_cost_data_the_build_names_the_missing_indicator(
    reference: None, framework: None
) -> None:
    observatory_reference_load()  # no salary or rent dataset
    from jiha.lib.errors import InvalidInput

    with pytest.raises(InvalidInput, match="salary-bpo"):
        edition_build(actor=None)
    assert not IndexEdition.objects.exists()


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda f: f["nodes"].append({"code": "x", "level": 1, "parent": "nowhere"}), "nowhere"),
        (lambda f: f["nodes"][0].update(weight=-1), "higher-education-share"),
        (
            lambda f: f["nodes"].extend(
                [{"code": "a", "level": 2, "parent": "b"}, {"code": "b", "level": 2, "parent": "a"}]
            ),
            "a",
        ),
    ],
)
def test_a_bad_framework_gives_an_error_naming_the_item(change: Any, needle: str) -> None:
    framework = engine_io.load_framework("regional-2026")
    change(framework)
    with pytest.raises(CompositeError) as error:
        engine_io.pipeline_of(framework)
    assert needle in str(error.value)


def test_the_weights_page_recomputes_on_the_server(
    client: Client, data: None, framework: None
) -> None:
    edition_build(actor=None)
    equal = client.post("/en/competitiveness/weights/", {"cost": 1}, HTTP_HX_REQUEST="true")
    talent_only = client.post(
        "/en/competitiveness/weights/",
        {"talent": 5, "cost": 0, "incentives": 0, "infrastructure": 0, "ecosystem": 0},
        HTTP_HX_REQUEST="true",
    )
    assert b"<html" not in talent_only.content  # an htmx fragment
    first = talent_only.content.decode().split('data-region="')[1][:5]
    assert first == "MA-06"  # Casablanca-Settat leads on talent
    assert equal.content != talent_only.content


def test_only_analysts_build_editions(client: Client, applicant: User, data: None) -> None:
    client.force_login(applicant)
    assert client.post("/en/competitiveness/editions/build/").status_code == 403
    assert not IndexEdition.objects.exists()


def test_the_pages_show_the_ranking_and_methodology(
    client: Client, data: None, framework: None
) -> None:
    edition = edition_build(actor=None)
    html = client.get("/en/competitiveness/").content.decode()
    assert html.count('data-region="MA-') == 12
    assert "Demo (synthetic)" in html
    assert "Sobol" in html
    method = client.get("/en/competitiveness/methodology/").content.decode()
    assert "computed by the incentives rules" in method
    csv_text = client.get(f"/competitiveness/editions/{edition.pk}/results.csv").content.decode()
    header = csv_text.splitlines()[0].split(",")
    assert header[0] == "unit" and header[1] == "higher-education-share"  # framework order
    assert header[-1] == "index_rank"
    for part, first in (
        ("inputs", "unit,higher-education-share"),
        ("uncertainty", "unit,nominal"),
        ("sensitivity", "name,first_order"),
    ):
        text = client.get(f"/competitiveness/editions/{edition.pk}/{part}.csv").content.decode()
        assert text.startswith(first) and len(text.splitlines()) > 3
    assert client.get(f"/competitiveness/editions/{edition.pk}/secrets.csv").status_code == 404
    assert client.get("/en/competitiveness/regions/MA-03/").status_code == 200


@pytest.mark.parametrize("weight", ["nan", "inf", "-inf", "abc"])
def test_a_weight_that_is_not_a_number_falls_back_to_1(
    client: Client, data: None, framework: None, weight: str
) -> None:
    edition_build(actor=None)
    response = client.post(
        "/en/competitiveness/weights/", {"talent": weight}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content.decode().count('data-region="MA-') == 12
