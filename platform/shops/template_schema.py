"""The template schema new shops are cloned from (``settings.SHOP_TEMPLATE_SCHEMA``).

It is an ordinary tenant schema with no ``Shop`` row: ``migrate_schemas`` migrates
it after the shops (shops.management.commands.migrate_schemas), so it always stands
at the latest migration state, and shops.cloning rebuilds its script from it.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Page, Site

from shops.cloning import template_schema
from shops.schema_pool import schema_pool_refill


def template_schema_migrate(*, verbosity: int = 1) -> None:
    name = template_schema()
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
    call_command(
        "migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=verbosity
    )
    template_schema_prepare()
    # Pool schemas cloned from the previous template state are dropped and replaced.
    schema_pool_refill()


def template_schema_prepare() -> None:
    """Remove Wagtail's sample "Welcome" page and its Site: every shop gets its own."""
    with schema_context(template_schema()):
        Site.objects.all().delete()
        for page in Page.objects.filter(depth__gt=1).order_by("-depth"):
            page.delete()
