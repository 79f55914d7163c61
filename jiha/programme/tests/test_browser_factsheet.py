"""In a real browser (Debian's Chromium): a region's programme page in Arabic, right to left,
and its fact sheet downloaded from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiha.programme.models import Initiative
from jiha.programme.services import factsheets_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_the_arabic_page_and_downloads_the_fact_sheet(
    browser: object, live_server: object, initiative: Initiative, tmp_path: Path
) -> None:
    factsheets_request(actor=None, region=initiative.region, languages=("ar",))
    page = browser.new_page(accept_downloads=True)  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/ar/programme/regions/MA-03/")  # type: ignore[attr-defined]
    assert page.get_attribute("html", "dir") == "rtl"
    assert "البرنامج الجهوي" in page.locator("h1").inner_text()
    assert "Reconversion bootcamp" in page.content()
    with page.expect_download() as event:
        page.locator('[data-factsheet="ar"]').click()
    download = event.value
    target = tmp_path / download.suggested_filename
    download.save_as(str(target))
    assert target.name == "jiha-MA-03-factsheet-ar.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    assert errors == []
    page.close()
