from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")

PROJECT: dict[str, Any] = {
    "location": {"region": "MA-03", "park": "fes_shore"},
    "activity": "BPO",
    "profit": 1_000_000,
    "employees": [
        {"profile": "bpo", "gross_annual_salary": 120000, "hire_date": "2025-09-01", "count": 10}
    ],
    "first_year": 2026,
    "last_year": 2027,
}


def _post(client: Client, payload: dict[str, Any] | str) -> Any:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post("/api/incentives/simulate", body, content_type="application/json")


def test_it_computes_incentives_per_year_and_scheme(client: Client) -> None:
    response = _post(client, PROJECT)
    assert response.status_code == 200
    [result] = response.json()["results"]
    year_2027 = result["years"][1]
    assert year_2027["schemes"]["employment_bonus_total"] == "204000.00"  # 10 × 17 % × 120,000
    assert year_2027["schemes"]["training_bonus_total"] == "42000.00"  # 10 × 3.5 % × 120,000
    assert result["income_tax_caps"][0]["rate"] == 0.1


def test_it_compares_two_locations(client: Client) -> None:
    payload = {**PROJECT, "compare_with": {"region": "MA-06", "park": "casanearshore"}}
    results = _post(client, payload).json()["results"]
    assert [r["location"]["region"] for r in results] == ["MA-03", "MA-06"]
    assert [r["income_tax_caps"][0]["rate"] for r in results] == [0.1, 0.2]


def test_the_employee_explanation_lists_each_parameter_with_source_and_date(
    client: Client,
) -> None:
    explanation = _post(client, PROJECT).json()["results"][0]["explanations"][
        "employment_bonus_total"
    ]
    bonus = explanation["inputs"][0]
    assert bonus["variable"] == "employment_bonus"
    used = {p["name"]: p for p in bonus["parameters"]}
    rate = used["offer_2025.employment_bonus.rate"]
    assert (rate["value"], rate["in_force_from"]) == (0.17, "2025-07-01")
    assert "expresstv" in rate["reference"]
    assert used["offer_2025.employment_bonus.minimum_months"]["value"] == 18


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        (
            {
                "employees": [
                    {"profile": "bpo", "gross_annual_salary": -1, "hire_date": "2025-09-01"}
                ]
            },
            422,
            "invalid_input",
        ),
        # The schema states the region codes and the widest years (docs/decisions/0020).
        ({"location": {"region": "MA-99"}}, 422, "invalid_input"),
        ({"first_year": 1990, "last_year": 1995}, 422, "invalid_input"),
        ({"last_year": 2101}, 422, "invalid_input"),
        ({"location": {"region": "MA-03", "province": "02.411"}}, 422, "unknown_province"),
        ({"first_year": 2001, "last_year": 2002}, 422, "years_before_legislation"),
        ({"last_year": 2045}, 422, "years_after_last_payment"),
        ({"first_year": 2028, "last_year": 2027}, 422, "years_reversed"),
        ({"activity": None}, 422, "invalid_input"),
        (
            {"trainings": [{"employee": 5, "cost": 10, "start_date": "2026-01-01"}]},
            422,
            "unknown_training_group",
        ),
    ],
)
def test_bad_input_gets_a_clear_4xx(
    client: Client, change: dict[str, Any], status: int, code: str
) -> None:
    response = _post(client, {**PROJECT, **change})
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_a_missing_field_is_named(client: Client) -> None:
    payload = {k: v for k, v in PROJECT.items() if k != "employees"}
    response = _post(client, payload)
    assert response.status_code == 422
    assert ["body", "data", "employees"] in [d["location"] for d in response.json()["details"]]


def test_malformed_json_is_a_4xx(client: Client) -> None:
    response = _post(client, '{"location": ')
    assert 400 <= response.status_code < 500
    assert "code" in response.json()


def test_a_10_mb_json_is_refused_with_a_413(client: Client) -> None:
    employee = {"profile": "bpo", "gross_annual_salary": 1, "hire_date": "2025-09-01"}
    body = json.dumps({**PROJECT, "employees": [employee] * 150_000})
    assert len(body) > 10_000_000
    response = _post(client, body)
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_money_is_exact_in_the_response(client: Client) -> None:
    payload = {
        **PROJECT,
        "employees": [
            {"profile": "bpo", "gross_annual_salary": "100000.03", "hire_date": "2025-07-01"}
        ],
    }
    year = _post(client, payload).json()["results"][0]["years"][1]
    assert Decimal(year["schemes"]["employment_bonus_total"]) == Decimal("17000.01")


def test_it_simulates_the_years_up_to_the_last_payment_in_2035(client: Client) -> None:
    payload = {
        **PROJECT,
        "employees": [{"profile": "bpo", "gross_annual_salary": 90000, "hire_date": "2030-12-31"}],
        "first_year": 2030,
        "last_year": 2035,
    }
    response = _post(client, payload)
    assert response.status_code == 200
    years = response.json()["results"][0]["years"]
    training = [y["schemes"]["training_bonus_total"] for y in years]
    assert training == ["0.00", "3150.00", "3150.00", "3150.00", "3150.00", "3150.00"]
    assert years[2]["schemes"]["employment_bonus_total"] == "15300.00"  # 18 months: 2032


def test_it_says_why_a_later_year_is_not_simulated(client: Client) -> None:
    response = _post(client, {**PROJECT, "last_year": 2036})
    assert response.status_code == 422
    assert response.json()["code"] == "years_after_last_payment"
    assert "2035" in response.json()["message"]


def test_it_marks_the_amounts_that_rest_on_an_interpretation(client: Client) -> None:
    response = client.post(
        "/api/incentives/simulate",
        json.dumps(PROJECT),
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    result = response.json()["results"][0]
    marked = result["years"][1]["interpretations"]
    assert marked["employment_bonus_total"] == {
        "status": "interpretation, to be confirmed",
        "parameters": ["offer_2025.employment_bonus.payments"],
    }
    assert (
        "offer_2025.training_bonus.first_payment_after_years"
        in (marked["training_bonus_total"]["parameters"])
    )
    assert "charter_bonus" not in marked
    assert "offer_2025.employment_bonus.payments" in result["interpretation_parameters"]


def test_it_gives_the_income_tax_saving_per_employee_and_company(client: Client) -> None:
    payload = {**PROJECT, "employees": [{**PROJECT["employees"][0], "gross_annual_salary": 600000}]}
    [result] = _post(client, payload).json()["results"]
    cap = result["income_tax_caps"][0]
    assert (cap["ordinary_tax"], cap["capped_amount"], cap["saving"]) == (
        "175439.33",
        "60000.00",
        "115439.33",
    )
    assert result["years"][1]["income_tax_saving"] == "1154393.30"  # 10 employees
    assert result["income_tax_saving"]["total"] == "2308786.60"  # 2026 and 2027
    assert result["income_tax_saving"]["to_be_confirmed"] == []
    saving = result["explanations"]["income_tax_saving_total"]
    assert saving["value"] == "1154393.30"


def test_it_flags_the_income_tax_of_years_before_2025_as_to_be_confirmed(client: Client) -> None:
    payload = {
        **PROJECT,
        "location": {"region": "MA-06", "park": "casanearshore"},
        "employees": [{**PROJECT["employees"][0], "hire_date": "2020-01-01"}],
        "first_year": 2024,
        "last_year": 2024,
    }
    [result] = _post(client, payload).json()["results"]
    assert "income_tax.salary_scale.rates" in result["income_tax_saving"]["to_be_confirmed"]
