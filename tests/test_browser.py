"""The site in a real browser: Debian's Chromium, driven by Playwright (no downloaded browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _open_map(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector("[data-region-map][data-rendered]", timeout=15_000)  # type: ignore[attr-defined]


def test_the_home_page_maps_the_12_regions_in_french_and_arabic(
    browser: object, live_server: object, reference: None
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1100})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    _open_map(page, f"{live_server.url}/")  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("[data-region-map] path[data-region]").count() == 12
    page.screenshot(path=str(ARTIFACTS / "home-fr.png"), full_page=True)

    _open_map(page, f"{live_server.url}/ar/")  # type: ignore[attr-defined]
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.locator("[data-region-map] path[data-region]").count() == 12
    page.screenshot(path=str(ARTIFACTS / "home-ar.png"), full_page=True)

    page.locator('[data-region-map] path[data-region="MA-02"]').click()
    page.wait_for_url("**/ar/regions/MA-02/")
    page.wait_for_selector("[data-region-map][data-rendered]")
    assert "الشرق" in page.locator("h1").inner_text()
    assert page.locator('path[data-region="MA-02"]').count() == 1
    page.screenshot(path=str(ARTIFACTS / "region-ma-02-ar.png"), full_page=True)
    assert errors == []
    page.close()
