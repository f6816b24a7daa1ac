"""Money and time as the API writes them: decimal strings in the shop's currency's
minor units, ISO 8601 in UTC."""

from __future__ import annotations

from decimal import Decimal

from kernel.money import money_round


def amount(value: Decimal | None, currency: str) -> str | None:
    if value is None:
        return None
    return str(money_round(value, currency))
