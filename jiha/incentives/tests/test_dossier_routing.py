"""Routing of submitted dossiers to reviewer groups, the review queue's filters, and the
decision clock that pauses while a correction is pending."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from jiha.accounts.models import User
from jiha.incentives import selectors, services
from jiha.incentives.models import Dossier, ReviewerGroup, RoutingRule, Scheme
from jiha.lib.errors import PermissionDenied
from jiha.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MakeDossier = Callable[..., Dossier]


def test_it_routes_by_scheme_region_and_amount(make_dossier: MakeDossier, reviewer: User) -> None:
    big, fes, training, rest = (ReviewerGroup.objects.create(name=n) for n in "ABCD")
    RoutingRule.objects.create(group=big, priority=1, min_amount=Decimal("100000"))
    RoutingRule.objects.create(
        group=fes, priority=2, region=Region.objects.get(code="MA-03"), max_amount=Decimal(50000)
    )
    RoutingRule.objects.create(
        group=training, priority=3, scheme=Scheme.objects.get(code="training-aid-2006")
    )
    RoutingRule.objects.create(group=rest, priority=9)
    assert make_dossier("submitted").group == fes  # 20,400 MAD in Fès-Meknès
    # The training aid's amount is to be confirmed: no amount rule matches it.
    assert make_dossier("submitted", scheme="training-aid-2006").group == training


def test_it_filters_the_queue_by_scheme_region_state_and_age(
    make_dossier: MakeDossier, reviewer: User, instructor: User, applicant: User
) -> None:
    old = make_dossier("submitted")
    Dossier.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    fresh = make_dossier("under_review", instructor=instructor)
    training = make_dossier("submitted", scheme="training-aid-2006")

    def refs(**filters: Any) -> set[str]:
        queue = selectors.review_queue(user=reviewer, filters=selectors.QueueFilters(**filters))
        return {d.reference for d in queue}

    assert refs() == {old.reference, fresh.reference, training.reference}
    assert refs(scheme="training-aid-2006") == {training.reference}
    assert refs(state="under_review") == {fresh.reference}
    assert refs(older_than_days=30) == {old.reference}
    assert refs(region="MA-01") == set()
    assert refs(mine=True) == set()  # the reviewer is in no group and instructs nothing
    with pytest.raises(PermissionDenied):
        selectors.review_queue(user=applicant)


def test_it_pushes_the_deadline_back_by_the_time_a_correction_waited(
    make_dossier: MakeDossier, applicant: User, instructor: User
) -> None:
    Scheme.objects.filter(code="employment-bonus-2025").update(decision_days=30)
    dossier = make_dossier("under_review", instructor=instructor)
    start = dossier.clock_started_at
    assert start is not None
    unpaused = selectors.dossier_deadline(dossier, now=start + dt.timedelta(days=10))
    assert unpaused is not None and unpaused.due == start + dt.timedelta(days=30)
    assert round(unpaused.elapsed_days) == 10

    services.correction_request(
        actor=instructor,
        dossier_id=dossier.pk,
        version=dossier.version,
        kind="outdated",
        message="Send the 2027 payroll.",
    )
    dossier.refresh_from_db()
    assert dossier.clock_paused_at is not None
    waiting = selectors.dossier_deadline(
        dossier, now=dossier.clock_paused_at + dt.timedelta(days=5)
    )
    assert waiting is not None and waiting.paused
    Dossier.objects.filter(pk=dossier.pk).update(
        clock_paused_at=dossier.clock_paused_at - dt.timedelta(days=5)
    )
    dossier = services.correction_answer(
        actor=applicant, dossier_id=dossier.pk, version=dossier.version, answer="Sent."
    )
    after = selectors.dossier_deadline(dossier)
    assert after is not None and not after.paused
    assert after.due is not None and after.due >= start + dt.timedelta(days=35)


def test_it_shows_the_deadline_as_to_be_confirmed_without_a_source(
    make_dossier: MakeDossier,
) -> None:
    deadline = selectors.dossier_deadline(make_dossier("submitted"))
    assert deadline is not None and deadline.due is None and deadline.days_left is None
