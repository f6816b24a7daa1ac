"""Daily aggregates of the shop's sales: what the dashboard and the reports read.

Each table holds one row per day (the shop's local day) and per key (a product, a
collection, a code, a country, a tax), with sums only. A report over a period adds
up at most one row per day and key, so its cost follows the period and the catalogue,
never the number of orders (docs/benchmarks-analytics.md).

Rows are written by ``analytics.recording`` only, as deltas: an order's contribution
(``analytics.contributions``) is recomputed whenever the order changes and the
difference to the stored one (``OrderContribution``) is added. The sums are therefore
always what a full recomputation over the orders would give
(tests/analytics/test_recording.py), and re-recording an unchanged order changes
nothing.

The day a figure lands on: sales on the day the order was placed, refunds on the day
they were made (so a refund never rewrites a closed month). A voided order (its
payment given up before it was taken) contributes nothing.

``order_id`` columns are plain integers, not foreign keys: ``analytics`` sits below
``orders`` in the layers (``.importlinter``), and an aggregate outlives what it sums.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kernel.money import ZERO


def _sum_field(verbose_name):
    # Sums of money columns: wider than one order's 12 digits, same two decimals.
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, default=ZERO)


class DailySales(models.Model):
    """The shop's sales of one day: the dashboard's and "Sales over time"'s row."""

    day = models.DateField(_("day"), unique=True)
    orders = models.IntegerField(_("orders"), default=0)
    units = models.IntegerField(_("items sold"), default=0)
    gross = _sum_field(_("gross sales"))
    discounts = _sum_field(_("discounts"))
    refunds = _sum_field(_("refunds"))
    shipping = _sum_field(_("shipping"))
    tax = _sum_field(_("taxes"))
    # What shoppers were charged: gross − discounts + shipping (+ tax when prices exclude it).
    total = _sum_field(_("total"))
    # Orders that were a customer's first (by e-mail) and orders by returning customers.
    new_customer_orders = models.IntegerField(_("orders from new customers"), default=0)
    returning_customer_orders = models.IntegerField(_("orders from returning customers"), default=0)

    class Meta:
        verbose_name = _("daily sales")
        verbose_name_plural = _("daily sales")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.orders} orders"


class DailyProductSales(models.Model):
    """One product's sales of one day. ``product_key`` is the product's id, or its
    title when the line lost its variant (deleted since); ``title`` is the latest."""

    day = models.DateField(_("day"))
    product_key = models.CharField(max_length=300)
    title = models.CharField(_("product"), max_length=255)
    quantity = models.IntegerField(_("items sold"), default=0)
    gross = _sum_field(_("gross sales"))
    discounts = _sum_field(_("discounts"))
    refunded_quantity = models.IntegerField(_("items refunded"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "product_key"], name="daily_product_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.title}"


class DailyCollectionSales(models.Model):
    """Sales of one collection's products on one day, by the membership at the sale."""

    day = models.DateField(_("day"))
    collection_id = models.IntegerField()
    title = models.CharField(_("collection"), max_length=255)
    quantity = models.IntegerField(_("items sold"), default=0)
    gross = _sum_field(_("gross sales"))
    discounts = _sum_field(_("discounts"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "collection_id"], name="daily_collection_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.title}"


class DailyDiscountSales(models.Model):
    """Orders placed with one discount code on one day."""

    day = models.DateField(_("day"))
    code = models.CharField(_("code"), max_length=100)
    orders = models.IntegerField(_("orders"), default=0)
    discounts = _sum_field(_("discounts"))
    total = _sum_field(_("total"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "code"], name="daily_discount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.code}"


class DailyCountrySales(models.Model):
    """Sales by the shipping (else billing) country; ``""`` when the order had none."""

    day = models.DateField(_("day"))
    country = models.CharField(_("country"), max_length=2)
    orders = models.IntegerField(_("orders"), default=0)
    total = _sum_field(_("total"))
    refunds = _sum_field(_("refunds"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "country"], name="daily_country_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.country or '-'}"


class DailyTaxes(models.Model):
    """Tax collected on one day, by the tax line's name and rate."""

    day = models.DateField(_("day"))
    name = models.CharField(_("tax"), max_length=255)
    rate = models.DecimalField(_("rate"), max_digits=7, decimal_places=4)
    amount = _sum_field(_("amount"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "name", "rate"], name="daily_tax_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.name}"


class OrderContribution(models.Model):
    """What one order added to the tables above, to record the next change as a delta.

    ``returning_customer`` and ``collections`` are settled at the order's first recording and
    kept: whether the customer had ordered before, and which collections held each
    product then, do not change when the order is refunded later.
    """

    order_id = models.IntegerField(unique=True)
    returning_customer = models.BooleanField(default=False)
    # {product_id: [collection_id, …]}
    collections = models.JSONField(default=dict)
    # {table: [[key, {field: amount}], …]}; amounts as strings (Decimal kept exact).
    figures = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"order {self.order_id}"


class CustomerFirstOrder(models.Model):
    """The first order of each customer e-mail (lower-cased): new or returning."""

    email = models.CharField(max_length=254, unique=True)
    order_id = models.IntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="customer_first_order_email_lower",
            )
        ]

    def __str__(self) -> str:
        return self.email
