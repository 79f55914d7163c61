"""Writes for accounts: organisations and memberships (atomic, validated)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jiha.accounts.models import (
    REGIONAL_KINDS,
    ROLES_BY_KIND,
    Membership,
    Organisation,
    Role,
    User,
)
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.regions.models import Region


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
    """Update an organisation's public profile; only its members or an administrator may."""
    if not actor.has_perm("accounts.change_organisation", organisation):
        raise PermissionDenied(_("You cannot change this organisation."))
    editable = {"name", "website", "description", "ice"}
    unknown = set(data) - editable
    if unknown:
        raise InvalidInput(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    for field, value in data.items():
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save(update_fields=sorted(data))
    return organisation
