"""What shipping costs for a cart: checkout's reads.

Both functions take the subtotal checkout decides on (Shopify uses the cart after
discounts) and the parcel's weight in grams, and cost one query. Prices are stored
to the cent and returned as stored; nothing is computed, so nothing is rounded.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from kernel.countries import country_name
from kernel.money import ZERO
from shipping.models import ShippingRate, ShippingZone
from shipping.types import ShippingQuote


def rate_price(rate: ShippingRate, *, subtotal: Decimal, weight_grams: int) -> Decimal | None:
    """What ``rate`` costs for this cart, or None when it does not apply."""
    if rate.kind == ShippingRate.Kind.FREE_OVER:
        return ZERO if subtotal >= rate.min_subtotal else rate.price
    if rate.kind == ShippingRate.Kind.BY_WEIGHT:
        if weight_grams < (rate.min_weight_grams or 0):
            return None
        if rate.max_weight_grams is not None and weight_grams > rate.max_weight_grams:
            return None
    return rate.price


def _check(subtotal, weight_grams) -> None:
    if subtotal < 0 or weight_grams < 0:
        raise ValueError("subtotal and weight cannot be negative")


def _rates_to(country: str):
    """The rates of the zone that lists ``country``, else of the rest-of-world zone
    (if the shop has one): one query, the "listed anywhere?" test a subquery."""
    code = [country.strip().upper()]
    listed = ShippingZone.objects.filter(countries__contains=code)
    return ShippingRate.objects.annotate(unlisted=~Exists(listed)).filter(
        Q(zone__countries__contains=code) | Q(zone__rest_of_world=True, unlisted=True)
    )


def _quote(rate: ShippingRate, price: Decimal) -> ShippingQuote:
    return ShippingQuote(rate_id=rate.pk, name=rate.name, price=price)


def shipping_rates(
    *, country: str, subtotal: Decimal, weight_grams: int, requires_shipping: bool = True
) -> list[ShippingQuote]:
    """The rates a shopper may choose, cheapest first.

    Empty when the shop does not ship to ``country`` (checkout then says so), and
    also when nothing in the cart needs shipping: checkout asks for no method then.
    """
    _check(subtotal, weight_grams)
    if not requires_shipping:
        return []
    quotes = []
    for rate in _rates_to(country):
        price = rate_price(rate, subtotal=subtotal, weight_grams=weight_grams)
        if price is not None:
            quotes.append((price, rate.name, rate.pk, _quote(rate, price)))
    return [q for *_key, q in sorted(quotes, key=lambda item: item[:3])]


def shipping_quote(
    *, rate_id: int, country: str, subtotal: Decimal, weight_grams: int
) -> ShippingQuote | None:
    """The chosen rate's price now, or None if it no longer applies to this cart or
    address (deleted, moved to another zone, weight or subtotal changed)."""
    _check(subtotal, weight_grams)
    rate = _rates_to(country).filter(pk=rate_id).first()
    if rate is None:
        return None
    price = rate_price(rate, subtotal=subtotal, weight_grams=weight_grams)
    return None if price is None else _quote(rate, price)


def unshippable_message(country: str) -> str:
    """What checkout shows when ``shipping_rates`` is empty for a cart that needs it."""
    code = country.strip().upper()
    return _("We don’t ship to %(country)s.") % {"country": country_name(code)}
