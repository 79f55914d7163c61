from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.incentives.catalogue import FILE, catalogue_sync
from jiha.incentives.models import Scheme


class Command(BaseCommand):
    help = "Load the schemes catalogue (incentives/catalogue/schemes.yaml) into the database."

    def handle(self, *args: Any, **options: Any) -> None:
        count = catalogue_sync(Scheme)
        self.stdout.write(f"{count} schemes loaded from {FILE.name}.")
