"""Reads of customers, written so the list costs a fixed number of queries.

A customer's figures (orders, amount spent, last order) are correlated subqueries on
``orders_order`` by e-mail, which is indexed there: for a page of 50 customers that is
50 index look-ups inside the one ``SELECT``, and a filter or sort on a figure costs
one look-up per customer of the shop, never a query per row in Python.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kernel.money import ZERO, money_field
from orders.models import FinancialStatus, Order

# Orders whose money the shop holds: paid, then perhaps partly or wholly refunded
# (a refund lowers the amount spent by what went back). Pending and voided orders
# took nothing.
SPENDING_STATUSES = (
    FinancialStatus.PAID,
    FinancialStatus.PARTIALLY_REFUNDED,
    FinancialStatus.REFUNDED,
)

SORT_COLUMNS = {
    "name": ("last_name", "first_name", "email"),
    "email": ("email",),
    "orders": ("orders_count",),
    "spent": ("amount_spent",),
    "last_order": ("last_order_at",),
    "created": ("created_at",),
}


def _start_of(day: date, *, days_later: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=days_later), time.min))


class CustomerQuerySet(models.QuerySet):
    def with_stats(self):
        """Annotate ``orders_count``, ``amount_spent`` and ``last_order_at``."""
        orders = Order.objects.filter(email=OuterRef("email")).order_by().values("email")
        count = orders.annotate(n=Count("pk")).values("n")
        spent = (
            orders.filter(financial_status__in=SPENDING_STATUSES)
            .annotate(s=Sum(F("total") - F("refunded_total")))
            .values("s")
        )
        last = orders.annotate(m=Max("placed_at")).values("m")
        return self.annotate(
            orders_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
            amount_spent=Coalesce(
                Subquery(spent, output_field=money_field()), Value(ZERO, output_field=money_field())
            ),
            last_order_at=Subquery(last, output_field=models.DateTimeField()),
        )

    def search(self, query: str):
        """Every word must be in the first name, the last name or the e-mail."""
        qs = self
        for word in (query or "").split():
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        return qs

    def matching(
        self,
        *,
        orders_min: int | None = None,
        orders_max: int | None = None,
        spent_min: Decimal | None = None,
        spent_max: Decimal | None = None,
        last_order_from: date | None = None,
        last_order_to: date | None = None,
        tag: str = "",
        accepts_marketing: bool | None = None,
    ):
        """The list's filters, on a queryset ``with_stats``; dates are whole days in the
        current time zone, inclusive."""
        qs = self
        if orders_min is not None:
            qs = qs.filter(orders_count__gte=orders_min)
        if orders_max is not None:
            qs = qs.filter(orders_count__lte=orders_max)
        if spent_min is not None:
            qs = qs.filter(amount_spent__gte=spent_min)
        if spent_max is not None:
            qs = qs.filter(amount_spent__lte=spent_max)
        if last_order_from:
            qs = qs.filter(last_order_at__gte=_start_of(last_order_from))
        if last_order_to:
            qs = qs.filter(last_order_at__lt=_start_of(last_order_to, days_later=1))
        if tag:
            qs = qs.filter(tags__contains=[tag])
        if accepts_marketing is not None:
            qs = qs.filter(accepts_marketing=accepts_marketing)
        return qs

    def sorted_by(self, sort: str):
        """``name``, ``email``, ``orders``, ``spent``, ``last_order`` or ``created``,
        ``-`` first for descending; anything else is newest first. By last order,
        customers who never ordered come last either way; the id breaks ties, so pages
        never repeat or skip a customer."""
        columns = SORT_COLUMNS.get(sort.lstrip("-"))
        if columns is None:
            return self.order_by("-created_at", "-id")
        descending = sort.startswith("-")
        order = [
            F(c).desc(nulls_last=True) if descending else F(c).asc(nulls_last=True)
            for c in columns
        ]
        order.append(F("id").desc() if descending else F("id").asc())
        return self.order_by(*order)

    def tag_names(self) -> list[str]:
        """Every tag in use, sorted case-insensitively (one query)."""
        tags = (
            self.order_by()
            .annotate(tag=models.Func(F("tags"), function="unnest"))
            .values_list("tag", flat=True)
            .distinct()
        )
        return sorted(tags, key=str.casefold)
