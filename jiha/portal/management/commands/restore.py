from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiha.audit.selectors import chain_breaches
from jiha.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `jiha backup`: its manifest is checked first; a tampered or "
        "incomplete backup is refused. Refuses a database that has tables unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the backup's directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the stored files even if they are not empty",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["source"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (Jiha {manifest['jiha']}, "
            f"{len(manifest['files'])} files checked)."
        )
        count, breaches = chain_breaches()
        if breaches:
            raise CommandError(
                f"Restored, but the audit log is broken from entry {breaches[0].seq}: "
                "investigate before opening the site."
            )
        self.stdout.write(f"Audit log intact: {count} entries.")
