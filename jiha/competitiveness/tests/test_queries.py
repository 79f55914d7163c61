"""Pages that show many indicators read them in a fixed number of queries (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jiha.competitiveness.services import edition_build
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "most"),
    [
        # + the programme section, the talent section and the names of the key-figure charts;
        # the latest values are three queries (latest cells, versions read, indicators)
        ("/en/regions/MA-03/", 11),
        ("/en/competitiveness/methodology/", 5),
        ("/en/competitiveness/regions/MA-03/", 4),
        ("/en/competitiveness/", 5),
    ],
)
def test_pages_use_a_fixed_number_of_queries(
    client: Client, reference: None, monkeypatch: pytest.MonkeyPatch, url: str, most: int
) -> None:
    from jiha.competitiveness import engine_io

    original = engine_io.load_framework
    monkeypatch.setattr(
        engine_io,
        "load_framework",
        lambda code: {
            **original(code),
            "uncertainty": {**original(code)["uncertainty"], "replications": 50, "sobol_n": 16},
        },
    )
    observatory_reference_load()
    demo_costs_create()
    edition_build(actor=None)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= most
