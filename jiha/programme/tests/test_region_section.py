"""The portal's region page carries the programme's section (REGION_SECTIONS), in the three
languages, and leaves it out where the programme has nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from jiha.programme.models import Initiative
from jiha.programme.selectors import region_initiatives
from jiha.programme.services import factsheets_request

pytestmark = pytest.mark.django_db


def test_it_has_nothing_to_say_about_a_region_without_programme(reference: None) -> None:
    assert region_initiatives("MA-05") is None


def test_it_counts_the_initiatives_and_the_convention(initiative: Initiative) -> None:
    data = region_initiatives("MA-03")
    assert data is not None and data["total"] == 1
    with translation.override("en"):
        assert str(data["convention"]) == "Signed"
        assert ("Planned", 1) in [(str(label), n) for label, n in data["counts"]]
    assert data["signed_on"] is None  # not public in the seed article


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Le programme d’offshoring dans cette région"),
        ("/ar", "برنامج ترحيل الخدمات في هذه الجهة"),
        ("/en", "The offshoring programme in this region"),
    ],
)
def test_the_region_page_shows_the_section(
    client: Client, initiative: Initiative, prefix: str, heading: str
) -> None:
    page = client.get(f"{prefix}/regions/MA-03/").content.decode()
    assert f'<h2 id="programme-title" class="h4">{heading}</h2>' in page
    assert f'href="{prefix}/programme/regions/MA-03/"' in page
    assert 'data-factsheet="ar"' not in page
    factsheets_request(actor=None, region=initiative.region, languages=("ar",))
    page = client.get(f"{prefix}/regions/MA-03/").content.decode()
    assert f'href="{prefix}/programme/regions/MA-03/factsheet-ar.pdf"' in page
    other = client.get(f"{prefix}/regions/MA-05/").content.decode()
    assert 'id="programme-title"' not in other
