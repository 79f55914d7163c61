from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Migrate, load the reference data (and the demo accounts with --demo), then serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--demo", action="store_true", help="Also create the demo accounts.")
        parser.add_argument(
            "--no-serve", action="store_true", help="Prepare the database and stop (for scripts)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        call_command("load_reference")
        if options["demo"]:
            call_command("demo")
        self._say_how_documents_are_scanned()
        if not options["no_serve"]:
            call_command("runserver", options["addrport"], use_reloader=False)

    def _say_how_documents_are_scanned(self) -> None:
        from jiha.lib import virusscan

        if not virusscan.scanning_enabled():
            self.stdout.write("WARNING: virus scanning is switched off (JIHA_VIRUS_SCAN=off).")
        elif not virusscan.scanner_answers(timeout=1.0):
            self.stdout.write(
                "clamd does not answer: document uploads will be refused "
                "(start one with tools/clamd-local.sh start)."
            )
