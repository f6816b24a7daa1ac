"""The orders list as CSV, streamed.

Rows are read in batches by keyset pagination (``id`` below the last one seen), one
query per batch, so an export of 100,000 orders holds one batch in memory and never
pays ``OFFSET``'s growing cost. Cells that a spreadsheet would run as a formula are
prefixed with a quote (CSV injection: a shopper can type ``=HYPERLINK(…)`` as their
name).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.utils.translation import gettext as _

from orders.models import Order

BATCH_SIZE = 500
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def orders_csv_header() -> list[str]:
    return [
        _("Number"),
        _("Placed at"),
        _("Email"),
        _("Customer"),
        _("Payment status"),
        _("Fulfilment status"),
        _("Currency"),
        _("Subtotal"),
        _("Discounts"),
        _("Shipping"),
        _("Taxes"),
        _("Total"),
        _("Refunded"),
        _("Items"),
        _("Shipping country"),
        _("Cancelled at"),
    ]


def orders_csv_rows(queryset, *, batch_size: int = BATCH_SIZE) -> Iterator[list[str]]:
    """Header, then one row per order of ``queryset`` (newest first by id)."""
    yield orders_csv_header()
    queryset = queryset.for_listing().order_by("-id")
    last_id = None
    while True:
        batch = queryset if last_id is None else queryset.filter(id__lt=last_id)
        batch = list(batch[:batch_size])
        for order in batch:
            yield [_cell(value) for value in _row(order)]
        if len(batch) < batch_size:
            return
        last_id = batch[-1].id


def orders_csv_stream(queryset, *, batch_size: int = BATCH_SIZE) -> Iterator[str]:
    """CSV text, line by line, for a ``StreamingHttpResponse``."""
    writer = csv.writer(_Echo())
    for row in orders_csv_rows(queryset, batch_size=batch_size):
        yield writer.writerow(row)


def _row(order: Order) -> list:
    address = order.shipping_address or {}
    return [
        order.number,
        order.placed_at.isoformat(),
        order.email,
        order.customer_name,
        order.get_financial_status_display(),
        order.get_fulfilment_status_display(),
        order.currency,
        order.subtotal,
        order.discount_total,
        order.shipping_total,
        order.tax_total,
        order.total,
        order.refunded_total,
        order.item_count,
        address.get("country", ""),
        order.cancelled_at.isoformat() if order.cancelled_at else "",
    ]


def _cell(value) -> str:
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value
