from django.db import migrations, models

import matchmaking.scoring.models


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0003_schedule_life_cycle"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoringWeights",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "data",
                    models.JSONField(
                        default=matchmaking.scoring.models._default_weights,
                        help_text="Points per criterion, see docs/matchmaking.md; unknown keys are ignored.",
                        verbose_name="weights",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={"verbose_name": "scoring weights", "verbose_name_plural": "scoring weights"},
        ),
    ]
