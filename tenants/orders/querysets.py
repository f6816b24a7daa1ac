"""Reads of orders, written so a listing costs a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.db import models
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

_NUMBER = re.compile(r"^#?\s*(\d{1,9})$")
SORT_COLUMNS = {
    "date": "placed_at",
    "total": "total",
    "number": "number",
    "payment": "financial_status",
    "fulfilment": "fulfilment_status",
}


class OrderQuerySet(models.QuerySet):
    def for_listing(self):
        """Rows of the orders list and the CSV export: customer and item count joined
        in, so the page costs the same queries for 3 orders or 300."""
        # Read from the relation: ``orders.models`` imports this module for its manager.
        OrderLine = self.model._meta.get_field("lines").related_model
        items = (
            OrderLine.objects.filter(order=OuterRef("pk"))
            .order_by()
            .values("order")
            .annotate(n=Sum("quantity"))
            .values("n")
        )
        return self.select_related("customer").annotate(
            item_count=Coalesce(Subquery(items, output_field=IntegerField()), 0)
        )

    def for_detail(self):
        return self.select_related("customer", "draft").prefetch_related(
            "lines__variant",
            "tax_lines",
            "fulfilments__lines",
            "refunds__lines",
            "events",
            "payments",
        )

    def matching(
        self,
        *,
        financial_status: str = "",
        fulfilment_status: str = "",
        placed_from: date | None = None,
        placed_to: date | None = None,
        customer: str = "",
    ):
        """The admin's filters; dates are whole days in the current time zone, inclusive."""
        qs = self
        if financial_status:
            qs = qs.filter(financial_status=financial_status)
        if fulfilment_status:
            qs = qs.filter(fulfilment_status=fulfilment_status)
        if placed_from:
            qs = qs.filter(placed_at__gte=_start_of(placed_from))
        if placed_to:
            qs = qs.filter(placed_at__lt=_start_of(placed_to, days_later=1))
        customer = (customer or "").strip()
        if customer:
            qs = qs.filter(email__icontains=customer)
        return qs

    def search(self, query: str):
        """By number (``1001`` or ``#1001``), email or the shopper's name."""
        query = " ".join((query or "").split())
        if not query:
            return self
        number = _NUMBER.match(query)
        condition = (
            Q(email__icontains=query)
            | Q(shipping_address__name__icontains=query)
            | Q(billing_address__name__icontains=query)
        )
        if number:
            condition |= Q(number=int(number.group(1)))
        return self.filter(condition)

    def sorted_by(self, sort: str):
        """The admin list's order: ``date``, ``total``, ``number``, ``payment`` or
        ``fulfilment``, ``-`` first for descending; anything else is newest first.
        The id breaks ties, so pages never repeat or skip an order."""
        descending = sort.startswith("-")
        column = SORT_COLUMNS.get(sort.lstrip("-"))
        if column is None:
            return self.order_by("-placed_at", "-id")
        prefix = "-" if descending else ""
        return self.order_by(f"{prefix}{column}", f"{prefix}id")

    def placed_on(self, day: date):
        return self.filter(
            placed_at__gte=_start_of(day), placed_at__lt=_start_of(day, days_later=1)
        )


def _start_of(day: date, *, days_later: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=days_later), time.min))
