"""Every shop starts with one default location.

This runs in the template schema, whose rows each new shop is cloned with, and in
every existing shop, so stock always has somewhere to live. The name is stored in
English (a migration has no shop language); the merchant can rename it.
"""

from django.db import migrations


def create_default_location(apps, schema_editor):
    Location = apps.get_model("inventory", "Location")
    if not Location.objects.filter(is_default=True).exists():
        Location.objects.create(name="Main warehouse", is_default=True)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [
        migrations.RunPython(create_default_location, migrations.RunPython.noop, elidable=False),
    ]
