"""Units sold per product, read from the order lines, for the "best selling" sort.

Shopify sorts a collection by best selling from a sales count it keeps per product;
summing order lines per page view would read every line of a shop's history. Here
the count is ``Product.units_sold``, which ``catalog_sales_refresh`` (a Celery beat
task, every ``CATALOG_SALES_REFRESH_SECONDS``) rewrites from the order lines. The
orders code is left alone: it need not know the storefront sorts by sales. The cost
is staleness — an order shows in the sort one refresh later — which a sort order
can afford; the refresh writes only products whose count changed, and bumps the
catalogue version only then (cached listings are dropped only when the order moves).

Counted: every unit of an order not cancelled and not voided, less refunded units.
A line whose variant was deleted counts for nobody (its product is unknown).
"""

from __future__ import annotations

from django.db.models import F, Sum

from catalog.services import product_sales_set
from orders.models import FinancialStatus, OrderLine


def units_sold_by_product() -> dict[int, int]:
    """``{product_id: units}`` over the shop's orders, in one aggregate query."""
    rows = (
        OrderLine.objects.filter(
            variant__isnull=False,
            order__cancelled_at__isnull=True,
        )
        .exclude(order__financial_status=FinancialStatus.VOIDED)
        .values("variant__product_id")
        .annotate(units=Sum(F("quantity") - F("refunded_quantity")))
        .order_by()
    )
    return {row["variant__product_id"]: max(0, row["units"] or 0) for row in rows}


def catalog_sales_refresh() -> int:
    """Rewrite the current shop's ``Product.units_sold``; how many products changed."""
    return product_sales_set(units=units_sold_by_product())
