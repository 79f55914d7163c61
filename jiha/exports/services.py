"""Writes of the exports: ask for one (checked, queued), and the worker's steps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Organisation, User
from jiha.exports import selectors
from jiha.exports.models import DossierExport
from jiha.lib.errors import InvalidInput, PermissionDenied


def export_dir() -> Path:
    """Where export files are written: private (never served as static or media files)."""
    folder = Path(settings.VAR_DIR) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@transaction.atomic
def export_request(
    *, actor: User, fmt: str, organisation: Organisation | None = None
) -> DossierExport:
    """Queue an export: staff of every dossier (``organisation`` None), a company's applicant
    of its own. Built by the worker; the result is a file to download."""
    if fmt not in DossierExport.Format.values:
        raise InvalidInput(_("Choose CSV, XLSX or ZIP."), code="bad_format")
    if organisation is None:
        if not selectors.may_export_all(actor):
            raise PermissionDenied(_("Only staff can export every dossier."))
    elif not actor.has_perm("accounts.act_for_organisation", organisation):
        raise PermissionDenied(_("You can only export your own organisation's dossiers."))
    export = DossierExport.objects.create(requested_by=actor, organisation=organisation, fmt=fmt)
    from jiha.exports.tasks import export_build  # the task module imports these services

    # The database backend's task row commits with the export; the immediate one (tests) runs
    # it now.
    export_build.enqueue(export.pk)
    return export


def export_start(*, export: DossierExport) -> None:
    export.status, export.heartbeat_at = DossierExport.Status.RUNNING, timezone.now()
    export.save(update_fields=["status", "heartbeat_at"])


def export_progress(*, export: DossierExport, rows: int, total: int) -> None:
    export.rows = rows
    export.progress = min(rows / total, 1.0) if total else 1.0
    DossierExport.objects.filter(pk=export.pk).update(
        rows=rows, progress=export.progress, heartbeat_at=timezone.now()
    )


def export_expire(*, export: DossierExport) -> DossierExport:
    """End as failed an export whose worker gave no sign of life for
    ``JIHA_EXPORT_STALE_SECONDS`` (killed, machine restarted): never "running" for ever."""
    if export.status != DossierExport.Status.RUNNING or export.heartbeat_at is None:
        return export
    limit = dt.timedelta(seconds=settings.JIHA_EXPORT_STALE_SECONDS)
    if timezone.now() - export.heartbeat_at > limit:
        export_fail(
            export=export,
            message=_("The export stopped (its worker gave no sign of life). Start it again."),
        )
    return export


def export_finish(*, export: DossierExport, stored_file: str, rows: int, files: int) -> None:
    export.status = DossierExport.Status.DONE
    export.stored_file, export.rows, export.files = stored_file, rows, files
    export.progress, export.finished_at = 1.0, timezone.now()
    export.save(update_fields=["status", "stored_file", "rows", "files", "progress", "finished_at"])


def export_fail(*, export: DossierExport, message: Any) -> None:
    export.status = DossierExport.Status.FAILED
    export.message, export.finished_at = str(message), timezone.now()
    export.save(update_fields=["status", "message", "finished_at"])
