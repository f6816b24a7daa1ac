"""Analytics fixtures: orders placed, refunded and cancelled through the real services,
and the aggregates recomputed from scratch to compare with (``recomputed``)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from analytics.contributions import TABLES
from catalog.models import Collection
from catalog.selectors import collection_products
from orders.models import Order, OrderLine, OrderTaxLine, RefundLine
from tests.orders.conftest import alpha, owner_client, placed_order  # noqa: F401 (fixtures)


def place_with(*, discount_code: str = "", country: str = "GB", **kwargs) -> Order:
    """An order placed through ``order_place``, with a discount code and a country."""
    from orders.services import order_place

    placed = placed_order(**kwargs)
    address = dataclasses.replace(placed.shipping_address, country=country)
    placed = dataclasses.replace(placed, discount_code=discount_code, shipping_address=address)
    order, created = order_place(placed=placed, actor="checkout")
    assert created
    return order


def aggregate_rows() -> dict[str, dict[tuple, dict]]:
    """What the aggregate tables hold, as ``{table: {key: {field: value}}}`` (rows whose
    sums are all zero left out: a row emptied by a void is the same as no row)."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for name, table in TABLES.items():
            cursor.execute(f"SELECT {', '.join(table.keys + table.sums)} FROM {table.db_table}")
            rows = {}
            for record in cursor.fetchall():
                key = tuple(_plain(v) for v in record[: len(table.keys)])
                sums = dict(zip(table.sums, record[len(table.keys) :], strict=True))
                if any(sums.values()):
                    rows[key] = {f: v for f, v in sums.items() if v}
            found[name] = rows
    return found


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def recomputed() -> dict[str, dict[tuple, dict]]:
    """The aggregates recomputed from every order with the ORM, independently of
    ``analytics`` (the definitions in docs/analytics.md, written out again)."""
    tables = {name: defaultdict(lambda: defaultdict(int)) for name in TABLES}
    memberships = defaultdict(set)
    for collection in Collection.objects.all():
        for pk in collection_products(collection, include_inactive=True).values_list(
            "pk", flat=True
        ):
            memberships[pk].add(collection.pk)
    seen = set()
    for order in Order.objects.order_by("placed_at", "id"):
        email = order.email.strip().lower()
        returning = email in seen
        seen.add(email)
        day = timezone.localdate(order.placed_at).isoformat()
        address = order.shipping_address or order.billing_address or {}
        country = (address.get("country") or "").upper()
        lines = list(OrderLine.objects.filter(order=order).select_related("variant"))
        if order.financial_status != Order.FinancialStatus.VOIDED:
            sales = tables["sales"][(day,)]
            sales["orders"] += 1
            sales["units"] += sum(line.quantity for line in lines)
            sales["gross"] += order.subtotal
            sales["discounts"] += order.discount_total
            sales["shipping"] += order.shipping_total
            sales["tax"] += order.tax_total
            sales["total"] += order.total
            sales["returning_customer_orders" if returning else "new_customer_orders"] += 1
            for line in lines:
                product_id = line.variant.product_id if line.variant else None
                key = str(product_id) if product_id else f"title:{line.product_title}"
                product = tables["product"][(day, key)]
                product["quantity"] += line.quantity
                product["gross"] += line.unit_price * line.quantity
                product["discounts"] += line.line_discount
                for collection_id in memberships.get(product_id, ()):
                    collection = tables["collection"][(day, collection_id)]
                    collection["quantity"] += line.quantity
                    collection["gross"] += line.unit_price * line.quantity
                    collection["discounts"] += line.line_discount
            if order.discount_code:
                code = tables["discount"][(day, order.discount_code)]
                code["orders"] += 1
                code["discounts"] += order.discount_total
                code["total"] += order.total
            tables["country"][(day, country)]["orders"] += 1
            tables["country"][(day, country)]["total"] += order.total
            for tax in OrderTaxLine.objects.filter(order=order):
                tables["tax"][(day, tax.name, str(tax.rate))]["amount"] += tax.amount
        for refund in order.refunds.all():
            refund_day = timezone.localdate(refund.created_at).isoformat()
            tables["sales"][(refund_day,)]["refunds"] += refund.amount
            tables["country"][(refund_day, country)]["refunds"] += refund.amount
            for refund_line in RefundLine.objects.filter(refund=refund).select_related(
                "order_line__variant"
            ):
                line = refund_line.order_line
                product_id = line.variant.product_id if line.variant else None
                key = str(product_id) if product_id else f"title:{line.product_title}"
                tables["product"][(refund_day, key)]["refunded_quantity"] += refund_line.quantity
    return {
        name: {
            key: {f: v for f, v in fields.items() if v}
            for key, fields in rows.items()
            if any(fields.values())
        }
        for name, rows in tables.items()
    }
