"""Object-level permission helpers (rules predicates) and the two-factor check for staff.

An applicant acts only for its own organisation; a regional officer sees only its region's
non-public data; staff roles (reviewer, analyst, administrator) and the superuser flag count
only in a session confirmed with TOTP (``User.staff_powers_dormant``).
"""

from __future__ import annotations

from typing import Any

import rules
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import STAFF_ROLES, Membership, Organisation, Role
from jiha.accounts.tokens import API_AUTH
from jiha.lib.errors import AppError, PermissionDenied
from jiha.regions.models import Region


def user_roles(user: Any) -> frozenset[str]:
    """The roles a user may use now: staff roles are left out while they are dormant."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    roles: frozenset[str] = user.membership_roles
    if roles & STAFF_ROLES and user.staff_powers_dormant:
        return roles - STAFF_ROLES
    return roles


def is_staff_role_user(user: Any) -> bool:
    """Holds staff powers (dormant or not): such a user needs TOTP to use them."""
    return bool(getattr(user, "is_authenticated", False) and user.holds_staff_powers)


def is_active_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) and not user.staff_powers_dormant


@rules.predicate
def is_administrator(user: Any) -> bool:
    return Role.ADMINISTRATOR in user_roles(user) or is_active_superuser(user)


def memberships_in_force(user: Any) -> QuerySet[Membership]:
    """The user's memberships this request may use: with an API token, those of the token's
    organisation only."""
    memberships = Membership.objects.filter(user=user)
    token_organisation = getattr(user, "token_organisation_id", None)
    if token_organisation is not None:
        memberships = memberships.filter(organisation_id=token_organisation)
    return memberships


@rules.predicate
def is_member_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return memberships_in_force(user).filter(organisation=organisation).exists()


@rules.predicate
def is_applicant_of(user: Any, organisation: Organisation | None) -> bool:
    if organisation is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        memberships_in_force(user).filter(organisation=organisation, role=Role.APPLICANT).exists()
    )


@rules.predicate
def is_regional_officer_of(user: Any, region: Region | None) -> bool:
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        memberships_in_force(user)
        .filter(role=Role.REGIONAL_OFFICER, organisation__region=region)
        .exists()
    )


@rules.predicate
def is_programme_analyst(user: Any) -> bool:
    return bool(user_roles(user) & {Role.ANALYST, Role.ADMINISTRATOR})


def has_verified_second_factor(request: HttpRequest) -> bool:
    """True when this session was confirmed with TOTP *and* the user still has TOTP set up."""
    user = request.user
    if not user.is_authenticated:
        return False
    # The session records come first: they cost no query, and most sessions have none.
    records = get_authentication_records(request, user)
    return any(r.get("method") == "mfa" for r in records) and has_totp(user)


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def second_factor_url(user: Any, next_url: str) -> str:
    """Where a staff user goes to wake their powers: TOTP set-up, or confirming the session."""
    if not has_totp(user):
        return reverse("mfa_activate_totp")
    return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}"


class SecondFactorRequired(PermissionDenied):
    code = "second_factor_required"

    def __init__(self) -> None:
        super().__init__(
            _(
                "Staff actions need a session confirmed with your authenticator app. Confirm "
                "this session (or set up two-factor authentication), then try again."
            )
        )


class StaffPowersNeedSession(PermissionDenied):
    code = "staff_powers_need_session"

    def __init__(self) -> None:
        super().__init__(
            _(
                "An API token never carries staff powers: staff actions need a session "
                "confirmed with your authenticator app."
            )
        )


def explain_refusal(user: Any, error: AppError) -> AppError:
    """A refusal met by a staff user whose session is not confirmed says why it may be."""
    if error.status == 403 and getattr(user, "staff_powers_dormant", False):
        if getattr(user, "token_organisation_id", None) is not None:
            return StaffPowersNeedSession()
        return SecondFactorRequired()
    return error


__all__ = ["API_AUTH"]
