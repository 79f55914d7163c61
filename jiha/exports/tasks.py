"""The background build of an export (run by `jiha worker`; immediately in tests)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django_tasks import task

from jiha.exports import services, writers
from jiha.exports.models import DossierExport
from jiha.incentives import selectors as incentives

logger = logging.getLogger(__name__)

HEADER = [
    "id",
    "reference",
    "organisation",
    "scheme",
    "region",
    "state",
    "period_start",
    "period_end",
    "computed_amount_mad",
    "decided_amount_mad",
    "submitted_at",
    "decided_at",
]


@task()
def export_build(export_id: int) -> str:
    """Stream the dossiers to the export's file; whatever happens, it ends done or failed."""
    export = DossierExport.objects.get(pk=export_id)
    services.export_start(export=export)
    name = f"dossiers-{export.pk}.{export.fmt}"
    path = services.export_dir() / name
    total = incentives.dossier_export_count(organisation_id=export.organisation_id)
    rows = incentives.dossier_export_rows(organisation_id=export.organisation_id)
    written = [0]

    def progress(count: int) -> None:
        written[0] = count
        services.export_progress(export=export, rows=count, total=total)

    def files(ids: list[int]) -> Iterable[incentives.ExportFile]:
        return incentives.dossier_export_files(ids)

    try:
        added = 0
        if export.fmt == DossierExport.Format.CSV:
            writers.csv_file(path, HEADER, rows, progress)
        elif export.fmt == DossierExport.Format.XLSX:
            writers.xlsx_file(path, HEADER, rows, progress)
        else:
            added = writers.zip_file(path, HEADER, rows, progress, files)
    except Exception:
        logger.exception("Export %s failed", export_id)
        path.unlink(missing_ok=True)
        services.export_fail(
            export=export, message=_("The export failed unexpectedly. It has been logged.")
        )
        return "failed"
    services.export_finish(export=export, stored_file=name, rows=written[0], files=added)
    return "done"
