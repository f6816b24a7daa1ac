"""Reads of customers, written so the list costs a fixed number of queries.

A customer's figures (orders, amount spent, last order) are read from
``orders_order`` by e-mail, which is indexed there, never copied onto the customer:

- shown: correlated subqueries, so a page of 50 customers is 50 index look-ups
  inside its one ``SELECT``;
- filtered: a semi-join on the orders grouped by e-mail (one pass over the shop's
  orders, whatever the number of customers);
- sorted by a figure: the subquery runs once per customer of the shop (measured:
  about 0.1 s for 30,000 customers with 100,000 orders).
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


def _emails_having(**condition):
    """The e-mails whose orders' figures meet ``condition`` (on ``n``, ``spent``,
    ``last``): the same figures as ``with_stats``, grouped once."""
    spent = Sum(F("total") - F("refunded_total"), filter=Q(financial_status__in=SPENDING_STATUSES))
    return (
        Order.objects.order_by()
        .values("email")
        .annotate(
            n=Count("pk"),
            spent=Coalesce(spent, Value(ZERO, output_field=money_field())),
            last=Max("placed_at"),
        )
        .filter(**condition)
        .values("email")
    )


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
        # Each figure's filter is a semi-join on the orders grouped by e-mail (one hash
        # aggregate over the shop's orders), not a comparison of the per-row subquery,
        # which PostgreSQL would run once per customer of the shop.
        if orders_min:
            qs = qs.filter(email__in=_emails_having(n__gte=orders_min))
        if orders_max is not None:
            qs = qs.exclude(email__in=_emails_having(n__gt=orders_max))
        if spent_min:
            qs = qs.filter(email__in=_emails_having(spent__gte=spent_min))
        if spent_max is not None:
            qs = qs.exclude(email__in=_emails_having(spent__gt=spent_max))
        if last_order_from:
            qs = qs.filter(email__in=_emails_having(last__gte=_start_of(last_order_from)))
        if last_order_to:
            qs = qs.filter(
                email__in=_emails_having(last__lt=_start_of(last_order_to, days_later=1))
            )
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
            F(c).desc(nulls_last=True) if descending else F(c).asc(nulls_last=True) for c in columns
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
