from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.incentives.services import digest_send


class Command(BaseCommand):
    help = (
        "E-mail each person one digest of the new messages on their dossiers (run it from cron, "
        "e.g. daily): never one e-mail per message."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digest_send()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
