"""Reads of the daily aggregates: the dashboard's figures and each report's rows.

Every read is one or two ``GROUP BY`` queries over the aggregate rows of the period
(at most one a day per key), whatever the number of orders behind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.db.models.functions import TruncMonth

from analytics.models import (
    DailyCollectionSales,
    DailyCountrySales,
    DailyDiscountSales,
    DailyProductSales,
    DailySales,
    DailyTaxes,
)
from analytics.periods import Period
from kernel.money import ZERO


@dataclass
class Totals:
    orders: int = 0
    total: Decimal = ZERO
    refunds: Decimal = ZERO
    new_customer_orders: int = 0
    returning_customer_orders: int = 0

    @property
    def sales(self) -> Decimal:
        """Total sales: what shoppers paid, less what was refunded."""
        return self.total - self.refunds

    @property
    def average_order_value(self) -> Decimal:
        return (self.total / self.orders).quantize(Decimal("0.01")) if self.orders else ZERO

    @property
    def returning_rate(self) -> Decimal:
        """Share of orders (0–1) placed by customers who had ordered before."""
        counted = self.new_customer_orders + self.returning_customer_orders
        return Decimal(self.returning_customer_orders) / counted if counted else Decimal(0)


@dataclass
class Dashboard:
    period: Period
    current: Totals
    previous: Totals
    # Per day of each period, in order: {metric: [value, …]}
    current_series: dict[str, list] = field(default_factory=dict)
    previous_series: dict[str, list] = field(default_factory=dict)


METRICS = ("sales", "orders", "average_order_value", "returning_rate")


def dashboard(period: Period) -> Dashboard:
    """Both periods' totals and daily series: one query over at most two rows a day."""
    previous = period.previous
    rows = {
        row["day"]: row
        for row in DailySales.objects.filter(day__gte=previous.start, day__lte=period.end).values(
            "day", *_TOTALS
        )
    }
    current_totals, current_series = _series(period, rows)
    previous_totals, previous_series = _series(previous, rows)
    return Dashboard(
        period=period,
        current=current_totals,
        previous=previous_totals,
        current_series=current_series,
        previous_series=previous_series,
    )


_TOTALS = ("orders", "total", "refunds", "new_customer_orders", "returning_customer_orders")


def _series(period: Period, rows: dict[date, dict]) -> tuple[Totals, dict[str, list]]:
    """The period's totals and its per-day values of each metric, from ``rows`` (the
    ``DailySales`` values of each day that has one). A plain loop: a custom period of
    three years is 2,200 days across the two periods."""
    totals = Totals()
    sales, orders, aov, rate = [], [], [], []
    cent, nothing = Decimal("0.01"), Decimal(0)
    for day in period.day_list():
        row = rows.get(day)
        if row is None:
            sales.append(ZERO)
            orders.append(0)
            aov.append(ZERO)
            rate.append(nothing)
            continue
        n, total, refunds = row["orders"], row["total"], row["refunds"]
        new, returning = row["new_customer_orders"], row["returning_customer_orders"]
        totals.orders += n
        totals.total += total
        totals.refunds += refunds
        totals.new_customer_orders += new
        totals.returning_customer_orders += returning
        sales.append(total - refunds)
        orders.append(n)
        aov.append((total / n).quantize(cent) if n else ZERO)
        rate.append(Decimal(returning) / (new + returning) if new + returning else nothing)
    series = {
        "sales": sales,
        "orders": orders,
        "average_order_value": aov,
        "returning_rate": rate,
    }
    return totals, series


# --- Reports -------------------------------------------------------------------------
# Each returns a list of dicts (one per row, newest or biggest first) and a totals dict.

# Longer periods than this are shown by month in "Sales over time".
DAILY_UP_TO_DAYS = 92


def sales_over_time(period: Period) -> list[dict]:
    rows = DailySales.objects.filter(day__gte=period.start, day__lte=period.end)
    if period.days > DAILY_UP_TO_DAYS:
        rows = rows.annotate(bucket=TruncMonth("day"))
    else:
        rows = rows.annotate(bucket=F("day"))
    rows = (
        rows.values("bucket")
        .annotate(
            orders=Sum("orders"),
            gross=Sum("gross"),
            discounts=Sum("discounts"),
            refunds=Sum("refunds"),
            shipping=Sum("shipping"),
            tax=Sum("tax"),
            total=Sum("total"),
            new_customer_orders=Sum("new_customer_orders"),
            returning_customer_orders=Sum("returning_customer_orders"),
        )
        .order_by("-bucket")
    )
    return [
        {
            **row,
            "net": row["gross"] - row["discounts"] - row["refunds"],
            "sales": row["total"] - row["refunds"],
        }
        for row in rows
    ]


def sales_by_product(period: Period) -> list[dict]:
    rows = (
        DailyProductSales.objects.filter(day__gte=period.start, day__lte=period.end)
        .values("product_key")
        .annotate(
            sold=Sum("quantity"),
            gross_sales=Sum("gross"),
            discounted=Sum("discounts"),
            refunded=Sum("refunded_quantity"),
        )
    )
    titles = _latest_titles(DailyProductSales, "product_key", period)
    return _by_net(
        {
            "title": titles.get(row["product_key"], ""),
            "quantity": row["sold"],
            "gross": row["gross_sales"],
            "discounts": row["discounted"],
            "net": row["gross_sales"] - row["discounted"],
            "refunded_quantity": row["refunded"],
        }
        for row in rows
    )


def sales_by_collection(period: Period) -> list[dict]:
    rows = (
        DailyCollectionSales.objects.filter(day__gte=period.start, day__lte=period.end)
        .values("collection_id")
        .annotate(sold=Sum("quantity"), gross_sales=Sum("gross"), discounted=Sum("discounts"))
    )
    titles = _latest_titles(DailyCollectionSales, "collection_id", period)
    return _by_net(
        {
            "title": titles.get(row["collection_id"], ""),
            "quantity": row["sold"],
            "gross": row["gross_sales"],
            "discounts": row["discounted"],
            "net": row["gross_sales"] - row["discounted"],
        }
        for row in rows
    )


def _by_net(rows) -> list[dict]:
    return sorted(rows, key=lambda row: (-row["net"], row["title"]))


def sales_by_discount(period: Period) -> list[dict]:
    return list(
        DailyDiscountSales.objects.filter(day__gte=period.start, day__lte=period.end)
        .values("code")
        .annotate(orders=Sum("orders"), discounts=Sum("discounts"), total=Sum("total"))
        .order_by("-orders", "code")
    )


def sales_by_country(period: Period) -> list[dict]:
    return [
        {**row, "sales": row["total"] - row["refunds"]}
        for row in DailyCountrySales.objects.filter(day__gte=period.start, day__lte=period.end)
        .values("country")
        .annotate(orders=Sum("orders"), total=Sum("total"), refunds=Sum("refunds"))
        .order_by("-total", "country")
    ]


def refunds_over_time(period: Period) -> list[dict]:
    """Days with refunds: the amount and the items refunded (two queries)."""
    amounts = dict(
        DailySales.objects.filter(day__gte=period.start, day__lte=period.end)
        .filter(~Q(refunds=0))
        .values_list("day", "refunds")
    )
    items = dict(
        DailyProductSales.objects.filter(
            day__gte=period.start, day__lte=period.end, refunded_quantity__gt=0
        )
        .values("day")
        .annotate(n=Sum("refunded_quantity"))
        .values_list("day", "n")
    )
    return [
        {"day": day, "refunds": amounts.get(day, ZERO), "refunded_quantity": items.get(day, 0)}
        for day in sorted(set(amounts) | set(items), reverse=True)
    ]


def taxes(period: Period) -> list[dict]:
    return list(
        DailyTaxes.objects.filter(day__gte=period.start, day__lte=period.end)
        .values("name", "rate")
        .annotate(amount=Sum("amount"))
        .order_by("-amount", "name")
    )


def _latest_titles(model, key: str, period: Period) -> dict:
    """The title each key had on the last day of the period it sold (one query)."""
    return dict(
        model.objects.filter(day__gte=period.start, day__lte=period.end)
        .exclude(title="")
        .order_by(key, "-day")
        .distinct(key)
        .values_list(key, "title")
    )
