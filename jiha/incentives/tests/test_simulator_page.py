from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")

FORM = {
    "region": "MA-03",
    "park": "fes_shore",
    "activity": "BPO",
    "first_year": "2026",
    "last_year": "2027",
    "profit": "1000000",
    "investment": "60000000",
    "investment_date": "2026-03-01",
    "planned_jobs": "60",
    "g0_count": "10",
    "g0_profile": "bpo",
    "g0_salary": "120000",
    "g0_hire_date": "2025-09-01",
    "g0_permanent": "on",
    "g0_moroccan": "on",
    "compare_region": "MA-06",
    "compare_park": "casanearshore",
}


def test_it_computes_and_compares_two_locations(client: Client) -> None:
    html = client.post("/en/incentives/simulator/", FORM).content.decode()
    assert "Fez-Meknes · Fès Shore" in html
    assert "Casablanca-Settat · Casanearshore" in html
    assert "204,000.00" in html  # employment bonus 2027: 10 × 17 % × 120,000
    assert "offer_2025.employment_bonus.rate" in html  # the explanation cites the parameter
    assert "investment_charter.territorial_bonus.unknown_zone" in html  # zone not loaded


def test_it_explains_what_is_missing_without_changing_anything(client: Client) -> None:
    form = {**FORM, "g0_salary": "", "last_year": "2050"}
    response = client.post("/en/incentives/simulator/", form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Needed for each group of hires." in html
    assert "Years after 2035 are not simulated" in html  # the reason, not just a range
    assert "Results" not in html


def test_a_province_must_be_in_the_region(client: Client) -> None:
    html = client.post("/en/incentives/simulator/", {**FORM, "province": "02.411"}).content
    assert b"This province is not in the chosen region." in html


def test_it_accepts_the_years_after_the_offer_closes(client: Client) -> None:
    form = {**FORM, "first_year": "2031", "last_year": "2035", "compare_region": ""}
    html = client.post("/en/incentives/simulator/", form).content.decode()
    assert "Results" in html
    assert 'data-total="2035"' in html


def test_it_marks_the_amounts_that_rest_on_an_interpretation(client: Client) -> None:
    html = client.post("/en/incentives/simulator/", FORM).content.decode()
    assert 'data-interpretation="employment_bonus_total"' in html
    assert "interpretation, to be confirmed" in html
    assert "/en/incentives/parameters/offer_2025.employment_bonus.payments/" in html
    assert 'data-interpretation="charter_bonus"' not in html


def test_it_shows_the_employees_income_tax_saving_per_group_and_year(client: Client) -> None:
    html = client.post("/en/incentives/simulator/", {**FORM, "g0_salary": "600000"}).content
    text = html.decode()
    # 600,000 MAD: ordinary tax 175,439.33; capped at 10 % (Fès Shore) = 60,000, at 20 %
    # (Casanearshore) = 120,000 (jiha/legislation/scenarios/income_tax.yaml)
    assert 'data-ir-saving-group="0">115,439.33' in text
    assert 'data-ir-saving-group="0">55,439.33' in text
    assert 'data-ir-saving="2027">1,154,393.30' in text  # 10 employees
    assert "175,439.33" in text
    assert "data-ir-to-confirm" not in text  # 2026–2027: the 2025 scale, sourced
