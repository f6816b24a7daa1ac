"""Figures of one shop for the platform's listings, computed in the shop's schema.

"My shops" and the agency dashboard list many shops; reading each shop's orders
there would be a cross-schema query per row in a request. Instead a periodic task
(accounts.tasks) runs ``shop_stats_refresh`` inside each shop and stores the
figures in ``ShopStats`` (public). It reads the tenant ``orders`` app only through
``orders.selectors`` (a named seam in ``.importlinter``).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from accounts.models import ShopStats
from kernel.schemas import public_schema
from orders.selectors import orders_since_summary, orders_today_summary


def shop_stats_refresh(*, now=None) -> ShopStats:
    """Recompute the current shop's figures (connection in the shop's schema)."""
    now = now or timezone.now()
    shop = connection.tenant
    today = orders_today_summary(now=now)
    month = orders_since_summary(since=now - timedelta(days=30))
    with public_schema():
        stats, _ = ShopStats.objects.update_or_create(
            shop_id=shop.pk,
            defaults={
                "currency": shop.currency,
                "orders_today": today.count,
                "orders_30d": month.count,
                "sales_30d": month.net,
                "refreshed_at": now,
            },
        )
    return stats
