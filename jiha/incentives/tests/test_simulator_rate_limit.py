"""The simulator is rate-limited per client (shared across processes through the cache): the
client over the limit gets a 429 with Retry-After, everyone else is unaffected."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from jiha.incentives.tests.test_simulator_api import PROJECT
from jiha.incentives.tests.test_simulator_page import FORM

pytestmark = pytest.mark.usefixtures("reference")
BODY = json.dumps(PROJECT)


def _post(client: Client, address: str = "203.0.113.5", **headers: str) -> Any:
    return client.post(
        "/api/incentives/simulate",
        BODY,
        content_type="application/json",
        REMOTE_ADDR=address,
        headers=headers,
    )


@override_settings(JIHA_SIMULATE_RATE="2/m")
def test_it_answers_429_with_retry_after_to_the_client_over_the_rate(client: Client) -> None:
    assert [_post(client).status_code for _ in range(2)] == [200, 200]
    response = _post(client, **{"accept-language": "en"})
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert f"{response['Retry-After']} seconds" in response.json()["message"]
    assert _post(client, address="198.51.100.7").status_code == 200  # another client


@override_settings(JIHA_SIMULATE_RATE="2/m", ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_it_counts_each_forwarded_client_apart(client: Client) -> None:
    proxy = "10.0.0.2"
    for _ in range(2):
        assert _post(client, proxy, **{"x-forwarded-for": "203.0.113.5"}).status_code == 200
    assert _post(client, proxy, **{"x-forwarded-for": "203.0.113.5"}).status_code == 429
    assert _post(client, proxy, **{"x-forwarded-for": "198.51.100.7"}).status_code == 200


@override_settings(JIHA_SIMULATE_RATE="1/m")
def test_the_page_simulator_shares_the_rate(client: Client) -> None:
    assert _post(client, address="127.0.0.1").status_code == 200
    response = client.post("/en/incentives/simulator/", FORM)
    assert response.status_code == 429
    assert "Retry-After" in response
    assert "Too many requests" in response.content.decode()
    assert client.get("/en/incentives/simulator/").status_code == 200  # reading is not limited


@override_settings(
    JIHA_SIMULATE_RATE="1/m",
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    },
)
def test_it_lets_requests_through_when_the_cache_is_down(client: Client) -> None:
    assert [_post(client).status_code for _ in range(2)] == [200, 200]


def test_the_rate_limit_checks_pass_with_the_local_cache() -> None:
    call_command("check", fail_level="WARNING")
