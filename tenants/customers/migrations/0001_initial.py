import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import kernel.countries
import customers.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Address",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="full name")),
                ("company", models.CharField(blank=True, max_length=200, verbose_name="company")),
                ("line1", models.CharField(max_length=255, verbose_name="address")),
                ("line2", models.CharField(blank=True, max_length=255, verbose_name="apartment, suite, etc.")),
                ("city", models.CharField(max_length=120, verbose_name="city")),
                ("region", models.CharField(blank=True, max_length=120, verbose_name="state / province / region")),
                ("postal_code", models.CharField(max_length=20, verbose_name="postal code")),
                (
                    "country",
                    models.CharField(
                        choices=kernel.countries.COUNTRY_CHOICES,
                        max_length=2,
                        validators=[customers.models.validate_country_code],
                        verbose_name="country",
                    ),
                ),
                ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                ("is_default", models.BooleanField(default=False, verbose_name="default address")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="addresses",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="customer",
                    ),
                ),
            ],
            options={
                "verbose_name": "address",
                "verbose_name_plural": "addresses",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_default", True)),
                        fields=("customer",),
                        name="customers_address_one_default",
                    )
                ],
            },
        ),
    ]
