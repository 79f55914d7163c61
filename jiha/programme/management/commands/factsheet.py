from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiha.lib.errors import AppError
from jiha.programme.factsheet import factsheet_render
from jiha.programme.services import LANGUAGES
from jiha.regions import selectors as regions


class Command(BaseCommand):
    help = (
        "Write a region's fact sheet (PDF) in one language: --region MA-03 --lang ar --output FILE"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="ISO code, MA-01 … MA-12")
        parser.add_argument("--lang", default="fr", choices=LANGUAGES)
        parser.add_argument("--output", required=True, help="PDF file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            region = regions.region_get(options["region"])
        except AppError as exc:
            raise CommandError(str(exc.message)) from exc
        pdf, versions = factsheet_render(region.code, options["lang"])
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(
            f"{options['output']}: {region.code} fact sheet in {options['lang']}, "
            f"{len(pdf):,} bytes, dataset versions {versions or 'none'}."
        )
