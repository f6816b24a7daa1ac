"""Every shop has its tax settings row.

This runs in the template schema, whose rows each new shop is cloned with, and in
every existing shop, so checkout reads the settings without ever creating them.
Defaults: prices exclude tax, shipping is not taxed; the merchant changes both in
Settings → Tax settings.
"""

from django.db import migrations


def create_settings_row(apps, schema_editor):
    TaxSettings = apps.get_model("taxes", "TaxSettings")
    if not TaxSettings.objects.exists():
        TaxSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("taxes", "0001_initial")]

    operations = [
        migrations.RunPython(create_settings_row, migrations.RunPython.noop, elidable=False),
    ]
