from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.audit.services import audit_digest_write


class Command(BaseCommand):
    help = "Write today's digest of the audit chain head outside the database (run it daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        path = audit_digest_write()
        self.stdout.write(f"Digest written: {path}")
