"""Reconversion paths through the app: the cheapest (or shortest) programmes in the region or
remote, and a clear message when no programme teaches a skill there."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from jiha.accounts.models import Organisation, User
from jiha.lib.errors import InvalidInput
from jiha.talent import engine_io, selectors, services
from jiha.talent.models import CandidateProfile, Occupation
from jiha.talent.tests.conftest import needs_paths, programme_input

pytestmark = [pytest.mark.django_db, needs_paths]


def _provider(user: User) -> Organisation:
    return user.memberships.get().organisation


def test_it_finds_the_cheapest_programmes_in_the_region_or_remote(
    tiny: Occupation,
    provider_user: User,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    me = make_candidate("c@example.ma", skills={"t-a": 3})  # lacks t-b
    provider = _provider(provider_user)

    def add(title: str, **changes: object) -> int:
        return services.programme_create(
            actor=provider_user, provider=provider, data=programme_input(title=title, **changes)
        ).pk

    add("elsewhere", skills=["t-b"], region="MA-06", cost=Decimal(100))
    remote = add("remote", skills=["t-b"], region=None, remote=True, cost=Decimal(900), hours=40)
    local = add("local", skills=["t-b", "t-c"], cost=Decimal(1200), hours=20)
    cheapest = engine_io.reconversion_plan(me, tiny, selectors.current_programmes())
    assert [p.pk for p in cheapest.programmes] == [remote]
    assert cheapest.cost == Decimal(900) and [s.code for s in cheapest.gap] == ["t-b"]
    assert cheapest.net_cost is None  # no reimbursable share is known
    shortest = engine_io.reconversion_plan(
        me, tiny, selectors.current_programmes(), objective="hours"
    )
    assert [p.pk for p in shortest.programmes] == [local]


def test_it_says_which_skill_no_programme_teaches_in_the_region_or_remotely(
    tiny: Occupation,
    provider_user: User,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    me = make_candidate("c@example.ma", skills={"t-a": 3})
    services.programme_create(
        actor=provider_user,
        provider=_provider(provider_user),
        data=programme_input(skills=["t-b"], region="MA-06"),
    )
    with pytest.raises(InvalidInput) as refusal:
        engine_io.reconversion_plan(me, tiny, selectors.current_programmes())
    assert refusal.value.code == "no_path"
    assert "En t-b" in str(refusal.value.message) or "Fr t-b" in str(refusal.value.message)
    client = Client()
    client.force_login(me.user)
    page = client.get("/talent/me/path/", {"occupation": "t-job", "objective": "cost"})
    assert page.status_code == 200
    assert "No programme teaches" in page.content.decode() or "t-b" in page.content.decode()
    api = client.get("/api/talent/me/path", {"occupation": "t-job"})
    assert api.status_code == 422 and api.json()["code"] == "no_path"


def test_it_needs_nothing_when_the_candidate_has_every_essential_skill(
    tiny: Occupation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    me = make_candidate("c@example.ma", skills={"t-a": 3, "t-b": 1})
    plan = engine_io.reconversion_plan(me, tiny, selectors.current_programmes())
    assert plan.already and plan.programmes == [] and plan.cost == 0
