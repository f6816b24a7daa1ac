"""The contract between checkout and ``discounts.services.discount_evaluate``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class DiscountLine:
    variant_id: int
    product_id: int
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class DiscountResult:
    code: str
    amount: Decimal  # total discount on the lines, rounded to cents, never above subtotal
    free_shipping: bool = False
    # variant_id -> discount on that line (sums to ``amount``), for per-line tax.
    line_amounts: dict[int, Decimal] = field(default_factory=dict)
    # Free-shipping codes: the shipping_total passed in, which checkout takes off.
    shipping_discount: Decimal = Decimal("0.00")


class DiscountInvalid(Exception):
    """The code cannot be used; ``reason`` is a translated sentence for the shopper."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
