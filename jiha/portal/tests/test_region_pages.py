from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")


def test_it_lists_the_regions_with_a_map_and_a_table(client: Client) -> None:
    html = client.get("/regions/").content.decode()
    assert html.count('data-region="MA-') == 12
    assert "data-region-map" in html
    assert "36\u202f828\u202f330" in html  # French thousands separator (narrow no-break space)


def test_it_shows_a_region_profile_with_provinces_and_sources(client: Client) -> None:
    response = client.get("/regions/MA-03/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fès-Meknès" in html
    assert "Meknès" in html  # a prefecture of the region
    assert "https://www.hcp.ma/" in html  # the census source is shown
    assert 'data-highlight="MA-03"' in html


def test_it_shows_the_region_in_arabic_right_to_left(client: Client) -> None:
    html = client.get("/ar/regions/MA-03/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "فاس-مكناس" in html
    assert "bootstrap.rtl.min.css" in html


def test_it_answers_an_unknown_region_page_with_a_404_page(client: Client) -> None:
    response = client.get("/regions/MA-99/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Traceback" not in html
    assert '<html lang="fr"' in html
