from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiha.lib.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump or SQLite's online backup), the stored files and the "
        "audit digests into a new directory, with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc.message)) from exc
        total = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            f"Backup written to {options['output']}: {len(manifest['files'])} files, "
            f"{total} bytes, {manifest['database']['vendor']} database."
        )
