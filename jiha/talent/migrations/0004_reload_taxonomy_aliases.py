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


class Migration(migrations.Migration):
    dependencies = [("talent", "0003_skill_aliases")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
