"""Checkout tests run inside shop A's schema, with shipping to France and Spain and 20 % VAT."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from cart.services import cart_add, cart_create
from checkout.models import CheckoutSession
from checkout.services import (
    checkout_for_cart,
    checkout_review,
    checkout_set_address,
    checkout_set_contact,
    checkout_set_shipping,
)
from shipping.models import ShippingRate, ShippingZone
from shipping.services import shipping_zone_create, shipping_zone_delete
from taxes.services import tax_rate_create
from tests.cart.builders import variant
from tests.payments.conftest import localstripe, stripe_api, stripe_provider  # noqa: F401

ADDRESS = {
    "name": "Ana Lima",
    "line1": "1 rue de Rivoli",
    "city": "Paris",
    "postal_code": "75001",
    "country": "FR",
}
CARD_OK = {"number": "4242424242424242", "name": "Ana Lima", "expiry": "12/40", "cvc": "123"}


def shop_setup() -> dict:
    """Rates and taxes every checkout test starts from (call inside the shop's schema),
    in place of the zones a shop starts with (domestic, rest of world): tests of those
    are in tests/shops/test_ready_to_sell.py."""
    for zone in ShippingZone.objects.all():
        shipping_zone_delete(zone=zone)
    shipping_zone_create(
        name="Europe",
        countries=["FR", "ES"],
        rates=[{"name": "Standard", "price": Decimal("5.00")}],
    )
    tax_rate_create(country="FR", name="TVA", rate=Decimal("0.2000"))
    return {"rate_id": ShippingRate.objects.get().pk}


def ready_checkout(*, price="10.00", quantity=2, stock=10, discount_code="") -> CheckoutSession:
    """A reviewed checkout of one line, ready to pay."""
    rate_id = ShippingRate.objects.values_list("pk", flat=True).get()
    cart = cart_create()
    item = variant(title="Blue mug", price=price, stock=stock)
    cart_add(cart=cart, variant_id=item.pk, quantity=quantity)
    if discount_code:
        cart.discount_code = discount_code
        cart.save()
    session = checkout_for_cart(cart=cart)
    checkout_set_contact(session=session, email="ana@example.com")
    checkout_set_address(session=session, address=ADDRESS)
    checkout_set_shipping(session=session, rate_id=rate_id)
    checkout_review(session=session)
    session.refresh_from_db()
    return session


@pytest.fixture
def shop(shop_a):
    with schema_context(shop_a.schema_name):
        shop_setup()
        yield shop_a
