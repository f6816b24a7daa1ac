"""The tax a new shop starts with, by the country it sells from.

Standard rates of value-added and goods-and-services taxes, as published by each
country's tax authority (2025). Only countries with one national rate are listed:
where tax depends on the state or province (United States, Canada, India, Brazil…)
a new shop gets no rate, and the admin says that no tax is configured. Consumer
prices include these taxes in every listed country, so the shop starts with
"prices include tax" on. The merchant reviews both in Settings → Taxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class TaxDefault:
    name: str  # shown on receipts
    rate: Decimal
    prices_include_tax: bool = True


def _vat(percent: str, name: str = "VAT") -> TaxDefault:
    return TaxDefault(name=name, rate=Decimal(percent) / 100)


STANDARD_RATES: dict[str, TaxDefault] = {
    # European Union
    "AT": _vat("20", "USt."),
    "BE": _vat("21", "BTW/TVA"),
    "BG": _vat("20", "ДДС"),
    "HR": _vat("25", "PDV"),
    "CY": _vat("19"),
    "CZ": _vat("21", "DPH"),
    "DK": _vat("25", "moms"),
    "EE": _vat("24", "km"),
    "FI": _vat("25.5", "ALV"),
    "FR": _vat("20", "TVA"),
    "DE": _vat("19", "MwSt."),
    "GR": _vat("24", "ΦΠΑ"),
    "HU": _vat("27", "ÁFA"),
    "IE": _vat("23"),
    "IT": _vat("22", "IVA"),
    "LV": _vat("21", "PVN"),
    "LT": _vat("21", "PVM"),
    "LU": _vat("17", "TVA"),
    "MT": _vat("18"),
    "NL": _vat("21", "btw"),
    "PL": _vat("23", "VAT"),
    "PT": _vat("23", "IVA"),
    "RO": _vat("21", "TVA"),
    "SK": _vat("23", "DPH"),
    "SI": _vat("22", "DDV"),
    "ES": _vat("21", "IVA"),
    "SE": _vat("25", "moms"),
    # Elsewhere in Europe
    "GB": _vat("20"),
    "NO": _vat("25", "MVA"),
    "CH": _vat("8.1", "MWST"),
    "IS": _vat("24", "VSK"),
    "RS": _vat("20", "PDV"),
    "UA": _vat("20", "ПДВ"),
    "TR": _vat("20", "KDV"),
    # Rest of the world
    "AU": _vat("10", "GST"),
    "NZ": _vat("15", "GST"),
    "SG": _vat("9", "GST"),
    "JP": _vat("10", "Consumption tax"),
    "KR": _vat("10"),
    "ZA": _vat("15"),
    "MX": _vat("16", "IVA"),
    "AE": _vat("5"),
    "SA": _vat("15"),
    "IL": _vat("18", "VAT"),
    "TH": _vat("7"),
}


def tax_default_for(country: str) -> TaxDefault | None:
    return STANDARD_RATES.get((country or "").upper())
