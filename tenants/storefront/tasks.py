"""Periodic storefront work: the "best selling" counts and the in-stock repair.

Celery beat sends ``catalog_sales_refresh_all_shops`` from the public schema; it
queues one ``catalog_sales_refresh`` per serving shop from inside that shop's schema,
so tenant-schemas-celery runs each in its shop, in parallel, and one broken shop does
not hold up the others. Both are idempotent.
"""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, tenant_context

from catalog.services import catalog_listing_reconcile
from storefront import sales


@shared_task
def catalog_sales_refresh() -> dict[str, int]:
    """Refresh the current shop's units sold and repair any stale ``in_stock`` flag.

    The repair catches the one case the inventory services can miss (two checkouts
    changing different variants of one product at the same instant,
    ``catalog.services.product_stock_refresh``); it rarely writes anything.
    """
    return {
        "units_sold_changed": sales.catalog_sales_refresh(),
        "in_stock_repaired": catalog_listing_reconcile(),
    }


@shared_task
def catalog_sales_refresh_all_shops() -> int:
    """Queue ``catalog_sales_refresh`` for every serving shop; how many were queued."""
    queued = 0
    for shop in get_tenant_model().objects.serving().order_by("pk").iterator():
        with tenant_context(shop):
            catalog_sales_refresh.delay()
        queued += 1
    return queued
