"""``jiha worker``: django-tasks-db's database worker, holding a lease (jiha.portal.workers) so that
the tasks of a worker that died are taken over or failed."""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from jiha.portal.workers import Lease


class Command(DatabaseWorkerCommand):
    help = (
        "Run background tasks (the django-tasks database worker) under a lease: running tasks "
        "of workers whose lease lapsed go back to the queue, or fail after JIHA_TASK_ATTEMPTS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        lease = Lease(options["worker_id"])
        lease.start()
        try:
            super().handle(*args, **options)
        finally:
            lease.stop()
