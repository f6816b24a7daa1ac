"""The contract between checkout and ``taxes.services.taxes_compute``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class TaxableLine:
    key: int  # the variant id: results are keyed by it
    amount: Decimal  # line total after its discount
    taxable: bool = True


@dataclass(frozen=True)
class TaxLine:
    name: str
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class TaxResult:
    lines: list[TaxLine]  # one per rate applied (country, region)
    total: Decimal
    per_line: dict[int, Decimal] = field(default_factory=dict)  # key -> tax on that line
    shipping_tax: Decimal = Decimal("0.00")
    prices_include_tax: bool = False
