"""/healthz answers quickly: 200 when the database and its core tables answer, 503 otherwise."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client


@pytest.mark.django_db
def test_it_answers_200_when_the_database_and_its_tables_answer(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "vendor": connection.vendor}


@pytest.mark.django_db
def test_it_answers_503_when_a_core_table_is_missing(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiha.regions.models import Region

    monkeypatch.setattr(Region._meta, "db_table", "regions_not_migrated")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "not_ready"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL connection options")
@pytest.mark.django_db
def test_it_answers_503_when_the_database_cannot_be_reached(
    client: Client, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A port nobody listens on: the check's own connection fails, the request's stays fine.
    monkeypatch.setitem(connection.settings_dict, "PORT", "1")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
