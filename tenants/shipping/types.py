"""The contract between checkout and ``shipping.selectors.shipping_rates``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ShippingQuote:
    rate_id: int
    name: str  # shown to the shopper, e.g. "Standard (3–5 days)"
    price: Decimal
