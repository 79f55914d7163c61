"""A simulation is a link: GET with its inputs, reproduced from the URL, kept across a
language switch; salaries left empty take the observatory's regional salary (labelled); an
error summary links to the fields (ADRs 0021, 0022)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from jiha.incentives.tests.test_simulator_page import FORM
from jiha.observatory.demo import demo_costs_create, demo_salary
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.usefixtures("reference")
URL = "/en/incentives/simulator/"


@pytest.fixture(autouse=True)
def _unlimited(settings: Any) -> None:
    """These tests follow many links: the rate limit (10 a minute per client) is not tested
    here (test_a_simulation_by_get_shares_the_rate is)."""
    settings.JIHA_SIMULATE_RATE = "100000/m"


def _total(response: object) -> Decimal:
    return response.context["results"][0][0].total  # type: ignore[attr-defined]


def test_a_get_with_the_inputs_gives_the_post_s_answer(client: Client) -> None:
    by_get = client.get(URL, FORM)
    by_post = client.post(URL, FORM)
    assert by_get.status_code == 200
    assert _total(by_get) == _total(by_post) > 0
    assert '<form method="get"' in by_get.content.decode()


def test_the_answer_gives_its_link_and_its_assumptions(client: Client) -> None:
    html = client.get(URL, FORM).content.decode()
    assert f"http://testserver{URL}?region=MA-03" in html  # the link to this very answer
    assert 'data-salary-source="typed"' in html
    assert 'data-assumption="years"' in html and "2026–2027" in html
    assert "Fez-Meknes · Fès Shore" in html
    assert 'data-assumption="date"' in html
    # a POST gives the same link, without its CSRF token
    posted = client.post(URL, {**FORM, "csrfmiddlewaretoken": "x"}).context["share_url"]
    assert "csrfmiddlewaretoken" not in posted and "region=MA-03" in posted


def test_a_simulation_survives_a_language_switch(client: Client) -> None:
    page = client.get("/incentives/simulator/", FORM)  # French, the default language
    switched = client.post(
        "/i18n/setlang/", {"language": "ar", "next": page.wsgi_request.get_full_path()}
    )
    assert switched["Location"] == "/ar/incentives/simulator/?" + urlencode(FORM)
    arabic = client.get(switched["Location"])
    assert arabic.context["form"].is_bound
    assert _total(arabic) == _total(page)


def test_an_empty_salary_takes_the_regional_salary_labelled_with_its_source(
    client: Client,
) -> None:
    observatory_reference_load()
    demo_costs_create()
    response = client.get(URL, {**FORM, "g0_salary": "", "compare_region": ""})
    html = response.content.decode()
    salary = Decimal(str(round(demo_salary("bpo", "MA-03"), 2)))
    result = response.context["results"][0][0]
    assert result.total > 0
    assert response.context["form"].salaries_prefilled[0].amount == salary
    assert 'data-salary-source="observatory"' in html
    assert "Salaries and rents (demo, synthetic)" in html
    assert f'placeholder="{salary}"' in html
    assert '"MA-03": {"' in html and str(salary) in html  # the page's data for the JS
    typed = client.get(URL, {**FORM, "g0_salary": str(salary), "compare_region": ""})
    assert _total(typed) == result.total


def test_an_empty_salary_without_regional_data_is_still_asked_for(client: Client) -> None:
    response = client.get(URL, {**FORM, "g0_salary": ""})
    assert "Needed for each group of hires." in response.content.decode()
    assert not response.context["results"]


def test_the_error_summary_links_each_error_to_its_field(client: Client) -> None:
    response = client.get(URL, {**FORM, "g0_salary": "", "last_year": "2050"})
    html = response.content.decode()
    assert "data-error-summary" in html and "There is a problem" in html
    assert '<a href="#id_g0_salary">Annual gross salary (MAD) (hire group 1):' in html
    assert '<a href="#id_last_year">To year: Years after 2035' in html
    assert html.index("data-error-summary") < html.index('<form method="get"')
    assert "data-results-heading" not in html


def test_the_results_heading_takes_the_focus_and_is_announced(client: Client) -> None:
    html = client.get(URL, FORM).content.decode()
    assert 'tabindex="-1" data-results-heading' in html
    assert 'role="status"' in html


def test_an_empty_page_is_not_a_simulation(client: Client) -> None:
    response = client.get(URL)
    assert not response.context["form"].is_bound
    assert "data-error-summary" not in response.content.decode()


@override_settings(JIHA_SIMULATE_RATE="1/m")
def test_a_simulation_by_get_shares_the_rate(client: Client) -> None:
    cache.clear()  # the earlier tests' requests
    assert client.get(URL, FORM).status_code == 200
    assert client.get(URL, FORM).status_code == 429
    assert client.get(URL).status_code == 200  # reading the empty page is not limited


def test_the_api_states_what_its_total_assumes(client: Client) -> None:
    from jiha.incentives.tests.test_simulator_api import PROJECT

    answer = client.post("/api/incentives/simulate", PROJECT, content_type="application/json")
    assumptions = answer.json()["results"][0]["assumptions"]
    assert assumptions["salaries"] == "typed"
    assert assumptions["first_year"] == PROJECT["first_year"]
    assert assumptions["last_year"] == PROJECT["last_year"]
    assert assumptions["park"] == "fes_shore"
