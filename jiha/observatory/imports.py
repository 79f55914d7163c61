"""The one way in for an import: every entry point (upload page, API, `jiha import_dataset`)
builds an ``ImportRequest`` and hands it to ``import_submit``, which loads a small file now and
queues a large one for the background worker, the request stored with the job."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from jiha.accounts.models import User
from jiha.observatory.models import ImportJob
from jiha.observatory.services import (
    ImportOutcome,
    ImportRequest,
    Progress,
    Source,
    dataset_import,
    import_check,
    safe_filename,
)
from jiha.observatory.tasks import import_file

UPLOADS = Path("imports")


@dataclass(frozen=True)
class ImportSubmission:
    """Either the outcome of an import done now, or the job that will do it."""

    outcome: ImportOutcome | None = None
    job: ImportJob | None = None


def import_submit(request: ImportRequest, *, progress: Progress | None = None) -> ImportSubmission:
    """Load the file now, or hand it to the worker when it is larger than
    ``JIHA_IMPORT_ASYNC_BYTES`` and the request may be deferred (a web process should not
    spend seconds and hundreds of megabytes on it). ``progress`` follows a load done now."""
    import_check(request)
    owner = request.actor
    if request.may_defer and owner and request.size > settings.JIHA_IMPORT_ASYNC_BYTES:
        return ImportSubmission(job=import_job_queue(request, owner=owner))
    return ImportSubmission(outcome=dataset_import(request, progress=progress))


@transaction.atomic
def import_job_queue(request: ImportRequest, *, owner: User) -> ImportJob:
    """Store the upload under a generated name and queue a job holding the whole request;
    ``owner`` (the requesting account) follows it."""
    relative = UPLOADS / f"{uuid.uuid4().hex}.upload"
    _store(request.source, Path(settings.MEDIA_ROOT) / relative)
    job = ImportJob.objects.create(
        dataset=request.dataset,
        stored_file=str(relative),
        file_name=safe_filename(request.file_name),
        sheet=request.sheet or "",
        table_schema=request.schema,
        note=request.note,
        decimal_comma=request.decimal_comma,
        publish=request.publish,
        acknowledge_warnings=request.acknowledge_warnings,
        acknowledge_removals=request.acknowledge_removals,
        language=request.language,
        created_by=owner,
    )
    # Enqueued in this transaction: the database backend's task row commits with the job.
    import_file.enqueue(job.pk)
    return job


def _store(source: Source, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, bytes):
        target.write_bytes(source)
    else:
        shutil.copyfile(source, target)


def upload_source(upload: Any) -> Source:
    """An uploaded file as an import source: the temporary file Django wrote a large upload
    to (never read into memory here), or the bytes of a small one."""
    path = getattr(upload, "temporary_file_path", None)
    return Path(path()) if path else bytes(upload.read())
