from __future__ import annotations

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from jiha.talent.services import taxonomy_apply

    taxonomy_apply(
        apps.get_model("talent", "Skill"),
        apps.get_model("talent", "Occupation"),
        apps.get_model("talent", "OccupationSkill"),
    )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("talent", "OccupationSkill").objects.all().delete()
    apps.get_model("talent", "Occupation").objects.all().delete()
    apps.get_model("talent", "Skill").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_taxonomy_candidates_programmes_offers")]
    operations = [migrations.RunPython(load, unload)]
