"""What a draft order costs: the merchant's prices, and tax for where it goes.

The lines, the discount and the shipping charge are the merchant's and are not
recomputed from the catalog. Tax is the one amount computed here, by the shop's own
tax rules (``taxes.services.taxes_compute``), for the country the order is shipped to:
the admin shows it for the draft's address (or none yet), the invoice's checkout for
the address the customer confirms. The discount is spread over the lines in
proportion to their amounts before tax is computed, as checkout does for codes.

The result has the attribute names of ``cart.pricing.Pricing`` so checkout's review
page and its "did anything change?" check read a draft like a cart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from discounts.allocation import allocate
from kernel.money import ZERO
from orders.draft_models import DraftOrder, DraftOrderLine
from taxes.services import taxes_compute
from taxes.types import TaxableLine


@dataclass(frozen=True)
class DraftItem:
    line: DraftOrderLine

    @property
    def key(self) -> str:
        return f"draft-line-{self.line.pk}"

    @property
    def name(self) -> str:
        return self.line.title

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def unit_price(self) -> Decimal:
        return self.line.unit_price

    @property
    def line_total(self) -> Decimal:
        return self.line.line_total


@dataclass(frozen=True)
class DraftTaxShare:
    name: str
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class DraftPricing:
    items: list[DraftItem]
    subtotal: Decimal
    discount_total: Decimal = ZERO
    discount_code: str = ""  # the discount's reason, shown where a code would be
    discount_error: str = ""
    line_discounts: dict[int, Decimal] = field(default_factory=dict)  # by line id
    shipping_name: str = ""
    shipping_total: Decimal = ZERO
    tax_total: Decimal = ZERO
    tax_lines: list[DraftTaxShare] = field(default_factory=list)
    line_taxes: dict[int, Decimal] = field(default_factory=dict)  # by line id
    prices_include_tax: bool = False
    tax_known: bool = False
    total: Decimal = ZERO

    @property
    def requires_shipping(self) -> bool:
        return any(item.line.requires_shipping for item in self.items)


def draft_price(
    draft: DraftOrder, *, lines: list[DraftOrderLine] | None = None, country: str = "", region=""
) -> DraftPricing:
    """The draft's amounts; tax only when ``country`` is known (else ``tax_known`` False)."""
    lines = list(draft.lines.all()) if lines is None else lines
    items = [DraftItem(line) for line in lines]
    subtotal = sum((line.line_total for line in lines), ZERO)
    discount = min(draft.discount_amount, subtotal)
    shares = (
        allocate(discount, [line.line_total for line in lines], currency=draft.currency)
        if lines
        else []
    )
    line_discounts = {line.pk: share for line, share in zip(lines, shares, strict=True)}
    shipping = draft.shipping_price if any(line.requires_shipping for line in lines) else ZERO
    tax = None
    if country and lines:
        tax = taxes_compute(
            country=country,
            region=region or "",
            lines=[
                TaxableLine(
                    key=line.pk,
                    amount=line.line_total - line_discounts[line.pk],
                    taxable=line.taxable,
                )
                for line in lines
            ],
            shipping=shipping,
            currency=draft.currency,
        )
    tax_total = tax.total if tax is not None else ZERO
    include = bool(tax is not None and tax.prices_include_tax)
    return DraftPricing(
        items=items,
        subtotal=subtotal,
        discount_total=discount,
        discount_code=draft.discount_reason if discount else "",
        line_discounts=line_discounts,
        shipping_name=draft.shipping_name,
        shipping_total=shipping,
        tax_total=tax_total,
        tax_lines=[DraftTaxShare(t.name, t.rate, t.amount) for t in tax.lines] if tax else [],
        line_taxes=dict(tax.per_line) if tax else {},
        prices_include_tax=include,
        tax_known=tax is not None,
        total=subtotal - discount + shipping + (ZERO if include else tax_total),
    )
