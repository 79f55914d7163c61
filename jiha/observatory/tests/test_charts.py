"""Charts that tell the truth (issue 15, §4): one unit per chart, Morocco never drawn among the
regions, every chart with its download buttons and the chart bundle named by the page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from jiha.observatory.models import Dataset
from jiha.observatory.services import observatory_reference_load, publish_rows

pytestmark = pytest.mark.usefixtures("indicators")


def _json_script(html: str, element_id: str) -> Any:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found, f"no JSON script {element_id}"
    return json.loads(found.group(1))


def _publish_literacy() -> None:
    dataset = Dataset.objects.create(
        slug="literacy",
        title_fr="Alphabétisation",
        title_ar="محو الأمية",
        title_en="Literacy",
        publisher="t",
        licence="t",
        theme="t",
        confidence="official",
    )
    values = {"MA": 60, "MA-01": 70, "MA-02": 50, "MA-03": 65}
    publish_rows(
        dataset,
        [
            {"indicator": "french-literacy", "territory": t, "period": p, "value": v + i}
            for i, p in enumerate(("2023", "2024"))
            for t, v in values.items()
        ],
        "test",
    )


def test_it_keeps_morocco_out_of_the_lines_of_regions_on_an_indicator_page(
    client: Client,
) -> None:
    _publish_literacy()
    html = client.get("/observatory/indicators/french-literacy/").content.decode()
    series = _json_script(html, "indicator-series")
    national = _json_script(html, "indicator-national")
    assert {row["territory"] for row in series} == {"MA-01", "MA-02", "MA-03"}
    assert {row["territory"] for row in national} == {"MA"}
    assert 'data-reference="indicator-national"' in html
    assert "data-chart-downloads" in html
    assert 'data-chart-module="/static/dist/charts.js"' in html
    # The table sorts the regions; Morocco stays apart in the footer.
    assert "data-sortable" in html
    tfoot = html[html.index("<tfoot>") : html.index("</tfoot>")]
    assert 'data-territory="MA"' in tfoot


def test_it_draws_one_chart_per_unit_on_the_offshoring_page(client: Client) -> None:
    observatory_reference_load()
    html = client.get("/observatory/offshoring/").content.decode()
    charts = re.findall(r'data-series="(sector-series-\d+)"[^>]*data-unit="([^"]*)"', html)
    assert len(charts) >= 2
    units = [unit for _, unit in charts]
    assert len(units) == len(set(units))
    for chart_id, unit in charts:
        rows = _json_script(html, chart_id)
        assert rows
        assert {row["unit"] for row in rows} == {unit}
    assert html.count("data-chart-downloads") == len(charts) + 1  # and the park map


def test_it_sets_a_region_among_its_peers_and_morocco_on_its_page(client: Client) -> None:
    _publish_literacy()
    html = client.get("/regions/MA-02/").content.decode()
    chart = _json_script(html, "key-figure-french-literacy")
    assert {row["code"] for row in chart["regions"]} == {"MA-01", "MA-02", "MA-03"}
    assert chart["national"]["value"] == 61.0
    assert 'data-dots="key-figure-french-literacy"' in html
    assert 'data-highlight="MA-02"' in html


def test_it_names_the_chart_bundle_only_on_pages_with_a_chart(client: Client) -> None:
    assert "data-chart-module" in client.get("/regions/").content.decode()
    assert "data-chart-module" not in client.get("/observatory/datasets/").content.decode()
    assert "data-chart-module" not in client.get("/incentives/simulator/").content.decode()
