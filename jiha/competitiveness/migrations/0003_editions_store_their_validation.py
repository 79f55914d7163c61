"""Each edition stores its validation: the index's correlation with where offshoring jobs are.
Editions built before have none (an empty dict: the page says "not available")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("competitiveness", "0002_frameworks_say_how_rules_indicators_are_computed")]

    operations = [
        migrations.AddField(
            model_name="indexedition",
            name="validation",
            field=models.JSONField(
                default=dict,
                help_text=(
                    "The index's correlation with where offshoring jobs are, computed with the "
                    "edition."
                ),
            ),
        ),
    ]
