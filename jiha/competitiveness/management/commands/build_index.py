from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiha.competitiveness.services import edition_build
from jiha.lib.errors import AppError


class Command(BaseCommand):
    help = "Build an index edition from the current dataset versions (frozen in the edition)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", default="regional-2026")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            edition = edition_build(actor=None, framework_code=options["framework"])
        except (AppError, FileNotFoundError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from exc
        top = sorted(edition.results["records"], key=lambda r: r["index_rank"])[0]
        self.stdout.write(
            f"Edition {edition.pk}: {len(edition.results['records'])} regions, first {top['unit']}"
            f"{' (synthetic inputs)' if edition.synthetic else ''}."
        )
