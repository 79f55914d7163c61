from __future__ import annotations

import pytest

from jiha.regions.models import Confidence, Province, Region
from jiha.regions.services import reference_load

pytestmark = pytest.mark.django_db


def test_it_loads_the_12_regions_totalling_the_2024_census() -> None:
    summary = reference_load()
    assert summary.regions == 12
    assert summary.provinces == 83
    assert sum(Region.objects.values_list("population_2024", flat=True)) == 36_828_330
    assert list(Region.objects.values_list("code", flat=True)) == [
        f"MA-{n:02d}" for n in range(1, 13)
    ]


def test_it_is_idempotent() -> None:
    reference_load()
    before = list(Region.objects.order_by("code").values())
    reference_load()
    assert list(Region.objects.order_by("code").values()) == before
    assert Province.objects.count() == 83


def test_it_uses_the_official_display_names() -> None:
    reference_load()
    oriental = Region.objects.get(code="MA-02")
    assert oriental.name_fr == "L'Oriental"
    assert oriental.name_ar == "الشرق"
    assert Region.objects.get(code="MA-01").name_fr == "Tanger-Tétouan-Al Hoceïma"
    assert Region.objects.get(code="MA-03").capital_fr == "Fès"


def test_it_gives_each_region_the_sum_of_its_provinces() -> None:
    # Casablanca's eight prefectures of arrondissements subdivide the Casablanca prefecture.
    reference_load()
    for region in Region.objects.all():
        provinces = region.provinces.exclude(
            kind=Province.Kind.PREFECTURE_OF_ARRONDISSEMENTS
        ).values_list("population_2024", flat=True)
        assert sum(provinces) == region.population_2024, region.code


def test_it_records_the_source_and_confidence_of_every_figure() -> None:
    reference_load()
    region = Region.objects.select_related("census_2024_source", "names_source").get(code="MA-06")
    assert region.census_2024_source.url.startswith("https://www.hcp.ma/")
    assert region.census_2024_source.confidence == Confidence.OFFICIAL
    assert region.census_2024_source.date is not None
    assert "2-15-40" in region.names_source.title
    assert region.population_2014 == 6_861_739
