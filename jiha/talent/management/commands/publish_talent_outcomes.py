from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from jiha.talent.services import outcome_indicators_publish


class Command(BaseCommand):
    help = (
        "Hand a year's training outcomes (placements, reconversions, share of under-30s) to "
        "the observatory as region indicators, under its confidentiality rules."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=timezone.localdate().year)

    def handle(self, *args: Any, **options: Any) -> None:
        version = outcome_indicators_publish(year=options["year"])
        if version is None:
            self.stdout.write(f"Nothing new to publish for {options['year']}.")
        else:
            self.stdout.write(
                f"Published version {version.number} of {version.dataset.slug} "
                f"({version.row_count} rows)."
            )
