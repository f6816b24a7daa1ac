"""Denormalised listing columns kept from other apps' data: ``in_stock``, ``units_sold``.

The storefront filters and sorts 100,000-product listings on these columns through
indexes (docs/benchmarks-catalog.md); computing them from stock levels or order lines
per page view would read every variant. Each write changes only the rows whose value
really changes, and bumps the catalogue version (``catalog.versions``) only then, so the
storefront's cached counts and facets are dropped when a listing can differ, not on
every stock movement.

The catalog does not import the apps it reads from (inventory, orders sit above it):
stock is reached through the reverse relation ``Variant.stock_levels`` that inventory
declares, and sales arrive as numbers from the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q

from catalog.models import Product, Variant
from catalog.versions import catalog_version_bump


def variant_available_condition() -> Q:
    """A variant can be bought now: sold beyond stock, or a unit free somewhere.

    Available is on hand − reserved summed over locations; since neither is ever
    below zero nor reserved above on hand (inventory's check constraints), the sum is
    positive exactly when one location has on hand above reserved. Without any stock
    row a ``deny`` variant is out of stock.
    """
    return Q(inventory_policy=Variant.InventoryPolicy.CONTINUE) | Q(
        stock_levels__on_hand__gt=F("stock_levels__reserved")
    )


def product_in_stock_condition() -> Exists:
    """``Product.in_stock`` as it should be, for an UPDATE or a check."""
    return Exists(Variant.objects.filter(variant_available_condition(), product=OuterRef("pk")))


@transaction.atomic
def product_stock_refresh(
    *, products: Iterable[Product | int] = (), variants: Iterable[Variant | int] = ()
) -> int:
    """Recompute ``in_stock`` of these products (or those of these variants); how many flipped.

    Called by the inventory services in the transaction that changes stock, and by
    ``product_refresh_derived`` (variants added, removed, or their policy changed).
    Only rows whose flag changes are written (and locked), so a checkout taking one of
    many units writes nothing here. Two transactions changing stock of *different*
    variants of one product at the same moment can leave the flag stale (each decides
    from a snapshot without the other's change); ``catalog_listing_reconcile`` (run
    with the periodic sales refresh) repairs that.
    """
    ids = sorted({p.pk if isinstance(p, Product) else int(p) for p in products})
    variant_ids = sorted({v.pk if isinstance(v, Variant) else int(v) for v in variants})
    if not ids and not variant_ids:
        return 0
    which = Q(pk__in=ids)
    if variant_ids:
        which |= Q(pk__in=Variant.objects.filter(pk__in=variant_ids).values("product_id"))
    condition = product_in_stock_condition()
    flipped = Product.objects.filter(which).exclude(in_stock=condition).update(in_stock=condition)
    if flipped:
        catalog_version_bump()
    return flipped


@transaction.atomic
def catalog_listing_reconcile() -> int:
    """Recompute ``in_stock`` for the whole shop; how many flipped (a periodic repair)."""
    condition = product_in_stock_condition()
    flipped = Product.objects.exclude(in_stock=condition).update(in_stock=condition)
    if flipped:
        catalog_version_bump()
    return flipped


@transaction.atomic
def product_sales_set(*, units: Mapping[int, int]) -> int:
    """Make ``units_sold`` exactly ``units`` (product id → units; others 0); how many changed.

    One UPDATE over the shop's products, writing only the rows that change: a shop
    whose sales did not move since the last refresh writes nothing and keeps its
    cached listings.
    """
    table = connection.ops.quote_name(Product._meta.db_table)
    ids = [int(k) for k in units]
    counts = [max(0, int(units[k])) for k in units]
    with connection.cursor() as cursor:
        # Table name from the model, values as parameters: nothing to inject.
        cursor.execute(
            f"""
            UPDATE {table} AS p
               SET units_sold = COALESCE(s.units, 0)
              FROM {table} AS q
              LEFT JOIN unnest(%s::bigint[], %s::bigint[]) AS s(product_id, units)
                     ON s.product_id = q.id
             WHERE p.id = q.id AND p.units_sold <> COALESCE(s.units, 0)
            """,  # noqa: S608 — the table name from the model; values are parameters
            [ids, counts],
        )
        changed = cursor.rowcount
    if changed:
        catalog_version_bump()
    return changed
