"""The calls checkout makes into ``shipping`` and ``orders``, each behind one named function.

Those apps were written in parallel against the contracts in their ``types.py``;
importing them here, lazily, kept checkout working (and its tests runnable) while
they landed, and keeps every cross-app call of checkout in one short file to read.
A missing app is a ``CheckoutError`` the shopper reads, never an ImportError page.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from checkout.exceptions import CheckoutError


def shipping_options(
    *, country: str, subtotal: Decimal, weight_grams: int, requires_shipping: bool = True
) -> list:
    """``ShippingQuote``s for the address, cheapest first as the shipping app orders them."""
    try:
        from shipping.selectors import shipping_rates
    except ImportError:
        raise CheckoutError(_("Shipping is not set up in this shop yet.")) from None
    return shipping_rates(
        country=country,
        subtotal=subtotal,
        weight_grams=weight_grams,
        requires_shipping=requires_shipping,
    )


def shipping_option(*, rate_id: int, country: str, subtotal: Decimal, weight_grams: int):
    """The chosen rate priced again now, or None when it no longer serves the address."""
    try:
        from shipping.selectors import shipping_quote
    except ImportError:
        raise CheckoutError(_("Shipping is not set up in this shop yet.")) from None
    return shipping_quote(
        rate_id=rate_id, country=country, subtotal=subtotal, weight_grams=weight_grams
    )


def order_create(*, placed, actor: str):
    """``(Order, created)``: idempotent on ``placed.checkout_token``."""
    from orders.services import order_place

    return order_place(placed=placed, actor=actor)


def order_paid(*, order, amount: Decimal, reference: str, actor: str):
    """The order, now paid (a fresh instance: the one passed in is not updated)."""
    from orders.services import order_mark_paid

    return order_mark_paid(order=order, amount=amount, reference=reference, actor=actor)


def order_by_id(order_id: int):
    from orders.models import Order

    return Order.objects.get(pk=order_id)


def order_by_token(token):
    """The order whose public token this is, or None (a mistyped or foreign link)."""
    from orders.models import Order

    return Order.objects.filter(token=token).first()


def discount_use(*, code: str, email: str, order_id: int) -> None:
    from discounts.services import discount_redeem

    discount_redeem(code=code, email=email, order_id=order_id)
