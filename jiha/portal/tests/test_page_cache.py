"""Public pages are served from the cache under the data version (jiha.portal.pagecache): never a
page from before a publication, 304 on a conditional GET, nothing for signed-in users, one entry
per language."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from jiha.accounts.models import User
from jiha.observatory.models import Dataset
from jiha.observatory.services import indicators_upsert, publish_rows
from jiha.portal import dataversion
from jiha.regions.models import Region

pytestmark = [pytest.mark.usefixtures("reference"), pytest.mark.django_db]
CACHED = override_settings(JIHA_PAGE_CACHE_SECONDS=300)


@pytest.fixture(autouse=True)
def _page_cache() -> object:
    cache.clear()
    with CACHED:
        yield
    cache.clear()


def _publish_population(value: float) -> None:
    dataset, _ = Dataset.objects.get_or_create(
        slug="population-test",
        defaults={
            "title_fr": "t",
            "title_ar": "t",
            "title_en": "t",
            "publisher": "t",
            "licence": "t",
            "theme": "t",
            "confidence": "official",
        },
    )
    publish_rows(
        dataset,
        [{"indicator": "population", "territory": "MA-03", "period": "2025", "value": value}],
        "test",
    )


def test_it_serves_the_second_anonymous_request_from_the_cache(client: Client) -> None:
    first = client.get("/regions/MA-03/")
    second = client.get("/regions/MA-03/")
    assert first.status_code == second.status_code == 200
    assert first.wsgi_request.jiha_page_cache == "stored"  # type: ignore[attr-defined]
    assert second.wsgi_request.jiha_page_cache == "hit"  # type: ignore[attr-defined]
    assert first["ETag"] == second["ETag"]


def test_it_never_serves_a_page_from_before_a_publication(client: Client) -> None:
    indicators_upsert()
    _publish_population(1234567)
    before = dataversion.current()
    client.get("/regions/MA-03/")
    assert client.get("/regions/MA-03/").wsgi_request.jiha_page_cache == "hit"  # type: ignore[attr-defined]
    _publish_population(7654321)
    assert dataversion.current() > before
    page = client.get("/regions/MA-03/")
    assert page.wsgi_request.jiha_page_cache == "stored"  # type: ignore[attr-defined]


def test_it_changes_the_data_version_with_an_edit_of_public_data() -> None:
    before = dataversion.current()
    Region.objects.filter(code="MA-03").update(name_fr="Fès-Meknès (modifiée)")
    assert dataversion.current() > before


def test_it_leaves_the_data_version_alone_for_private_records(applicant: User) -> None:
    before = dataversion.current()
    User.objects.filter(pk=applicant.pk).update(first_name="Changed")
    assert dataversion.current() == before


def test_it_answers_304_to_if_none_match(client: Client) -> None:
    etag = client.get("/regions/").headers["ETag"]
    not_modified = client.get("/regions/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    # The view ran once (stored), the 304 came from the cache entry.
    assert not_modified.wsgi_request.jiha_page_cache == "hit"  # type: ignore[attr-defined]


def test_it_answers_304_to_if_modified_since(client: Client) -> None:
    modified = client.get("/regions/").headers["Last-Modified"]
    assert client.get("/regions/", headers={"if-modified-since": modified}).status_code == 304


def test_it_puts_the_requesters_own_csrf_token_in_a_cached_page(client: Client) -> None:
    client.get("/regions/")
    other = Client(enforce_csrf_checks=True)
    page = other.get("/regions/")
    assert page.wsgi_request.jiha_page_cache == "hit"  # type: ignore[attr-defined]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    # The token works for this client: the language form posts.
    answer = other.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": token[1]})
    assert answer.status_code == 302


def test_it_keeps_one_entry_per_language(client: Client) -> None:
    french = client.get("/regions/")
    arabic = client.get("/ar/regions/")
    english_api = client.get("/api/regions", headers={"accept-language": "en"})
    french_api = client.get("/api/regions", headers={"accept-language": "fr"})
    assert arabic.wsgi_request.jiha_page_cache == "stored"  # type: ignore[attr-defined]
    assert 'lang="ar"' in arabic.content.decode()
    assert 'lang="fr"' in french.content.decode()
    assert french_api.wsgi_request.jiha_page_cache == "stored"  # type: ignore[attr-defined]
    assert english_api.wsgi_request.jiha_page_cache == "stored"  # type: ignore[attr-defined]


def test_it_never_serves_or_stores_a_signed_in_users_page(client: Client, applicant: User) -> None:
    client.get("/regions/")  # an anonymous copy is in the cache
    client.force_login(applicant)
    page = client.get("/regions/")
    assert not hasattr(page.wsgi_request, "jiha_page_cache")
    assert "no-store" in page["Cache-Control"]
    dashboard = client.get("/me/")
    assert dashboard.status_code == 200
    assert not hasattr(dashboard.wsgi_request, "jiha_page_cache")
    assert not [key for key in cache._cache if "jiha:page:" in key and "/me/" in key]  # type: ignore[attr-defined]


def test_it_never_serves_from_the_cache_to_an_api_token(client: Client) -> None:
    client.get("/api/regions")
    answer = client.get("/api/regions", headers={"authorization": "Bearer not-a-token"})
    assert not hasattr(answer.wsgi_request, "jiha_page_cache")


@override_settings(JIHA_PAGE_CACHE_SECONDS=0)
def test_it_is_off_when_the_setting_is_zero(client: Client) -> None:
    client.get("/regions/")
    assert not hasattr(client.get("/regions/").wsgi_request, "jiha_page_cache")
