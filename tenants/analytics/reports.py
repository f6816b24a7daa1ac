"""The reports of the Analytics section: what each one shows, in what columns.

One table of report definitions serves the page and its CSV export, so the two show
the same rows and the same columns in the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from analytics import selectors
from analytics.periods import Period

# Column kinds: how a value is shown (money in the shop's currency, a count, …).
TEXT, MONEY, COUNT, DAY, RATE, COUNTRY, PERCENT = (
    "text",
    "money",
    "count",
    "day",
    "rate",
    "country",
    "percent",
)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = MONEY


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    rows: Callable[[Period], list[dict]]
    columns: tuple[Column, ...]
    # The column the bar chart shows (top rows), or None for a day-by-day report.
    chart_label: str | None = None
    chart_value: str | None = None
    # Columns summed in the totals row.
    totals: tuple[str, ...] = ()


REPORTS: dict[str, Report] = {
    r.slug: r
    for r in (
        Report(
            slug="sales",
            title=_("Sales over time"),
            description=_(
                "Gross sales, discounts, refunds, net sales, shipping, taxes, total sales "
                "and orders from new and returning customers, by day (by month over "
                "periods longer than three months)."
            ),
            rows=selectors.sales_over_time,
            columns=(
                Column("bucket", _("Day"), DAY),
                Column("orders", _("Orders"), COUNT),
                Column("gross", _("Gross sales")),
                Column("discounts", _("Discounts")),
                Column("refunds", _("Refunds")),
                Column("net", _("Net sales")),
                Column("shipping", _("Shipping")),
                Column("tax", _("Taxes")),
                Column("sales", _("Total sales")),
                Column("new_customer_orders", _("Orders from new customers"), COUNT),
                Column("returning_customer_orders", _("Orders from returning customers"), COUNT),
            ),
            totals=(
                "new_customer_orders",
                "returning_customer_orders",
                "orders",
                "gross",
                "discounts",
                "refunds",
                "net",
                "shipping",
                "tax",
                "sales",
            ),
        ),
        Report(
            slug="products",
            title=_("Sales by product"),
            description=_("Items sold, gross and net sales and items refunded, by product."),
            rows=selectors.sales_by_product,
            columns=(
                Column("title", _("Product"), TEXT),
                Column("quantity", _("Items sold"), COUNT),
                Column("gross", _("Gross sales")),
                Column("discounts", _("Discounts")),
                Column("net", _("Net sales")),
                Column("refunded_quantity", _("Items refunded"), COUNT),
            ),
            chart_label="title",
            chart_value="net",
            totals=("quantity", "gross", "discounts", "net", "refunded_quantity"),
        ),
        Report(
            slug="collections",
            title=_("Sales by collection"),
            description=_(
                "Sales of each collection's products (a product in two collections "
                "counts in both, so the rows add up to more than the shop's sales)."
            ),
            rows=selectors.sales_by_collection,
            columns=(
                Column("title", _("Collection"), TEXT),
                Column("quantity", _("Items sold"), COUNT),
                Column("gross", _("Gross sales")),
                Column("discounts", _("Discounts")),
                Column("net", _("Net sales")),
            ),
            chart_label="title",
            chart_value="net",
        ),
        Report(
            slug="discounts",
            title=_("Sales by discount code"),
            description=_("Orders placed with each discount code and what they took off."),
            rows=selectors.sales_by_discount,
            columns=(
                Column("code", _("Code"), TEXT),
                Column("orders", _("Orders"), COUNT),
                Column("discounts", _("Discounts")),
                Column("total", _("Sales")),
            ),
            chart_label="code",
            chart_value="orders",
            totals=("orders", "discounts", "total"),
        ),
        Report(
            slug="countries",
            title=_("Sales by country"),
            description=_("Orders and sales by the country they were shipped to."),
            rows=selectors.sales_by_country,
            columns=(
                Column("country", _("Country"), COUNTRY),
                Column("orders", _("Orders"), COUNT),
                Column("total", _("Sales")),
                Column("refunds", _("Refunds")),
                Column("sales", _("Sales after refunds")),
            ),
            chart_label="country",
            chart_value="sales",
            totals=("orders", "total", "refunds", "sales"),
        ),
        Report(
            slug="refunds",
            title=_("Refunds"),
            description=_("Money refunded and items refunded, by the day of the refund."),
            rows=selectors.refunds_over_time,
            columns=(
                Column("day", _("Day"), DAY),
                Column("refunds", _("Refunded")),
                Column("refunded_quantity", _("Items refunded"), COUNT),
            ),
            totals=("refunds", "refunded_quantity"),
        ),
        Report(
            slug="taxes",
            title=_("Taxes"),
            description=_("Tax collected on orders, by tax and rate (refunds not deducted)."),
            rows=selectors.taxes,
            columns=(
                Column("name", _("Tax"), TEXT),
                Column("rate", _("Rate"), PERCENT),
                Column("amount", _("Collected")),
            ),
            totals=("amount",),
        ),
    )
}
