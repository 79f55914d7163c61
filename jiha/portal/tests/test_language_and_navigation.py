"""The language a page opens in, the current page marked in the navigation, the way back from
the API documentation (issue 15 §3)."""

from __future__ import annotations

import pytest
from django.test import Client


def test_it_sends_fr_addresses_to_the_unprefixed_french_page_and_remembers_french(
    client: Client, reference: None
) -> None:
    response = client.get("/fr/regions/?sort=name")
    assert response.status_code == 302
    assert response["Location"] == "/regions/?sort=name"
    assert response.cookies["django_language"].value == "fr"
    assert client.get("/fr/", follow=True).status_code == 200


def test_it_opens_a_first_visit_in_the_browser_s_language(client: Client, reference: None) -> None:
    arabic = client.get("/regions/", HTTP_ACCEPT_LANGUAGE="ar-MA,ar;q=0.9,fr;q=0.5")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert (arabic.status_code, arabic["Location"]) == (302, "/ar/regions/")
    assert (english.status_code, english["Location"]) == (302, "/en/")
    assert "Accept-Language" in arabic["Vary"]


def test_it_keeps_french_for_a_french_browser_or_a_chosen_language(
    client: Client, reference: None
) -> None:
    assert client.get("/regions/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr").status_code == 200
    assert client.get("/regions/").status_code == 200  # no preference: French, the default
    client.cookies["django_language"] = "fr"  # set by the language switch
    assert client.get("/regions/", HTTP_ACCEPT_LANGUAGE="ar").status_code == 200


def test_it_never_redirects_the_api_or_a_post(client: Client, reference: None) -> None:
    assert client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="ar").status_code == 200
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en").status_code != 302
    posted = client.post("/incentives/simulator/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert posted.status_code != 302 or not posted["Location"].startswith("/en/")


def test_it_marks_the_current_page_in_the_navigation(client: Client, reference: None) -> None:
    page = client.get("/en/regions/").content.decode()
    assert 'class="nav-link active" aria-current="page" href="/en/regions/"' in page
    assert page.count('aria-current="page"') == 1 + page.count("breadcrumb-item active")
    section = client.get("/en/regions/MA-03/").content.decode()
    assert 'class="nav-link active" href="/en/regions/"' in section


def test_it_links_the_api_documentation_back_to_the_site(client: Client) -> None:
    page = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/en/" data-back-to-site>Back to the Jiha site</a>' in page
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    ("page", "language", "expected"),
    [
        ("/en/regions/?a=1", "ar", "/ar/regions/?a=1"),
        ("/ar/regions/", "en", "/en/regions/"),
        ("/ar/regions/", "fr", "/regions/"),
        ("/regions/", "ar", "/ar/regions/"),
    ],
)
def test_it_switches_language_from_a_shared_link_without_a_language_cookie(
    client: Client, reference: None, page: str, language: str, expected: str
) -> None:
    # A visitor who opened someone's /en/ or /ar/ link has no language cookie yet: the switch
    # must still land on the same page in the chosen language (it used to stay put).
    response = client.post("/i18n/setlang/", {"language": language, "next": page})
    assert response.status_code == 302
    assert response["Location"] == expected
