"""Object-level permission helpers (rules predicates) and the two-factor check for staff.

An applicant acts only for its own organisation; a regional officer sees only its region's
non-public data; reviewers and administrators must have signed in with TOTP.
"""

from __future__ import annotations

from typing import Any

import rules
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

from jiha.accounts.models import STAFF_ROLES, Membership, Organisation, Role
from jiha.regions.models import Region


def user_roles(user: Any) -> set[str]:
    """The roles a user holds in any organisation (cached on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached: set[str] | None = getattr(user, "_jiha_roles", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        user._jiha_roles = cached
    return cached


def is_staff_role_user(user: Any) -> bool:
    return bool(user_roles(user) & STAFF_ROLES) or bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_administrator(user: Any) -> bool:
    return Role.ADMINISTRATOR in user_roles(user) or bool(getattr(user, "is_superuser", False))


@rules.predicate
def is_member_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


@rules.predicate
def is_applicant_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Role.APPLICANT
    ).exists()


@rules.predicate
def is_regional_officer_of(user: Any, region: Region | None) -> bool:
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, role=Role.REGIONAL_OFFICER, organisation__region=region
    ).exists()


@rules.predicate
def is_programme_analyst(user: Any) -> bool:
    return bool(user_roles(user) & {Role.ANALYST, Role.ADMINISTRATOR})


def has_verified_second_factor(request: HttpRequest) -> bool:
    """True when the user has TOTP set up *and* this session was confirmed with it."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return False
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
