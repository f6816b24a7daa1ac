"""Reads for the account pages: a customer's orders and the guest status page.

Listings cost a fixed number of queries whatever their length: an order history page
is one ``COUNT`` and one ``SELECT`` with the item count annotated
(``OrderQuerySet.for_listing``), never a query per order.
"""

from __future__ import annotations

from uuid import UUID

from django.db import models
from django.http import Http404

from orders import selectors as order_selectors
from orders.models import Order


def customer_orders(*, customer) -> models.QuerySet | list:
    """The customer's orders, newest first, ready for the history table."""
    if not getattr(customer, "is_authenticated", False):
        return []
    return Order.objects.filter(customer=customer).for_listing().order_by("-placed_at", "-pk")


def customer_order(*, customer, number: int) -> Order:
    """One of the customer's own orders by number, or 404 (never someone else's).

    What an order page shows the buyer: lines and shipments, not the merchant's
    timeline (``events`` holds staff notes)."""
    order = (
        Order.objects.filter(customer=customer, number=number)
        .prefetch_related("lines", "fulfilments")
        .first()
    )
    if order is None:
        raise Http404
    return order


def order_by_token(token: UUID) -> Order:
    """The order behind a status-page link, or 404: what ``orders`` decides an order is
    (``orders.selectors.order_by_token``)."""
    order = order_selectors.order_by_token(token)
    if order is None:
        raise Http404
    return order
