"""What a cart costs now: subtotal, discount, shipping, tax and total, in one place.

The cart page's preview and checkout's review and submit all call ``cart_price``, so
the amount a shopper is shown and the amount charged are computed by the same code;
checkout's "did anything change?" compares two results of this function.

Discounts and taxes belong to their own apps (``discounts``, ``taxes``), below this
one; they are reached through ``discount_evaluate`` and ``tax_compute`` below.
Amounts are Decimal in the shop's currency; line totals are exact (price × quantity),
discounts and tax arrive rounded to the currency's minor unit from their apps (the
currency is passed down to them), and nothing is rounded again here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from cart.selectors import CartItem
from discounts.services import discount_evaluate as evaluate
from discounts.types import DiscountInvalid, DiscountLine
from inventory.models import Location
from kernel.money import ZERO
from shops.selectors import shop_currency
from taxes.services import taxes_compute
from taxes.types import TaxableLine


@dataclass(frozen=True)
class TaxShare:
    name: str
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Pricing:
    items: list[CartItem]
    subtotal: Decimal
    discount_code: str = ""
    discount_total: Decimal = ZERO
    discount_error: str = ""
    line_discounts: dict[int, Decimal] = field(default_factory=dict)
    shipping_name: str = ""
    shipping_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    tax_lines: list[TaxShare] = field(default_factory=list)
    line_taxes: dict[int, Decimal] = field(default_factory=dict)
    prices_include_tax: bool = False
    tax_known: bool = False  # False on the cart page when no country is known yet
    total: Decimal = ZERO

    @property
    def requires_shipping(self) -> bool:
        return any(item.variant.requires_shipping for item in self.items)

    @property
    def weight_grams(self) -> int:
        return sum(item.variant.weight_grams * item.quantity for item in self.items)


def cart_price(
    *,
    items: list[CartItem],
    discount_code: str = "",
    email: str = "",
    country: str = "",
    region: str = "",
    shipping_name: str = "",
    shipping_price: Decimal | None = None,
    currency: str | None = None,
) -> Pricing:
    """Price the items in ``currency`` (the shop's by default); a code that does not
    apply is reported, never raised."""
    currency = currency or shop_currency()
    subtotal = sum((item.line_total for item in items), ZERO)
    shipping_total = shipping_price if shipping_price is not None else ZERO
    discount_total, line_discounts, discount_error = ZERO, {}, ""
    if discount_code and items:
        result, discount_error = discount_evaluate(
            code=discount_code,
            items=items,
            email=email,
            shipping_total=shipping_total,
            currency=currency,
        )
        if result is not None:
            # The merchant's spelling ("SPRING10"), whatever the shopper typed.
            discount_code = result.code
            discount_total = result.amount
            line_discounts = dict(result.line_amounts)
            if result.free_shipping:
                shipping_total = ZERO
    tax = None
    if country and items:
        tax = tax_compute(
            country=country,
            region=region,
            items=items,
            line_discounts=line_discounts,
            shipping=shipping_total,
            currency=currency,
        )
    tax_total = tax.total if tax is not None else ZERO
    include = bool(tax is not None and tax.prices_include_tax)
    total = subtotal - discount_total + shipping_total + (ZERO if include else tax_total)
    return Pricing(
        items=items,
        subtotal=subtotal,
        discount_code=discount_code if discount_code and not discount_error else "",
        discount_total=discount_total,
        discount_error=discount_error,
        line_discounts=line_discounts,
        shipping_name=shipping_name,
        shipping_total=shipping_total,
        tax_total=tax_total,
        tax_lines=[TaxShare(t.name, t.rate, t.amount) for t in tax.lines] if tax else [],
        line_taxes=dict(tax.per_line) if tax else {},
        prices_include_tax=include,
        tax_known=tax is not None,
        total=total,
    )


def discount_evaluate(
    *, code: str, items: list[CartItem], email: str, shipping_total: Decimal, currency: str
):
    """``(DiscountResult, "")`` or ``(None, reason)``, through ``discounts.services``."""
    lines = [
        DiscountLine(
            variant_id=item.variant.pk,
            product_id=item.variant.product_id,
            quantity=item.quantity,
            unit_price=item.unit_price,
        )
        for item in items
    ]
    try:
        result = evaluate(
            code=code, lines=lines, email=email, shipping_total=shipping_total, currency=currency
        )
        return result, ""
    except DiscountInvalid as exc:
        return None, exc.reason


def tax_compute(*, country, region, items, line_discounts, shipping, currency):
    """The ``TaxResult`` from ``taxes.services``."""
    lines = [
        TaxableLine(
            key=item.variant.pk,
            amount=item.line_total - line_discounts.get(item.variant.pk, ZERO),
            taxable=item.variant.taxable,
        )
        for item in items
    ]
    return taxes_compute(
        country=country, region=region, lines=lines, shipping=shipping, currency=currency
    )


def tax_estimate_country() -> tuple[str, str]:
    """Where the cart page estimates tax before the shopper gives an address.

    The country of the shop's default location (its home, where most shoppers are),
    with no region; none set means no estimate (the page says "at checkout"). One
    query. ``taxes`` keeps no home country of its own; if it gains one, read it here.
    """
    country = Location.objects.default().values_list("country", flat=True).first() or ""
    return country.upper(), ""
