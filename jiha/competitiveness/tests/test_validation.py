"""The index follows the handbook (framework file), and each edition is validated against where
offshoring jobs are: computed with the edition, shown on the methodology page in the three
languages and given by the API (the same figure), "not available" when the data are missing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from scipy import stats

from jiha.competitiveness import engine_io
from jiha.competitiveness.services import edition_build, edition_rebuild
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.selectors import latest_values
from jiha.observatory.services import observatory_reference_load

LANGUAGES = ("fr", "ar", "en")


def small(framework: dict[str, Any]) -> dict[str, Any]:
    return {
        **framework,
        "uncertainty": {**framework["uncertainty"], "replications": 50, "sobol_n": 16},
    }


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    original = engine_io.load_framework
    monkeypatch.setattr(engine_io, "load_framework", lambda code: small(original(code)))


@pytest.fixture
def edition(reference: None, quick: None) -> Any:
    observatory_reference_load()
    demo_costs_create()
    return edition_build(actor=None)


def indicators() -> list[dict[str, Any]]:
    framework = engine_io.load_framework("regional-2026")
    return [node for node in framework["nodes"] if node["level"] == 1]


@pytest.mark.parametrize("node", indicators(), ids=lambda node: node["code"])
def test_it_gives_every_indicator_a_direction_weight_treatment_justification_and_source(
    node: dict[str, Any],
) -> None:
    assert node["direction"] in (1, -1)
    assert node["weight"] > 0
    assert node["treatment"] in ("none", "log", "winsorise")
    assert node["source"] in ("observatory", "rules")
    assert node["reference"].strip()
    for language in LANGUAGES:
        assert len(node["justification"][language]) > 40, language


def test_it_justifies_each_pillars_weight_in_the_three_languages() -> None:
    framework = engine_io.load_framework("regional-2026")
    for pillar in (node for node in framework["nodes"] if node["level"] == 2):
        assert all(pillar["justification"][language] for language in LANGUAGES)


def test_the_framework_file_builds_a_valid_engine_pipeline() -> None:
    pipeline = engine_io.pipeline_of(engine_io.load_framework("regional-2026"))

    treatments = dict(
        zip(pipeline.framework.indicators, pipeline.framework.treatments, strict=True)
    )
    assert treatments["airport-passengers"] is not None
    assert treatments["airport-passengers"].method == "log"
    goalposts = pipeline.framework.goalposts[pipeline.framework.indicators.index("ir-cap-rate")]
    assert goalposts.tolist() == [0.0, 0.37]


@pytest.mark.django_db
def test_it_log_treats_the_skewed_counts_and_divides_volumes_by_the_population(
    edition: Any,
) -> None:
    treatment = {row["code"]: row["treatment"] for row in edition.audit["outliers"]}
    assert treatment["airport-passengers"] == "log"
    assert treatment["graduates"] == "log"

    latest = latest_values(["park-floor-space", "population"])
    at = dict(zip(edition.units, edition.inputs["park-floor-space-per-1000"], strict=True))
    casablanca = latest.of("park-floor-space")["MA-06"] / latest.of("population")["MA-06"]
    assert at["MA-06"] == pytest.approx(casablanca * 1000)
    assert at["MA-08"] == 0  # no offshoring park in Drâa-Tafilalet
    assert at["MA-01"] is None  # Tétouan Shore's floor space is not published


@pytest.mark.django_db
def test_no_pillar_is_scored_zero_or_a_hundred_for_most_regions(edition: Any) -> None:
    for pillar in ("talent", "cost", "incentives", "infrastructure", "ecosystem"):
        scores = [record[pillar] for record in edition.results["records"]]
        extremes = sum(1 for s in scores if s is not None and s in (0.0, 100.0))
        assert extremes <= 6, (pillar, scores)
    incentives = {record["incentives"] for record in edition.results["records"]}
    assert 0.0 not in incentives and 100.0 not in incentives  # goalposts, not min-max


@pytest.mark.django_db
def test_it_computes_the_validation_with_the_edition(edition: Any) -> None:
    stored = edition.validation
    scores = [record["index"] for record in edition.results["records"]]
    jobs = latest_values(["park-jobs"]).of("park-jobs")
    outcome = [jobs.get(unit, 0.0) for unit in edition.units]  # no park: no park jobs

    assert stored["available"] and stored["indicator"] == "park-jobs"
    assert stored["n"] == 12
    assert stored["spearman"] == pytest.approx(stats.spearmanr(scores, outcome)[0])
    assert stored["pearson"] == pytest.approx(stats.pearsonr(scores, outcome)[0])
    assert stored["per_capita"]["n"] == 12
    assert stored["periods"] == ["2020"]
    assert stored["datasets"][0]["slug"] == "offshoring-parks-2020"
    assert stored["synthetic"] is False and edition.synthetic is True
    assert edition_rebuild(edition)["validation"] == stored


def shown(html: str) -> str:
    found = re.search(r'data-validation="spearman">([^<]+)<', html)
    assert found, "no Spearman figure on the page"
    return found.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Validation"), ("ar", "التحقق"), ("en", "Validation")]
)
def test_it_shows_the_validation_on_the_methodology_page(
    client: Client, edition: Any, language: str, heading: str
) -> None:
    prefix = "" if language == "fr" else f"/{language}"  # French is the default language
    html = client.get(f"{prefix}/competitiveness/methodology/").content.decode()

    assert f'<h2 class="h5" id="validation-title">{heading}</h2>' in html
    figure = shown(html).replace(",", ".")  # French and Arabic decimal commas
    assert float(figure) == pytest.approx(edition.validation["spearman"], abs=0.005)
    assert "offshoring-parks-2020" in html


@pytest.mark.django_db
def test_the_api_gives_the_figure_the_page_shows(client: Client, edition: Any) -> None:
    api = client.get(f"/api/competitiveness/editions/{edition.pk}").json()["validation"]
    html = client.get("/en/competitiveness/methodology/").content.decode()

    assert api["available"] is True and api["n"] == 12
    assert f"{api['spearman']:.2f}" == shown(html)
    assert api["datasets"][0]["dataset"] == "offshoring-parks-2020"
    assert api["index_synthetic"] is True and api["synthetic"] is False
    assert api["per_capita_scale"] == 1000


@pytest.mark.django_db
def test_it_says_not_available_when_the_outcome_has_no_regional_figures(
    client: Client, reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = engine_io.load_framework
    monkeypatch.setattr(
        engine_io,
        "load_framework",
        # offshoring-jobs is published for Morocco only
        lambda code: {
            **small(original(code)),
            "validation": {"indicator": "offshoring-jobs", "per": "population", "scale": 1000},
        },
    )
    observatory_reference_load()
    demo_costs_create()
    edition = edition_build(actor=None)

    assert edition.validation == {
        "available": False,
        "reason": "no_data",
        "indicator": "offshoring-jobs",
    }
    api = client.get(f"/api/competitiveness/editions/{edition.pk}").json()["validation"]
    assert api["available"] is False and api["spearman"] is None and api["reason"] == "no_data"
    html = client.get("/en/competitiveness/methodology/").content.decode()
    assert 'data-validation="not-available"' in html
    assert "no regional figures of the outcome" in html
    assert 'data-validation="spearman"' not in html


@pytest.mark.django_db
def test_an_edition_built_before_the_validation_says_not_available(
    client: Client, edition: Any
) -> None:
    edition.validation = {}
    edition.save(update_fields=["validation"])

    html = client.get("/competitiveness/methodology/").content.decode()
    api = client.get(f"/api/competitiveness/editions/{edition.pk}").json()["validation"]

    assert 'data-validation="not-available"' in html
    assert api == {**api, "available": False, "reason": "not_computed", "spearman": None}
