"""Reads of the incentive procedure: a person's dossiers, the review queue, one dossier (with
the right to see it), its decision clock and history, and counts for a region's officers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import rules
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Role, User
from jiha.audit.selectors import history_of
from jiha.incentives.models import Dossier, DossierState, ReviewerGroup, Scheme
from jiha.lib.errors import NotFound, PermissionDenied
from jiha.regions.models import Region

S = DossierState
OPEN_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.INFORMATION_REQUESTED, S.RESUBMITTED)


def scheme_list(*, active_only: bool = False) -> QuerySet[Scheme]:
    schemes = Scheme.objects.all()
    return schemes.filter(active=True) if active_only else schemes


def scheme_get(code: str) -> Scheme:
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is None:
        raise NotFound(_("There is no such scheme."), code="unknown_scheme")
    return scheme


def dossiers_of(user: Any) -> QuerySet[Dossier]:
    """The dossiers of the companies ``user`` applies for (nothing for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(
            organisation__memberships__user=user, organisation__memberships__role=Role.APPLICANT
        )
        .select_related("scheme", "region", "organisation")
        .distinct()
    )


def dossier_get(*, user: Any, dossier_id: int) -> Dossier:
    """One dossier, if ``user`` may see it (its company, reviewers and administrators once it
    is submitted, an expert invited on it); anyone else gets "not found"."""
    dossier = (
        Dossier.objects.select_related("scheme", "region", "organisation", "instructor", "group")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None or not (
        rules.has_perm("incentives.view_dossier", user, dossier)
        or rules.has_perm("incentives.expert_dossier", user, dossier)
    ):
        raise NotFound(_("There is no such dossier."), code="unknown_dossier")
    return dossier


@dataclass(frozen=True)
class QueueFilters:
    scheme: str = ""
    region: str = ""
    state: str = ""
    older_than_days: int | None = None
    mine: bool = False


def review_queue(*, user: Any, filters: QueueFilters | None = None) -> QuerySet[Dossier]:
    """The dossiers reviewers work on (submitted and later), oldest submission first,
    filtered by scheme, region, state and age (days since submission)."""
    if not rules.has_perm("incentives.review_queue", user):
        raise PermissionDenied(_("The review queue is for reviewers."))
    f = filters or QueueFilters()
    # The computation (explanation trees) and the data are for the dossier page, not the list.
    queue = (
        Dossier.objects.exclude(state__in=(S.DRAFT,))
        .select_related("scheme", "region", "organisation", "instructor", "group", "decision")
        .defer("computation", "data")
    )
    if f.scheme:
        queue = queue.filter(scheme__code=f.scheme)
    if f.region:
        queue = queue.filter(region__code=f.region)
    queue = queue.filter(state=f.state) if f.state else queue.filter(state__in=OPEN_STATES)
    if f.older_than_days is not None:
        queue = queue.filter(
            submitted_at__lte=timezone.now() - dt.timedelta(days=f.older_than_days)
        )
    if f.mine:
        queue = queue.filter(Q(instructor=user) | Q(group__members=user))
    return queue.order_by("submitted_at", "id")


def reviewers() -> QuerySet[User]:
    return User.objects.filter(memberships__role=Role.REVIEWER).distinct().order_by("email")


def reviewer_groups() -> QuerySet[ReviewerGroup]:
    return ReviewerGroup.objects.prefetch_related("rules", "members")


@dataclass(frozen=True)
class Deadline:
    """The decision clock of a dossier: ``due`` is None while the scheme's deadline is to be
    confirmed; the clock does not run while a correction is pending (``paused``)."""

    elapsed_days: float
    paused: bool
    due: dt.datetime | None
    days_left: float | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


def dossier_deadline(dossier: Dossier, *, now: dt.datetime | None = None) -> Deadline | None:
    if dossier.clock_started_at is None:
        return None
    end = dossier.decided_at or now or timezone.now()
    paused = dossier.clock_paused_at is not None and dossier.decided_at is None
    stopped = dossier.paused_seconds + (
        (end - dossier.clock_paused_at).total_seconds() if paused and dossier.clock_paused_at else 0
    )
    running = (end - dossier.clock_started_at).total_seconds() - stopped
    elapsed = running / 86400
    if dossier.scheme.decision_days is None:
        return Deadline(elapsed, paused, None, None)
    due = dossier.clock_started_at + dt.timedelta(
        days=dossier.scheme.decision_days, seconds=stopped
    )
    return Deadline(elapsed, paused, due, dossier.scheme.decision_days - elapsed)


def dossier_history(dossier: Dossier) -> list[Any]:
    """The dossier's audit entries, oldest first (who did what, when, before and after)."""
    return list(history_of(dossier))


def region_dossier_counts(*, user: Any, region: Region) -> dict[str, Any]:
    """Counts of a region's dossiers by state and scheme, for its officers and the programme
    office — aggregated only: no company, no amount of one company."""
    if not rules.has_perm("regions.view_private_data", user, region):
        raise PermissionDenied(_("These counts are for the region's officers."))
    rows = (
        Dossier.objects.filter(region=region)
        .exclude(state=S.DRAFT)
        .values("state", "scheme__code")
        .annotate(n=Count("id"))
        .order_by("scheme__code", "state")
    )
    by_state: dict[str, int] = {}
    by_scheme: dict[str, int] = {}
    for row in rows:
        by_state[row["state"]] = by_state.get(row["state"], 0) + row["n"]
        by_scheme[row["scheme__code"]] = by_scheme.get(row["scheme__code"], 0) + row["n"]
    return {
        "region": region.code,
        "total": sum(by_state.values()),
        "by_state": by_state,
        "by_scheme": by_scheme,
    }
