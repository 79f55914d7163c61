"""Charts, maps and sortable tables in a real browser (issue 15, §2 and §4): the chart bundle is
fetched only by pages with a chart, a table sorts from the keyboard, a chart's data downloads."""

from __future__ import annotations

import pytest

from jiha.observatory.services import observatory_reference_load
from jiha.regions.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scripts(page: object, url: str) -> list[str]:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))  # type: ignore[attr-defined]
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    return [u for u in loaded if u.endswith(".js")]


def test_it_loads_the_chart_bundle_only_on_pages_with_a_chart(
    browser: object, live_server: object, reference: None
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    scripts = _scripts(page, f"{base}/regions/")
    assert any(u.endswith("/dist/charts.js") for u in scripts)
    page.wait_for_selector("[data-region-map][data-rendered='12']", timeout=15_000)
    assert page.locator("[data-region-map] [data-chart-downloads]").is_visible()
    page.close()

    page = browser.new_page()  # type: ignore[attr-defined]
    scripts = _scripts(page, f"{base}/observatory/datasets/")
    assert any(u.endswith("/dist/jiha.js") for u in scripts)
    assert not any(u.endswith("/dist/charts.js") for u in scripts)
    page.close()
    assert errors == []


def test_it_sorts_a_table_from_the_keyboard(
    browser: object, live_server: object, reference: None
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/regions/")  # type: ignore[attr-defined]
    table = page.locator("table[data-regions-table]")
    header = table.locator("thead th").nth(4)  # Population 2024
    button = header.locator("button")
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    by_population = list(Region.objects.order_by("population_2024").values_list("code", flat=True))
    first = table.locator("tbody tr").first.get_attribute("data-region")
    assert first == by_population[0]  # the least populated region
    page.keyboard.press("Space")
    assert header.get_attribute("aria-sort") == "descending"
    assert table.locator("tbody tr").first.get_attribute("data-region") == by_population[-1]
    assert table.locator("tfoot tr").count() == 1  # the national total stays below
    page.close()


def test_it_downloads_the_data_of_a_chart_as_csv(
    browser: object, live_server: object, reference: None
) -> None:
    observatory_reference_load()
    page = browser.new_page(accept_downloads=True)  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/observatory/offshoring/")  # type: ignore[attr-defined]
    page.wait_for_selector("figure[data-series][data-rendered='true']", timeout=15_000)
    figure = page.locator("figure[data-series]").first
    with page.expect_download() as info:
        figure.locator("button[data-download='csv']").click()
    download = info.value
    assert download.suggested_filename == "offshoring-1.csv"
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115
    assert text.splitlines()[0].startswith("indicator,period,value,unit")
    assert "MAD" not in text or "jobs" not in text  # one unit per chart
    with page.expect_download() as info:
        figure.locator("button[data-download='svg']").click()
    assert info.value.suggested_filename == "offshoring-1.svg"
    page.close()
