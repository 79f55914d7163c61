"""A version that would wipe out published figures (most of them, all of them, or every
value) is published only once someone acknowledges what disappears: on the page, through the
API and on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from jiha.lib.errors import InvalidInput
from jiha.observatory import services
from jiha.observatory.models import Dataset, DatasetVersion

HEADER = b"indicator,territory,period,value,status\n"
PUBLISHED = HEADER + b"".join(
    f"population,MA-{region:02d},2024,{region}00,\n".encode() for region in range(1, 11)
)


def load(dataset: Dataset, data: bytes) -> DatasetVersion:
    request = services.ImportRequest(dataset=dataset, source=data, file_name="x.csv")
    version = services.dataset_import(request).version
    assert version is not None
    return version


@pytest.fixture
def published(dataset: Dataset) -> DatasetVersion:
    version = load(dataset, PUBLISHED)
    services.version_publish(actor=None, version=version, acknowledged=False)
    return version


def current(dataset: Dataset) -> DatasetVersion | None:
    dataset.refresh_from_db()
    return dataset.current_version


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize(
    ("data", "says"),
    [
        (HEADER, "This version has no figures at all."),
        (
            HEADER + b"population,MA-01,2024,,confidential\npopulation,MA-02,2024,,confidential\n",
            "Every value of this version is missing",
        ),
        (
            HEADER + b"population,MA-01,2024,1,\npopulation,MA-02,2024,2,\n",
            "removes 8 of the 10 published figures, for example population MA-03 2024;",
        ),
    ],
)
def test_it_refuses_to_publish_what_removes_figures_without_acknowledgement(
    dataset: Dataset, data: bytes, says: str
) -> None:
    before = current(dataset)
    version = load(dataset, data)

    with translation.override("en"), pytest.raises(InvalidInput) as refusal:
        services.version_publish(actor=None, version=version, acknowledged=False)

    assert refusal.value.code == "removals_not_acknowledged"
    assert says in str(refusal.value.message)
    assert current(dataset) == before
    services.version_publish(
        actor=None, version=version, acknowledged=False, removals_acknowledged=True
    )
    assert current(dataset) == version


def test_it_names_the_removed_cells_in_the_refusal(
    dataset: Dataset, published: DatasetVersion
) -> None:
    version = load(dataset, HEADER + b"population,MA-10,2024,1,\n")

    with pytest.raises(InvalidInput) as refusal:
        services.version_publish(actor=None, version=version, acknowledged=False)

    details = refusal.value.details
    assert details["published"] == 10 and details["removed"] == 9
    assert details["examples"][0] == {
        "indicator": "population",
        "territory": "MA-01",
        "period": "2024",
    }


@pytest.mark.usefixtures("published")
def test_it_publishes_a_version_removing_half_or_less_without_asking(dataset: Dataset) -> None:
    kept = b"".join(PUBLISHED.splitlines(keepends=True)[:6])  # header + 5 of 10

    version = load(dataset, kept)
    services.version_publish(actor=None, version=version, acknowledged=False)

    assert current(dataset) == version


def test_a_first_version_with_no_figure_needs_acknowledgement(dataset: Dataset) -> None:
    version = load(dataset, HEADER)

    with pytest.raises(InvalidInput):
        services.version_publish(actor=None, version=version, acknowledged=False)


def test_a_file_without_a_value_column_is_refused(dataset: Dataset) -> None:
    request = services.ImportRequest(
        dataset=dataset,
        source=b"indicator,territory,period\npopulation,MA-03,2024\n",
        file_name="x.csv",
        language="en",
    )

    outcome = services.dataset_import(request)

    assert outcome.version is None
    assert outcome.report.messages() == [
        'The required column "value" is missing from the header row.'
    ]


@pytest.mark.usefixtures("published")
def test_the_page_shows_what_disappears_and_asks_to_confirm(
    analyst_client: Client, dataset: Dataset
) -> None:
    version = load(dataset, HEADER)
    url = f"/en/observatory/datasets/fes-labour/v{version.number}/"

    page = analyst_client.get(url).content.decode()
    analyst_client.post(f"{url}publish/")
    refused = current(dataset)
    analyst_client.post(f"{url}publish/", {"acknowledge_removals": "on"})

    assert "removes 10 of the 10 published figures" in page
    assert 'name="acknowledge_removals"' in page
    assert refused != version and current(dataset) == version


@pytest.mark.usefixtures("published")
def test_the_api_refuses_until_removals_are_acknowledged(
    analyst_client: Client, dataset: Dataset
) -> None:
    version = load(dataset, HEADER)
    url = f"/api/datasets/fes-labour/versions/{version.number}/publish"

    refused = analyst_client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    accepted = analyst_client.post(f"{url}?acknowledge_removals=true")

    body = json.loads(refused.content)
    assert refused.status_code == 422 and body["code"] == "removals_not_acknowledged"
    assert body["details"]["removed"] == 10
    assert accepted.status_code == 200 and current(dataset) == version


@pytest.mark.usefixtures("published")
def test_the_api_upload_can_publish_with_the_acknowledgement(
    analyst_client: Client, dataset: Dataset
) -> None:
    def post(**fields: Any) -> dict[str, Any]:
        file = io.BytesIO(HEADER)
        file.name = "empty.csv"
        data = {"file": file, "publish": "true", **fields}
        return json.loads(analyst_client.post("/api/datasets/fes-labour/versions", data).content)

    refused = post()
    accepted = post(acknowledge_removals="true")

    assert refused["status"] == "draft"
    assert refused["publication_refused"]["code"] == "removals_not_acknowledged"
    assert accepted["status"] == "published" and current(dataset).number == accepted["version"]  # type: ignore[union-attr]


@pytest.mark.usefixtures("published")
def test_the_command_line_publishes_removals_only_with_the_flag(
    dataset: Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(HEADER)

    with pytest.raises(CommandError, match="not published: .*--acknowledge-removals"):
        call_command("import_dataset", str(path), dataset="fes-labour", publish=True)
    before = current(dataset)
    out = io.StringIO()
    call_command(
        "import_dataset",
        str(path),
        dataset="fes-labour",
        publish=True,
        acknowledge_removals=True,
        stdout=out,
    )

    assert before is not None and before.row_count == 10
    assert current(dataset).row_count == 0 and "published" in out.getvalue()  # type: ignore[union-attr]
