"""One answer to one question: the advisor's total for a region is the simulator's total for
the inputs of the advisor's link to it, and both say what they assume (ADRs 0021, 0022)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from jiha.competitiveness.advisor_views import _context
from jiha.competitiveness.tests.test_advisor import QUERY
from jiha.observatory.demo import demo_costs_create, demo_salary
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.django_db

# The case of the issue: 200 call-centre hires (CRM) over five years.
CRM = {**QUERY, "h_bpo": "200", "activity": "CRM", "start_year": "2026"}


@pytest.fixture(autouse=True)
def _unlimited(settings: Any) -> None:
    """These tests follow many links: the rate limit (10 a minute per client) is not tested
    here (test_a_simulation_by_get_shares_the_rate is)."""
    settings.JIHA_SIMULATE_RATE = "100000/m"


@pytest.fixture
def data(reference: None) -> None:
    observatory_reference_load()
    demo_costs_create()


def test_it_gives_for_each_region_the_simulator_s_total_for_the_link_s_inputs(
    client: Client, data: None
) -> None:
    response = client.get("/en/competitiveness/advisor/", CRM)
    results = response.context["results"]
    links = response.context["simulator_links"]
    assert len(links) == 12
    totals = set()
    for advice in results:
        link = links[advice.code]
        assert f'data-simulator-link="{advice.code}"' in response.content.decode()
        page = client.get(link)
        assert page.status_code == 200
        (result, _place, _rows) = page.context["results"][0]
        assert result.location.region == advice.code
        assert result.total == Decimal(str(advice.incentives_total)).quantize(Decimal("0.01"))
        assert [float(y.total) for y in result.years] == advice.yearly_incentives
        totals.add(result.total)
    assert len(totals) > 1  # regional salaries: the regions differ, and the simulator agrees


def test_the_link_carries_exactly_the_advisor_s_inputs(client: Client, data: None) -> None:
    response = client.get("/en/competitiveness/advisor/", CRM)
    fes = next(r for r in response.context["results"] if r.code == "MA-03")
    query = dict(parse_qsl(urlsplit(response.context["simulator_links"]["MA-03"]).query))
    assert query == {
        "region": "MA-03",
        "park": fes.park,
        "activity": "CRM",
        "first_year": "2026",
        "last_year": "2030",
        "g0_count": "200",
        "g0_profile": "bpo",
        "g0_salary": str(Decimal(str(round(demo_salary("bpo", "MA-03"), 2)))),
        "g0_hire_date": "2026-01-01",
        "g0_permanent": "on",
        "g0_moroccan": "on",
    }


def test_the_page_and_the_api_state_their_assumptions(client: Client, data: None) -> None:
    html = client.get("/en/competitiveness/advisor/", CRM).content.decode()
    assert 'data-assumption="salaries"' in html
    assert "latest regional salary of each profile, not a salary you type in" in html
    assert "Salaries and rents (demo, synthetic)" in html
    assert "2026–2030" in html
    body = {"headcount": {"bpo": 200}, "activity": "CRM", "start_year": 2026}
    answer = client.post("/api/competitiveness/advisor", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    fes = next(r for r in answer.json()["regions"] if r["region"] == "MA-03")
    assert fes["first_year"] == 2026 and fes["last_year"] == 2030
    assert fes["incentives_total"] == pytest.approx(sum(fes["yearly_incentives"]))
    assert fes["salaries"][0]["source"] == "observatory"
    assert fes["salaries"][0]["dataset"] == "demo-salaries-rents"
    assert fes["salaries"][0]["synthetic"] is True
    assert fes["simulator_url"].startswith("/incentives/simulator/?region=MA-03")


def test_the_pdf_gives_the_inputs_and_the_date(
    client: Client, data: None, rf: RequestFactory
) -> None:
    request = rf.get("/en/competitiveness/advisor/report.pdf", CRM)
    with translation.override("en"):
        html = render_to_string("competitiveness/advisor_pdf.html", _context(request))
    assert "Computed on" in html
    assert timezone.localdate().isoformat() in html
    assert "200" in html and "CRM" in html  # the headcount and the activity typed in
    assert "data-input" in html
    assert "data-simulator-link" not in html  # no page link column in the PDF
    pdf = client.get("/en/competitiveness/advisor/report.pdf", CRM)
    assert pdf.content.startswith(b"%PDF")


def test_an_advisor_query_survives_a_language_switch(client: Client, data: None) -> None:
    page = client.get("/competitiveness/advisor/", CRM)  # French, the default language
    switched = client.post(
        "/i18n/setlang/", {"language": "ar", "next": page.wsgi_request.get_full_path()}
    )
    assert switched.status_code == 302
    assert switched["Location"].startswith("/ar/competitiveness/advisor/?")
    arabic = client.get(switched["Location"])
    assert [r.incentives_total for r in arabic.context["results"]] == [
        r.incentives_total for r in page.context["results"]
    ]
