"""Outcomes reported by providers: placement rates at 6 and 12 months, region counts and the
observatory indicators, all withheld below 3 people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.audit.models import AuditEntry
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.observatory.models import Observation
from jiha.talent import selectors, services
from jiha.talent.models import CandidateProfile, Programme
from jiha.talent.tests.conftest import programme_input

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 6, 1)


@pytest.fixture
def programme(tiny: object, provider_user: User) -> Programme:
    provider = provider_user.memberships.get().organisation
    return services.programme_create(actor=provider_user, provider=provider, data=programme_input())


def _report(
    user: User, programme: Programme, n: int, placed_after: int | None, **kw: object
) -> None:
    services.outcome_report(
        actor=user,
        programme=programme,
        data=services.OutcomeInput(
            participant=f"P{n}",
            under_30=bool(kw.get("under_30", True)),
            reconversion=bool(kw.get("reconversion", False)),
            enrolled_on=DAY - dt.timedelta(days=90),
            completed_on=DAY,
            placed_on=None if placed_after is None else DAY + dt.timedelta(days=placed_after),
        ),
    )


def test_it_withholds_placement_rates_below_three_completers(
    programme: Programme, provider_user: User
) -> None:
    _report(provider_user, programme, 1, 30)
    _report(provider_user, programme, 2, 30)
    six, twelve = selectors.placement_rates(programme, on=DAY + dt.timedelta(days=400))
    assert six.rate is None and twelve.rate is None


def test_it_computes_placement_rates_at_6_and_12_months(
    programme: Programme, provider_user: User
) -> None:
    for n, days in enumerate([30, 100, 250, None]):
        _report(provider_user, programme, n, days)
    six, twelve = selectors.placement_rates(programme, on=DAY + dt.timedelta(days=400))
    assert (six.completers, six.rate) == (4, 0.5)
    assert (twelve.completers, twelve.rate) == (4, 0.75)
    # Six months after completion only: 12-month rate not yet known.
    six, twelve = selectors.placement_rates(programme, on=DAY + dt.timedelta(days=200))
    assert six.rate == 0.5 and twelve.rate is None
    assert AuditEntry.objects.filter(action="talent.outcome.report").count() == 4


def test_it_refuses_outcomes_from_another_provider_and_incoherent_dates(
    programme: Programme, make_member: Callable[..., User]
) -> None:
    from jiha.accounts.models import OrganisationKind, Role

    other = make_member(
        "other@school.example", OrganisationKind.TRAINING_PROVIDER, Role.TRAINING_PROVIDER
    )
    with pytest.raises(PermissionDenied):
        _report(other, programme, 1, None)
    owner = programme.provider.memberships.get().user
    with pytest.raises(InvalidInput):
        services.outcome_report(
            actor=owner,
            programme=programme,
            data=services.OutcomeInput(
                participant="X",
                under_30=True,
                reconversion=False,
                enrolled_on=DAY,
                completed_on=DAY - dt.timedelta(days=1),
            ),
        )
    client = Client()
    client.force_login(other)
    assert client.get(f"/talent/provider/programmes/{programme.pk}/outcomes/").status_code == 404


def test_it_keeps_region_pipeline_counts_confidential(
    programme: Programme, provider_user: User, make_candidate: Callable[..., CandidateProfile]
) -> None:
    make_candidate("a@example.ma")
    make_candidate("b@example.ma")
    for n in range(3):
        _report(provider_user, programme, n, 10 if n == 0 else None)
    pipeline = selectors.region_pipeline("MA-03")
    assert pipeline == {"candidates": None, "enrolments": 3, "completions": 3, "placements": None}
    assert selectors.region_pipeline("MA-08") is None
    make_candidate("c@example.ma")
    assert selectors.region_pipeline("MA-03")["candidates"] == 3  # type: ignore[index]


def test_it_publishes_outcome_indicators_to_the_observatory_under_confidentiality(
    programme: Programme, provider_user: User
) -> None:
    from jiha.observatory.services import observatory_reference_load

    observatory_reference_load()
    for n in range(4):
        _report(provider_user, programme, n, 20, under_30=n < 3, reconversion=n < 2)
    version = services.outcome_indicators_publish(year=2025)
    assert version is not None
    rows = {
        o.indicator.code: o for o in Observation.objects.filter(version=version, territory="MA-03")
    }
    assert rows["talent-placements"].value == 4
    assert rows["talent-under-30-share"].value == 75
    assert rows["talent-reconversions"].value is None and rows["talent-reconversions"].confidential
    assert services.outcome_indicators_publish(year=2025) is None  # nothing new
