"""The methodology page shows what a disputed index needs, stored with the edition: every
region's rank without each item, effective weights, outliers, constant indicators."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jiha.competitiveness import engine_io
from jiha.competitiveness.services import edition_build
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.reference import observatory_reference_load

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
    assert {row["code"] for row in edition.audit["outliers"]} == set(items[:13])


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
