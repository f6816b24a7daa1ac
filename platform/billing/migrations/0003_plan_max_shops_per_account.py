"""Plans say how many shops their paying owners may have; the seeded Growth and Pro
plans allow 10 and 25 (Starter keeps the platform's MAX_SHOPS_PER_ACCOUNT)."""

from django.db import migrations, models

SEEDED = {"growth": 10, "pro": 25}


def seed(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Plan = apps.get_model("billing", "Plan")
    for code, shops in SEEDED.items():
        Plan.objects.filter(code=code, max_shops_per_account__isnull=True).update(
            max_shops_per_account=shops
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_seed_plans")]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="max_shops_per_account",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="How many shops the owner of a paid shop on this plan may have. "
                "Empty: the platform's MAX_SHOPS_PER_ACCOUNT.",
                null=True,
                verbose_name="shops per account",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
