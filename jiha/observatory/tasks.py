"""Background imports (run by `jiha worker`; immediately in tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django_tasks import task

from jiha.lib.errors import AppError
from jiha.observatory.models import ImportJob
from jiha.observatory.services import dataset_import


def _progress(job_id: int) -> Callable[[str, float], None]:
    def report(step: str, fraction: float) -> None:
        ImportJob.objects.filter(pk=job_id).update(step=step, progress=round(fraction, 3))

    return report


@task()
def import_file(job_id: int) -> str:
    """Check and load a stored upload; the job records progress, then the outcome."""
    job = ImportJob.objects.select_related("dataset", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)
    path = Path(settings.MEDIA_ROOT) / job.stored_file
    try:
        outcome = dataset_import(
            actor=job.created_by,
            dataset=job.dataset,
            data=path.read_bytes(),
            filename=job.file_name,
            note=job.note,
            decimal_comma=job.decimal_comma,
            language=job.language,
            progress=_progress(job_id),
        )
    except AppError as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED, messages=[str(exc.message)]
        )
        return "failed"
    finally:
        path.unlink(missing_ok=True)
    if outcome.version is None:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            error_count=outcome.report.error_count,
            messages=outcome.report.messages()[:200],
            error_report=outcome.report.to_csv_bytes(job.language),
        )
        return "refused"
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.DONE, progress=1.0, version=outcome.version
    )
    return f"version {outcome.version.number}"
