"""In a real browser: the advisor's link opens the simulator with the same total, which a
language switch keeps; a simulation prints as one document with its inputs, date and sources."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest

from jiha.observatory.demo import demo_costs_create
from jiha.observatory.services import observatory_reference_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRM = {
    "h_bpo": "200",
    "activity": "CRM",
    "start_year": "2026",
    "horizon_years": "5",
    "m2_per_seat": "8",
    "discount_rate": "8",
    "other_cost_per_seat": "0",
    "french": "on",
}


def _value(page: object, selector: str) -> Decimal:
    return Decimal(page.get_attribute(selector, "data-value"))  # type: ignore[attr-defined]


def test_advisor_to_simulator_to_arabic_gives_one_total_and_prints_cleanly(
    browser: object, live_server: object, reference: None
) -> None:
    observatory_reference_load()
    demo_costs_create()
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    # The advisor simulates the 12 regions: slow on a shared CI machine, so generous timeouts.
    page.set_default_timeout(180_000)
    page.set_default_navigation_timeout(180_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(f"{live_server.url}/competitiveness/advisor/?{urlencode(CRM)}")  # type: ignore[attr-defined]
    page.wait_for_selector('[data-incentives-total="MA-06"]')
    advised = {
        code: _value(page, f'[data-incentives-total="{code}"]') for code in ("MA-03", "MA-06")
    }
    assert advised["MA-03"] != advised["MA-06"]  # regional salaries

    page.click('[data-simulator-link="MA-06"]')
    page.wait_for_url("**/incentives/simulator/?*")
    page.wait_for_selector('[data-period-total="MA-06"]')
    assert _value(page, '[data-period-total="MA-06"]') == advised["MA-06"]
    page.wait_for_function(
        "document.activeElement && document.activeElement.id === 'results-title'"
    )
    assert page.input_value("#id_g0_count") == "200"

    page.click('button[name="language"][value="ar"]')
    page.wait_for_url("**/ar/incentives/simulator/?*")
    page.wait_for_selector('[data-period-total="MA-06"]')
    assert page.get_attribute("html", "dir") == "rtl"
    assert _value(page, '[data-period-total="MA-06"]') == advised["MA-06"]
    assert page.input_value("#id_g0_count") == "200"

    page.emulate_media(media="print")
    assert not page.locator("header nav").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.locator("form[data-simulator]").is_visible()
    assert page.locator('[data-assumption="date"]').is_visible()
    assert page.locator('[data-assumption="salaries"]').is_visible()
    assert page.locator('[data-assumption="years"]').is_visible()
    assert page.locator("[data-share-link]").is_visible()
    assert page.locator('[data-period-total="MA-06"]').is_visible()
    assert page.locator("[data-assumptions] a[href*='/incentives/parameters/']").is_visible()
    page.pdf(path="/dev/null")  # Chromium lays the print version out without an error
    assert errors == []
    page.close()
