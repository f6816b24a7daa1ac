"""What ``orders`` hands to ``analytics`` about one order (the contract between them).

``analytics`` sits below ``orders`` (``.importlinter``): it never reads an order, it is
told about it. ``orders.figures`` fills these from an ``Order`` both when an order
changes and when the aggregates are rebuilt, so the two paths cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class LineFigures:
    product_id: int | None  # None: the variant was deleted since
    title: str
    quantity: int
    gross: Decimal  # unit price × quantity
    discount: Decimal


@dataclass(frozen=True)
class RefundFigures:
    day: date
    amount: Decimal
    # [(product_id or None, title, quantity)]
    lines: list[tuple[int | None, str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class OrderFigures:
    order_id: int
    day: date
    email: str
    # False for a voided order: it never became a sale.
    counted: bool
    country: str
    discount_code: str
    gross: Decimal
    discounts: Decimal
    shipping: Decimal
    tax: Decimal
    total: Decimal
    lines: list[LineFigures] = field(default_factory=list)
    # [(name, rate, amount)]
    taxes: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    refunds: list[RefundFigures] = field(default_factory=list)
