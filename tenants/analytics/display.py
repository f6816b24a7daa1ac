"""How a report's values are shown on the page and written to CSV.

On the page, money goes through the kernel's babel display in the shop's currency;
in CSV, amounts stay plain numbers (a spreadsheet sums them) and text that a
spreadsheet would run as a formula is prefixed with a quote (CSV injection: a
discount code or a product title can be typed as ``=HYPERLINK(…)``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from analytics.reports import COUNTRY, DAY, MONEY, PERCENT, TEXT
from countries import COUNTRIES
from kernel.money import money_format

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def country_name(code: str) -> str:
    if not code:
        return _("No country")
    return str(COUNTRIES.get(code, code))


def cell_display(value, kind: str, *, currency: str, monthly: bool = False) -> str:
    if kind == MONEY:
        return money_format(value or 0, currency)
    if kind == DAY and isinstance(value, date):
        return formats.date_format(value, "F Y" if monthly else "D j M Y")
    if kind == COUNTRY:
        return country_name(value)
    if kind == PERCENT:
        return f"{(Decimal(value) * 100).normalize():f} %"
    if kind == TEXT:
        return value or _("(untitled)")
    return formats.number_format(value or 0, use_l10n=True, force_grouping=True)


def cell_csv(value, kind: str, *, monthly: bool = False) -> str:
    if kind == DAY and isinstance(value, date):
        return value.strftime("%Y-%m") if monthly else value.isoformat()
    if kind == COUNTRY:
        text = country_name(value)
    elif kind in (TEXT,):
        text = str(value or "")
    else:
        return str(value if value is not None else 0)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
