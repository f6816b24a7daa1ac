"""What a new shop ships at before the merchant changes anything: a flat rate at
home and a dearer one to the rest of the world, in the shop's currency.

Amounts are round numbers a shop in that currency would plausibly charge; a currency
not listed gets 5 and 15 of its units. They are a starting point that lets the shop
take orders on day one; the admin's setup guide asks the merchant to review them.
"""

from __future__ import annotations

from decimal import Decimal

# currency: (domestic, rest of world)
FLAT_RATES: dict[str, tuple[str, str]] = {
    "USD": ("5", "15"),
    "EUR": ("5", "15"),
    "GBP": ("4", "12"),
    "CHF": ("7", "20"),
    "CAD": ("8", "20"),
    "AUD": ("10", "25"),
    "NZD": ("10", "25"),
    "SGD": ("6", "20"),
    "HKD": ("40", "120"),
    "JPY": ("800", "2500"),
    "KRW": ("4000", "20000"),
    "CNY": ("20", "100"),
    "INR": ("99", "1499"),
    "SEK": ("59", "199"),
    "NOK": ("79", "249"),
    "DKK": ("49", "149"),
    "ISK": ("990", "2990"),
    "PLN": ("15", "60"),
    "CZK": ("99", "399"),
    "HUF": ("1500", "5000"),
    "RON": ("20", "75"),
    "BGN": ("10", "30"),
    "TRY": ("150", "600"),
    "MXN": ("99", "349"),
    "BRL": ("20", "80"),
    "ZAR": ("99", "399"),
    "AED": ("20", "60"),
    "SAR": ("20", "60"),
    "ILS": ("20", "60"),
    "THB": ("50", "500"),
}
DEFAULT_RATES = ("5", "15")


def flat_rates_for(currency: str) -> tuple[Decimal, Decimal]:
    domestic, world = FLAT_RATES.get((currency or "").upper(), DEFAULT_RATES)
    return Decimal(domestic), Decimal(world)
