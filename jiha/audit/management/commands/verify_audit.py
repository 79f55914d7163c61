from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jiha.audit.selectors import chain_breaches


class Command(BaseCommand):
    help = "Check the audit log's hash chain and the digests written outside the database."

    def handle(self, *args: Any, **options: Any) -> None:
        count, breaches = chain_breaches()
        if breaches:
            for breach in breaches:
                self.stderr.write(f"entry {breach.seq}: {breach.problem}")
            raise CommandError(
                f"The audit log is broken: first broken entry {breaches[0].seq} "
                f"({count} entries read)."
            )
        self.stdout.write(f"Audit log intact: {count} entries, every hash and link checked.")
