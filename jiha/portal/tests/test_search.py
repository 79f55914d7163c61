"""Site search across regions, indicators, datasets and legal parameters, in three languages."""

from __future__ import annotations

import pytest
from django.test import Client

from jiha.observatory.models import Dataset
from jiha.observatory.services import indicators_upsert
from jiha.regions.models import Confidence

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def catalogue(reference: None) -> None:
    indicators_upsert()
    Dataset.objects.create(
        slug="fes-labour",
        title_fr="Emploi à Fès",
        title_ar="الشغل في فاس",
        title_en="Fes labour",
        publisher="Antenne",
        licence="Licence ouverte",
        theme="labour",
        confidence=Confidence.TO_CONFIRM,
    )


def _kinds(client: Client, query: str, prefix: str = "") -> dict[str, list[str]]:
    response = client.get(f"{prefix}/search/", {"q": query})
    assert response.status_code == 200
    groups = response.context["groups"]
    return {kind: [hit.label for hit in hits] for kind, _label, hits in groups if hits}


@pytest.mark.usefixtures("catalogue")
def test_it_finds_a_region_and_a_dataset_without_accents(client: Client) -> None:
    found = _kinds(client, "fes")
    assert "Fès-Meknès" in found["region"]
    assert found["dataset"] == ["Emploi à Fès"]
    # "professionnels" holds "fes", but no word starts with it: only parameters naming Fès.
    assert all("Fès" in label for label in found.get("parameter", []))


@pytest.mark.usefixtures("catalogue")
def test_it_finds_arabic_names_whatever_the_spelling_of_alef(client: Client) -> None:
    found = _kinds(client, "فاس")
    assert found["dataset"] == ["Emploi à Fès"]
    assert any("Fès" in name for name in found["region"])
    # الدار البيضاء written with a hamza on the alef is still Casablanca.
    assert any("Casablanca" in name for name in _kinds(client, "الدار البيضأء")["region"])


@pytest.mark.usefixtures("catalogue")
def test_it_labels_results_in_the_users_language(client: Client) -> None:
    found = _kinds(client, "Fes", prefix="/ar")
    assert found["dataset"] == ["الشغل في فاس"]


@pytest.mark.usefixtures("catalogue")
def test_it_finds_indicators_and_legal_parameters(client: Client) -> None:
    assert _kinds(client, "population")["indicator"]
    assert _kinds(client, "corporate")["parameter"]


@pytest.mark.parametrize("query", ["x" * 101, "a", " é "])
def test_it_refuses_an_unusable_query_with_a_message(client: Client, query: str) -> None:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 422
    assert response.context["error"]


def test_a_nul_in_the_query_is_refused_never_a_server_error(client: Client) -> None:
    assert client.get("/search/", {"q": "fe\x00s"}).status_code in (400, 422)


def test_the_header_has_the_search_box(client: Client) -> None:
    page = client.get("/").content.decode()
    assert 'role="search"' in page and 'for="site-search-box"' in page
