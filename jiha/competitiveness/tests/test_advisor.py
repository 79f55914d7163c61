"""The site-selection advisor: costs net of incentives, talent, quality, value for money, PDF;
one simulation and a fixed number of queries for the 12 regions."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jiha.competitiveness.services import ProjectBrief, site_advice
from jiha.incentives import engine_io as incentives
from jiha.lib.errors import InvalidInput
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
        start_year=2026,
        horizon_years=3,
        discount_rate=0.1,
        m2_per_seat=8,
        other_cost_per_seat=1000,
    )
    fes = next(a for a in site_advice(brief=brief) if a.code == "MA-03")
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
    results = site_advice(
        brief=ProjectBrief(headcount={"bpo": 50, "it_engineer": 10}, start_year=2026)
    )
    ranked = [a for a in results if a.rank]
    assert [a.rank for a in ranked] == list(range(1, len(ranked) + 1))
    assert all(a.reasons for a in ranked)
    values = [a.value_for_money or 0.0 for a in ranked]
    assert values == sorted(values, reverse=True)


def test_regions_without_cost_data_are_explained_not_invented(reference: None) -> None:
    observatory_reference_load()  # no salaries nor rents
    results = site_advice(brief=ProjectBrief(headcount={"bpo": 10}, start_year=2026))
    assert all(a.rank is None and a.net_present_cost == 0 for a in results)
    assert "salary-bpo" in results[0].missing


def test_the_page_and_the_pdf(client: Client, data: None) -> None:
    html = client.get("/en/competitiveness/advisor/", QUERY).content.decode()
    assert html.count('data-region="MA-') == 12
    assert "Demo (synthetic)" in html
    pdf = client.get("/en/competitiveness/advisor/report.pdf", QUERY)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_project_without_bpo_hires_is_compared_too(client: Client, data: None) -> None:
    query = {**{k: v for k, v in QUERY.items() if k != "h_bpo"}, "h_it_engineer": "10"}
    response = client.get("/en/competitiveness/advisor/", query)
    assert len(response.context["results"]) == 12  # the form was bound on h_bpo alone


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
    late = client.get("/en/competitiveness/advisor/", {**QUERY, "start_year": "2033"})
    assert not late.context["results"]
    assert "The years compared run from 2007 to 2035 at the most." in late.content.decode()


def test_it_simulates_the_12_regions_at_once_in_a_fixed_number_of_queries(
    data: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    simulations: list[int] = []
    original = incentives.Simulation

    def counted(*args: Any, **kwargs: Any) -> Any:
        simulation = original(*args, **kwargs)
        simulations.append(simulation.situation["company"].count)
        return simulation

    monkeypatch.setattr(incentives, "Simulation", counted)
    brief = ProjectBrief(headcount={"bpo": 30, "it_engineer": 5}, start_year=2026)
    site_advice(brief=brief)  # the legislation is cached on the first call
    simulations.clear()
    with CaptureQueriesContext(connection) as queries:
        results = site_advice(brief=brief)
    assert simulations == [12]  # one simulation, one company per region
    assert sum(1 for r in results if r.yearly_incentives) == 12
    # the values (latest cells, versions read, indicators), the regions, the index edition,
    # and the legislation in force (twice)
    assert len(queries) == 7, [q["sql"][:80] for q in queries]


def test_each_region_is_compared_in_its_park(data: None) -> None:
    results = site_advice(brief=ProjectBrief(headcount={"bpo": 10}, start_year=2026))
    parks = {r.code: r.park for r in results}
    assert parks["MA-06"] == "casanearshore" and parks["MA-03"] == "fes_shore"
    assert parks["MA-08"] == "none"


def test_the_first_year_comes_from_the_brief(data: None) -> None:
    def fes(start_year: int) -> list[float]:
        brief = ProjectBrief(headcount={"bpo": 10}, start_year=start_year, horizon_years=2)
        return next(a for a in site_advice(brief=brief) if a.code == "MA-03").yearly_incentives

    # A hire on 1 January gets the employment bonus 18 months later, in the second year.
    assert fes(2027)[0] == 0 and fes(2027)[1] > 0
    # Hired on 1 Jan 2031, after the 2025 offer closed: no bonus at all.
    assert fes(2031) == [0, 0]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"start_year": 2035, "horizon_years": 2}, "years_not_covered"),
        ({"horizon_years": 11}, "invalid_horizon"),
        ({"headcount": {"bpo": 20_001}}, "advisor_too_large"),
        ({"headcount": {"bpo": 0}}, "no_headcount"),
        ({"headcount": {"bpo": 5, "it_engineer": -1}}, "negative_headcount"),
        ({"headcount": {"cook": 5}}, "unknown_profile"),
    ],
)
def test_a_brief_it_cannot_answer_is_refused_with_a_reason(
    reference: None, change: dict[str, Any], code: str
) -> None:
    brief = ProjectBrief(**{"headcount": {"bpo": 10}, "start_year": 2026, **change})
    with pytest.raises(InvalidInput) as refusal:
        site_advice(brief=brief)
    assert refusal.value.code == code


def test_it_shows_the_employees_income_tax_saving_beside_the_net_cost(
    client: Client, data: None
) -> None:
    brief = ProjectBrief(
        headcount={"management": 10},
        start_year=2026,
        horizon_years=2,
        discount_rate=0.1,
        m2_per_seat=8,
        other_cost_per_seat=0,
    )
    fes = next(a for a in site_advice(brief=brief) if a.code == "MA-03")
    assert demo_salary("management", "MA-03") == 158_400
    # By hand: professional expenses 35,000 (ceiling); CNSS 3,225.60 + AMO 3,579.84; net
    # 116,594.56; tax 12,000 + 34 % of 16,594.56 = 17,642.15; Fès Shore cap 10 % = 15,840.
    assert fes.yearly_income_tax_saving == pytest.approx([18_021.50, 18_021.50])
    assert fes.net_present_cost_with_income_tax_saving == pytest.approx(
        fes.net_present_cost - 18_021.50 / 1.1 - 18_021.50 / 1.1**2
    )
    html = client.get("/en/competitiveness/advisor/", {**QUERY, "h_bpo": "0", "h_management": "10"})
    assert "data-ir-saving-npc" in html.content.decode()
