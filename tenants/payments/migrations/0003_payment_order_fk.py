"""``Payment.order_id`` (until now a plain integer column) becomes a real foreign key.
Renaming then altering keeps the column's data: the column is renamed to ``order``
and straight back to ``order_id`` with the constraint and index added."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_payment_attempt"),
        ("orders", "0002_order_number_counter_seed"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="payment", name="payment_one_per_order"),
        migrations.RenameField(model_name="payment", old_name="order_id", new_name="order"),
        migrations.AlterField(
            model_name="payment",
            name="order",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="payments",
                to="orders.order",
                verbose_name="order",
            ),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(fields=("order",), name="payment_one_per_order"),
        ),
    ]
