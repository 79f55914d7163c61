"""A region's key figures: the latest value of each indicator, Morocco's, and a rank in which 1
is the best region for the indicator's direction (none for a neutral indicator)."""

from __future__ import annotations

import pytest
from django.test import Client

from jiha.observatory.models import Dataset, Indicator
from jiha.observatory.selectors import latest_values, region_key_figures
from jiha.observatory.services import publish_rows

pytestmark = pytest.mark.usefixtures("indicators")


def _publish(slug: str, rows: dict[str, dict[str, float]], period: str = "2025") -> None:
    dataset = Dataset.objects.create(
        slug=slug,
        title_fr=slug,
        title_ar=slug,
        title_en=slug,
        publisher="t",
        licence="t",
        theme="t",
        confidence="official",
    )
    publish_rows(
        dataset,
        [
            {"indicator": code, "territory": territory, "period": period, "value": value}
            for code, values in rows.items()
            for territory, value in values.items()
        ],
        "test",
    )


def _ranks(region: str) -> dict[str, tuple[int | None, int]]:
    return {f["indicator"].code: (f["rank"], f["of"]) for f in region_key_figures(region)}


def test_rank_1_is_the_best_region_whichever_way_is_better() -> None:
    _publish(
        "costs",
        {
            "salary-bpo": {"MA-01": 70000, "MA-02": 50000, "MA-03": 60000},  # lower is better
            "french-literacy": {"MA-01": 70, "MA-02": 50, "MA-03": 60},  # higher is better
            "population": {"MA-01": 7, "MA-02": 5, "MA-03": 6},  # neither
        },
    )
    assert Indicator.objects.get(code="salary-bpo").direction == "lower_better"
    assert _ranks("MA-02")["salary-bpo"] == (1, 3)
    assert _ranks("MA-02")["french-literacy"] == (3, 3)
    assert _ranks("MA-01")["french-literacy"] == (1, 3)
    assert _ranks("MA-02")["population"] == (None, 3)


def test_ties_share_a_rank() -> None:
    _publish("tie", {"french-literacy": {"MA-01": 60, "MA-02": 60, "MA-03": 50}})
    assert _ranks("MA-01")["french-literacy"] == _ranks("MA-02")["french-literacy"] == (1, 3)
    assert _ranks("MA-03")["french-literacy"] == (3, 3)


def test_a_region_is_ranked_among_the_regions_of_its_latest_period() -> None:
    _publish("old", {"french-literacy": {"MA-01": 10, "MA-02": 20, "MA-03": 30}}, "2014")
    _publish("new", {"french-literacy": {"MA-01": 40, "MA-02": 35}}, "2024")
    assert _ranks("MA-01")["french-literacy"] == (1, 2)  # 2024, with MA-02
    assert _ranks("MA-03")["french-literacy"] == (1, 1)  # its latest figure is from 2014
    assert latest_values(["french-literacy"]).of("french-literacy") == {
        "MA-01": 40.0,
        "MA-02": 35.0,
        "MA-03": 30.0,
    }


def test_the_page_shows_the_rank_and_no_rank_for_a_neutral_indicator(client: Client) -> None:
    _publish(
        "costs",
        {"salary-bpo": {"MA-01": 70000, "MA-02": 50000}, "population": {"MA-01": 7, "MA-02": 5}},
    )
    html = client.get("/en/regions/MA-02/").content.decode()
    salary = html.split('data-indicator="salary-bpo"')[1].split("</tr>")[0]
    population = html.split('data-indicator="population"')[1].split("</tr>")[0]
    assert "1/2" in salary
    assert "/2" not in population and "Not ranked" in population
