"""Leases of the background workers: a task whose worker died is taken over or failed, never lost.

The database worker (django-tasks-db) claims a task in one transaction (``SELECT … FOR UPDATE
SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite), so two workers never take the
same task; but a task whose worker is killed stays "running" for ever. ``jiha worker`` therefore
holds a lease (:class:`jiha.portal.models.WorkerLease`), renewed by a thread of its own every
``JIHA_WORKER_HEARTBEAT_SECONDS``; every worker, when it starts and then every
``JIHA_WORKER_SWEEP_SECONDS``, looks for running tasks whose worker's lease lapsed
(``JIHA_WORKER_LEASE_SECONDS`` without renewal) and puts each back in the queue, or marks it
failed with a message once it has been started ``JIHA_TASK_ATTEMPTS`` times. Jiha's tasks all
claim their own job first (an import, a scan, an export), so a task run again never does its
work twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jiha.portal.models import WorkerLease

logger = logging.getLogger(__name__)
LOST = "jiha.portal.workers.WorkerLost"


class WorkerLost(Exception):  # noqa: N818 - the name a failed task shows
    """The worker running a task stopped before the task ended."""


def lease_renew(worker_id: str, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    updated = WorkerLease.objects.filter(worker_id=worker_id).update(heartbeat_at=now)
    if not updated:
        WorkerLease.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=now,
            heartbeat_at=now,
        )


def lease_end(worker_id: str) -> None:
    WorkerLease.objects.filter(worker_id=worker_id).delete()


def tasks_recover(*, now: datetime | None = None) -> tuple[int, int]:
    """Put back in the queue, or fail, every running task whose worker's lease lapsed; the
    numbers (requeued, failed). Lapsed leases are removed."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.JIHA_WORKER_LEASE_SECONDS)
    alive = set(
        WorkerLease.objects.filter(heartbeat_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = failed = 0
    for task_id, worker_ids in DBTaskResult.objects.running().values_list("id", "worker_ids"):
        if worker_ids and worker_ids[-1] in alive:
            continue
        outcome = _recover(task_id, alive, now)
        requeued += outcome == "requeued"
        failed += outcome == "failed"
    WorkerLease.objects.filter(heartbeat_at__lt=cutoff).delete()
    return requeued, failed


def _recover(task_id: Any, alive: set[str], now: datetime) -> str:
    with transaction.atomic():
        task = (
            DBTaskResult.objects.select_for_update(skip_locked=True)
            .filter(id=task_id, status=TaskResultStatus.RUNNING)
            .first()
        )
        if task is None or (task.worker_ids and task.worker_ids[-1] in alive):
            return ""
        attempts = len(task.worker_ids)
        if attempts < settings.JIHA_TASK_ATTEMPTS:
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            logger.warning("Task %s: its worker stopped; back in the queue", task.id)
            return "requeued"
        task.status = TaskResultStatus.FAILED
        task.finished_at = now
        task.exception_class_path = LOST
        task.traceback = (
            f"{WorkerLost.__doc__} The task was started {attempts} time(s) "
            f"(JIHA_TASK_ATTEMPTS={settings.JIHA_TASK_ATTEMPTS}); workers: "
            + ", ".join(task.worker_ids)
        )
        task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        logger.error("Task %s: its worker stopped %s time(s); failed", task.id, attempts)
        return "failed"


class Lease(threading.Thread):
    """The lease of one worker process: written before the worker takes any task, renewed and
    swept from this thread until :meth:`stop`."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"lease-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def start(self) -> None:
        lease_renew(self.worker_id)
        self._sweep()
        super().start()

    def run(self) -> None:
        heartbeat = settings.JIHA_WORKER_HEARTBEAT_SECONDS
        sweep_every = max(1, settings.JIHA_WORKER_SWEEP_SECONDS // max(1, heartbeat))
        beats = 0
        try:
            while not self.stopping.wait(heartbeat):
                beats += 1
                try:
                    close_old_connections()
                    lease_renew(self.worker_id)
                    if beats % sweep_every == 0:
                        self._sweep()
                except Exception:  # the next beat tries again; the lease lapses if none works
                    logger.warning("Worker %s: lease not renewed", self.worker_id, exc_info=True)
        finally:
            connection.close()

    def _sweep(self) -> None:
        requeued, failed = tasks_recover()
        if requeued or failed:
            logger.warning(
                "Tasks of stopped workers: %s back in the queue, %s failed", requeued, failed
            )

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=settings.JIHA_WORKER_HEARTBEAT_SECONDS + 5)
        lease_end(self.worker_id)
