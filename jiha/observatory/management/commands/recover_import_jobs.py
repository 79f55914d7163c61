from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.observatory.tasks import import_jobs_recover


class Command(BaseCommand):
    help = (
        "Retry once, or mark failed, the background imports whose worker died (no heartbeat "
        "for JIHA_IMPORT_STALE_MINUTES); `jiha worker` runs it when it starts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = import_jobs_recover()
        self.stdout.write(f"{count} import job(s) whose worker died: retried or failed.")
