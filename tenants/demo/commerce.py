"""Demo commerce for `make run`: a discount code, shipping, taxes and a few orders.

Orders are placed through the real checkout (cart, stock reservation, pricing, test
gateway, order placing), then moved along with the order services, so a newcomer's
admin shows orders as a real shop would have them: paid and waiting, shipped,
partly refunded, cancelled. Each function skips what already exists.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from cart.services import cart_add, cart_create, cart_set_discount_code
from catalog.models import Product
from checkout.services.placing import checkout_place_order
from checkout.services.steps import (
    checkout_for_cart,
    checkout_review,
    checkout_set_address,
    checkout_set_contact,
    checkout_set_shipping,
    checkout_shipping_options,
)
from discounts.models import DiscountCode
from discounts.services import discount_code_create
from inventory.selectors import available_quantities
from orders.models import Order
from orders.services import order_cancel, order_fulfil, order_refund
from shipping.models import ShippingZone
from shipping.services import shipping_zone_create
from taxes.models import TaxRate
from taxes.services import tax_rate_create

DEMO_CODE = "WELCOME10"
APPROVED_CARD = {
    "number": "4242424242424242",
    "name": "Demo Shopper",
    "expiry": "12/30",
    "cvc": "123",
}
SHOPPERS = [
    ("Amira Haddad", "amira@example.com", "12 Rue des Lilas", "Paris", "75011", "FR"),
    ("Jonas Berg", "jonas@example.com", "Kastanienallee 8", "Berlin", "10435", "DE"),
    ("Maya Collins", "maya@example.com", "40 Elm Street", "Portland", "97205", "US", "OR"),
    ("Tom Reilly", "tom@example.com", "3 Harbour Row", "Cork", "T12 X2Y3", "IE"),
]


def seed_discounts() -> int:
    if DiscountCode.objects.filter(code=DEMO_CODE).exists():
        return 0
    discount_code_create(code=DEMO_CODE, kind=DiscountCode.Kind.PERCENTAGE, value=Decimal(10))
    discount_code_create(
        code="FREESHIP", kind=DiscountCode.Kind.FREE_SHIPPING, minimum_subtotal=Decimal(40)
    )
    return 2


def seed_shipping() -> int:
    """Zones beside the ones every shop starts with (its own country at a flat rate,
    the rest of the world)."""
    if ShippingZone.objects.filter(name="Europe").exists():
        return 0
    shipping_zone_create(
        name="Europe",
        countries=["FR", "DE", "IE", "NL", "BE", "ES", "IT", "GB"],
        rates=[
            {
                "name": "Standard (3–5 days)",
                "price": Decimal("6.00"),
                "kind": "free_over",
                "min_subtotal": Decimal("75.00"),
            },
            {"name": "Express (1–2 days)", "price": Decimal("14.00")},
        ],
    )
    shipping_zone_create(
        name="Canada",
        countries=["CA"],
        rates=[{"name": "International", "price": Decimal("18.00")}],
    )
    return 2


def seed_taxes() -> int:
    if TaxRate.objects.exists():
        return 0
    for country, name, rate in [
        ("FR", "TVA", "0.2000"),
        ("DE", "MwSt", "0.1900"),
        ("IE", "VAT", "0.2300"),
        ("GB", "VAT", "0.2000"),
    ]:
        tax_rate_create(country=country, name=name, rate=Decimal(rate))
    return 4


def _place(shopper, variants, code: str = "") -> Order | None:
    name, email, line1, city, postal_code, country, *region = shopper
    cart = cart_create()
    for variant, quantity in variants:
        cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    if code:
        cart_set_discount_code(cart=cart, code=code)
    session = checkout_for_cart(cart=cart)
    checkout_set_contact(session=session, email=email)
    checkout_set_address(
        session=session,
        address={
            "name": name,
            "line1": line1,
            "city": city,
            "postal_code": postal_code,
            "country": country,
            "region": region[0] if region else "",
        },
    )
    options = checkout_shipping_options(session=session)
    checkout_set_shipping(session=session, rate_id=options[0].rate_id)
    checkout_review(session=session)
    result = checkout_place_order(session=session, card=APPROVED_CARD)
    return result.order


@transaction.atomic
def seed_orders() -> int:
    """Four orders in different states; none when the shop already has orders."""
    if Order.objects.exists():
        return 0
    products = list(Product.objects.active().prefetch_related("variants").order_by("id")[:8])
    variants = [p.variants.all()[0] for p in products]
    available = available_quantities(variants)
    variants = [v for v in variants if available.get(v.pk, 0) >= 2]
    if len(variants) < 4:
        return 0
    actor = "demo"
    waiting = _place(SHOPPERS[0], [(variants[0], 1), (variants[1], 2)], code=DEMO_CODE)
    shipped = _place(SHOPPERS[1], [(variants[2], 1)])
    refunded = _place(SHOPPERS[2], [(variants[3], 2)])
    cancelled = _place(SHOPPERS[3], [(variants[1], 1)])
    order_fulfil(
        order=shipped,
        lines=None,
        carrier="DHL",
        tracking_number="JD014600003828",
        notify=False,
        actor=actor,
    )
    order_fulfil(
        order=refunded,
        lines=None,
        carrier="UPS",
        tracking_number="1Z999AA10123456784",
        notify=False,
        actor=actor,
    )
    line = refunded.lines.first()
    order_refund(
        order=refunded,
        lines={line.pk: 1},
        restock=True,
        reason="One item arrived damaged",
        actor=actor,
    )
    order_cancel(order=cancelled, reason="Customer changed their mind", restock=True, actor=actor)
    return len([o for o in (waiting, shipped, refunded, cancelled) if o])
