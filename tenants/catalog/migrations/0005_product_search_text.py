"""Search that finds things: ``unaccent`` and ``pg_trgm``, ``Product.search_text`` and
its trigram index, and every search vector rewritten stemmed and unaccented.

The extensions go into ``public`` (on every shop's search path), never into the shop
schema being migrated: a function in a shop schema would stop the template clone
(``shops.cloning``) and would be invisible to the other shops. Both extensions are
trusted, so a database owner without superuser rights may create them. They are left
in place on reversal: other shops' columns and indexes use them.

The UPDATE fills what ``catalog.search`` keeps from now on (copied, not imported, so
this migration never changes under a later edit), in English: the language every
shop has had so far. It runs before the index is built, so the index is built once.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

EXTENSIONS = """
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
"""

FILL = r"""
UPDATE catalog_product AS p
   SET search_vector =
           setweight(to_tsvector('english'::regconfig, unaccent(COALESCE(p.title, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, unaccent(COALESCE(p.title, ''))), 'A')
        || setweight(to_tsvector('english'::regconfig,
                     unaccent(COALESCE(array_to_string(p.tags, ' '), ''))), 'B')
        || setweight(to_tsvector('simple'::regconfig,
                     unaccent(COALESCE(array_to_string(p.tags, ' '), ''))), 'B')
        || setweight(to_tsvector('simple'::regconfig, unaccent(COALESCE(
               (SELECT string_agg(v.sku, ' ' ORDER BY v.position, v.id)
                  FROM catalog_variant AS v WHERE v.product_id = p.id), ''))), 'B')
        || setweight(to_tsvector('english'::regconfig,
                     unaccent(COALESCE(p.vendor || ' ' || p.product_type, ''))), 'C')
        || setweight(to_tsvector('simple'::regconfig,
                     unaccent(COALESCE(p.vendor || ' ' || p.product_type, ''))), 'C'),
       search_text = lower(unaccent(p.title))
           || CASE WHEN lower(unaccent(p.title)) ~ '\w[-''’.]\w'
                   THEN ' ' || regexp_replace(lower(unaccent(p.title)), '(\w)[-''’.](?=\w)', '\1', 'g')
                   ELSE '' END
"""


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0004_product_description_rich_text'),
    ]

    operations = [
        migrations.RunSQL(EXTENSIONS, migrations.RunSQL.noop),
        migrations.AddField(
            model_name='product',
            name='search_text',
            field=models.TextField(blank=True, db_default='', default='', editable=False),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name='product',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='product_search_text_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]
