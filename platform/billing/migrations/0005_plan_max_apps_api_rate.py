"""Plans limit the number of API apps and how fast their tokens may call the Admin API.
The seeded plans: Starter 3 apps at 2 requests/s, Growth 10 at 4/s, Pro unlimited at 10/s."""

from django.db import migrations, models

SEEDED = {"starter": (3, 2), "growth": (10, 4), "pro": (None, 10)}


def seed(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Plan = apps.get_model("billing", "Plan")
    for code, (max_apps, rate) in SEEDED.items():
        Plan.objects.filter(code=code).update(max_apps=max_apps, api_requests_per_second=rate)


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_plan_prices_money_field")]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="max_apps",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="apps"),
        ),
        migrations.AddField(
            model_name="plan",
            name="api_requests_per_second",
            field=models.PositiveSmallIntegerField(
                default=2, verbose_name="API requests per second"
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
