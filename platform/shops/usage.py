"""How much a shop holds: products, orders, database and media bytes.

The documented way for platform code to read a shop's schema for usage. It runs
one SQL statement per shop (two counts and the size of the schema's tables, indexes
and TOAST data) plus a walk of the shop's media prefix, and stores the result in
``ShopUsage`` (public). The console reads that table; nothing here runs in a request
path of the console list, which must stay a fixed number of queries for thousands
of shops. ``shops.tasks.refresh_shop_usage_all_shops`` refreshes every shop
periodically (``SHOP_USAGE_REFRESH_SECONDS``); the console's shop page can ask for
one shop's refresh.

Tenant models are named through the app registry (``catalog.Product``,
``orders.Order``) for their table names only: platform code does not import tenant
apps.
"""

from __future__ import annotations

import os

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from kernel.schemas import public_schema
from shops.models import Shop, ShopUsage

COUNTED = {"products": "catalog.Product", "orders": "orders.Order"}


def _table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def schema_counts(schema: str) -> dict[str, int]:
    """``{"products": n, "orders": n, "database_bytes": n}`` for one schema, one query."""
    qn = connection.ops.quote_name
    selects = [
        f"(SELECT count(*) FROM {qn(schema)}.{qn(_table(label))})"  # noqa: S608 — quoted names
        for label in COUNTED.values()
    ]
    sql = (
        f"SELECT {', '.join(selects)}, "  # noqa: S608 — the selects above, built from quoted names only
        "(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'm'))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [schema])
        row = cursor.fetchone()
    values = dict(zip(COUNTED, row[: len(COUNTED)], strict=True))
    values["database_bytes"] = int(row[-1])
    return values


def media_bytes(schema: str) -> int:
    """Bytes under the shop's media prefix, local folders or S3."""
    total = 0
    for _name, item in default_storage.iter_prefix(schema):
        size = getattr(item, "size", None)
        total += size if size is not None else os.path.getsize(item)
    return total


def shop_usage_refresh(*, shop_id: int) -> ShopUsage | None:
    """Count one shop and store the snapshot; ``None`` if the shop is gone or closed."""
    with public_schema():
        shop = Shop.objects.serving().filter(pk=shop_id).first()
        if shop is None:
            return None
        values = schema_counts(shop.schema_name)
        values["media_bytes"] = media_bytes(shop.schema_name)
        usage, _created = ShopUsage.objects.update_or_create(
            shop=shop, defaults={**values, "refreshed_at": timezone.now()}
        )
        return usage
