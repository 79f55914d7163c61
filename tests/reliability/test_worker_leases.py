"""Leases of `jiha worker` (jiha.portal.workers), in process: a running task whose worker's lease
lapsed goes back to the queue, then fails with a message; a live worker's task is left alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jiha.portal.models import WorkerLease
from jiha.portal.workers import LOST, lease_renew, tasks_recover

pytestmark = pytest.mark.django_db


def _running(*worker_ids: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jiha.regions.tasks.reference_refresh",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now(),
        worker_ids=list(worker_ids),
    )


@override_settings(JIHA_WORKER_LEASE_SECONDS=60, JIHA_TASK_ATTEMPTS=2)
def test_it_puts_back_the_task_of_a_worker_whose_lease_lapsed() -> None:
    lease_renew("dead", now=timezone.now() - timedelta(seconds=61))
    task = _running("dead")
    assert tasks_recover() == (1, 0)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert task.started_at is None
    assert not WorkerLease.objects.filter(worker_id="dead").exists()


@override_settings(JIHA_WORKER_LEASE_SECONDS=60, JIHA_TASK_ATTEMPTS=2)
def test_it_fails_with_a_message_a_task_started_as_often_as_allowed() -> None:
    task = _running("first", "second")  # no lease at all: both workers are gone
    assert tasks_recover() == (0, 1)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == LOST
    assert "started 2 time(s)" in task.traceback
    assert task.finished_at is not None


@override_settings(JIHA_WORKER_LEASE_SECONDS=60)
def test_it_leaves_alone_the_task_of_a_live_worker() -> None:
    lease_renew("alive")
    task = _running("alive")
    assert tasks_recover() == (0, 0)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
