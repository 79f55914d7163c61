"""Writes for accounts: organisations and memberships (atomic, validated)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import (
    REGIONAL_KINDS,
    ROLES_BY_KIND,
    STAFF_ROLES,
    ApiToken,
    Membership,
    Organisation,
    Role,
    User,
)
from jiha.accounts.permissions import is_administrator
from jiha.accounts.tokens import token_make
from jiha.audit.services import audit_append
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.regions.models import Region

logger = logging.getLogger(__name__)

# What the programme office checks when it verifies an organisation: who it is.
VERIFIED_IDENTITY_FIELDS = frozenset({"name", "ice"})


def _check_region(kind: str, region: Region | None) -> None:
    if kind in REGIONAL_KINDS and region is None:
        raise InvalidInput(
            _("A regional organisation must name its region."), code="region_required"
        )


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, region: Region | None = None, synthetic: bool = False, **fields: Any
) -> Organisation:
    _check_region(kind, region)
    return Organisation.objects.create(
        name=name.strip(), kind=kind, region=region, synthetic=synthetic, **fields
    )


@transaction.atomic
def membership_add(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give ``user`` a ``role`` in ``organisation``; the role must fit the organisation's kind."""
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise InvalidInput(
            _("The role %(role)s does not exist in this kind of organisation (%(kind)s).")
            % {"role": Role(role).label, "kind": organisation.get_kind_display()},
            code="role_not_allowed",
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if role == Role.ADMINISTRATOR and not (user.is_staff and user.is_superuser):
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return membership


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    """Update an organisation's public profile; only its members or an administrator may.

    A member who changes the name or the ICE of a verified organisation removes the
    verification: the programme office verified *that* identity, not the new one. An
    administrator's change keeps it (they are the ones who verify).
    """
    if not actor.has_perm("accounts.change_organisation", organisation):
        raise PermissionDenied(_("You cannot change this organisation."))
    editable = {"name", "website", "description", "ice"}
    unknown = set(data) - editable
    if unknown:
        raise InvalidInput(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    changed = {field for field, value in data.items() if getattr(organisation, field) != value}
    for field, value in data.items():
        setattr(organisation, field, value)
    update_fields = set(data)
    identity_changes = changed & VERIFIED_IDENTITY_FIELDS
    if organisation.is_verified and identity_changes and not is_administrator(actor):
        organisation.is_verified = False
        update_fields.add("is_verified")
        logger.info(
            "organisation %s lost its verification: user %s changed %s",
            organisation.pk,
            actor.pk,
            ", ".join(sorted(identity_changes)),
        )
    organisation.full_clean()
    organisation.save(update_fields=sorted(update_fields))
    return organisation


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    scope: str,
    expires_on: dt.date,
    today: dt.date | None = None,
) -> tuple[ApiToken, str]:
    """A new API token for ``organisation``: the row, and the token's text (shown once, never
    stored). The actor must hold a non-staff role there: a token never carries staff powers
    (docs/decisions/0013). The expiry is mandatory, within ``JIHA_API_TOKEN_MAX_DAYS``."""
    roles = set(
        Membership.objects.filter(user=actor, organisation=organisation).values_list(
            "role", flat=True
        )
    )
    if not roles:
        raise PermissionDenied(_("You are not a member of this organisation."))
    if not roles - STAFF_ROLES:
        raise PermissionDenied(
            _(
                "Staff roles cannot be used through an API token: staff actions need a session "
                "confirmed with your authenticator app."
            ),
            code="staff_token_refused",
        )
    if scope not in ApiToken.Scope.values:
        raise InvalidInput(_("Unknown scope: choose read, or read and write."), code="bad_scope")
    name = name.strip()
    if not name:
        raise InvalidInput(_("Give the token a name."), code="name_required")
    today = today or timezone.localdate()
    longest = settings.JIHA_API_TOKEN_MAX_DAYS
    if not today < expires_on <= today + dt.timedelta(days=longest):
        raise InvalidInput(
            _("The expiry date must be after today and at most %(days)d days ahead.")
            % {"days": longest},
            code="bad_expiry",
        )
    text, prefix, hashed = token_make()
    expires_at = dt.datetime.combine(
        expires_on, dt.time.max, tzinfo=timezone.get_current_timezone()
    )
    token = ApiToken.objects.create(
        organisation=organisation,
        created_by=actor,
        name=name,
        prefix=prefix,
        secret_hash=hashed,
        scope=scope,
        expires_at=expires_at,
    )
    audit_append(
        actor=actor,
        action="api_token.create",
        target=token,
        after={
            "organisation": organisation.pk,
            "name": name,
            "prefix": prefix,
            "scope": scope,
            "expires_at": expires_at,
        },
    )
    return token, text


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (its creator, or another member of its organisation); idempotent."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not Membership.objects.filter(user=actor, organisation_id=locked.organisation_id).exists():
        raise PermissionDenied(_("You cannot revoke this token."))
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_append(
            actor=actor,
            action="api_token.revoke",
            target=locked,
            before={"revoked_at": None},
            after={"revoked_at": locked.revoked_at},
        )
    return locked
