"""The hiring outlook: series of hires per region and occupation family from the activity
reports, only where confidentiality allows, forecast only where the back-test allows."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from jiha.accounts import services as accounts
from jiha.accounts.models import OrganisationKind, Role, User
from jiha.observatory import selectors as observatory
from jiha.observatory.reports import LineInput, report_submit
from jiha.talent import engine_io
from jiha.talent.tests.conftest import needs_forecast

pytestmark = pytest.mark.django_db


def _line(region: str, hires: int) -> LineInput:
    return LineInput(region, "bpo", 100, 50, 50, hires, 0, 0, Decimal(0), Decimal(0))


@pytest.fixture
def reports(applicant: User) -> Callable[[dict[str, list[int]], list[int]], None]:
    def file(by_region: dict[str, list[int]], years: list[int]) -> None:
        companies = [
            accounts.organisation_create(name=f"Co {i}", kind=OrganisationKind.COMPANY)
            for i in range(3)
        ]
        for company in companies:
            accounts.membership_add(user=applicant, organisation=company, role=Role.APPLICANT)
        for index, year in enumerate(years):
            for company in companies:
                lines = [_line(region, hires[index]) for region, hires in by_region.items()]
                report_submit(actor=applicant, company=company, year=year, lines=lines)

    return file


def test_it_keeps_only_the_series_whose_every_cell_is_publishable(
    reports: Callable[[dict[str, list[int]], list[int]], None], applicant: User
) -> None:
    reports({"MA-03": [10, 12, 14, 16], "MA-06": [20, 20, 20, 20]}, [2021, 2022, 2023, 2024])
    history = observatory.hires_history()
    assert history[("MA-03", "bpo")] == {"2021": 30.0, "2022": 36.0, "2023": 42.0, "2024": 48.0}
    # A fourth company alone in MA-01 one year: that cell is withheld, so is its series.
    lone = accounts.organisation_create(name="Lone", kind=OrganisationKind.COMPANY)
    accounts.membership_add(user=applicant, organisation=lone, role=Role.APPLICANT)
    report_submit(actor=applicant, company=lone, year=2024, lines=[_line("MA-01", 5)])
    assert ("MA-01", "bpo") not in observatory.hires_history()


@needs_forecast
def test_it_publishes_a_forecast_only_where_the_backtest_allows(
    reports: Callable[[dict[str, list[int]], list[int]], None],
) -> None:
    reports(
        {"MA-03": [10, 10, 10, 10, 10, 10], "MA-06": [5, 40, 2, 60, 1, 90]},
        [2019, 2020, 2021, 2022, 2023, 2024],
    )
    rows = engine_io.hiring_outlook()
    assert [(r.region, r.family) for r in rows] == [("MA-03", "bpo")]
    assert rows[0].value == pytest.approx(30.0, rel=0.05)
    page = Client().get("/en/talent/offers/").content.decode()
    assert "Hiring outlook" in page
