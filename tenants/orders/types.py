"""What checkout hands to ``orders.services.order_place`` (the contract between them).

Checkout computes every amount (Decimal, in the shop's currency, rounded to cents once
in ``taxes``/``discounts``); orders stores them as given, so an order always shows what
the shopper confirmed, whatever the catalog says later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class PlacedLine:
    variant_id: int | None
    product_title: str
    variant_title: str
    sku: str
    quantity: int
    unit_price: Decimal  # before discounts, as displayed (tax-inclusive if the shop is)
    line_discount: Decimal = Decimal("0.00")  # total for the line
    tax_amount: Decimal = Decimal("0.00")  # total for the line
    requires_shipping: bool = True


@dataclass(frozen=True)
class PlacedTaxLine:
    name: str  # e.g. "VAT 20%"
    rate: Decimal  # 0.2000
    amount: Decimal


@dataclass(frozen=True)
class OrderTotals:
    subtotal: Decimal  # sum of quantity * unit_price
    discount_total: Decimal
    shipping_total: Decimal
    tax_total: Decimal  # included in total only when prices exclude tax
    total: Decimal  # what the shopper pays
    prices_include_tax: bool = False


@dataclass(frozen=True)
class Address:
    name: str
    line1: str
    city: str
    postal_code: str
    country: str  # ISO 3166-1 alpha-2
    line2: str = ""
    region: str = ""  # state / province code where the country needs one
    phone: str = ""
    company: str = ""

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class PlacedOrder:
    """Everything needed to write one order; ``checkout_token`` makes placing idempotent."""

    checkout_token: str
    email: str
    currency: str
    lines: list[PlacedLine]
    totals: OrderTotals
    shipping_address: Address | None
    billing_address: Address | None = None
    shipping_method_name: str = ""
    tax_lines: list[PlacedTaxLine] = field(default_factory=list)
    discount_code: str = ""
    customer_id: int | None = None
    note: str = ""
    # Paid through the test gateway (no money moved): the order is marked as a test.
    test: bool = False
    # Who ships and who invoices ("merchant" or "platform"): the POP fulfilment
    # models in ARCHITECTURE.md. Optional; every order is the merchant's today.
    fulfilment_party: str = "merchant"
    invoicing_party: str = "merchant"
