"""Reads for the account pages (a shopper's orders, the guest status page) and for the
customers admin (a customer's orders, addresses and timeline, segment counts).

Listings cost a fixed number of queries whatever their length: an order history page
is one ``COUNT`` and one ``SELECT`` with the item count annotated
(``OrderQuerySet.for_listing``), never a query per order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from customers.filters import CustomerFilterForm
from customers.models import Address, Customer, CustomerSegment
from orders import selectors as order_selectors
from orders.models import Order, OrderEvent

# How much of a customer's history the customer page shows; "All orders" opens the
# orders list filtered by the customer's e-mail.
RECENT_ORDERS = 10
TIMELINE_LENGTH = 30


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


# --- The customers admin -----------------------------------------------------------


def customer_orders_admin(*, customer: Customer, limit: int = RECENT_ORDERS) -> list[Order]:
    """The customer's latest orders for the customer page (one query)."""
    return list(
        Order.objects.filter(email=customer.email)
        .for_listing()
        .order_by("-placed_at", "-id")[:limit]
    )


def _address_key(address: dict) -> tuple:
    return tuple(
        (address.get(k) or "").strip().casefold()
        for k in ("name", "line1", "line2", "city", "postal_code", "country")
    )


def customer_addresses(*, customer: Customer, orders: list[Order]) -> list[dict]:
    """The account's address book (default first) and then the other addresses the
    customer shipped to in ``orders``, each once; dicts shaped like
    ``orders.types.Address.as_dict()`` with ``source`` set. One query, none for a
    guest."""
    addresses: list[dict] = []
    seen: set[tuple] = set()
    if customer.user_id:
        for saved in Address.objects.of(customer.user_id):
            entry = {
                f: getattr(saved, f)
                for f in (
                    "name",
                    "company",
                    "line1",
                    "line2",
                    "city",
                    "region",
                    "postal_code",
                    "country",
                    "phone",
                )
            }
            entry["source"] = "default" if saved.is_default else "account"
            seen.add(_address_key(entry))
            addresses.append(entry)
    for order in orders:
        address = order.shipping_address or {}
        if address.get("line1") and _address_key(address) not in seen:
            seen.add(_address_key(address))
            addresses.append({**address, "source": "order"})
    return addresses


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: str
    by: str = ""
    order: Order | None = None


def customer_timeline(*, customer: Customer, limit: int = TIMELINE_LENGTH) -> list[TimelineEntry]:
    """The newest ``limit`` entries of the customer's history, newest first: what the
    shop's audit log says about the record, and the events of its orders. Two
    queries, whatever the length."""
    logged = (
        ModelLogEntry.objects.for_instance(customer)
        .select_related("user")
        .order_by("-timestamp", "-id")[:limit]
    )
    events = (
        OrderEvent.objects.filter(order__email=customer.email)
        .select_related("order")
        .order_by("-created_at", "-id")[:limit]
    )
    entries = [
        TimelineEntry(
            at=entry.timestamp,
            message=_log_message(entry),
            by=entry.user_display_name if entry.user_id else "",
        )
        for entry in logged
    ]
    entries += [
        TimelineEntry(at=e.created_at, message=e.message, by=e.actor, order=e.order) for e in events
    ]
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _log_message(entry) -> str:
    data = entry.data or {}
    if entry.action == "wagtail.create":
        source = data.get("source")
        if source == "checkout":
            return _("Customer record created at checkout")
        if source == "registration":
            return _("Customer created an account")
        return _("Customer record created")
    if entry.action == "wagtail.edit":
        fields = data.get("fields") or []
        labels = [str(Customer._meta.get_field(f).verbose_name) for f in fields if _known(f)]
        if labels:
            return _("Edited: %(fields)s") % {"fields": ", ".join(labels)}
    return str(entry.message)


def _known(field: str) -> bool:
    try:
        Customer._meta.get_field(field)
    except FieldDoesNotExist:
        return False
    return True


def segments_with_counts() -> list[CustomerSegment]:
    """Every segment with ``customer_count`` set: two queries for any number of
    segments (the segments, then one ``COUNT … FILTER`` per segment in one SELECT)."""
    segments = list(CustomerSegment.objects.all())
    if not segments:
        return segments
    base = Customer.objects.with_stats()
    counts = {}
    for segment in segments:
        form = CustomerFilterForm(segment.filters)
        counts[f"s{segment.pk}"] = Count("pk", filter=Q(pk__in=form.filtered(base).values("pk")))
    totals = Customer.objects.aggregate(**counts)
    for segment in segments:
        segment.customer_count = totals[f"s{segment.pk}"]
    return segments
