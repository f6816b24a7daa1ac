"""Reads of orders for other apps and the shop admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from orders.models import Order


def order_by_token(token: str | uuid.UUID) -> Order | None:
    """The order behind a public status link, or None (a malformed token too).

    For the shopper-facing status page: the token, not the guessable number, is
    the key. Lines, tax lines and fulfilments come prefetched.
    """
    try:
        token = uuid.UUID(str(token))
    except (TypeError, ValueError, AttributeError):
        return None
    return (
        Order.objects.filter(token=token)
        .prefetch_related("lines", "tax_lines", "fulfilments__lines")
        .first()
    )


@dataclass(frozen=True)
class PeriodSummary:
    count: int = 0
    net: Decimal = Decimal("0.00")  # net of refunds, voided orders excluded


def orders_since_summary(*, since: datetime) -> PeriodSummary:
    """Orders placed since ``since`` and their net sales, in one query: the figures
    ``accounts.shop_stats`` copies to the platform (a named seam, ``.importlinter``)."""
    row = Order.objects.filter(placed_at__gte=since).aggregate(
        n=Count("id"),
        net=Sum(
            F("total") - F("refunded_total"),
            filter=~Q(financial_status=Order.FinancialStatus.VOIDED),
            default=Decimal("0.00"),
        ),
    )
    return PeriodSummary(count=row["n"], net=row["net"])


@dataclass(frozen=True)
class TodaySummary:
    count: int = 0
    # [(currency, net sales)], net of refunds, voided orders excluded; one entry per
    # currency the shop sold in today (one, until multi-currency).
    sales: list[tuple[str, Decimal]] = field(default_factory=list)


def orders_today_summary(*, now: datetime | None = None) -> TodaySummary:
    """Today's orders (in the shop's time zone) for the admin dashboard: one query."""
    day = timezone.localdate(now or timezone.now())
    rows = (
        Order.objects.placed_on(day)
        .order_by()
        .values("currency")
        .annotate(
            n=Count("id"),
            net=Sum(
                F("total") - F("refunded_total"),
                filter=~Q(financial_status=Order.FinancialStatus.VOIDED),
                default=Decimal("0.00"),
            ),
        )
        .order_by("currency")
    )
    rows = list(rows)
    return TodaySummary(
        count=sum(r["n"] for r in rows), sales=[(r["currency"], r["net"]) for r in rows]
    )
