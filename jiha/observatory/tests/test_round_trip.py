"""Data round trip: a downloaded CSV goes back up unchanged as the next version; version
numbers (never database ids) in the API and downloads."""

from __future__ import annotations

import csv
import io

from django.db import connection
from django.test import Client

from jiha.observatory import services
from jiha.observatory.models import Dataset, DatasetVersion, Observation
from jiha.observatory.selectors import version_diff

# More digits than a float keeps (SQLite itself keeps 15 significant digits).
BIG = b"12345678901234567.123456" if connection.vendor == "postgresql" else b"123456789.123456"
GOOD = (
    b"indicator,territory,period,value,status\n"
    b"unemployment-rate-census,MA-03,2024,23.3,\n"
    b"unemployment-rate-census,MA-02,2024,30.4,provisional\n"
    b"population,MA-04,2024," + BIG + b",estimated\n"
    b"population,03.061,2024,,confidential\n"
)


def _load(dataset: Dataset, data: bytes, name: str = "x.csv") -> services.ImportOutcome:
    return services.dataset_import(
        services.ImportRequest(dataset=dataset, source=data, file_name=name)
    )


def _published(dataset: Dataset, data: bytes) -> DatasetVersion:
    version = _load(dataset, data).version
    assert version is not None
    services.version_publish(actor=None, version=version, acknowledged=True)
    return version


def _cells(version: DatasetVersion) -> list[tuple[object, ...]]:
    return list(
        Observation.objects.filter(version=version)
        .order_by("indicator__code", "territory", "period")
        .values_list(
            "indicator__code",
            "territory",
            "period",
            "value",
            "provisional",
            "estimated",
            "confidential",
        )
    )


def test_it_loads_a_downloaded_csv_back_unchanged_as_the_next_version(
    dataset: Dataset, client: Client
) -> None:
    first = _published(dataset, GOOD)
    download = client.get(f"/observatory/datasets/{dataset.slug}/download.csv")
    assert download.status_code == 200
    assert BIG in download.content  # exact, not a float
    outcome = _load(dataset, download.content, "fes-labour-v1.csv")
    second = outcome.version
    assert second is not None, outcome.report.messages("en")
    assert second.number == 2 and second.status == DatasetVersion.Status.DRAFT
    assert _cells(second) == _cells(first)
    services.version_publish(actor=None, version=second, acknowledged=False)
    diff = version_diff(second)
    assert not diff["added"] and not diff["removed"] and not diff["changed"]


def test_it_refuses_a_file_downloaded_from_another_dataset(dataset: Dataset) -> None:
    other = "indicator,territory,period,value,status,dataset,version\n"
    other += "population,MA-03,2024,5,,census,3\n"
    outcome = _load(dataset, other.encode())
    assert outcome.version is None
    assert [(e.row, e.column) for e in outcome.report.errors] == [(2, "dataset")]


def test_the_api_and_downloads_give_the_version_number_not_the_id(
    dataset: Dataset, client: Client
) -> None:
    _published(dataset, GOOD)
    # Another dataset's versions push the database ids past the numbers.
    other = Dataset.objects.create(
        slug="other",
        title_fr="A",
        title_ar="A",
        title_en="A",
        publisher="p",
        licence="l",
        theme="t",
        confidence=dataset.confidence,
    )
    for _ in range(3):
        _load(other, b"indicator,territory,period,value\npopulation,MA-01,2023,1\n")
    second = _published(dataset, GOOD.replace(b"23.3", b"23.4"))
    assert second.number == 2 and second.pk != 2
    rows = client.get("/api/observations", {"dataset": dataset.slug}).json()["rows"]
    assert {row[6] for row in rows} == {2}
    by_number = client.get("/api/observations", {"dataset": dataset.slug, "version": "1"}).json()
    assert {row[6] for row in by_number["rows"]} == {1} and len(by_number["rows"]) == 4
    api_csv = client.get("/api/observations", {"dataset": dataset.slug, "format": "csv"})
    assert {r["version"] for r in csv.DictReader(io.StringIO(api_csv.content.decode()))} == {"2"}
    download = client.get(f"/observatory/datasets/{dataset.slug}/download.csv")
    assert {r["version"] for r in csv.DictReader(io.StringIO(download.content.decode()))} == {"2"}
