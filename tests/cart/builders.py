"""Catalog and stock for cart and checkout tests, made through the real services."""

from __future__ import annotations

import itertools
from decimal import Decimal

from catalog.services import product_create
from inventory.services import stock_set

_n = itertools.count(1)


def variant(
    *,
    title: str | None = None,
    price: str = "10.00",
    stock: int | None = 10,
    status: str = "active",
    policy: str = "deny",
    weight_grams: int = 500,
    requires_shipping: bool = True,
):
    """An active product with one variant, ``stock`` units on hand (None: no stock row)."""
    n = next(_n)
    product = product_create(
        title=title or f"Item {n}",
        status=status,
        variants=[
            {
                "price": Decimal(price),
                "sku": f"SKU-{n}",
                "inventory_policy": policy,
                "weight_grams": weight_grams,
                "requires_shipping": requires_shipping,
            }
        ],
    )
    found = product.variants.get()
    if stock is not None:
        stock_set(variant=found, on_hand=stock)
    return found
