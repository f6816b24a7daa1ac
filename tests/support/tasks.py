"""Test-only tasks that report which schema a worker ran them in.

They read the schema from the database (``current_schema()``), not only from
``connection.schema_name``: the attribute is what django-tenants *meant* to select,
the database's answer is what the queries actually hit. The worker is started with
``-I tests.support.tasks`` so these are registered there and nowhere in production.
"""

from __future__ import annotations

from celery import shared_task
from django.db import connection, transaction


def _where() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), to_regclass('wagtailcore_site') IS NOT NULL")
        db_schema, has_sites = cursor.fetchone()
    return {"schema": connection.schema_name, "db_schema": db_schema, "has_sites": has_sites}


@shared_task
def where_am_i() -> dict:
    """The schema the task ran in and, inside a shop, that shop's Site host name."""
    from wagtail.models import Site

    where = _where()
    where["hostname"] = Site.objects.get().hostname if where["has_sites"] else None
    return where


@shared_task
def site_rename(site_name: str) -> dict:
    """Rename the current shop's Site; return the name it had before.

    A write that landed in another shop's schema shows up in the next task sent by
    either shop: its "before" would not be the name its own shop last set.
    """
    from wagtail.models import Site

    with transaction.atomic():
        site = Site.objects.select_for_update().get()
        before = site.site_name
        site.site_name = site_name
        site.save(update_fields=["site_name"])
    return {**_where(), "hostname": site.hostname, "before": before, "after": site_name}
