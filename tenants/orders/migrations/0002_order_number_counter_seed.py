"""Every shop's order numbers start at #1001.

The counter row is written in the template schema (and in every existing shop);
new shops are cloned with it. ``orders.services.numbering`` would also create it on
first use, but a seeded row keeps the first order from racing to insert it.
"""

from django.db import migrations


def seed_counter(apps, schema_editor):
    Counter = apps.get_model("orders", "OrderNumberCounter")
    Counter.objects.get_or_create(id=1, defaults={"last": 1000})


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [
        migrations.RunPython(seed_counter, migrations.RunPython.noop, elidable=False),
    ]
