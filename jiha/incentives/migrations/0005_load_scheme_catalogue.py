"""Load the schemes catalogue (incentives/catalogue/schemes.yaml) into the Scheme table."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from jiha.incentives.catalogue import catalogue_sync


def load(apps: Any, schema_editor: Any) -> None:
    catalogue_sync(apps.get_model("incentives", "Scheme"))


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("incentives", "Scheme").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("incentives", "0004_dossiers_schemes_review")]

    operations = [migrations.RunPython(load, unload)]
