from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"), [("", "fr", "ltr"), ("/ar", "ar", "rtl"), ("/en", "en", "ltr")]
)
def test_it_serves_each_language_with_its_direction(
    client: Client, prefix: str, lang: str, direction: str
) -> None:
    html = client.get(f"{prefix}/").content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_it_is_french_by_default_and_translated(client: Client) -> None:
    french = client.get("/").content.decode()
    arabic = client.get("/ar/").content.decode()
    assert "Régions" in french
    assert "الجهات" in arabic or "جهات" in arabic


def test_it_has_a_skip_link_and_landmarks(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html


def test_it_loads_nothing_from_another_origin(client: Client) -> None:
    for url in ["/", "/ar/regions/MA-02/", "/accounts/login/", "/api/docs"]:
        html = client.get(url).content.decode()
        external = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?:)?//[^"]+"', html)
        assert external == [], url


def test_it_sends_a_content_security_policy(client: Client) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_language_switcher_moves_to_the_arabic_page(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/regions/MA-03/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/regions/MA-03/"


def test_the_home_page_shows_the_national_census_figures(client: Client) -> None:
    html = client.get("/en/").content.decode()
    assert "36,828,330" in html
    assert html.count('data-region="MA-') == 12


def test_an_oversized_form_post_gets_a_413_page(client: Client, settings: object) -> None:
    from django.conf import settings as django_settings

    body = b"a=" + b"x" * django_settings.JIHA_MAX_REQUEST_BYTES
    response = client.post("/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "Traceback" not in response.content.decode()


def test_it_answers_an_oversized_post_in_the_language_of_the_page(client: Client) -> None:
    from django.conf import settings as django_settings

    client.get("/ar/")  # the previous request of this thread was in Arabic
    body = b"a=" + b"x" * django_settings.JIHA_MAX_REQUEST_BYTES
    response = client.post("/en/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "larger than the limit" in response.content.decode()
