"""Creating a dataset from the interface, and the template each dataset offers."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from openpyxl import Workbook, load_workbook

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.observatory import services
from jiha.observatory.models import Dataset, DatasetVersion

FIELDS = {
    "slug": "tanger-wages",
    "title_fr": "Salaires Tanger",
    "title_ar": "أجور طنجة",
    "title_en": "Tangier wages",
    "description": "",
    "publisher": "Antenne",
    "source_url": "",
    "licence": "Licence ouverte",
    "theme": "labour",
    "update_frequency": "",
    "confidence": "to_confirm",
}


def _post(client: Client, **changes: Any) -> Any:
    return client.post("/observatory/datasets/new/", {**FIELDS, **changes})


def test_it_lets_an_analyst_create_a_dataset(client: Client, analyst: User) -> None:
    force_login_confirmed(client, analyst)
    assert client.get("/observatory/datasets/new/").status_code == 200
    response = _post(client)
    assert response.status_code == 302
    dataset = Dataset.objects.get(slug="tanger-wages")
    assert (dataset.title_ar, dataset.owner) == ("أجور طنجة", None)
    assert dataset.versions.count() == 0


def test_a_regional_officers_dataset_belongs_to_their_organisation(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    assert _post(client).status_code == 302
    dataset = Dataset.objects.get(slug="tanger-wages")
    assert dataset.owner is not None and dataset.owner.region is not None
    assert dataset.owner.region.code == "MA-03"


def test_it_refuses_a_taken_or_reserved_identifier_and_creates_nothing(
    client: Client, analyst: User, dataset: Dataset
) -> None:
    force_login_confirmed(client, analyst)
    for slug in (dataset.slug, "new", "-x"):
        response = _post(client, slug=slug)
        assert response.status_code == 422
        assert 'href="#id_slug"' in response.content.decode()
    response = _post(client, title_ar="", confidence="sure")
    assert response.status_code == 422
    assert Dataset.objects.count() == 1


def test_applicants_and_visitors_cannot_create_a_dataset(client: Client, applicant: User) -> None:
    assert _post(client).status_code == 302  # to the sign-in page
    client.force_login(applicant)
    assert _post(client).status_code == 403
    assert "/datasets/new/" not in client.get("/observatory/datasets/").content.decode()
    assert not Dataset.objects.exists()


def _template(client: Client, slug: str) -> Workbook:
    response = client.get(f"/observatory/datasets/{slug}/template.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_the_template_lists_the_columns_indicators_units_and_territories(
    client: Client, dataset: Dataset
) -> None:
    services.dataset_import(
        services.ImportRequest(
            dataset=dataset,
            source=b"indicator,territory,period,value\npopulation,MA-03,2024,4467911\n",
            file_name="x.csv",
        )
    )
    services.version_publish(actor=None, version=dataset.versions.get(number=1), acknowledged=True)
    workbook = _template(client, dataset.slug)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("indicator", "territory", "period", "value", "status")
    assert len(rows) == 1 + 13 and {r[0] for r in rows[1:]} == {"population"}
    assert ("population", "MA") in {r[:2] for r in rows} and ("population", "MA-12") in {
        r[:2] for r in rows
    }
    guide = [r for r in workbook.worksheets[1].iter_rows(values_only=True) if r]
    assert ("population", "Population", "people") in [r[:3] for r in guide] or any(
        r[0] == "population" and r[2] for r in guide
    )
    assert any(r[0] == "MA-03" and "Fès" in (r[1] or "") for r in guide)


def test_a_filled_template_loads_as_a_version(client: Client, dataset: Dataset) -> None:
    workbook = _template(client, dataset.slug)
    sheet = workbook.worksheets[0]
    kept = [r for r in sheet.iter_rows(values_only=True)][:3]
    filled = Workbook()
    out = filled.active
    out.append(kept[0][:5])
    for row in kept[1:]:
        out.append([row[0], row[1], "2024", 12.5, None])
    buffer = io.BytesIO()
    filled.save(buffer)
    outcome = services.dataset_import(
        services.ImportRequest(dataset=dataset, source=buffer.getvalue(), file_name="t.xlsx")
    )
    assert outcome.version is not None, outcome.report.messages("en")
    assert outcome.version.status == DatasetVersion.Status.DRAFT
    assert outcome.version.row_count == 2
