"""On PostgreSQL, a table held locked by another connection gives quick 503s, not stalled
workers: the page, the API and /healthz each stop waiting at their lock timeout."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.test import Client

from jiha.lib.dberrors import is_database_unavailable

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL lock timeouts"),
    pytest.mark.django_db(transaction=True),
]

# Without a lock timeout a request would wait for the lock: the holder lets go after this many
# seconds, so such a request gets a 200 and the test fails instead of hanging.
RELEASE_AFTER_SECONDS = 30


def connect() -> psycopg.Connection:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    return psycopg.connect(**params)


@pytest.fixture
def regions_locked(reference: None) -> Iterator[None]:
    holder = connect()
    holder.execute("LOCK TABLE regions_region IN ACCESS EXCLUSIVE MODE")
    release = threading.Timer(RELEASE_AFTER_SECONDS, holder.rollback)
    release.start()
    try:
        yield
    finally:
        release.cancel()
        holder.close()


def test_the_configured_timeouts_are_in_force_on_the_connection() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == f"{settings.DB_STATEMENT_TIMEOUT}s"
        cursor.execute("SHOW lock_timeout")
        assert cursor.fetchone()[0] == f"{settings.DB_LOCK_TIMEOUT}s"


@pytest.mark.usefixtures("regions_locked")
def test_a_locked_table_gives_a_503_page_api_answer_and_health_check(client: Client) -> None:
    page = client.get("/en/regions/")
    assert page.status_code == 503
    assert "503" in page.content.decode()
    api = client.get("/api/regions")
    assert (api.status_code, api.json()["code"]) == (503, "database_unavailable")
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "unavailable"}


def test_a_statement_cancelled_by_its_timeout_is_recognised() -> None:
    with (
        pytest.raises(OperationalError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = '50ms'")
        cursor.execute("SELECT pg_sleep(1)")
    assert is_database_unavailable(raised.value)
