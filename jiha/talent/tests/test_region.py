"""The talent section of the region pages and the supply/demand view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jiha.accounts.models import Organisation, User
from jiha.talent import selectors, services
from jiha.talent.models import CandidateProfile
from jiha.talent.tests.conftest import offer_input

pytestmark = pytest.mark.django_db


def test_it_adds_a_section_to_regions_with_talent_data_only(
    tiny: object,
    applicant: User,
    company: Organisation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    assert selectors.region_talent("MA-03") is None
    services.offer_create(actor=applicant, company=company, data=offer_input(positions=5))
    for language in ("", "/ar", "/en"):
        page = Client().get(f"{language}/regions/MA-03/").content.decode()
        assert 'id="talent-title"' in page
    assert 'id="talent-title"' not in Client().get("/regions/MA-08/").content.decode()


def test_it_withholds_supply_and_demand_counts_below_three(
    tiny: object,
    applicant: User,
    company: Organisation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    services.offer_create(actor=applicant, company=company, data=offer_input(positions=4))
    for n in range(2):
        make_candidate(f"c{n}@example.ma", target_occupation="t-job")
    [row] = selectors.supply_demand("MA-03")
    assert (row["positions"], row["candidates"], row["seats"]) == (4, None, None)
    make_candidate("c3@example.ma", target_occupation="t-job")
    [row] = selectors.supply_demand("MA-03")
    assert row["candidates"] == 3
    api = Client().get("/api/talent/supply-demand", {"region": "MA-03"}).json()
    assert api[0]["candidates"] == 3
    assert "&lt;3" in Client().get("/talent/").content.decode()  # the seats: none
