"""Open data out: API filters and cursor pagination, downloads, SDMX-CSV, DCAT-AP JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import polars as pl
import pytest
from django.test import Client
from openpyxl import load_workbook

from jiha.observatory import services
from jiha.observatory.models import Dataset
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def loaded(reference: None) -> None:
    observatory_reference_load()


def _get(client: Client, url: str, **params: Any) -> dict[str, Any]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


@pytest.mark.usefixtures("loaded")
def test_it_filters_by_indicator_territory_and_period(client: Client) -> None:
    body = _get(
        client,
        "/api/observations",
        indicator="population",
        territory=["MA-03", "MA-04"],
        period_from="2020",
    )
    assert [(r[1], r[2], r[3]) for r in body["rows"]] == [
        ("MA-03", "2024", 4467911.0),
        ("MA-04", "2024", 5132639.0),
    ]


@pytest.mark.usefixtures("loaded")
def test_it_pages_with_a_cursor_without_gaps_or_repeats(client: Client) -> None:
    everything = _get(client, "/api/observations", indicator="population", limit=10000)["rows"]
    seen, cursor = [], None
    while True:
        page = _get(
            client,
            "/api/observations",
            indicator="population",
            limit=7,
            **({"cursor": cursor} if cursor else {}),
        )
        seen += page["rows"]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == everything and len(everything) == 26  # 13 territories × 2 censuses


@pytest.mark.usefixtures("loaded")
@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 10001}, {"period_from": "24"}, {"cursor": "@@"}, {"level": "commune"}],
)
def test_bad_parameters_get_a_422(client: Client, params: dict[str, Any]) -> None:
    response = client.get("/api/observations", params)
    assert response.status_code == 422
    assert response.json()["code"]


@pytest.mark.usefixtures("loaded")
def test_it_answers_csv(client: Client) -> None:
    response = client.get("/api/observations", {"indicator": "gdp-share", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert {r["territory"]: r["value"] for r in rows}["MA-06"] == "32.2"


@pytest.mark.usefixtures("loaded")
def test_downloads_in_every_format_agree(client: Client) -> None:
    base = "/observatory/datasets/hcp-rgph-2024-regions/download"
    csv_rows = list(csv.DictReader(io.StringIO(client.get(f"{base}.csv").content.decode())))
    parquet = pl.read_parquet(io.BytesIO(client.get(f"{base}.parquet").content))
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content)).active
    assert len(csv_rows) == parquet.height == sheet.max_row - 1 > 100


@pytest.mark.usefixtures("loaded")
def test_the_sdmx_csv_has_the_2_0_header(client: Client) -> None:
    response = client.get("/observatory/datasets/hcp-rgph-2024-regions/download.sdmx")
    assert response["Content-Type"] == "application/vnd.sdmx.data+csv; version=2.0.0"
    header, first = response.content.decode().splitlines()[:2]
    assert header == (
        "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS"
    )
    assert first.startswith("dataflow,JIHA:DF_HCP_RGPH_2024_REGIONS(1.0),I,")


@pytest.mark.usefixtures("loaded")
def test_the_dcat_catalogue_parses_and_lists_every_dataset(client: Client) -> None:
    response = client.get("/catalog.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    catalog = json.loads(response.content)
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    slugs = {d["dct:identifier"] for d in catalog["dcat:dataset"]}
    assert slugs == set(Dataset.objects.values_list("slug", flat=True))
    census = next(
        d for d in catalog["dcat:dataset"] if d["dct:identifier"] == "hcp-rgph-2024-regions"
    )
    formats = {d["dct:format"] for d in census["dcat:distribution"]}
    assert formats == {"CSV", "XLSX", "PARQUET", "SDMX-CSV"}
    assert {t["@language"] for t in census["dct:title"]} == {"fr", "ar", "en"}


def test_exports_neutralise_formula_injection(client: Client, dataset: Dataset) -> None:
    from jiha.observatory.exports import frame, to_csv

    table = frame([("=cmd|'/C calc'!A0", "MA-03", "2024", -5.0, "", "x", 1)])
    text = to_csv(table).decode()
    assert "'=cmd" in text
    assert ",-5.0," in text  # numbers are left alone


def test_datasets_api_hides_drafts(client: Client, dataset: Dataset) -> None:
    services.dataset_import(
        services.ImportRequest(
            dataset=dataset,
            file_name="x.csv",
            source=b"indicator,territory,period,value\npopulation,MA-03,2024,1\n",
        )
    )
    body = _get(client, "/api/datasets/fes-labour")
    assert body["versions"] == [] and body["current_version"] is None
