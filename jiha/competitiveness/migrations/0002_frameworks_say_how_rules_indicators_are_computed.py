"""Editions built before frameworks had a ``rules`` section computed their rule-based
indicators for a BPO company under the 2026 rules (then written in the code): record it in
each stored framework, so an old edition is rebuilt as it was built."""

from django.db import migrations

BUILT_WITH = {"activity": "BPO", "year": 2026}


def add_rules(apps, schema_editor):
    IndexEdition = apps.get_model("competitiveness", "IndexEdition")
    for edition in IndexEdition.objects.all():
        if "rules" not in edition.framework:
            edition.framework = {**edition.framework, "rules": BUILT_WITH}
            edition.save(update_fields=["framework"])


def remove_rules(apps, schema_editor):
    IndexEdition = apps.get_model("competitiveness", "IndexEdition")
    for edition in IndexEdition.objects.all():
        if edition.framework.get("rules") == BUILT_WITH:
            edition.framework = {k: v for k, v in edition.framework.items() if k != "rules"}
            edition.save(update_fields=["framework"])


class Migration(migrations.Migration):
    dependencies = [("competitiveness", "0001_index_editions")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
