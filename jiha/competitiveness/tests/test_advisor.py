"""The site-selection advisor: costs net of incentives, talent, quality, value for money, PDF."""

from __future__ import annotations

import pytest
from django.test import Client

from jiha.competitiveness.advisor import ProjectBrief, advise
from jiha.observatory.demo import DEMO_COSTS, demo_costs_create, demo_salary
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.django_db

QUERY = {
    "h_bpo": "100",
    "activity": "BPO",
    "m2_per_seat": "8",
    "horizon_years": "5",
    "discount_rate": "8",
    "other_cost_per_seat": "0",
    "french": "on",
}


@pytest.fixture
def data(reference: None) -> None:
    observatory_reference_load()
    demo_costs_create()


def test_it_computes_each_region_s_cost_net_of_incentives(data: None) -> None:
    brief = ProjectBrief(
        headcount={"bpo": 100},
        horizon_years=3,
        discount_rate=0.1,
        m2_per_seat=8,
        other_cost_per_seat=1000,
    )
    fes = next(a for a in advise(brief) if a.code == "MA-03")
    salary = demo_salary("bpo", "MA-03")
    yearly = 100 * salary + 100 * 8 * DEMO_COSTS["regions"]["MA-03"]["rent"] * 12 + 100 * 1000
    assert fes.yearly_cost == pytest.approx(yearly)
    # 2026: nothing yet; 2027: training bonus 3.5 % + employment bonus 17 % (18 months in
    # July 2027); 2028: training bonus again; IS support is zero (no profit given).
    assert fes.yearly_incentives == pytest.approx(
        [0, 100 * salary * (0.035 + 0.17), 100 * salary * 0.035]
    )
    expected = sum((yearly - inc) / 1.1 ** (t + 1) for t, inc in enumerate(fes.yearly_incentives))
    assert fes.net_present_cost == pytest.approx(expected)
    assert fes.synthetic_inputs


def test_it_ranks_by_value_for_money_with_reasons(data: None) -> None:
    results = advise(ProjectBrief(headcount={"bpo": 50, "it_engineer": 10}))
    ranked = [a for a in results if a.rank]
    assert [a.rank for a in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.reasons for a in ranked)
    values = [a.value_for_money or 0.0 for a in ranked]
    assert values == sorted(values, reverse=True)


def test_regions_without_cost_data_are_explained_not_invented(reference: None) -> None:
    observatory_reference_load()  # no salaries nor rents
    results = advise(ProjectBrief(headcount={"bpo": 10}))
    assert all(a.rank is None and a.net_present_cost == 0 for a in results)
    assert "salary-bpo" in results[0].missing


def test_the_page_and_the_pdf(client: Client, data: None) -> None:
    html = client.get("/en/competitiveness/advisor/", QUERY).content.decode()
    assert html.count('data-region="MA-') == 12
    assert "Demo (synthetic)" in html
    pdf = client.get("/en/competitiveness/advisor/report.pdf", QUERY)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_no_headcount_is_a_clear_error(client: Client, data: None) -> None:
    response = client.get("/en/competitiveness/advisor/", {**QUERY, "h_bpo": "0"})
    assert "Give the headcount of at least one profile." in response.content.decode()
    bad = client.get("/en/competitiveness/advisor/", {**QUERY, "discount_rate": "-5"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()


def test_the_horizon_runs_to_the_last_year_the_incentive_rules_pay(
    client: Client, data: None
) -> None:
    accepted = client.get("/en/competitiveness/advisor/", {**QUERY, "horizon_years": "10"})
    assert accepted.context["results"]  # 2026-2035: the training bonuses of 2026 hires end in 2031
    refused = client.get("/en/competitiveness/advisor/", {**QUERY, "horizon_years": "11"})
    assert not refused.context["results"]
    assert "less than or equal to 10" in refused.content.decode()
