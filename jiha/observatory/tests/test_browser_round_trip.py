"""In headless Chromium: a dataset's CSV is downloaded, then uploaded unchanged through the
form, and becomes the next version with the same figures (issue 15 §5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.observatory import services
from jiha.observatory.models import Dataset, DatasetVersion, Observation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = (
    b"indicator,territory,period,value,status\n"
    b"unemployment-rate-census,MA-03,2024,23.3,\n"
    b"population,MA-03,2024,4467911,provisional\n"
    b"population,03.061,2024,,confidential\n"
)


def _cells(version: DatasetVersion) -> list[tuple[object, ...]]:
    return list(
        Observation.objects.filter(version=version)
        .order_by("indicator__code", "territory", "period")
        .values_list("indicator__code", "territory", "period", "value", "confidential")
    )


def test_a_downloaded_csv_goes_back_up_through_the_form(
    browser: Any, live_server: Any, dataset: Dataset, officer: User, tmp_path: Path
) -> None:
    dataset.owner = officer.memberships.get().organisation  # a regional officer manages it
    dataset.save()
    first = services.dataset_import(
        services.ImportRequest(dataset=dataset, source=GOOD, file_name="v1.csv")
    ).version
    assert first is not None
    services.version_publish(actor=None, version=first, acknowledged=True)
    client = Client()
    client.force_login(officer)
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/observatory/datasets/{dataset.slug}/")
    with page.expect_download() as downloading:
        page.locator('a[href$="/download.csv"]').click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    assert saved.name == f"{dataset.slug}-v1.csv"

    page.set_input_files("input[name=file]", str(saved))
    page.locator("form:has(input[name=file]) button[type=submit]").click()
    page.wait_for_url(f"**/observatory/datasets/{dataset.slug}/v2/")
    second = dataset.versions.get(number=2)
    assert second.status == DatasetVersion.Status.DRAFT
    assert _cells(second) == _cells(first)
    context.close()
