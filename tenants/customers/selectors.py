"""Reads for the account pages: a customer's orders and the guest status page.

``orders`` is built alongside this app, so everything that touches it goes through
``order_model()`` and ``order_by_token()`` below. When ``orders`` has no ``Order``
model yet the account pages still work and show no orders, instead of failing at
import time. Listings cost a fixed number of queries whatever their length: an
order history page is one ``COUNT`` and one ``SELECT`` with the item count
annotated, never a query per order.
"""

from __future__ import annotations

import importlib
import importlib.util
from uuid import UUID

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404


def order_model() -> type[models.Model] | None:
    """``orders.Order``, or None while the orders app has no such model."""
    try:
        return apps.get_model("orders", "Order")
    except LookupError:
        return None


def customer_orders(*, customer) -> models.QuerySet | list:
    """The customer's orders, newest first, ready for the history table."""
    Order = order_model()
    if Order is None or not getattr(customer, "is_authenticated", False):
        return []
    orders = Order.objects.filter(customer=customer)
    if hasattr(orders, "for_listing"):  # orders' own listing shape: item_count annotated
        orders = orders.for_listing()
    else:
        orders = orders.annotate(item_count=models.Sum("lines__quantity"))
    return orders.order_by("-placed_at", "-pk")


def _with_lines(queryset: models.QuerySet) -> models.QuerySet:
    """What an order page shows the buyer: lines and shipments, not the merchant's
    timeline (``events`` holds staff notes)."""
    related = ["lines"]
    if any(f.name == "fulfilments" for f in queryset.model._meta.get_fields()):
        related.append("fulfilments")
    return queryset.prefetch_related(*related)


def customer_order(*, customer, number: int):
    """One of the customer's own orders by number, or 404 (never someone else's)."""
    Order = order_model()
    if Order is None:
        raise Http404
    order = _with_lines(Order.objects.filter(customer=customer, number=number)).first()
    if order is None:
        raise Http404
    return order


def order_by_token(token: UUID):
    """The order behind a status-page link, or 404.

    Prefers ``orders.selectors.order_by_token`` when the orders app provides it, so
    the status page shows what orders decides an order is; falls back to a lookup on
    ``Order.token``.
    """
    if importlib.util.find_spec("orders.selectors") is not None:
        orders_selectors = importlib.import_module("orders.selectors")
        provided = getattr(orders_selectors, "order_by_token", None)
        if provided is not None:
            try:
                order = provided(token)
            except ObjectDoesNotExist:
                raise Http404 from None
            if order is None:
                raise Http404
            return order
    Order = order_model()
    if Order is None:
        raise Http404
    order = _with_lines(Order.objects.filter(token=token)).first()
    if order is None:
        raise Http404
    return order
