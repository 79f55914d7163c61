from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jiha.talent.services import taxonomy_load


class Command(BaseCommand):
    help = "Create or refresh the talent taxonomy (skills, occupations) from its data file."

    def handle(self, *args: Any, **options: Any) -> None:
        skills, occupations = taxonomy_load()
        self.stdout.write(f"Taxonomy loaded: {skills} skills, {occupations} occupations.")
