"""Background imports (run by `jiha worker`; immediately in tests).

A running job holds a lease: a heartbeat thread renews ``heartbeat_at`` every
``JIHA_IMPORT_HEARTBEAT_SECONDS`` and writes the progress through its own database connection,
so the page sees it while the load's transaction is still open. A job not seen alive for
``JIHA_IMPORT_STALE_MINUTES`` lost its worker (killed, out of memory, machine restarted): it is
run again once, then failed with a message. The stored upload is removed once the job has ended,
either way. A job's version and its "done" state are committed together, and only by the attempt
that still holds the lease, so a retried job never loads its file twice.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from jiha.lib.errors import AppError
from jiha.observatory.models import DatasetVersion, ImportJob
from jiha.observatory.services import ImportOutcome, ImportRequest, dataset_import

logger = logging.getLogger(__name__)
# The first run and one retry after the worker died.
MAX_ATTEMPTS = 2
UNEXPECTED = gettext_lazy(
    "An unexpected error stopped the import: nothing was loaded. It has been logged; try "
    "again, and tell the programme office if it happens again."
)


class LeaseLost(Exception):  # noqa: N818 - a state, not a programming error
    """The job was given to another attempt while this one ran: undo this one's load."""


class Heartbeat:
    """Renews a running job's lease and publishes its progress, from a thread of its own."""

    def __init__(self, job: ImportJob) -> None:
        self.job_id, self.attempt = job.pk, job.attempts
        self.step: str = ImportJob.Step.CHECKING
        self.fraction = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"import-job-{job.pk}", daemon=True)

    def progress(self, step: str, fraction: float) -> None:
        self.step, self.fraction = step, fraction

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(settings.JIHA_IMPORT_HEARTBEAT_SECONDS):
                self._beat()
        finally:
            connections.close_all()  # this thread's own connections

    def _beat(self) -> None:
        try:
            ImportJob.objects.filter(
                pk=self.job_id, status=ImportJob.Status.RUNNING, attempts=self.attempt
            ).update(heartbeat_at=timezone.now(), step=self.step, progress=round(self.fraction, 3))
        except DatabaseError:  # SQLite busy while the load writes: the next beat will do
            logger.warning("Import job %s: heartbeat not written", self.job_id, exc_info=True)


@task()
def import_file(job_id: int) -> str:
    """Check and load a stored upload; the job records progress, then the outcome."""
    return import_job_run(job_id)


def import_job_run(job_id: int) -> str:
    import_jobs_recover()  # a worker taking work also looks for jobs whose worker died
    job = _claim(job_id)
    if job is None:
        return "not queued"
    with translation.override(job.language), Heartbeat(job) as heartbeat:
        try:
            outcome = dataset_import(
                import_job_request(job),
                progress=heartbeat.progress,
                on_loaded=lambda version: _loaded(job, version),
            )
        except LeaseLost:
            return "taken over"  # the attempt now holding the job keeps its file
        except AppError as exc:
            _end(job, ImportJob.Status.FAILED, messages=[str(exc.message)])
            return "failed"
        except Exception:
            logger.exception("Import job %s failed", job_id)
            _end(job, ImportJob.Status.FAILED, messages=[str(UNEXPECTED)])
            raise  # the task is recorded as failed too, with its traceback
        return _record(job, outcome)


def import_job_request(job: ImportJob) -> ImportRequest:
    """The request a job was queued with, rebuilt from what it stored."""
    return ImportRequest(
        dataset=job.dataset,
        source=Path(settings.MEDIA_ROOT) / job.stored_file,
        file_name=job.file_name,
        actor=job.created_by,
        schema=job.table_schema,
        sheet=job.sheet or None,
        decimal_comma=job.decimal_comma,
        note=job.note,
        language=job.language,
        publish=job.publish,
        acknowledge_warnings=job.acknowledge_warnings,
        acknowledge_removals=job.acknowledge_removals,
        may_defer=False,
    )


def _claim(job_id: int) -> ImportJob | None:
    """Take a queued job (None if it is not queued any more)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .select_related("dataset", "created_by")
            .filter(pk=job_id, status=ImportJob.Status.QUEUED)
            .first()
        )
        if job is None:
            return None
        job.status, job.attempts = ImportJob.Status.RUNNING, job.attempts + 1
        job.heartbeat_at, job.step, job.progress = timezone.now(), ImportJob.Step.CHECKING, 0.0
        job.save(update_fields=["status", "attempts", "heartbeat_at", "step", "progress"])
    return job


def _loaded(job: ImportJob, version: DatasetVersion) -> None:
    """Inside the load's transaction: the job is done with this version, if it is still ours."""
    ended = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, attempts=job.attempts
    ).update(
        status=ImportJob.Status.DONE,
        version=version,
        step="",
        progress=1.0,
        finished_at=timezone.now(),
    )
    if not ended:
        raise LeaseLost


def _record(job: ImportJob, outcome: ImportOutcome) -> str:
    if outcome.version is None:
        report = outcome.report
        _end(
            job,
            ImportJob.Status.FAILED,
            messages=report.messages()[:200],
            error_count=report.error_count,
            error_report=report.to_csv_bytes(job.language),
        )
        return "refused"
    if outcome.publication_refused is not None:
        ImportJob.objects.filter(pk=job.pk).update(
            messages=[str(outcome.publication_refused.message)]
        )
    _remove_upload(job)
    return f"version {outcome.version.number}"


def _end(job: ImportJob, status: str, **fields: object) -> None:
    """Record how a running job ended and remove its upload (unless another attempt holds
    the job now, or it already ended: a failure after its version was committed)."""
    ended = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.RUNNING, attempts=job.attempts
    ).update(status=status, step="", finished_at=timezone.now(), **fields)
    if ended:
        _remove_upload(job)


def _remove_upload(job: ImportJob) -> None:
    if job.stored_file:
        (Path(settings.MEDIA_ROOT) / job.stored_file).unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job.pk).update(stored_file="")


def import_jobs_recover(*, now: datetime | None = None) -> int:
    """Retry once, or fail, every running job whose worker stopped renewing its lease; remove
    the uploads of ended jobs. Returns how many jobs were recovered."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.JIHA_IMPORT_STALE_MINUTES)
    stale = ImportJob.objects.filter(_stale(cutoff)).values_list("pk", flat=True)
    recovered = sum(_recover(job_id, cutoff) for job_id in list(stale))
    for job in ImportJob.objects.filter(
        status__in=[ImportJob.Status.DONE, ImportJob.Status.FAILED]
    ).exclude(stored_file=""):
        _remove_upload(job)
    return recovered


def import_job_refresh(job: ImportJob, *, now: datetime | None = None) -> ImportJob:
    """The job as its progress page shows it, after recovering it if its worker died."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.JIHA_IMPORT_STALE_MINUTES)
    if job.status == ImportJob.Status.RUNNING and _recover(job.pk, cutoff):
        job.refresh_from_db()
    return job


def _stale(cutoff: datetime) -> Q:
    return Q(status=ImportJob.Status.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None, created_at__lt=cutoff)
    )


def _recover(job_id: int, cutoff: datetime) -> bool:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(_stale(cutoff), pk=job_id).first()
        if job is None:
            return False
        stored = Path(settings.MEDIA_ROOT) / job.stored_file
        if job.attempts < MAX_ATTEMPTS and job.stored_file and stored.is_file():
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.QUEUED, step="", progress=0.0, heartbeat_at=None
            )
            import_file.enqueue(job.pk)
            return True
        with translation.override(job.language):
            message = _(
                "The background worker stopped while loading this file (attempts: "
                "%(attempts)s). Nothing was loaded: send the file again."
            ) % {"attempts": job.attempts}
        _end(job, ImportJob.Status.FAILED, messages=[message])
    return True
