"""``{% load money %}``: ``{{ amount|money:currency }}`` shows an amount through
``kernel.money.money_format`` in the active language; ``{% money amount currency
locale %}`` names the locale (a market's language, later a shop's own)."""

from __future__ import annotations

from django import template

from kernel.money import money_format

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency: str) -> str:
    return money_format(amount, currency)


@register.simple_tag(name="money")
def money_tag(amount, currency: str, locale: str | None = None) -> str:
    return money_format(amount, currency, locale)
