"""An order's contribution to each daily table: a pure function of its figures.

Both ways of writing the aggregates go through ``order_contribution``: recording one
changed order (``analytics.recording.order_record``) adds the difference between its
new and its stored contribution; a rebuild (``analytics.recording.aggregates_rebuild``)
adds up the contributions of every order. So the incremental sums are, by
construction, the sums a rebuild would write.

A contribution is ``{table: {key: {field: amount}}}``; ``TABLES`` says which columns
are the key, which are summed and which are labels (the latest value wins).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from analytics.types import OrderFigures


@dataclass(frozen=True)
class Table:
    db_table: str
    keys: tuple[str, ...]
    sums: tuple[str, ...]
    labels: tuple[str, ...] = ()


TABLES: dict[str, Table] = {
    "sales": Table(
        "analytics_dailysales",
        ("day",),
        (
            "orders",
            "units",
            "gross",
            "discounts",
            "refunds",
            "shipping",
            "tax",
            "total",
            "new_customer_orders",
            "returning_customer_orders",
        ),
    ),
    "product": Table(
        "analytics_dailyproductsales",
        ("day", "product_key"),
        ("quantity", "gross", "discounts", "refunded_quantity"),
        ("title",),
    ),
    "collection": Table(
        "analytics_dailycollectionsales",
        ("day", "collection_id"),
        ("quantity", "gross", "discounts"),
        ("title",),
    ),
    "discount": Table(
        "analytics_dailydiscountsales", ("day", "code"), ("orders", "discounts", "total")
    ),
    "country": Table(
        "analytics_dailycountrysales", ("day", "country"), ("orders", "total", "refunds")
    ),
    "tax": Table("analytics_dailytaxes", ("day", "name", "rate"), ("amount",)),
}

Contribution = dict[str, dict[tuple, dict[str, Decimal | int]]]
Labels = dict[str, dict[tuple, dict[str, str]]]


def product_key(product_id: int | None, title: str) -> str:
    return str(product_id) if product_id is not None else f"title:{title}"[:300]


def order_contribution(
    figures: OrderFigures,
    *,
    returning: bool,
    collections: dict[int, list[int]],
    collection_titles: dict[int, str],
) -> tuple[Contribution, Labels]:
    """The sums ``figures`` add to each table, and the labels of the rows they touch.

    ``collections`` maps a product id to the collections that held it at the sale.
    """
    sums: Contribution = {name: defaultdict(lambda: defaultdict(int)) for name in TABLES}
    labels: Labels = {name: {} for name in TABLES}
    day = figures.day.isoformat()
    if figures.counted:
        row = sums["sales"][(day,)]
        row["orders"] += 1
        row["units"] += sum(line.quantity for line in figures.lines)
        row["gross"] += figures.gross
        row["discounts"] += figures.discounts
        row["shipping"] += figures.shipping
        row["tax"] += figures.tax
        row["total"] += figures.total
        row["returning_customer_orders" if returning else "new_customer_orders"] += 1
        for line in figures.lines:
            key = (day, product_key(line.product_id, line.title))
            product = sums["product"][key]
            product["quantity"] += line.quantity
            product["gross"] += line.gross
            product["discounts"] += line.discount
            labels["product"][key] = {"title": line.title[:255]}
            for collection_id in collections.get(line.product_id, ()):
                ckey = (day, collection_id)
                collection = sums["collection"][ckey]
                collection["quantity"] += line.quantity
                collection["gross"] += line.gross
                collection["discounts"] += line.discount
                labels["collection"][ckey] = {
                    "title": collection_titles.get(collection_id, "")[:255]
                }
        if figures.discount_code:
            code = sums["discount"][(day, figures.discount_code)]
            code["orders"] += 1
            code["discounts"] += figures.discounts
            code["total"] += figures.total
        country = sums["country"][(day, figures.country)]
        country["orders"] += 1
        country["total"] += figures.total
        for name, rate, amount in figures.taxes:
            sums["tax"][(day, name[:255], str(Decimal(rate).quantize(Decimal("0.0001"))))][
                "amount"
            ] += amount
    for refund in figures.refunds:
        refund_day = refund.day.isoformat()
        sums["sales"][(refund_day,)]["refunds"] += refund.amount
        sums["country"][(refund_day, figures.country)]["refunds"] += refund.amount
        for product_id, title, quantity in refund.lines:
            key = (refund_day, product_key(product_id, title))
            sums["product"][key]["refunded_quantity"] += quantity
            labels["product"][key] = {"title": title[:255]}
    return _plain(sums), labels


def contribution_difference(new: Contribution, old: Contribution) -> Contribution:
    """``new − old``, without the rows and fields that do not change."""
    delta: Contribution = {}
    for name in TABLES:
        rows = {}
        before, after = old.get(name, {}), new.get(name, {})
        for key in sorted(set(before) | set(after)):
            fields = {}
            for field in TABLES[name].sums:
                change = after.get(key, {}).get(field, 0) - before.get(key, {}).get(field, 0)
                if change:
                    fields[field] = change
            if fields:
                rows[key] = fields
        if rows:
            delta[name] = rows
    return delta


def contribution_add(total: Contribution, more: Contribution) -> None:
    """Add ``more`` into ``total`` (a rebuild's running sums)."""
    for name, rows in more.items():
        target = total.setdefault(name, {})
        for key, fields in rows.items():
            row = target.setdefault(key, {})
            for field, amount in fields.items():
                row[field] = row.get(field, 0) + amount


def contribution_dump(contribution: Contribution) -> dict:
    """JSON for ``OrderContribution.figures`` (keys as lists, amounts as strings)."""
    return {
        name: [[list(key), {f: str(v) for f, v in fields.items()}] for key, fields in rows.items()]
        for name, rows in contribution.items()
    }


def contribution_load(data: dict) -> Contribution:
    return {
        name: {
            tuple(key): {f: (int(v) if f in _COUNTS else Decimal(v)) for f, v in fields.items()}
            for key, fields in rows
        }
        for name, rows in (data or {}).items()
    }


_COUNTS = {
    "orders",
    "units",
    "quantity",
    "refunded_quantity",
    "new_customer_orders",
    "returning_customer_orders",
}


def _plain(sums) -> Contribution:
    return {
        name: {key: dict(fields) for key, fields in rows.items() if any(fields.values())}
        for name, rows in sums.items()
        if rows
    }
