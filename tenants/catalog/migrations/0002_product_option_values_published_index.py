"""Product.option_values (filled from the variants) and the "newest" index.

The UPDATE fills what ``catalog.services.product_refresh_derived`` keeps from now on
(the SQL is copied, not imported, so this migration never changes under a later
edit of the service): every variant's option values, and ``published_at`` for active
products that lack one (rows written before the services always set it), taken
from ``created_at`` so "newest" keeps their order. Filled before the indexes are
built, so each index is built once rather than updated row by row.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
from django.db import migrations, models


FILL = """
UPDATE catalog_product
   SET option_values = ARRAY(
           SELECT DISTINCT o.value
             FROM catalog_variant AS ov,
                  unnest(ARRAY[ov.option1, ov.option2, ov.option3]) AS o(value)
            WHERE ov.product_id = catalog_product.id AND o.value <> ''
            ORDER BY o.value),
       published_at = CASE WHEN status = 'active'
                           THEN COALESCE(published_at, created_at) END
"""


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='product',
            name='option_values',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=255), blank=True, default=list, editable=False, size=None),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='product',
            index=django.contrib.postgres.indexes.GinIndex(fields=['option_values'], name='product_options_gin'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(models.F('status'), models.OrderBy(models.F('published_at'), descending=True, nulls_last=True), models.OrderBy(models.F('id'), descending=True), name='product_status_published'),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                models.F("status"),
                models.OrderBy(models.F("min_price"), descending=True, nulls_last=True),
                name="product_status_price_desc",
            ),
        ),
    ]
