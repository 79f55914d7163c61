"""Reads of the exports: who may see which, and the file of a finished one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jiha.accounts.models import STAFF_ROLES, Organisation
from jiha.accounts.permissions import is_active_superuser, memberships_in_force, user_roles
from jiha.exports.models import DossierExport
from jiha.lib.errors import NotFound


def may_export_all(user: Any) -> bool:
    return bool(user_roles(user) & STAFF_ROLES) or is_active_superuser(user)


def export_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose dossiers the user may export (as their applicant)."""
    ids = memberships_in_force(user).filter(role="applicant").values("organisation")
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def exports_of(user: Any) -> QuerySet[DossierExport]:
    """The exports the user asked for."""
    return DossierExport.objects.filter(requested_by=user).select_related("organisation")


def export_get(*, user: Any, export_id: int) -> DossierExport:
    """An export the user asked for and may still see (staff powers for an export of all);
    anyone else's is "not found"."""
    export = exports_of(user).filter(pk=export_id).first()
    if export is None or (export.organisation_id is None and not may_export_all(user)):
        raise NotFound(_("There is no such export."), code="unknown_export")
    if export.organisation_id is not None and not export_organisations(user).filter(
        Q(pk=export.organisation_id)
    ):
        raise NotFound(_("There is no such export."), code="unknown_export")
    return export


def export_path(export: DossierExport) -> Path:
    if export.status != DossierExport.Status.DONE or not export.stored_file:
        raise NotFound(_("This export is not ready yet."), code="export_not_ready")
    return Path(settings.VAR_DIR) / "exports" / Path(export.stored_file).name
