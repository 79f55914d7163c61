"""Who loaded a version, and what a refused file held, are not public: visitors see the
organisation, managers of the dataset see the person; error reports need their uploader or a
manager."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.observatory import services
from jiha.observatory.models import Dataset


@pytest.fixture
def version_url(dataset: Dataset, analyst: User) -> str:
    request = services.ImportRequest(
        dataset=dataset,
        source=b"indicator,territory,period,value\npopulation,MA-03,2024,1\n",
        file_name="x.csv",
        actor=analyst,
    )
    version = services.dataset_import(request).version
    assert version is not None
    services.version_publish(actor=analyst, version=version, acknowledged=False)
    return f"/en/observatory/datasets/fes-labour/v{version.number}/"


def uploader_shown(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    found = re.search(r"<dd[^>]*data-uploader>(.*?)</dd>", page, re.S)
    assert found is not None
    return found.group(1)


def test_a_visitor_sees_the_organisation_not_the_uploader(
    client: Client, version_url: str, analyst: User
) -> None:
    shown = uploader_shown(client, version_url)

    assert analyst.email not in shown and "anna org" in shown


def test_a_member_of_another_organisation_does_not_see_the_uploader(
    client: Client, version_url: str, applicant: User, analyst: User
) -> None:
    client.force_login(applicant)

    assert analyst.email not in uploader_shown(client, version_url)


def test_a_manager_of_the_dataset_sees_the_uploader(
    client: Client, version_url: str, analyst: User, administrator: User
) -> None:
    force_login_confirmed(client, administrator)

    assert f"{analyst.email} (anna org)" in uploader_shown(client, version_url)


@pytest.fixture
def report_url(client: Client, analyst: User, dataset: Dataset) -> str:
    force_login_confirmed(client, analyst)
    file = io.BytesIO(b"indicator,territory,period,value\npopulation,MA-99,2024,1\n")
    file.name = "bad.csv"
    page = client.post("/en/observatory/datasets/fes-labour/upload/", {"file": file})
    found = re.search(r'href="(/en/observatory/import-reports/[^"]+\.csv)"', page.content.decode())
    assert found is not None
    client.logout()
    return found.group(1)


def test_an_error_report_needs_a_login(client: Client, report_url: str) -> None:
    response = client.get(report_url)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_error_report_is_refused_to_someone_else(
    client: Client, report_url: str, applicant: User
) -> None:
    client.force_login(applicant)

    assert client.get(report_url).status_code == 403


def test_an_error_report_is_given_to_its_uploader(
    client: Client, report_url: str, analyst: User
) -> None:
    force_login_confirmed(client, analyst)

    response = client.get(report_url)

    assert response.status_code == 200 and b"MA-99" in response.content
