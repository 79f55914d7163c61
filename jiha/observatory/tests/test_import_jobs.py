"""Background imports never stay "running": a failed task fails its job, a job whose worker
died is retried once then failed, the page stops polling, and the upload is removed."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from jiha.accounts.models import User
from jiha.observatory import imports, services, tasks
from jiha.observatory.models import Dataset, DatasetVersion, ImportJob, Observation

HEADER = "indicator,territory,period,value\n"
GOOD = f"{HEADER}population,MA-03,2024,7\n".encode()
LONG_AGO = dt.timedelta(hours=1)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.JIHA_IMPORT_ASYNC_BYTES = 10
    return tmp_path


def uploads(media: Path) -> list[Path]:
    return list((media / "imports").glob("*"))


def upload(client: Client, data: bytes) -> ImportJob:
    file = io.BytesIO(data)
    file.name = "big.csv"
    client.post("/en/observatory/datasets/fes-labour/upload/", {"file": file})
    return ImportJob.objects.get()


def dead_job(dataset: Dataset, owner: User, media: Path, *, attempts: int) -> ImportJob:
    """What a worker killed in the middle of a job leaves: running, last seen long ago."""
    (media / "imports").mkdir(exist_ok=True)
    (media / "imports" / "dead.upload").write_bytes(GOOD)
    return ImportJob.objects.create(
        dataset=dataset,
        stored_file="imports/dead.upload",
        file_name="big.csv",
        created_by=owner,
        language="en",
        status=ImportJob.Status.RUNNING,
        step=ImportJob.Step.LOADING,
        attempts=attempts,
        heartbeat_at=timezone.now() - LONG_AGO,
    )


def test_it_fails_the_job_of_a_file_with_overflowing_values(
    analyst_client: Client, media: Path
) -> None:
    job = upload(analyst_client, b"indicator,territory,period,value\npopulation,MA-03,2024,1e18\n")

    assert job.status == ImportJob.Status.FAILED and job.error_count == 1
    assert "less than 1000000000000000000" in job.messages[0]
    assert job.finished_at is not None and uploads(media) == []


def test_it_fails_the_job_when_its_task_raises_anything(
    analyst_client: Client, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "observations_load", broken)

    job = upload(analyst_client, GOOD)

    assert job.status == ImportJob.Status.FAILED
    assert job.messages == [str(tasks.UNEXPECTED)]
    assert uploads(media) == [] and not DatasetVersion.objects.exists()


def test_it_fails_the_job_on_an_application_error(
    analyst: User, dataset: Dataset, media: Path
) -> None:
    request = services.ImportRequest(
        dataset=dataset, source=GOOD, file_name="big.csv", actor=analyst, schema={"fields": "x"}
    )

    job = imports.import_job_queue(request, owner=analyst)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.messages[0].startswith("Le Table Schema")  # in the uploader's language (fr)
    assert uploads(media) == []


def test_it_removes_the_upload_once_the_job_is_done(analyst_client: Client, media: Path) -> None:
    job = upload(analyst_client, GOOD)

    assert job.status == ImportJob.Status.DONE and job.stored_file == ""
    assert uploads(media) == []


def test_it_retries_once_a_job_whose_worker_died(
    analyst: User, dataset: Dataset, media: Path
) -> None:
    job = dead_job(dataset, analyst, media, attempts=1)

    assert tasks.import_jobs_recover() == 1

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempts == 2
    assert Observation.objects.filter(version=job.version).count() == 1
    assert uploads(media) == []


def test_it_fails_a_job_whose_worker_died_twice(
    analyst: User, dataset: Dataset, media: Path
) -> None:
    job = dead_job(dataset, analyst, media, attempts=2)

    tasks.import_jobs_recover()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "background worker stopped" in job.messages[0]
    assert uploads(media) == [] and not DatasetVersion.objects.exists()


def test_it_leaves_a_job_whose_worker_is_alive(
    analyst: User, dataset: Dataset, media: Path
) -> None:
    job = dead_job(dataset, analyst, media, attempts=1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    assert tasks.import_jobs_recover() == 0

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and len(uploads(media)) == 1


def test_polling_the_page_recovers_a_job_whose_worker_died(
    analyst_client: Client, analyst: User, dataset: Dataset, media: Path
) -> None:
    job = dead_job(dataset, analyst, media, attempts=2)

    page = analyst_client.get(f"/en/observatory/import-jobs/{job.pk}/", HTTP_HX_REQUEST="true")

    assert b'data-status="failed"' in page.content
    assert b"hx-trigger" not in page.content  # the page stops polling


def test_the_page_polls_while_the_job_runs(
    analyst_client: Client, analyst: User, dataset: Dataset, media: Path
) -> None:
    job = dead_job(dataset, analyst, media, attempts=1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    page = analyst_client.get(f"/en/observatory/import-jobs/{job.pk}/", HTTP_HX_REQUEST="true")

    assert b'hx-trigger="every 1s"' in page.content


@pytest.mark.parametrize(("prefix", "step"), [("/en", "Loading"), ("", "Chargement")])
def test_the_step_follows_the_reader_s_language(
    analyst_client: Client, analyst: User, dataset: Dataset, media: Path, prefix: str, step: str
) -> None:
    job = dead_job(dataset, analyst, media, attempts=1)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    page = analyst_client.get(f"{prefix}/observatory/import-jobs/{job.pk}/")

    assert step in page.content.decode()


def test_a_job_taken_over_by_a_retry_does_not_load_twice(
    analyst: User, dataset: Dataset, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = dead_job(dataset, analyst, media, attempts=0)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    load = services.observations_load

    def load_then_lose_the_lease(*args: Any, **kwargs: Any) -> None:
        load(*args, **kwargs)
        # Meanwhile the job was declared dead and handed to another attempt.
        ImportJob.objects.filter(pk=job.pk).update(attempts=2)

    monkeypatch.setattr(services, "observations_load", load_then_lose_the_lease)

    assert tasks.import_job_run(job.pk) == "taken over"

    assert not DatasetVersion.objects.exists() and not Observation.objects.exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and len(uploads(media)) == 1


def test_the_worker_recovers_dead_jobs_when_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    from jiha import cli

    calls: list[list[str]] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda args: calls.append(args)
    )
    # cli.main sets JIHA_PROCESS_KIND=batch in os.environ: removed after the test.
    monkeypatch.setenv("JIHA_PROCESS_KIND", "")
    monkeypatch.delenv("JIHA_PROCESS_KIND")

    cli.main(["jiha", "worker", "--batch"])

    assert calls == [["jiha", "recover_import_jobs"], ["jiha", "run_worker", "--batch"]]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker(media: Path, **popen: Any) -> subprocess.Popen[bytes]:
    """A real `jiha worker` on the test database, renewing its lease every second."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiha.config.settings",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media),
        "JIHA_VAR_DIR": str(media / "var"),
        "JIHA_IMPORT_HEARTBEAT_SECONDS": "1",
    }
    command = [str(Path(sys.executable).parent / "jiha"), "worker", "--batch"]
    command += ["--no-startup-delay", "--interval", "0.1", "--verbosity", "0"]
    return subprocess.Popen(command, env=env, **popen)  # noqa: S603 - our own command


def _copying() -> bool:
    """Whether another session on this test database is running the COPY of observations.

    On this database only: another pytest-xdist worker (test_<name>_gw1) or another run on the
    same server may be copying into its own database at the same moment."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND datname = current_database() "
            "AND state = 'active' AND query LIKE 'COPY observatory_observation%%'"
        )
        return bool(cursor.fetchone()[0])


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    for _ in range(12_000):  # two minutes at most on a busy machine
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"never saw {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_copy_loads_nothing_and_its_job_is_retried(
    dataset: Dataset, analyst: User, media: Path, settings: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a worker process shares the test database on PostgreSQL only")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    rows = 800_000  # a COPY long enough to be caught in the middle
    body = "".join(  # 12 regions × distinct months: every key is unique
        f"population,MA-{1 + i % 12:02d},{1000 + i // 144}-{1 + i // 12 % 12:02d},{i}\n"
        for i in range(rows)
    )
    request = services.ImportRequest(
        dataset=dataset, source=f"{HEADER}{body}".encode(), file_name="big.csv", actor=analyst
    )
    job = imports.import_job_queue(request, owner=analyst)

    worker = _worker(media)
    _wait_for(_copying, "the worker copying the observations")
    worker.send_signal(signal.SIGKILL)
    worker.wait()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and len(uploads(media)) == 1
    assert not DatasetVersion.objects.exists() and not Observation.objects.exists()
    assert tasks.import_jobs_recover(now=timezone.now() + LONG_AGO) == 1
    _worker(media).wait(timeout=300)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempts == 2
    assert Observation.objects.filter(version=job.version).count() == rows
    assert DatasetVersion.objects.count() == 1 and uploads(media) == []


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_and_publishes_the_progress(
    dataset: Dataset, analyst: User, media: Path, settings: Any
) -> None:
    settings.JIHA_IMPORT_HEARTBEAT_SECONDS = 1
    job = dead_job(dataset, analyst, media, attempts=1)
    stale = job.heartbeat_at

    with tasks.Heartbeat(job) as heartbeat:
        heartbeat.progress(ImportJob.Step.LOADING, 0.25)
        _wait_for(
            lambda: ImportJob.objects.filter(pk=job.pk, progress=0.25).exists(),
            "the progress written by the heartbeat",
        )

    job.refresh_from_db()
    assert job.step == ImportJob.Step.LOADING and job.heartbeat_at > stale  # type: ignore[operator]


def test_a_failure_after_the_load_leaves_the_job_done_with_its_version(
    analyst: User, dataset: Dataset, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("publication crashed")

    monkeypatch.setattr(services, "version_publish", broken)
    request = services.ImportRequest(
        dataset=dataset, source=GOOD, file_name="big.csv", actor=analyst, publish=True
    )

    job = imports.import_job_queue(request, owner=analyst)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.version is not None
    tasks.import_jobs_recover()
    assert uploads(media) == []
