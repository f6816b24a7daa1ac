"""``CheckoutSession.order_id`` (until now a plain integer column) becomes
a real foreign key, keeping the column's data (renamed away and back by AlterField)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0001_initial"),
        ("orders", "0002_order_number_counter_seed"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="checkoutsession", name="checkout_one_order"),
        migrations.RemoveConstraint(
            model_name="checkoutsession", name="checkout_completed_has_order"
        ),
        migrations.RenameField(
            model_name="checkoutsession", old_name="order_id", new_name="order"
        ),
        migrations.AlterField(
            model_name="checkoutsession",
            name="order",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="checkouts",
                to="orders.order",
                verbose_name="order",
            ),
        ),
        migrations.AddConstraint(
            model_name="checkoutsession",
            constraint=models.UniqueConstraint(fields=("order",), name="checkout_one_order"),
        ),
        migrations.AddConstraint(
            model_name="checkoutsession",
            constraint=models.CheckConstraint(
                condition=models.Q(("state", "open"), ("order__isnull", False), _connector="OR"),
                name="checkout_completed_has_order",
            ),
        ),
    ]
