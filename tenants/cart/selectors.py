"""Reads of carts for the cart page and checkout: two queries however many lines."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cart.availability import item_name, line_problem
from cart.models import Cart, CartLine
from catalog.models import Variant
from inventory.selectors import available_quantities


@dataclass(frozen=True)
class CartItem:
    """One cart line as the shopper sees it now: today's price, today's stock."""

    line_id: int
    variant: Variant  # with ``product`` loaded
    quantity: int
    available: int
    problem: str  # why it cannot be bought as it is, or ""

    @property
    def unit_price(self) -> Decimal:
        return self.variant.price

    @property
    def line_total(self) -> Decimal:
        return self.variant.price * self.quantity

    @property
    def name(self) -> str:
        return item_name(self.variant)


def cart_items(cart: Cart | None) -> list[CartItem]:
    """The cart's lines with variant, product and stock: one query each for lines and stock."""
    if cart is None or cart.pk is None:
        return []
    lines = list(
        CartLine.objects.filter(cart=cart)
        .select_related("variant__product")
        .order_by("created_at", "id")
    )
    available = available_quantities([line.variant_id for line in lines])
    items = []
    for line in lines:
        problem = line_problem(line.variant, line.quantity, available[line.variant_id])
        items.append(
            CartItem(
                line_id=line.pk,
                variant=line.variant,
                quantity=line.quantity,
                available=available[line.variant_id],
                problem=problem.message if problem else "",
            )
        )
    return items


def cart_item_count(cart: Cart | None) -> int:
    if cart is None:
        return 0
    return sum(CartLine.objects.filter(cart=cart).values_list("quantity", flat=True))
