"""Reads for accounts."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from jiha.accounts.models import Membership, Organisation, User


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name")
    )


def organisation_overview() -> QuerySet[Organisation]:
    return (
        Organisation.objects.select_related("region")
        .annotate(member_count=Count("memberships"))
        .order_by("kind", "name")
    )
