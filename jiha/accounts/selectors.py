"""Reads for accounts."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from jiha.accounts.models import STAFF_ROLES, ApiToken, Membership, Organisation, User


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


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The tokens of every organisation the user belongs to (members manage them together)."""
    return (
        ApiToken.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "created_by")
        .distinct()
        .order_by("-created_at")
    )


def token_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations where the user holds a role a token may carry (not a staff role)."""
    return (
        Organisation.objects.filter(memberships__user=user)
        .filter(
            pk__in=Membership.objects.filter(user=user)
            .exclude(role__in=STAFF_ROLES)
            .values("organisation")
        )
        .distinct()
        .order_by("name")
    )
