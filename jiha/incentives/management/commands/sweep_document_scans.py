from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.incentives.services import documents_sweep


class Command(BaseCommand):
    help = (
        "Take up document scans left pending by a dead worker: scan them again, or report them "
        "failed once their tries are used up (run it every few minutes)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = documents_sweep()
        self.stdout.write(f"Stale scans taken up: {count}")
