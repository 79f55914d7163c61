"""A NUL byte in a path or a query string is bad input (400), never a server error."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")


@pytest.mark.parametrize(
    "url",
    [
        "/regions/MA%00/",
        "/en/regions/MA-03%00/",
        "/observatory/datasets/?page=1%00",
        "/observatory/indicators/?q%00=1",
        "/incentives/parameters/x%00/",
    ],
)
def test_it_answers_a_nul_byte_in_a_page_address_with_the_branded_400(
    client: Client, url: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<main" in html and "400" in html
    assert "NUL" in html


def test_it_answers_the_nul_page_in_the_users_language(client: Client) -> None:
    arabic = client.get("/ar/regions/MA%00/")
    assert arabic.status_code == 400
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/regions/MA%0001",
        "/api/observations?territory=MA%00",
        "/api/datasets/x%00",
        "/api/incentives/parameters/x%00",
        "/api/regions?order=code%00",
    ],
)
def test_it_answers_a_nul_byte_in_an_api_address_with_a_json_400(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (b'{"region": "MA-03\\u0000"}', True),  # escaped: SQLite stored it, PostgreSQL refuses
        (b'{"region": "MA-03\\\\u0000"}', False),  # an escaped backslash, then the text u0000
        (b'{"region": "MA-03\\\\\\u0000"}', True),
    ],
)
def test_it_refuses_a_nul_character_in_a_json_body_on_every_database(
    client: Client, body: bytes, refused: bool
) -> None:
    response = client.post(
        "/api/incentives/simulate", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code == 400 and response.json()["code"] == "nul_character") is refused
