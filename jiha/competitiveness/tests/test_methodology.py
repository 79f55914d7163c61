"""The methodology page shows what a disputed index needs, stored with the edition: every
region's rank without each item, effective weights, outliers, constant indicators."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from jiha.competitiveness import engine_io, selectors
from jiha.competitiveness.services import edition_build
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.django_db


def small(framework: dict[str, Any]) -> dict[str, Any]:
    return {
        **framework,
        "uncertainty": {**framework["uncertainty"], "replications": 50, "sobol_n": 16},
    }


@pytest.fixture
def edition(reference: None, monkeypatch: pytest.MonkeyPatch) -> Any:
    original = engine_io.load_framework
    monkeypatch.setattr(engine_io, "load_framework", lambda code: small(original(code)))
    observatory_reference_load()
    demo_costs_create()
    return edition_build(actor=None)


def test_it_stores_the_removal_effect_on_every_region_with_the_edition(edition: Any) -> None:
    removal = {row["code"]: row for row in edition.audit["removal"]}

    items = [n["code"] for n in edition.framework["nodes"] if n["code"] != "index"]
    assert sorted(removal) == sorted(items)
    assert all(len(row["shifts"]) == 12 for row in removal.values())
    assert sum(edition.audit["effective_weights"][p] for p in ("talent", "cost")) == pytest.approx(
        0.4
    )
    indicators = {n["code"] for n in edition.framework["nodes"] if n["level"] == 1}
    assert {row["code"] for row in edition.audit["outliers"]} == indicators


def test_it_shows_the_stored_analyses_without_recomputing_them(
    client: Client, edition: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page must read the edition, not rebuild it")

    monkeypatch.setattr(engine_io, "compute", refuse)
    monkeypatch.setattr(engine_io, "removal_effect", refuse)

    html = client.get("/en/competitiveness/methodology/").content.decode()

    assert "Rank of every region without each item" in html
    assert html.count("<abbr title=") == 12  # one column per region
    assert "Effective weights" in html and "Outliers" in html
    assert "carries no information" in html


def test_it_names_a_constant_indicator_left_out(client: Client, edition: Any) -> None:
    edition.audit = {**edition.audit, "constant": ["office-rent"]}
    edition.save(update_fields=["audit"])

    html = client.get("/en/competitiveness/methodology/").content.decode()

    assert "In this edition:" in html
    assert "Office rent" in html.split("In this edition:")[1].split("</li>")[0]


def test_it_reads_each_indicators_own_method_from_the_framework_file() -> None:
    framework = engine_io.load_framework("regional-2026")
    framework["nodes"][0] = {**framework["nodes"][0], "normalisation": {"method": "rank"}}
    framework["nodes"][1] = {**framework["nodes"][1], "treatment": "log"}

    pipeline = engine_io.pipeline_of(framework)

    assert pipeline.framework.normalisations[0] is not None
    assert pipeline.framework.normalisations[0].method == "rank"
    assert pipeline.framework.treatments[1] is not None
    assert pipeline.framework.treatments[1].method == "log"


def test_it_shows_each_share_and_each_regions_rank_change(client: Client, edition: Any) -> None:
    removal = edition.audit["removal"]
    removal[0]["shifts"] = {**removal[0]["shifts"], "MA-01": 2.0, "MA-02": -1.0}
    edition.audit = {**edition.audit, "removal": removal}
    edition.save(update_fields=["audit"])

    html = client.get("/en/competitiveness/methodology/").content.decode()

    shares = html.split("Effective weights")[1].split("</table>")[0]
    # five pillars of equal weight, and the income-tax cap, the only indicator of its pillar
    assert shares.count("20.0%") == 6  # English writes no space before %
    first_row = html.split("Rank of every region without each item")[1].split("<tr>")[2]
    assert "+2" in first_row and "−1" in first_row


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("none", "none"),
        ("log", "logarithm"),
        ("winsorised 2", "winsorised (2 points)"),
        ("winsorise", "winsorised"),
        ("boxcox 0.5", "Box-Cox (λ = 0.5)"),
    ],
)
def test_it_names_each_treatment_in_words(code: str, label: str) -> None:
    with translation.override("en"):
        assert selectors.treatment_label(code) == label


def test_it_shows_the_log_treatment_of_airport_passengers(client: Client, edition: Any) -> None:
    html = client.get("/en/competitiveness/methodology/").content.decode()

    assert "own treatment: logarithm" in html
    outliers = html.split("Unusually high")[1].split("</table>")[0]
    assert "<td>logarithm</td>" in outliers
