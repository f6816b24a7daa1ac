"""Figures of one shop for the platform's listings, computed in the shop's schema.

"My shops" and the agency dashboard list many shops; reading each shop's orders
there would be a cross-schema query per row in a request. Instead a periodic task
(accounts.tasks) runs ``shop_stats_refresh`` inside each shop and stores the
figures in ``ShopStats`` (public). This module is the documented seam through which
``accounts`` reads the tenant ``orders`` app: ``orders.selectors`` for today, and
the ``Order`` model's ``placed_at`` and totals for the last 30 days.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from accounts.identity import ShopStats
from kernel.schemas import public_schema


def shop_stats_refresh(*, now=None) -> ShopStats:
    """Recompute the current shop's figures (connection in the shop's schema)."""
    from orders.models import Order
    from orders.selectors import orders_today_summary

    now = now or timezone.now()
    shop = connection.tenant
    today = orders_today_summary(now=now)
    month = Order.objects.filter(placed_at__gte=now - timedelta(days=30)).aggregate(
        n=Count("id"),
        net=Sum(
            F("total") - F("refunded_total"),
            filter=~Q(financial_status=Order.FinancialStatus.VOIDED),
            default=Decimal("0.00"),
        ),
    )
    with public_schema():
        stats, _ = ShopStats.objects.update_or_create(
            shop_id=shop.pk,
            defaults={
                "currency": shop.currency,
                "orders_today": today.count,
                "orders_30d": month["n"],
                "sales_30d": month["net"],
                "refreshed_at": now,
            },
        )
    return stats
