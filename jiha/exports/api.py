"""HTTP API of the exports of dossiers (a session or an API token)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from jiha.accounts.models import Organisation, User
from jiha.accounts.permissions import API_AUTH
from jiha.exports import selectors, services
from jiha.exports.models import DossierExport
from jiha.lib.errors import PermissionDenied

router = Router()


class ExportIn(Schema):
    fmt: DossierExport.Format
    organisation: int | None = None


class ExportOut(Schema):
    id: int
    url: str
    fmt: str
    organisation: int | None
    status: str
    progress: float
    rows: int
    files: int
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    download: str | None


def _payload(export: DossierExport) -> dict[str, Any]:
    done = export.status == DossierExport.Status.DONE
    return {
        "id": export.pk,
        "url": reverse("api:export", kwargs={"export_id": export.pk}),
        "fmt": export.fmt,
        "organisation": export.organisation_id,
        "status": export.status,
        "progress": export.progress,
        "rows": export.rows,
        "files": export.files,
        "message": export.message,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "download": reverse("api:export_download", kwargs={"export_id": export.pk})
        if done
        else None,
    }


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - API_AUTH
    return request.user


@router.post("", auth=API_AUTH, response={202: ExportOut}, summary="Export dossiers")
def export_create(request: HttpRequest, data: ExportIn) -> Status[dict[str, Any]]:
    """CSV, XLSX or ZIP (the CSV and every document scanned clean) of the dossiers of
    `organisation` (its applicants) or of every dossier (staff, `organisation` null). Built in
    the background: follow `url`, then fetch `download`."""
    organisation = None
    if data.organisation is not None:
        # An organisation that does not exist is refused like one the user may not act for.
        organisation = Organisation.objects.filter(pk=data.organisation).first()
        if organisation is None:
            raise PermissionDenied(_("You can only export your own organisation's dossiers."))
    export = services.export_request(actor=_user(request), fmt=data.fmt, organisation=organisation)
    export.refresh_from_db()
    return Status(202, _payload(export))


@router.get(
    "/{export_id}",
    auth=API_AUTH,
    response=ExportOut,
    url_name="export",
    summary="Progress of an export",
)
def export_status(request: HttpRequest, export_id: int) -> dict[str, Any]:
    export = selectors.export_get(user=_user(request), export_id=export_id)
    return _payload(services.export_expire(export=export))


@router.get(
    "/{export_id}/download",
    auth=API_AUTH,
    url_name="export_download",
    summary="The file of a finished export",
)
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = selectors.export_get(user=_user(request), export_id=export_id)
    path = selectors.export_path(export)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
