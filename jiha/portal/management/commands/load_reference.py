from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.observatory.services import observatory_reference_load
from jiha.programme.services import programme_reference_load
from jiha.regions.services import reference_load


class Command(BaseCommand):
    help = "Load or refresh the regions, provinces and reference indicators (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = reference_load()
        self.stdout.write(f"Reference geography loaded: {summary}.")
        versions = observatory_reference_load()
        self.stdout.write(f"Reference indicators loaded: {versions} dataset(s) with a new version.")
        conventions = programme_reference_load()
        self.stdout.write(f"Programme conventions from the seed article: {conventions} new.")
