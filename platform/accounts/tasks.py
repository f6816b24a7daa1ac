"""Periodic: refresh every serving shop's figures for "My shops" (accounts.shop_stats).

The fan-out runs in public and queues one task per shop from inside that shop's
schema (tenant-schemas-celery carries it), as inventory's periodic tasks do.
"""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, tenant_context

from accounts.shop_stats import shop_stats_refresh


@shared_task(ignore_result=True)
def refresh_shop_stats() -> None:
    shop_stats_refresh()


@shared_task(ignore_result=True)
def refresh_shop_stats_all_shops() -> int:
    queued = 0
    for shop in get_tenant_model().objects.serving().order_by("pk").iterator():
        with tenant_context(shop):
            refresh_shop_stats.delay()
        queued += 1
    return queued
